import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { creditAward, enrollment, projectSession } from "@yanxiu/db/schema";
import { completingEvent, enrolAll } from "../completion/testing.ts";
import { processProgressEvent, rebuildCompletion } from "../completion/index.ts";
import { seedFixtureCourse, type TFixtureCourse } from "../courses/test-fixtures.ts";
import {
  confirmProjectCredits,
  createSession,
  enrolProjectCourses,
  formClasses,
  classesPage,
  moveTrainee,
  myProject,
  projectCredits,
  publishClasses,
  setSessionRequired,
} from "./index.ts";
import { projectTestSetup, runningProjectWith, type TProjectWorld } from "./test-setup.ts";

let w: TProjectWorld;
let other: TProjectWorld;
const { owner, db } = projectTestSetup((seeded) => {
  ({ w, other } = seeded);
});

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code, fieldErrors: e.fieldErrors }));
const TODAY = "2026-07-05";

const courseOf = (world: TProjectWorld, status: "published" | "draft" = "published") =>
  seedFixtureCourse(db, world.tenantId, { ownerId: world.admins.province.actorId, institutionId: world.units.institution.id, kinds: ["document"], status, facts: { creditHours: "6" } });

/** A running project (3 required days) with trainees who attended `days[i]` days each, one withdrawn, and classes formed (not published). */
async function projectWith(days: number[]) {
  const p = await runningProjectWith({ db, owner, w }, days);
  await formClasses({ db, actor: p.admin, input: { projectId: p.projectId, classSize: "10" } });
  return p;
}

const courseSession = (projectId: string, c: TFixtureCourse, over: Record<string, unknown> = {}) => ({ projectId, title: "网络课程：整本书阅读", kind: "course", day: "2026-03-10", startsAt: "09:00", endsAt: "11:00", refId: c.courseId, ...over });

const enrolmentsOf = (courseId: string) =>
  owner.withTenant(w.tenantId, (tx) => tx.select({ id: enrollment.id, teacherId: enrollment.teacherId, source: enrollment.source, status: enrollment.status }).from(enrollment).where(eq(enrollment.courseId, courseId)));

/** Completes the (one-document) course through the completion worker, as the player would. */
async function completeCourse(c: TFixtureCourse, teacherId: string) {
  const [e] = await owner.withTenant(w.tenantId, (tx) => tx.select({ id: enrollment.id }).from(enrollment).where(and(eq(enrollment.courseId, c.courseId), eq(enrollment.teacherId, teacherId))));
  const r = await processProgressEvent({ db, event: completingEvent("document", { tenantId: w.tenantId, enrollmentId: e!.id, unitId: c.unitIds[0]!, actorId: teacherId }) });
  expect(r).toMatchObject({ duplicate: false });
}

const courseAwardsOf = (teacherId: string, courseId: string) =>
  owner.withTenant(w.tenantId, (tx) => tx.select({ id: creditAward.id }).from(creditAward).where(and(eq(creditAward.teacherId, teacherId), eq(creditAward.source, "courseCompletion"), eq(creditAward.sourceRef, courseId))));

