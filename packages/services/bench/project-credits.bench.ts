/**
 * 学时认定 page (decision 036's addendum): the loader's service call, `projectCredits`, for one seeded project, next
 * to a bare SELECT of the same first page — printed side by side, p50/p95 over CREDITS_BENCH_RUNS calls.
 *
 * The project: CREDITS_BENCH_TRAINEES approved trainees (default 2,000) at 10 schools, 30 required days (each
 * trainee's days bulk-inserted: 19 in 20 attended all 30), two assessment items (a required 作业 and a 考试, scored
 * for all but every 10th trainee), 20 exceptions, and — where the schema has 必修 sessions — CREDITS_BENCH_COURSES
 * required catalog courses (default 2), completed by 9 in 10 trainees. It runs unchanged on a checkout without required courses (the sessions
 * are then left out), so the same file measures the page before and after a change.
 *
 *   pnpm bench exec pnpm --dir packages/services exec tsx bench/project-credits.bench.ts
 */
import os from "node:os";
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import type { TGrant } from "@yanxiu/domain/permissions";
import { nomination, teacherProfile } from "@yanxiu/db/schema";
import type { TActor } from "../src/org/scope.ts";
import { seedFixtureCourse } from "../src/courses/test-fixtures.ts";
import { createProject, projectCredits, publishProject, setCreditException, startProject } from "../src/projects/index.ts";
import { projectFacts } from "../src/projects/test-setup.ts";
import { buildTenant, seedOrgUnit, seedTenant } from "../src/seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../src/testing.ts";
import { benchEnv } from "./env.ts";

const N = benchEnv.CREDITS_BENCH_TRAINEES;
const RUNS = benchEnv.CREDITS_BENCH_RUNS;
const COURSES = benchEnv.CREDITS_BENCH_COURSES;
const REQUIRED_DAYS = 30;
const TODAY = "2026-07-05";

const owner = testOwnerDatabase();
const db = testDatabase();
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))]!;
};
const ms = (x: number) => `${x.toFixed(1).padStart(8)} ms`;
const row = (label: string, xs: number[]) => console.log(`  ${label.padEnd(52)} p50 ${ms(pct(xs, 0.5))}   p95 ${ms(pct(xs, 0.95))}`);
async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const tSeed = performance.now();
const t = await seedTenant(owner, buildTenant({ slug: `bcr-${randomUUID().slice(0, 6)}` }));
const tenantId = t.id;
const prov = await seedOrgUnit(owner, tenantId, { kind: "province", name: "湖南省", code: "CB" });
const county = await seedOrgUnit(owner, tenantId, { kind: "county", name: "县", code: "CB1", parentId: prov.id });
const institution = await seedOrgUnit(owner, tenantId, { kind: "trainingInstitution", name: "师范大学", code: "CBI", parentId: prov.id });
const schools: { id: string; path: string }[] = [];
for (let s = 0; s < 10; s++) schools.push(await seedOrgUnit(owner, tenantId, { kind: "school", name: `校${s}`, code: `CB1-${s}`, parentId: county.id }));
const [adminRow] = await owner.withTenant(tenantId, (tx) =>
  tx.execute<{ id: string }>(sql`insert into "user" (tenant_id, login, password_hash, display_name) values (${tenantId}::uuid, 'admin', '!unset', '省管理员') returning id`),
);
const province: TActor = { tenantId, actorId: adminRow!.id, grants: [{ role: "provinceAdmin", orgUnitId: prov.id, orgPath: prov.path }] as TGrant[] };
await owner.withTenant(tenantId, async (tx) => {
  await tx.execute(sql`
    with s as (select row_number() over () - 1 as i, id, path from jsonb_to_recordset(${JSON.stringify(schools)}::jsonb) as x(id uuid, path text)),
    g as (select n, gen_random_uuid() as uid from generate_series(0, ${N - 1}) n),
    u as (insert into "user" (tenant_id, id, login, password_hash, display_name)
          select ${tenantId}::uuid, uid, 't' || n, '!unset', '教师' || lpad((n::bigint * 7919 % ${N})::text, 6, '0') from g returning id)
    insert into teacher_profile (tenant_id, user_id, teacher_no, name, gender, phone, school_id, org_path, stages, subjects)
    select ${tenantId}::uuid, g.uid, 'T' || lpad(g.n::text, 6, '0'), '教师' || lpad((g.n::bigint * 7919 % ${N})::text, 6, '0'), 'female', (13000000000 + g.n)::text, s.id, s.path, '{juniorSecondary}', '{语文}'
    from g join s on s.i = g.n % 10`);
});

