import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./env.ts";
import { freePort } from "./proc.ts";
import { run, step } from "./run.ts";
import { startInfra } from "./stack.ts";

/**
 * `pnpm bench`: a throw-away Postgres and Redis, durable like production's (fsync and synchronous commit on,
 * unlike the test run's), then every package's `bench` script with their URLs. Not part of `pnpm test`.
 * Extra arguments go to turbo: `pnpm bench --filter=@yanxiu/worker` runs one package's; `pnpm bench exec pnpm --dir
 * packages/services exec tsx bench/province.bench.ts` runs one file.
 */
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
  log: (s) => console.log(`  ${s}`),
});
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
} finally {
  await infra.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
