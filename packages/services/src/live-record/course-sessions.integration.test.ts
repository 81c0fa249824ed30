import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import { player } from "../courses/learning/index.ts";
import { createLiveSession, endLiveSession, joinLiveSession, startLiveSession } from "../live/index.ts";
import { seedLiveWorld, type TLivePerson } from "../live/test-setup.ts";
import type { TActor } from "../org/scope.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { courseLiveUnits } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: Awaited<ReturnType<typeof seedLiveWorld>>;
let other: Awaited<ReturnType<typeof seedLiveWorld>>;
beforeAll(async () => {
  w = await seedLiveWorld(owner, db);
  other = await seedLiveWorld(owner, db);
});
afterAll(async () => {
  await db.close();
  await owner.close();
});

const asActor = (p: TLivePerson): TActor => ({ ...p.actor, grants: [] });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: AppError) => e.code,
  );

describe("a course's live units and their rooms", () => {
  it("the owner opens a room for the unit; the trainer's tab and the enrolled teacher's player both list it; nobody else reads them", async () => {
    const { trainer, enrolled, outsider } = w.people;
    const unitId = w.course.unitIds[0]!;
    const before = await courseLiveUnits({ db, actor: asActor(trainer), courseId: w.course.courseId });
    expect(before.isOwner).toBe(true);
    expect(before.units.map((u) => [u.id, u.sessions.length])).toEqual([[unitId, 0]]);

    const start = new Date(Date.now() + 2 * 3600_000);
    const s = await createLiveSession({ db, actor: trainer.actor, input: { courseId: w.course.courseId, unitId, title: "直播答疑（第一场）", scheduledStart: start.toISOString(), scheduledMinutes: 45 } });
    const after = await courseLiveUnits({ db, actor: asActor(trainer), courseId: w.course.courseId });
    expect(after.units[0]!.sessions).toMatchObject([{ id: s.id, title: "直播答疑（第一场）", status: "scheduled", scheduledMinutes: 45, scheduledStart: start.toISOString() }]);

    const p = await player({ db, actor: asActor(enrolled), input: { courseId: w.course.courseId, unitId } });
    expect(p.current?.content).toMatchObject({ kind: "liveSession", attendedMinutes: 0, sessions: [{ id: s.id, status: "scheduled", scheduledMinutes: 45 }] });

    // Not the owner (an enrolled teacher, an outsider: the course is public in the catalogue, its tab is
    // forbidden, as the class list is), another province: notFound.
    expect(await codeOf(courseLiveUnits({ db, actor: asActor(enrolled), courseId: w.course.courseId }))).toBe("forbidden");
    expect(await codeOf(courseLiveUnits({ db, actor: asActor(outsider), courseId: w.course.courseId }))).toBe("forbidden");
    expect(await codeOf(courseLiveUnits({ db, actor: asActor(other.people.trainer), courseId: w.course.courseId }))).toBe("notFound");
    expect(await codeOf(courseLiveUnits({ db, actor: asActor(trainer), courseId: "not-a-uuid" }))).toBe("notFound");
    // Another province's owner cannot open a room on this course.
    expect(await codeOf(createLiveSession({ db, actor: other.people.trainer.actor, input: { courseId: w.course.courseId, unitId, title: "x", scheduledStart: start.toISOString(), scheduledMinutes: 45 } }))).toBe("notFound");
    // Another course's room is not listed here.
    await other.newCourseSession();
    expect((await courseLiveUnits({ db, actor: asActor(trainer), courseId: w.course.courseId })).units[0]!.sessions).toHaveLength(1);
  });

  it("a bad schedule form comes back per field in Chinese and opens nothing", async () => {
    const { trainer } = w.people;
    const unitId = w.course.unitIds[0]!;
    const err = await createLiveSession({ db, actor: trainer.actor, input: { courseId: w.course.courseId, unitId, title: "  ", scheduledStart: "明天", scheduledMinutes: "3" } }).catch((e: AppError) => e);
    expect((err as AppError).code).toBe("badRequest");
    expect((err as AppError).fieldErrors).toMatchObject({ title: ["请填写直播标题"], scheduledStart: ["请填写有效的开始时间"], scheduledMinutes: ["时长至少 5 分钟"] });
    const n = (await courseLiveUnits({ db, actor: asActor(trainer), courseId: w.course.courseId })).units[0]!.sessions.length;
    expect(n).toBe(1);
  });

  it("a start in the past is refused on its field, for a course unit's room and a studio's, and opens nothing", async () => {
    const { trainer } = w.people;
    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString();
    const unit = { courseId: w.course.courseId, unitId: w.course.unitIds[0]!, title: "直播答疑（补录）", scheduledStart: yesterday, scheduledMinutes: 45 };
    const err = await createLiveSession({ db, actor: trainer.actor, input: unit }).catch((e: AppError) => e);
    expect((err as AppError).code).toBe("badRequest");
    expect((err as AppError).fieldErrors).toEqual({ scheduledStart: ["开始时间不能早于当前时间"] });
    const studioErr = await createLiveSession({ db, actor: w.people.host.actor, input: { studioId: w.studioId, title: "集体备课", scheduledStart: yesterday, scheduledMinutes: 90 } }).catch((e: AppError) => e);
    expect((studioErr as AppError).fieldErrors).toEqual({ scheduledStart: ["开始时间不能早于当前时间"] });
    expect((await courseLiveUnits({ db, actor: asActor(trainer), courseId: w.course.courseId })).units[0]!.sessions).toHaveLength(1);
  });

  it("an ended room shows when it ran, in the player and on the trainer's tab, not when it was planned", async () => {
    const { trainer, enrolled } = w.people;
    const unitId = w.course.unitIds[0]!;
    const s = await w.newCourseSession("直播答疑（第二场）");
    const startedAt = new Date(Date.now() - 40 * 60_000);
    const endedAt = new Date(Date.now() - 5 * 60_000);
    await joinLiveSession({ db, actor: trainer.actor, sessionId: s.id, now: startedAt });
    await startLiveSession({ db, actor: trainer.actor, sessionId: s.id, now: startedAt });
    await endLiveSession({ db, actor: trainer.actor, sessionId: s.id, now: endedAt });
    const ran = { status: "ended", startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString() };
    const p = await player({ db, actor: asActor(enrolled), input: { courseId: w.course.courseId, unitId } });
    const content = p.current?.content as { sessions: { id: string }[] };
    expect(content.sessions.find((x) => x.id === s.id)).toMatchObject(ran);
    const tab = await courseLiveUnits({ db, actor: asActor(trainer), courseId: w.course.courseId });
    expect(tab.units[0]!.sessions.find((x) => x.id === s.id)).toMatchObject(ran);
  });
});
