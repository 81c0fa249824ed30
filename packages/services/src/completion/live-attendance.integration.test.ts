import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditAward, liveAttendance, liveSession, progressEvent, studio, studioActivity, teacherCreditStatus, unitProgress } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { deterministicUuid, liveAttendanceEvents, processProgressEvent, processStudioAttendance, rebuildCompletion } from "./index.ts";
import { enrolAll, seedCompletionWorld, seedWorldCourse, type TCompletionWorld } from "./testing.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: TCompletionWorld;
let other: TCompletionWorld;

beforeAll(async () => {
  w = await seedCompletionWorld(owner, { teachers: 6 });
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
const T0 = new Date("2026-11-20T06:00:00Z");
const min = (m: number) => new Date(T0.getTime() + m * 60_000);

/**
 * A studio with one 集体备课 activity (1.5 学时) and its session planned for 60 minutes, ended after `heldMinutes`
 * (60 unless said), with these intervals.
 */
async function studioSession(world: TCompletionWorld, intervals: [userIndex: number, from: number, to: number | null][], creditHours = "1.5", held: { plannedMinutes?: number; heldMinutes?: number } = {}) {
  const t = world.tenantId;
  const hostId = world.teacherIds[0]!;
  return owner.withTenant(t, async (tx) => {
    const [st] = await tx
      .insert(studio)
      .values({ tenantId: t, name: `名师工作室${randomUUID().slice(0, 6)}`, hostId, subject: "语文", orgUnitId: world.province.id, termStart: "2026-09-01", termEnd: "2027-07-31", createdBy: hostId })
      .returning();
    const [act] = await tx
      .insert(studioActivity)
      .values({ tenantId: t, studioId: st!.id, kind: "lessonPlanning", title: "集体备课：群文阅读", date: "2026-11-20", creditHours, createdBy: hostId })
      .returning();
    const [s] = await tx
      .insert(liveSession)
      .values({ tenantId: t, kind: "studio", studioId: st!.id, activityId: act!.id, title: "集体备课", hostId, scheduledStart: T0, scheduledMinutes: held.plannedMinutes ?? 60, status: "ended", startedAt: T0, endedAt: min(held.heldMinutes ?? 60) })
      .returning();
    for (const [u, a, b] of intervals)
      await tx.insert(liveAttendance).values({ tenantId: t, sessionId: s!.id, userId: world.teacherIds[u]!, joinedAt: min(a), leftAt: b == null ? null : min(b) });
    return s!.id;
  });
}

describe("studio attendance → 学时", () => {
  it("credits each participant who stayed 80 % once, whatever the redeliveries; the rebuild agrees", async () => {
    // Host all along; teacher 1 in two tabs (0–30 and 20–55 → 55 min); teacher 2 only 40 minutes.
    const sessionId = await studioSession(w, [[0, -5, null], [1, 0, 30], [1, 20, 55], [2, 10, 50]]);
    const ev = await db.withTenant(w.tenantId, (tx) => liveAttendanceEvents(tx, w.tenantId, sessionId));
    expect(ev.courseEvents).toEqual([]);
    const byUser = new Map(ev.studioEvents.map((e) => [e.actorId, e]));
    expect([0, 1, 2].map((i) => byUser.get(w.teacherIds[i]!)?.payload.minutes)).toEqual([60, 55, 40]);
    expect(byUser.get(w.teacherIds[1]!)?.eventId).toBe(deterministicUuid("studioAttended", w.tenantId, sessionId, w.teacherIds[1]!));

    const results = [];
    for (const e of [...ev.studioEvents, ...ev.studioEvents]) results.push(await processStudioAttendance({ db, event: e }));
    expect(results.filter((r) => r.duplicate)).toHaveLength(3);
    const awards = await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(eq(creditAward.sourceRef, sessionId)));
    expect(awards.map((a) => [a.teacherId, a.hours, a.category, a.role, a.organiserLevel]).sort()).toEqual(
      [
        [w.teacherIds[0], "1.5", "studio", "lead", "provincial"],
        [w.teacherIds[1], "1.5", "studio", "participant", "provincial"],
      ].sort(),
    );
    const [status] = await db.withTenant(w.tenantId, (tx) => tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, w.teacherIds[1]!)));
    expect(status?.cycleHours).toBe("1.5");
    const report = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(report.differences).toEqual([]);
    expect(report.doubleCredits).toBe(0);
  });

  it("the rebuild reports a missing studio award and --fix writes it", async () => {
    const sessionId = await studioSession(w, [[3, 0, 60]]);
    const [e] = (await db.withTenant(w.tenantId, (tx) => liveAttendanceEvents(tx, w.tenantId, sessionId))).studioEvents;
    // The event reached the table but the award did not (as if written by an older worker).
    await owner.withTenant(w.tenantId, (tx) =>
      tx.insert(progressEvent).values({ tenantId: w.tenantId, eventId: e!.eventId, actorId: e!.actorId, kind: e!.kind, payload: e!.payload, occurredAt: new Date(e!.occurredAt) }),
    );
    const before = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(before.differences).toContainEqual(expect.objectContaining({ kind: "studioAward", teacherId: w.teacherIds[3], liveSessionId: sessionId, stored: 0, computed: 1 }));
    await rebuildCompletion({ db, tenantIds: [w.tenantId], fix: true });
    expect((await rebuildCompletion({ db, tenantIds: [w.tenantId] })).differences).toEqual([]);
  });

  it("a session that ran 1 minute of its planned 90 earns nothing, not even for those there all along; the rebuild agrees", async () => {
    const sessionId = await studioSession(w, [[0, 0, null], [1, 0, null]], "2.0", { plannedMinutes: 90, heldMinutes: 1 });
    const ev = await db.withTenant(w.tenantId, (tx) => liveAttendanceEvents(tx, w.tenantId, sessionId));
    expect(ev.studioEvents.map((e) => e.payload.minutes)).toEqual([1, 1]);
    for (const e of ev.studioEvents) expect(await processStudioAttendance({ db, event: e })).toMatchObject({ duplicate: false, minutes: 1, awardId: null });
    const awards = await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(eq(creditAward.sourceRef, sessionId)));
    expect(awards).toEqual([]);
    const report = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(report.differences.filter((d) => "liveSessionId" in d && d.liveSessionId === sessionId)).toEqual([]);
  });

  it("a session that ran half its plan earns half the activity's 学时, to whoever stayed 80 % of what ran; the rebuild agrees", async () => {
    // Planned 90 minutes, ended after 45: teacher 1 stayed 40 (≥ 36), teacher 2 stayed 30 (< 36).
    const sessionId = await studioSession(w, [[1, 0, 40], [2, 0, 30]], "2.0", { plannedMinutes: 90, heldMinutes: 45 });
    const ev = await db.withTenant(w.tenantId, (tx) => liveAttendanceEvents(tx, w.tenantId, sessionId));
    for (const e of ev.studioEvents) await processStudioAttendance({ db, event: e });
    const awards = await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(eq(creditAward.sourceRef, sessionId)));
    expect(awards.map((a) => [a.teacherId, a.hours])).toEqual([[w.teacherIds[1], "1.0"]]);
    const report = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(report.differences.filter((d) => "liveSessionId" in d && d.liveSessionId === sessionId)).toEqual([]);
  });

  it("an activity without 学时 credits nothing; a session not ended owes nothing; another tenant's session is notFound", async () => {
    const sessionId = await studioSession(w, [[4, 0, 60]], "0");
    const [e] = (await db.withTenant(w.tenantId, (tx) => liveAttendanceEvents(tx, w.tenantId, sessionId))).studioEvents;
    expect(await processStudioAttendance({ db, event: e! })).toMatchObject({ duplicate: false, minutes: 60, awardId: null });

    const running = await studioSession(w, [[4, 0, null]]);
    await owner.withTenant(w.tenantId, (tx) => tx.update(liveSession).set({ status: "live", endedAt: null }).where(eq(liveSession.id, running)));
    expect(await db.withTenant(w.tenantId, (tx) => liveAttendanceEvents(tx, w.tenantId, running))).toEqual({ courseEvents: [], studioEvents: [], coTeachingEvents: [] });

    const foreign = { ...e!, eventId: randomUUID(), tenantId: other.tenantId };
    expect(await code(processStudioAttendance({ db, event: foreign }))).toBe("notFound");
    expect(await db.withTenant(other.tenantId, (tx) => tx.select().from(progressEvent))).toHaveLength(0);
  });
});

