import { and, asc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import {
  autoBalanceClasses,
  maxMentorsPerClass,
  traineeSubject,
  ZAddClassInput,
  ZClassMentorInput,
  ZFormClassesInput,
  ZImplementingUnitInput,
  ZMoveTraineeInput,
  ZSetHeadTeacherInput,
  ZStaffSearchQuery,
} from "@yanxiu/domain/projects-running";
import { ZProjectRef } from "@yanxiu/domain/projects";
import type { Database, Tx } from "@yanxiu/db/client";
import { nomination, orgUnit, projectClass, projectClassMember, projectClassMentor, projectClassPlan, quotaAllocation, studio, teacherProfile, user } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { joinPerson, personColumns } from "../common/person.ts";
import { tenantEq } from "../common/tenant-join.ts";
import type { TActor } from "../org/scope.ts";
import { needManage, uniqueViolation } from "./common.ts";
import { enrolProjectCourses } from "./project-courses.ts";
import { ensurePlan, loadRunningFor, loadTrainee, needRun, type TRunningContext } from "./running-common.ts";

/**
 * 编班 (decision 023): the approved trainees of a project split into classes — automatically, balanced per subject
 * (`autoBalanceClasses`), or by hand — with a 班主任 and mentors per class, and the list published to the trainees.
 * Every change takes the plan row's lock first, so an automatic split and a hand move never interleave.
 */

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The approved trainees with what the split needs: subject (seat's, else the teacher's), school, name. */
export async function traineesOf(tx: Tx, ctx: TRunningContext) {
  const q = tx
    .select({
      nominationId: nomination.id,
      teacherId: nomination.teacherId,
      quotaKey: quotaAllocation.quotaKey,
      subjects: teacherProfile.subjects,
      ...personColumns,
      classId: projectClassMember.classId,
    })
    .from(nomination)
    .innerJoin(quotaAllocation, tenantEq(quotaAllocation.id, nomination.allocationId))
    .$dynamic();
  const rows = await joinPerson(q, nomination.teacherId)
    .leftJoin(projectClassMember, tenantEq(projectClassMember.nominationId, nomination.id))
    .where(and(eq(nomination.projectId, ctx.project.id), eq(nomination.state, "approved")))
    .orderBy(asc(personColumns.name), asc(nomination.id));
  return rows.map((r) => ({
    nominationId: r.nominationId,
    teacherId: r.teacherId,
    name: r.name,
    teacherNo: r.teacherNo,
    school: r.school,
    subject: traineeSubject(r.quotaKey, ctx.project.subjects, r.subjects ?? []),
    classId: r.classId,
  }));
}

async function loadClass(tx: Tx, actor: TActor, classId: string) {
  const [c] = await tx.select().from(projectClass).where(eq(projectClass.id, classId)).limit(1);
  if (!c) throw new AppError("notFound", `class ${classId}`);
  const ctx = await loadRunningFor(tx, actor, c.projectId);
  needRun(ctx);
  await ensurePlan(tx, actor.tenantId, c.projectId);
  return { c, ctx };
}

/** An active account of this tenant (a 班主任 may be staff); a mentor must be a teacher of the province. */
async function needPerson(tx: Tx, userId: string, opts: { teacher: boolean }) {
  const [u] = await tx
    .select({ id: user.id, status: user.status, teacher: teacherProfile.userId })
    .from(user)
    .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, user.id))
    .where(eq(user.id, userId))
    .limit(1);
  if (!u || u.status !== "active" || (opts.teacher && !u.teacher)) throw new AppError("notFound", `person ${userId}`);
}

