import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One vitest run for the whole workspace (the top level stays as the design fixes it, so the
// config lives here). Unit tests (*.test.ts) and integration tests (*.integration.test.ts) run
// together against the Postgres and Redis that src/test-run.ts started.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["{apps,packages,infra}/*/src/**/*.test.{ts,tsx}", "infra/src/**/*.test.ts", "apps/web/server/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/e2e/**"],
    pool: "forks",
    maxWorkers: 2,
    // A safety net against a hung test, not a budget: on a busy 2-core machine a test that applies a few
    // hundred transactions one by one took over 20 s. Tests wait on conditions, never on these.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
