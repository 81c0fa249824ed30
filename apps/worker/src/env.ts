import { z } from "zod";

const ZEnv = z.object({
  DATABASE_URL: z.string().min(1),
  REDIS_URL: z.string().min(1),
  HEALTH_PORT: z.coerce.number().int().min(0).default(3002),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(10),
  /** Progress events processed at once by this process (each is one short transaction). */
  PROGRESS_CONCURRENCY: z.coerce.number().int().positive().default(16),
  /** The shared folder of uploaded and generated files (see @yanxiu/db/files). */
  FILE_STORE_DIR: z.string().min(1),
  /** BullMQ key prefix; tests give each run its own. */
  QUEUE_PREFIX: z.string().default("bull"),
});

/** The worker's only read of process.env. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  return ZEnv.parse(source);
}
export type TWorkerEnv = ReturnType<typeof loadEnv>;
