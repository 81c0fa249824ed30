import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TProgressEvent } from "@yanxiu/domain/progress";
import { certificate, courseSection, courseUnit, courseVersion, creditAward, enrollment, progressEvent, teacherCreditStatus, unitProgress } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { recomputeTeacherStatus } from "../credits/status.ts";
import { seedAward, seedCreditWorld } from "../credits/test-setup.ts";
import { processProgressEvent, processProgressEvents, rebuildCompletion } from "./index.ts";
import { completingEvent, enrolAll, seedCompletionWorld, seedWorldCourse, videoBeat, type TCompletionWorld } from "./testing.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: TCompletionWorld;
let other: TCompletionWorld;

beforeAll(async () => {
  w = await seedCompletionWorld(owner, { teachers: 14 });
  other = await seedCompletionWorld(owner, { teachers: 1 });
});
afterAll(async () => {
  await db.close();
  await owner.close();
});

const code = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? String(e),
  );

async function stateOf(tenantId: string, enrollmentId: string, teacherId: string) {
  return db.withTenant(tenantId, async (tx) => ({
    enrollment: (await tx.select().from(enrollment).where(eq(enrollment.id, enrollmentId)))[0]!,
    events: await tx.select().from(progressEvent).where(eq(progressEvent.enrollmentId, enrollmentId)),
    progress: await tx.select().from(unitProgress).where(eq(unitProgress.enrollmentId, enrollmentId)),
    awards: await tx.select().from(creditAward).where(eq(creditAward.teacherId, teacherId)),
    certificates: await tx.select().from(certificate).where(eq(certificate.teacherId, teacherId)),
    status: (await tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, teacherId)))[0] ?? null,
  }));
}

/** A course of the given kinds with one teacher enrolled; `complete(kind)` makes the event that completes that unit. */
async function enrolled(teacherIndex: number, kinds: Parameters<typeof seedWorldCourse>[2] = ["video", "quiz"]) {
  const c = await seedWorldCourse(db, w, kinds);
  const teacherId = w.teacherIds[teacherIndex]!;
  const [enrollmentId] = await enrolAll(db, w.tenantId, c, [teacherId]);
  const target = (unitId: string) => ({ tenantId: w.tenantId, enrollmentId: enrollmentId!, unitId, actorId: teacherId });
  return {
    c,
    teacherId,
    enrollmentId: enrollmentId!,
    target,
    complete: (kind: NonNullable<typeof kinds>[number], at?: Date) => completingEvent(kind, { ...target(c.units[kind]!), occurredAt: at }),
  };
}

