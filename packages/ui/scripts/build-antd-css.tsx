/**
 * Bakes antd's styles for the Yanxiu theme into one CSS file (antd's "whole export" SSR mode, decision 018).
 * Run after changing src/theme.ts or upgrading antd: `pnpm --filter @yanxiu/ui build:css`. A test fails when
 * the committed file is not what this script makes.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bakeAntdCss } from "../src/bake-antd-css.tsx";

const out = fileURLToPath(new URL("../src/generated/antd.css", import.meta.url));
writeFileSync(out, bakeAntdCss());
console.log(`wrote ${out}`);
