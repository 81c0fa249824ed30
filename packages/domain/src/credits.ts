import { z } from "zod";
import { listPageShape } from "./list-page.ts";

/**
 * The 学分银行 rules as data (DOMAIN.md, "Credit hours"): the ledger keeps raw 学时 with category,
 * organiser level and role; totals, cycles and pace are computed here from a tenant's versioned policy,
 * so a change of rules recomputes everything from the raw facts. Pure functions, no I/O.
 */

export const awardCategories = ["concentrated", "online", "schoolBased", "shadowing", "outreach", "degree", "studio", "coTeaching", "selfStudy"] as const;
export type TAwardCategory = (typeof awardCategories)[number];
export const ZAwardCategory = z.enum(awardCategories);

export const organiserLevels = ["national", "provincial", "city", "county", "school"] as const;
export type TOrganiserLevel = (typeof organiserLevels)[number];
export const ZOrganiserLevel = z.enum(organiserLevels);

export const awardSources = ["courseCompletion", "liveSession", "coTeaching", "external", "manual", "reversal", "trainingProject", "fixedPoint"] as const;
export type TAwardSource = (typeof awardSources)[number];

export const ZCreditPolicy = z
  .object({
    /** The first year of the first cycle (cycles follow each other: 2021–2025, 2026–2030 …). */
    cycleStartYear: z.number().int().min(2000).max(2100),
    cycleYears: z.number().int().min(1).max(10),
    requiredHours: z.number().min(1).max(10_000),
    yearlyMinimum: z.number().min(0).max(10_000),
    /** Optional minimum and maximum 学时 per category within a cycle (a maximum caps what counts). */
    categoryLimits: z
      .partialRecord(
        ZAwardCategory,
        z
          .object({ min: z.number().min(0).optional(), max: z.number().min(0).optional() })
          .strict()
          .refine((l) => l.min == null || l.max == null || l.min <= l.max, { message: "类别最低学时不能超过上限" }),
      )
      .default({}),
  })
  .strict()
  .refine((p) => p.yearlyMinimum <= p.requiredHours, { path: ["yearlyMinimum"], message: "每年最低学时不能超过周期要求" });
export type TCreditPolicy = z.infer<typeof ZCreditPolicy>;

/** The national rule: 360 学时 every 5 years, 72 a year on average. */
export const defaultCreditPolicy: TCreditPolicy = { cycleStartYear: 2021, cycleYears: 5, requiredHours: 360, yearlyMinimum: 72, categoryLimits: {} };

export type TCycle = { startYear: number; endYear: number; start: string; end: string };

/** The cycle a day (YYYY-MM-DD) falls in. Days before the first cycle fall in the cycles before it. */
export function cycleOf(policy: Pick<TCreditPolicy, "cycleStartYear" | "cycleYears">, day: string): TCycle {
  const year = Number(day.slice(0, 4));
  const k = Math.floor((year - policy.cycleStartYear) / policy.cycleYears);
  const startYear = policy.cycleStartYear + k * policy.cycleYears;
  const endYear = startYear + policy.cycleYears - 1;
  return { startYear, endYear, start: `${startYear}-01-01`, end: `${endYear}-12-31` };
}

/** A ledger row as the sums need it; `hours` may be negative on reversals. */
export type TLedgerEntry = {
  id: string;
  hours: number;
  category: TAwardCategory;
  countsFor: string;
  source: TAwardSource;
  reversesAwardId: string | null;
};

/** Rounds to a tenth, as the ledger stores hours. */
export const roundHours = (n: number) => Math.round(n * 10) / 10;

/**
 * Entries that still count: awards not reversed. A reversal cancels its award whole (and counts
 * nothing itself); a reversal of an unknown award is ignored.
 */
export function effectiveEntries(entries: readonly TLedgerEntry[]): TLedgerEntry[] {
  const reversed = new Set(entries.filter((e) => e.source === "reversal" && e.reversesAwardId).map((e) => e.reversesAwardId!));
  return entries.filter((e) => e.source !== "reversal" && !reversed.has(e.id));
}

