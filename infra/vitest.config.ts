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
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
