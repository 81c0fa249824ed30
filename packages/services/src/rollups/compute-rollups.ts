import { sql } from "drizzle-orm";
import type { Database } from "@yanxiu/db/client";
import { chinaDay, currentPolicy, paceOn } from "../credits/status.ts";

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
 * Enrolments count all but withdrawn ones.
 *
 * The tenant's rows are replaced in one transaction; a per-tenant advisory lock makes two runs at once
 * (the scheduled one and one asked for) queue up instead of colliding on the primary key.
 */
export async function computeRollups(opts: { db: Database; tenantId: string; today?: string }): Promise<TRollupRun> {
  const { tenantId } = opts;
  const today = opts.today ?? chinaDay();
  return opts.db.withTenant(tenantId, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`org-rollup:${tenantId}`}))`);
    const policy = (await currentPolicy(tx)).rules;
    const pace = paceOn(policy, today);
    const year = pace.year;
    const cycleStartYear = pace.cycle.startYear;

    await tx.execute(sql`delete from org_rollup where tenant_id = ${tenantId}`);
    const inserted = await tx.execute<{ computed_at: string }>(sql`
      with per_teacher_hours as (
        select tp.user_id, tp.school_id, tp.rural,
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
        select e.teacher_id, count(*) as enrollments, count(*) filter (where e.status = 'completed') as completions
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
               sum(ps.hours_this_year) as hours_this_year,
               sum(ps.hours_this_cycle) as hours_this_cycle,
               sum(ps.teachers_on_pace) as teachers_on_pace,
               sum(ps.rural_teachers_on_pace) as rural_teachers_on_pace
        from per_school ps
        join org_unit school on school.tenant_id = ${tenantId} and school.id = ps.school_id
        cross join lateral unnest(string_to_array(trim(both '/' from school.path), '/')) as a(id)
        group by a.id
      )
      insert into org_rollup (tenant_id, org_unit_id, teachers, rural_teachers, enrollments, completions,
                              hours_this_year, hours_this_cycle, teachers_on_pace, rural_teachers_on_pace, computed_at)
      select u.tenant_id, u.id,
             coalesce(p.teachers, 0), coalesce(p.rural_teachers, 0), coalesce(p.enrollments, 0), coalesce(p.completions, 0),
             coalesce(p.hours_this_year, 0), coalesce(p.hours_this_cycle, 0),
             coalesce(p.teachers_on_pace, 0), coalesce(p.rural_teachers_on_pace, 0), now()
      from org_unit u
      left join per_unit p on p.org_unit_id = u.id::text
      where u.tenant_id = ${tenantId}
      returning computed_at`);
    return { tenantId, units: inserted.length, year, cycleStartYear, computedAt: new Date(inserted[0]?.computed_at ?? Date.now()) };
  });
}
