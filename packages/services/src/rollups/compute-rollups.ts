import { sql } from "drizzle-orm";
import type { TCreditPolicy } from "@yanxiu/domain/credits";
import type { Database, Tx } from "@yanxiu/db/client";
import { chinaDay, currentPolicy, paceOn } from "../credits/status.ts";

/** 骨干 levels as teacher_profile.backbone_level holds them, highest first. */
export const backboneLevels = ["national", "provincial", "city", "county", "school"] as const;

export type TRollupRun = { tenantId: string; units: number; year: number; cycleStartYear: number; computedAt: Date };

/**
 * Rebuilds the tenant's org_rollup: one row per org unit (every kind, inactive ones too) with the totals of
 * its whole subtree. Set-based, in one statement: teachers are summed per school, and each school's sums
 * are added to every unit on the school's path (the ids in `path`), so the cost is one pass over teachers
 * and enrolments whatever the depth of the tree. Reads teacher_credit_status, never the ledger: 学时 of
 * this year count only from rows about this year, 学时 of this cycle only from rows about the current
 * cycle of the current policy (a row left from last year counts zero until the teacher's status is
 * recomputed). On pace is judged live for `today` with creditPace's rule (`paceOn`, as the admin list and
 * 我的学时 do), never from the row's stored on_pace, which is as old as the teacher's last award. A teacher
 * without a status row has no awards: 0 学时, judged the same way.
 * Enrolments count all but withdrawn ones; "assigned" ones are those not self-chosen (assigned or by a project).
 *
 * The tenant's rows are replaced in one transaction; a per-tenant advisory lock makes two runs at once
 * (the nightly one and one asked for) queue up instead of colliding on the primary key, and waits for
 * awards in flight (they hold its shared side while they move the rows: apply-rollup-delta.ts). The rows
 * remember the day they were computed for (`as_of`): awards landing later move them for that same day.
 * Also rebuilds org_rollup_hours (学时 by month and category) from the ledger.
 */
export async function computeRollups(opts: { db: Database; tenantId: string; today?: string }): Promise<TRollupRun> {
  const { tenantId } = opts;
  const today = opts.today ?? chinaDay();
  return opts.db.withTenant(tenantId, async (tx) => {
    await lockRollupsExclusive(tx, tenantId);
    return rebuildRollups(tx, tenantId, (await currentPolicy(tx, today)).rules, today);
  });
}

