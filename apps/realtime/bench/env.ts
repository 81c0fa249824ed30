import { z } from "zod";

/**
 * The benchmarks' knobs (apps/realtime/bench), for development at small sizes: `BENCH_CLIENTS=20 tsx
 * bench/fanout.bench.ts`. Kept out of src/env.ts because nothing here ever runs in the service; this is
 * the benchmarks' only read of process.env (the db package's test helpers read their URLs themselves).
 * turbo's bench task passes only the database and Redis URLs, so `pnpm bench` always runs the defaults.
 */
const ZBenchEnv = z.object({
  /** Fan-out: sockets in the room, chat messages per second, seconds measured. */
  BENCH_CLIENTS: z.coerce.number().int().min(2).default(200),
  BENCH_RATE: z.coerce.number().int().min(1).default(20),
  BENCH_SECONDS: z.coerce.number().int().min(1).default(15),
  /** Idle sockets: how many, over how many tenants, and how long the event loop is watched. */
  BENCH_IDLE_SOCKETS: z.coerce.number().int().min(10).default(10_000),
  BENCH_IDLE_TENANTS: z.coerce.number().int().min(1).default(1000),
  BENCH_IDLE_SECONDS: z.coerce.number().int().min(1).default(10),
  /**
   * One province: signed-in sockets in ONE tenant, seconds of churn (the share of sockets that leave and as
   * many that join, each second), and rounds per server kind (interleaved bare, ours, bare, ours …).
   */
  BENCH_PROVINCE_SOCKETS: z.coerce.number().int().min(10).default(10_000),
  BENCH_PROVINCE_SECONDS: z.coerce.number().int().min(1).default(10),
  BENCH_PROVINCE_CHURN: z.coerce.number().min(0).max(0.5).default(0.01),
  BENCH_PROVINCE_ROUNDS: z.coerce.number().int().min(1).max(4).default(2),
  /** Two processes: sockets in the room (all of them send) and seconds of sending. */
  BENCH_TP_CLIENTS: z.coerce.number().int().min(2).default(100),
  BENCH_TP_SECONDS: z.coerce.number().int().min(1).default(10),
  /** A folder: the server children write a V8 CPU profile there (node --cpu-prof) when they stop. */
  BENCH_CPU_PROF: z.string().optional(),
  TEST_DATABASE_URL: z.string().min(1),
  TEST_REDIS_URL: z.string().min(1),
  /** Handed to the server children, whose environment is otherwise only what they are given. */
  PATH: z.string().default(""),
});

export function loadBenchEnv(source: NodeJS.ProcessEnv = process.env) {
  return ZBenchEnv.parse(source);
}
export type TBenchEnv = ReturnType<typeof loadBenchEnv>;
