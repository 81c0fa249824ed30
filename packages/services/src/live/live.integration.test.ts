import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReadableFile } from "../media/open-file.ts";
import { liveAttendance } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import {
  answerPoll,
  closePoll,
  createLiveSession,
  createPoll,
  deleteChatMessage,
  endLiveSession,
  joinLiveSession,
  leaveLiveSession,
  lowerHand,
  muteParticipant,
  raiseHand,
  removeParticipant,
  sendChatMessage,
  setSlidePage,
  startLiveSession,
  useSlides,
} from "./index.ts";
import { seedLiveWorld, type TLivePerson } from "./test-setup.ts";

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

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? String(e),
  );
const join = (who: TLivePerson, sessionId: string) => joinLiveSession({ db, actor: who.actor, sessionId });
const openIntervals = (sessionId: string, userId?: string) =>
  db.withTenant(w.tenantId, (tx) =>
    tx
      .select()
      .from(liveAttendance)
      .where(and(eq(liveAttendance.sessionId, sessionId), isNull(liveAttendance.leftAt), userId ? eq(liveAttendance.userId, userId) : undefined)),
  );

/** A started studio session with the host and the given people in it. */
async function liveRoom(...people: TLivePerson[]) {
  const s = await w.newStudioSession();
  await join(w.people.host, s.id);
  await startLiveSession({ db, actor: w.people.host.actor, sessionId: s.id });
  for (const p of people) await join(p, s.id);
  return s.id;
}

describe("who may attend a live session", () => {
  it("a session of another province is not found, even for its host's counterpart", async () => {
    const s = await w.newStudioSession();
    expect(await codeOf(join(other.people.host, s.id))).toBe("notFound");
    expect(await codeOf(join(other.people.memberA, s.id))).toBe("notFound");
  });

  it("studio sessions admit the host, co-hosts and active members; applicants and outsiders are refused", async () => {
    const s = await w.newStudioSession();
    expect((await join(w.people.host, s.id)).role).toBe("host");
    expect((await join(w.people.coHost, s.id)).role).toBe("coHost");
    expect((await join(w.people.memberA, s.id)).role).toBe("participant");
    expect(await codeOf(join(w.people.applicant, s.id))).toBe("forbidden");
    expect(await codeOf(join(w.people.outsider, s.id))).toBe("forbidden");
    expect(await codeOf(join(w.people.enrolled, s.id))).toBe("forbidden");
  });

  it("a course unit's session admits its owner and enrolled teachers, not withdrawn ones or studio members", async () => {
    const s = await w.newCourseSession();
    expect((await join(w.people.trainer, s.id)).role).toBe("host");
    expect((await join(w.people.enrolled, s.id)).role).toBe("participant");
    expect(await codeOf(join(w.people.withdrawn, s.id))).toBe("forbidden");
    expect(await codeOf(join(w.people.memberA, s.id))).toBe("forbidden");
  });

  it("only the studio's host or co-hosts, or the course owner, schedule sessions", async () => {
    const when = { title: "课例研讨", scheduledStart: new Date().toISOString(), scheduledMinutes: 45 };
    expect(await codeOf(createLiveSession({ db, actor: w.people.coHost.actor, input: { studioId: w.studioId, ...when } }))).toBe("ok");
    expect(await codeOf(createLiveSession({ db, actor: w.people.memberA.actor, input: { studioId: w.studioId, ...when } }))).toBe("forbidden");
    expect(await codeOf(createLiveSession({ db, actor: other.people.host.actor, input: { studioId: w.studioId, ...when } }))).toBe("notFound");
    const unit = { courseId: w.course.courseId, unitId: w.course.unitIds[0]!, ...when };
    expect(await codeOf(createLiveSession({ db, actor: w.people.enrolled.actor, input: unit }))).toBe("forbidden");
    expect(await codeOf(createLiveSession({ db, actor: w.people.trainer.actor, input: { ...unit, unitId: w.studioId } }))).toBe("notFound");
    expect(await codeOf(createLiveSession({ db, actor: w.people.trainer.actor, input: { ...when } }))).toBe("badRequest");
  });
});