const { projectId, rootAllocationId } = await createProject({
  db,
  actor: province,
  input: { ownerUnitId: prov.id, ...projectFacts({ name: "学时认定基准项目", capacity: String(N), requiredDays: String(REQUIRED_DAYS) }) },
});
await publishProject({ db, actor: province, input: { projectId } });
await startProject({ db, actor: province, input: { projectId } });
const hasRequired = await owner.withTenant(tenantId, async (tx) => {
  await tx.execute(sql`
    insert into nomination (tenant_id, project_id, allocation_id, nominating_unit_id, teacher_id, state, created_by)
    select tp.tenant_id, ${projectId}::uuid, ${rootAllocationId}::uuid, tp.school_id, tp.user_id, 'approved', ${province.actorId}::uuid from teacher_profile tp`);
  await tx.execute(sql`
    insert into project_attendance (tenant_id, nomination_id, day, project_id, method, recorded_by)
    select n.tenant_id, n.id, date '2026-03-01' + d, n.project_id, 'manual', ${province.actorId}::uuid
    from (select id, tenant_id, project_id, row_number() over (order by id) as i from nomination where project_id = ${projectId}::uuid) n
    cross join generate_series(0, ${REQUIRED_DAYS - 1}) d
    where n.i % 20 <> 0 or d < 20`);
  const items = await tx.execute<{ id: string; required: boolean }>(sql`
    insert into project_assessment_item (tenant_id, project_id, name, kind, max_score, required, created_by, updated_by)
    values (${tenantId}::uuid, ${projectId}::uuid, '研修作业', 'assignment', 100, true, ${province.actorId}::uuid, ${province.actorId}::uuid),
           (${tenantId}::uuid, ${projectId}::uuid, '结业考试', 'exam', 100, false, ${province.actorId}::uuid, ${province.actorId}::uuid)
    returning id, required`);
  for (const it of items) {
    await tx.execute(sql`
      insert into project_score (tenant_id, nomination_id, item_id, project_id, score, updated_by)
      select n.tenant_id, n.id, ${it.id}::uuid, n.project_id, 60 + (n.i % 40), ${province.actorId}::uuid
      from (select id, tenant_id, project_id, row_number() over (order by id) as i from nomination where project_id = ${projectId}::uuid) n
      where n.i % 10 <> 0`);
  }
  const [col] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from information_schema.columns where table_name = 'project_session' and column_name = 'required'`);
  await tx.execute(sql`analyze`);
  return (col?.n ?? 0) > 0;
});
const courses = hasRequired ? COURSES : 0;
for (let k = 0; k < courses; k++) {
  const day = `2026-03-${String(10 + k).padStart(2, "0")}`;
  const c = await seedFixtureCourse(db, tenantId, { ownerId: province.actorId, institutionId: institution.id, kinds: ["document"] });
  await owner.withTenant(tenantId, async (tx) => {
    await tx.execute(sql`
      insert into project_session (tenant_id, project_id, title, kind, day, starts_at, ends_at, ref_id, required, created_by)
      values (${tenantId}::uuid, ${projectId}::uuid, '网络课程', 'course', ${day}::date, '09:00', '11:00', ${c.courseId}::uuid, true, ${province.actorId}::uuid)`);
    await tx.execute(sql`
      insert into enrollment (tenant_id, course_id, teacher_id, version_id, source, status, completed_at)
      select n.tenant_id, ${c.courseId}::uuid, n.teacher_id, ${c.versionId}::uuid, 'project', case when n.i % 10 <> 3 then 'completed' else 'active' end, now()
      from (select tenant_id, teacher_id, row_number() over (order by id) as i from nomination where project_id = ${projectId}::uuid) n`);
    await tx.execute(sql`analyze enrollment`);
  });
  }
const some = await owner.withTenant(tenantId, (tx) => tx.select({ id: nomination.id }).from(nomination).where(eq(nomination.projectId, projectId)).orderBy(asc(nomination.id)).limit(20));
for (const [i, n] of some.entries()) {
  await setCreditException({ db, actor: province, input: { projectId, nominationId: n.id, award: i % 2 === 0 ? "on" : "", reason: "基准：例外" } });
}
console.log(`seeded ${N.toLocaleString()} trainees, ${REQUIRED_DAYS} days, 2 items, ${courses} required courses${hasRequired ? "" : " (schema without them)"} in ${((performance.now() - tSeed) / 1000).toFixed(1)} s`);

const first = await projectCredits({ db, actor: province, query: { projectId }, today: TODAY });
const page = await time(() => projectCredits({ db, actor: province, query: { projectId }, today: TODAY }));
const filtered = await time(() => projectCredits({ db, actor: province, query: { projectId, show: "notMet" }, today: TODAY }));
const bare = await time(() =>
  db.withTenant(tenantId, (tx) =>
    tx
      .select({ id: nomination.id, teacherId: nomination.teacherId, name: teacherProfile.name, teacherNo: teacherProfile.teacherNo, attended: nomination.attendedDays })
      .from(nomination)
      .innerJoin(teacherProfile, and(eq(teacherProfile.tenantId, nomination.tenantId), eq(teacherProfile.userId, nomination.teacherId)))
      .where(and(eq(nomination.projectId, projectId), eq(nomination.state, "approved")))
      .orderBy(asc(teacherProfile.name), asc(nomination.id))
      .limit(first.query.size),
  ),
);

console.log(`\n学时认定 page, ${N.toLocaleString()} trainees (met ${first.counts.met}, to award ${first.counts.toAward}), ${RUNS} runs, load ${os.loadavg()[0]!.toFixed(1)}:`);
row(`projectCredits (first page of ${first.query.size})`, page);
row("projectCredits (filter 未达要求)", filtered);
row("baseline: bare SELECT of the same first page", bare);

await Promise.all([db.close(), owner.close()]);
