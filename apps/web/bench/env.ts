import { z } from "zod";

/**
 * The audio/video benchmark's knobs and the URLs `pnpm bench` (infra/src/bench-run.ts) passes: the
 * benchmark's only read of process.env. `BENCH_AV_RECEIVERS=3 pnpm --filter @yanxiu/web bench` for a
 * smaller run (with TEST_* set by hand).
 */
const ZBenchEnv = z.object({
  TEST_DATABASE_URL: z.string().min(1),
  TEST_DATABASE_OWNER_URL: z.string().min(1),
  TEST_PLATFORM_DATABASE_URL: z.string().min(1),
  TEST_REDIS_URL: z.string().min(1),
  BENCH_AV_RECEIVERS: z.coerce.number().int().min(1).max(6).default(6),
  BENCH_AV_REPS: z.coerce.number().int().min(1).max(10).default(3),
  /** pages.bench.ts: seconds per measurement, A B A B rounds, autocannon connections. */
  BENCH_PAGES_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  BENCH_PAGES_ROUNDS: z.coerce.number().int().min(1).max(10).default(2),
  BENCH_PAGES_CONNECTIONS: z.coerce.number().int().min(1).max(1000).default(100),
  /** Web processes for pages.bench.ts (the server's WEB_PROCESSES); unset: one per core, as in production. */
  BENCH_PAGES_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
  /** Set to a folder to start the web processes with `--cpu-prof` writing their profiles there. */
  BENCH_PAGES_CPU_PROF_DIR: z.string().optional(),
  PATH: z.string().default(""),
});

export function loadBenchEnv(source: NodeJS.ProcessEnv = process.env) {
  return ZBenchEnv.parse(source);
}
