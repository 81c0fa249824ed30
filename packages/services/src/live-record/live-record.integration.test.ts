import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveAttendanceEvents, processStudioAttendance } from "../completion/index.ts";
import { liveSession, studioActivity } from "@yanxiu/db/schema";
import {
  answerPoll,
  createPoll,
  deleteChatMessage,
  endLiveSession,
  joinLiveSession,
  leaveLiveSession,
  removeParticipant,
  sendChatMessage,
  startLiveSession,
} from "../live/index.ts";
import { seedLiveWorld, type TLivePerson } from "../live/test-setup.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { listStudioSessions, liveSessionPage, liveSessionRecord, myLiveSessions } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
let w: Awaited<ReturnType<typeof seedLiveWorld>>;
let other: Awaited<ReturnType<typeof seedLiveWorld>>;
/** An ended session: the host 30 minutes, member A twice (overlapping), member B removed, one poll. */
let ended: string;
let pollId: string;
/** When the host started and ended it: the hour before the tests, though it was planned for the hour after. */
let ran: { startedAt: string; endedAt: string };

beforeAll(async () => {
  w = await seedLiveWorld(owner, db);
  other = await seedLiveWorld(owner, db);
  const { host, memberA, memberB } = w.people;
  const t0 = new Date(Date.now() - 3600_000);
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);
  const s = await w.newStudioSession("课例研讨直播");
  ended = s.id;
  await joinLiveSession({ db, actor: host.actor, sessionId: ended, now: at(0) });
  await startLiveSession({ db, actor: host.actor, sessionId: ended, now: at(0) });
  const a1 = await joinLiveSession({ db, actor: memberA.actor, sessionId: ended, now: at(10) });
  await leaveLiveSession({ db, actor: memberA.actor, attendanceId: a1.attendanceId, now: at(20) });
  await joinLiveSession({ db, actor: memberA.actor, sessionId: ended, now: at(15) });
  await joinLiveSession({ db, actor: memberB.actor, sessionId: ended, now: at(5) });
  await sendChatMessage({ db, actor: host.actor, input: { sessionId: ended, body: "大家好，今天研讨《春》的朗读教学" } });
  await sendChatMessage({ db, actor: memberA.actor, input: { sessionId: ended, body: "老师好！" } });
  const gone = await sendChatMessage({ db, actor: memberB.actor, input: { sessionId: ended, body: "这条被删了" } });
  await deleteChatMessage({ db, actor: host.actor, input: { sessionId: ended, messageId: gone.id } });
  const poll = await createPoll({ db, actor: host.actor, input: { sessionId: ended, question: "朗读先于讲解吗？", options: ["同意", "不同意", "看情况"] } });
  pollId = poll.id;
  await answerPoll({ db, actor: memberA.actor, input: { sessionId: ended, pollId, option: 0 } });
  await answerPoll({ db, actor: memberB.actor, input: { sessionId: ended, pollId, option: 2 } });
  await removeParticipant({ db, actor: host.actor, input: { sessionId: ended, userId: memberB.id } });
  await endLiveSession({ db, actor: host.actor, sessionId: ended, now: at(30) });
  ran = { startedAt: at(0).toISOString(), endedAt: at(30).toISOString() };
});
afterAll(async () => {
  await db.close();
  await owner.close();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? String(e),
  );
const asActor = (p: TLivePerson) => ({ ...p.actor, grants: [] });

describe("the record of an ended live session", () => {
  it("a member reads the chat transcript (without deleted messages), the poll's result and who attended for how long", async () => {
    const page = await liveSessionPage({ db, actor: w.people.memberA.actor, sessionId: ended });
    expect(page.session.status).toBe("ended");
    expect(page.role).toBe("participant");
    expect(page.hostName).toBe("主持人");
    expect(page.studio?.id).toBe(w.studioId);
    const r = page.record!;
    expect(r.chat.map((m) => [m.authorName, m.body])).toEqual([
      ["主持人", "大家好，今天研讨《春》的朗读教学"],
      ["成员甲", "老师好！"],
    ]);
    expect(r.polls).toEqual([expect.objectContaining({ id: pollId, question: "朗读先于讲解吗？", options: ["同意", "不同意", "看情况"], counts: [1, 0, 1], total: 2 })]);
    const minutes = Object.fromEntries(r.attendance.map((a) => [a.displayName, a.minutes]));
    // Member A: 10–20 and 15–30 overlap, so 20 minutes; the host 0–30; member B 5–30 (removed, still attended).
    expect(minutes).toEqual({ 主持人: 30, 成员甲: 20, 成员乙: 25 });
    expect(r.attendance.find((a) => a.displayName === "主持人")?.role).toBe("host");
    expect(await liveSessionRecord({ db, actor: w.people.host.actor, sessionId: ended })).toEqual(r);
  });

  it("shows when it ran, not when it was planned: the page, 我的直播 and the studio's plan carry the real start and end", async () => {
    const page = await liveSessionPage({ db, actor: w.people.memberA.actor, sessionId: ended });
    expect(page.session).toMatchObject(ran);
    expect(page.session.scheduledStart).not.toBe(ran.startedAt);
    expect((await myLiveSessions({ db, actor: w.people.memberA.actor })).find((x) => x.id === ended)).toMatchObject({ status: "ended", ...ran });
    expect((await myLiveSessions({ db, actor: w.people.host.actor })).find((x) => x.id === ended)).toMatchObject(ran);
    expect((await listStudioSessions({ db, actor: asActor(w.people.memberA), studioId: w.studioId }))?.find((x) => x.id === ended)).toMatchObject(ran);
    // A session still to come has no real times yet.
    const next = await w.newStudioSession("下一场");
    expect((await myLiveSessions({ db, actor: w.people.memberA.actor })).find((x) => x.id === next.id)).toMatchObject({ status: "scheduled", startedAt: null, endedAt: null });
  });

  it("the co-host and the host read it too", async () => {
    expect((await liveSessionPage({ db, actor: w.people.coHost.actor, sessionId: ended })).role).toBe("coHost");
    expect((await liveSessionPage({ db, actor: w.people.host.actor, sessionId: ended })).role).toBe("host");
  });

  it("non-members, applicants and other provinces get not found; a removed participant is told so", async () => {
    for (const p of [w.people.outsider, w.people.applicant, w.people.enrolled]) {
      expect(await codeOf(liveSessionPage({ db, actor: p.actor, sessionId: ended }))).toBe("notFound");
      expect(await codeOf(liveSessionRecord({ db, actor: p.actor, sessionId: ended }))).toBe("notFound");
    }
    for (const p of [other.people.host, other.people.memberA]) {
      expect(await codeOf(liveSessionPage({ db, actor: p.actor, sessionId: ended }))).toBe("notFound");
      expect(await codeOf(liveSessionRecord({ db, actor: p.actor, sessionId: ended }))).toBe("notFound");
    }
    expect(await codeOf(liveSessionPage({ db, actor: w.people.memberA.actor, sessionId: "not-a-uuid" }))).toBe("notFound");
    expect(await codeOf(liveSessionRecord({ db, actor: w.people.memberB.actor, sessionId: ended }))).toBe("removedFromSession");
  });

  it("a session that has not ended has no record yet, but its page opens for members", async () => {
    const s = await w.newStudioSession("尚未开始");
    const page = await liveSessionPage({ db, actor: w.people.memberA.actor, sessionId: s.id });
    expect(page.session.status).toBe("scheduled");
    expect(page.record).toBeNull();
    expect(await codeOf(liveSessionRecord({ db, actor: w.people.memberA.actor, sessionId: s.id }))).toBe("notFound");
  });
});

describe("a studio's sessions", () => {
  it("members see them in schedule order with their status; non-members read nothing; another province's studio is not found", async () => {
    const list = await listStudioSessions({ db, actor: asActor(w.people.memberA), studioId: w.studioId });
    expect(list?.find((s) => s.id === ended)).toMatchObject({ title: "课例研讨直播", status: "ended" });
    expect(list!.map((s) => s.scheduledStart)).toEqual([...list!.map((s) => s.scheduledStart)].sort());
    expect(await listStudioSessions({ db, actor: asActor(w.people.outsider), studioId: w.studioId })).toBeNull();
    expect(await listStudioSessions({ db, actor: asActor(w.people.applicant), studioId: w.studioId })).toBeNull();
    expect(await codeOf(listStudioSessions({ db, actor: asActor(other.people.host), studioId: w.studioId }))).toBe("notFound");
    expect(await codeOf(listStudioSessions({ db, actor: asActor(w.people.host), studioId: "x" }))).toBe("notFound");
  });
});

describe("the viewer's 学时 on an ended studio session", () => {
  it("says pending once attended long enough, awarded once the worker has written it, short with the minutes otherwise, none without 学时", async () => {
    // A session of the studio without a plan activity carries no 学时; put it under one.
    expect((await liveSessionPage({ db, actor: w.people.host.actor, sessionId: ended })).credit).toBeNull();
    const activityId = await owner.withTenant(w.tenantId, async (tx) => {
      const [a] = await tx
        .insert(studioActivity)
        .values({ tenantId: w.tenantId, studioId: w.studioId, kind: "lessonStudy", title: "课例研讨", date: "2026-11-20", createdBy: w.people.host.id })
        .returning({ id: studioActivity.id });
      await tx.update(liveSession).set({ activityId: a!.id }).where(eq(liveSession.id, ended));
      return a!.id;
    });
    expect((await liveSessionPage({ db, actor: w.people.host.actor, sessionId: ended })).credit).toEqual({ status: "none" });

    await owner.withTenant(w.tenantId, (tx) => tx.update(studioActivity).set({ creditHours: "2.0" }).where(eq(studioActivity.id, activityId!)));
    // 30 of the 60 planned minutes ran: half the 2 学时, and 24 minutes needed. The host was there
    // throughout; member A 20 minutes (10–20 and 15–30).
    expect((await liveSessionPage({ db, actor: w.people.host.actor, sessionId: ended })).credit).toEqual({ status: "pending", hours: 1 });
    expect((await liveSessionPage({ db, actor: w.people.memberA.actor, sessionId: ended })).credit).toEqual({ status: "short", hours: 1, minutes: 20, requiredMinutes: 24 });

    const { studioEvents } = await db.withTenant(w.tenantId, (tx) => liveAttendanceEvents(tx, w.tenantId, ended));
    for (const e of studioEvents) await processStudioAttendance({ db, event: e });
    expect((await liveSessionPage({ db, actor: w.people.host.actor, sessionId: ended })).credit).toEqual({ status: "awarded", hours: 1 });
    expect((await liveSessionPage({ db, actor: w.people.memberA.actor, sessionId: ended })).credit).toMatchObject({ status: "short" });
  });

  it("says the session ran too briefly for any 学时 when it was ended after a minute, even to the host there all along", async () => {
    const s = await w.newStudioSession("一分钟直播");
    await owner.withTenant(w.tenantId, async (tx) => {
      const [a] = await tx
        .insert(studioActivity)
        .values({ tenantId: w.tenantId, studioId: w.studioId, kind: "lecture", title: "专题讲座", date: "2026-12-11", creditHours: "2.0", createdBy: w.people.host.id })
        .returning({ id: studioActivity.id });
      await tx.update(liveSession).set({ activityId: a!.id }).where(eq(liveSession.id, s.id));
    });
    const t0 = new Date(Date.now() - 10 * 60_000);
    await joinLiveSession({ db, actor: w.people.host.actor, sessionId: s.id, now: t0 });
    await startLiveSession({ db, actor: w.people.host.actor, sessionId: s.id, now: t0 });
    await endLiveSession({ db, actor: w.people.host.actor, sessionId: s.id, now: new Date(t0.getTime() + 70_000) });
    expect((await liveSessionPage({ db, actor: w.people.host.actor, sessionId: s.id })).credit).toEqual({ status: "sessionShort", heldMinutes: 1, minHeldMinutes: 10 });
  });
});
