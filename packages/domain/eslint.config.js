import { config } from "@yanxiu/eslint-config";

export default config({ domain: true });