describe("processing progress events", () => {
  it("the same event delivered twice is recorded once and credits once", async () => {
    const e = await enrolled(0, ["quiz"]);
    const ev = e.complete("quiz");
    const first = await processProgressEvent({ db, event: ev });
    expect(first).toMatchObject({ duplicate: false, courseCompleted: true });
    expect(await processProgressEvent({ db, event: ev })).toEqual({ duplicate: true });
    const s = await stateOf(w.tenantId, e.enrollmentId, e.teacherId);
    expect(s.events).toHaveLength(1);
    expect(s.awards).toHaveLength(1);
    expect(s.certificates).toHaveLength(1);
  });

  it("an event dated before the enrolment (a replay from years back) is refused and not recorded; the rest of its batch is", async () => {
    const e = await enrolled(10, ["video", "quiz"]);
    const old = e.complete("quiz", new Date("2021-03-01T08:00:00Z"));
    expect(await code(processProgressEvent({ db, event: old }))).toBe("progressBeforeEnrollment");
    const good = videoBeat(e.target(e.c.units.video!), [[0, 50]]);
    const again = { ...e.complete("quiz", new Date("2022-01-01T00:00:00Z")) };
    const [a, b] = await processProgressEvents({ db, tenantId: w.tenantId, events: [again, good] });
    expect(a).toMatchObject({ code: "progressBeforeEnrollment" });
    expect(b).toMatchObject({ duplicate: false, unitComplete: false, courseCompleted: false });
    const s = await stateOf(w.tenantId, e.enrollmentId, e.teacherId);
    expect(s.events.map((x) => x.eventId)).toEqual([good.eventId]);
    expect(s.progress.map((p) => p.unitId)).toEqual([e.c.units.video]);
    expect(s.awards).toHaveLength(0);
  });

  it("events arriving out of order give the same facts and the right completion", async () => {
    const e = await enrolled(1, ["video"]);
    const t = e.target(e.c.units.video!);
    // Three heartbeats that together cover 95 s of 100; the first alone covers too little.
    const beats = [videoBeat(t, [[0, 40]]), videoBeat(t, [[35, 70]]), videoBeat(t, [[65, 95]])];
    const results = [];
    for (const b of [beats[2]!, beats[0]!, beats[1]!]) results.push(await processProgressEvent({ db, event: b }));
    expect(results.map((r) => "courseCompleted" in r && r.courseCompleted)).toEqual([false, false, true]);
    const s = await stateOf(w.tenantId, e.enrollmentId, e.teacherId);
    expect(s.progress[0]).toMatchObject({ playedRanges: [[0, 95]] });
    expect(s.progress[0]!.completedAt).not.toBeNull();
    expect(s.enrollment.status).toBe("completed");
  });

  it("the last required unit completing completes the enrolment with one award, the teacher's totals and a pending certificate", async () => {
    const e = await enrolled(2, ["video", "quiz", "offlineSession"]);
    expect(await processProgressEvent({ db, event: e.complete("video") })).toMatchObject({ unitComplete: true, courseCompleted: false });
    expect(await processProgressEvent({ db, event: e.complete("quiz") })).toMatchObject({ unitComplete: true, courseCompleted: false });
    let s = await stateOf(w.tenantId, e.enrollmentId, e.teacherId);
    expect(s.enrollment.status).toBe("active");
    expect(s.awards).toHaveLength(0);
    const last = await processProgressEvent({ db, event: e.complete("offlineSession") });
    expect(last).toMatchObject({ courseCompleted: true });
    s = await stateOf(w.tenantId, e.enrollmentId, e.teacherId);
    expect(s.enrollment.status).toBe("completed");
    expect(s.enrollment.completedAt).not.toBeNull();
    expect(s.awards).toHaveLength(1);
    const award = s.awards[0]!;
    expect(award).toMatchObject({ source: "courseCompletion", sourceRef: e.c.courseId, hours: "4.0", category: "concentrated", organiserLevel: "provincial" });
    expect((award.evidence as { unitId: string }[]).map((x) => x.unitId).sort()).toEqual([...e.c.unitIds].sort());
    expect(s.status).toMatchObject({ cycleHours: "4.0" });
    expect(s.certificates).toHaveLength(1);
    const cert = s.certificates[0]!;
    expect(last).toMatchObject({ awardId: award.id, certificateId: cert.id });
    expect(cert.status).toBe("pending");
    expect(cert.number).toMatch(/^YX-\d{4}-\d{8}$/);
    expect(cert.verifyCode).toMatch(/^[a-z2-7]{26}$/);
  });

  it("an event for another tenant's enrolment is refused as not found and records nothing", async () => {
    const e = await enrolled(3, ["quiz"]);
    // The event claims the other tenant but names this tenant's enrolment.
    const foreign: TProgressEvent = { ...e.complete("quiz"), tenantId: other.tenantId, actorId: other.teacherIds[0]! };
    expect(await code(processProgressEvent({ db, event: foreign }))).toBe("notFound");
    const unknown: TProgressEvent = { ...e.complete("quiz"), enrollmentId: randomUUID() };
    expect(await code(processProgressEvent({ db, event: unknown }))).toBe("notFound");
    const s = await stateOf(w.tenantId, e.enrollmentId, e.teacherId);
    expect(s.events).toHaveLength(0);
    expect(s.progress).toHaveLength(0);
    const theirs = await db.withTenant(other.tenantId, (tx) => tx.select().from(progressEvent));
    expect(theirs).toHaveLength(0);
  });

  it("a teacher moved to a newer version after completing gets no second credit", async () => {
    const e = await enrolled(4, ["quiz"]);
    await processProgressEvent({ db, event: e.complete("quiz") });
    // Version 2 of the course: the same (stable) unit, published; the enrolment moves to it.
    const v2 = randomUUID();
    await db.withTenant(w.tenantId, async (tx) => {
      const [v1] = await tx.select().from(courseVersion).where(eq(courseVersion.id, e.c.versionId));
      await tx.insert(courseVersion).values({ ...v1!, id: v2, number: 2, status: "draft", publishedAt: null, createdAt: new Date() });
      await tx.insert(courseSection).values({ tenantId: w.tenantId, versionId: v2, id: e.c.sectionId, position: 0, title: "第一章" });
      const [u] = await tx.select().from(courseUnit).where(and(eq(courseUnit.versionId, e.c.versionId), eq(courseUnit.id, e.c.units.quiz!)));
      await tx.insert(courseUnit).values({ ...u!, versionId: v2 });
      await tx.update(courseVersion).set({ status: "published", publishedAt: new Date() }).where(eq(courseVersion.id, v2));
      await tx.update(enrollment).set({ versionId: v2 }).where(eq(enrollment.id, e.enrollmentId));
    });
    expect(await processProgressEvent({ db, event: e.complete("quiz") })).toMatchObject({ courseCompleted: false });
    // Even if the enrolment were reopened, the ledger's unique key refuses a second award.
    await owner.withTenant(w.tenantId, (tx) => tx.update(enrollment).set({ status: "active", completedAt: null }).where(eq(enrollment.id, e.enrollmentId)));
    expect(await processProgressEvent({ db, event: e.complete("quiz") })).toMatchObject({ courseCompleted: true, awardId: null, certificateId: null });
    const s = await stateOf(w.tenantId, e.enrollmentId, e.teacherId);
    expect(s.awards).toHaveLength(1);
    expect(s.certificates).toHaveLength(1);
    expect(s.status).toMatchObject({ cycleHours: "4.0" });
  });

  it("concurrent events that each complete the course credit it exactly once", async () => {
    const e = await enrolled(5, ["quiz"]);
    const results = await Promise.all(Array.from({ length: 6 }, () => processProgressEvent({ db, event: e.complete("quiz") })));
    expect(results.filter((r) => "courseCompleted" in r && r.courseCompleted)).toHaveLength(1);
    const s = await stateOf(w.tenantId, e.enrollmentId, e.teacherId);
    expect(s.events).toHaveLength(6);
    expect(s.awards).toHaveLength(1);
    expect(s.certificates).toHaveLength(1);
  });

  it("two courses of one teacher completing at once both count in the teacher's totals", async () => {
    const teacherId = w.teacherIds[6]!;
    const courses = await Promise.all([seedWorldCourse(db, w, ["quiz"], "3"), seedWorldCourse(db, w, ["quiz"], "5"), seedWorldCourse(db, w, ["quiz"], "7")]);
    const events = [];
    for (const c of courses) {
      const [enrollmentId] = await enrolAll(db, w.tenantId, c, [teacherId]);
      events.push(completingEvent("quiz", { tenantId: w.tenantId, enrollmentId: enrollmentId!, unitId: c.units.quiz!, actorId: teacherId }));
    }
    await Promise.all(events.map((event) => processProgressEvent({ db, event })));
    const [status] = await db.withTenant(w.tenantId, (tx) => tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, teacherId)));
    expect(status).toMatchObject({ cycleHours: "15.0" });
  });

  it("one batch completing several courses of several teachers: one award and certificate each, and each teacher's totals their sum", async () => {
    const teachers = [w.teacherIds[12]!, w.teacherIds[13]!];
    const courses = await Promise.all([seedWorldCourse(db, w, ["quiz"], "2"), seedWorldCourse(db, w, ["quiz"], "6")]);
    const events: TProgressEvent[] = [];
    for (const c of courses) {
      const ids = await enrolAll(db, w.tenantId, c, teachers);
      ids.forEach((enrollmentId, i) => events.push(completingEvent("quiz", { tenantId: w.tenantId, enrollmentId, unitId: c.units.quiz!, actorId: teachers[i]! })));
    }
    const results = await processProgressEvents({ db, tenantId: w.tenantId, events });
    expect(results.map((r) => !(r instanceof Error) && "courseCompleted" in r && r.courseCompleted)).toEqual([true, true, true, true]);
    const certs = await db.withTenant(w.tenantId, (tx) => tx.select().from(certificate).where(inArray(certificate.teacherId, teachers)));
    const awards = await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(inArray(creditAward.teacherId, teachers)));
    expect(awards.map((a) => `${a.teacherId}:${a.hours}`).sort()).toEqual(teachers.flatMap((t) => [`${t}:2.0`, `${t}:6.0`]).sort());
    expect(new Set(certs.map((c) => c.awardId))).toEqual(new Set(awards.map((a) => a.id)));
    expect(new Set(certs.map((c) => c.number)).size).toBe(4);
    const statuses = await db.withTenant(w.tenantId, (tx) => tx.select().from(teacherCreditStatus).where(inArray(teacherCreditStatus.teacherId, teachers)));
    expect(statuses.map((s) => s.cycleHours)).toEqual(["8.0", "8.0"]);
  });
});