describe("moderation", () => {
  it("a removed participant is refused on rejoin, their attendance closes, and they cannot act in the room", async () => {
    const id = await liveRoom(w.people.memberA, w.people.memberB);
    expect(await openIntervals(id, w.people.memberA.id)).toHaveLength(1);
    expect(await codeOf(removeParticipant({ db, actor: w.people.memberB.actor, input: { sessionId: id, userId: w.people.memberA.id } }))).toBe("forbidden");
    expect(await removeParticipant({ db, actor: w.people.host.actor, input: { sessionId: id, userId: w.people.memberA.id } })).toEqual({ userId: w.people.memberA.id });
    expect(await openIntervals(id, w.people.memberA.id)).toHaveLength(0);
    expect(await codeOf(join(w.people.memberA, id))).toBe("removedFromSession");
    expect(await codeOf(sendChatMessage({ db, actor: w.people.memberA.actor, input: { sessionId: id, body: "我又来了" } }))).toBe("removedFromSession");
    const state = (await join(w.people.memberB, id)).state;
    expect(state.participants.map((p) => p.userId)).not.toContain(w.people.memberA.id);
  });

  it("nobody removes the host; a co-host mutes participants but not the host", async () => {
    const id = await liveRoom(w.people.coHost, w.people.memberA);
    expect(await codeOf(removeParticipant({ db, actor: w.people.coHost.actor, input: { sessionId: id, userId: w.people.host.id } }))).toBe("forbidden");
    expect(await codeOf(muteParticipant({ db, actor: w.people.coHost.actor, input: { sessionId: id, userId: w.people.host.id, muted: true } }))).toBe("forbidden");
    const muted = await muteParticipant({ db, actor: w.people.coHost.actor, input: { sessionId: id, userId: w.people.memberA.id, muted: true } });
    expect(muted).toMatchObject({ userId: w.people.memberA.id, muted: true, role: "participant" });
    expect(await codeOf(sendChatMessage({ db, actor: w.people.memberA.actor, input: { sessionId: id, body: "能听到吗" } }))).toBe("participantMuted");
    // A rejoin keeps the mute.
    expect((await join(w.people.memberA, id)).state.me.muted).toBe(true);
    await muteParticipant({ db, actor: w.people.host.actor, input: { sessionId: id, userId: w.people.memberA.id, muted: false } });
    expect(await codeOf(sendChatMessage({ db, actor: w.people.memberA.actor, input: { sessionId: id, body: "能听到吗" } }))).toBe("ok");
  });
});

describe("chat", () => {
  it("history on join holds the messages in order without the deleted ones", async () => {
    const id = await liveRoom(w.people.memberA, w.people.memberB);
    const send = (p: TLivePerson, body: string) => sendChatMessage({ db, actor: p.actor, input: { sessionId: id, body } });
    const m1 = await send(w.people.memberA, "第一条");
    const m2 = await send(w.people.memberB, "第二条");
    const m3 = await send(w.people.memberA, "第三条");
    expect(m2).toMatchObject({ authorId: w.people.memberB.id, authorName: "成员乙", body: "第二条" });
    // A participant deletes only their own message; the host any.
    expect(await codeOf(deleteChatMessage({ db, actor: w.people.memberA.actor, input: { sessionId: id, messageId: m2.id } }))).toBe("forbidden");
    await deleteChatMessage({ db, actor: w.people.memberA.actor, input: { sessionId: id, messageId: m1.id } });
    await deleteChatMessage({ db, actor: w.people.host.actor, input: { sessionId: id, messageId: m3.id } });
    expect(await codeOf(deleteChatMessage({ db, actor: w.people.host.actor, input: { sessionId: id, messageId: m3.id } }))).toBe("notFound");
    const { state } = await join(w.people.coHost, id);
    expect(state.chat.map((m) => m.body)).toEqual(["第二条"]);
  });

  it("someone who has not joined cannot chat, even when they may attend", async () => {
    const id = await liveRoom();
    expect(await codeOf(sendChatMessage({ db, actor: w.people.memberA.actor, input: { sessionId: id, body: "你好" } }))).toBe("liveNotJoined");
  });
});

