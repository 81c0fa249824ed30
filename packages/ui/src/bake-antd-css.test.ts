import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bakeAntdCss } from "./bake-antd-css.tsx";
import { themeTokens } from "./theme.ts";

describe("the baked antd stylesheet", () => {
  it("is what the theme and the installed antd make (run `pnpm --filter @yanxiu/ui build:css` after changing either)", () => {
    const committed = readFileSync(new URL("./generated/antd.css", import.meta.url), "utf8");
    const fresh = bakeAntdCss();
    expect(committed.length).toBe(fresh.length);
    expect(committed === fresh).toBe(true);
  });

  it("carries the theme's tokens on the .yx class the page's <body> wears", () => {
    const css = readFileSync(new URL("./generated/antd.css", import.meta.url), "utf8");
    const rule = css.match(/\.yx\{[^}]*\}/)?.[0] ?? "";
    expect(rule).toContain(`--ant-color-primary:${themeTokens.colorPrimary}`);
    expect(css).toMatch(/\.ant-btn\b/);
  });
});
