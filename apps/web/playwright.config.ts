import { defineConfig } from "@playwright/test";
import { chromiumLaunch } from "./e2e/browser.ts";

// Debian's Chromium, never a downloaded browser. The servers are started by infra/src/test-run.ts
// (Postgres, Redis, web, realtime, worker), which passes their ports in E2E_* variables.
export default defineConfig({
  testDir: "./e2e",
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    locale: "zh-CN",
    // An action that cannot happen fails with its locator named, instead of waiting out the test.
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    launchOptions: chromiumLaunch,
  },
});