/** The exclusive side of the tenant's rollup lock (awards take the shared side: lockRollupsShared). */
export async function lockRollupsExclusive(tx: Tx, tenantId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`org-rollup:${tenantId}`}))`);
}

/** Replaces the tenant's rollup rows (figures and 学时 by month and category) by a full run for `today`; the caller holds the exclusive lock. */
export async function rebuildRollups(tx: Tx, tenantId: string, policy: TCreditPolicy, today: string): Promise<TRollupRun> {
  const pace = paceOn(policy, today);
  // Deltas not yet folded (decision 033) are in the ledger and the statuses this run reads: under the
  // exclusive lock every one of them is committed, so they are recomputed below and discarded here.
  await tx.execute(sql`delete from org_rollup_delta where tenant_id = ${tenantId}`);
  await tx.execute(sql`delete from org_rollup_hours_delta where tenant_id = ${tenantId}`);
  await tx.execute(sql`delete from org_rollup where tenant_id = ${tenantId}`);
  const inserted = await tx.execute<{ computed_at: string }>(sql`
    insert into org_rollup (tenant_id, org_unit_id, teachers, rural_teachers, enrollments, completions,
                            hours_this_year, hours_this_cycle, teachers_on_pace, rural_teachers_on_pace,
                            assigned_enrollments, assigned_completions, backbone, computed_at, as_of)
    select ${tenantId}, f.org_unit_id, f.teachers, f.rural_teachers, f.enrollments, f.completions,
           f.hours_this_year, f.hours_this_cycle, f.teachers_on_pace, f.rural_teachers_on_pace,
           f.assigned_enrollments, f.assigned_completions, f.backbone, now(), ${today}::date
    from (${rollupFiguresSql(tenantId, policy, today)}) f
    returning computed_at`);
  await tx.execute(sql`delete from org_rollup_hours where tenant_id = ${tenantId}`);
  await tx.execute(sql`
    insert into org_rollup_hours (tenant_id, org_unit_id, month, category, hours)
    select ${tenantId}, h.org_unit_id, h.month, h.category, h.hours from (${rollupHoursSql(tenantId)}) h`);
  return { tenantId, units: inserted.length, year: pace.year, cycleStartYear: pace.cycle.startYear, computedAt: new Date(inserted[0]?.computed_at ?? Date.now()) };
}

/**
 * Every org unit's figures as the full run computes them for `day` (see computeRollups): one row per unit
 * (org_unit_id, teachers, rural_teachers, enrollments, completions, hours_this_year, hours_this_cycle,
 * teachers_on_pace, rural_teachers_on_pace, assigned_enrollments, assigned_completions, backbone). The reconcile job compares the stored rows with it.
 */
export function rollupFiguresSql(tenantId: string, policy: TCreditPolicy, day: string) {
  const pace = paceOn(policy, day);
  const year = pace.year;
  const cycleStartYear = pace.cycle.startYear;
  return sql`
      with per_teacher_hours as (
        select tp.user_id, tp.school_id, tp.rural, tp.backbone_level,
               coalesce(case when s.year = ${year} then s.year_hours end, 0) as year_hours,
               coalesce(case when s.cycle_start_year = ${cycleStartYear} then s.cycle_hours end, 0) as cycle_hours
        from teacher_profile tp
        left join teacher_credit_status s on s.tenant_id = tp.tenant_id and s.teacher_id = tp.user_id
        where tp.tenant_id = ${tenantId}
      ),
      per_teacher as (
        select h.*, ${pace.onPaceSql(sql`h.cycle_hours`, sql`h.year_hours`)} as on_pace
        from per_teacher_hours h
      ),
      per_enrollee as (
        select e.teacher_id, count(*) as enrollments, count(*) filter (where e.status = 'completed') as completions,
               count(*) filter (where e.source <> 'self') as assigned_enrollments,
               count(*) filter (where e.source <> 'self' and e.status = 'completed') as assigned_completions
        from enrollment e
        where e.tenant_id = ${tenantId} and e.status <> 'withdrawn'
        group by e.teacher_id
      ),
      per_school as (
        select t.school_id,
               count(*) as teachers,
               count(*) filter (where t.rural) as rural_teachers,
               coalesce(sum(pe.enrollments), 0) as enrollments,
               coalesce(sum(pe.completions), 0) as completions,
               coalesce(sum(pe.assigned_enrollments), 0) as assigned_enrollments,
               coalesce(sum(pe.assigned_completions), 0) as assigned_completions,
               ${sql.join(backboneLevels.map((l) => sql`count(*) filter (where t.backbone_level = ${l}) as ${sql.raw(`backbone_${l}`)}`), sql`, `)},
               sum(t.year_hours) as hours_this_year,
               sum(t.cycle_hours) as hours_this_cycle,
               count(*) filter (where t.on_pace) as teachers_on_pace,
               count(*) filter (where t.on_pace and t.rural) as rural_teachers_on_pace
        from per_teacher t
        left join per_enrollee pe on pe.teacher_id = t.user_id
        group by t.school_id
      ),
      per_unit as (
        select a.id as org_unit_id,
               sum(ps.teachers) as teachers,
               sum(ps.rural_teachers) as rural_teachers,
               sum(ps.enrollments) as enrollments,
               sum(ps.completions) as completions,
               sum(ps.assigned_enrollments) as assigned_enrollments,
               sum(ps.assigned_completions) as assigned_completions,
               ${sql.join(backboneLevels.map((l) => sql.raw(`sum(ps.backbone_${l}) as backbone_${l}`)), sql`, `)},
               sum(ps.hours_this_year) as hours_this_year,
               sum(ps.hours_this_cycle) as hours_this_cycle,
               sum(ps.teachers_on_pace) as teachers_on_pace,
               sum(ps.rural_teachers_on_pace) as rural_teachers_on_pace
        from per_school ps
        join org_unit school on school.tenant_id = ${tenantId} and school.id = ps.school_id
        cross join lateral unnest(string_to_array(trim(both '/' from school.path), '/')) as a(id)
        group by a.id
      )
      select u.id as org_unit_id,
             coalesce(p.teachers, 0)::int as teachers, coalesce(p.rural_teachers, 0)::int as rural_teachers,
             coalesce(p.enrollments, 0)::int as enrollments, coalesce(p.completions, 0)::int as completions,
             coalesce(p.hours_this_year, 0)::numeric(12,1) as hours_this_year, coalesce(p.hours_this_cycle, 0)::numeric(12,1) as hours_this_cycle,
             coalesce(p.teachers_on_pace, 0)::int as teachers_on_pace, coalesce(p.rural_teachers_on_pace, 0)::int as rural_teachers_on_pace,
             coalesce(p.assigned_enrollments, 0)::int as assigned_enrollments, coalesce(p.assigned_completions, 0)::int as assigned_completions,
             jsonb_build_object(${sql.join(backboneLevels.map((l) => sql.raw(`'${l}', coalesce(p.backbone_${l}, 0)::int`)), sql`, `)}) as backbone
      from org_unit u
      left join per_unit p on p.org_unit_id = u.id::text
      where u.tenant_id = ${tenantId}`;
}

/**
 * The ledger's raw 学时 per org unit (its subtree), month of counts_for and category, from the ledger itself
 * (summed per school first, then added to every unit on the school's path). Teachers without a profile count nowhere.
 */
export function rollupHoursSql(tenantId: string) {
  return sql`
      with per_school as (
        select tp.school_id, date_trunc('month', ca.counts_for)::date as month, ca.category, sum(ca.hours) as hours
        from credit_award ca
        join teacher_profile tp on tp.tenant_id = ca.tenant_id and tp.user_id = ca.teacher_id
        where ca.tenant_id = ${tenantId}
        group by 1, 2, 3
      )
      select a.id::uuid as org_unit_id, ps.month, ps.category, sum(ps.hours)::numeric(14,1) as hours
      from per_school ps
      join org_unit school on school.tenant_id = ${tenantId} and school.id = ps.school_id
      cross join lateral unnest(string_to_array(trim(both '/' from school.path), '/')) as a(id)
      group by 1, 2, 3`;
}
