import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./env.ts";
import { freePort } from "./proc.ts";
import { run, step } from "./run.ts";
import { startInfra } from "./stack.ts";

/**
 * `pnpm bench`: a throw-away Postgres and Redis like the test run's (but crash-safe settings off only
 * where the test run has them off too), then every package's `bench` script with their URLs. Not part
 * of `pnpm test`.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "yanxiu-bench-"));
fs.chmodSync(tmp, 0o755);
step("Postgres and Redis for the benchmarks");
const infra = await startInfra({
  dataDir: tmp,
  pgPort: await freePort(),
  redisPort: await freePort(),
  database: "yanxiu_bench",
  passwords: { superuser: "bench-su", owner: "bench-owner", app: "bench-app" },
  persistent: false,
  log: (s) => console.log(`  ${s}`),
});
let code = 1;
try {
  code = await run("pnpm", ["exec", "turbo", "run", "bench", "--concurrency=1", "--output-logs=full"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TURBO_TELEMETRY_DISABLED: "1",
      TEST_DATABASE_URL: infra.databaseUrl,
      TEST_DATABASE_OWNER_URL: infra.ownerDatabaseUrl,
      TEST_REDIS_URL: infra.redisUrl,
    },
  });
} finally {
  await infra.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
