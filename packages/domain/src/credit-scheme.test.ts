import { describe, expect, it } from "vitest";
import { creditSchemePresets } from "./credit-scheme-presets.ts";
import {
  conversionRuleFor,
  creditYearOf,
  creditYearPeriod,
  evaluateScheme,
  previewSchemeChange,
  roundAmount,
  schemeAwardsFromLedger,
  schemeCycleOf,
  schemeInEffect,
  ZCreditScheme,
  ZCreditSchemeHistory,
  type TCreditScheme,
  type TCreditSchemeInput,
  type TSchemeAward,
} from "./credit-scheme.ts";

const { shandong, shaanxi, beijing } = creditSchemePresets;

let seq = 0;
const award = (hours: number, date: string, over: Partial<TSchemeAward> = {}): TSchemeAward => ({
  id: `a${++seq}`,
  hours,
  date,
  category: "online",
  level: "provincial",
  ...over,
});

/** A plain 学时 scheme to vary in the rule tests (not one of the presets). */
const base: TCreditSchemeInput = {
  key: "test-scheme",
  name: "测试方案",
  version: 1,
  effectiveFrom: "2021-01-01",
  unit: "hours",
  cycle: { years: 5, anchor: "calendar", startYear: 2021 },
  creditYearStartMonth: 1,
  rounding: { mode: "round", decimals: 1 },
  defaultRate: 1,
  conversions: [],
  cycleMinimum: 360,
};
const scheme = (over: Partial<TCreditSchemeInput> = {}): TCreditScheme => ZCreditScheme.parse({ ...base, ...over });
/** The messages a scheme is refused with. */
const refusals = (input: unknown) => {
  const r = ZCreditScheme.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

// ─── Worked examples, one per preset: figures worked out by hand from the rules ────────────────────

describe("山东 (学时 scheme, ≥ 360 a cycle, ≥ 48 a year, 学历提升 72 a year)", () => {
  // A teacher's 2021–2024, evaluated on 1 March 2024.
  const awards = [
    award(100, "2020-11-01"), // the cycle before: not counted
    award(30, "2021-03-01"),
    award(24, "2021-10-01", { category: "concentrated", level: "county" }), // 2021: 54
    award(20, "2022-04-01"),
    award(10, "2022-09-01", { category: "schoolBased", level: "school" }), // 2022: 30, 18 short of 48
    award(0, "2023-01-15", { category: "degree", fixedPoint: "degree", title: "教育硕士第一学年" }),
    award(0, "2023-09-15", { category: "degree", fixedPoint: "degree", title: "教育硕士第二学年" }), // 2 × 72 in one year, cap 72
    award(10, "2023-11-01"), // 2023: 72 + 10 = 82
    award(12, "2024-02-20"), // 2024 so far: 12
    award(40, "2024-05-01"), // after the day evaluated: not yet
  ];
  const e = evaluateScheme(shandong, {}, awards, "2024-03-01");

  it("counts 178 学时 in the 2021–2025 cycle: 54 + 30 + 82 + 12, the second degree year cut by the yearly cap", () => {
    expect(e.cycle).toEqual({ startYear: 2021, endYear: 2025, start: "2021-01-01", end: "2025-12-31" });
    expect(e.years.map((y) => [y.year, y.counted])).toEqual([
      [2021, 54],
      [2022, 30],
      [2023, 82],
      [2024, 12],
      [2025, 0],
    ]);
    expect(e.cycleTotal.counted).toBe(178);
    // Before the cap: 30 + 24 + 20 + 10 + 72 + 72 + 10 + 12 = 250; raw 学时 leave the fixed points out.
    expect(e.cycleTotal.amount).toBe(250);
    expect(e.cycleTotal.rawHours).toBe(106);
    expect(e.cycleTotal.byCategory.degree).toMatchObject({ amount: 144, counted: 72 });
    expect(e.explanation).toContain("2023 学分年度学历提升共 144 学时，年度上限 72，核减 72");
  });

  it("is short 182 of the cycle, 18 of 2022 and 36 of 2024 (2025 has not started), and behind the plan (227.8 due by 1 March 2024)", () => {
    // 72 a year for 2021–2023, plus 60 of 2024's 366 days × 72 = 11.80 → 227.8; the year: 60/366 × 48 = 7.87 → 7.8.
    expect(e.expectedByNow).toBe(227.8);
    expect(e.expectedThisYear).toBe(7.8);
    expect(e.shortfalls).toEqual([
      { kind: "cycle", amount: 182 },
      { kind: "year", year: 2022, amount: 18 },
      { kind: "year", year: 2024, amount: 36 },
    ]);
    expect(e.status).toBe("behind");
  });

  it("passes 年度考核 on 2023 (82 ≥ 48) but not 定期注册 or 职称", () => {
    expect(e.flags).toEqual([
      { flag: "annualAppraisal", ok: true, reason: "2023 学分年度完成 82 学时，达到年度要求" },
      { flag: "reRegistration", ok: false, reason: "本周期要求尚未完成，须在 2025-12-31 前完成" },
      { flag: "titlePromotion", ok: false, reason: "本周期学时未达进度要求" },
    ]);
  });

  it("explains each award and leaves out what is not of this cycle or not yet", () => {
    expect(e.explanation).toContain("2021-10-01 集中培训（县级，参与）：计 24 学时（默认折算）");
    expect(e.explanation).toContain("2023-01-15 「教育硕士第一学年」：省级学历提升按定额计 72 学时");
    expect(e.explanation).toContain("本周期（2021-01-01 至 2025-12-31）计入 178 学时，要求 360，还差 182");
    expect(e.awards.find((a) => a.date === "2020-11-01")).toMatchObject({ inCycle: false, excluded: null });
    expect(e.awards.find((a) => a.date === "2024-05-01")).toMatchObject({ inCycle: false });
  });
});

describe("陕西 (学分 scheme, 集中 weighted by level, Feb–Jan credit year)", () => {
  const awards = [
    award(10, "2021-01-15", { category: "concentrated", level: "national", durationDays: 2 }), // credit year 2020: the cycle before
    award(45, "2021-03-01", { category: "schoolBased", level: "school" }), // 2021: 15 → capped at 10
    award(20, "2022-01-10", { category: "concentrated", level: "national", durationDays: 3 }), // still credit year 2021: 10
    award(60, "2022-02-10", { category: "online", level: "provincial" }), // 2022: 20
    award(30, "2022-07-05", { category: "concentrated", level: "provincial", durationDays: 5 }), // 2022: 12
    award(30, "2022-09-01", { category: "schoolBased", level: "school" }), // 2022: 10
    award(16, "2023-03-01", { category: "concentrated", level: "city", durationDays: 1, title: "一日集中" }), // too short
    award(25, "2023-04-01", { category: "concentrated", level: "county", durationDays: 2 }), // 2023: 5
    award(40, "2023-05-01", { category: "concentrated", level: "provincial", durationDays: 4, providerAccredited: false, title: "未认定机构培训" }),
    award(75, "2023-06-01", { category: "online", level: "national" }), // 2023: 25
    award(24, "2023-09-01", { category: "schoolBased", level: "school" }), // 2023: 8
    award(30, "2024-10-01", { category: "schoolBased", level: "school" }), // 2024: 10
    award(30, "2026-01-20", { category: "schoolBased", level: "school" }), // credit year 2025, after the day evaluated
  ];
  const e = evaluateScheme(shaanxi, {}, awards, "2025-06-15");

  it("puts January in the credit year before, and the cycle runs from 1 February 2021 to 31 January 2026", () => {
    expect(creditYearOf(shaanxi, "2022-01-31")).toBe(2021);
    expect(creditYearOf(shaanxi, "2022-02-01")).toBe(2022);
    expect(creditYearPeriod(shaanxi, 2024)).toEqual({ start: "2024-02-01", end: "2025-01-31" });
    expect(e.cycle).toEqual({ startYear: 2021, endYear: 2025, start: "2021-02-01", end: "2026-01-31" });
  });

  it("converts 集中 by level (0.5 / 0.4 / 0.2 per 学时) and the rest at 3 学时 a 学分", () => {
    const amounts = Object.fromEntries(e.awards.map((a) => [a.date, a.amount]));
    expect(amounts).toMatchObject({ "2022-01-10": 10, "2022-07-05": 12, "2023-04-01": 5, "2022-02-10": 20, "2023-06-01": 25, "2023-09-01": 8, "2021-03-01": 15 });
    expect(e.explanation).toContain("2022-07-05 集中培训（省级，参与）：30 学时 × 0.4 = 12 学分（集中培训·省级）");
    expect(e.explanation).toContain("2022-02-10 网络研修（省级，参与）：60 学时 × 1/3 = 20 学分（默认折算）");
  });

  it("refuses 集中 shorter than 2 days and from providers that are not accredited", () => {
    expect(e.awards.find((a) => a.date === "2023-03-01")).toMatchObject({ amount: 0, excluded: "集中培训须连续至少 2 天（实际 1 天），不计" });
    expect(e.awards.find((a) => a.date === "2023-05-01")).toMatchObject({ amount: 0, excluded: "举办机构未经认定，不计" });
    expect(e.explanation).toContain("2023-05-01 「未认定机构培训」：举办机构未经认定，不计");
  });

  it("caps 校本 at 10 a year and 远程 at 40 a cycle: 105 学分 counted of 115 earned", () => {
    expect(e.years.map((y) => [y.year, y.counted])).toEqual([
      [2021, 20],
      [2022, 42],
      [2023, 38],
      [2024, 10],
      [2025, 0],
    ]);
    expect(e.cycleTotal).toMatchObject({ amount: 115, counted: 105, shortfall: 15, rawHours: 339 });
    expect(e.cycleTotal.byCategory.schoolBased).toMatchObject({ amount: 43, counted: 38 });
    expect(e.cycleTotal.byCategory.online).toMatchObject({ amount: 45, counted: 40, max: 40 });
    expect(e.cycleTotal.byCategory.concentrated).toMatchObject({ counted: 27, min: 30, shortfall: 3 });
    expect(e.explanation).toContain("2021 学分年度校本研修共 15 学分，年度上限 10，核减 5");
    expect(e.explanation).toContain("本周期网络研修共 45 学分，周期上限 40，核减 5");
  });

  it("is on pace (104.8 due by 15 June 2025) but not done: 15 short, 3 of them 集中", () => {
    // 24 a year for 2021–2024, plus 134 of the credit year's 365 days × 24 = 8.81 → 104.8.
    expect(e.expectedByNow).toBe(104.8);
    expect(e.shortfalls).toEqual([
      { kind: "cycle", amount: 15 },
      { kind: "cycleCategory", category: "concentrated", amount: 3 },
    ]);
    expect(e.status).toBe("onTrack");
    expect(e.flags.map((f) => [f.flag, f.ok])).toEqual([
      ["reRegistration", false],
      ["titlePromotion", true],
    ]);
  });
});

describe("北京 十三五 (学分 scheme, training 10 学时 a 学分, practice and 教研 20)", () => {
  const year = [
    award(40, "2017-03-01", { category: "concentrated", level: "city" }), // 4
    award(25, "2018-07-01", { category: "concentrated", level: "national" }), // 2.5
    award(30, "2018-10-01", { category: "shadowing" }), // 3
    award(120, "2019-03-01", { category: "online" }), // 6
    award(50, "2019-06-01", { category: "online" }), // 2.5
    award(150, "2019-09-01", { category: "schoolBased", level: "school" }), // 7.5
    award(60, "2020-03-01", { category: "studio", role: "lead" }), // 3
    award(35, "2020-05-01", { category: "outreach", level: "county" }), // 1.75 → 1.8
    award(7, "2020-06-01", { category: "online" }), // 0.35 → 0.4
  ];
  const e = evaluateScheme(beijing, {}, year, "2020-12-31");

  it("converts training at 0.1 and practice at 0.05 per 学时, rounding each award to a tenth", () => {
    expect(e.awards.map((a) => a.amount)).toEqual([4, 2.5, 3, 6, 2.5, 7.5, 3, 1.8, 0.4]);
    expect(e.explanation).toContain("2020-05-01 送教下乡（县级，参与）：35 学时 × 0.05 = 1.8 学分（默认折算）");
    expect(e.explanation).toContain("2017-03-01 集中培训（市级，参与）：40 学时 × 0.1 = 4 学分（集中培训）");
  });

  it("counts 30.7 学分 of 36, 校本 2.5 short of 10, and is behind on the cycle's last day", () => {
    expect(e.cycleTotal).toMatchObject({ counted: 30.7, shortfall: 5.3, rawHours: 517 });
    expect(e.cycleTotal.byCategory.schoolBased).toMatchObject({ counted: 7.5, min: 10, shortfall: 2.5 });
    // 7.2 a year for 2016–2019, plus 365 of 2020's 366 days × 7.2 = 7.18 → 35.9.
    expect(e.expectedByNow).toBe(35.9);
    expect(e.status).toBe("behind");
    expect(e.flags).toEqual([
      { flag: "reRegistration", ok: false, reason: "本周期要求尚未完成，须在 2020-12-31 前完成" },
      { flag: "titlePromotion", ok: false, reason: "本周期学分未达进度要求" },
    ]);
    expect(e.explanation.slice(-4)).toEqual([
      "本周期（2016-01-01 至 2020-12-31）计入 30.7 学分（原始 517 学时），要求 36，还差 5.3",
      "本周期校本研修还差 2.5 学分",
      "定期注册：不符合（本周期要求尚未完成，须在 2020-12-31 前完成）",
      "职称评聘：不符合（本周期学分未达进度要求）",
    ]);
  });

  it("a teacher with 16 + 10 + 10 学分 has done the cycle and may re-register", () => {
    const done = evaluateScheme(
      beijing,
      {},
      [award(160, "2018-05-01", { category: "concentrated" }), award(200, "2019-05-01", { category: "schoolBased" }), award(200, "2020-05-01")],
      "2020-08-01",
    );
    expect(done.cycleTotal.counted).toBe(36);
    expect(done.shortfalls).toEqual([]);
    expect(done.status).toBe("done");
    expect(done.flags.every((f) => f.ok)).toBe(true);
  });
});

// ─── The rules one at a time ─────────────────────────────────────────────────────────────────────

describe("conversion", () => {
  const s = scheme({
    unit: "credits",
    defaultRate: 0.1,
    conversions: [
      { category: "studio", rate: 0.05 },
      { category: "studio", role: "lead", rate: 0.2 },
      { category: "studio", level: "national", rate: 0.1 },
      { category: "studio", level: "national", role: "lead", rate: 0.3 },
      { category: "selfStudy", rate: 0 },
    ],
    cycleMinimum: 36,
  });

  it("takes the most specific rule: level and role, then level, then role, then the category", () => {
    const rate = (level: "national" | "city", role: "lead" | "participant" | "assistant") => conversionRuleFor(s, { category: "studio", level, role })?.rate;
    expect(rate("national", "lead")).toBe(0.3);
    expect(rate("national", "participant")).toBe(0.1);
    expect(rate("city", "lead")).toBe(0.2);
    expect(rate("city", "participant")).toBe(0.05);
    // An assistant (辅导教师) converts as a participant.
    expect(rate("city", "assistant")).toBe(0.05);
    expect(conversionRuleFor(s, { category: "online", level: "city", role: "lead" })).toBeNull();
  });

  it("a 主持 earns more than a 参与 for the same 学时, and a rate of 0 counts nothing", () => {
    const e = evaluateScheme(s, {}, [award(10, "2022-01-01", { category: "studio", role: "lead" }), award(10, "2022-01-02", { category: "studio" }), award(10, "2022-01-03", { category: "selfStudy" }), award(10, "2022-01-04")], "2022-06-01");
    expect(e.awards.map((a) => a.amount)).toEqual([2, 0.5, 0, 1]);
    expect(e.awards[2]!.excluded).toBe("自主研修在本方案中不计学分");
    expect(e.cycleTotal.counted).toBe(3.5);
  });

  it("rounds per award as the scheme says", () => {
    expect(roundAmount(scheme({ rounding: { mode: "round", decimals: 1 } }), 0.35)).toBe(0.4);
    expect(roundAmount(scheme({ rounding: { mode: "floor", decimals: 1 } }), 0.39)).toBe(0.3);
    expect(roundAmount(scheme({ rounding: { mode: "floor", decimals: 1 } }), 0.3 * 3)).toBe(0.9);
    expect(roundAmount(scheme({ rounding: { mode: "ceil", decimals: 0 } }), 2.01)).toBe(3);
    expect(roundAmount(scheme({ rounding: { mode: "round", decimals: 2 } }), 1 / 3)).toBe(0.33);
  });
});

describe("cycles and credit years", () => {
  it("a hire-date cycle starts with the credit year of the hire date", () => {
    const s = scheme({ cycle: { years: 5, anchor: "hireDate" } });
    expect(schemeCycleOf(s, "2024-06-01", { hireDate: "2019-09-01" })).toMatchObject({ startYear: 2024, endYear: 2028 });
    expect(schemeCycleOf(s, "2023-06-01", { hireDate: "2019-09-01" })).toMatchObject({ startYear: 2019, endYear: 2023 });
    // Without a hire date the day's own credit year starts it.
    expect(schemeCycleOf(s, "2023-06-01")).toMatchObject({ startYear: 2023 });
  });

  it("a December start month names the year by its December", () => {
    const s = scheme({ creditYearStartMonth: 12 });
    expect(creditYearPeriod(s, 2023)).toEqual({ start: "2023-12-01", end: "2024-11-30" });
    expect(creditYearOf(s, "2024-11-30")).toBe(2023);
  });

  it("no yearly minimum is asked of years before the teacher was hired", () => {
    const s = scheme({ yearlyMinimum: 48, flags: ["annualAppraisal"] });
    const e = evaluateScheme(s, { hireDate: "2023-08-01" }, [award(50, "2023-10-01")], "2024-02-01");
    expect(e.years.filter((y) => y.beforeHire).map((y) => y.year)).toEqual([2021, 2022]);
    expect(e.shortfalls.filter((x) => x.kind === "year")).toEqual([{ kind: "year", year: 2024, amount: 48 }]);
    expect(e.flags[0]).toMatchObject({ ok: true, reason: "2023 学分年度完成 50 学时，达到年度要求" });
    const hiredLater = evaluateScheme(s, { hireDate: "2024-01-10" }, [], "2024-02-01");
    expect(hiredLater.flags[0]).toEqual({ flag: "annualAppraisal", ok: true, reason: "2023 学分年度尚未入职，不作要求" });
  });

  it("年度考核 for the first year of a cycle looks at the last year of the cycle before", () => {
    const s = scheme({ yearlyMinimum: 48, flags: ["annualAppraisal"] });
    const e = evaluateScheme(s, {}, [award(40, "2020-05-01")], "2021-03-01");
    expect(e.flags[0]).toEqual({ flag: "annualAppraisal", ok: false, reason: "2020 学分年度完成 40 学时，未达到年度要求（最低 48）" });
  });
});

describe("caps, minimums and cover rules", () => {
  const s = scheme({
    categoryLimits: { concentrated: { cycleMin: 60 }, schoolBased: { cycleMin: 100, yearMax: 40 }, online: { cycleMax: 150 }, studio: { cycleMin: 20 } },
    cover: [
      { from: "shadowing", to: "concentrated" },
      { from: "online", to: "schoolBased" },
      { from: "studio", to: "schoolBased" },
    ],
    neverCovers: ["selfStudy"],
  });

  it("a surplus above its own minimum fills another category's shortfall, in rule order", () => {
    const e = evaluateScheme(
      s,
      {},
      [
        award(40, "2022-03-01", { category: "concentrated" }), // 20 short of 60
        award(30, "2022-04-01", { category: "shadowing" }), // covers 20 of it
        award(40, "2022-05-01", { category: "schoolBased" }), // 60 short of 100
        award(35, "2022-06-01", { category: "online" }), // covers 35
        award(30, "2022-07-01", { category: "studio" }), // 10 above its 20: covers 10 more → 15 short
      ],
      "2022-12-01",
    );
    expect(e.cycleTotal.byCategory.concentrated!.shortfall).toBe(0);
    expect(e.cycleTotal.byCategory.schoolBased!.shortfall).toBe(15);
    expect(e.cycleTotal.byCategory.studio!.shortfall).toBe(0);
    expect(e.explanation).toContain("本周期：跟岗研修超出部分 20 学时补足集中培训的不足");
    expect(e.explanation).toContain("本周期：网络研修超出部分 35 学时补足校本研修的不足");
    expect(e.explanation).toContain("本周期：工作室研修超出部分 10 学时补足校本研修的不足");
  });

  it("a category with no cover rule, or one that never covers, fills nothing", () => {
    const e = evaluateScheme(s, {}, [award(100, "2022-03-01", { category: "selfStudy" }), award(100, "2022-03-02", { category: "outreach" })], "2022-12-01");
    expect(e.cycleTotal.byCategory.concentrated).toMatchObject({ counted: 0, shortfall: 60 });
    expect(e.explanation.some((l) => l.includes("补足"))).toBe(false);
  });

  it("a yearly cap applies before the cycle cap, and what a cap cut cannot cover anything", () => {
    const e = evaluateScheme(s, {}, [award(70, "2022-03-01", { category: "schoolBased" }), award(200, "2023-03-01")], "2023-12-01");
    expect(e.cycleTotal.byCategory.schoolBased).toMatchObject({ amount: 70, counted: 40 });
    // online: 200 capped at 150, of which 150 − 0 (no minimum) covers 60 of 校本's shortfall.
    expect(e.cycleTotal.byCategory.online).toMatchObject({ amount: 200, counted: 150 });
    expect(e.cycleTotal.byCategory.schoolBased!.shortfall).toBe(0);
    expect(e.cycleTotal.counted).toBe(190);
  });

  it("yearly category minimums are checked per credit year, with the same cover rules", () => {
    const y = scheme({ categoryLimits: { schoolBased: { yearMin: 10 } }, cover: [{ from: "studio", to: "schoolBased" }] });
    const e = evaluateScheme(y, {}, [award(4, "2021-05-01", { category: "schoolBased" }), award(3, "2021-06-01", { category: "studio" }), award(12, "2022-05-01", { category: "schoolBased" })], "2022-06-01");
    expect(e.shortfalls.filter((x) => x.kind === "yearCategory")).toEqual([{ kind: "yearCategory", year: 2021, category: "schoolBased", amount: 3 }]);
    expect(e.explanation).toContain("2021 学分年度：工作室研修超出部分 3 学时补足校本研修的不足");
  });
});

describe("fixed-point items", () => {
  const s = scheme({
    fixedPoints: [
      { kind: "openLesson", category: "schoolBased", valueByLevel: { county: 6, city: 8 }, yearlyCap: 18, evidence: ["公开课证明"], approvalChain: ["school", "county"] },
      { kind: "paper", category: "schoolBased", valueByLevel: { national: 20, provincial: 10 }, evidence: ["刊物封面及目录页"], approvalChain: ["school", "county", "city"] },
    ],
  });

  it("count their value per level, capped per year per item (江苏: open lessons 6 each, at most 18)", () => {
    const lessons = [1, 2, 3, 4].map((i) => award(0, `2022-0${i}-10`, { fixedPoint: "openLesson", level: "county", category: "schoolBased" }));
    const e = evaluateScheme(s, {}, [...lessons, award(0, "2022-06-01", { fixedPoint: "paper", level: "national", category: "schoolBased" })], "2022-12-01");
    expect(e.awards.map((a) => a.amount)).toEqual([6, 6, 6, 6, 20]);
    expect(e.cycleTotal.byCategory.schoolBased).toMatchObject({ amount: 44, counted: 38 });
    expect(e.explanation).toContain("2022 学分年度公开课共 24 学时，年度上限 18，核减 6");
  });

  it("陕西 worked example (decision 032): a year of certified papers in 学分, the cap said on the award's own line, then 校本's yearly maximum", () => {
    // Papers 2 (provincial), 3 (national), 2 (provincial) 学分, capped at 4 a year; plus 15 学时 of 校本 training = 5 学分.
    const rows = [
      { id: "p1", title: "课堂提问", hours: 0, category: "schoolBased" as const, organiserLevel: "provincial" as const, role: "participant" as const, countsFor: "2025-03-01", source: "fixedPoint" as const, reversesAwardId: null, evidence: [], fixedPoint: "paper" as const },
      { id: "p2", title: "作业设计", hours: 0, category: "schoolBased" as const, organiserLevel: "national" as const, role: "participant" as const, countsFor: "2025-05-01", source: "fixedPoint" as const, reversesAwardId: null, evidence: [], fixedPoint: "paper" as const },
      { id: "p3", title: "单元教学", hours: 0, category: "schoolBased" as const, organiserLevel: "provincial" as const, role: "participant" as const, countsFor: "2025-09-01", source: "fixedPoint" as const, reversesAwardId: null, evidence: [], fixedPoint: "paper" as const },
      { id: "s1", title: "校本教研", hours: 15, category: "schoolBased" as const, organiserLevel: "school" as const, role: "participant" as const, countsFor: "2025-10-01", source: "external" as const, reversesAwardId: null, evidence: [] },
    ];
    const e = evaluateScheme(shaanxi, {}, schemeAwardsFromLedger(rows), "2025-12-01");
    expect(e.awards.map((a) => [a.id, a.fixedPoint ?? null, a.amount])).toEqual([
      ["p1", "paper", 2],
      ["p2", "paper", 3],
      ["p3", "paper", 2],
      ["s1", null, 5],
    ]);
    expect(e.explanation).toContain("2025-03-01 「课堂提问」：省级论文发表按定额计 2 学分");
    expect(e.explanation).toContain("2025-05-01 「作业设计」：国家级论文发表按定额计 3 学分；本年度已达上限 4，此项核减 1");
    expect(e.explanation).toContain("2025-09-01 「单元教学」：省级论文发表按定额计 2 学分；本年度已达上限 4，此项不再计入");
    expect(e.explanation).toContain("2025 学分年度论文发表共 7 学分，年度上限 4，核减 3");
    // 4 of papers + 5 of training = 9 of 校本, under its yearly maximum of 10; raw 学时 only from the training.
    const y = e.years.find((x) => x.year === 2025)!;
    expect(y.byCategory.schoolBased).toMatchObject({ rawHours: 15, amount: 12, counted: 9 });
    expect(e.cycleTotal).toMatchObject({ rawHours: 15, counted: 9 });
    // The same awards with the kind only in the evidence (older writers) count the same.
    const fromEvidence = rows.map(({ fixedPoint, ...r }) => ({ ...r, evidence: fixedPoint ? [{ kind: "note", fixedPoint }] : [] }));
    expect(evaluateScheme(shaanxi, {}, schemeAwardsFromLedger(fromEvidence), "2025-12-01").cycleTotal.counted).toBe(9);
  });

  it("a level the item does not list, or an item the scheme does not know, earns nothing", () => {
    const e = evaluateScheme(s, {}, [award(0, "2022-03-01", { fixedPoint: "paper", level: "school" }), award(0, "2022-03-02", { fixedPoint: "competition", level: "city" })], "2022-12-01");
    expect(e.awards.map((a) => a.excluded)).toEqual(["论文发表的校级不在认定范围，不计", "本方案不认定竞赛获奖，不计"]);
    expect(e.cycleTotal.counted).toBe(0);
  });
});

describe("eligibility", () => {
  it("an assessment not passed counts nothing when the scheme asks for one", () => {
    const s = scheme({ eligibility: { accreditedProvidersOnly: false, minDurationDays: {}, assessmentRequired: true } });
    const e = evaluateScheme(s, {}, [award(10, "2022-03-01", { assessmentPassed: false }), award(10, "2022-03-02")], "2022-12-01");
    expect(e.awards[0]!.excluded).toBe("考核未通过，不计");
    expect(e.cycleTotal.counted).toBe(10);
    // The same award under a scheme that does not ask counts.
    expect(evaluateScheme(scheme(), {}, [award(10, "2022-03-01", { assessmentPassed: false })], "2022-12-01").cycleTotal.counted).toBe(10);
  });

  it("an unknown duration fails a minimum duration", () => {
    const e = evaluateScheme(shaanxi, {}, [award(10, "2022-03-01", { category: "concentrated" })], "2022-12-01");
    expect(e.awards[0]!.excluded).toBe("集中培训须连续至少 2 天（天数不详），不计");
  });
});

describe("county-or-above share and special tracks", () => {
  it("江苏-like: ≥ 180 of the cycle from county level or above", () => {
    const s = scheme({ countyOrAbove: { minAmount: 180 } });
    const e = evaluateScheme(s, {}, [award(100, "2022-03-01", { level: "county" }), award(50, "2022-04-01", { level: "national" }), award(210, "2023-03-01", { level: "school" })], "2025-12-31");
    expect(e.cycleTotal.counted).toBe(360);
    expect(e.countyOrAbove).toEqual({ amount: 150, share: 0.417, requiredAmount: 180, requiredShare: null, shortfall: 30 });
    expect(e.shortfalls).toEqual([{ kind: "countyOrAbove", amount: 30 }]);
    expect(e.status).not.toBe("done");
  });

  it("a minimum share is measured against the cycle requirement", () => {
    const s = scheme({ countyOrAbove: { minShare: 0.5 } });
    const e = evaluateScheme(s, {}, [award(100, "2022-03-01", { level: "city" }), award(20, "2022-04-01", { level: "school" })], "2022-12-01");
    expect(e.countyOrAbove).toMatchObject({ amount: 100, shortfall: 80 });
  });

  it("a new teacher must do 120 in the 12 months from the hire date, wherever the cycle falls", () => {
    const s = scheme({ tracks: { newTeacher: { firstYearMinimum: 120 } } });
    const facts = { hireDate: "2025-09-01", newTeacher: true };
    const e = evaluateScheme(s, facts, [award(60, "2025-10-01"), award(40, "2026-03-01"), award(30, "2026-09-01")], "2026-10-01");
    expect(e.tracks).toEqual([{ track: "newTeacher", required: 120, achieved: 100, shortfall: 20, period: { start: "2025-09-01", end: "2026-08-31" } }]);
    expect(e.shortfalls).toContainEqual({ kind: "track", track: "newTeacher", amount: 20 });
    expect(e.explanation).toContain("新教师首年培训还差 20 学时");
    // Not a new teacher: no track.
    expect(evaluateScheme(s, { hireDate: "2025-09-01" }, [], "2026-10-01").tracks).toEqual([]);
  });

  it("a 班主任 needs 30 of 班主任 training a cycle, a principal their own", () => {
    const s = scheme({ tracks: { classTeacher: { cycleMinimum: 30 }, principal: { cycleMinimum: 60 } } });
    const awards = [award(20, "2022-03-01", { topic: "classTeacher" }), award(15, "2023-03-01", { topic: "classTeacher" }), award(20, "2023-04-01", { topic: "principal" })];
    const e = evaluateScheme(s, { classTeacher: true, principal: true }, awards, "2023-12-01");
    expect(e.tracks.map((t) => [t.track, t.achieved, t.shortfall])).toEqual([
      ["classTeacher", 35, 0],
      ["principal", 20, 40],
    ]);
    expect(evaluateScheme(s, {}, awards, "2023-12-01").tracks).toEqual([]);
  });
});

describe("pace", () => {
  it("nothing is due on the first day of a cycle, and a met cycle needs no yearly pace", () => {
    const s = scheme({ yearlyMinimum: 48 });
    const first = evaluateScheme(s, {}, [], "2021-01-01");
    expect([first.expectedByNow, first.expectedThisYear, first.status]).toEqual([0, 0, "onTrack"]);
    const met = evaluateScheme(s, {}, [award(360, "2022-05-01")], "2024-11-01");
    expect(met.status).toBe("done");
  });
});

// ─── Validation ─────────────────────────────────────────────────────────────────────────────────

describe("a scheme is validated, in Chinese", () => {
  it("the three presets are valid", () => {
    for (const p of [shandong, shaanxi, beijing]) expect(ZCreditScheme.safeParse(p).success).toBe(true);
  });

  it("refuses a minimum above its maximum", () => {
    expect(refusals({ ...base, categoryLimits: { online: { yearMin: 20, yearMax: 10 } } })).toContain("网络研修的年度最低不能超过年度上限");
    expect(refusals({ ...base, categoryLimits: { online: { cycleMin: 200, cycleMax: 100 } } })).toContain("网络研修的周期最低不能超过周期上限");
    expect(refusals({ ...base, yearlyMinimum: 400 })).toContain("年度最低不能超过周期要求");
    expect(refusals({ ...base, categoryLimits: { online: { cycleMin: 60, yearMax: 10 } } })).toContain("网络研修的年度上限乘以周期年数低于周期最低，无法达到");
    expect(refusals({ ...base, categoryLimits: { online: { cycleMin: 200 }, schoolBased: { cycleMin: 200 } } })).toContain("各类别周期最低之和超过周期要求");
  });

  it("refuses caps that leave nobody able to finish", () => {
    const capped = Object.fromEntries(["concentrated", "online", "schoolBased", "shadowing", "outreach", "degree", "studio", "coTeaching", "selfStudy"].map((c) => [c, { cycleMax: 30 }]));
    expect(refusals({ ...base, categoryLimits: capped })).toContain("各类别上限之和低于周期要求，无人能够达标");
  });

  it("refuses an unknown category in a cover rule, and cover rules that contradict themselves", () => {
    expect(refusals({ ...base, cover: [{ from: "karaoke", to: "online" }] })).toContain("未知的研修类别");
    const withMin = { ...base, categoryLimits: { online: { cycleMin: 10 } } };
    expect(refusals({ ...withMin, cover: [{ from: "online", to: "online" }] })).toContain("网络研修不能补足自身");
    expect(refusals({ ...withMin, cover: [{ from: "studio", to: "online" }], neverCovers: ["studio"] })).toContain("工作室研修已设为不可补足其他类别，与补足规则矛盾");
    expect(refusals({ ...base, cover: [{ from: "studio", to: "online" }] })).toContain("网络研修没有最低要求，补足规则无意义");
  });

  it("refuses duplicate conversion rules and an approval chain that goes down", () => {
    expect(refusals({ ...base, conversions: [{ category: "online", level: "city", rate: 1 }, { category: "online", level: "city", rate: 0.5 }] })).toContain("折算规则重复：网络研修 市级 各角色");
    const item = { kind: "paper", category: "schoolBased", valueByLevel: { city: 5 }, evidence: ["论文"], approvalChain: ["county", "school"] };
    expect(refusals({ ...base, fixedPoints: [item] })).toContain("论文发表的审核须自下而上逐级进行，不能重复或倒退");
    expect(refusals({ ...base, fixedPoints: [{ ...item, approvalChain: ["school"], valueByLevel: {} }] })).toContain("论文发表至少要有一个级别的分值");
  });

  it("refuses a calendar cycle without a start year, and hostile text", () => {
    expect(refusals({ ...base, cycle: { years: 5, anchor: "calendar" } })).toContain("统一周期须填写起始年份");
    expect(refusals({ ...base, name: "方案\u0000" })).toContain("方案名称不能包含控制字符");
    expect(refusals({ ...base, name: "方案\r\n第二行" })).toContain("方案名称不能包含控制字符");
    expect(refusals({ ...base, name: "长".repeat(100_000) })).toContain("方案名称最多 100 字");
    expect(refusals({ ...base, key: "Shan Dong" })).toContain("方案代码只能由小写字母、数字和连字符组成");
    expect(refusals({ ...base, cycleMinimum: Number.NaN })).toContain("周期要求应为数字");
    expect(refusals({ ...base, effectiveFrom: "2025-02-30" })).toContain("日期不存在");
    expect(refusals({ ...base, extra: 1 }).length).toBe(1);
    expect(refusals("not a scheme").length).toBe(1);
  });

  it("refuses versions whose effective periods overlap or leave gaps in the numbering", () => {
    const v = (version: number, effectiveFrom: string, effectiveTo?: string) => ({ ...base, version, effectiveFrom, ...(effectiveTo ? { effectiveTo } : {}) });
    const messages = (h: unknown[]) => {
      const r = ZCreditSchemeHistory.safeParse(h);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(messages([v(1, "2021-01-01", "2023-12-31"), v(2, "2024-01-01")])).toEqual([]);
    expect(messages([v(1, "2021-01-01", "2024-06-30"), v(2, "2024-01-01")])).toContain("第 1 版与第 2 版的生效期重叠");
    expect(messages([v(1, "2021-01-01"), v(2, "2020-01-01")])).toContain("第 2 版的生效日期须晚于第 1 版");
    expect(messages([v(1, "2021-01-01"), v(3, "2024-01-01")])).toContain("版本号应连续，缺少第 2 版");
    expect(messages([v(1, "2021-01-01"), v(1, "2024-01-01")])).toContain("版本号应连续，缺少第 2 版");
  });

  it("the version in effect on a day is the newest that has started", () => {
    const h = ZCreditSchemeHistory.parse([{ ...base, version: 1, effectiveFrom: "2021-01-01" }, { ...base, version: 2, effectiveFrom: "2024-01-01" }]);
    expect(schemeInEffect(h, "2020-12-31")).toBeNull();
    expect(schemeInEffect(h, "2023-12-31")?.version).toBe(1);
    expect(schemeInEffect(h, "2024-01-01")?.version).toBe(2);
  });
});

// ─── Preview ────────────────────────────────────────────────────────────────────────────────────

describe("previewing a scheme change", () => {
  // 北京 with 校本 lowered from 10 to 7 学分 and the practice rate raised to 1/10.
  const lowerSchoolBased = ZCreditScheme.parse({ ...beijing, version: 2, categoryLimits: { schoolBased: { cycleMin: 7 } } });
  const teachers = [
    // 16 + 7.5 + 13 = 36.5, 校本 2.5 short of 10: on track before, done after.
    { teacherId: "t-short-school", facts: {}, awards: [award(160, "2018-05-01", { category: "concentrated" }), award(150, "2019-05-01", { category: "schoolBased" }), award(260, "2020-05-01")] },
    // Done under both.
    { teacherId: "t-done", facts: {}, awards: [award(160, "2018-05-01", { category: "concentrated" }), award(200, "2019-05-01", { category: "schoolBased" }), award(200, "2020-05-01")] },
    // Behind under both.
    { teacherId: "t-behind", facts: {}, awards: [award(20, "2018-05-01", { category: "concentrated" })] },
  ];

  it("lists who changes status and flags, with counts", () => {
    const p = previewSchemeChange(beijing, lowerSchoolBased, teachers, "2020-12-31");
    expect(p.total).toBe(3);
    expect(p.changed).toBe(1);
    expect(p.transitions).toEqual({ "onTrack→done": 1 });
    expect(p.flags).toEqual({ reRegistration: { gained: 1, lost: 0 } });
    expect(p.changes).toEqual([
      {
        teacherId: "t-short-school",
        before: { status: "onTrack", counted: 36.5, flags: { reRegistration: false, titlePromotion: true } },
        after: { status: "done", counted: 36.5, flags: { reRegistration: true, titlePromotion: true } },
        statusChanged: true,
        flagsChanged: ["reRegistration"],
      },
    ]);
  });

  it("a change of rate that moves totals but no status is listed without counting as a status change", () => {
    const richer = ZCreditScheme.parse({ ...beijing, version: 2, defaultRate: 0.1 });
    const p = previewSchemeChange(beijing, richer, [teachers[2]!, { teacherId: "t-online", facts: {}, awards: [award(100, "2019-05-01")] }], "2020-12-31");
    expect(p.changed).toBe(0);
    expect(p.changes.map((c) => [c.teacherId, c.before.counted, c.after.counted])).toEqual([["t-online", 5, 10]]);
  });

  it("the same scheme on both sides changes nobody", () => {
    const p = previewSchemeChange(shandong, shandong, teachers, "2024-06-01");
    expect(p).toEqual({ total: 3, changed: 0, transitions: {}, flags: {}, changes: [] });
  });
});

describe("ledger rows as the engine reads them", () => {
  const row = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    title: "培训",
    hours: 10,
    category: "concentrated" as const,
    organiserLevel: "city" as const,
    role: "lead" as const,
    countsFor: "2022-03-01",
    source: "courseCompletion" as const,
    reversesAwardId: null,
    evidence: [] as unknown,
    ...over,
  });

  it("leaves out reversed awards and their reversals, and reads eligibility facts from the evidence", () => {
    const awards = schemeAwardsFromLedger([
      row("a", { evidence: [{ kind: "file", fileId: "f", durationDays: 3, providerAccredited: false }] }),
      row("b"),
      row("c", { source: "reversal", hours: -10, reversesAwardId: "b" }),
      row("d", { evidence: [{ kind: "x", assessmentPassed: false, topic: "classTeacher", fixedPoint: "paper" }] }),
      row("e", { evidence: [{ durationDays: "3", topic: "dance", fixedPoint: 7 }] }),
      row("f", { evidence: "not an array" }),
    ]);
    expect(awards.map((a) => a.id)).toEqual(["a", "d", "e", "f"]);
    expect(awards[0]).toEqual({ id: "a", title: "培训", hours: 10, category: "concentrated", level: "city", role: "lead", date: "2022-03-01", providerAccredited: false, assessmentPassed: true, durationDays: 3 });
    expect(awards[1]).toMatchObject({ assessmentPassed: false, topic: "classTeacher", fixedPoint: "paper", providerAccredited: true });
    // Facts of the wrong type are ignored rather than trusted.
    expect(awards[2]).not.toHaveProperty("durationDays");
    expect(awards[2]).not.toHaveProperty("topic");
    expect(awards[2]).not.toHaveProperty("fixedPoint");
    expect(awards[3]).toMatchObject({ providerAccredited: true, assessmentPassed: true });
  });
});