describe("polls", () => {
  it("each participant answers once, even twice at the same moment; tallies count every answer", async () => {
    const id = await liveRoom(w.people.memberA, w.people.memberB);
    expect(await codeOf(createPoll({ db, actor: w.people.memberA.actor, input: { sessionId: id, question: "?", options: ["a", "b"] } }))).toBe("forbidden");
    const poll = await createPoll({ db, actor: w.people.host.actor, input: { sessionId: id, question: "这节课的重点是？", options: ["导入", "提问", "小结"] } });
    expect(poll).toMatchObject({ status: "open", counts: [0, 0, 0], total: 0, myAnswer: null });
    const answer = (p: TLivePerson, option: number) => answerPoll({ db, actor: p.actor, input: { sessionId: id, pollId: poll.id, option } });
    const both = await Promise.all([codeOf(answer(w.people.memberA, 1)), codeOf(answer(w.people.memberA, 2))]);
    expect(both.sort()).toEqual(["alreadyAnswered", "ok"]);
    expect(await codeOf(answer(w.people.memberA, 0))).toBe("alreadyAnswered");
    expect(await codeOf(answer(w.people.memberB, 3))).toBe("badRequest");
    const tally = await answer(w.people.memberB, 1);
    expect(tally.total).toBe(2);
    expect(tally.counts[1]! >= 1).toBe(true);
    const closed = await closePoll({ db, actor: w.people.host.actor, input: { sessionId: id, pollId: poll.id } });
    expect(closed).toMatchObject({ status: "closed", total: 2 });
    expect(await codeOf(answer(w.people.host, 0))).toBe("pollClosed");
    // Results are kept, with each viewer's own answer.
    const { state } = await join(w.people.memberB, id);
    expect(state.polls).toEqual([expect.objectContaining({ id: poll.id, status: "closed", total: 2, myAnswer: 1 })]);
  });

  it("a poll of another session is not found, and nobody answers before the start", async () => {
    const a = await liveRoom(w.people.memberA);
    const poll = await createPoll({ db, actor: w.people.host.actor, input: { sessionId: a, question: "好吗", options: ["好", "不好"] } });
    const b = await liveRoom(w.people.memberA);
    expect(await codeOf(answerPoll({ db, actor: w.people.memberA.actor, input: { sessionId: b, pollId: poll.id, option: 0 } }))).toBe("notFound");
    const scheduled = await w.newStudioSession();
    await join(w.people.host, scheduled.id);
    await join(w.people.memberA, scheduled.id);
    const early = await createPoll({ db, actor: w.people.host.actor, input: { sessionId: scheduled.id, question: "准备好了吗", options: ["是", "否"] } });
    expect(await codeOf(answerPoll({ db, actor: w.people.memberA.actor, input: { sessionId: scheduled.id, pollId: early.id, option: 0 } }))).toBe("sessionNotLive");
  });
});

