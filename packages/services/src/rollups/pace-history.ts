import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { creditYearEnd, yearEndStanding, type TStatusLedgerEntry, type TStatusRules, type TYearEndStanding } from "@yanxiu/domain/credit-status";
import type { Database, Tx } from "@yanxiu/db/client";
import { creditAward, orgPaceSnapshot, orgUnit, teacherProfile } from "@yanxiu/db/schema";
import { chinaDay, currentPolicy, ledgerColumns, ledgerEntry } from "../credits/status.ts";

/**
 * 进度达标 history (decision 038). "On pace at the end of credit year Y" is `yearEndStanding` (domain): the
 * awards dated up to the year's last day, valued by the scheme version (or policy) in effect that day, judged
 * by the pace asked of that day — the live status's own rule, on that day. Summed per org unit (its subtree)
 * into `org_pace_snapshot`, which the dashboard and the annual report of a closed year read.
 * Membership is the teachers' units as they are when the snapshot is computed (there is no history of it).
 */

/** The day a credit year is judged on, and the rules in effect then. */
export async function yearEndRules(tx: Tx, year: number): Promise<{ day: string; rules: TStatusRules }> {
  // The scheme in effect on 31 December says when its credit year ends (a Feb–Jan year ends in January).
  const atDecember = (await currentPolicy(tx, `${year}-12-31`)).rules;
  const day = creditYearEnd(atDecember, year);
  return { day, rules: day === `${year}-12-31` ? atDecember : (await currentPolicy(tx, day)).rules };
}

const batchSize = 5000;

/** Where every teacher of the tenant stood at the end of `year`, by school (rural and not), in batches of teachers. */
async function standingsBySchool(tx: Tx, rules: TStatusRules, year: number) {
  const bySchool = new Map<string, { teachers: number; onPace: number; rural: number; ruralOnPace: number; yearHours: number; cycleHours: number }>();
  let after = "";
  let day = creditYearEnd(rules, year);
  for (;;) {
    const teachers = await tx
      .select({ id: teacherProfile.userId, schoolId: teacherProfile.schoolId, rural: teacherProfile.rural })
      .from(teacherProfile)
      .where(after ? gt(teacherProfile.userId, after) : undefined)
      .orderBy(asc(teacherProfile.userId))
      .limit(batchSize);
    if (teachers.length === 0) break;
    after = teachers[teachers.length - 1]!.id;
    const ledger = await tx
      .select({ teacherId: creditAward.teacherId, ...ledgerColumns })
      .from(creditAward)
      .where(
        inArray(
          creditAward.teacherId,
          teachers.map((t) => t.id),
        ),
      );
    const byTeacher = new Map<string, TStatusLedgerEntry[]>();
    for (const { teacherId, ...r } of ledger) {
      const list = byTeacher.get(teacherId) ?? [];
      list.push(ledgerEntry(r));
      byTeacher.set(teacherId, list);
    }
    for (const t of teachers) {
      const s = yearEndStanding(rules, byTeacher.get(t.id) ?? [], year);
      day = s.day;
      const b = bySchool.get(t.schoolId) ?? { teachers: 0, onPace: 0, rural: 0, ruralOnPace: 0, yearHours: 0, cycleHours: 0 };
      b.teachers += 1;
      b.onPace += s.onPace ? 1 : 0;
      b.rural += t.rural ? 1 : 0;
      b.ruralOnPace += t.rural && s.onPace ? 1 : 0;
      b.yearHours += s.yearHours;
      b.cycleHours += s.cycleHours;
      bySchool.set(t.schoolId, b);
    }
    if (teachers.length < batchSize) break;
  }
  return { day, bySchool };
}

/**
 * Computes the tenant's on-pace history for `year` from the ledger and replaces the year's rows (every org
 * unit, zeros included), under a per-tenant-and-year lock so two runs at once write it once each in turn.
 * Returns the rows written.
 */
export async function computePaceSnapshotIn(tx: Tx, tenantId: string, year: number): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pace-snapshot:${tenantId}`}), ${year})`);
  const { day, rules } = await yearEndRules(tx, year);
  const { bySchool } = await standingsBySchool(tx, rules, year);
  const units = await tx.select({ id: orgUnit.id, path: orgUnit.path }).from(orgUnit);
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  const sums = new Map(units.map((u) => [u.id, { teachers: 0, onPace: 0, rural: 0, ruralOnPace: 0, yearHours: 0, cycleHours: 0 }]));
  for (const [schoolId, b] of bySchool) {
    for (const id of (pathOf.get(schoolId) ?? "").split("/").filter(Boolean)) {
      const s = sums.get(id);
      if (!s) continue;
      s.teachers += b.teachers;
      s.onPace += b.onPace;
      s.rural += b.rural;
      s.ruralOnPace += b.ruralOnPace;
      s.yearHours += b.yearHours;
      s.cycleHours += b.cycleHours;
    }
  }
  await tx.delete(orgPaceSnapshot).where(eq(orgPaceSnapshot.year, year));
  const rows = [...sums].map(([orgUnitId, s]) => ({
    tenantId,
    year,
    orgUnitId,
    asOf: day,
    teachers: s.teachers,
    teachersOnPace: s.onPace,
    ruralTeachers: s.rural,
    ruralTeachersOnPace: s.ruralOnPace,
    hoursThisYear: (Math.round(s.yearHours * 10) / 10).toFixed(1),
    hoursThisCycle: (Math.round(s.cycleHours * 10) / 10).toFixed(1),
  }));
  for (let i = 0; i < rows.length; i += 2000) await tx.insert(orgPaceSnapshot).values(rows.slice(i, i + 2000));
  return rows.length;
}

