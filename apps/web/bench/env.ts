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
  PATH: z.string().default(""),
});

export function loadBenchEnv(source: NodeJS.ProcessEnv = process.env) {
  return ZBenchEnv.parse(source);
}
