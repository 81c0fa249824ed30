import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import { shuffled } from "@yanxiu/domain/courses";
import { queues } from "@yanxiu/domain/jobs";
import { ZProgressEvent } from "@yanxiu/domain/progress";
import type { TActor } from "../../org/scope.ts";
import { createProducer } from "../../platform/queue.ts";
import { quizAttempt, unitProgress } from "@yanxiu/db/schema";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "../../seed/factories.ts";
import { testDatabase, testOwnerDatabase, testRedis } from "../../testing.ts";
import { seedFixtureCourse } from "../test-fixtures.ts";
import { documentOpened, myCourses, player, recordVideoBeat, selfEnroll, startQuizAttempt, submitQuizAttempt } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const prefix = `test-${randomUUID()}`;
const producer = createProducer(redis, { prefix });
const progressQueue = new Queue(queues.progress, { connection: redis, prefix });
afterAll(async () => {
  await progressQueue.obliterate({ force: true });
  await progressQueue.close();
  await producer.close();
  redis.disconnect();
  await db.close();
  await owner.close();
});

const q1 = "00000000-0000-4000-8000-000000000001";
const q2 = "00000000-0000-4000-8000-000000000002";
/** A moment `s` seconds from now: the server's clock in a beat, so tests need not sleep. */
const later = (s: number) => new Date(Date.now() + s * 1000);
const reason = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: AppError) => e.fieldErrors?.ranges?.[0] ?? e.fieldErrors?.answers?.[0] ?? e.fieldErrors?.form?.[0] ?? e.code,
  );

let tenantId: string;
let institutionId: string;
let ownerId: string;

beforeAll(async () => {
  tenantId = (await seedTenant(owner, buildTenant())).id;
  institutionId = (await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "发展中心", code: `PG${randomUUID().slice(0, 6)}` })).id;
  ownerId = (await seedUser(owner, tenantId, buildUser({ roles: [{ role: "trainer" }] }))).id;
});

/** A fresh teacher enrolled on a fresh course. */
async function enrolled(kinds: Parameters<typeof seedFixtureCourse>[2]["kinds"] = ["video", "document", "quiz"], facts = {}) {
  const c = await seedFixtureCourse(db, tenantId, { ownerId, institutionId, kinds, facts });
  const u = await seedUser(owner, tenantId, buildUser());
  const actor: TActor = { tenantId, actorId: u.id, grants: [{ role: "teacher", orgUnitId: null, orgPath: null }] };
  const { enrollmentId } = await selfEnroll({ db, actor, input: { courseId: c.courseId } });
  return { c, actor, enrollmentId };
}

const facts = (enrollmentId: string, unitId: string) =>
  db.withTenant(tenantId, async (tx) => (await tx.select().from(unitProgress).where(and(eq(unitProgress.enrollmentId, enrollmentId), eq(unitProgress.unitId, unitId))))[0]);

async function jobsFor(enrollmentId: string) {
  const jobs = await progressQueue.getJobs(["waiting", "delayed", "prioritized", "active", "completed", "failed"]);
  return jobs.filter((j) => (j.data as { enrollmentId?: string }).enrollmentId === enrollmentId);
}

