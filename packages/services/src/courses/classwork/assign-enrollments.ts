import { and, eq, sql, type SQL } from "drizzle-orm";
import { ZAssignEnrollmentInput } from "@yanxiu/domain/courses";
import { AppError } from "@yanxiu/domain/errors";
import { can, isAdministrator } from "@yanxiu/domain/permissions";
import { appendAudit } from "../../audit/append.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { inScope, underPath, type TActor } from "../../org/scope.ts";
import { searchOrgUnits } from "../../org/search-org-units.ts";
import { enrollment, orgUnit, teacherProfile } from "@yanxiu/db/schema";
import { parseInput } from "../../common/parse-input.ts";
import { loadCourse } from "../common.ts";
import { isUuid } from "./access.ts";

/**
 * Assigned enrolment (指派): the course owner enrols teachers anywhere in the tenant; an administrator
 * only teachers inside their subtrees (a teacher outside is reported as unknown, never revealed). One
 * INSERT … SELECT per call, so thousands of teachers are one statement; teachers already on the course
 * are left as they are.
 */
export async function assignEnrollments(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZAssignEnrollmentInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    if (!isUuid(input.courseId)) throw new AppError("notFound", "course");
    const c = await loadCourse(tx, input.courseId);
    const isOwner = c.ownerId === actor.actorId;
    if (!isOwner && !isAdministrator(actor.grants)) throw new AppError("forbidden", "only the owner or an administrator assigns");
    if (c.status !== "published" || !c.publishedVersionId) throw new AppError("courseNotPublished", `course ${c.id} is ${c.status}`);

    const tp = teacherProfile;
    const where: SQL[] = [];
    if (!isOwner) where.push(inScope(tp.orgPath, actor.grants));
    const orgUnitId = input.by === "list" ? undefined : input.orgUnitId;
    if (orgUnitId) where.push(underPath(tp.orgPath, await unitPath(tx, actor, orgUnitId, isOwner)));
    if (input.by === "filter") {
      if (input.stage) where.push(sql`${input.stage} = any(${tp.stages})`);
      if (input.subject) where.push(sql`${input.subject} = any(${tp.subjects})`);
    }
    let nos: string[] = [];
    if (input.by === "list") {
      nos = [...new Set(input.teacherNos.map((n) => n.trim().toUpperCase()))];
      where.push(sql`${tp.teacherNo} = any(array(select jsonb_array_elements_text(${JSON.stringify(nos)}::jsonb)))`);
    }
    const cond = where.length ? and(...where)! : sql`true`;

    // Only a list needs the matched numbers (to name the unknown ones); otherwise a count will do.
    const matched = input.by === "list" ? await tx.select({ teacherNo: tp.teacherNo }).from(tp).where(cond) : [];
    const matchedCount = input.by === "list" ? matched.length : ((await tx.select({ n: sql<number>`count(*)::int` }).from(tp).where(cond))[0]?.n ?? 0);
    const inserted = await tx.execute<{ teacher_id: string }>(sql`
      insert into ${enrollment} (tenant_id, id, course_id, teacher_id, version_id, source, status, deadline, assigned_by)
      select ${actor.tenantId}::uuid, gen_random_uuid(), ${c.id}::uuid, ${tp.userId}, ${c.publishedVersionId}::uuid, 'assigned', 'active',
             ${input.deadline?.toISOString() ?? null}::timestamptz, ${actor.actorId}::uuid
      from ${tp}
      where ${cond}
      on conflict (tenant_id, teacher_id, course_id) do nothing
      returning teacher_id`);
    const added = inserted.length;
    const found = new Set(matched.map((m) => m.teacherNo));
    const unknownTeacherNos = nos.filter((n) => !found.has(n));
    await appendAudit(tx, actor, {
      action: "course.assign",
      target: `course:${c.id}`,
      data: { by: input.by, added, orgUnitId: orgUnitId ?? null },
    });
    return { added, alreadyEnrolled: matchedCount - added, unknownTeacherNos };
  });
}

/** The org unit's path: any unit of the tenant for the owner, one inside the scope for an admin. */
async function unitPath(tx: Tx, actor: TActor, orgUnitId: string, isOwner: boolean): Promise<string> {
  const [unit] = await tx.select({ path: orgUnit.path }).from(orgUnit).where(eq(orgUnit.id, orgUnitId)).limit(1);
  if (!unit || (!isOwner && !can(actor.grants, "people.view", unit.path))) throw new AppError("notFound", `org unit ${orgUnitId}`);
  return unit.path;
}

/**
 * Org units to assign by, for the assign form's picker: the whole tenant for the course's owner (who may
 * assign anywhere), the actor's own subtrees for an admin (the org search as it is).
 */
export async function searchAssignableOrgUnits(opts: { db: Database; actor: TActor; courseId: string; q: string }) {
  const { actor } = opts;
  const isOwner = await opts.db.withTenant(actor.tenantId, async (tx) => {
    if (!isUuid(opts.courseId)) throw new AppError("notFound", "course");
    const c = await loadCourse(tx, opts.courseId);
    if (c.ownerId !== actor.actorId && !isAdministrator(actor.grants)) throw new AppError("forbidden", "only the owner or an administrator assigns");
    return c.ownerId === actor.actorId;
  });
  const searcher: TActor = isOwner ? { ...actor, grants: [{ role: "provinceAdmin", orgUnitId: null, orgPath: null }] } : actor;
  const rows = await searchOrgUnits({ db: opts.db, actor: searcher, q: opts.q, limit: 20 });
  return rows.map((u) => ({ id: u.id, name: u.name, code: u.code, kind: u.kind }));
}
