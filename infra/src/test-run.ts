import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { env, repoRoot } from "./env.ts";
import { startLoad, type TLoad } from "./load.ts";
import { freePort } from "./proc.ts";
import { run, step } from "./run.ts";
import { startInfra, type Infra } from "./stack.ts";
import { launchApps, type LaunchedApps } from "./apps.ts";
import { createOwnerDatabase } from "@yanxiu/db/client";
import { seedDemo } from "@yanxiu/services/seed";
import { createFileStore } from "@yanxiu/services/files";

/**
 * `pnpm test`: lint, typecheck, unit and integration tests (vitest) against a throw-away Postgres and
 * Redis, then the three apps against the same and Playwright in Debian's Chromium. Everything it starts
 * lives in one temporary folder that is removed at the end, pass or fail.
 */
type Count = { passed: number; failed: number; skipped: number };
const totals: Count = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];
const log = (s: string) => console.log(`  ${s}`);

function readVitest(file: string) {
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += r.numFailedTests ?? 0;
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } catch {
    /* the runner failed before writing a report: its exit code says so */
  }
}

function readPlaywright(file: string) {
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    totals.passed += r.stats?.expected ?? 0;
    totals.failed += (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0);
    totals.skipped += r.stats?.skipped ?? 0;
  } catch {
    /* as above */
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "yanxiu-test-"));
fs.chmodSync(tmp, 0o755);
let infra: Infra | undefined;
let apps: LaunchedApps | undefined;
let load: TLoad | undefined;
let code = 0;

async function cleanup() {
  await load?.stop();
  await apps?.stop();
  await infra?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    void cleanup().then(() => process.exit(130));
  });
}

// Optional: "unit" or "e2e" to run one part while developing; after "unit", vitest filters (file names),
// after "e2e", Playwright filters.
const only = process.argv[2];
const filters = process.argv.slice(3);

try {
  if (env.LOAD > 0) {
    step(`${env.LOAD} busy loop${env.LOAD > 1 ? "s" : ""} beside the run (LOAD=${env.LOAD})`);
    load = startLoad(env.LOAD);
    log(`pids ${load.pids.join(", ")}; stopped at the end, pass or fail`);
  }

  if (!only) {
    step("lint and typecheck");
    if ((await run("pnpm", ["exec", "turbo", "run", "lint", "typecheck", "--output-logs=errors-only"], { cwd: repoRoot })) !== 0) {
      failures.push("lint/typecheck");
    }
  }

  step("Postgres and Redis for this run");
  infra = await startInfra({
    dataDir: tmp,
    pgPort: await freePort(),
    redisPort: await freePort(),
    database: "yanxiu_test",
    passwords: { superuser: "test-su", owner: "test-owner", app: "test-app", platform: "test-platform" },
    persistent: false,
    log,
  });
  const testEnv = {
    ...process.env,
    TEST_DATABASE_URL: infra.databaseUrl,
    TEST_DATABASE_OWNER_URL: infra.ownerDatabaseUrl,
    TEST_PLATFORM_DATABASE_URL: infra.platformDatabaseUrl,
    TEST_REDIS_URL: infra.redisUrl,
  };

  if (!only || only === "unit") {
    step("unit and integration tests (vitest)");
    const report = path.join(tmp, "vitest.json");
    const rc = await run(
      "pnpm",
      ["exec", "vitest", "run", "--config", "infra/vitest.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...filters],
      { cwd: repoRoot, env: testEnv },
    );
    readVitest(report);
    if (rc !== 0) failures.push("vitest");
  }

  if (!only || only === "e2e") {
    step("end-to-end tests (Playwright in Chromium)");
    const owner = createOwnerDatabase(infra.ownerDatabaseUrl);
    await seedDemo(owner, { files: createFileStore(path.join(tmp, "files")) });
    await owner.close();
    if ((await run("pnpm", ["--filter", "@yanxiu/web", "build"], { cwd: repoRoot })) !== 0) {
      failures.push("web build");
    } else {
      apps = await launchApps({
        databaseUrl: infra.databaseUrl,
        platformDatabaseUrl: infra.platformDatabaseUrl,
        redisUrl: infra.redisUrl,
        appDomain: "localhost",
        fileStoreDir: path.join(tmp, "files"),
        ports: { web: await freePort(), realtime: await freePort(), workerHealth: await freePort() },
        logDir: tmp,
        log,
      });
      const report = path.join(tmp, "playwright.json");
      const rc = await run("pnpm", ["exec", "playwright", "test", "--reporter=list,json", ...filters], {
        cwd: path.join(repoRoot, "apps/web"),
        env: {
          ...testEnv,
          PLAYWRIGHT_JSON_OUTPUT_NAME: report,
          E2E_WEB_PORT: String(apps.ports.web),
          E2E_REALTIME_PORT: String(apps.ports.realtime),
        },
      });
      readPlaywright(report);
      if (rc !== 0) {
        failures.push("playwright");
        apps.printLogTails();
      }
    }
  }
} catch (e) {
  failures.push(`set-up: ${(e as Error).message}`);
} finally {
  await cleanup();
}

if (failures.length) {
  code = 1;
  console.log(`\n\x1b[31mFAILED: ${failures.join(", ")}\x1b[0m`);
}
// The plain closing line CI reads.
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(code);