describe("video heartbeats", () => {
  it("a beat beyond the duration, from the future, or faster than real time is refused and nothing is recorded", async () => {
    const { c, actor, enrollmentId } = await enrolled();
    const unitId = c.units.video!;
    const beat = (b: { ranges: [number, number][]; elapsedSeconds: number; occurredAt?: Date }, now: Date) =>
      reason(recordVideoBeat({ db, producer, actor, now, input: { courseId: c.courseId, unitId, occurredAt: now, ...b } }));
    expect(await beat({ ranges: [[90, 120]], elapsedSeconds: 30 }, later(60))).toBe("beyondDuration");
    expect(await beat({ ranges: [[0, 10]], elapsedSeconds: 10, occurredAt: later(120) }, later(60))).toBe("inFuture");
    // The page claims a minute passed, but the server saw none: a forged elapsed time earns nothing.
    expect(await beat({ ranges: [[0, 60]], elapsedSeconds: 60 }, new Date())).toBe("fasterThanRealTime");
    expect(await beat({ ranges: [[0, 60]], elapsedSeconds: 5 }, later(60))).toBe("fasterThanRealTime");
    expect(await facts(enrollmentId, unitId)).toBeUndefined();
    expect(await jobsFor(enrollmentId)).toEqual([]);
    // A unit of another kind, or of a course the teacher is not on, is notFound.
    expect(await beat({ ranges: [[0, 5]], elapsedSeconds: 5 }, later(60)).then(() => "ok")).toBe("ok");
    expect(await reason(recordVideoBeat({ db, producer, actor, input: { courseId: c.courseId, unitId: c.units.quiz!, ranges: [[0, 1]], elapsedSeconds: 1, occurredAt: new Date() } }))).toBe("notFound");
  });

  it("a beat dated before the enrolment (years back) is refused with its own code, and nothing is recorded or queued", async () => {
    const { c, actor, enrollmentId } = await enrolled();
    const unitId = c.units.video!;
    const now = later(60);
    const r = await recordVideoBeat({ db, producer, actor, now, input: { courseId: c.courseId, unitId, occurredAt: new Date("2021-03-01T08:00:00Z"), ranges: [[0, 10]], elapsedSeconds: 10 } }).then(
      () => "ok",
      (e: AppError) => e.code,
    );
    expect(r).toBe("progressBeforeEnrollment");
    expect(await facts(enrollmentId, unitId)).toBeUndefined();
    expect(await jobsFor(enrollmentId)).toEqual([]);
  });

  it("seeking ahead earns only the played ranges, and overlapping beats count once", async () => {
    const { c, actor, enrollmentId } = await enrolled();
    const unitId = c.units.video!;
    const send = (ranges: [number, number][], elapsedSeconds: number, now: Date) =>
      recordVideoBeat({ db, producer, actor, now, input: { courseId: c.courseId, unitId, ranges, elapsedSeconds, occurredAt: now } });
    expect(await send([[0, 5]], 5, later(10))).toMatchObject({ watchedPercent: 5, state: "inProgress" });
    // Seeked from 5 to 50 and watched 5 more: the skipped part is not watched.
    expect(await send([[50, 55]], 5, later(20))).toMatchObject({ watchedPercent: 10 });
    expect((await facts(enrollmentId, unitId))!.playedRanges).toEqual([[0, 5], [50, 55]]);
    // Replaying 0–10 adds only 5–10.
    expect(await send([[0, 10]], 10, later(40))).toMatchObject({ watchedPercent: 15 });
    expect(await send([[3, 8], [52, 54]], 7, later(60))).toMatchObject({ watchedPercent: 15 });
    expect((await facts(enrollmentId, unitId))!.playedRanges).toEqual([[0, 10], [50, 55]]);
    // Watching the rest completes the unit (criterion: 90 %).
    const done = await send([[10, 50], [55, 100]], 85, later(200));
    expect(done).toEqual({ watchedPercent: 100, state: "complete", complete: true });
    expect((await facts(enrollmentId, unitId))!.completedAt).not.toBeNull();
    const p = await player({ db, actor, input: { courseId: c.courseId, unitId } });
    expect(p.sections[0]!.units[0]!.state).toBe("complete");
  });

  it("every good beat puts a videoProgress event with the contract's shape on the progress queue", async () => {
    const { c, actor, enrollmentId } = await enrolled();
    const now = later(30);
    await recordVideoBeat({ db, producer, actor, now, input: { courseId: c.courseId, unitId: c.units.video!, ranges: [[0, 12.5]], elapsedSeconds: 12.5, occurredAt: now } });
    const jobs = await jobsFor(enrollmentId);
    expect(jobs).toHaveLength(1);
    const event = ZProgressEvent.parse(jobs[0]!.data);
    expect(jobs[0]!.id).toBe(event.eventId);
    expect(event).toMatchObject({ kind: "videoProgress", tenantId, enrollmentId, unitId: c.units.video, actorId: actor.actorId, occurredAt: now.toISOString(), payload: { v: 1, ranges: [[0, 12.5]], elapsedSeconds: 12.5 } });
  });

  it("outside the study window nothing is recorded", async () => {
    const { c, actor, enrollmentId } = await enrolled(["video"], { studyStartsAt: later(-7200), studyEndsAt: later(-3600) });
    const now = later(30);
    expect(await reason(recordVideoBeat({ db, producer, actor, now, input: { courseId: c.courseId, unitId: c.units.video!, ranges: [[0, 5]], elapsedSeconds: 5, occurredAt: now } }))).toBe("studyClosed");
    expect(await facts(enrollmentId, c.units.video!)).toBeUndefined();
  });
});

describe("documents", () => {
  it("opening a document completes it once and puts one documentOpened event on the queue", async () => {
    const { c, actor, enrollmentId } = await enrolled();
    const input = { courseId: c.courseId, unitId: c.units.document! };
    expect(await documentOpened({ db, producer, actor, input })).toEqual({ state: "complete", complete: true });
    expect(await documentOpened({ db, producer, actor, input })).toEqual({ state: "complete", complete: true });
    const events = (await jobsFor(enrollmentId)).map((j) => ZProgressEvent.parse(j.data));
    expect(events.map((e) => [e.kind, e.payload])).toEqual([["documentOpened", { v: 1 }]]);
    expect(await reason(documentOpened({ db, producer, actor, input: { ...input, unitId: c.units.video! } }))).toBe("notFound");
  });
});

