import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./env.ts";
import { freePort } from "./proc.ts";
import { run, step } from "./run.ts";
import { startInfra } from "./stack.ts";
import postgres from "postgres";
import { withDatabase } from "@yanxiu/db/migrate";

/**
 * `pnpm bench`: a throw-away Postgres and Redis, durable like production's (fsync and synchronous commit on,
 * unlike the test run's), then every package's `bench` script with their URLs. Not part of `pnpm test`.
 * Extra arguments go to turbo: `pnpm bench --filter=@yanxiu/worker` runs one package's; `pnpm bench exec pnpm --dir
 * packages/services exec tsx bench/province.bench.ts` runs one file.
 * `BENCH_PG_STATEMENTS=1` loads pg_stat_statements and prints the statements that took the most time at the end
 * (the profile issue 18 asks for: where the database's share of a figure went).
 */
const statementsWanted = process.env.BENCH_PG_STATEMENTS === "1";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "yanxiu-bench-"));
fs.chmodSync(tmp, 0o755);
step("Postgres and Redis for the benchmarks");
const infra = await startInfra({
  dataDir: tmp,
  pgPort: await freePort(),
  redisPort: await freePort(),
  database: "yanxiu_bench",
  passwords: { superuser: "bench-su", owner: "bench-owner", app: "bench-app", platform: "bench-platform" },
  persistent: true,
  pgSettings: statementsWanted ? ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all"] : [],
  log: (s) => console.log(`  ${s}`),
});
if (statementsWanted) {
  const su = postgres(withDatabase(infra.pg.superuserUrl, "yanxiu_bench"), { max: 1, onnotice: () => {} });
  await su`create extension if not exists pg_stat_statements`;
  await su.end();
}
// Ctrl-C (or a kill) stops Postgres and Redis too, and removes their folder.
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    void infra.stop().finally(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  });
}
let code = 1;
try {
  // `pnpm bench exec <command…>` runs one command (one bench file) with the same throw-away servers.
  const [cmd, ...args] =
    process.argv[2] === "exec" ? process.argv.slice(3) : ["pnpm", "exec", "turbo", "run", "bench", "--concurrency=1", "--output-logs=full", ...process.argv.slice(2)];
  if (!cmd) throw new Error("pnpm bench exec: which command?");
  code = await run(cmd, args, {
    cwd: repoRoot,
    env: {
      ...process.env,
      TURBO_TELEMETRY_DISABLED: "1",
      TEST_DATABASE_URL: infra.databaseUrl,
      TEST_DATABASE_OWNER_URL: infra.ownerDatabaseUrl,
      TEST_PLATFORM_DATABASE_URL: infra.platformDatabaseUrl,
      TEST_REDIS_URL: infra.redisUrl,
    },
  });
  if (statementsWanted) await printTopStatements(withDatabase(infra.pg.superuserUrl, "yanxiu_bench"));
} finally {
  await infra.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);

/** The 25 statements with the most execution time over the whole run, with calls, mean and rows. */
async function printTopStatements(url: string) {
  const su = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await su<{ total: number; calls: number; mean: number; rows: number; query: string }[]>`
      select round(total_exec_time)::float8 as total, calls::float8 as calls, round(mean_exec_time::numeric, 3)::float8 as mean, rows::float8 as rows,
             regexp_replace(query, '[[:space:]]+', ' ', 'g') as query
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc limit 25`;
    const all = await su<{ total: number; calls: number }[]>`select coalesce(sum(total_exec_time), 0)::float8 as total, coalesce(sum(calls), 0)::float8 as calls from pg_stat_statements`;
    console.log(`\npg_stat_statements: ${Math.round(all[0]!.total)} ms in ${all[0]!.calls} calls; the top 25 by total time:`);
    for (const r of rows) console.log(`${String(r.total).padStart(8)} ms ${String(r.calls).padStart(8)} calls ${String(r.mean).padStart(8)} ms/call ${String(r.rows).padStart(8)} rows  ${r.query.slice(0, 220)}`);
  } finally {
    await su.end();
  }
}
