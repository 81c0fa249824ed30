import { config } from "@yanxiu/eslint-config";

export default config({ layer: "ui" });
