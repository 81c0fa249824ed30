import { config } from "@yanxiu/eslint-config";

// infra starts processes and hands them their environment, so its run scripts may pass process.env on.
export default config({ envFiles: ["src/env.ts", "src/test-run.ts", "src/apps.ts", "src/bench-run.ts", "src/postgres.ts", "vitest.config.ts"] });
