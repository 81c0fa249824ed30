import { z } from "zod";
import { awardCategories, effectiveEntries, organiserLevels, ZDay, type TAwardCategory, type TAwardSource, type TOrganiserLevel } from "./credits.ts";

/**
 * A province's credit scheme as versioned data (issue 17, DOMAIN.md "Credit hours"), and the engine that
 * turns a teacher's raw ledger awards into 学时 and 学分 under it. Pure: no I/O, no clock (the day is an
 * argument). The existing `ZCreditPolicy` (credits.ts) keeps driving today's pages; this model is its
 * successor and will be stored per tenant in a later slice.
 *
 * Amounts are in the scheme's native unit (`unit`: 学时 or 学分); raw 学时 are kept beside them all the way.
 * The order of the rules, the same everywhere (and in the explanation lines):
 *   1. eligibility: an award that fails it counts nothing (accredited provider, minimum duration, assessment);
 *   2. conversion: 学时 × rate (category × organiser level × role, most specific rule wins), rounded per award;
 *      a fixed-point item (课题, 论文 …) is worth its value for the level instead;
 *   3. per credit year: each fixed-point item's yearly cap, then each category's yearly maximum;
 *   4. per cycle: each category's cycle maximum;
 *   5. minimums (per category, per year and per cycle), with the cover rules filling a category's shortfall
 *      from another's surplus above its own minimum;
 *   6. totals, the county-or-above share, special tracks, pace and the consequence flags.
 */

// ─── Building blocks ───────────────────────────────────────────────────────────────────────────

export const creditUnits = ["hours", "credits"] as const;
export type TCreditUnit = (typeof creditUnits)[number];
export const unitLabel: Record<TCreditUnit, string> = { hours: "学时", credits: "学分" };

export const categoryLabel: Record<TAwardCategory, string> = {
  concentrated: "集中培训",
  online: "网络研修",
  schoolBased: "校本研修",
  shadowing: "跟岗研修",
  outreach: "送教下乡",
  degree: "学历提升",
  studio: "工作室研修",
  coTeaching: "双师/支教",
  selfStudy: "自主研修",
};
export const levelLabel: Record<TOrganiserLevel, string> = { national: "国家级", provincial: "省级", city: "市级", county: "县级", school: "校级" };

/** The ledger's roles; 辅导教师 (assistant) converts as a 参与 (participant) unless a rule names it. */
export const schemeRoles = ["lead", "participant", "assistant"] as const;
export type TSchemeRole = (typeof schemeRoles)[number];
export const roleLabel: Record<TSchemeRole, string> = { lead: "主持", participant: "参与", assistant: "辅导" };

/** Levels from the top; "county or above" is every level before `school`. */
const levelRank: Record<TOrganiserLevel, number> = { national: 0, provincial: 1, city: 2, county: 3, school: 4 };
export const isCountyOrAbove = (l: TOrganiserLevel) => levelRank[l] <= levelRank.county;

export const fixedPointKinds = ["research", "paper", "openLesson", "competition", "mentoring", "degree", "lecture", "textbook"] as const;
export type TFixedPointKind = (typeof fixedPointKinds)[number];
export const fixedPointLabel: Record<TFixedPointKind, string> = {
  research: "课题研究",
  paper: "论文发表",
  openLesson: "公开课",
  competition: "竞赛获奖",
  mentoring: "师徒结对",
  degree: "学历提升",
  lecture: "专题讲座",
  textbook: "教材编写",
};

/** Who certifies a fixed-point claim, from the bottom up (school → county → city → province). */
export const approvalLevels = ["school", "county", "city", "province"] as const;
export type TApprovalLevel = (typeof approvalLevels)[number];

export const consequenceFlags = ["annualAppraisal", "reRegistration", "titlePromotion"] as const;
export type TConsequenceFlag = (typeof consequenceFlags)[number];
export const flagLabel: Record<TConsequenceFlag, string> = { annualAppraisal: "年度考核", reRegistration: "定期注册", titlePromotion: "职称评聘" };

/** Awards that belong to a special track's own training (班主任培训, 校长任职/提高培训). */
export const awardTopics = ["classTeacher", "principal"] as const;
export type TAwardTopic = (typeof awardTopics)[number];

