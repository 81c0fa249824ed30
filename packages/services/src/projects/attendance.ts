import type { Readable } from "node:stream";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { ZProjectRef } from "@yanxiu/domain/projects";
import { completionCheck, projectProgress, sessionCheckInWindow, ZMarkAttendanceInput, ZProjectCheckInInput } from "@yanxiu/domain/projects-running";
import type { Database, Tx } from "@yanxiu/db/client";
import { enrollment, nomination, projectAttendance, projectClass, projectClassMember, projectClassPlan, projectCreditAward, projectCreditRun, projectSession, trainingProject } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { verifyCheckInCode } from "../courses/check-in-code.ts";
import type { TActor } from "../org/scope.ts";
import type { Redis } from "../platform/redis.ts";
import { xlsxStream } from "../platform/xlsx/xlsx.ts";
import { assessmentItemsOf, scoresOf } from "./assessment.ts";
import { requiredCoursesOf } from "./project-courses.ts";
import { classPeople, traineesOf } from "./classes.ts";
import { loadRunningFor, loadTrainee, needRun } from "./running-common.ts";
import { sessionsOf } from "./schedule.ts";

/**
 * 报到 and attendance per day (decision 023). A trainee checks in at a concentrated session with the code the
 * unit shows (the offline check-in's code, bound to the session); the unit may mark a day by hand. A day is one
 * row per trainee (the key), so a second check-in the same day changes nothing; `projectProgress` counts days
 * against the project's required days. Wrong codes are counted in Redis as the offline check-in does.
 */
export const projectCheckInFloodPolicy = { maxWrongCodes: 5, windowSeconds: 60 } as const;
const floodKey = (tenantId: string, sessionId: string, actorId: string) => `projects:checkin:wrong:${tenantId}:${sessionId}:${actorId}`;

/** The trainee's own check-in. Twice on a day is one day (`alreadyRecorded`), not an error. */
export async function checkInToSession(opts: { db: Database; redis: Redis; actor: TActor; input: unknown; checkInSecret: string; now?: Date }) {
  const { actor, redis } = opts;
  const input = parseInput(ZProjectCheckInInput, opts.input);
  const now = opts.now ?? new Date();
  const key = floodKey(actor.tenantId, input.sessionId, actor.actorId);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [row] = await tx
      .select({ s: projectSession, state: trainingProject.state, nominationId: nomination.id })
      .from(projectSession)
      .innerJoin(trainingProject, and(eq(trainingProject.tenantId, projectSession.tenantId), eq(trainingProject.id, projectSession.projectId)))
      .innerJoin(nomination, and(eq(nomination.tenantId, projectSession.tenantId), eq(nomination.projectId, projectSession.projectId)))
      .where(and(eq(projectSession.id, input.sessionId), eq(nomination.teacherId, actor.actorId), eq(nomination.state, "approved")))
      .limit(1);
    // Not a trainee of this project (or another province's session): nothing to see.
    if (!row || row.s.kind !== "concentrated") throw new AppError("notFound", `session ${input.sessionId}`);
    if (row.state !== "published" && row.state !== "running") throw new AppError("projectStateConflict", `project ${row.s.projectId} is ${row.state}`);
    if (Number((await redis.get(key)) ?? 0) >= projectCheckInFloodPolicy.maxWrongCodes) throw new AppError("tooManyAttempts", "too many wrong check-in codes");
    const window = sessionCheckInWindow(row.s, now);
    if (window === "notOpen") throw new AppError("checkInNotOpen", "check-in has not opened");
    if (window === "closed") throw new AppError("checkInClosed", "check-in has closed");
    if (!verifyCheckInCode({ secret: opts.checkInSecret, tenantId: actor.tenantId, sessionId: row.s.id, code: input.code, now })) {
      await redis.multi().incr(key).expire(key, projectCheckInFloodPolicy.windowSeconds, "NX").exec();
      throw new AppError("checkInCodeInvalid", "wrong or expired check-in code");
    }
    const inserted = await tx
      .insert(projectAttendance)
      .values({ tenantId: actor.tenantId, nominationId: row.nominationId, day: row.s.day, projectId: row.s.projectId, sessionId: row.s.id, method: "code", recordedBy: actor.actorId, recordedAt: now })
      .onConflictDoNothing()
      .returning({ day: projectAttendance.day });
    return { day: row.s.day, alreadyRecorded: inserted.length === 0 };
  });
}

