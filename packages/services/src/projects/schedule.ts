import { and, asc, eq, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { ZProjectRef } from "@yanxiu/domain/projects";
import { sessionCheckInWindow, sessionInstants, ZCreateSessionInput, ZSessionRef, ZSessionRequiredInput } from "@yanxiu/domain/projects-running";
import type { Database, Tx } from "@yanxiu/db/client";
import { course, projectAttendance, projectSession } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { currentCheckInCode } from "../courses/check-in-code.ts";
import type { TActor } from "../org/scope.ts";
import { enrolProjectCourses, needPublishedCourse } from "./project-courses.ts";
import { loadRunningFor, needRun } from "./running-common.ts";

/**
 * The schedule (decision 023): sessions of a project — concentrated days checked in with a code, and references
 * to a catalog course, a studio live session or a course's offline session (kept as ids; those features keep
 * their own rules). A session's code is the offline check-in's (check-in-code.ts), bound to the session id.
 */

export async function createSession(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZCreateSessionInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId);
    needRun(ctx);
    if (input.day < ctx.project.startsOn || input.day > ctx.project.endsOn) {
      throw new AppError("badRequest", "session outside the project's dates", { day: [`日期须在项目起止日期内（${ctx.project.startsOn} 至 ${ctx.project.endsOn}）`] });
    }
    // A course session names a catalog course of this tenant (another tenant's id is invisible under RLS: refused);
    // a 必修 one, a published course (decision 036).
    if (input.kind === "course" && input.refId) {
      if (input.required) await needPublishedCourse(tx, input.refId);
      else {
        const [c] = await tx.select({ id: course.id }).from(course).where(eq(course.id, input.refId)).limit(1);
        if (!c) throw new AppError("badRequest", `course ${input.refId} not found`, { refId: ["引用的课程不存在"] });
      }
    }
    const [s] = await tx
      .insert(projectSession)
      .values({ tenantId: actor.tenantId, projectId: input.projectId, title: input.title, kind: input.kind, day: input.day, startsAt: input.startsAt, endsAt: input.endsAt, place: input.place, refId: input.refId ?? null, required: input.required, createdBy: actor.actorId })
      .returning({ id: projectSession.id });
    // Added after the class list was published: the trainees are enrolled into its course now (decision 036).
    const enrolled = input.kind === "course" && input.refId ? await enrolProjectCourses(tx, { tenantId: actor.tenantId, projectId: input.projectId, sessionIds: [s!.id] }) : 0;
    await appendAudit(tx, actor, { action: "projects.session.create", target: `session:${s!.id}`, orgPath: ctx.ownerPath, data: { day: input.day, kind: input.kind, required: input.required || undefined, enrolled: enrolled || undefined } });
    return { sessionId: s!.id, enrolled };
  });
}

async function loadSessionFor(tx: Tx, actor: TActor, sessionId: string) {
  const [s] = await tx.select().from(projectSession).where(eq(projectSession.id, sessionId)).limit(1);
  if (!s) throw new AppError("notFound", `session ${sessionId}`);
  const ctx = await loadRunningFor(tx, actor, s.projectId);
  if (!ctx.runs) throw new AppError("notFound", `session ${sessionId}`);
  return { s, ctx };
}

/** A session nobody checked in at may be removed; one with check-ins stays (the days counted rely on it). */
export async function deleteSession(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZSessionRef, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { s, ctx } = await loadSessionFor(tx, actor, input.sessionId);
    needRun(ctx);
    const [used] = await tx.select({ n: sql<number>`count(*)::int` }).from(projectAttendance).where(eq(projectAttendance.sessionId, s.id));
    if (used?.n) throw new AppError("conflict", `session ${s.id} has check-ins`);
    await tx.delete(projectSession).where(eq(projectSession.id, s.id));
    await appendAudit(tx, actor, { action: "projects.session.delete", target: `session:${s.id}`, orgPath: ctx.ownerPath, data: { day: s.day, title: s.title } });
    return { sessionId: s.id };
  });
}

