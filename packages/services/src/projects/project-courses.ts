import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { Tx } from "@yanxiu/db/client";
import { course, enrollment, nomination, projectClassPlan, projectSession } from "@yanxiu/db/schema";

/**
 * The catalog courses of a project's schedule (decision 036). A `course` session refers to a catalog course;
 * once the class list is published, every approved trainee is enrolled in it (source `project`), and a 必修
 * session's course must be completed for 学时认定 (`completionCheck`).
 */

/**
 * Enrols the project's approved trainees into the published catalog courses of its `course` sessions — only once
 * the class list is published (before that nobody is placed yet). One INSERT … SELECT; the enrolment key
 * (tenant, teacher, course) makes a second run, or a teacher already on the course (self-enrolled, assigned, or
 * withdrawn), a no-op: their enrolment stays as it is. `nominationIds` / `sessionIds` narrow it (a trainee
 * approved or placed later, a session added later). Returns how many enrolments were made.
 */
export async function enrolProjectCourses(tx: Tx, opts: { tenantId: string; projectId: string; nominationIds?: readonly string[]; sessionIds?: readonly string[] }): Promise<number> {
  if (opts.nominationIds?.length === 0 || opts.sessionIds?.length === 0) return 0;
  const [plan] = await tx.select({ publishedAt: projectClassPlan.publishedAt }).from(projectClassPlan).where(eq(projectClassPlan.projectId, opts.projectId)).limit(1);
  if (!plan?.publishedAt) return 0;
  const where: SQL[] = [sql`n.project_id = ${opts.projectId}`, sql`n.state = 'approved'`];
  if (opts.nominationIds) where.push(sql`n.id = any(array(select jsonb_array_elements_text(${JSON.stringify(opts.nominationIds)}::jsonb))::uuid[])`);
  const sessions: SQL[] = [sql`s.project_id = ${opts.projectId}`, sql`s.kind = 'course'`];
  if (opts.sessionIds) sessions.push(sql`s.id = any(array(select jsonb_array_elements_text(${JSON.stringify(opts.sessionIds)}::jsonb))::uuid[])`);
  // `distinct`: two sessions of one course make one enrolment (the unique key would refuse the second row of one statement).
  const inserted = await tx.execute<{ id: string }>(sql`
    insert into ${enrollment} (tenant_id, id, course_id, teacher_id, version_id, source, status)
    select distinct on (n.teacher_id, c.id) ${opts.tenantId}::uuid, gen_random_uuid(), c.id, n.teacher_id, c.published_version_id, 'project', 'active'
    from ${nomination} n
    join ${projectSession} s on s.tenant_id = n.tenant_id and ${and(...sessions)}
    join ${course} c on c.tenant_id = s.tenant_id and c.id = s.ref_id and c.status = 'published' and c.published_version_id is not null
    where ${and(...where)}
    on conflict (tenant_id, teacher_id, course_id) do nothing
    returning id`);
  return inserted.length;
}

/** The course must be a published catalog course of this tenant (RLS hides any other tenant's: notFound-like). */
export async function needPublishedCourse(tx: Tx, courseId: string): Promise<void> {
  const [c] = await tx.select({ status: course.status, v: course.publishedVersionId }).from(course).where(eq(course.id, courseId)).limit(1);
  if (!c) throw new AppError("badRequest", `course ${courseId} not found`, { refId: ["引用的课程不存在"] });
  if (c.status !== "published" || !c.v) throw new AppError("badRequest", `course ${courseId} is ${c.status}`, { refId: ["只有已发布的课程才能设为必修"] });
}

export type TRequiredCourse = { sessionId: string; courseId: string; title: string };

/** The project's 必修 courses (one per catalog course, the first session naming it), in schedule order. */
export async function requiredCoursesOf(tx: Tx, projectId: string): Promise<TRequiredCourse[]> {
  const rows = await tx
    .select({ sessionId: projectSession.id, courseId: projectSession.refId, title: sql<string>`coalesce((select cv.title from course_version cv where cv.tenant_id = ${course.tenantId} and cv.id = ${course.publishedVersionId}), ${projectSession.title})` })
    .from(projectSession)
    .innerJoin(course, and(eq(course.tenantId, projectSession.tenantId), eq(course.id, projectSession.refId)))
    .where(and(eq(projectSession.projectId, projectId), eq(projectSession.required, true)))
    .orderBy(projectSession.day, projectSession.startsAt, projectSession.id);
  const seen = new Set<string>();
  return rows.flatMap((r) => (r.courseId && !seen.has(r.courseId) && seen.add(r.courseId) ? [{ sessionId: r.sessionId, courseId: r.courseId, title: r.title }] : []));
}

/**
 * Per trainee (nomination) of the project, which of `courseIds` their teacher completed — any enrolment source: a
 * self-enrolment counts as it is. `only` narrows to some nominations (a page of the list).
 */
export async function completedCoursesOf(tx: Tx, projectId: string, courseIds: readonly string[], only?: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (courseIds.length === 0 || only?.length === 0) return out;
  const rows = await tx
    .select({ nominationId: nomination.id, courseId: enrollment.courseId })
    .from(nomination)
    .innerJoin(enrollment, and(eq(enrollment.tenantId, nomination.tenantId), eq(enrollment.teacherId, nomination.teacherId)))
    .where(and(eq(nomination.projectId, projectId), only ? inArray(nomination.id, [...only]) : undefined, inArray(enrollment.courseId, [...courseIds]), eq(enrollment.status, "completed")));
  for (const r of rows) {
    const set = out.get(r.nominationId) ?? new Set<string>();
    set.add(r.courseId);
    out.set(r.nominationId, set);
  }
  return out;
}
