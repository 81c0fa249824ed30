import { z } from "zod";

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

export const awardSources = ["courseCompletion", "liveSession", "coTeaching", "external", "manual", "reversal"] as const;
export type TAwardSource = (typeof awardSources)[number];

export const ZCreditPolicy = z
  .object({
    /** The first year of the first cycle (cycles follow each other: 2021–2025, 2026–2030 …). */
    cycleStartYear: z.number().int().min(2000).max(2100),
    cycleYears: z.number().int().min(1).max(10),
    requiredHours: z.number().min(1).max(10_000),
    yearlyMinimum: z.number().min(0).max(10_000),
    /** Optional minimum and maximum 学时 per category within a cycle (a maximum caps what counts). */
    categoryLimits: z.partialRecord(ZAwardCategory, z.object({ min: z.number().min(0).optional(), max: z.number().min(0).optional() }).strict()).default({}),
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
  /** What should be done by the end of `today`'s year to finish on time. */
  expectedByNow: number;
  pace: "done" | "onTrack" | "behind";
  /** Categories whose cycle minimum is not met yet. */
  categoryShortfalls: Partial<Record<TAwardCategory, number>>;
};

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
  const yearsElapsed = Math.min(policy.cycleYears, Math.max(0, year - cycle.startYear + 1));
  const expectedByNow = roundHours(Math.min(policy.requiredHours, (policy.requiredHours / policy.cycleYears) * yearsElapsed));
  const pace = cycleHours >= policy.requiredHours ? "done" : cycleHours >= expectedByNow ? "onTrack" : "behind";
  return { cycle, cycleHours, byCategory, byYear, year, yearHours: byYear[year] ?? 0, expectedByNow, pace, categoryShortfalls };
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
