import http from "node:http";
import { Worker } from "bullmq";
import { createDatabase, type Database } from "@yanxiu/db/client";
import { healthzHandler } from "@yanxiu/services/lifecycle";
import { assertNoEviction, createRedis, type Redis } from "@yanxiu/services/redis";
import { queues } from "@yanxiu/domain/jobs";
import type { TWorkerEnv } from "./env.ts";
import { createFileStore } from "@yanxiu/services/files";
import { idNumberHasher } from "@yanxiu/services/imports";
import { createAuditHandler, createExportHandler, createImportHandler, createProjectCreditsHandler } from "./handlers.ts";
import { createProducer } from "@yanxiu/services/queue";
import { createCertificateHandler } from "./certificate-handler.ts";
import { createProgressHandler } from "./progress-handler.ts";
import { startRollupFolding } from "./rollup-folding.ts";
import { startReportReminders } from "./report-reminders.ts";
import { createRollupHandler, startRollupScheduling } from "./rollup-handler.ts";
import { enqueuePendingCertificates } from "@yanxiu/services/completion";
import { enqueueUnfinishedProjectCredits } from "@yanxiu/services/projects";
import { createFederationHandler, startFederationSweep } from "./federation-handler.ts";

export type RunningWorker = {
  healthPort: number;
  close(): Promise<void>;
  db: Database;
  redis: Redis;
  /** Resolves with the number of tenants once the first pass of rollup scheduling is done. */
  rollupsScheduled: Promise<number | void>;
};

