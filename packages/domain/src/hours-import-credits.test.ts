import { describe, expect, it } from "vitest";
import { creditSchemePresets } from "./credit-scheme-presets.ts";
import { convertAward, evaluateScheme, schemeAwardsFromLedger, ZCreditScheme } from "./credit-scheme.ts";
import { checkHoursHeaders, parseAmount, parseHoursRow, statedCreditsCheck } from "./hours-import.ts";

/** 学分 columns in bulk imports (decision 039): parsing, the check against the scheme, and the engine. */
const today = "2026-03-01";
const row = { teacherNo: "SC0001", name: "", title: "寒假研修", category: "网络研修", level: "国家级", completedOn: "2026-02-20", platform: "" };
const { shaanxi, shandong } = creditSchemePresets;

describe("the 学分 column", () => {
  it("is found by the words lists use for it, and a file needs 学时 or 学分", () => {
    for (const h of ["学分", "获得学分", "认定学分", "学分数", "Credits", "credits（分）"]) {
      expect(checkHoursHeaders(["教师编号", "项目名称", h, "类别", "级别", "完成日期"])).toMatchObject({ ok: true, columnIndex: { credits: 2 } });
    }
    expect(checkHoursHeaders(["教师编号", "项目名称", "学时", "获得学分", "类别", "级别", "完成日期"])).toMatchObject({ ok: true, columnIndex: { hours: 2, credits: 3 } });
    expect(checkHoursHeaders(["教师编号", "项目名称", "类别", "级别", "完成日期"])).toEqual({ ok: false, reason: "表头与模板不一致（缺少列：学时或学分（至少一列））。请使用学时导入模板。" });
  });

  it("a row gives 学时, 学分 or both; the reason names what is missing for the columns the file has", () => {
    expect(parseHoursRow({ ...row, credits: "2.0" }, today)).toMatchObject({ ok: true, row: { hours: 0, credits: 2 } });
    expect(parseHoursRow({ ...row, credits: "1.25学分" }, today)).toMatchObject({ ok: true, row: { hours: 0, credits: 1.25 } });
    expect(parseHoursRow({ ...row, hours: "12", credits: "２" }, today)).toMatchObject({ ok: true, row: { hours: 12, credits: 2 } });
    expect(parseHoursRow({ ...row, hours: "12", credits: "" }, today)).toMatchObject({ ok: true, row: { hours: 12, credits: null } });
    expect(parseHoursRow({ ...row, credits: "" }, today)).toMatchObject({ ok: false, reasons: ["缺少学分"] });
    expect(parseHoursRow({ ...row, hours: "" }, today)).toMatchObject({ ok: false, reasons: ["缺少学时"] });
    expect(parseHoursRow({ ...row, hours: " ", credits: "" }, today)).toMatchObject({ ok: false, reasons: ["缺少学时和学分（至少填写一项）"] });
  });

  it("hostile cells are reasons: NUL, negative, a decimal comma, huge or too precise numbers, words", () => {
    const reasons = (credits: unknown) => {
      const r = parseHoursRow({ ...row, credits: credits as string }, today);
      return r.ok ? [] : r.reasons;
    };
    expect(reasons("2\u0000")).toEqual(["学分含有不可见的控制字符"]);
    expect(reasons("-2")).toEqual(["学分必须大于 0"]);
    expect(reasons(-2)).toEqual(["学分必须大于 0"]);
    expect(reasons("0")).toEqual(["学分必须大于 0"]);
    expect(reasons("2,5")).toEqual(["学分不是数字：2,5（小数点请用“.”）"]);
    expect(reasons("101")).toEqual(["学分过大（每行最多 100）"]);
    expect(reasons("9".repeat(400))).toEqual(["学分过大（每行最多 100）"]);
    expect(reasons(1e308)).toEqual(["学分过大（每行最多 100）"]);
    expect(reasons("1e3")).toEqual(["学分不是数字：1e3"]);
    expect(reasons("1.125")).toEqual(["学分最多保留两位小数"]);
    expect(reasons("两分")).toEqual(["学分不是数字：两"]);
    expect(parseAmount("12,5", "学时", /学时$/u, 1, 500)).toEqual({ ok: false, reason: "学时不是数字：12,5（小数点请用“.”）" });
  });
});

