import { testUrls } from "@yanxiu/services/testing";

/**
 * The env of a bench's worker child: the test Postgres and Redis, the bench's own queue prefix and file
 * directory, health on a free port, and the progress concurrency the knobs ask for.
 */
export function benchWorkerEnv(opts: { prefix: string; filesDir: string; concurrency: number }) {
  return {
    DATABASE_URL: testUrls.database,
    REDIS_URL: testUrls.redis,
    HEALTH_PORT: "0",
    QUEUE_PREFIX: opts.prefix,
    FILE_STORE_DIR: opts.filesDir,
    PROGRESS_CONCURRENCY: String(opts.concurrency),
  };
}