export type TCreditTotals = {
  cycle: TCycle;
  /** 学时 counted in the cycle, after category caps. */
  cycleHours: number;
  /** 学时 in the cycle by category, after caps. */
  byCategory: Partial<Record<TAwardCategory, number>>;
  /** 学时 per calendar year of the cycle (before caps). */
  byYear: Record<number, number>;
  year: number;
  yearHours: number;
  /** 按计划至今应完成: the cycle 学时 the plan asks for by `today` (see `creditPace`). */
  expectedByNow: number;
  /** What the yearly minimum asks of `today`'s year by `today` (see `creditPace`). */
  expectedThisYear: number;
  pace: TPaceVerdict;
  /** Categories whose cycle minimum is not met yet. */
  categoryShortfalls: Partial<Record<TAwardCategory, number>>;
  /** The policy's cycle requirement and yearly minimum, and what `today`'s year still lacks of it. */
  requiredHours: number;
  yearlyMinimum: number;
  yearShortfall: number;
  /** Progress toward the cycle requirement, 0–100. */
  percent: number;
};

export type TPaceVerdict = "done" | "onTrack" | "behind";

export type TPace = {
  cycle: TCycle;
  year: number;
  /** 按计划至今应完成: the cycle 学时 the plan asks for by `day`. */
  expectedByNow: number;
  /** The part of the yearly minimum the plan asks of `day`'s year by `day`. */
  expectedThisYear: number;
  pace: TPaceVerdict;
  /** What `day`'s year still lacks of the yearly minimum (今年还差). */
  yearShortfall: number;
};

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** Days of `day`'s year that have passed before it (0 on 1 January). */
const daysPassedInYear = (day: string) => (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${day.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000;
/** Rounds down to a tenth (the plan never asks for more than its share); the epsilon absorbs float noise. */
const floorHours = (n: number) => Math.floor(n * 10 + 1e-9) / 10;

/**
 * THE pace rule; every page (我的学时, the admin's 周期学时 list and teacher view) and the 统计汇总 rollup judge
 * pace with it (the SQL of the list and the rollup, `onPaceSql` in packages/db, is this predicate on the
 * figures it returns). A day counts once it has passed. By a day D the plan asks for:
 *   - cycle (按计划至今应完成): requiredHours / cycleYears for every year of D's cycle already ended, plus
 *     the same share pro rata for the days of D's year before D;
 *   - year: the yearly minimum pro rata for the same days of D's year;
 * each rounded down to a tenth. Pace is "done" when the cycle requirement and every category minimum are
 * met; else "onTrack" when cycle 学时 reach the cycle figure and this year's 学时 reach the year figure (the
 * year figure stops counting once the cycle requirement is met in hours); else "behind".
 * So nothing of a year is due on its 1 January (nobody is behind on the first day of a cycle), and by
 * December nearly the whole yearly minimum is due: 今年还差 70 in December is behind, never 按计划 (on
 * 31 December 364/365 of it is due, as that day has not passed yet; from 1 January the year is over).
 */
export function creditPace(
  policy: TCreditPolicy,
  day: string,
  hours: { cycleHours: number; yearHours: number; categoryShortfalls?: Partial<Record<TAwardCategory, number>> },
): TPace {
  const cycle = cycleOf(policy, day);
  const year = Number(day.slice(0, 4));
  const yearFraction = daysPassedInYear(day) / (isLeapYear(year) ? 366 : 365);
  const share = policy.requiredHours / policy.cycleYears;
  const expectedByNow = floorHours(Math.min(policy.requiredHours, share * (year - cycle.startYear + yearFraction)));
  const expectedThisYear = floorHours(policy.yearlyMinimum * yearFraction);
  const met = hours.cycleHours >= policy.requiredHours;
  const done = met && Object.keys(hours.categoryShortfalls ?? {}).length === 0;
  const onPace = hours.cycleHours >= expectedByNow && (met || hours.yearHours >= expectedThisYear);
  return {
    cycle,
    year,
    expectedByNow,
    expectedThisYear,
    pace: done ? "done" : onPace ? "onTrack" : "behind",
    yearShortfall: roundHours(Math.max(0, policy.yearlyMinimum - hours.yearHours)),
  };
}

/** Totals for the cycle `today` falls in, with caps applied and the pace toward the cycle's requirement. */
export function creditTotals(policy: TCreditPolicy, entries: readonly TLedgerEntry[], today: string): TCreditTotals {
  const cycle = cycleOf(policy, today);
  const year = Number(today.slice(0, 4));
  const inCycle = effectiveEntries(entries).filter((e) => e.countsFor >= cycle.start && e.countsFor <= cycle.end);
  const rawByCategory: Partial<Record<TAwardCategory, number>> = {};
  const byYear: Record<number, number> = {};
  for (let y = cycle.startYear; y <= cycle.endYear; y++) byYear[y] = 0;
  for (const e of inCycle) {
    rawByCategory[e.category] = roundHours((rawByCategory[e.category] ?? 0) + e.hours);
    const y = Number(e.countsFor.slice(0, 4));
    byYear[y] = roundHours((byYear[y] ?? 0) + e.hours);
  }
  const byCategory: Partial<Record<TAwardCategory, number>> = {};
  const categoryShortfalls: Partial<Record<TAwardCategory, number>> = {};
  for (const c of awardCategories) {
    const raw = rawByCategory[c] ?? 0;
    const lim = policy.categoryLimits[c];
    const counted = lim?.max != null ? Math.min(raw, lim.max) : raw;
    if (raw > 0) byCategory[c] = roundHours(counted);
    if (lim?.min != null && counted < lim.min) categoryShortfalls[c] = roundHours(lim.min - counted);
  }
  const cycleHours = roundHours(Object.values(byCategory).reduce((s, h) => s + (h ?? 0), 0));
  const yearHours = byYear[year] ?? 0;
  const { expectedByNow, expectedThisYear, pace, yearShortfall } = creditPace(policy, today, { cycleHours, yearHours, categoryShortfalls });
  return {
    cycle,
    cycleHours,
    byCategory,
    byYear,
    year,
    yearHours,
    expectedByNow,
    expectedThisYear,
    pace,
    categoryShortfalls,
    requiredHours: policy.requiredHours,
    yearlyMinimum: policy.yearlyMinimum,
    yearShortfall,
    percent: Math.min(100, Math.floor((cycleHours / policy.requiredHours) * 100)),
  };
}

/** The organiser level of a course from its institution's depth in the org tree (province = 1). */
export function organiserLevelOf(institution: { kind: string; depth: number }): TOrganiserLevel {
  const byKind: Record<string, TOrganiserLevel> = { province: "provincial", city: "city", county: "county", school: "school" };
  if (byKind[institution.kind]) return byKind[institution.kind]!;
  // A development centre or training institution sits under the level that runs it.
  if (institution.depth <= 2) return "provincial";
  if (institution.depth === 3) return "city";
  return "county";
}

/** A course counts as 集中培训 when it has an offline (集中) session, else as 网络研修. */
export function courseAwardCategory(unitKinds: readonly string[]): TAwardCategory {
  return unitKinds.includes("offlineSession") ? "concentrated" : "online";
}

// ─── The people-facing side: external awards, reversals, the admin lists ─────────────────────────

const ZId = z.uuid("notFound");
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** A calendar day, YYYY-MM-DD, that exists (2025-02-30 does not). */
export const ZDay = z
  .string("请填写日期")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD")
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, "日期不存在");

/** 学时 as a form gives them: a positive number in tenths, at most 1,000 for one award. */
export const ZAwardHours = z.coerce
  .number("请填写学时")
  .refine((n) => Number.isFinite(n), "请填写学时")
  .refine((n) => n > 0, "学时必须大于 0")
  .refine((n) => n <= 1000, "单次学时不能超过 1000")
  .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, "学时最多保留一位小数");

