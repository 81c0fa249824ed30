import { creditPace, creditTotals, roundHours, type TAwardCategory, type TCreditPolicy, type TCreditTotals, type TLedgerEntry, type TOrganiserLevel } from "./credits.ts";
import { creditYearPeriod, evaluateScheme, schemeAwardsFromLedger, schemeCycleOf, type TCreditScheme, type TFixedPointKind, type TSchemeRole } from "./credit-scheme.ts";

/**
 * A teacher's credit status under the tenant's rules (decision 025), and where they stood at the end of a
 * past credit year (decision 038). Pure: the services read the rules and the ledger and call these, so the
 * live status (teacher_credit_status, the rollups) and the yearly on-pace history judge with one rule.
 */

/**
 * What status is computed by (decision 025): a `TCreditPolicy`, carrying the credit scheme in effect when the
 * tenant has published one. With a scheme, the policy's own figures are the scheme's (cycle, requirement,
 * yearly minimum, category cycle limits) so readers that only show them keep working, and `statusTotals` /
 * `paceStandard` compute with the scheme itself (converted units, caps, credit years).
 */
export type TStatusRules = TCreditPolicy & { scheme?: TCreditScheme };

/** A ledger row with what a scheme also reads (level, role, title, evidence). */
export type TStatusLedgerEntry = TLedgerEntry & { title?: string; organiserLevel?: TOrganiserLevel; role?: TSchemeRole; evidence?: unknown; fixedPoint?: TFixedPointKind | null; statedCredits?: number | null };

/** The simple policy a scheme shows as on `day` (its cycle as of that day): for display only. */
export function policyOfScheme(scheme: TCreditScheme, day: string): TStatusRules {
  const categoryLimits: TCreditPolicy["categoryLimits"] = {};
  for (const [c, l] of Object.entries(scheme.categoryLimits)) {
    if (l?.cycleMin == null && l?.cycleMax == null) continue;
    categoryLimits[c as TAwardCategory] = { ...(l.cycleMin != null ? { min: l.cycleMin } : {}), ...(l.cycleMax != null ? { max: l.cycleMax } : {}) };
  }
  return {
    cycleStartYear: schemeCycleOf(scheme, day).startYear,
    cycleYears: scheme.cycle.years,
    requiredHours: scheme.cycleMinimum,
    yearlyMinimum: scheme.yearlyMinimum,
    categoryLimits,
    scheme,
  };
}

/**
 * A teacher's totals under the rules: `creditTotals` under a policy; under a scheme, the scheme's evaluation
 * in the same shape (amounts in the scheme's unit, the year its credit year, rounded to a tenth as
 * teacher_credit_status stores them).
 */
export function statusTotals(rules: TStatusRules, entries: readonly TStatusLedgerEntry[], today: string): TCreditTotals {
  if (!rules.scheme) return creditTotals(rules, entries, today);
  const e = evaluateScheme(
    rules.scheme,
    {},
    schemeAwardsFromLedger(entries.map((r) => ({ ...r, title: r.title ?? "", organiserLevel: r.organiserLevel ?? "school", role: r.role ?? "participant", reversesAwardId: r.reversesAwardId ?? null, evidence: r.evidence ?? [] }))),
    today,
  );
  const byCategory: TCreditTotals["byCategory"] = {};
  const categoryShortfalls: TCreditTotals["categoryShortfalls"] = {};
  for (const [c, t] of Object.entries(e.cycleTotal.byCategory)) {
    if (!t) continue;
    if (t.counted > 0) byCategory[c as TAwardCategory] = roundHours(t.counted);
    if (t.shortfall > 0) categoryShortfalls[c as TAwardCategory] = roundHours(t.shortfall);
  }
  const byYear: Record<number, number> = {};
  for (const y of e.years) byYear[y.year] = roundHours(y.counted);
  const yearHours = byYear[e.creditYear] ?? 0;
  const cycleHours = roundHours(e.cycleTotal.counted);
  return {
    cycle: { startYear: e.cycle.startYear, endYear: e.cycle.endYear, start: e.cycle.start, end: e.cycle.end },
    cycleHours,
    byCategory,
    byYear,
    year: e.creditYear,
    yearHours,
    expectedByNow: e.expectedByNow,
    expectedThisYear: e.expectedThisYear,
    pace: e.status,
    categoryShortfalls,
    requiredHours: rules.scheme.cycleMinimum,
    yearlyMinimum: rules.scheme.yearlyMinimum,
    yearShortfall: roundHours(Math.max(0, rules.scheme.yearlyMinimum - yearHours)),
    percent: Math.min(100, Math.floor((cycleHours / rules.scheme.cycleMinimum) * 100)),
  };
}