describe("quizzes", () => {
  it("the player and a started attempt never send the correct answers", async () => {
    const { c, actor } = await enrolled();
    const started = await startQuizAttempt({ db, actor, input: { courseId: c.courseId, unitId: c.units.quiz! } });
    expect(started.questions.map((q) => q.id).sort()).toEqual([q1, q2]);
    const p = await player({ db, actor, input: { courseId: c.courseId, unitId: c.units.quiz! } });
    expect(p.current?.content).toMatchObject({ kind: "quiz", openAttempt: { attemptId: started.attemptId }, attemptLimit: 2 });
    for (const sent of [started, p]) expect(JSON.stringify(sent)).not.toMatch(/correct/);
    // Starting again while one is open returns the same attempt rather than spending another.
    expect((await startQuizAttempt({ db, actor, input: { courseId: c.courseId, unitId: c.units.quiz! } })).attemptId).toBe(started.attemptId);
  });

  it("answers naming another question or option are refused with nothing recorded", async () => {
    const { c, actor, enrollmentId } = await enrolled();
    const unitId = c.units.quiz!;
    const { attemptId } = await startQuizAttempt({ db, actor, input: { courseId: c.courseId, unitId } });
    const submit = (answers: Record<string, string[]>) => reason(submitQuizAttempt({ db, producer, actor, input: { courseId: c.courseId, unitId, attemptId, answers } }));
    expect(await submit({ [randomUUID()]: ["a"] })).toBe("quizAnswersInvalid");
    expect(await submit({ [q1]: ["z"] })).toBe("quizAnswersInvalid");
    expect(await submit({ [q1]: ["a", "b"] })).toBe("quizAnswersInvalid");
    expect(await submitQuizAttempt({ db, producer, actor, input: { courseId: c.courseId, unitId, attemptId, answers: { nope: ["a"] } } }).catch((e: AppError) => e.code)).toBe("badRequest");
    const [a] = await db.withTenant(tenantId, (tx) => tx.select().from(quizAttempt).where(eq(quizAttempt.id, attemptId)));
    expect(a).toMatchObject({ submittedAt: null, answers: null, scorePercent: null });
    expect(await facts(enrollmentId, unitId)).toBeUndefined();
    expect(await jobsFor(enrollmentId)).toEqual([]);
  });

  it("the attempt limit holds, an attempt submits once, and passing marks the unit complete", async () => {
    const { c, actor, enrollmentId } = await enrolled(["quiz", "document"]);
    const unitId = c.units.quiz!;
    const start = () => startQuizAttempt({ db, actor, input: { courseId: c.courseId, unitId } });
    const submit = (attemptId: string, answers: Record<string, string[]>) => submitQuizAttempt({ db, producer, actor, input: { courseId: c.courseId, unitId, attemptId, answers } });
    const first = await start();
    expect(first.attemptsLeft).toBe(1);
    expect(await submit(first.attemptId, { [q1]: ["a"], [q2]: ["f"] })).toMatchObject({ scorePercent: 0, passed: false, attemptsLeft: 1, state: "inProgress" });
    expect(await reason(submit(first.attemptId, { [q1]: ["b"], [q2]: ["t"] }))).toBe("alreadySubmitted");
    const second = await start();
    expect(second.attemptId).not.toBe(first.attemptId);
    expect(await submit(second.attemptId, { [q1]: ["b"], [q2]: ["t"] })).toMatchObject({ scorePercent: 100, passed: true, bestScorePercent: 100, attemptsLeft: 0, state: "complete" });
    expect(await reason(start())).toBe("attemptLimit");
    expect((await facts(enrollmentId, unitId))!.bestScorePercent).toBe(100);
    const mine = (await myCourses({ db, actor })).items.find((i) => i.courseId === c.courseId)!;
    expect(mine).toMatchObject({ progressPercent: 50, nextUnitId: c.units.document });
    const events = (await jobsFor(enrollmentId)).map((j) => ZProgressEvent.parse(j.data));
    expect(events.filter((e) => e.kind === "quizSubmitted")).toHaveLength(2);
  });

  it("shuffles the question order per attempt (seeded by the attempt id), and a reload shows the same order", async () => {
    for (let i = 0; i < 3; i++) {
      const { c, actor } = await enrolled(["quiz"]);
      const s = await startQuizAttempt({ db, actor, input: { courseId: c.courseId, unitId: c.units.quiz! } });
      expect(s.questions.map((q) => q.id)).toEqual(shuffled([q1, q2], s.attemptId));
      const again = await player({ db, actor, input: { courseId: c.courseId, unitId: c.units.quiz! } });
      const content = again.current!.content as { openAttempt: { questions: { id: string }[] } };
      expect(content.openAttempt.questions.map((q) => q.id)).toEqual(s.questions.map((q) => q.id));
    }
  });

  it("another tenant's teacher cannot start or submit", async () => {
    const { c } = await enrolled(["quiz"]);
    const t2 = (await seedTenant(owner, buildTenant())).id;
    const u2 = await seedUser(owner, t2, buildUser());
    const stranger: TActor = { tenantId: t2, actorId: u2.id, grants: [{ role: "teacher", orgUnitId: null, orgPath: null }] };
    expect(await reason(startQuizAttempt({ db, actor: stranger, input: { courseId: c.courseId, unitId: c.units.quiz! } }))).toBe("notFound");
  });
});