/**
 * Training done elsewhere, asked to be counted: by the teacher for themselves (no `teacherId`) or by an
 * admin for a teacher in their scope. The proof file is required.
 */
export const ZExternalAwardInput = z
  .object({
    teacherId: z.preprocess(blankToUndefined, ZId.optional()),
    title: z.string("请填写培训名称").trim().min(1, "请填写培训名称").max(200, "培训名称最多 200 字"),
    issuer: z.string("请填写发证单位").trim().min(1, "请填写发证单位").max(200, "发证单位最多 200 字"),
    certificateNo: z.preprocess(blankToUndefined, z.string().trim().max(100, "证书编号最多 100 字").optional()),
    hours: ZAwardHours,
    category: z.enum(awardCategories, "请选择学时类别"),
    organiserLevel: z.enum(organiserLevels, "请选择主办级别"),
    completedOn: ZDay,
    proofFileId: z.preprocess(blankToUndefined, z.uuid("请上传证明材料")),
  })
  .strict();
export type TExternalAwardInput = z.infer<typeof ZExternalAwardInput>;

export const ZApproveExternalInput = z.object({ requestId: ZId }).strict();
export const ZRejectExternalInput = z
  .object({ requestId: ZId, comment: z.string("请填写驳回理由").trim().min(1, "请填写驳回理由").max(500, "驳回理由最多 500 字") })
  .strict();