/** The unit marks a trainee present or absent on a day by hand. */
export async function markAttendance(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZMarkAttendanceInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId);
    needRun(ctx);
    await loadTrainee(tx, input.projectId, input.nominationId);
    if (input.day < ctx.project.startsOn || input.day > ctx.project.endsOn) throw new AppError("badRequest", "day outside the project", { day: ["日期须在项目起止日期内"] });
    if (input.present) {
      await tx
        .insert(projectAttendance)
        .values({ tenantId: actor.tenantId, nominationId: input.nominationId, day: input.day, projectId: input.projectId, method: "manual", recordedBy: actor.actorId })
        .onConflictDoNothing();
    } else {
      await tx.delete(projectAttendance).where(and(eq(projectAttendance.nominationId, input.nominationId), eq(projectAttendance.day, input.day)));
    }
    await appendAudit(tx, actor, { action: input.present ? "projects.attendance.mark" : "projects.attendance.unmark", target: `nomination:${input.nominationId}`, orgPath: ctx.ownerPath, data: { day: input.day } });
    return { nominationId: input.nominationId, day: input.day, present: input.present };
  });
}

/** Days attended per trainee of a project (approved ones; a withdrawn trainee's days stay but are not listed). */
async function daysByTrainee(tx: Tx, projectId: string) {
  const rows = await tx
    .select({ nominationId: projectAttendance.nominationId, day: projectAttendance.day, method: projectAttendance.method })
    .from(projectAttendance)
    .where(eq(projectAttendance.projectId, projectId))
    .orderBy(asc(projectAttendance.day));
  const by = new Map<string, { day: string; method: "code" | "manual" }[]>();
  for (const r of rows) by.set(r.nominationId, [...(by.get(r.nominationId) ?? []), { day: r.day, method: r.method }]);
  return by;
}

/** The per-trainee attendance grid: the concentrated days (and any day marked by hand) as columns, totals per trainee. */
export async function attendanceGrid(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => gridOf(tx, actor, projectId));
}

async function gridOf(tx: Tx, actor: TActor, projectId: string) {
  const ctx = await loadRunningFor(tx, actor, projectId);
  if (!ctx.runs) throw new AppError("notFound", `project ${projectId}: attendance`);
  const trainees = await traineesOf(tx, ctx);
  const sessions = await sessionsOf(tx, projectId);
  const byTrainee = await daysByTrainee(tx, projectId);
  const classes = await tx.select({ id: projectClass.id, name: projectClass.name }).from(projectClass).where(eq(projectClass.projectId, projectId));
  const className = new Map(classes.map((c) => [c.id, c.name]));
  const days = new Set(sessions.filter((s) => s.kind === "concentrated").map((s) => s.day));
  for (const t of trainees) for (const d of byTrainee.get(t.nominationId) ?? []) days.add(d.day);
  const progress = projectProgress(
    ctx.project.requiredDays,
    trainees.map((t) => ({ nominationId: t.nominationId, days: (byTrainee.get(t.nominationId) ?? []).map((d) => d.day) })),
  );
  return {
    project: { id: ctx.project.id, name: ctx.project.name, requiredDays: ctx.project.requiredDays, startsOn: ctx.project.startsOn, endsOn: ctx.project.endsOn },
    canRun: ctx.project.state === "published" || ctx.project.state === "running",
    days: [...days].sort(),
    rows: trainees.map((t, i) => ({
      nominationId: t.nominationId,
      name: t.name,
      teacherNo: t.teacherNo,
      school: t.school,
      className: t.classId ? (className.get(t.classId) ?? "") : "",
      attended: Object.fromEntries((byTrainee.get(t.nominationId) ?? []).map((d) => [d.day, d.method])) as Record<string, "code" | "manual">,
      progress: progress[i]!,
    })),
  };
}

