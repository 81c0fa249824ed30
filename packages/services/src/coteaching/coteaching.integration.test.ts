import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coTeachingAttendanceJob, queues } from "@yanxiu/domain/jobs";
import type { TCoTeachingAttendedEvent } from "@yanxiu/domain/progress";
import { enqueueLiveAttendance, liveAttendanceEvents, processCoTeachingAttendance, rebuildCompletion } from "../completion/index.ts";
import { createPoll, closePoll, endLiveSession, joinLiveSession, leaveLiveSession, raiseHand, startLiveSession } from "../live/index.ts";
import { createProducer } from "../platform/queue.ts";
import { creditAward, liveAttendance, liveClassroom, liveCoTeaching, progressEvent, teacherCreditStatus } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase, testRedis } from "../testing.ts";
import { answerClassPoll, coTeachingRecord, coTeachingTiles, createCoTeachingSession, loadClassPollTally, saveClassroomAttendance } from "./index.ts";
import { seedCoTeachingWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
let w: Awaited<ReturnType<typeof seedCoTeachingWorld>>;
let other: Awaited<ReturnType<typeof seedCoTeachingWorld>>;

beforeAll(async () => {
  w = await seedCoTeachingWorld(owner, db);
  other = await seedCoTeachingWorld(owner, db);
});
afterAll(async () => {
  await db.close();
  await owner.close();
  redis.disconnect();
});

/** The error's code (and field errors) a call fails with, or "ok". */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: "ok" }),
    (e: { code?: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code ?? String(e), fieldErrors: e.fieldErrors }),
  );
const code = async (p: Promise<unknown>) => (await outcome(p)).code;

const T0 = new Date("2026-11-20T02:00:00Z");
const min = (m: number) => new Date(T0.getTime() + m * 60_000);

describe("creating a co-teaching session", () => {
  it("the lecturer schedules it with classrooms; assistants are found by account or 教师编号", async () => {
    const s = await w.newSession();
    expect(s.lecturerId).toBe(w.people.lecturer.id);
    expect(s.creditHours).toBe(2.5);
    expect(s.classrooms.map((c) => [c.position, c.schoolName, c.className, c.headcount, c.assistantId, c.hasRoster])).toEqual([
      [1, "县一中", "1班", 40, w.people.assistantA.id, false],
      [2, "山阳村小", "复式班", 30, w.people.assistantB.id, false],
      [3, "河东中学", "2班", 3, w.people.assistantC.id, true],
    ]);
    const [row] = await db.withTenant(w.tenantId, (tx) => tx.select().from(liveCoTeaching).where(eq(liveCoTeaching.sessionId, s.sessionId)));
    expect(row?.creditHours).toBe("2.5");
  });

  it("refuses bad input field by field, in Chinese", async () => {
    const r = await outcome(
      w.newSession({
        title: " ",
        creditHours: "3.25",
        classrooms: [{ schoolId: w.units.townSchool.id, grade: "七年级", className: "1班", headcount: 0, assistant: w.people.assistantA.login }],
      }),
    );
    expect(r).toEqual({
      code: "badRequest",
      fieldErrors: { title: ["请填写课堂标题"], creditHours: ["学时最多保留一位小数"], "classrooms.0.headcount": ["班级人数至少 1 人"] },
    });
  });

  it("refuses a start in the past on its field", async () => {
    const r = await outcome(w.newSession({ scheduledStart: new Date(Date.now() - 3 * 3600_000).toISOString() }));
    expect(r).toEqual({ code: "badRequest", fieldErrors: { scheduledStart: ["开始时间不能早于当前时间"] } });
  });

  it("refuses a school that is not one, a foreign school, an unknown, disabled or foreign assistant, and the lecturer as assistant", async () => {
    const room = (schoolId: string, assistant: string) => ({ schoolId, grade: "八年级", className: "3班", headcount: 20, assistant });
    const r = await outcome(
      w.newSession({
        classrooms: [
          room(w.units.county.id, w.people.assistantA.login),
          room(other.units.townSchool.id, w.people.assistantB.login),
          room(w.units.townSchool.id, "nobody-here"),
          room(w.units.townSchool.id, w.people.disabled.login),
          room(w.units.townSchool.id, other.people.assistantA.login),
          room(w.units.townSchool.id, w.people.lecturer.login),
          room(w.units.townSchool.id, other.teacherNoC),
        ],
      }),
    );
    const gone = "本省没有这个账号或教师编号，或该账号已停用";
    expect(r).toEqual({
      code: "badRequest",
      fieldErrors: {
        "classrooms.0.schoolId": ["请选择本省的一所学校"],
        "classrooms.1.schoolId": ["请选择本省的一所学校"],
        "classrooms.2.assistant": [gone],
        "classrooms.3.assistant": [gone],
        "classrooms.4.assistant": [gone],
        "classrooms.5.assistant": ["主讲教师不能兼任辅导教师"],
        "classrooms.6.assistant": [gone],
      },
    });
  });

  it("trainers and admins whose scope holds the schools may schedule; a teacher or an admin out of scope may not", async () => {
    const input = (classrooms: unknown[]) => ({ title: "送教下乡", ...w.when, creditHours: 1, classrooms });
    const town = { schoolId: w.units.townSchool.id, grade: "七年级", className: "1班", headcount: 40, assistant: w.people.assistantA.login };
    const far = { schoolId: w.units.farSchool.id, grade: "七年级", className: "2班", headcount: 30, assistant: w.people.assistantC.login };
    expect(await code(createCoTeachingSession({ db, actor: w.people.trainer.actor, input: input([town, far]) }))).toBe("ok");
    expect(await code(createCoTeachingSession({ db, actor: w.people.countyAdmin.actor, input: input([town]) }))).toBe("ok");
    expect(await code(createCoTeachingSession({ db, actor: w.people.countyAdmin.actor, input: input([town, far]) }))).toBe("forbidden");
    expect(await code(createCoTeachingSession({ db, actor: w.people.outsider.actor, input: input([town]) }))).toBe("forbidden");
  });
});