export const ZReverseAwardInput = z
  .object({ awardId: ZId, reason: z.string("请填写冲销理由").trim().min(1, "请填写冲销理由").max(500, "冲销理由最多 500 字") })
  .strict();
export const ZRequestListQuery = z.object({ after: z.string().max(200).optional() }).strict();

/**
 * The admin list of teachers' cycle status: optionally only those behind pace, or matching a name (or exactly a
 * 教师编号); numbered pages (20/50/100) sorted by 姓名, 学校 or 周期学时.
 */
export const cycleStatusSorts = ["name", "school", "cycleHours"] as const;
export type TCycleStatusSort = (typeof cycleStatusSorts)[number];
export const ZCycleStatusQuery = z
  .object({
    behind: z.preprocess((v) => v === true || v === "1" || v === "on" || v === "true", z.boolean()).default(false),
    q: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(64).optional()),
    ...listPageShape({ sorts: cycleStatusSorts, sort: "name", size: 50 }),
  })
  .strict();
export type TCycleStatusQuery = z.infer<typeof ZCycleStatusQuery>;

/** Folds what people type differently (full-width forms, case, spaces, punctuation) before comparing. */
export function normalizeForFingerprint(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

/**
 * What makes two external awards the same training: the issuer and certificate number when there is
 * one (whoever claims it), else the teacher, title and day.
 */
export function externalAwardFingerprint(a: { teacherId: string; title: string; issuer: string; certificateNo?: string | null; completedOn: string }): string {
  const no = a.certificateNo ? normalizeForFingerprint(a.certificateNo) : "";
  if (no) return `cert:${normalizeForFingerprint(a.issuer)}|${no}`;
  return titleDayFingerprint(a.teacherId, a.title, a.completedOn);
}

/** The teacher + title + day form, also compared against awards already in the ledger. */
export function titleDayFingerprint(teacherId: string, title: string, day: string): string {
  return `title:${teacherId}|${normalizeForFingerprint(title)}|${day}`;
}

/**
 * Why an award may not be reversed, or null when it may: a reversal is final (reversing it would
 * resurrect what an admin cancelled), and an award is reversed at most once.
 */
export function reversalRefusal(award: Pick<TLedgerEntry, "id" | "source">, ledger: readonly Pick<TLedgerEntry, "source" | "reversesAwardId">[]): "cannotReverseReversal" | "alreadyReversed" | null {
  if (award.source === "reversal") return "cannotReverseReversal";
  if (ledger.some((e) => e.source === "reversal" && e.reversesAwardId === award.id)) return "alreadyReversed";
  return null;
}

/**
 * What a ledger row's `evidence` holds, one item each: the course completed, its units, an offline
 * check-in, an uploaded proof, the request an external award came from. Objects are loose (writers may
 * add fields); readers skip items they do not know.
 */
export const ZEvidenceItem = z.discriminatedUnion("kind", [
  z.looseObject({ kind: z.literal("course"), courseId: z.uuid(), versionId: z.uuid().optional() }),
  z.looseObject({ kind: z.literal("unit"), unitId: z.uuid(), versionId: z.uuid().optional() }),
  z.looseObject({ kind: z.literal("units"), unitIds: z.array(z.uuid()), versionId: z.uuid().optional() }),
  z.looseObject({ kind: z.literal("checkIn"), unitId: z.uuid(), versionId: z.uuid().optional() }),
  z.looseObject({ kind: z.literal("attendance"), unitId: z.uuid(), versionId: z.uuid().optional() }),
  z.looseObject({ kind: z.literal("file"), fileId: z.uuid() }),
  z.looseObject({ kind: z.literal("request"), requestId: z.uuid() }),
  z.looseObject({ kind: z.literal("award"), awardId: z.uuid() }),
  z.looseObject({ kind: z.literal("project"), projectId: z.uuid(), attendedDays: z.number().int().min(0).optional() }),
]);
export type TEvidenceItem = z.infer<typeof ZEvidenceItem>;

/** The items of an evidence value that parse; anything else is left out rather than failing the page. */
export function parseEvidence(value: unknown): TEvidenceItem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const r = ZEvidenceItem.safeParse(v);
    return r.success ? [r.data] : [];
  });
}
