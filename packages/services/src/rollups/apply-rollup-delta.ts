import { sql } from "drizzle-orm";
import type { TCreditPolicy } from "@yanxiu/domain/credits";
import type { Tx } from "@yanxiu/db/client";
import { orgRollup, orgRollupHours } from "@yanxiu/db/schema";
import { paceOn } from "../credits/status.ts";

/** A teacher's stored totals, as far as the rollup reads them (null: no status row yet). */
export type TStatusFigures = { cycleStartYear: number; cycleHours: string | number; year: number; yearHours: string | number } | null;

export type TRollupDelta = {
  tenantId: string;
  /** Needed when `statuses` is not empty: pace is judged under it (for the rollup's own day). */
  policy?: TCreditPolicy;
  /** Teachers whose status row was just rewritten: before and after. */
  statuses?: { teacherId: string; before: TStatusFigures; after: TStatusFigures }[];
  /** Ledger rows just appended (reversals with their negative 学时). */
  awards?: { teacherId: string; hours: string | number; category: string; countsFor: string }[];
  /** Enrolments of the teacher that just became completed (and, when they were withdrawn, counted again). */
  completions?: { teacherId: string; completions: number; enrollments: number; assigned: boolean }[];
};

/** The shared side of the tenant's rollup lock: awards move rollups side by side; a full run waits for them, and they for it. */
export async function lockRollupsShared(tx: Tx, tenantId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtext(${`org-rollup:${tenantId}`}))`);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Moves the org rollups of every unit on each teacher's path by what just changed, in the caller's
 * transaction (the one that appended to the ledger), so the figures are current when it commits.
 *
 * Exactness: the rows are, at every commit, what computeRollups would compute for their `as_of` day. A
 * teacher's contribution is the same function of their status row as in the full run (this year's and
 * this cycle's 学时 of `as_of`, and pace judged for `as_of`), and the delta is contribution(after) −
 * contribution(before). The nightly reconcile checks it and moves `as_of` to the new day.
 *
 * Concurrency: the increments are `x = x + delta` upserts, so concurrent awards never lose one another's
 * update; the rows are written in org unit id order (and the hours rows after them, in key order), so two
 * transactions always lock them in the same order and cannot deadlock. Every award locks its province's row
 * until commit: awards of one province serialise on that row for the few milliseconds of this function.
 * The shared advisory lock keeps a full run (which takes it exclusively) from interleaving.
 * Before the first full run there is nothing to maintain (no `as_of`), and nothing is written.
 */
export async function applyRollupDelta(tx: Tx, d: TRollupDelta): Promise<void> {
  const { tenantId } = d;
  const statuses = d.statuses ?? [];
  const awards = d.awards ?? [];
  const completions = d.completions ?? [];
  if (statuses.length + awards.length + completions.length === 0) return;
  await lockRollupsShared(tx, tenantId);
  const [ref] = await tx.execute<{ as_of: string }>(
    sql`select as_of::text as as_of from org_rollup where tenant_id = ${tenantId} and as_of is not null limit 1`,
  );
  if (!ref) return;
  const teacherIds = [...new Set([...statuses, ...awards, ...completions].map((x) => x.teacherId))];
  const paths = await tx.execute<{ user_id: string; rural: boolean; path: string }>(sql`
    select tp.user_id::text as user_id, tp.rural, s.path
    from teacher_profile tp join org_unit s on s.tenant_id = tp.tenant_id and s.id = tp.school_id
    where tp.tenant_id = ${tenantId} and tp.user_id in (${sql.join(teacherIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  const teacher = new Map([...paths].map((r) => [r.user_id, { rural: r.rural, units: r.path.split("/").filter(Boolean) }]));

  type TUnitDelta = {
    year: number;
    cycle: number;
    onPace: number;
    ruralOnPace: number;
    completions: number;
    enrollments: number;
    assignedCompletions: number;
    assignedEnrollments: number;
  };
  const units = new Map<string, TUnitDelta>();
  const add = (teacherId: string, f: (u: TUnitDelta, rural: boolean) => void) => {
    const t = teacher.get(teacherId);
    // A teacher without a profile counts nowhere, as in the full run.
    if (!t) return;
    for (const id of t.units) {
      const u = units.get(id) ?? { year: 0, cycle: 0, onPace: 0, ruralOnPace: 0, completions: 0, enrollments: 0, assignedCompletions: 0, assignedEnrollments: 0 };
      f(u, t.rural);
      units.set(id, u);
    }
  };

  if (statuses.length > 0) {
    if (!d.policy) throw new Error("applyRollupDelta: statuses need the policy");
    const pace = paceOn(d.policy, ref.as_of);
    const requiredHours = d.policy.requiredHours;
    const contribution = (s: TStatusFigures) => {
      const year = s && s.year === pace.year ? Number(s.yearHours) : 0;
      const cycle = s && s.cycleStartYear === pace.cycle.startYear ? Number(s.cycleHours) : 0;
      // paceOn's onPaceSql, the same comparison on the same numbers.
      const onPace = cycle >= pace.expectedByNow && (year >= pace.expectedThisYear || cycle >= requiredHours);
      return { year, cycle, onPace: onPace ? 1 : 0 };
    };
    for (const s of statuses) {
      const a = contribution(s.after);
      const b = contribution(s.before);
      const dy = round1(a.year - b.year);
      const dc = round1(a.cycle - b.cycle);
      const dp = a.onPace - b.onPace;
      if (dy === 0 && dc === 0 && dp === 0) continue;
      add(s.teacherId, (u, rural) => {
        u.year += dy;
        u.cycle += dc;
        u.onPace += dp;
        if (rural) u.ruralOnPace += dp;
      });
    }
  }
  for (const c of completions) {
    add(c.teacherId, (u) => {
      u.completions += c.completions;
      u.enrollments += c.enrollments;
      if (c.assigned) {
        u.assignedCompletions += c.completions;
        u.assignedEnrollments += c.enrollments;
      }
    });
  }

  const rows = [...units.entries()]
    .filter(([, u]) => Object.values(u).some((v) => v !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (rows.length > 0) {
    await tx
      .insert(orgRollup)
      .values(
        rows.map(([orgUnitId, u]) => ({
          tenantId,
          orgUnitId,
          hoursThisYear: round1(u.year).toFixed(1),
          hoursThisCycle: round1(u.cycle).toFixed(1),
          teachersOnPace: u.onPace,
          ruralTeachersOnPace: u.ruralOnPace,
          completions: u.completions,
          enrollments: u.enrollments,
          assignedCompletions: u.assignedCompletions,
          assignedEnrollments: u.assignedEnrollments,
          asOf: ref.as_of,
        })),
      )
      .onConflictDoUpdate({
        target: [orgRollup.tenantId, orgRollup.orgUnitId],
        set: {
          hoursThisYear: sql`${orgRollup.hoursThisYear} + excluded.hours_this_year`,
          hoursThisCycle: sql`${orgRollup.hoursThisCycle} + excluded.hours_this_cycle`,
          teachersOnPace: sql`${orgRollup.teachersOnPace} + excluded.teachers_on_pace`,
          ruralTeachersOnPace: sql`${orgRollup.ruralTeachersOnPace} + excluded.rural_teachers_on_pace`,
          completions: sql`${orgRollup.completions} + excluded.completions`,
          enrollments: sql`${orgRollup.enrollments} + excluded.enrollments`,
          assignedCompletions: sql`${orgRollup.assignedCompletions} + excluded.assigned_completions`,
          assignedEnrollments: sql`${orgRollup.assignedEnrollments} + excluded.assigned_enrollments`,
        },
      });
  }

  const hours = new Map<string, number>();
  for (const a of awards) {
    const t = teacher.get(a.teacherId);
    if (!t) continue;
    const month = `${a.countsFor.slice(0, 7)}-01`;
    for (const id of t.units) {
      const key = `${id}|${month}|${a.category}`;
      hours.set(key, (hours.get(key) ?? 0) + Number(a.hours));
    }
  }
  const hourRows = [...hours.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (hourRows.length > 0) {
    await tx
      .insert(orgRollupHours)
      .values(
        hourRows.map(([key, h]) => {
          const [orgUnitId, month, category] = key.split("|") as [string, string, string];
          return { tenantId, orgUnitId, month, category, hours: round1(h).toFixed(1) };
        }),
      )
      .onConflictDoUpdate({
        target: [orgRollupHours.tenantId, orgRollupHours.orgUnitId, orgRollupHours.month, orgRollupHours.category],
        set: { hours: sql`${orgRollupHours.hours} + excluded.hours` },
      });
  }
}