describe("a co-teaching session's room", () => {
  it("an assistant joins as a participant and their attendance carries their classroom; someone else may not join", async () => {
    const s = await w.newSession();
    const joined = await joinLiveSession({ db, actor: w.people.assistantB.actor, sessionId: s.sessionId });
    expect(joined.role).toBe("participant");
    const [a] = await db.withTenant(w.tenantId, (tx) => tx.select().from(liveAttendance).where(eq(liveAttendance.id, joined.attendanceId)));
    expect(a?.classroomId).toBe(s.classrooms[1]!.id);
    expect((await joinLiveSession({ db, actor: w.people.lecturer.actor, sessionId: s.sessionId })).role).toBe("host");
    expect(await code(joinLiveSession({ db, actor: w.people.outsider.actor, sessionId: s.sessionId }))).toBe("forbidden");
  });

  it("a classroom's class-level answer counts once; another classroom's assistant cannot answer for it; tallies per classroom and in total", async () => {
    const s = await w.newSession();
    const [A, B, C] = s.classrooms.map((c) => c.id) as [string, string, string];
    const { lecturer, assistantA, assistantB, assistantC } = w.people;
    for (const p of [lecturer, assistantA, assistantB, assistantC]) await joinLiveSession({ db, actor: p.actor, sessionId: s.sessionId });
    await startLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId });
    const poll = await createPoll({ db, actor: lecturer.actor, input: { sessionId: s.sessionId, question: "这首诗的作者是？", options: ["李白", "杜甫", "王维"] } });
    const answer = (actor: typeof assistantA, classroomId: string, a: { choice?: number; counts?: number[] }) =>
      answerClassPoll({ db, actor: actor.actor, input: { sessionId: s.sessionId, pollId: poll.id, classroomId, ...a } });

    expect(await code(answer(assistantB, A, { choice: 0 }))).toBe("forbidden");
    expect(await code(answer(lecturer, A, { choice: 0 }))).toBe("forbidden");
    expect(await outcome(answer(assistantB, B, { counts: [10, 10, 11] }))).toEqual({ code: "badRequest", fieldErrors: { counts: ["各选项人数合计 31，超过班级人数 30"] } });
    expect(await outcome(answer(assistantB, B, { counts: [10, 10] }))).toEqual({ code: "badRequest", fieldErrors: { counts: ["请为全部 3 个选项填写人数"] } });
    expect(await outcome(answer(assistantA, A, { choice: 3 }))).toEqual({ code: "badRequest", fieldErrors: { choice: ["没有这个选项"] } });

    // Two answers for classroom A at the same moment (two tabs): one lands, the other is alreadyAnswered.
    const both = await Promise.all([code(answer(assistantA, A, { choice: 0 })), code(answer(assistantA, A, { choice: 1 }))]);
    expect(both.sort()).toEqual(["alreadyAnswered", "ok"]);
    expect(await code(answer(assistantA, A, { choice: 2 }))).toBe("alreadyAnswered");
    const tally = await answer(assistantB, B, { counts: [5, 20, 4] });
    const aChoice = tally.classrooms[0]!.choice!;
    expect(tally.classrooms.map((c) => [c.classroomId, c.answered, c.counts])).toEqual([
      [A, true, null],
      [B, true, [5, 20, 4]],
      [C, false, null],
    ]);
    expect(tally.total).toEqual({ answered: 2, classrooms: 3, classChoices: [0, 1, 2].map((i) => (i === aChoice ? 1 : 0)), students: [5, 20, 4] });

    await closePoll({ db, actor: lecturer.actor, input: { sessionId: s.sessionId, pollId: poll.id } });
    expect(await code(answer(assistantC, C, { choice: 1 }))).toBe("pollClosed");
    expect((await loadClassPollTally({ db, actor: lecturer.actor, sessionId: s.sessionId, pollId: poll.id })).total.answered).toBe(2);
  });

  it("the assistant's attendance sheet: a count up to the headcount, names from a loaded roster; only their own classroom", async () => {
    const s = await w.newSession();
    const [A, , C] = s.classrooms.map((c) => c.id) as [string, string, string];
    const save = (p: typeof w.people.assistantA, classroomId: string, sheet: Record<string, unknown>) =>
      saveClassroomAttendance({ db, actor: p.actor, input: { sessionId: s.sessionId, classroomId, ...sheet } });
    expect(await outcome(save(w.people.assistantA, A, { presentCount: 41 }))).toEqual({ code: "badRequest", fieldErrors: { presentCount: ["到课人数不能超过班级人数 40"] } });
    expect(await outcome(save(w.people.assistantA, A, { presentNames: ["张三"] }))).toEqual({ code: "badRequest", fieldErrors: { presentNames: ["本班没有导入花名册，请填写到课人数"] } });
    expect(await code(save(w.people.assistantB, A, { presentCount: 3 }))).toBe("forbidden");
    expect((await save(w.people.assistantA, A, { presentCount: 36 })).presentCount).toBe(36);
    expect((await save(w.people.assistantA, A, { presentCount: 38 })).presentCount).toBe(38);
    expect(await outcome(save(w.people.assistantC, C, { presentNames: ["张三", "赵六"] }))).toEqual({ code: "badRequest", fieldErrors: { presentNames: ["花名册中没有：赵六"] } });
    expect(await save(w.people.assistantC, C, { presentNames: ["张三", "王五"] })).toMatchObject({ presentCount: 2, presentNames: ["张三", "王五"] });
  });

  it("the lecturer's tiles: connected, hand raised, headcount present and the current poll's answer per classroom; not for an assistant", async () => {
    const s = await w.newSession();
    const [A, B, C] = s.classrooms.map((c) => c.id) as [string, string, string];
    const { lecturer, assistantA, assistantB } = w.people;
    await joinLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId });
    await joinLiveSession({ db, actor: assistantA.actor, sessionId: s.sessionId });
    const b = await joinLiveSession({ db, actor: assistantB.actor, sessionId: s.sessionId });
    await startLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId });
    await raiseHand({ db, actor: assistantB.actor, sessionId: s.sessionId });
    await leaveLiveSession({ db, actor: assistantB.actor, attendanceId: b.attendanceId });
    await saveClassroomAttendance({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, classroomId: A, presentCount: 39 } });
    const poll = await createPoll({ db, actor: lecturer.actor, input: { sessionId: s.sessionId, question: "读懂了吗？", options: ["懂了", "还没有"] } });
    await answerClassPoll({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, pollId: poll.id, classroomId: A, counts: [30, 9] } });

    const t = await coTeachingTiles({ db, actor: lecturer.actor, sessionId: s.sessionId });
    expect(t.currentPollId).toBe(poll.id);
    expect(t.tiles.map((x) => [x.id, x.connected, x.handRaised, x.presentCount, x.currentAnswer])).toEqual([
      [A, true, false, 39, { pollId: poll.id, choice: null, counts: [30, 9] }],
      [B, false, true, null, null],
      [C, false, false, null, null],
    ]);
    expect(await code(coTeachingTiles({ db, actor: assistantA.actor, sessionId: s.sessionId }))).toBe("forbidden");
    expect(await code(coTeachingTiles({ db, actor: w.people.outsider.actor, sessionId: s.sessionId }))).toBe("notFound");
  });

  it("another tenant sees nothing of it and gets notFound", async () => {
    const s = await w.newSession();
    const A = s.classrooms[0]!.id;
    const stranger = other.people.lecturer.actor;
    expect(await code(coTeachingTiles({ db, actor: stranger, sessionId: s.sessionId }))).toBe("notFound");
    expect(await code(joinLiveSession({ db, actor: stranger, sessionId: s.sessionId }))).toBe("notFound");
    expect(await code(saveClassroomAttendance({ db, actor: stranger, input: { sessionId: s.sessionId, classroomId: A, presentCount: 1 } }))).toBe("notFound");
    expect(await code(answerClassPoll({ db, actor: stranger, input: { sessionId: s.sessionId, pollId: randomUUID(), classroomId: A, choice: 0 } }))).toBe("notFound");
    expect(await code(coTeachingRecord({ db, actor: stranger, sessionId: s.sessionId }))).toBe("notFound");
    const seen = await db.withTenant(other.tenantId, async (tx) => ({
      classrooms: await tx.select().from(liveClassroom).where(eq(liveClassroom.sessionId, s.sessionId)),
      coTeaching: await tx.select().from(liveCoTeaching).where(eq(liveCoTeaching.sessionId, s.sessionId)),
    }));
    expect(seen).toEqual({ classrooms: [], coTeaching: [] });
    // …and the rows are there for their own tenant (the check above is not vacuous).
    expect(await db.withTenant(w.tenantId, (tx) => tx.select().from(liveClassroom).where(eq(liveClassroom.sessionId, s.sessionId)))).toHaveLength(3);
  });
});