describe("a course unit's live session → attended events", () => {
  it("gives enrolled participants their minutes, which complete the unit by its criterion", async () => {
    const c = await seedWorldCourse(db, w, ["liveSession"]);
    // Enrolled before the session ran (an attended event dated before the enrolment would be refused).
    const [enrolled] = await enrolAll(db, w.tenantId, c, [w.teacherIds[1]!], { enrolledAt: new Date(T0.getTime() - 24 * 3600_000) });
    const sessionId = await owner.withTenant(w.tenantId, async (tx) => {
      const [s] = await tx
        .insert(liveSession)
        .values({ tenantId: w.tenantId, kind: "studio", courseId: c.courseId, unitId: c.units.liveSession!, title: "直播课", hostId: w.trainerId, scheduledStart: T0, scheduledMinutes: 60, status: "ended", startedAt: T0, endedAt: min(60) })
        .returning();
      // Teacher 1 is enrolled (45 minutes); teacher 5 attended but is not enrolled.
      await tx.insert(liveAttendance).values([
        { tenantId: w.tenantId, sessionId: s!.id, userId: w.teacherIds[1]!, joinedAt: min(0), leftAt: min(45) },
        { tenantId: w.tenantId, sessionId: s!.id, userId: w.teacherIds[5]!, joinedAt: min(0), leftAt: min(60) },
      ]);
      return s!.id;
    });
    const ev = await db.withTenant(w.tenantId, (tx) => liveAttendanceEvents(tx, w.tenantId, sessionId));
    expect(ev.studioEvents).toEqual([]);
    expect(ev.courseEvents).toEqual([
      expect.objectContaining({ kind: "attended", enrollmentId: enrolled, unitId: c.units.liveSession, actorId: w.teacherIds[1], payload: { v: 1, liveSessionId: sessionId, minutes: 45 } }),
    ]);
    expect(await processProgressEvent({ db, event: ev.courseEvents[0]! })).toMatchObject({ duplicate: false, unitComplete: true, courseCompleted: true });
    const [p] = await db.withTenant(w.tenantId, (tx) => tx.select().from(unitProgress).where(and(eq(unitProgress.enrollmentId, enrolled!), eq(unitProgress.unitId, c.units.liveSession!))));
    expect(p?.attendedMinutes).toBe(45);
  });
});