/** Plain text a person typed: no control characters (NUL, CR/LF …), trimmed, bounded. */
const ZText = (label: string, max: number) =>
  z
    .string(`请填写${label}`)
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}最多 ${max} 字`)
    .refine((s) => !/\p{Cc}/u.test(s), `${label}不能包含控制字符`);

const ZAmount = (label: string) =>
  z
    .number(`${label}应为数字`)
    .refine((n) => Number.isFinite(n), `${label}应为数字`)
    .refine((n) => n >= 0, `${label}不能为负数`)
    .refine((n) => n <= 100_000, `${label}过大`);

const ZCategory = z.enum(awardCategories, "未知的研修类别");
const ZLevel = z.enum(organiserLevels, "未知的主办级别");

// ─── The scheme ────────────────────────────────────────────────────────────────────────────────

export const ZConversionRule = z
  .object({
    category: ZCategory,
    /** Absent: every level. */
    level: ZLevel.optional(),
    /** Absent: every role. */
    role: z.enum(schemeRoles, "未知的角色").optional(),
    /** Native units per raw 学时 (1 for a 学时 scheme; 0.1 = 10 学时 make 1 学分). 0 = does not count. */
    rate: ZAmount("折算率").refine((n) => n <= 10, "折算率不能超过 10"),
  })
  .strict();
export type TConversionRule = z.infer<typeof ZConversionRule>;

export const ZCategoryLimit = z
  .object({
    yearMin: ZAmount("年度最低").optional(),
    yearMax: ZAmount("年度上限").optional(),
    cycleMin: ZAmount("周期最低").optional(),
    cycleMax: ZAmount("周期上限").optional(),
  })
  .strict();
export type TCategoryLimit = z.infer<typeof ZCategoryLimit>;

export const ZFixedPointItem = z
  .object({
    kind: z.enum(fixedPointKinds, "未知的定额项目"),
    /** The category its value counts in (a 论文 is 校本研修 in most provinces). */
    category: ZCategory,
    /** Native units per item at each level; a level not listed earns nothing. */
    valueByLevel: z.partialRecord(ZLevel, ZAmount("定额分值")),
    /** The most the item counts in one credit year (all items of its kind together); absent = no cap. */
    yearlyCap: ZAmount("年度上限").optional(),
    /** What the teacher must upload, by name (证书, 发表页 …). */
    evidence: z.array(ZText("证明材料名称", 50)).min(1, "请至少列出一种证明材料").max(10, "证明材料最多 10 种"),
    /** Who certifies it, from the bottom up. */
    approvalChain: z.array(z.enum(approvalLevels, "未知的审核级别")).min(1, "请设置审核流程").max(4, "审核流程最多 4 级"),
  })
  .strict();
export type TFixedPointItem = z.infer<typeof ZFixedPointItem>;

export const ZCoverRule = z
  .object({
    /** The category whose surplus (above its own minimum) may fill … */
    from: ZCategory,
    /** … this category's shortfall. */
    to: ZCategory,
  })
  .strict();

const ZTrack = z.object({ cycleMinimum: ZAmount("专项周期最低") }).strict();

const schemeShape = {
  /** A stable key, e.g. `shaanxi-2021`; versions of one scheme share it. */
  key: z
    .string("请填写方案代码")
    .regex(/^[a-z][a-z0-9-]{1,62}$/, "方案代码只能由小写字母、数字和连字符组成"),
  name: ZText("方案名称", 100),
  version: z.number("版本号应为整数").int("版本号应为整数").min(1, "版本号从 1 开始").max(100_000, "版本号过大"),
  effectiveFrom: ZDay,
  /** The last day it applies; absent = until a later version. */
  effectiveTo: ZDay.optional(),
  /** Where the figures come from, and what is assumed (shown to admins, never interpreted). */
  notes: z.string().max(2000, "说明最多 2000 字").optional(),
  unit: z.enum(creditUnits, "计量单位应为学时或学分"),
  cycle: z
    .object({
      years: z.number().int("周期年数应为整数").min(1, "周期至少 1 年").max(10, "周期最多 10 年"),
      /** `calendar`: cycles follow each other from `startYear` for everyone; `hireDate`: from each teacher's hire date. */
      anchor: z.enum(["calendar", "hireDate"], "周期起点应为统一周期或入职日期"),
      startYear: z.number().int().min(1990, "起始年份过早").max(2100, "起始年份过晚").optional(),
    })
    .strict(),
  /** The month a credit year starts (1 = calendar year; 2 = February to January). Named by the year it starts in. */
  creditYearStartMonth: z.number().int("月份应为整数").min(1, "月份应在 1–12 之间").max(12, "月份应在 1–12 之间"),
  rounding: z
    .object({
      mode: z.enum(["round", "floor", "ceil"], "取整方式应为四舍五入、向下或向上"),
      decimals: z.number().int().min(0, "小数位数应在 0–2 之间").max(2, "小数位数应在 0–2 之间"),
    })
    .strict(),
  /** Rate for any category no rule names (1 in a 学时 scheme). */
  defaultRate: ZAmount("默认折算率").refine((n) => n <= 10, "折算率不能超过 10"),
  conversions: z.array(ZConversionRule).max(200, "折算规则最多 200 条"),
  cycleMinimum: ZAmount("周期要求").refine((n) => n > 0, "周期要求必须大于 0"),
  yearlyMinimum: ZAmount("年度最低").default(0),
  categoryLimits: z.partialRecord(ZCategory, ZCategoryLimit).default({}),
  /** A minimum from organisers at county level or above: an amount, a share of the cycle total, or both. */
  countyOrAbove: z
    .object({
      minAmount: ZAmount("县级及以上最低").optional(),
      minShare: z.number().min(0, "比例应在 0–1 之间").max(1, "比例应在 0–1 之间").optional(),
    })
    .strict()
    .optional(),
  cover: z.array(ZCoverRule).max(50, "补足规则最多 50 条").default([]),
  /** Categories whose surplus never fills another's shortfall. */
  neverCovers: z.array(ZCategory).default([]),
  fixedPoints: z.array(ZFixedPointItem).max(20, "定额项目最多 20 项").default([]),
  eligibility: z
    .object({
      accreditedProvidersOnly: z.boolean().default(false),
      /** Minimum consecutive days per category (集中 ≥ 2). */
      minDurationDays: z.partialRecord(ZCategory, z.number().int("天数应为整数").min(1, "天数至少为 1").max(365, "天数过大")).default({}),
      assessmentRequired: z.boolean().default(false),
    })
    .strict()
    .default({ accreditedProvidersOnly: false, minDurationDays: {}, assessmentRequired: false }),
  tracks: z
    .object({
      /** New teachers: this much within 12 months from the hire date. */
      newTeacher: z.object({ firstYearMinimum: ZAmount("新教师首年最低") }).strict().optional(),
      /** 班主任: this much 班主任 training (awards with topic classTeacher) per cycle. */
      classTeacher: ZTrack.optional(),
      /** 校长: this much principal training (topic principal) per cycle. */
      principal: ZTrack.optional(),
    })
    .strict()
    .default({}),
  /** Consequences shown to people (not enforced anywhere). */
  flags: z.array(z.enum(consequenceFlags, "未知的后果标记")).default([]),
};

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

export const ZCreditScheme = z
  .object(schemeShape)
  .strict()
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (s.cycle.anchor === "calendar" && s.cycle.startYear == null) issue(["cycle", "startYear"], "统一周期须填写起始年份");
    if (s.effectiveTo && s.effectiveTo < s.effectiveFrom) issue(["effectiveTo"], "失效日期不能早于生效日期");
    if (s.yearlyMinimum > s.cycleMinimum) issue(["yearlyMinimum"], "年度最低不能超过周期要求");
    for (const [c, l] of Object.entries(s.categoryLimits) as [TAwardCategory, TCategoryLimit][]) {
      const name = categoryLabel[c];
      if (l.yearMin != null && l.yearMax != null && l.yearMin > l.yearMax) issue(["categoryLimits", c, "yearMin"], `${name}的年度最低不能超过年度上限`);
      if (l.cycleMin != null && l.cycleMax != null && l.cycleMin > l.cycleMax) issue(["categoryLimits", c, "cycleMin"], `${name}的周期最低不能超过周期上限`);
      if (l.cycleMin != null && l.cycleMin > s.cycleMinimum) issue(["categoryLimits", c, "cycleMin"], `${name}的周期最低不能超过周期要求`);
      if (l.yearMax != null && l.cycleMin != null && l.yearMax * s.cycle.years < l.cycleMin)
        issue(["categoryLimits", c, "cycleMin"], `${name}的年度上限乘以周期年数低于周期最低，无法达到`);
      if (l.yearMin != null && l.cycleMax != null && l.yearMin * s.cycle.years > l.cycleMax)
        issue(["categoryLimits", c, "yearMin"], `${name}的年度最低乘以周期年数超过周期上限`);
    }
    const mins = sum(Object.values(s.categoryLimits).map((l) => l?.cycleMin ?? 0));
    if (mins > s.cycleMinimum + 1e-9) issue(["categoryLimits"], "各类别周期最低之和超过周期要求");
    // Every category capped: the caps together must leave room for the cycle requirement.
    const caps = awardCategories.map((c) => {
      const l = s.categoryLimits[c];
      const fromYear = l?.yearMax != null ? l.yearMax * s.cycle.years : Infinity;
      return Math.min(l?.cycleMax ?? Infinity, fromYear);
    });
    if (caps.every(Number.isFinite) && sum(caps) < s.cycleMinimum) issue(["categoryLimits"], "各类别上限之和低于周期要求，无人能够达标");

    const seenRule = new Set<string>();
    s.conversions.forEach((r, i) => {
      const k = `${r.category}|${r.level ?? "*"}|${r.role ?? "*"}`;
      if (seenRule.has(k)) issue(["conversions", i], `折算规则重复：${categoryLabel[r.category]} ${r.level ? levelLabel[r.level] : "各级"} ${r.role ? roleLabel[r.role] : "各角色"}`);
      seenRule.add(k);
    });

    const seenCover = new Set<string>();
    s.cover.forEach((r, i) => {
      if (r.from === r.to) issue(["cover", i], `${categoryLabel[r.from]}不能补足自身`);
      if (s.neverCovers.includes(r.from)) issue(["cover", i], `${categoryLabel[r.from]}已设为不可补足其他类别，与补足规则矛盾`);
      const k = `${r.from}|${r.to}`;
      if (seenCover.has(k)) issue(["cover", i], `补足规则重复：${categoryLabel[r.from]} → ${categoryLabel[r.to]}`);
      seenCover.add(k);
      const toHasMin = s.categoryLimits[r.to]?.cycleMin != null || s.categoryLimits[r.to]?.yearMin != null;
      if (!toHasMin) issue(["cover", i], `${categoryLabel[r.to]}没有最低要求，补足规则无意义`);
    });
    if (new Set(s.neverCovers).size !== s.neverCovers.length) issue(["neverCovers"], "不可补足的类别重复");

    const seenItem = new Set<string>();
    s.fixedPoints.forEach((f, i) => {
      if (seenItem.has(f.kind)) issue(["fixedPoints", i, "kind"], `定额项目重复：${fixedPointLabel[f.kind]}`);
      seenItem.add(f.kind);
      if (Object.keys(f.valueByLevel).length === 0) issue(["fixedPoints", i, "valueByLevel"], `${fixedPointLabel[f.kind]}至少要有一个级别的分值`);
      const ranks = f.approvalChain.map((a) => approvalLevels.indexOf(a));
      if (ranks.some((r, j) => j > 0 && r <= ranks[j - 1]!)) issue(["fixedPoints", i, "approvalChain"], `${fixedPointLabel[f.kind]}的审核须自下而上逐级进行，不能重复或倒退`);
    });

    if (s.countyOrAbove?.minAmount != null && s.countyOrAbove.minAmount > s.cycleMinimum) issue(["countyOrAbove", "minAmount"], "县级及以上最低不能超过周期要求");
    if (s.countyOrAbove && s.countyOrAbove.minAmount == null && s.countyOrAbove.minShare == null) issue(["countyOrAbove"], "请填写县级及以上的最低数额或比例");
    if (s.tracks.classTeacher && s.tracks.classTeacher.cycleMinimum > s.cycleMinimum) issue(["tracks", "classTeacher"], "班主任专项不能超过周期要求");
    if (s.tracks.principal && s.tracks.principal.cycleMinimum > s.cycleMinimum) issue(["tracks", "principal"], "校长专项不能超过周期要求");
    if (new Set(s.flags).size !== s.flags.length) issue(["flags"], "后果标记重复");
  });
export type TCreditScheme = z.infer<typeof ZCreditScheme>;
export type TCreditSchemeInput = z.input<typeof ZCreditScheme>;

/** A tenant's versions of one scheme: numbered from 1 without gaps, effective periods in order and never overlapping. */
export const ZCreditSchemeHistory = z
  .array(ZCreditScheme)
  .min(1, "至少需要一个版本")
  .superRefine((versions, ctx) => {
    const sorted = [...versions].sort((a, b) => a.version - b.version);
    sorted.forEach((v, i) => {
      if (v.key !== sorted[0]!.key) ctx.addIssue({ code: "custom", path: [i, "key"], message: "同一方案的各版本代码必须一致" });
      if (v.version !== i + 1) ctx.addIssue({ code: "custom", path: [i, "version"], message: `版本号应连续，缺少第 ${i + 1} 版` });
      const prev = sorted[i - 1];
      if (!prev) return;
      if (v.effectiveFrom <= prev.effectiveFrom) ctx.addIssue({ code: "custom", path: [i, "effectiveFrom"], message: `第 ${v.version} 版的生效日期须晚于第 ${prev.version} 版` });
      else if (prev.effectiveTo && prev.effectiveTo >= v.effectiveFrom)
        ctx.addIssue({ code: "custom", path: [i, "effectiveFrom"], message: `第 ${prev.version} 版与第 ${v.version} 版的生效期重叠` });
    });
  });

/** The version in effect on `day`: the newest that has started and not ended, or null. */
export function schemeInEffect(history: readonly TCreditScheme[], day: string): TCreditScheme | null {
  const live = history.filter((v) => v.effectiveFrom <= day && (!v.effectiveTo || v.effectiveTo >= day));
  return live.sort((a, b) => b.version - a.version)[0] ?? null;
}

// ─── Teachers and awards ───────────────────────────────────────────────────────────────────────

export const ZTeacherFacts = z
  .object({
    /** Needed for a hire-date cycle and the new-teacher track. */
    hireDate: ZDay.optional(),
    newTeacher: z.boolean().default(false),
    classTeacher: z.boolean().default(false),
    principal: z.boolean().default(false),
  })
  .strict();
export type TTeacherFacts = z.infer<typeof ZTeacherFacts>;

/** One ledger award as the engine reads it (reversals already netted out, see `effectiveEntries`). */
export const ZSchemeAward = z
  .object({
    id: z.string().min(1).max(100),
    title: z.string().max(200).optional(),
    hours: z.number().min(0, "学时不能为负数").max(10_000),
    category: ZCategory,
    level: ZLevel,
    role: z.enum(schemeRoles).default("participant"),
    date: ZDay,
    providerAccredited: z.boolean().default(true),
    /** Consecutive days the activity ran; absent when unknown (a minimum duration then refuses it). */
    durationDays: z.number().int().min(1).max(3650).optional(),
    assessmentPassed: z.boolean().default(true),
    topic: z.enum(awardTopics).optional(),
    /** A fixed-point item (课题, 论文 …): its value comes from the scheme, not from `hours`. */
    fixedPoint: z.enum(fixedPointKinds).optional(),
    /**
     * 学分 stated by the list it was imported from (decision 039): under a 学分 scheme they count as they are,
     * instead of `hours` × the rate; eligibility, a rate of 0 and the caps still apply. Under a 学时 scheme the
     * award's `hours` count (an award with 学分 only counts nothing there).
     */
    statedCredits: z.number().positive().max(1000).optional(),
  })
  .strict();
export type TSchemeAward = z.input<typeof ZSchemeAward>;
type TAward = z.infer<typeof ZSchemeAward>;

// ─── Calendar ──────────────────────────────────────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, "0");
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => isoDay(dayMs(d) + n * 86_400_000);

export type TPeriod = { start: string; end: string };

/** The credit year `day` falls in, named by the calendar year it starts in (Feb 2025–Jan 2026 is 2025). */
export function creditYearOf(scheme: Pick<TCreditScheme, "creditYearStartMonth">, day: string): number {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m >= scheme.creditYearStartMonth ? y : y - 1;
}

export function creditYearPeriod(scheme: Pick<TCreditScheme, "creditYearStartMonth">, year: number): TPeriod {
  const m = scheme.creditYearStartMonth;
  const start = `${year}-${pad(m)}-01`;
  const next = m === 1 ? `${year + 1}-01-01` : `${year + 1}-${pad(m)}-01`;
  return { start, end: addDays(next, -1) };
}

export type TSchemeCycle = TPeriod & { startYear: number; endYear: number };

/**
 * The cycle `day` falls in, as credit years. A calendar cycle follows `startYear` for everyone; a hire-date
 * cycle starts with the credit year of the teacher's hire date (without one it falls back to `startYear`,
 * or to the credit year of `day`).
 */
export function schemeCycleOf(scheme: Pick<TCreditScheme, "cycle" | "creditYearStartMonth">, day: string, facts: Pick<TTeacherFacts, "hireDate"> = {}): TSchemeCycle {
  const year = creditYearOf(scheme, day);
  const anchor =
    scheme.cycle.anchor === "hireDate" && facts.hireDate ? creditYearOf(scheme, facts.hireDate) : (scheme.cycle.startYear ?? year);
  const k = Math.floor((year - anchor) / scheme.cycle.years);
  const startYear = anchor + k * scheme.cycle.years;
  const endYear = startYear + scheme.cycle.years - 1;
  return { startYear, endYear, start: creditYearPeriod(scheme, startYear).start, end: creditYearPeriod(scheme, endYear).end };
}

// ─── Conversion ────────────────────────────────────────────────────────────────────────────────

/** Rounds as the scheme says; the epsilon keeps 0.3 × 3 = 0.8999… from falling to 0.8. */
export function roundAmount(scheme: Pick<TCreditScheme, "rounding">, n: number): number {
  const f = 10 ** scheme.rounding.decimals;
  const x = n * f;
  const r = scheme.rounding.mode === "floor" ? Math.floor(x + 1e-9) : scheme.rounding.mode === "ceil" ? Math.ceil(x - 1e-9) : Math.sign(x) * Math.round(Math.abs(x) + 1e-9);
  return r / f;
}

/** Sums kept in hundredths, so 0.1 + 0.2 is 0.3. */
const fix = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number) => String(fix(n));
/** A rate as people read it: 0.4, or 1/3 when it is one over a whole number of 学时. */
const fmtRate = (r: number) => {
  if (Math.round(r * 1e4) === r * 1e4) return String(r);
  const n = Math.round(1 / r);
  return Math.abs(n * r - 1) < 1e-9 ? `1/${n}` : String(Math.round(r * 1e4) / 1e4);
};

/** The rule that converts an award: the most specific one (level and role named beat either one, beat neither). */
export function conversionRuleFor(scheme: Pick<TCreditScheme, "conversions">, a: { category: TAwardCategory; level: TOrganiserLevel; role: TSchemeRole }): TConversionRule | null {
  const role = a.role;
  const candidates = scheme.conversions.filter(
    (r) => r.category === a.category && (r.level == null || r.level === a.level) && (r.role == null || r.role === role || (role === "assistant" && r.role === "participant")),
  );
  const score = (r: TConversionRule) => (r.level ? 2 : 0) + (r.role === role ? 1 : r.role ? 0.5 : 0);
  return candidates.sort((x, y) => score(y) - score(x))[0] ?? null;
}

export type TConversion = {
  /** Native units before caps (0 when excluded). */
  amount: number;
  rate: number | null;
  /** The amount is the list's stated 学分 (decision 039), not 学时 × the rate. */
  stated: boolean;
  /** How the amount came about, in Chinese (the explanation line after the award's name), or why it counts nothing. */
  how: string;
  excluded: string | null;
};

/**
 * Step 2 for one award that is not a fixed-point item: 学时 × the rate of its rule, rounded; or, under a 学分
 * scheme, the 学分 an imported list stated (decision 039) — still nothing when its rule's rate is 0. An award
 * with stated 学分 but no 学时 counts nothing under a 学时 scheme. Eligibility is checked before this.
 */
export function convertAward(scheme: Pick<TCreditScheme, "conversions" | "defaultRate" | "unit" | "rounding">, a: Pick<TAward, "category" | "level" | "role" | "hours" | "statedCredits">): TConversion {
  const u = unitLabel[scheme.unit];
  const rule = conversionRuleFor(scheme, a);
  const rate = rule ? rule.rate : scheme.defaultRate;
  const ruleName = rule ? `${categoryLabel[a.category]}${rule.level ? `·${levelLabel[a.level]}` : ""}${rule.role ? `·${roleLabel[rule.role]}` : ""}` : "默认折算";
  const none = (why: string): TConversion => ({ amount: 0, rate: null, stated: false, how: why, excluded: why });
  if (rate === 0) return none(a.statedCredits != null ? `名单认定 ${fmt(a.statedCredits)} 学分，但${categoryLabel[a.category]}在本方案中不计${u}` : `${categoryLabel[a.category]}在本方案中不计${u}`);
  if (a.statedCredits != null && scheme.unit === "credits") {
    const also = a.hours > 0 ? `（名单另记 ${fmt(a.hours)} 学时，不再折算）` : "";
    return { amount: a.statedCredits, rate, stated: true, how: `名单认定 ${fmt(a.statedCredits)} 学分，按名单计入${also}`, excluded: null };
  }
  if (a.statedCredits != null && a.hours <= 0) return none(`名单认定 ${fmt(a.statedCredits)} 学分，本方案以学时计，名单未给学时，不计`);
  const amount = roundAmount(scheme, a.hours * rate);
  const how = scheme.unit === "hours" && rate === 1 ? `计 ${fmt(amount)} ${u}` : `${fmt(a.hours)} 学时 × ${fmtRate(rate)} = ${fmt(amount)} ${u}`;
  const note = a.statedCredits != null ? `；名单另记 ${fmt(a.statedCredits)} 学分，本方案以学时计，不采用` : "";
  return { amount, rate, stated: false, how: `${how}（${ruleName}）${note}`, excluded: null };
}

// ─── The engine ────────────────────────────────────────────────────────────────────────────────

export type TAwardLine = {
  id: string;
  title?: string;
  date: string;
  creditYear: number;
  category: TAwardCategory;
  level: TOrganiserLevel;
  rawHours: number;
  /** Native units before caps (0 when not counted). */
  amount: number;
  rate: number | null;
  fixedPoint?: TFixedPointKind;
  /** 学分 stated by an imported list (decision 039). */
  statedCredits?: number;
  topic?: TAwardTopic;
  /** Why it counts nothing anywhere (eligibility, an unknown item), in Chinese; null when eligible. */
  excluded: string | null;
  /** Eligible, in the evaluated cycle and not after the day evaluated: it counts toward the cycle. */
  inCycle: boolean;
  /** Its explanation line (also in `explanation`): the conversion and rule applied, or why it counts nothing. */
  line: string;
};

export type TCategoryTotal = {
  rawHours: number;
  /** Converted, before caps. */
  amount: number;
  /** After the yearly and cycle caps. */
  counted: number;
  min: number | null;
  max: number | null;
  /** After cover rules. */
  shortfall: number;
};

export type TYearTotal = TPeriod & {
  year: number;
  rawHours: number;
  /** After the yearly caps. */
  counted: number;
  byCategory: Partial<Record<TAwardCategory, TCategoryTotal>>;
  minimum: number;
  shortfall: number;
  /** The year had ended by the day evaluated. */
  ended: boolean;
  /** Before the teacher's hire date: no minimum applies. */
  beforeHire: boolean;
};

export type TShortfall =
  | { kind: "cycle"; amount: number }
  | { kind: "year"; year: number; amount: number }
  | { kind: "yearCategory"; year: number; category: TAwardCategory; amount: number }
  | { kind: "cycleCategory"; category: TAwardCategory; amount: number }
  | { kind: "countyOrAbove"; amount: number }
  | { kind: "track"; track: "newTeacher" | "classTeacher" | "principal"; amount: number };

export type TSchemeStatus = "done" | "onTrack" | "behind";
export const statusLabel: Record<TSchemeStatus, string> = { done: "已达标", onTrack: "按计划", behind: "未达标" };

export type TFlag = { flag: TConsequenceFlag; ok: boolean; reason: string };

export type TTrackResult = { track: "newTeacher" | "classTeacher" | "principal"; required: number; achieved: number; shortfall: number; period: TPeriod };

export type TSchemeEvaluation = {
  scheme: { key: string; version: number; unit: TCreditUnit; name: string };
  asOf: string;
  cycle: TSchemeCycle;
  creditYear: number;
  awards: TAwardLine[];
  years: TYearTotal[];
  cycleTotal: {
    rawHours: number;
    /** Converted before caps. */
    amount: number;
    /** After every cap: what counts toward the requirement. */
    counted: number;
    minimum: number;
    shortfall: number;
    byCategory: Partial<Record<TAwardCategory, TCategoryTotal>>;
  };
  countyOrAbove: { amount: number; share: number; requiredAmount: number | null; requiredShare: number | null; shortfall: number } | null;
  tracks: TTrackResult[];
  shortfalls: TShortfall[];
  expectedByNow: number;
  expectedThisYear: number;
  status: TSchemeStatus;
  flags: TFlag[];
  /** 为何是 X 学分: one line per conversion, cap, cover and shortfall, in Chinese. */
  explanation: string[];
};

/** Fills each category's shortfall from the surplus of the categories the cover rules allow, in rule order. */
function applyCover(
  scheme: TCreditScheme,
  counted: Partial<Record<TAwardCategory, number>>,
  minOf: (c: TAwardCategory) => number | null,
  say: (s: string) => void,
  where: string,
): Partial<Record<TAwardCategory, number>> {
  const shortfall: Partial<Record<TAwardCategory, number>> = {};
  const surplus: Partial<Record<TAwardCategory, number>> = {};
  for (const c of awardCategories) {
    const min = minOf(c);
    const have = counted[c] ?? 0;
    if (min != null && have < min) shortfall[c] = fix(min - have);
    surplus[c] = fix(Math.max(0, have - (min ?? 0)));
  }
  for (const r of scheme.cover) {
    const need = shortfall[r.to] ?? 0;
    const spare = scheme.neverCovers.includes(r.from) ? 0 : (surplus[r.from] ?? 0);
    const used = fix(Math.min(need, spare));
    if (used <= 0) continue;
    shortfall[r.to] = fix(need - used);
    surplus[r.from] = fix(spare - used);
    say(`${where}${categoryLabel[r.from]}超出部分 ${fmt(used)} ${unitLabel[scheme.unit]}补足${categoryLabel[r.to]}的不足`);
  }
  for (const c of awardCategories) if ((shortfall[c] ?? 0) <= 0) delete shortfall[c];
  return shortfall;
}

/** Why an award counts nothing under the scheme's eligibility rules, or null. */
function ineligibility(scheme: TCreditScheme, a: TAward): string | null {
  const e = scheme.eligibility;
  if (e.accreditedProvidersOnly && !a.providerAccredited) return "举办机构未经认定，不计";
  const minDays = e.minDurationDays[a.category];
  if (minDays != null && (a.durationDays ?? 0) < minDays) return `${categoryLabel[a.category]}须连续至少 ${minDays} 天${a.durationDays ? `（实际 ${a.durationDays} 天）` : "（天数不详）"}，不计`;
  if (e.assessmentRequired && !a.assessmentPassed) return "考核未通过，不计";
  return null;
}

/**
 * Evaluates a teacher's awards under a scheme on `asOf`: the cycle and credit year it falls in, totals in raw
 * 学时 and native units, caps, shortfalls, tracks, pace, flags, and the explanation lines. Awards outside the
 * cycle are ignored (listed in `awards` with a reason), except for the new-teacher track and the annual
 * appraisal flag, which look at the first year from hire and the last ended credit year wherever they fall.
 */
export function evaluateScheme(scheme: TCreditScheme, factsIn: z.input<typeof ZTeacherFacts>, awardsIn: readonly TSchemeAward[], asOf: string): TSchemeEvaluation {
  const facts = ZTeacherFacts.parse(factsIn);
  // Awards come from the ledger (trusted, already typed); only their defaults are filled here, because a
  // zod parse per award was a third of the time of a tenant-wide preview. Parse untrusted awards with
  // ZSchemeAward at the boundary.
  const awards: TAward[] = awardsIn.map((a) => ({ ...a, role: a.role ?? "participant", providerAccredited: a.providerAccredited ?? true, assessmentPassed: a.assessmentPassed ?? true }));
  const u = unitLabel[scheme.unit];
  const lines: string[] = [];
  const say = (s: string) => lines.push(s);
  const cycle = schemeCycleOf(scheme, asOf, facts);
  const currentYear = creditYearOf(scheme, asOf);

  // 1–2. Eligibility and conversion, award by award.
  const awardLines: TAwardLine[] = awards
    .slice()
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1))
    .map((a) => {
      const creditYear = creditYearOf(scheme, a.date);
      const inCycle = creditYear >= cycle.startYear && creditYear <= cycle.endYear && a.date <= asOf;
      const base = { id: a.id, title: a.title, date: a.date, creditYear, category: a.category, level: a.level, rawHours: a.hours, fixedPoint: a.fixedPoint, topic: a.topic, inCycle };
      const name = a.title ? `「${a.title}」` : `${categoryLabel[a.category]}`;
      const excluded = (why: string): TAwardLine => {
        const line = `${a.date} ${name}：${why}`;
        say(line);
        return { ...base, amount: 0, rate: null, excluded: why, inCycle: false, line };
      };
      const bad = ineligibility(scheme, a);
      if (bad) return excluded(bad);
      if (a.fixedPoint) {
        const item = scheme.fixedPoints.find((f) => f.kind === a.fixedPoint);
        if (!item) return excluded(`本方案不认定${fixedPointLabel[a.fixedPoint]}，不计`);
        const value = item.valueByLevel[a.level];
        if (value == null) return excluded(`${fixedPointLabel[a.fixedPoint]}的${levelLabel[a.level]}不在认定范围，不计`);
        const line = `${a.date} ${name}：${levelLabel[a.level]}${fixedPointLabel[a.fixedPoint]}按定额计 ${fmt(value)} ${u}`;
        say(line);
        return { ...base, category: item.category, amount: value, rate: null, excluded: null, line };
      }
      const c = convertAward(scheme, a);
      if (c.excluded) return excluded(c.excluded);
      const line = `${a.date} ${name}（${levelLabel[a.level]}，${roleLabel[a.role]}）：${c.how}`;
      say(line);
      return { ...base, ...(c.stated ? { statedCredits: a.statedCredits } : {}), amount: c.amount, rate: c.rate, excluded: null, line };
    });

  // An award dated after the day evaluated has not happened yet as far as this evaluation knows.
  const counting = awardLines.filter((l) => l.inCycle);
  const eligibleUpToNow = awardLines.filter((l) => l.excluded == null && l.date <= asOf);

  // 3. Per credit year: fixed-point caps, then category yearly caps.
  const hireYear = facts.hireDate ? creditYearOf(scheme, facts.hireDate) : null;
  const years: TYearTotal[] = [];
  const cycleUncapped: Partial<Record<TAwardCategory, { raw: number; amount: number; afterYearCaps: number }>> = {};
  for (let y = cycle.startYear; y <= cycle.endYear; y++) {
    const period = creditYearPeriod(scheme, y);
    const ofYear = counting.filter((l) => l.creditYear === y);
    const perCat: Partial<Record<TAwardCategory, { raw: number; amount: number; fixedCut: number }>> = {};
    for (const l of ofYear) {
      const t = (perCat[l.category] ??= { raw: 0, amount: 0, fixedCut: 0 });
      t.raw = fix(t.raw + (l.fixedPoint ? 0 : l.rawHours));
      t.amount = fix(t.amount + l.amount);
    }
    // Fixed-point items: each kind capped per year, the cut taken off its category.
    for (const item of scheme.fixedPoints) {
      if (item.yearlyCap == null) continue;
      const ofKind = ofYear.filter((l) => l.fixedPoint === item.kind);
      const got = fix(sum(ofKind.map((l) => l.amount)));
      // Each award past the cap says so on its own line (in date order: the earliest count first).
      let running = 0;
      for (const l of ofKind) {
        const before = running;
        running = fix(running + l.amount);
        if (running <= item.yearlyCap) continue;
        const cut = fix(Math.min(l.amount, running - Math.max(before, item.yearlyCap)));
        const note = cut >= l.amount ? `；本年度已达上限 ${fmt(item.yearlyCap)}，此项不再计入` : `；本年度已达上限 ${fmt(item.yearlyCap)}，此项核减 ${fmt(cut)}`;
        const at = lines.indexOf(l.line);
        l.line = `${l.line}${note}`;
        if (at >= 0) lines[at] = l.line;
      }
      if (got > item.yearlyCap) {
        const cut = fix(got - item.yearlyCap);
        perCat[item.category]!.fixedCut = fix(perCat[item.category]!.fixedCut + cut);
        say(`${y} 学分年度${fixedPointLabel[item.kind]}共 ${fmt(got)} ${u}，年度上限 ${fmt(item.yearlyCap)}，核减 ${fmt(cut)}`);
      }
    }
    const byCategory: Partial<Record<TAwardCategory, TCategoryTotal>> = {};
    const countedByCat: Partial<Record<TAwardCategory, number>> = {};
    for (const c of awardCategories) {
      const t = perCat[c];
      const lim = scheme.categoryLimits[c];
      if (!t && lim?.yearMin == null) continue;
      const amount = t?.amount ?? 0;
      let counted = fix(amount - (t?.fixedCut ?? 0));
      if (lim?.yearMax != null && counted > lim.yearMax) {
        say(`${y} 学分年度${categoryLabel[c]}共 ${fmt(counted)} ${u}，年度上限 ${fmt(lim.yearMax)}，核减 ${fmt(counted - lim.yearMax)}`);
        counted = lim.yearMax;
      }
      countedByCat[c] = counted;
      byCategory[c] = { rawHours: t?.raw ?? 0, amount, counted, min: lim?.yearMin ?? null, max: lim?.yearMax ?? null, shortfall: 0 };
      const cu = (cycleUncapped[c] ??= { raw: 0, amount: 0, afterYearCaps: 0 });
      cu.raw = fix(cu.raw + (t?.raw ?? 0));
      cu.amount = fix(cu.amount + amount);
      cu.afterYearCaps = fix(cu.afterYearCaps + counted);
    }
    const ended = period.end < asOf;
    const started = period.start <= asOf;
    const beforeHire = hireYear != null && y < hireYear;
    const assessed = started && !beforeHire;
    // Category minimums per year (with cover) only for years that have started.
    const yearShort = assessed ? applyCover(scheme, countedByCat, (c) => scheme.categoryLimits[c]?.yearMin ?? null, say, `${y} 学分年度：`) : {};
    for (const [c, v] of Object.entries(yearShort) as [TAwardCategory, number][]) byCategory[c]!.shortfall = v;
    const counted = fix(sum(Object.values(countedByCat) as number[]));
    const minimum = assessed ? scheme.yearlyMinimum : 0;
    years.push({
      year: y,
      ...period,
      rawHours: fix(sum(ofYear.map((l) => (l.fixedPoint ? 0 : l.rawHours)))),
      counted,
      byCategory,
      minimum,
      shortfall: fix(Math.max(0, minimum - counted)),
      ended,
      beforeHire,
    });
  }

  // 4. Cycle caps.
  const byCategory: Partial<Record<TAwardCategory, TCategoryTotal>> = {};
  const cycleCounted: Partial<Record<TAwardCategory, number>> = {};
  for (const c of awardCategories) {
    const t = cycleUncapped[c];
    const lim = scheme.categoryLimits[c];
    if (!t && lim?.cycleMin == null) continue;
    let counted = t?.afterYearCaps ?? 0;
    if (lim?.cycleMax != null && counted > lim.cycleMax) {
      say(`本周期${categoryLabel[c]}共 ${fmt(counted)} ${u}，周期上限 ${fmt(lim.cycleMax)}，核减 ${fmt(counted - lim.cycleMax)}`);
      counted = lim.cycleMax;
    }
    cycleCounted[c] = counted;
    byCategory[c] = { rawHours: t?.raw ?? 0, amount: t?.amount ?? 0, counted, min: lim?.cycleMin ?? null, max: lim?.cycleMax ?? null, shortfall: 0 };
  }
  // 5. Cycle category minimums, with cover.
  const cycleShort = applyCover(scheme, cycleCounted, (c) => scheme.categoryLimits[c]?.cycleMin ?? null, say, "本周期：");
  for (const [c, v] of Object.entries(cycleShort) as [TAwardCategory, number][]) byCategory[c]!.shortfall = v;

  // 6. Totals.
  const counted = fix(sum(Object.values(cycleCounted) as number[]));
  const amount = fix(sum(counting.map((l) => l.amount)));
  const rawHours = fix(sum(counting.map((l) => (l.fixedPoint ? 0 : l.rawHours))));
  const cycleShortfall = fix(Math.max(0, scheme.cycleMinimum - counted));

  let countyOrAbove: TSchemeEvaluation["countyOrAbove"] = null;
  if (scheme.countyOrAbove) {
    // Before caps, but never more than what counts in all.
    const high = Math.min(counted, fix(sum(counting.filter((l) => isCountyOrAbove(l.level)).map((l) => l.amount))));
    const share = counted > 0 ? high / counted : 0;
    const reqA = scheme.countyOrAbove.minAmount ?? null;
    const reqS = scheme.countyOrAbove.minShare ?? null;
    // The share is measured against the cycle requirement once met, so a teacher is never asked to do less elsewhere.
    const needFromShare = reqS != null ? fix(reqS * Math.max(counted, scheme.cycleMinimum)) : 0;
    const need = Math.max(reqA ?? 0, needFromShare);
    countyOrAbove = { amount: fix(high), share: Math.round(share * 1000) / 1000, requiredAmount: reqA, requiredShare: reqS, shortfall: fix(Math.max(0, need - high)) };
  }

  const tracks: TTrackResult[] = [];
  if (scheme.tracks.newTeacher && facts.newTeacher && facts.hireDate) {
    const period = { start: facts.hireDate, end: addDays(`${Number(facts.hireDate.slice(0, 4)) + 1}${facts.hireDate.slice(4)}`, -1) };
    // Caps do not apply to a track; what was done in the first 12 months counts, whichever cycle it fell in.
    const achieved = fix(sum(eligibleUpToNow.filter((l) => l.date >= period.start && l.date <= period.end).map((l) => l.amount)));
    const required = scheme.tracks.newTeacher.firstYearMinimum;
    tracks.push({ track: "newTeacher", required, achieved, shortfall: fix(Math.max(0, required - achieved)), period });
  }
  for (const track of ["classTeacher", "principal"] as const) {
    const t = scheme.tracks[track];
    if (!t || !facts[track]) continue;
    const achieved = fix(sum(counting.filter((l) => l.topic === track).map((l) => l.amount)));
    tracks.push({ track, required: t.cycleMinimum, achieved, shortfall: fix(Math.max(0, t.cycleMinimum - achieved)), period: { start: cycle.start, end: cycle.end } });
  }

  const shortfalls: TShortfall[] = [];
  if (cycleShortfall > 0) shortfalls.push({ kind: "cycle", amount: cycleShortfall });
  for (const y of years) {
    if (y.shortfall > 0) shortfalls.push({ kind: "year", year: y.year, amount: y.shortfall });
    for (const [c, t] of Object.entries(y.byCategory) as [TAwardCategory, TCategoryTotal][]) if (t.shortfall > 0) shortfalls.push({ kind: "yearCategory", year: y.year, category: c, amount: t.shortfall });
  }
  for (const [c, t] of Object.entries(byCategory) as [TAwardCategory, TCategoryTotal][]) if (t.shortfall > 0) shortfalls.push({ kind: "cycleCategory", category: c, amount: t.shortfall });
  if (countyOrAbove && countyOrAbove.shortfall > 0) shortfalls.push({ kind: "countyOrAbove", amount: countyOrAbove.shortfall });
  for (const t of tracks) if (t.shortfall > 0) shortfalls.push({ kind: "track", track: t.track, amount: t.shortfall });

  // Pace: the cycle requirement spread evenly over its credit years, and the yearly minimum over the year.
  const cy = creditYearPeriod(scheme, currentYear);
  const yearDays = (dayMs(cy.end) - dayMs(cy.start)) / 86_400_000 + 1;
  const yearFraction = Math.min(1, Math.max(0, (dayMs(asOf) - dayMs(cy.start)) / 86_400_000 / yearDays));
  const floorTenth = (n: number) => Math.floor(n * 10 + 1e-9) / 10;
  const expectedByNow = floorTenth(Math.min(scheme.cycleMinimum, (scheme.cycleMinimum / scheme.cycle.years) * (currentYear - cycle.startYear + yearFraction)));
  const thisYear = years.find((y) => y.year === currentYear)!;
  const expectedThisYear = thisYear.beforeHire ? 0 : floorTenth(scheme.yearlyMinimum * yearFraction);
  // As creditPace: "done" once every cycle requirement is met; yearly minimums of past years show as
  // shortfalls and in the 年度考核 / 职称 flags, not in the status.
  const cycleDone = shortfalls.every((s) => s.kind === "year" || s.kind === "yearCategory");
  const onPace = counted >= expectedByNow && (cycleShortfall === 0 || thisYear.counted >= expectedThisYear);
  const status: TSchemeStatus = cycleDone ? "done" : onPace ? "onTrack" : "behind";
  const pastYearsMissed = shortfalls.filter((s) => (s.kind === "year" || s.kind === "yearCategory") && years.find((y) => y.year === s.year)!.ended).map((s) => (s as { year: number }).year);

  // Consequences, shown not enforced.
  const flags: TFlag[] = [];
  for (const f of scheme.flags) {
    if (f === "annualAppraisal") {
      const last = currentYear - 1;
      const lastYear = years.find((y) => y.year === last);
      let ok = true;
      let reason = "";
      if (hireYear != null && last < hireYear) reason = `${last} 学分年度尚未入职，不作要求`;
      else if (lastYear) {
        const catShort = Object.entries(lastYear.byCategory).filter(([, t]) => t && t.shortfall > 0);
        ok = lastYear.shortfall === 0 && catShort.length === 0;
        reason = ok ? `${last} 学分年度完成 ${fmt(lastYear.counted)} ${u}，达到年度要求` : `${last} 学分年度完成 ${fmt(lastYear.counted)} ${u}，未达到年度要求（最低 ${fmt(scheme.yearlyMinimum)}）`;
      } else {
        // The last credit year belongs to the cycle before: judge it from its own awards.
        const got = fix(sum(eligibleUpToNow.filter((l) => l.creditYear === last).map((l) => l.amount)));
        ok = got >= scheme.yearlyMinimum;
        reason = ok ? `${last} 学分年度完成 ${fmt(got)} ${u}，达到年度要求` : `${last} 学分年度完成 ${fmt(got)} ${u}，未达到年度要求（最低 ${fmt(scheme.yearlyMinimum)}）`;
      }
      flags.push({ flag: f, ok, reason });
    } else if (f === "reRegistration") {
      const ok = cycleDone;
      flags.push({ flag: f, ok, reason: ok ? `本周期要求已完成，可申请定期注册` : `本周期要求尚未完成，须在 ${cycle.end} 前完成` });
    } else {
      const ok = status !== "behind" && pastYearsMissed.length === 0;
      const missed = [...new Set(pastYearsMissed)].join("、");
      flags.push({ flag: f, ok, reason: ok ? `本周期${u}进度与历年年度要求均符合` : status === "behind" ? `本周期${u}未达进度要求` : `${missed} 学分年度未达年度要求` });
    }
  }

  say(`本周期（${cycle.start} 至 ${cycle.end}）计入 ${fmt(counted)} ${u}${scheme.unit === "credits" ? `（原始 ${fmt(rawHours)} 学时）` : ""}，要求 ${fmt(scheme.cycleMinimum)}${cycleShortfall > 0 ? `，还差 ${fmt(cycleShortfall)}` : "，已完成"}`);
  for (const s of shortfalls) {
    if (s.kind === "year") say(`${s.year} 学分年度完成 ${fmt(years.find((y) => y.year === s.year)!.counted)} ${u}，年度最低 ${fmt(scheme.yearlyMinimum)}，还差 ${fmt(s.amount)}`);
    else if (s.kind === "yearCategory") say(`${s.year} 学分年度${categoryLabel[s.category]}还差 ${fmt(s.amount)} ${u}`);
    else if (s.kind === "cycleCategory") say(`本周期${categoryLabel[s.category]}还差 ${fmt(s.amount)} ${u}`);
    else if (s.kind === "countyOrAbove") say(`县级及以上主办的还差 ${fmt(s.amount)} ${u}`);
    else if (s.kind === "track") say(`${trackLabel[s.track]}还差 ${fmt(s.amount)} ${u}`);
  }
  for (const f of flags) say(`${flagLabel[f.flag]}：${f.ok ? "符合" : "不符合"}（${f.reason}）`);

  return {
    scheme: { key: scheme.key, version: scheme.version, unit: scheme.unit, name: scheme.name },
    asOf,
    cycle,
    creditYear: currentYear,
    awards: awardLines,
    years,
    cycleTotal: { rawHours, amount, counted, minimum: scheme.cycleMinimum, shortfall: cycleShortfall, byCategory },
    countyOrAbove,
    tracks,
    shortfalls,
    expectedByNow,
    expectedThisYear,
    status,
    flags,
    explanation: lines,
  };
}

export const trackLabel: Record<TTrackResult["track"], string> = { newTeacher: "新教师首年培训", classTeacher: "班主任专项培训", principal: "校长专项培训" };

// ─── Preview of a scheme change ────────────────────────────────────────────────────────────────

export type TPreviewTeacher = { teacherId: string; facts: z.input<typeof ZTeacherFacts>; awards: readonly TSchemeAward[] };
export type TPreviewSide = { status: TSchemeStatus; counted: number; flags: Partial<Record<TConsequenceFlag, boolean>> };
export type TPreviewChange = { teacherId: string; before: TPreviewSide; after: TPreviewSide; statusChanged: boolean; flagsChanged: TConsequenceFlag[] };
export type TSchemePreview = {
  total: number;
  changed: number;
  /** Teachers per (before → after) status, e.g. `behind→onTrack`. */
  transitions: Record<string, number>;
  flags: Partial<Record<TConsequenceFlag, { gained: number; lost: number }>>;
  /** Only the teachers whose status, counted total or a flag differs. */
  changes: TPreviewChange[];
};

const side = (e: TSchemeEvaluation): TPreviewSide => ({ status: e.status, counted: e.cycleTotal.counted, flags: Object.fromEntries(e.flags.map((f) => [f.flag, f.ok])) });

/**
 * Who changes status when `next` replaces `current` on `asOf`: each teacher evaluated under both. A flag one
 * scheme does not show counts as neither gained nor lost.
 */
export function previewSchemeChange(current: TCreditScheme, next: TCreditScheme, teachers: readonly TPreviewTeacher[], asOf: string): TSchemePreview {
  const transitions: Record<string, number> = {};
  const flags: TSchemePreview["flags"] = {};
  const changes: TPreviewChange[] = [];
  for (const t of teachers) {
    const before = side(evaluateScheme(current, t.facts, t.awards, asOf));
    const after = side(evaluateScheme(next, t.facts, t.awards, asOf));
    const statusChanged = before.status !== after.status;
    if (statusChanged) transitions[`${before.status}→${after.status}`] = (transitions[`${before.status}→${after.status}`] ?? 0) + 1;
    const flagsChanged: TConsequenceFlag[] = [];
    for (const f of consequenceFlags) {
      const b = before.flags[f];
      const a = after.flags[f];
      if (b == null || a == null || a === b) continue;
      flagsChanged.push(f);
      const s = (flags[f] ??= { gained: 0, lost: 0 });
      if (a) s.gained++;
      else s.lost++;
    }
    if (statusChanged || flagsChanged.length > 0 || before.counted !== after.counted) changes.push({ teacherId: t.teacherId, before, after, statusChanged, flagsChanged });
  }
  return { total: teachers.length, changed: changes.filter((c) => c.statusChanged || c.flagsChanged.length > 0).length, transitions, flags, changes };
}

// ─── From the ledger ────────────────────────────────────────────────────────────────────────────

/** A `credit_award` row as the scheme engine needs it (hours as stored, evidence as stored). */
export type TLedgerAwardRow = {
  id: string;
  title: string;
  hours: number;
  category: TAwardCategory;
  organiserLevel: TOrganiserLevel;
  role: TSchemeRole;
  countsFor: string;
  source: TAwardSource;
  reversesAwardId: string | null;
  evidence: unknown;
  /** A certified fixed-point item (credit_award.fixed_point, decision 032); older writers put it in the evidence. */
  fixedPoint?: TFixedPointKind | null;
  /** 学分 an imported list stated (credit_award.stated_credits, decision 039). */
  statedCredits?: number | null;
};

/** The first value of `key` among the evidence items (objects) that carry it. */
function evidenceFact(evidence: unknown, key: string): unknown {
  if (!Array.isArray(evidence)) return undefined;
  for (const e of evidence) if (e && typeof e === "object" && key in e) return (e as Record<string, unknown>)[key];
  return undefined;
}

/**
 * Ledger rows → the engine's awards: reversed awards and reversals left out (as `effectiveEntries`), and the
 * eligibility facts read from the evidence when a writer recorded them (`providerAccredited`, `durationDays`,
 * `assessmentPassed`, `topic`, `fixedPoint` on any evidence item). Absent facts: the provider counts as
 * accredited and the assessment as passed (a course completion or an approved external award got through
 * both), and the duration is unknown, which a scheme's minimum duration refuses with "天数不详".
 */
export function schemeAwardsFromLedger(rows: readonly TLedgerAwardRow[]): TSchemeAward[] {
  const kept = new Set(effectiveEntries(rows).map((e) => e.id));
  return rows
    .filter((r) => kept.has(r.id))
    .map((r) => {
      const duration = evidenceFact(r.evidence, "durationDays");
      const topic = evidenceFact(r.evidence, "topic");
      const fixedPoint = r.fixedPoint ?? evidenceFact(r.evidence, "fixedPoint");
      return {
        id: r.id,
        title: r.title,
        hours: Math.max(0, r.hours),
        category: r.category,
        level: r.organiserLevel,
        role: r.role,
        date: r.countsFor,
        providerAccredited: evidenceFact(r.evidence, "providerAccredited") !== false,
        assessmentPassed: evidenceFact(r.evidence, "assessmentPassed") !== false,
        ...(typeof duration === "number" && Number.isInteger(duration) && duration >= 1 && duration <= 3650 ? { durationDays: duration } : {}),
        ...(typeof topic === "string" && (awardTopics as readonly string[]).includes(topic) ? { topic: topic as TAwardTopic } : {}),
        ...(typeof fixedPoint === "string" && (fixedPointKinds as readonly string[]).includes(fixedPoint) ? { fixedPoint: fixedPoint as TFixedPointKind } : {}),
        ...(r.statedCredits != null && Number.isFinite(r.statedCredits) && r.statedCredits > 0 ? { statedCredits: r.statedCredits } : {}),
      };
    });
}

// ─── Service inputs ─────────────────────────────────────────────────────────────────────────────

/** One teacher's totals under a scheme: the actor's own (no teacherId) or a teacher in the admin's scope. */
export const ZEvaluateSchemeInput = z
  .object({
    teacherId: z.uuid("notFound").optional(),
    scheme: ZCreditScheme,
    asOf: ZDay.optional(),
    facts: ZTeacherFacts.optional(),
  })
  .strict();
export type TEvaluateSchemeInput = z.input<typeof ZEvaluateSchemeInput>;

/** The whole tenant under the current scheme and a proposed one. */
export const ZPreviewSchemeInput = z.object({ current: ZCreditScheme, next: ZCreditScheme, asOf: ZDay.optional() }).strict();
export type TPreviewSchemeInput = z.input<typeof ZPreviewSchemeInput>;