/**
 * 设为必修 / 取消必修 (decision 036): only a course session naming a published catalog course may be required.
 * The trainees are already enrolled (or are, if the session predates a change of mind): enrolling again is a no-op.
 */
export async function setSessionRequired(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZSessionRequiredInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { s, ctx } = await loadSessionFor(tx, actor, input.sessionId);
    needRun(ctx);
    if (input.required) {
      if (s.kind !== "course" || !s.refId) throw new AppError("badRequest", `session ${s.id} is not a course session`, { required: ["只有引用了课程的课程学习日程才能设为必修"] });
      await needPublishedCourse(tx, s.refId);
    }
    if (s.required === input.required) return { sessionId: s.id, required: s.required, enrolled: 0 };
    await tx.update(projectSession).set({ required: input.required }).where(eq(projectSession.id, s.id));
    const enrolled = input.required ? await enrolProjectCourses(tx, { tenantId: actor.tenantId, projectId: s.projectId, sessionIds: [s.id] }) : 0;
    await appendAudit(tx, actor, { action: "projects.session.required", target: `session:${s.id}`, orgPath: ctx.ownerPath, data: { required: input.required, title: s.title } });
    return { sessionId: s.id, required: input.required, enrolled };
  });
}

/** The sessions of a project in time order, each with how many trainees checked in with its code. */
export async function sessionsOf(tx: Tx, projectId: string) {
  return tx
    .select({
      id: projectSession.id,
      title: projectSession.title,
      kind: projectSession.kind,
      day: projectSession.day,
      startsAt: projectSession.startsAt,
      endsAt: projectSession.endsAt,
      place: projectSession.place,
      refId: projectSession.refId,
      required: projectSession.required,
      // A course session's catalog course, when it is one of this tenant (its published title, for the link).
      courseTitle: sql<string | null>`(select cv.title from course c join course_version cv on cv.tenant_id = c.tenant_id and cv.id = c.published_version_id where c.tenant_id = "project_session"."tenant_id" and c.id = "project_session"."ref_id" and "project_session"."kind" = 'course')`,
      checkedIn: sql<number>`(select count(*)::int from ${projectAttendance} where ${projectAttendance.sessionId} = ${projectSession.id} and ${projectAttendance.tenantId} = ${projectSession.tenantId})`,
    })
    .from(projectSession)
    .where(eq(projectSession.projectId, projectId))
    .orderBy(asc(projectSession.day), asc(projectSession.startsAt), asc(projectSession.id));
}

export async function schedulePage(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, projectId);
    if (!ctx.runs) throw new AppError("notFound", `project ${projectId}: schedule`);
    return {
      project: { id: ctx.project.id, startsOn: ctx.project.startsOn, endsOn: ctx.project.endsOn, requiredDays: ctx.project.requiredDays },
      canRun: ctx.project.state === "published" || ctx.project.state === "running",
      sessions: await sessionsOf(tx, projectId),
    };
  });
}

/** What the unit projects in the room for a concentrated session: its code (while the window is open) and the count. */
export async function sessionCheckInScreen(opts: { db: Database; actor: TActor; query: unknown; checkInSecret: string; now?: Date }) {
  const { actor } = opts;
  const { sessionId } = parseInput(ZSessionRef, opts.query);
  const now = opts.now ?? new Date();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { s, ctx } = await loadSessionFor(tx, actor, sessionId);
    if (s.kind !== "concentrated") throw new AppError("notFound", `session ${sessionId}: no check-in`);
    const window = sessionCheckInWindow(s, now);
    const code = currentCheckInCode({ secret: opts.checkInSecret, tenantId: actor.tenantId, sessionId: s.id, now });
    const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(projectAttendance).where(and(eq(projectAttendance.sessionId, s.id)));
    const open = window === "open" && ctx.project.state !== "closed";
    return {
      session: { id: s.id, projectId: s.projectId, title: s.title, day: s.day, startsAt: s.startsAt, endsAt: s.endsAt, place: s.place, opensAt: sessionInstants(s).opensAt },
      window,
      code: open ? code.code : null,
      validUntil: code.validUntil,
      checkedIn: n?.n ?? 0,
    };
  });
}
