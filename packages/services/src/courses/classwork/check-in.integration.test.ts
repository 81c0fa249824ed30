import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollment, offlineCheckIn, unitProgress } from "@yanxiu/db/schema";
import { buildTenant, seedTenant } from "../../seed/factories.ts";
import { testDatabase, testOwnerDatabase, testRedis } from "../../testing.ts";
import { currentCheckInCode } from "../check-in-code.ts";
import { seedFixtureCourse, type TFixtureCourse } from "../test-fixtures.ts";
import { checkIn, checkInRoster, checkInScreen } from "./index.ts";
import { codeOf, enrol, seedClassworkWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const secret = "test-check-in-secret";
let w: Awaited<ReturnType<typeof seedClassworkWorld>>;
let course: TFixtureCourse;
let session: string;
let otherSession: string;
let t1: Awaited<ReturnType<typeof w.teacherAt>>;
let t2: Awaited<ReturnType<typeof w.teacherAt>>;
let t3: Awaited<ReturnType<typeof w.teacherAt>>;

afterAll(async () => {
  await w.producer.close();
  await w.progressQueue.close();
  redis.disconnect();
  await db.close();
  await owner.close();
});

beforeAll(async () => {
  w = await seedClassworkWorld(owner, redis);
  course = await seedFixtureCourse(db, w.tenantId, { ownerId: w.owner.actorId, institutionId: w.units.center.id, kinds: ["offlineSession", "offlineSession"] });
  [session, otherSession] = course.unitIds as [string, string];
  t1 = await w.teacherAt(w.units.schoolA.id);
  t2 = await w.teacherAt(w.units.schoolA.id);
  t3 = await w.teacherAt(w.units.schoolB.id);
  for (const t of [t1, t2, t3]) await enrol(db, w.tenantId, course, t.userId);
});

const minutes = (n: number, from = new Date()) => new Date(from.getTime() + n * 60_000);
/** The start of the 30-second code window we are in (inside the fixture's check-in window), plus `ms`. */
const windowStartPlus = (ms: number) => new Date(Math.floor(Date.now() / 30_000) * 30_000 + ms);
const codeAt = (at: Date, sessionId = session, tenantId = w.tenantId) => currentCheckInCode({ secret, tenantId, sessionId, now: at }).code;
const tryCheckIn = (who: typeof t1, code: string, now = new Date(), unitId = session) =>
  checkIn({ db, redis, producer: w.producer, actor: who.actor, checkInSecret: secret, now, input: { courseId: course.courseId, unitId, code } });
const recorded = (enrollmentTeacher: typeof t1) =>
  db.withTenant(w.tenantId, async (tx) => {
    const [e] = await tx.select().from(enrollment).where(and(eq(enrollment.teacherId, enrollmentTeacher.userId), eq(enrollment.courseId, course.courseId)));
    return tx.select().from(offlineCheckIn).where(eq(offlineCheckIn.enrollmentId, e!.id));
  });

describe("offline-session check-in", () => {
  it("refuses an expired code, another session's code and another province's code, recording nothing", async () => {
    const now = new Date();
    expect(await codeOf(tryCheckIn(t1, codeAt(new Date(now.getTime() - 60_000)), now))).toBe("checkInCodeInvalid");
    expect(await codeOf(tryCheckIn(t1, codeAt(now, otherSession), now))).toBe("checkInCodeInvalid");
    const otherTenant = (await seedTenant(owner, buildTenant())).id;
    expect(await codeOf(tryCheckIn(t1, codeAt(now, session, otherTenant), now))).toBe("checkInCodeInvalid");
    expect(await codeOf(tryCheckIn(t1, "12345", now))).toBe("badRequest");
    expect(await recorded(t1)).toEqual([]);
  });

  it("refuses a code outside the check-in window, with a message saying which side", async () => {
    const early = minutes(-120);
    expect(await codeOf(tryCheckIn(t1, codeAt(early), early))).toBe("checkInNotOpen");
    const late = minutes(150);
    expect(await codeOf(tryCheckIn(t1, codeAt(late), late))).toBe("checkInClosed");
    expect(await recorded(t1)).toEqual([]);
  });

  it("a code shown on screen is accepted 39.9 s after it appeared, and refused at 40 s and 45 s (the injected clock)", async () => {
    // A course and teacher of its own, so the other tests' rosters stay as they expect.
    const own = await seedFixtureCourse(db, w.tenantId, { ownerId: w.owner.actorId, institutionId: w.units.center.id, kinds: ["offlineSession"] });
    const unitId = own.unitIds[0]!;
    const t4 = await w.teacherAt(w.units.schoolB.id);
    await enrol(db, w.tenantId, own, t4.userId);
    const shown = windowStartPlus(0);
    const code = codeAt(shown, unitId);
    const at = (ms: number) => checkIn({ db, redis, producer: w.producer, actor: t4.actor, checkInSecret: secret, now: new Date(shown.getTime() + ms), input: { courseId: own.courseId, unitId, code } });
    expect(await codeOf(at(45_000))).toBe("checkInCodeInvalid");
    expect(await codeOf(at(40_000))).toBe("checkInCodeInvalid");
    expect((await at(39_900)).late).toBe(false);
  });

  it("accepts the previous window's code within the grace, once; a second check-in is refused", async () => {
    const now = windowStartPlus(5_000);
    const r = await tryCheckIn(t1, codeAt(new Date(now.getTime() - 30_000)), now);
    expect(r.late).toBe(false);
    expect(await codeOf(tryCheckIn(t1, codeAt(now), now))).toBe("alreadyCheckedIn");
    const rows = await recorded(t1);
    expect(rows).toHaveLength(1);
    const [p] = await db.withTenant(w.tenantId, (tx) => tx.select().from(unitProgress).where(and(eq(unitProgress.enrollmentId, rows[0]!.enrollmentId), eq(unitProgress.unitId, session))));
    expect(p?.checkedIn).toBe(true);
    expect(p?.completedAt).not.toBeNull();
    const jobs = await w.progressQueue.getJobs(["waiting", "prioritized", "delayed"]);
    expect(jobs.some((j) => j.data.kind === "checkedIn" && j.data.enrollmentId === rows[0]!.enrollmentId && j.data.payload.late === false)).toBe(true);
  });

  it("a check-in after the late mark is recorded as late", async () => {
    const at = minutes(90);
    const r = await tryCheckIn(t2, codeAt(at), at);
    expect(r.late).toBe(true);
    expect((await recorded(t2))[0]?.late).toBe(true);
  });

  it("after five wrong codes in a minute even the right code is refused and nothing is recorded", async () => {
    const now = new Date();
    const right = codeAt(now, otherSession);
    const wrong = right === "000000" ? "000001" : "000000";
    for (let i = 0; i < 5; i++) expect(await codeOf(tryCheckIn(t3, wrong, now, otherSession))).toBe("checkInCodeInvalid");
    expect(await codeOf(tryCheckIn(t3, right, now, otherSession))).toBe("tooManyAttempts");
    expect(await recorded(t3)).toEqual([]);
    // The limit is per session: the other session still takes t3's right code.
    expect((await tryCheckIn(t3, codeAt(now), now)).late).toBe(false);
  });

  it("the trainer's screen shows the current code and the counts; the roster lists every teacher", async () => {
    const now = new Date();
    const screen = await checkInScreen({ db, actor: w.owner, courseId: course.courseId, unitId: session, checkInSecret: secret, now });
    expect(screen.code).toBe(codeAt(now));
    expect(screen.validUntil.getTime()).toBeGreaterThan(now.getTime());
    expect(screen.window).toBe("onTime");
    expect(screen.counts).toEqual({ present: 2, late: 1, absent: 0, pending: 0 });
    const roster = await checkInRoster({ db, actor: w.owner, courseId: course.courseId, unitId: otherSession, now });
    expect(roster.rows.map((r) => r.state).sort()).toEqual(["pending", "pending", "pending"]);
    const after = await checkInRoster({ db, actor: w.owner, courseId: course.courseId, unitId: otherSession, now: minutes(180) });
    expect(after.counts.absent).toBe(3);
  });

  it("a teacher cannot open the trainer's screen or roster; another province's actor finds nothing", async () => {
    expect(await codeOf(checkInScreen({ db, actor: t1.actor, courseId: course.courseId, unitId: session, checkInSecret: secret }))).toBe("forbidden");
    expect(await codeOf(checkInRoster({ db, actor: t1.actor, courseId: course.courseId, unitId: session }))).toBe("forbidden");
    expect(await codeOf(checkInScreen({ db, actor: w.countyAdminB, courseId: course.courseId, unitId: session, checkInSecret: secret }))).toBe("forbidden");
    const other = await seedClassworkWorld(owner, redis);
    await other.producer.close();
    await other.progressQueue.close();
    const foreign = { ...other.owner };
    expect(await codeOf(checkInScreen({ db, actor: foreign, courseId: course.courseId, unitId: session, checkInSecret: secret }))).toBe("notFound");
    expect(await codeOf(checkInRoster({ db, actor: foreign, courseId: course.courseId, unitId: session }))).toBe("notFound");
    const stranger = await other.teacherAt(other.units.schoolA.id);
    expect(await codeOf(checkIn({ db, redis, producer: w.producer, actor: stranger.actor, checkInSecret: secret, input: { courseId: course.courseId, unitId: session, code: codeAt(new Date()) } }))).toBe("notFound");
  });
});