export async function formClasses(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZFormClassesInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId);
    needRun(ctx);
    const plan = await ensurePlan(tx, actor.tenantId, input.projectId);
    if (plan.publishedAt) throw new AppError("projectStateConflict", `project ${input.projectId}: the class list is published; move trainees by hand`);
    // 两轮报名 (decision 035): the classes were declared up front and trainees chose them; no automatic split.
    if (plan.twoRound) throw new AppError("projectStateConflict", `project ${input.projectId}: two-round enrolment`, { classSize: ["两轮报名的项目按报名班级编班，不能自动分班"] });
    const trainees = await traineesOf(tx, ctx);
    const formed = autoBalanceClasses(
      trainees.map((t) => ({ id: t.nominationId, subject: t.subject, sortKey: `${t.school ?? ""}|${t.name}` })),
      input.classSize,
    );
    // An unpublished list is replaced whole (its 班主任 and mentors with it: new classes, new people).
    await tx.delete(projectClassMember).where(eq(projectClassMember.projectId, input.projectId));
    await tx.delete(projectClassMentor).where(eq(projectClassMentor.projectId, input.projectId));
    await tx.delete(projectClass).where(eq(projectClass.projectId, input.projectId));
    for (const f of formed) {
      const [c] = await tx.insert(projectClass).values({ tenantId: actor.tenantId, projectId: input.projectId, subject: f.subject, name: f.name }).returning({ id: projectClass.id });
      if (f.members.length) await tx.insert(projectClassMember).values(f.members.map((nominationId) => ({ tenantId: actor.tenantId, nominationId, projectId: input.projectId, classId: c!.id })));
    }
    await tx.update(projectClassPlan).set({ classSize: input.classSize, updatedAt: new Date() }).where(eq(projectClassPlan.projectId, input.projectId));
    await appendAudit(tx, actor, { action: "projects.classes.form", target: `project:${input.projectId}`, orgPath: ctx.ownerPath, data: { classSize: input.classSize, classes: formed.length, trainees: trainees.length } });
    return { classes: formed.length, trainees: trainees.length };
  });
}

export async function addClass(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZAddClassInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId);
    needRun(ctx);
    await ensurePlan(tx, actor.tenantId, input.projectId);
    try {
      const [c] = await tx.insert(projectClass).values({ tenantId: actor.tenantId, projectId: input.projectId, subject: input.subject, name: input.name }).returning({ id: projectClass.id });
      return { classId: c!.id };
    } catch (e) {
      if (uniqueViolation(e, "project_class_name_key")) throw new AppError("conflict", "class name taken", { name: ["已有同名班级"] });
      throw e;
    }
  });
}

/** Puts an approved trainee in a class (placing one not yet placed, or moving them from another). */
export async function moveTrainee(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZMoveTraineeInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId);
    needRun(ctx);
    await ensurePlan(tx, actor.tenantId, input.projectId);
    await loadTrainee(tx, input.projectId, input.nominationId);
    const [c] = await tx.select({ id: projectClass.id }).from(projectClass).where(and(eq(projectClass.id, input.classId), eq(projectClass.projectId, input.projectId))).limit(1);
    if (!c) throw new AppError("notFound", `class ${input.classId}`);
    const [before] = await tx.select({ classId: projectClassMember.classId }).from(projectClassMember).where(eq(projectClassMember.nominationId, input.nominationId)).limit(1);
    await tx
      .insert(projectClassMember)
      .values({ tenantId: actor.tenantId, nominationId: input.nominationId, projectId: input.projectId, classId: c.id })
      .onConflictDoUpdate({ target: [projectClassMember.tenantId, projectClassMember.nominationId], set: { classId: c.id, placedAt: new Date() } });
    // Placed after the list was published (a late trainee): enrolled into the project's courses like the others.
    if (!before) await enrolProjectCourses(tx, { tenantId: actor.tenantId, projectId: input.projectId, nominationIds: [input.nominationId] });
    await appendAudit(tx, actor, { action: "projects.classes.move", target: `nomination:${input.nominationId}`, orgPath: ctx.ownerPath, data: { from: before?.classId ?? null, to: c.id } });
    return { nominationId: input.nominationId, classId: c.id };
  });
}

export async function setHeadTeacher(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZSetHeadTeacherInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { c, ctx } = await loadClass(tx, actor, input.classId);
    if (input.userId) await needPerson(tx, input.userId, { teacher: false });
    await tx.update(projectClass).set({ headTeacherId: input.userId ?? null }).where(eq(projectClass.id, c.id));
    await appendAudit(tx, actor, { action: "projects.classes.headTeacher", target: `class:${c.id}`, orgPath: ctx.ownerPath, data: { userId: input.userId ?? null } });
    return { classId: c.id };
  });
}

