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
  /** projects.bench: trainees (issue 16: 20,000), service calls timed per step, calls at a time, runs per read. */
  PROJECT_BENCH_TRAINEES: z.coerce.number().int().min(400).default(20_000),
  PROJECT_BENCH_SAMPLE: z.coerce.number().int().min(10).default(2_000),
  PROJECT_BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  PROJECT_BENCH_RUNS: z.coerce.number().int().min(1).default(40),
  /** project-credits.bench (decision 036): trainees of the seeded project, calls timed per read. */
  CREDITS_BENCH_TRAINEES: z.coerce.number().int().min(100).default(2_000),
  CREDITS_BENCH_RUNS: z.coerce.number().int().min(3).default(40),
  /** Required catalog courses of the project (0: none, to compare with a checkout that has none). */
  CREDITS_BENCH_COURSES: z.coerce.number().int().min(0).max(10).default(2),
  /** province.bench (issue 17): teachers (1.2 M), awards per teacher over five years, awards/s offered and for how long, runs per read. */
  PROVINCE_BENCH_TEACHERS: z.coerce.number().int().min(10_000).default(1_200_000),
  PROVINCE_BENCH_AWARDS: z.coerce.number().int().min(1).max(100).default(25),
  PROVINCE_BENCH_RATE: z.coerce.number().int().min(10).default(2_000),
  PROVINCE_BENCH_SECONDS: z.coerce.number().int().min(1).default(10),
  PROVINCE_BENCH_RUNS: z.coerce.number().int().min(3).default(20),
});

export const benchEnv = ZBenchEnv.parse(process.env);
