import { describe, expect, it } from "vitest";
import { errorCodes } from "@yanxiu/domain/errors";
import { roles } from "@yanxiu/domain/roles";
import { createTranslator, errorMessageKey, siteName, t } from "./index.ts";
import { zhCN } from "./zh-CN.ts";

describe("i18n", () => {
  it("fills variables", () => {
    expect(t("presence.count", { count: 3 })).toBe("3 人在线");
  });
  it("every error code and every role has Chinese text", () => {
    for (const code of Object.keys(errorCodes)) expect(zhCN).toHaveProperty(`error.${code}`);
    for (const r of roles) expect(zhCN).toHaveProperty(`role.${r}`);
    expect(t(errorMessageKey("no-such-code"))).toBe(zhCN["error.internal"]);
  });
  it("the welcome names the site once, for a province and for the platform host", () => {
    const welcome = (tenant: string) => t("home.welcome", { name: "王芳", site: siteName(tenant) });
    expect(welcome("湖南省")).toBe("王芳，欢迎来到湖南省研修平台");
    expect(welcome("湖南省教师研修平台")).toBe("王芳，欢迎来到湖南省教师研修平台");
    expect(welcome("研修平台")).toBe("王芳，欢迎来到研修平台");
  });
  it("an unknown locale falls back to zh-CN", () => {
    expect(createTranslator("xx")("signIn.title")).toBe("登录");
  });
});
