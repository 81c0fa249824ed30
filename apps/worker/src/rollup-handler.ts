import { Queue } from "bullmq";
import type { Database } from "@yanxiu/db/client";
import type { Redis } from "@yanxiu/services/redis";
import { computeRollups } from "@yanxiu/services/rollups";
import { rollupJob } from "@yanxiu/domain/jobs";
import type { TWorkerDeps } from "./deps.ts";
import { handler, type Log } from "./handlers.ts";

/** Rebuilds one tenant's org rollups (scheduled, or asked for with "立即重新计算"). */
export function createRollupHandler(deps: TWorkerDeps) {
  return handler(rollupJob, deps, (p) => computeRollups({ db: deps.db, tenantId: p.tenantId }));
}

/** The job scheduler id of a tenant's repeatable rollup (one per tenant, whatever the number of workers). */
export const rollupSchedulerId = (tenantId: string) => `rollup-${tenantId}`;

/**
 * Keeps one BullMQ job scheduler per active tenant on the rollups queue (upsert is idempotent, so every
 * worker process may do it), and removes those of suspended tenants. Runs at start and again every
 * period, which picks up tenants created since.
 */
export function startRollupScheduling(opts: { db: Database; redis: Redis; prefix: string; log: Log; everyMs: number }) {
  const { everyMs } = opts;
  const queue = new Queue(rollupJob.queue, { connection: opts.redis, prefix: opts.prefix });
  const sync = async () => {
    const tenants = await opts.db.listTenants();
    for (const t of tenants) {
      if (t.status !== "active") {
        await queue.removeJobScheduler(rollupSchedulerId(t.id));
        continue;
      }
      await queue.upsertJobScheduler(
        rollupSchedulerId(t.id),
        { every: everyMs },
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
  const timer = setInterval(() => void run(), everyMs);
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