export async function addClassMentor(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZClassMentorInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { c, ctx } = await loadClass(tx, actor, input.classId);
    await needPerson(tx, input.userId, { teacher: true });
    const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(projectClassMentor).where(eq(projectClassMentor.classId, c.id));
    if ((n?.n ?? 0) >= maxMentorsPerClass) throw new AppError("conflict", "too many mentors", { userId: [`每班最多 ${maxMentorsPerClass} 位导师`] });
    await tx.insert(projectClassMentor).values({ tenantId: actor.tenantId, classId: c.id, userId: input.userId, projectId: c.projectId, addedBy: actor.actorId }).onConflictDoNothing();
    await appendAudit(tx, actor, { action: "projects.classes.mentorAdd", target: `class:${c.id}`, orgPath: ctx.ownerPath, data: { userId: input.userId } });
    return { classId: c.id };
  });
}

export async function removeClassMentor(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZClassMentorInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { c, ctx } = await loadClass(tx, actor, input.classId);
    await tx.delete(projectClassMentor).where(and(eq(projectClassMentor.classId, c.id), eq(projectClassMentor.userId, input.userId)));
    await appendAudit(tx, actor, { action: "projects.classes.mentorRemove", target: `class:${c.id}`, orgPath: ctx.ownerPath, data: { userId: input.userId } });
    return { classId: c.id };
  });
}

/** Publishes the class list: the trainees see their class, 班主任 and mentors from now on. */
export async function publishClasses(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZProjectRef, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId);
    needRun(ctx);
    await ensurePlan(tx, actor.tenantId, input.projectId);
    const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(projectClass).where(eq(projectClass.projectId, input.projectId));
    if (!n?.n) throw new AppError("projectStateConflict", `project ${input.projectId}: no classes to publish`);
    const at = new Date();
    await tx.update(projectClassPlan).set({ publishedAt: at, publishedBy: actor.actorId, updatedAt: at }).where(eq(projectClassPlan.projectId, input.projectId));
    // The trainees start their schedule's catalog courses now (decision 036; publishing again enrols nobody twice).
    const enrolled = await enrolProjectCourses(tx, { tenantId: actor.tenantId, projectId: input.projectId });
    await appendAudit(tx, actor, { action: "projects.classes.publish", target: `project:${input.projectId}`, orgPath: ctx.ownerPath, data: { enrolled } });
    return { publishedAt: at, enrolled };
  });
}

/** The owner's managers name the implementing unit (实施单位): a unit inside the owner's subtree. */
export async function setImplementingUnit(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZImplementingUnitInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId);
    needManage(ctx);
    if (ctx.project.state === "closed") throw new AppError("projectStateConflict", `project ${input.projectId} is closed`);
    if (input.unitId) {
      const [u] = await tx.select({ path: orgUnit.path, status: orgUnit.status }).from(orgUnit).where(eq(orgUnit.id, input.unitId)).limit(1);
      if (!u || u.status !== "active" || !u.path.startsWith(ctx.ownerPath)) throw new AppError("badRequest", `unit ${input.unitId}`, { unitId: ["实施单位须在主办单位之下"] });
    }
    await ensurePlan(tx, actor.tenantId, input.projectId);
    await tx.update(projectClassPlan).set({ implementingUnitId: input.unitId ?? null, updatedAt: new Date() }).where(eq(projectClassPlan.projectId, input.projectId));
    await appendAudit(tx, actor, { action: "projects.implementingUnit", target: `project:${input.projectId}`, orgPath: ctx.ownerPath, data: { unitId: input.unitId ?? null } });
    return { unitId: input.unitId ?? null };
  });
}