export async function exportAttendance(opts: { db: Database; actor: TActor; query: unknown }): Promise<{ stream: Readable; fileName: string }> {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  const g = await opts.db.withTenant(actor.tenantId, async (tx) => gridOf(tx, actor, projectId));
  const headers = ["教师编号", "姓名", "学校", "班级", "报到日期", ...g.days, "出勤天数", "要求天数", "是否达标"];
  const mark = { code: "签到", manual: "补录" } as const;
  const rows = g.rows.map((r) => [
    r.teacherNo ?? "",
    r.name,
    r.school ?? "",
    r.className,
    r.progress.registeredOn ?? "",
    ...g.days.map((d) => (r.attended[d] ? mark[r.attended[d]] : "")),
    r.progress.attended,
    r.progress.required,
    r.progress.met ? "是" : "否",
  ]);
  return { stream: xlsxStream([{ name: "出勤表", headers, rows }]), fileName: `${g.project.name}-出勤表.xlsx` };
}

/**
 * The trainee's page of a project: their class (once the list is published), 班主任 and mentors, the schedule,
 * days attended against required, and the sessions they can check in at now. Only their own nomination: a
 * teacher who is not a trainee of the project gets notFound.
 */
export async function myProject(opts: { db: Database; actor: TActor; query: unknown; now?: Date }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  const now = opts.now ?? new Date();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [row] = await tx
      .select({ p: trainingProject, nominationId: nomination.id, state: nomination.state })
      .from(nomination)
      .innerJoin(trainingProject, and(eq(trainingProject.tenantId, nomination.tenantId), eq(trainingProject.id, nomination.projectId)))
      .where(and(eq(nomination.projectId, projectId), eq(nomination.teacherId, actor.actorId), inArray(nomination.state, ["approved", "withdrawn"])))
      .limit(1);
    if (!row) throw new AppError("notFound", `project ${projectId}`);
    const [plan] = await tx.select({ publishedAt: projectClassPlan.publishedAt }).from(projectClassPlan).where(eq(projectClassPlan.projectId, projectId)).limit(1);
    let klass: { id: string; name: string; headTeacher: { name: string } | null; mentors: { name: string; school: string | null; hostsStudio: boolean }[]; size: number } | null = null;
    if (plan?.publishedAt && row.state === "approved") {
      const [m] = await tx
        .select({ id: projectClass.id, name: projectClass.name, headTeacherId: projectClass.headTeacherId })
        .from(projectClassMember)
        .innerJoin(projectClass, and(eq(projectClass.tenantId, projectClassMember.tenantId), eq(projectClass.id, projectClassMember.classId)))
        .where(eq(projectClassMember.nominationId, row.nominationId))
        .limit(1);
      if (m) {
        const people = await classPeople(tx, [m.id]);
        const [size] = await tx.select({ n: sql<number>`count(*)::int` }).from(projectClassMember).where(eq(projectClassMember.classId, m.id));
        klass = { id: m.id, name: m.name, headTeacher: people.heads.get(m.headTeacherId ?? "") ?? null, mentors: people.mentors.get(m.id) ?? [], size: size?.n ?? 0 };
      }
    }
    const sessions = await sessionsOf(tx, projectId);
    const days = await tx.select({ day: projectAttendance.day }).from(projectAttendance).where(eq(projectAttendance.nominationId, row.nominationId)).orderBy(asc(projectAttendance.day));
    const [progress] = projectProgress(row.p.requiredDays, [{ nominationId: row.nominationId, days: days.map((d) => d.day) }]);
    const attendedDays = new Set(days.map((d) => d.day));
    const running = row.p.state === "published" || row.p.state === "running";
    // 学时认定 (decision 027): the hours confirmed for this trainee, and whether they are in the ledger yet.
    const [credit] = await tx
      .select({ hours: projectCreditAward.hours, state: projectCreditAward.state, countsFor: projectCreditRun.countsFor })
      .from(projectCreditAward)
      .innerJoin(projectCreditRun, and(eq(projectCreditRun.tenantId, projectCreditAward.tenantId), eq(projectCreditRun.projectId, projectCreditAward.projectId)))
      .where(eq(projectCreditAward.nominationId, row.nominationId))
      .limit(1);
    // 考核 (decision 031): the trainee's own scores, the total against the pass mark and what is still missing.
    const items = await assessmentItemsOf(tx, projectId);
    const mine = (await scoresOf(tx, projectId, [row.nominationId])).get(row.nominationId) ?? {};
    // 必修课程 (decision 036): the project's required catalog courses with this teacher's enrolment in each.
    const required = await requiredCoursesOf(tx, projectId);
    const enrolments = required.length
      ? await tx
          .select({ courseId: enrollment.courseId, status: enrollment.status })
          .from(enrollment)
          .where(and(eq(enrollment.teacherId, actor.actorId), inArray(enrollment.courseId, required.map((c) => c.courseId))))
      : [];
    const statusOf = new Map(enrolments.map((e) => [e.courseId, e.status]));
    const completedCourses = new Set(enrolments.filter((e) => e.status === "completed").map((e) => e.courseId));
    const check = completionCheck({ requiredDays: row.p.requiredDays, attended: days.length, items, scores: mine, passPercent: row.p.passPercent, requiredCourses: required.map((c) => c.courseId), completedCourses });
    return {
      project: { id: row.p.id, name: row.p.name, startsOn: row.p.startsOn, endsOn: row.p.endsOn, requiredDays: row.p.requiredDays, state: row.p.state },
      trainee: { nominationId: row.nominationId, state: row.state },
      assessment: {
        items: items.map((i) => ({ id: i.id, name: i.name, kind: i.kind, maxScore: i.maxScore, required: i.required, dueOn: i.dueOn, score: mine[i.id] ?? null })),
        total: check.total,
        maxTotal: check.maxTotal,
        passScore: check.passScore,
        reasons: check.reasons,
      },
      requiredCourses: required.map((c) => ({ courseId: c.courseId, title: c.title, status: statusOf.get(c.courseId) ?? null })),
      classesPublished: Boolean(plan?.publishedAt),
      klass,
      progress: progress!,
      credit: credit && credit.state !== "skipped" ? { hours: Number(credit.hours), awarded: credit.state === "awarded", countsFor: credit.countsFor } : null,
      sessions: sessions.map((s) => ({
        id: s.id,
        title: s.title,
        kind: s.kind,
        day: s.day,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        place: s.place,
        required: s.required,
        attended: attendedDays.has(s.day),
        canCheckIn: running && row.state === "approved" && s.kind === "concentrated" && sessionCheckInWindow(s, now) === "open" && !attendedDays.has(s.day),
      })),
    };
  });
}

/** The projects a teacher is (or was) a trainee of, for their pages. */
export async function myTrainingProjects(opts: { db: Database; actor: TActor }) {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) =>
    tx
      .select({ projectId: trainingProject.id, name: trainingProject.name, startsOn: trainingProject.startsOn, endsOn: trainingProject.endsOn, state: nomination.state })
      .from(nomination)
      .innerJoin(trainingProject, and(eq(trainingProject.tenantId, nomination.tenantId), eq(trainingProject.id, nomination.projectId)))
      .where(and(eq(nomination.teacherId, actor.actorId), inArray(nomination.state, ["approved", "withdrawn"])))
      .orderBy(asc(trainingProject.startsOn)),
  );
}
