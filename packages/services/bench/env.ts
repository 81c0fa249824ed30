import { z } from "zod";

/**
 * The knobs of this package's benchmarks: their only read of process.env. Defaults are the sizes the
 * closing notes quote; smaller values are for trying a change quickly (`BENCH_ROUNDS=1 ...`).
 */
const ZBenchEnv = z.object({
  /** Interleaved rounds (A B A B …) of each benchmark. */
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(10).default(2),
  /** A folder: each roster-import child writes a CPU profile there (open it in Chrome's DevTools). */
  BENCH_CPU_PROF: z.string().optional(),
  /** Certificates per round: the renderer before (slow), the renderer now, and whole jobs. */
  CERT_BENCH_BEFORE: z.coerce.number().int().min(1).default(60),
  CERT_BENCH_NOW: z.coerce.number().int().min(1).default(500),
  CERT_BENCH_JOB: z.coerce.number().int().min(1).default(500),
  /** apps/worker's CERTIFICATE_CONCURRENCY (its default: 8). */
  CERTIFICATE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
});

export const benchEnv = ZBenchEnv.parse(process.env);