describe("the rebuild command", () => {
  it("finds nothing to change after normal processing, and reports and fixes tampered facts and totals", async () => {
    const e = await enrolled(7, ["video", "quiz"]);
    const t = e.target(e.c.units.video!);
    for (const ev of [videoBeat(t, [[0, 50]]), videoBeat(t, [[40, 100]]), e.complete("quiz")]) await processProgressEvent({ db, event: ev });
    const half = await enrolled(8, ["video", "quiz"]);
    await processProgressEvent({ db, event: half.complete("quiz") });

    const clean = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(clean.differences).toEqual([]);
    expect(clean.doubleCredits).toBe(0);
    expect(clean.events).toBeGreaterThanOrEqual(4);

    await owner.withTenant(w.tenantId, async (tx) => {
      await tx.update(unitProgress).set({ bestScorePercent: 10, completedAt: null }).where(and(eq(unitProgress.enrollmentId, half.enrollmentId), eq(unitProgress.unitId, half.c.units.quiz!)));
      await tx.update(teacherCreditStatus).set({ cycleHours: "99.0" }).where(eq(teacherCreditStatus.teacherId, e.teacherId));
    });
    const tampered = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(tampered.differences.map((d) => d.kind).sort()).toEqual(["teacherStatus", "unitFacts"]);
    expect(tampered.differences.find((d) => d.kind === "unitFacts")).toMatchObject({ enrollmentId: half.enrollmentId, unitId: half.c.units.quiz, computed: { bestScorePercent: 100 } });

    const fixed = await rebuildCompletion({ db, tenantIds: [w.tenantId], fix: true });
    expect(fixed.fixed).toBe(2);
    expect((await rebuildCompletion({ db, tenantIds: [w.tenantId] })).differences).toEqual([]);
  });

  it("a status computed on an earlier day is no difference: only its 学时 are stored facts, pace is judged when read", async () => {
    const fresh = await seedCreditWorld(owner);
    const teacher = await fresh.teacherAt(fresh.units.schoolA.id);
    await seedAward(db, fresh.tenantId, teacher.userId, { hours: 15, countsFor: "2026-01-10" });
    // Computed on 10 January (on pace then); on 1 December 65.8 学时 are due and 15 is behind.
    await db.withTenant(fresh.tenantId, (tx) => recomputeTeacherStatus(tx, { tenantId: fresh.tenantId, teacherId: teacher.userId, today: "2026-01-10", landed: [] }));
    const r = await rebuildCompletion({ db, tenantIds: [fresh.tenantId], today: "2026-12-01" });
    expect(r.differences).toEqual([]);
    // A wrong 学时 figure still is one.
    await owner.withTenant(fresh.tenantId, (tx) => tx.update(teacherCreditStatus).set({ yearHours: "14.0" }).where(eq(teacherCreditStatus.teacherId, teacher.userId)));
    const tampered = await rebuildCompletion({ db, tenantIds: [fresh.tenantId], today: "2026-12-01" });
    expect(tampered.differences).toEqual([expect.objectContaining({ kind: "teacherStatus", teacherId: teacher.userId })]);
  });

  it("reports a completed enrolment without its award and restores the award with --fix", async () => {
    const e = await enrolled(9, ["quiz"]);
    await processProgressEvent({ db, event: e.complete("quiz") });
    // An enrolment marked active although its events complete it (as if the completion were lost).
    await owner.withTenant(w.tenantId, (tx) => tx.update(enrollment).set({ status: "active", completedAt: null }).where(eq(enrollment.id, e.enrollmentId)));
    const r = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(r.differences).toEqual([expect.objectContaining({ kind: "enrollmentStatus", enrollmentId: e.enrollmentId, stored: "active", computed: "completed" })]);
    await rebuildCompletion({ db, tenantIds: [w.tenantId], fix: true });
    const s = await stateOf(w.tenantId, e.enrollmentId, e.teacherId);
    expect(s.enrollment.status).toBe("completed");
    expect(s.awards).toHaveLength(1);
  });
});
