import { Queue } from "bullmq";
import type { Database } from "@yanxiu/db/client";
import type { Redis } from "@yanxiu/services/redis";
import { reconcileRollups } from "@yanxiu/services/rollups";
import { scheduleAnnualReports } from "@yanxiu/services/reports";
import { annualReportScheduleJob, rollupJob } from "@yanxiu/domain/jobs";
import type { Job } from "bullmq";
import type { TWorkerDeps } from "./deps.ts";
import { handler, type Log } from "./handlers.ts";

/**
 * Reconciles one tenant's org rollups (nightly, or asked for with "立即重新计算"): compares what awards moved
 * during the day with a full computation from the ledger, logs any drift, and rebuilds them for today. The
 * report is the job's return value and an audit event (rollups.reconcile).
 */
export function createRollupHandler(deps: TWorkerDeps) {
  const reconcile = handler(rollupJob, deps, async (p) => {
    const run = await reconcileRollups({ db: deps.db, tenantId: p.tenantId });
    if (!run.zero) deps.log(`rollup reconcile ${p.tenantId}: DRIFT ${JSON.stringify(run.drift)}`);
    return { asOf: run.asOf, units: run.units, zero: run.zero, drift: run.drift, statusesRecomputed: run.statusesRecomputed, paceHistory: run.paceHistory };
  });
  // The year-end report schedule (decision 038): one service call; once-only is the service's unique key.
  const reports = handler(annualReportScheduleJob, deps, (p) => scheduleAnnualReports({ db: deps.db, producer: deps.producer, tenantId: p.tenantId }));
  return (job: Job) => (job.name === annualReportScheduleJob.name ? reports(job) : reconcile(job));
}

/** The job scheduler id of a tenant's daily year-end report check. */
export const annualReportSchedulerId = (tenantId: string) => `annual-report-${tenantId}`;

/** The job scheduler id of a tenant's repeatable rollup (one per tenant, whatever the number of workers). */
export const rollupSchedulerId = (tenantId: string) => `rollup-${tenantId}`;

/**
 * Keeps one BullMQ job scheduler per active tenant on the rollups queue (upsert is idempotent, so every
 * worker process may do it), and removes those of suspended tenants. Runs at start and again every
 * period, which picks up tenants created since. `tenantIds` narrows it to some tenants (tests only).
 */
export function startRollupScheduling(opts: { db: Database; redis: Redis; prefix: string; log: Log; cron: string; reportCron?: string; everyMs?: number; tenantIds?: ReadonlySet<string> }) {
  const repeat = opts.everyMs ? { every: opts.everyMs } : { pattern: opts.cron, tz: "Asia/Shanghai" };
  // New tenants get their scheduler within this long.
  const syncMs = opts.everyMs ?? 10 * 60_000;
  const queue = new Queue(rollupJob.queue, { connection: opts.redis, prefix: opts.prefix });
  const sync = async () => {
    // A test's worker on the shared test database schedules only its own tenants (hundreds of other tests'
    // tenants, each every few seconds, would keep the one rollup consumer busy for minutes).
    const tenants = (await opts.db.listTenants()).filter((t) => !opts.tenantIds || opts.tenantIds.has(t.id));
    for (const t of tenants) {
      if (t.status !== "active") {
        await queue.removeJobScheduler(rollupSchedulerId(t.id));
        await queue.removeJobScheduler(annualReportSchedulerId(t.id));
        continue;
      }
      // Daily in China time, never on the test period: it only acts from a day of January on (decision 038).
      if (opts.reportCron)
        await queue.upsertJobScheduler(
          annualReportSchedulerId(t.id),
          { pattern: opts.reportCron, tz: "Asia/Shanghai" },
          { name: annualReportScheduleJob.name, data: annualReportScheduleJob.payload.parse({ v: 1, tenantId: t.id }), opts: { attempts: 3, backoff: { type: "exponential", delay: 5000 }, removeOnComplete: 100, removeOnFail: 500 } },
        );
      await queue.upsertJobScheduler(
        rollupSchedulerId(t.id),
        repeat,
        { name: rollupJob.name, data: rollupJob.payload.parse({ v: 1, tenantId: t.id }), opts: { attempts: 3, backoff: { type: "exponential", delay: 5000 }, removeOnComplete: 100, removeOnFail: 500 } },
      );
    }
    return tenants.length;
  };
  const run = () =>
    sync().catch((e: Error) => {
      opts.log(`rollup scheduling: ${e.message}`);
    });
  const ready = run();
  const timer = setInterval(() => void run(), syncMs);
  timer.unref();
  return {
    /** Resolves once the first pass is done (tests wait on it). */
    ready,
    async close() {
      clearInterval(timer);
      await ready;
      await queue.close();
    },
  };
}