describe("stated 学分 against the scheme in effect", () => {
  const online = { hours: 0, credits: 2, category: "online", organiserLevel: "national", role: "participant" } as const;

  it("a 学分 scheme takes them; a 学时 tenant or a category the scheme does not count refuses a 学分-only row", () => {
    expect(statedCreditsCheck(shaanxi, online)).toEqual({ refused: null, note: null });
    expect(statedCreditsCheck(shandong, online).refused).toBe("本省按学时计（现行学分方案的单位是学时），只有学分无法计入：请填写学时");
    expect(statedCreditsCheck(null, online).refused).toBe("本省按学时计（未启用学分方案），只有学分无法计入：请填写学时");
    expect(statedCreditsCheck(shandong, { ...online, hours: 12 })).toEqual({ refused: null, note: "本省按学时计，名单中的 2 学分仅作记录，按 12 学时计入" });
    const noOnline = ZCreditScheme.parse({ ...shaanxi, conversions: [...shaanxi.conversions, { category: "online", rate: 0 }] });
    expect(statedCreditsCheck(noOnline, online).refused).toBe("本省学分方案中网络研修（国家级，参与）不计学分，名单中的 2 学分无法计入");
  });

  it("学时 and 学分 that disagree with the scheme: kept, the stated 学分 win, with a note; agreeing ones say nothing", () => {
    // 陕西: 网络研修 at the default 1/3 — 6 学时 are 2 学分, 12 are 4.
    expect(statedCreditsCheck(shaanxi, { ...online, hours: 6 })).toEqual({ refused: null, note: null });
    expect(statedCreditsCheck(shaanxi, { ...online, hours: 12 })).toEqual({ refused: null, note: "学分与本省方案不一致：12 学时按方案折算为 4 学分，按名单认定的 2 学分计入" });
  });
});

describe("the engine and stated 学分", () => {
  const a = { id: "x", title: "寒假研修", hours: 0, statedCredits: 2, category: "online", level: "national", date: "2026-03-01" } as const;

  it("counts them as stated under a 学分 scheme and says so; a later rate leaves them", () => {
    expect(convertAward(shaanxi, { ...a, role: "participant" })).toMatchObject({ amount: 2, stated: true, how: "名单认定 2 学分，按名单计入" });
    const e = evaluateScheme(shaanxi, {}, [a], "2026-06-01");
    expect(e.awards[0]).toMatchObject({ amount: 2, statedCredits: 2, line: "2026-03-01 「寒假研修」（国家级，参与）：名单认定 2 学分，按名单计入" });
    expect(e.cycleTotal.counted).toBe(2);
    const halved = ZCreditScheme.parse({ ...shaanxi, version: 2, defaultRate: 1 / 6 });
    expect(evaluateScheme(halved, {}, [a], "2026-06-01").cycleTotal.counted).toBe(2);
    const both = evaluateScheme(shaanxi, {}, [{ ...a, hours: 12 }], "2026-06-01");
    expect(both.awards[0]!.line).toContain("名单认定 2 学分，按名单计入（名单另记 12 学时，不再折算）");
    expect(both.cycleTotal.rawHours).toBe(12);
  });

  it("caps still apply, and a rate of 0 or a 学时 scheme counts a 学分-only award as nothing, saying why", () => {
    const capped = ZCreditScheme.parse({ ...shaanxi, categoryLimits: { ...shaanxi.categoryLimits, online: { cycleMax: 3 } } });
    expect(evaluateScheme(capped, {}, [a, { ...a, id: "y", title: "暑假研修" }], "2026-06-01").cycleTotal.counted).toBe(3);
    const noOnline = ZCreditScheme.parse({ ...shaanxi, conversions: [{ category: "online", rate: 0 }] });
    expect(evaluateScheme(noOnline, {}, [a], "2026-06-01").awards[0]!.excluded).toBe("名单认定 2 学分，但网络研修在本方案中不计学分");
    const inHours = evaluateScheme(shandong, {}, [a], "2026-06-01");
    expect(inHours.awards[0]!.excluded).toBe("名单认定 2 学分，本方案以学时计，名单未给学时，不计");
    expect(evaluateScheme(shandong, {}, [{ ...a, hours: 12 }], "2026-06-01").awards[0]).toMatchObject({ amount: 12, line: expect.stringContaining("名单另记 2 学分，本方案以学时计，不采用") });
  });

  it("reads them from the ledger row (stated_credits), ignoring nonsense", () => {
    const r = { id: "x", title: "t", hours: 0, category: "online", organiserLevel: "national", role: "participant", countsFor: "2026-03-01", source: "external", reversesAwardId: null, evidence: [] } as const;
    expect(schemeAwardsFromLedger([{ ...r, statedCredits: 2 }])[0]).toMatchObject({ statedCredits: 2 });
    expect(schemeAwardsFromLedger([{ ...r, statedCredits: null }])[0]).not.toHaveProperty("statedCredits");
    expect(schemeAwardsFromLedger([{ ...r, statedCredits: Number.NaN }])[0]).not.toHaveProperty("statedCredits");
  });
});