/** Teachers of the province by name or 教师编号, for 班主任 and mentors; 名师 who host a studio are marked. */
export async function staffOptions(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const query = parseInput(ZStaffSearchQuery, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, query.projectId);
    if (!ctx.runs || !query.q) return [];
    const like = `${escapeLike(query.q)}%`;
    const hosts = tx.select({ hostId: studio.hostId }).from(studio).where(eq(studio.status, "active"));
    const rows = await tx
      .select({ userId: teacherProfile.userId, name: teacherProfile.name, teacherNo: teacherProfile.teacherNo, school: orgUnit.name, hostsStudio: sql<boolean>`${teacherProfile.userId} in (${hosts})` })
      .from(teacherProfile)
      .innerJoin(user, tenantEq(user.id, teacherProfile.userId))
      .innerJoin(orgUnit, tenantEq(orgUnit.id, teacherProfile.schoolId))
      .where(and(eq(user.status, "active"), or(ilike(teacherProfile.name, like), ilike(teacherProfile.teacherNo, like))))
      .orderBy(asc(teacherProfile.name), asc(teacherProfile.userId))
      .limit(20);
    return rows;
  });
}

/** The 编班 page: the plan, the classes with their people, the trainees not placed yet, and who may do what. */
export async function classesPage(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, projectId);
    if (!ctx.runs) throw new AppError("notFound", `project ${projectId}: classes`);
    const trainees = await traineesOf(tx, ctx);
    const classes = await tx.select().from(projectClass).where(eq(projectClass.projectId, projectId)).orderBy(asc(projectClass.subject), asc(projectClass.name));
    const people = await classPeople(tx, classes.map((c) => c.id));
    const implementingOptions = ctx.manages
      ? await tx
          .select({ id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind })
          .from(orgUnit)
          .where(and(sql`${orgUnit.path} like ${`${escapeLike(ctx.ownerPath)}%`}`, eq(orgUnit.status, "active"), inArray(orgUnit.kind, ["trainingInstitution", "developmentCenter", "city", "county", "school"])))
          .orderBy(asc(orgUnit.path))
          .limit(200)
      : [];
    return {
      project: { id: ctx.project.id, state: ctx.project.state, subjects: ctx.project.subjects },
      manages: ctx.manages,
      canRun: ctx.project.state === "published" || ctx.project.state === "running",
      plan: { classSize: ctx.plan?.classSize ?? null, publishedAt: ctx.plan?.publishedAt ?? null, implementingUnit: ctx.implementingUnit ? { id: ctx.implementingUnit.id, name: ctx.implementingUnit.name } : null },
      implementingOptions,
      classes: classes.map((c) => ({
        id: c.id,
        name: c.name,
        subject: c.subject,
        headTeacher: people.heads.get(c.headTeacherId ?? "") ?? null,
        mentors: people.mentors.get(c.id) ?? [],
        members: trainees.filter((t) => t.classId === c.id),
      })),
      unplaced: trainees.filter((t) => t.classId === null),
    };
  });
}

/** 班主任 and mentors of some classes, with names, schools and whether a mentor hosts a studio. */
export async function classPeople(tx: Tx, classIds: string[]) {
  const heads = new Map<string, { userId: string; name: string }>();
  const mentors = new Map<string, { userId: string; name: string; school: string | null; hostsStudio: boolean }[]>();
  if (classIds.length === 0) return { heads, mentors };
  const headRows = await joinPerson(
    tx.select({ userId: projectClass.headTeacherId, ...personColumns }).from(projectClass).$dynamic(),
    projectClass.headTeacherId,
  ).where(inArray(projectClass.id, classIds));
  for (const h of headRows) if (h.userId) heads.set(h.userId, { userId: h.userId, name: h.name });
  const hosts = tx.select({ hostId: studio.hostId }).from(studio).where(eq(studio.status, "active"));
  const mentorRows = await joinPerson(
    tx
      .select({ classId: projectClassMentor.classId, userId: projectClassMentor.userId, ...personColumns, hostsStudio: sql<boolean>`${projectClassMentor.userId} in (${hosts})` })
      .from(projectClassMentor)
      .$dynamic(),
    projectClassMentor.userId,
  )
    .where(inArray(projectClassMentor.classId, classIds))
    .orderBy(asc(projectClassMentor.createdAt));
  for (const m of mentorRows) mentors.set(m.classId, [...(mentors.get(m.classId) ?? []), { userId: m.userId, name: m.name, school: m.school, hostsStudio: m.hostsStudio }]);
  return { heads, mentors };
}
