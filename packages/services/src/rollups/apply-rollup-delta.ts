import { sql, type SQL } from "drizzle-orm";
import type { TCreditPolicy } from "@yanxiu/domain/credits";
import type { Tx } from "@yanxiu/db/client";
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
 * transaction (the one that appended to the ledger), so the figures are current when it commits: it
 * appends the change to org_rollup_delta and org_rollup_hours_delta, which readers add through the
 * org_rollup_now and org_rollup_hours_now views, and which the worker folds into the rows (decision 033).
 *
 * Exactness: the rows are, at every commit, what computeRollups would compute for their `as_of` day. A
 * teacher's contribution is the same function of their status row as in the full run (this year's and
 * this cycle's 学时 of `as_of`, and pace judged for `as_of`), and the delta is contribution(after) −
 * contribution(before). The nightly reconcile checks it and moves `as_of` to the new day.
 *
 * Concurrency: appending locks no shared row, so awards of one province commit side by side (when they
 * upserted the province's org_rollup row instead, each held it until its commit and a province managed
 * about 80 awards a second: decision 033). The shared advisory lock keeps a full run (which takes it
 * exclusively, and discards the deltas it recomputes) from interleaving.
 * Before the first full run there is nothing to maintain (no `as_of`), and nothing is written.
 */
export async function applyRollupDelta(tx: Tx, d: TRollupDelta): Promise<void> {
  const { tenantId } = d;
  const statuses = d.statuses ?? [];
  const awards = d.awards ?? [];
  const completions = d.completions ?? [];
  if (statuses.length + awards.length + completions.length === 0) return;
  await lockRollupsShared(tx, tenantId);
  // The rows' day and the teachers' paths in one round trip (the paths only when there is a day).
  const teacherIds = [...new Set([...statuses, ...awards, ...completions].map((x) => x.teacherId))];
  const read = await tx.execute<{ as_of: string | null; user_id: string | null; rural: boolean | null; path: string | null }>(sql`
    select r.as_of, t.user_id, t.rural, t.path
    from (select (select as_of::text from org_rollup where tenant_id = ${tenantId} and as_of is not null limit 1) as as_of) r
    left join lateral (
      select tp.user_id::text as user_id, tp.rural, s.path
      from teacher_profile tp join org_unit s on s.tenant_id = tp.tenant_id and s.id = tp.school_id
      where tp.tenant_id = ${tenantId} and tp.user_id in (${sql.join(teacherIds.map((id) => sql`${id}::uuid`), sql`, `)})
    ) t on r.as_of is not null`);
  const asOf = read[0]?.as_of ?? null;
  if (!asOf) return;
  const ref = { as_of: asOf };
  const paths = read.filter((r): r is { as_of: string; user_id: string; rural: boolean; path: string } => r.user_id != null);
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
  const hourRows = [...hours.entries()].filter(([, h]) => round1(h) !== 0);
  if (rows.length + hourRows.length === 0) return;

  // One statement: the deltas are appended (no shared row is locked), and a unit that has no org_rollup row
  // yet gets one (ON CONFLICT DO NOTHING takes no lock on an existing row), so org_rollup_now shows it.
  const parts: SQL[] = [];
  if (rows.length > 0) {
    const values = sql.join(
      rows.map(
        ([orgUnitId, u]) =>
          sql`(${orgUnitId}::uuid, ${round1(u.year).toFixed(1)}::numeric, ${round1(u.cycle).toFixed(1)}::numeric, ${u.onPace}::int, ${u.ruralOnPace}::int, ${u.completions}::int, ${u.enrollments}::int, ${u.assignedCompletions}::int, ${u.assignedEnrollments}::int)`,
      ),
      sql`, `,
    );
    parts.push(
      sql`d(org_unit_id, hours_this_year, hours_this_cycle, teachers_on_pace, rural_teachers_on_pace, completions, enrollments, assigned_completions, assigned_enrollments) as (values ${values})`,
      sql`ensured as (insert into org_rollup (tenant_id, org_unit_id, as_of) select ${tenantId}::uuid, d.org_unit_id, ${ref.as_of}::date from d on conflict do nothing)`,
      sql`figures as (insert into org_rollup_delta (tenant_id, org_unit_id, hours_this_year, hours_this_cycle, teachers_on_pace, rural_teachers_on_pace, completions, enrollments, assigned_completions, assigned_enrollments)
        select ${tenantId}::uuid, d.* from d)`,
    );
  }
  if (hourRows.length > 0) {
    const values = sql.join(
      hourRows.map(([key, h]) => {
        const [orgUnitId, month, category] = key.split("|") as [string, string, string];
        return sql`(${tenantId}::uuid, ${orgUnitId}::uuid, ${month}::date, ${category}, ${round1(h).toFixed(1)}::numeric)`;
      }),
      sql`, `,
    );
    parts.push(sql`hours as (insert into org_rollup_hours_delta (tenant_id, org_unit_id, month, category, hours) values ${values})`);
  }
  await tx.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
}