describe("hands and slides", () => {
  it("hands queue first raised first; a participant lowers only their own, the host anyone's", async () => {
    const id = await liveRoom(w.people.memberA, w.people.memberB, w.people.coHost);
    await raiseHand({ db, actor: w.people.memberB.actor, sessionId: id });
    await raiseHand({ db, actor: w.people.memberA.actor, sessionId: id });
    const q = await raiseHand({ db, actor: w.people.memberB.actor, sessionId: id }); // again: keeps its place
    expect(q.map((h) => h.displayName)).toEqual(["成员乙", "成员甲"]);
    expect(await codeOf(lowerHand({ db, actor: w.people.memberA.actor, input: { sessionId: id, userId: w.people.memberB.id } }))).toBe("forbidden");
    expect((await lowerHand({ db, actor: w.people.host.actor, input: { sessionId: id, userId: w.people.memberB.id } })).map((h) => h.userId)).toEqual([w.people.memberA.id]);
    expect((await join(w.people.coHost, id)).state.handQueue.map((h) => h.userId)).toEqual([w.people.memberA.id]);
    expect(await lowerHand({ db, actor: w.people.memberA.actor, input: { sessionId: id } })).toEqual([]);
  });

  it("the host's slides and page reach a late joiner; participants cannot turn pages; slides are readable by attendees only", async () => {
    const id = await liveRoom(w.people.memberA);
    const file = await w.slidesFile(w.people.host.id);
    expect(await codeOf(useSlides({ db, actor: w.people.host.actor, input: { sessionId: id, fileId: await w.slidesFile(w.people.memberA.id) } }))).toBe("notFound");
    expect(await useSlides({ db, actor: w.people.host.actor, input: { sessionId: id, fileId: file } })).toEqual({ slidesFileId: file, page: 1 });
    expect(await setSlidePage({ db, actor: w.people.host.actor, input: { sessionId: id, page: 7 } })).toEqual({ slidesFileId: file, page: 7 });
    expect(await codeOf(setSlidePage({ db, actor: w.people.memberA.actor, input: { sessionId: id, page: 2 } }))).toBe("forbidden");
    expect((await join(w.people.memberB, id)).state.slide).toEqual({ slidesFileId: file, page: 7 });

    const read = (p: TLivePerson) => codeOf(loadReadableFile(db, { ...p.actor, grants: [] }, file));
    expect(await read(w.people.memberA)).toBe("ok");
    expect(await read(w.people.outsider)).toBe("notFound");
    expect(await read(w.people.applicant)).toBe("notFound");
    await removeParticipant({ db, actor: w.people.host.actor, input: { sessionId: id, userId: w.people.memberA.id } });
    expect(await read(w.people.memberA)).toBe("notFound");
  });
});

describe("starting and ending", () => {
  it("only the host starts and ends; the end closes every open interval and the room refuses changes and joins after it", async () => {
    const s = await w.newStudioSession();
    const h = await join(w.people.host, s.id);
    const a = await join(w.people.memberA, s.id);
    await join(w.people.memberB, s.id);
    expect(await codeOf(startLiveSession({ db, actor: w.people.coHost.actor, sessionId: s.id }))).toBe("liveNotJoined");
    await join(w.people.coHost, s.id);
    expect(await codeOf(startLiveSession({ db, actor: w.people.coHost.actor, sessionId: s.id }))).toBe("forbidden");
    expect(await codeOf(endLiveSession({ db, actor: w.people.host.actor, sessionId: s.id }))).toBe("sessionNotLive");
    expect(await startLiveSession({ db, actor: w.people.host.actor, sessionId: s.id })).toBe("live");
    await leaveLiveSession({ db, actor: w.people.memberA.actor, attendanceId: a.attendanceId });
    await leaveLiveSession({ db, actor: w.people.memberA.actor, attendanceId: a.attendanceId });
    expect(await openIntervals(s.id)).toHaveLength(3);
    expect(h.state.session.status).toBe("scheduled");
    expect(await endLiveSession({ db, actor: w.people.host.actor, sessionId: s.id })).toBe("ended");
    expect(await openIntervals(s.id)).toHaveLength(0);
    expect(await codeOf(sendChatMessage({ db, actor: w.people.memberB.actor, input: { sessionId: s.id, body: "再见" } }))).toBe("sessionEnded");
    expect(await codeOf(join(w.people.memberA, s.id))).toBe("sessionEnded");
  });
});
