import { z } from "zod";

const ZEnv = z.object({
  DATABASE_URL: z.string().min(1),
  REDIS_URL: z.string().min(1),
  HEALTH_PORT: z.coerce.number().int().min(0).default(3002),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(10),
  /** Progress jobs running at once in this process (they are grouped into a few short transactions). */
  PROGRESS_CONCURRENCY: z.coerce.number().int().positive().default(256),
  /** Events per transaction at most, and transactions running at once, of the progress batcher. */
  PROGRESS_BATCH_MAX: z.coerce.number().int().min(1).max(1000).default(128),
  PROGRESS_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(32).default(2),
  /**
   * How long a progress job's lock lives, and how often stalled jobs (their worker died) are looked for:
   * after a crash, its running jobs are retried within about the sum. The chaos tests shorten both.
   */
  PROGRESS_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  PROGRESS_STALLED_MS: z.coerce.number().int().min(500).default(30_000),
  /**
   * Certificate jobs running at once in this process. A job is about 10 ms of CPU (the PDF) and the rest
   * waiting on Postgres (read, then a durable commit); 8 keeps the CPU busy through the waits.
   */
  CERTIFICATE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /**
   * The key of the 身份证号 hash (decision 037): roster imports keep a teacher's number only as HMAC(key, tenant +
   * number), and bulk 学时 lists match by it. Must stay the same for the life of the data (the start command
   * keeps one in its data folder). Without it, 身份证号 columns are ignored with a note and cannot match.
   */
  ID_NUMBER_KEY: z.string().min(32).optional(),
  /** The shared folder of uploaded and generated files (see @yanxiu/services/files). */
  FILE_STORE_DIR: z.string().min(1),
  /** Each tenant's public address, `{slug}` standing for its slug: certificates' QR codes point at `<it>/verify/<code>`. */
  PUBLIC_URL_TEMPLATE: z.string().includes("{slug}").default("http://{slug}.localhost:3000"),
  /**
   * When each tenant's nightly rollup reconcile runs (cron, China time). Awards move the rollups as they
   * land; the nightly run checks them against the ledger, reports drift and moves their day to today.
   */
  ROLLUP_CRON: z.string().min(9).default("0 30 2 * * *"),
  /** When each province's year-end report schedule is checked (daily, Asia/Shanghai; decision 038). */
  ANNUAL_REPORT_CRON: z.string().min(9).default("0 0 6 * * *"),
  /**
   * How often the rollup deltas that awards append are folded into org_rollup (decision 033). Readers add
   * the unfolded ones, so this bounds how many wait (and what readers add), not how fresh a figure is.
   */
  ROLLUP_FOLD_MS: z.coerce.number().int().min(20).max(60_000).default(250),
  /** Tests only: run the reconcile every this many ms instead of the cron. */
  ROLLUP_EVERY_MS: z.coerce.number().int().min(500).optional(),
  /**
   * Federation deliveries (decision 021): the lock of a delivery job and how often stalled ones are looked
   * for (a killed worker's deliveries are retried within about the sum), and how often the outbox sweep
   * re-enqueues pending messages older than FEDERATION_SWEEP_AGE_S. The kill tests shorten them.
   */
  FEDERATION_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  FEDERATION_STALLED_MS: z.coerce.number().int().min(500).default(30_000),
  FEDERATION_SWEEP_MS: z.coerce.number().int().min(200).default(15_000),
  FEDERATION_SWEEP_AGE_S: z.coerce.number().int().min(0).default(30),
  /** How often unfinished project 学时 confirmations are looked for, and how old one must be to be queued again. */
  PROJECT_CREDITS_SWEEP_MS: z.coerce.number().int().min(200).default(60_000),
  PROJECT_CREDITS_SWEEP_AGE_S: z.coerce.number().int().min(0).default(300),
  /** How often overdue 绩效评估报告 are reminded as messages (decision 034); each report once per due day. */
  REPORT_REMINDER_MS: z.coerce.number().int().min(200).default(3_600_000),
  /** BullMQ key prefix; tests give each run its own. */
  QUEUE_PREFIX: z.string().default("bull"),
});

/** The worker's only read of process.env. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  return ZEnv.parse(source);
}
export type TWorkerEnv = ReturnType<typeof loadEnv>;

const ZRebuildEnv = z.object({ DATABASE_URL: z.string().min(1) });

/** The rebuild command needs only Postgres. */
export function loadRebuildEnv(source: NodeJS.ProcessEnv = process.env) {
  return ZRebuildEnv.parse(source);
}

const ZBenchEnv = z.object({
  /** Kill -9 rounds of the chaos benchmark. */
  CHAOS_ROUNDS: z.coerce.number().int().min(1).default(20),
  CHAOS_EVENTS: z.coerce.number().int().min(100).default(50_000),
  BENCH_EVENTS: z.coerce.number().int().min(100).default(20_000),
  /** Rounds of the throughput bench: each runs the no-op baseline, then ours, on a fresh province (A B A B …). */
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(10).default(2),
  /** Extra node arguments of the bench's worker child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" for a profile. */
  BENCH_WORKER_NODE_ARGS: z.string().default(""),
  PROGRESS_CONCURRENCY: z.coerce.number().int().positive().default(256),
  PROGRESS_BATCH_MAX: z.string().optional(),
  PROGRESS_BATCHES_IN_FLIGHT: z.string().optional(),
});

/** The benchmarks' knobs (apps/worker/bench). */
export function loadBenchEnv(source: NodeJS.ProcessEnv = process.env) {
  return ZBenchEnv.parse(source);
}