/** Whether credit year `year` has ended by `today` (its last day has passed): its history may be kept. */
export async function isYearClosed(tx: Tx, year: number, today: string): Promise<boolean> {
  return (await yearEndRules(tx, year)).day < today;
}

export type TPaceSnapshotRow = typeof orgPaceSnapshot.$inferSelect;

/**
 * The on-pace history of `year` for the given units, or null when the year has not closed by `today` (the
 * current year is read live). A closed year with no history yet (a province whose awards were imported, a
 * year before this feature) is computed from the ledger on the spot, in the caller's transaction, and kept.
 */
export async function paceSnapshotOf(tx: Tx, tenantId: string, year: number, unitIds: readonly string[], today: string = chinaDay()): Promise<Map<string, TPaceSnapshotRow> | null> {
  if (!(await isYearClosed(tx, year, today))) return null;
  const [any] = await tx.select({ year: orgPaceSnapshot.year }).from(orgPaceSnapshot).where(eq(orgPaceSnapshot.year, year)).limit(1);
  if (!any) await computePaceSnapshotIn(tx, tenantId, year);
  if (unitIds.length === 0) return new Map();
  const rows = await tx.select().from(orgPaceSnapshot).where(and(eq(orgPaceSnapshot.year, year), inArray(orgPaceSnapshot.orgUnitId, [...unitIds])));
  return new Map(rows.map((r) => [r.orgUnitId, r]));
}

/**
 * Where each teacher of a school stood at the end of a closed `year` (the dashboard's teacher list of a past
 * year): computed from their ledger on the spot — a school is a few hundred teachers — with the same rule.
 */
export async function schoolStandings(tx: Tx, teacherIds: readonly string[], year: number): Promise<Map<string, TYearEndStanding>> {
  if (teacherIds.length === 0) return new Map();
  const { rules } = await yearEndRules(tx, year);
  const ledger = await tx.select({ teacherId: creditAward.teacherId, ...ledgerColumns }).from(creditAward).where(inArray(creditAward.teacherId, [...teacherIds]));
  const byTeacher = new Map<string, TStatusLedgerEntry[]>();
  for (const { teacherId, ...r } of ledger) byTeacher.set(teacherId, [...(byTeacher.get(teacherId) ?? []), ledgerEntry(r)]);
  return new Map(teacherIds.map((id) => [id, yearEndStanding(rules, byTeacher.get(id) ?? [], year)]));
}

/**
 * The nightly part (called by the rollup reconcile): keeps the history of every closed year from the
 * ledger's first one (at most ten back) — computing a year that has none, and recomputing one whose
 * figures may have moved since (ledger rows recorded after it was computed that count for it: a late
 * import of past awards, a reversal of a past award). Returns the years written.
 */
export async function keepPaceHistory(opts: { db: Database; tenantId: string; today?: string }): Promise<number[]> {
  const today = opts.today ?? chinaDay();
  const thisYear = Number(today.slice(0, 4));
  return opts.db.withTenant(opts.tenantId, async (tx) => {
    const [first] = await tx.select({ y: sql<number | null>`extract(year from min(${creditAward.countsFor}))::int` }).from(creditAward);
    const from = Math.max(2000, thisYear - 10, Math.min(first?.y ?? thisYear - 1, thisYear - 1));
    const kept = await tx.execute<{ year: number; as_of: string; computed_at: string; stale: boolean }>(sql`
      select s.year, min(s.as_of)::text as as_of, min(s.computed_at)::text as computed_at,
        exists (
          select 1 from credit_award a
          left join credit_award o on o.tenant_id = a.tenant_id and o.id = a.reverses_award_id
          where a.created_at > min(s.computed_at) and coalesce(o.counts_for, a.counts_for) <= min(s.as_of)
        ) as stale
      from org_pace_snapshot s group by s.year`);
    const byYear = new Map([...kept].map((k) => [k.year, k]));
    const written: number[] = [];
    for (let year = from; year < thisYear; year++) {
      const k = byYear.get(year);
      if (k && !k.stale) continue;
      if (!(await isYearClosed(tx, year, today))) continue;
      await computePaceSnapshotIn(tx, opts.tenantId, year);
      written.push(year);
    }
    return written;
  });
}