describe("after the session: the record and 学时 for the lecturer and every assistant who stayed", () => {
  it("ending puts an attendance event for the lecturer and each assistant on the progress queue; processing (twice) writes one coTeaching award each to those who stayed 80 %", async () => {
    const s = await w.newSession();
    const [A, B, C] = s.classrooms.map((c) => c.id) as [string, string, string];
    const { lecturer, assistantA, assistantB, assistantC } = w.people;
    // A 45-minute session: the lecturer all along, A from the start to the end in two intervals (a reconnect),
    // B for the first 20 minutes, C never.
    await joinLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: min(-5) });
    const a1 = await joinLiveSession({ db, actor: assistantA.actor, sessionId: s.sessionId, now: min(-1) });
    const b1 = await joinLiveSession({ db, actor: assistantB.actor, sessionId: s.sessionId, now: min(0) });
    await startLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: T0 });
    await leaveLiveSession({ db, actor: assistantA.actor, attendanceId: a1.attendanceId, now: min(10) });
    await joinLiveSession({ db, actor: assistantA.actor, sessionId: s.sessionId, now: min(11) });
    await leaveLiveSession({ db, actor: assistantB.actor, attendanceId: b1.attendanceId, now: min(20) });
    await saveClassroomAttendance({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, classroomId: A, presentCount: 38 } });
    const poll = await createPoll({ db, actor: lecturer.actor, input: { sessionId: s.sessionId, question: "喜欢这首诗吗？", options: ["喜欢", "一般"] } });
    await answerClassPoll({ db, actor: assistantA.actor, input: { sessionId: s.sessionId, pollId: poll.id, classroomId: A, choice: 0 } });
    await endLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: min(45) });

    // The events reach the progress queue (as the realtime process sends them on session:end).
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const producer = createProducer(redis, { prefix });
    const queue = new Queue(queues.progress, { connection: redis, prefix });
    try {
      expect(await enqueueLiveAttendance({ db, producer, tenantId: w.tenantId, sessionId: s.sessionId })).toEqual({ events: 4 });
      await enqueueLiveAttendance({ db, producer, tenantId: w.tenantId, sessionId: s.sessionId });
      const jobs = await queue.getJobs(["waiting", "delayed", "prioritized"]);
      expect(jobs.every((j) => j.name === coTeachingAttendanceJob.name)).toBe(true);
      const events = jobs.map((j) => j.data as TCoTeachingAttendedEvent);
      expect(events).toHaveLength(4);
      const byActor = new Map(events.map((e) => [e.actorId, e.payload]));
      expect(byActor.get(lecturer.id)).toEqual({ v: 1, liveSessionId: s.sessionId, minutes: 45 });
      expect(byActor.get(assistantA.id)).toEqual({ v: 1, liveSessionId: s.sessionId, minutes: 44, classroomId: A });
      expect(byActor.get(assistantB.id)).toEqual({ v: 1, liveSessionId: s.sessionId, minutes: 20, classroomId: B });
      expect(byActor.get(assistantC.id)).toEqual({ v: 1, liveSessionId: s.sessionId, minutes: 0, classroomId: C });

      // The worker's step, each event twice (a redelivery): one award each for the lecturer and A.
      const results = [];
      for (const e of [...events, ...events]) results.push(await processCoTeachingAttendance({ db, event: e }));
      expect(results.filter((r) => r.duplicate)).toHaveLength(4);
      const awards = await db.withTenant(w.tenantId, (tx) =>
        tx.select().from(creditAward).where(and(eq(creditAward.source, "coTeaching"), eq(creditAward.sourceRef, s.sessionId))),
      );
      expect(awards.map((x) => [x.teacherId, x.hours, x.category, x.role, x.organiserLevel]).sort()).toEqual(
        [
          [lecturer.id, "2.5", "coTeaching", "lead", "school"],
          [assistantA.id, "2.5", "coTeaching", "assistant", "school"],
        ].sort(),
      );
      const [status] = await db.withTenant(w.tenantId, (tx) => tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, assistantA.id)));
      expect(status?.cycleHours).toBe("2.5");
      const stored = await db.withTenant(w.tenantId, (tx) => tx.select().from(progressEvent).where(eq(progressEvent.kind, "coTeachingAttended")));
      expect(stored.filter((e) => (e.payload as { liveSessionId: string }).liveSessionId === s.sessionId)).toHaveLength(4);

      // The rebuild agrees: no difference, no double credit.
      const report = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
      expect(report.differences).toEqual([]);
      expect(report.doubleCredits).toBe(0);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await producer.close();
    }

    // The record: per-classroom attendance and participation, and totals.
    const r = await coTeachingRecord({ db, actor: lecturer.actor, sessionId: s.sessionId });
    expect(r.lengthMinutes).toBe(45);
    expect(r.earnedHours).toBe(2.5);
    expect(r.lecturer).toEqual({ userId: lecturer.id, minutes: 45, earns: true });
    expect(r.classrooms.map((c) => [c.id, c.assistantMinutes, c.presentCount, c.pollsAnswered, c.earns])).toEqual([
      [A, 44, 38, 1, true],
      [B, 20, null, 0, false],
      [C, 0, null, 0, false],
    ]);
    expect(r.polls.map((p) => [p.question, p.total.classChoices, p.total.answered])).toEqual([["喜欢这首诗吗？", [1, 0], 1]]);
    expect(r.totals).toEqual({ classrooms: 3, headcount: 73, present: 38, assistantsEarning: 1, classroomsConnected: 2 });
    expect(await code(coTeachingRecord({ db, actor: assistantA.actor, sessionId: s.sessionId }))).toBe("forbidden");
  });

  it("the rebuild finds and fixes a missing co-teaching award (a crash after the event, before the award)", async () => {
    const s = await w.newSession({ creditHours: 1 });
    const { lecturer } = w.people;
    await joinLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: min(0) });
    await startLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: T0 });
    await endLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: min(30) });
    const ev = await db.withTenant(w.tenantId, (tx) => liveAttendanceEvents(tx, w.tenantId, s.sessionId));
    const mine = ev.coTeachingEvents.find((e) => e.actorId === lecturer.id)!;
    // Only the event row, as if the worker died between the append and the award.
    await db.withTenant(w.tenantId, (tx) =>
      tx.insert(progressEvent).values({ tenantId: w.tenantId, eventId: mine.eventId, enrollmentId: null, unitId: null, actorId: mine.actorId, kind: mine.kind, payload: mine.payload, occurredAt: new Date(mine.occurredAt) }),
    );
    const before = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(before.differences.filter((d) => d.kind === "coTeachingAward")).toEqual([
      { tenantId: w.tenantId, kind: "coTeachingAward", teacherId: lecturer.id, liveSessionId: s.sessionId, stored: 0, computed: 1 },
    ]);
    await rebuildCompletion({ db, tenantIds: [w.tenantId], fix: true });
    const after = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(after.differences).toEqual([]);
  });
});