/** What the plan asks of everyone by `day` (the same for every teacher: facts are not stored, decision 025). */
export type TPaceStandard = { cycle: TCreditTotals["cycle"]; year: number; expectedByNow: number; expectedThisYear: number; requiredHours: number };

/** The plan's figures for `day` under the rules (creditPace's, or the scheme engine's). */
export function paceStandard(rules: TStatusRules, day: string): TPaceStandard {
  const p = rules.scheme ? statusTotals(rules, [], day) : creditPace(rules, day, { cycleHours: 0, yearHours: 0 });
  return { cycle: p.cycle, year: p.year, expectedByNow: p.expectedByNow, expectedThisYear: p.expectedThisYear, requiredHours: rules.requiredHours };
}

/**
 * THE on-pace verdict of the dashboards (进度达标): creditPace's "not behind" on a teacher's cycle and year
 * figures — cycle ≥ expectedByNow and (year ≥ expectedThisYear or the cycle requirement met). The rollups'
 * SQL (`paceOn().onPaceSql`) is this predicate over stored figures; a school's teacher list and the yearly
 * history call this one.
 */
export function isOnPace(figures: { cycleHours: number; yearHours: number }, standard: Pick<TPaceStandard, "expectedByNow" | "expectedThisYear" | "requiredHours">): boolean {
  return figures.cycleHours >= standard.expectedByNow && (figures.yearHours >= standard.expectedThisYear || figures.cycleHours >= standard.requiredHours);
}

/**
 * The last day of credit year `year` (named by the calendar year it starts in): 31 December under a policy
 * or a calendar-year scheme, the day before the next start month otherwise (陕西's Feb–Jan year 2025 ends on
 * 31 January 2026). The yearly history judges a year on this day, as the live figures stood on it.
 */
export function creditYearEnd(rules: TStatusRules, year: number): string {
  return rules.scheme ? creditYearPeriod(rules.scheme, year).end : `${year}-12-31`;
}

/**
 * The ledger as it counts on `day`: awards dated up to that day, and every reversal whatever its date (a
 * correction recorded later still takes the award away: the history is the ledger as corrected, not as
 * it was typed in then).
 */
export function ledgerUpTo<T extends TLedgerEntry>(entries: readonly T[], day: string): T[] {
  return entries.filter((e) => e.source === "reversal" || e.countsFor <= day);
}

export type TYearEndStanding = { day: string; year: number; cycleHours: number; yearHours: number; onPace: boolean };

/**
 * Where a teacher stood at the end of credit year `year` (decision 038): the awards dated up to its last
 * day, valued by `rules` (the scheme version in effect that day — the caller reads it), judged by the
 * pace the plan asked of that day. The same totals and the same verdict as the live status on that day.
 */
export function yearEndStanding(rules: TStatusRules, entries: readonly TStatusLedgerEntry[], year: number): TYearEndStanding {
  const day = creditYearEnd(rules, year);
  const totals = statusTotals(rules, ledgerUpTo(entries, day), day);
  const standard = paceStandard(rules, day);
  return { day, year: totals.year, cycleHours: totals.cycleHours, yearHours: totals.yearHours, onPace: isOnPace(totals, standard) };
}