/** Starts the queue consumers and the health endpoint. Refuses to start on a Redis that may evict keys. */
export async function startWorker(
  env: TWorkerEnv,
  log = (m: string) => console.log(`[worker] ${m}`),
  opts: { rollupTenantIds?: ReadonlySet<string> } = {},
): Promise<RunningWorker> {
  // BullMQ blocks on Redis; its connection must retry forever instead of failing requests.
  const redis = createRedis(env.REDIS_URL, { maxRetriesPerRequest: null });
  redis.on("error", (e) => log(`redis error: ${e.message}`));
  try {
    await assertNoEviction(redis);
  } catch (e) {
    redis.disconnect();
    throw e;
  }
  const db = createDatabase(env.DATABASE_URL, { appName: "yanxiu-worker" });

  const files = createFileStore(env.FILE_STORE_DIR);
  // Jobs that start other jobs (a completion queues its certificate) add them through this producer.
  const producer = createProducer(redis.duplicate(), { prefix: env.QUEUE_PREFIX });
  const deps = { db, files, producer, redis, log };
  const workers = [
    new Worker(queues.audit, createAuditHandler({ db, log }), { connection: redis.duplicate(), concurrency: env.WORKER_CONCURRENCY, prefix: env.QUEUE_PREFIX }),
    // Imports are long and write a lot: two at a time per process is plenty.
    new Worker(queues.imports, createImportHandler({ db, files, log, idNumbers: env.ID_NUMBER_KEY ? idNumberHasher(env.ID_NUMBER_KEY) : null }), { connection: redis.duplicate(), concurrency: 2, prefix: env.QUEUE_PREFIX, lockDuration: 120_000 }),
    new Worker(queues.exports, createExportHandler({ db, files, log }), { connection: redis.duplicate(), concurrency: 2, prefix: env.QUEUE_PREFIX, lockDuration: 120_000 }),
    // A job that stalls because its process was killed is simply run again (processing is idempotent), so
    // it may stall several times before BullMQ gives up on it.
    new Worker(queues.progress, createProgressHandler(deps, { maxBatch: env.PROGRESS_BATCH_MAX, maxInFlight: env.PROGRESS_BATCHES_IN_FLIGHT }), {
      connection: redis.duplicate(),
      concurrency: env.PROGRESS_CONCURRENCY,
      prefix: env.QUEUE_PREFIX,
      lockDuration: env.PROGRESS_LOCK_MS,
      stalledInterval: env.PROGRESS_STALLED_MS,
      maxStalledCount: 10,
    }),
    new Worker(queues.certificates, createCertificateHandler({ ...deps, publicUrlTemplate: env.PUBLIC_URL_TEMPLATE }), { connection: redis.duplicate(), concurrency: env.CERTIFICATE_CONCURRENCY, prefix: env.QUEUE_PREFIX }),
    // A project's 学时 are written in batches of one transaction each; a long job holds its lock this long.
    new Worker(queues.projects, createProjectCreditsHandler({ db, log }), { connection: redis.duplicate(), concurrency: 1, prefix: env.QUEUE_PREFIX, lockDuration: 300_000 }),
    new Worker(queues.rollups, createRollupHandler(deps), { connection: redis.duplicate(), concurrency: 1, prefix: env.QUEUE_PREFIX, lockDuration: 300_000 }),
    // Deliveries are idempotent by the receiver's inbox: one whose worker died is simply run again.
    new Worker(queues.federation, createFederationHandler({ db, log }), {
      connection: redis.duplicate(),
      concurrency: env.WORKER_CONCURRENCY,
      prefix: env.QUEUE_PREFIX,
      lockDuration: env.FEDERATION_LOCK_MS,
      stalledInterval: env.FEDERATION_STALLED_MS,
      maxStalledCount: 10,
    }),
  ];
  for (const w of workers) {
    w.on("error", (e) => log(`queue error: ${e.message}`));
    w.on("failed", (job, e) => log(`failed ${job?.name} ${job?.id}: ${e.message}`));
  }

  // Certificates whose job was never enqueued (a crash right after the completion committed): at start
  // and every minute.
  const sweepCertificates = () =>
    enqueuePendingCertificates({ db, producer }).then(
      (n) => n > 0 && log(`enqueued ${n} pending certificate(s)`),
      (e: Error) => log(`pending certificates: ${e.message}`),
    );
  void sweepCertificates();
  const certificateSweep = setInterval(() => void sweepCertificates(), 60_000);
  certificateSweep.unref();

  // Federation messages whose delivery job was never enqueued (a crash right after the sender's commit).
  const stopFederationSweep = startFederationSweep({ db, producer, log }, { everyMs: env.FEDERATION_SWEEP_MS, olderThanSeconds: env.FEDERATION_SWEEP_AGE_S });

  // Project 学时 confirmations whose job was lost (a crash or Redis away right after 确认): queued again once
  // they are PROJECT_CREDITS_SWEEP_AGE_S old and still unfinished; the page's 继续发放 stays for the impatient.
  const sweepProjectCredits = () =>
    enqueueUnfinishedProjectCredits({ db, producer, olderThanSeconds: env.PROJECT_CREDITS_SWEEP_AGE_S }).then(
      (q) => q.length > 0 && log(`re-enqueued 学时 writing for ${q.length} project(s)`),
      (e: Error) => log(`project credits sweep: ${e.message}`),
    );
  const projectCreditsSweep = setInterval(() => void sweepProjectCredits(), env.PROJECT_CREDITS_SWEEP_MS);
  projectCreditsSweep.unref();

  // Every active tenant's rollups are reconciled nightly on a repeatable job (one job scheduler per tenant).
  const schedulerRedis = redis.duplicate();
  const rollupScheduling = startRollupScheduling({ db, redis: schedulerRedis, prefix: env.QUEUE_PREFIX, log, cron: env.ROLLUP_CRON, reportCron: env.ANNUAL_REPORT_CRON, everyMs: env.ROLLUP_EVERY_MS, tenantIds: opts.rollupTenantIds });

  // What awards appended to the rollup deltas is folded into the rows every ROLLUP_FOLD_MS (decision 033).
  const rollupFolding = startRollupFolding({ db, log, everyMs: env.ROLLUP_FOLD_MS, ...(opts.rollupTenantIds ? { tenantIds: opts.rollupTenantIds } : {}) });

  // Overdue 绩效评估报告 reach the admins who owe them as messages (decision 034).
  const reportReminders = startReportReminders({ db, log, everyMs: env.REPORT_REMINDER_MS, ...(opts.rollupTenantIds ? { tenantIds: opts.rollupTenantIds } : {}) });

  const healthz = healthzHandler(db, redis);
  const server = http.createServer((req, res) => {
    if (!healthz(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(env.HEALTH_PORT, "127.0.0.1", resolve));
  const addr = server.address();
  const healthPort = typeof addr === "object" && addr ? addr.port : env.HEALTH_PORT;
  log(`consuming queues ${workers.map((w) => `"${w.name}"`).join(", ")}; health on http://127.0.0.1:${healthPort}/healthz`);

  return {
    healthPort,
    db,
    redis,
    rollupsScheduled: rollupScheduling.ready,
    async close() {
      // Let running jobs finish, then release connections.
      clearInterval(certificateSweep);
      clearInterval(projectCreditsSweep);
      stopFederationSweep();
      await rollupScheduling.close();
      await rollupFolding.close();
      await reportReminders.close();
      schedulerRedis.disconnect();
      await Promise.all(workers.map((w) => w.close()));
      await producer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      redis.disconnect();
    },
  };
}
