import { config } from "@yanxiu/eslint-config";

export default config({ envFiles: ["server/env.ts", "e2e/support.ts", "bench/env.ts"] });