describe("必修课程 of a training project (decision 036)", () => {
  it("publishing the class list enrols the approved trainees into the course sessions once; a self-enrolment counts as it is", async () => {
    const p = await projectWith([3, 3, 3]);
    const [a, b, selfEnrolled] = p.trainees;
    const c = await courseOf(w);
    const c2 = await courseOf(w);
    await enrolAll(db, w.tenantId, c, [selfEnrolled!.userId]);
    await createSession({ db, actor: p.admin, input: courseSession(p.projectId, c, { required: "on" }) });
    // A second session of the same course: still one enrolment each.
    await createSession({ db, actor: p.admin, input: courseSession(p.projectId, c, { day: "2026-03-11" }) });
    // Before the list is published nobody is enrolled.
    expect(await enrolmentsOf(c.courseId)).toHaveLength(1);

    const first = await publishClasses({ db, actor: p.admin, input: { projectId: p.projectId } });
    expect(first.enrolled).toBe(2);
    const rows = await enrolmentsOf(c.courseId);
    expect(rows.map((r) => r.teacherId).sort()).toEqual([a!.userId, b!.userId, selfEnrolled!.userId].sort());
    expect(rows.find((r) => r.teacherId === selfEnrolled!.userId)!.source).toBe("self");
    expect(rows.filter((r) => r.teacherId !== selfEnrolled!.userId).every((r) => r.source === "project" && r.status === "active")).toBe(true);
    // The withdrawn trainee is not enrolled.
    expect(rows.some((r) => r.teacherId === p.withdrawn.userId)).toBe(false);

    // Run twice: the same rows.
    const again = await publishClasses({ db, actor: p.admin, input: { projectId: p.projectId } });
    expect(again.enrolled).toBe(0);
    expect((await owner.withTenant(w.tenantId, (tx) => enrolProjectCourses(tx, { tenantId: w.tenantId, projectId: p.projectId })))).toBe(0);
    expect((await enrolmentsOf(c.courseId)).map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());

    // A course session added after the publication: enrolled at once.
    const added = await createSession({ db, actor: p.admin, input: courseSession(p.projectId, c2) });
    expect(added.enrolled).toBe(3);
    // A trainee placed later (approved after the publication) is enrolled into both courses.
    const late = await p.put("approved", 0);
    const classId = (await classesPage({ db, actor: p.admin, query: { projectId: p.projectId } })).classes[0]!.id;
    await moveTrainee({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: late.nominationId, classId } });
    expect((await enrolmentsOf(c.courseId)).some((r) => r.teacherId === late.userId && r.source === "project")).toBe(true);
    expect((await enrolmentsOf(c2.courseId)).some((r) => r.teacherId === late.userId)).toBe(true);
  });

  it("a trainee who met the days but not a required course is not proposed, and is once the course is completed — with no second award for the course", async () => {
    const p = await projectWith([3, 3, 1]);
    const [done, notYet, short] = p.trainees;
    const c = await courseOf(w);
    await createSession({ db, actor: p.admin, input: courseSession(p.projectId, c) });
    await publishClasses({ db, actor: p.admin, input: { projectId: p.projectId } });
    // Not required yet: the days decide.
    expect((await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY })).counts.met).toBe(2);
    const session = (await owner.withTenant(w.tenantId, (tx) => tx.select({ id: projectSession.id }).from(projectSession).where(eq(projectSession.projectId, p.projectId))))[0]!;
    await setSessionRequired({ db, actor: p.admin, input: { sessionId: session.id, required: "true" } });

    const before = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    expect(before.requiredCourses).toBe(1);
    expect(before.counts).toMatchObject({ trainees: 3, met: 0, toAward: 0 });
    expect(before.rows.find((r) => r.nominationId === done!.nominationId)).toMatchObject({ met: false, reasons: ["requiredCourse"], courses: { done: 0, of: 1 } });
    const mine = await myProject({ db, actor: done!.actor, query: { projectId: p.projectId } });
    expect(mine.requiredCourses).toEqual([{ courseId: c.courseId, title: expect.any(String), status: "active" }]);
    expect(mine.assessment.reasons).toEqual(["requiredCourse"]);

    await completeCourse(c, done!.userId);
    await completeCourse(c, short!.userId);
    const after = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    expect(after.counts).toMatchObject({ trainees: 3, met: 1, toAward: 1, hours: 48 });
    expect(after.rows.find((r) => r.nominationId === done!.nominationId)).toMatchObject({ met: true, reasons: [], courses: { done: 1, of: 1 }, decision: { award: true, hours: 48 } });
    expect(after.rows.find((r) => r.nominationId === short!.nominationId)).toMatchObject({ met: false, reasons: ["days"], courses: { done: 1, of: 1 } });
    const missing = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, show: "coursesMissing" }, today: TODAY });
    expect(missing.rows.map((r) => r.nominationId)).toEqual([notYet!.nominationId]);
    expect((await myProject({ db, actor: done!.actor, query: { projectId: p.projectId } })).requiredCourses[0]!.status).toBe("completed");
    // A project's enrolment earns no award of its own; the rebuild agrees that none is missing.
    expect(await courseAwardsOf(done!.userId, c.courseId)).toEqual([]);
    const report = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(report.differences.filter((d) => d.kind === "missingAward" || d.kind === "enrollmentStatus")).toEqual([]);

    // The confirmation (TS path) awards exactly the one the page proposes (SQL path).
    const confirmed = await confirmProjectCredits({ db, actor: p.admin, input: { projectId: p.projectId, category: ["concentrated"], hours: ["48"] }, today: TODAY });
    expect(confirmed.total).toBe(1);
  });

  it("the SQL counts and filters agree with completionCheck on every trainee", async () => {
    const p = await projectWith([3, 3, 3, 2, 0]);
    const c1 = await courseOf(w);
    const c2 = await courseOf(w);
    await createSession({ db, actor: p.admin, input: courseSession(p.projectId, c1, { required: "on" }) });
    await createSession({ db, actor: p.admin, input: courseSession(p.projectId, c2, { required: "on", day: "2026-03-12" }) });
    await publishClasses({ db, actor: p.admin, input: { projectId: p.projectId } });
    const [t0, t1, , t3] = p.trainees;
    await completeCourse(c1, t0!.userId);
    await completeCourse(c2, t0!.userId);
    await completeCourse(c1, t1!.userId);
    await completeCourse(c1, t3!.userId);
    await completeCourse(c2, t3!.userId);
    const all = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, size: "100" }, today: TODAY });
    expect(all.rows).toHaveLength(5);
    expect(all.counts.met).toBe(all.rows.filter((r) => r.met).length);
    expect(all.counts.met).toBe(1);
    for (const show of ["met", "notMet", "coursesMissing"] as const) {
      const page = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, show, size: "100" }, today: TODAY });
      const expected = all.rows.filter((r) => (show === "met" ? r.met : show === "notMet" ? !r.met : r.courses.done < r.courses.of)).map((r) => r.nominationId);
      expect(page.rows.map((r) => r.nominationId)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    }
    expect(all.rows.map((r) => `${r.courses.done}/${r.courses.of}`).sort()).toEqual(["0/2", "0/2", "1/2", "2/2", "2/2"]);
  });

  it("refuses another tenant's course, a draft course, a required non-course session and hostile input", async () => {
    const p = await projectWith([3]);
    const theirs = await courseOf(other);
    const draft = await courseOf(w, "draft");
    expect(await errorOf(createSession({ db, actor: p.admin, input: courseSession(p.projectId, theirs, { required: "on" }) }))).toMatchObject({ code: "badRequest", fieldErrors: { refId: ["引用的课程不存在"] } });
    expect(await errorOf(createSession({ db, actor: p.admin, input: courseSession(p.projectId, theirs) }))).toMatchObject({ code: "badRequest", fieldErrors: { refId: ["引用的课程不存在"] } });
    expect(await errorOf(createSession({ db, actor: p.admin, input: courseSession(p.projectId, draft, { required: "on" }) }))).toMatchObject({ code: "badRequest", fieldErrors: { refId: ["只有已发布的课程才能设为必修"] } });
    expect(await errorOf(createSession({ db, actor: p.admin, input: { ...courseSession(p.projectId, draft, { required: "on" }), kind: "concentrated" } }))).toMatchObject({ code: "badRequest", fieldErrors: { required: [expect.any(String)] } });
    expect(await errorOf(createSession({ db, actor: p.admin, input: courseSession(p.projectId, draft, { refId: "x\u0000y" }) }))).toMatchObject({ code: "badRequest" });
    expect(await errorOf(createSession({ db, actor: p.admin, input: courseSession(p.projectId, draft, { title: "a".repeat(100_000) }) }))).toMatchObject({ code: "badRequest" });

    const { sessionId } = await createSession({ db, actor: p.admin, input: courseSession(p.projectId, draft) });
    expect(await errorOf(setSessionRequired({ db, actor: p.admin, input: { sessionId, required: "true" } }))).toMatchObject({ code: "badRequest", fieldErrors: { refId: ["只有已发布的课程才能设为必修"] } });
    const day = await createSession({ db, actor: p.admin, input: { projectId: p.projectId, title: "开班", kind: "concentrated", day: "2026-03-02", startsAt: "09:00", endsAt: "12:00", place: "" } });
    expect(await errorOf(setSessionRequired({ db, actor: p.admin, input: { sessionId: day.sessionId, required: "true" } }))).toMatchObject({ code: "badRequest", fieldErrors: { required: [expect.any(String)] } });
    expect(await errorOf(setSessionRequired({ db, actor: p.admin, input: { sessionId: "x\u0000\r\n", required: "true" } }))).toMatchObject({ code: "badRequest" });
    expect(await errorOf(setSessionRequired({ db, actor: p.admin, input: { sessionId, required: "maybe" } }))).toMatchObject({ code: "badRequest" });
    expect(await errorOf(setSessionRequired({ db, actor: p.admin, input: { sessionId, required: "true", extra: 1 } }))).toMatchObject({ code: "badRequest" });
    expect(await errorOf(projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, show: "coursesMissing\u0000" } }))).toMatchObject({ code: "badRequest" });
    // Another province cannot touch this project's sessions, nor the trainee's view.
    expect(await errorOf(setSessionRequired({ db, actor: other.admins.province, input: { sessionId, required: "false" } }))).toMatchObject({ code: "notFound" });
    // The database holds the rule too: a required session without a course cannot exist.
    await expect(owner.withTenant(w.tenantId, (tx) => tx.update(projectSession).set({ required: true }).where(eq(projectSession.id, day.sessionId)))).rejects.toThrow();
  });
});
