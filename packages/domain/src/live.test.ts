import { describe, expect, it } from "vitest";
import {
  rtcLimits,
  rtcLooksPoor,
  rtcPublishRefusal,
  rtcSignalRefusal,
  ZRtcSignal,
  handQueue,
  liveClientEvents,
  liveRateLimits,
  liveSessionRoom,
  mayLive,
  mayModerate,
  parseLiveSessionRoom,
  statusRefusal,
  tallyPoll,
  takeToken,
  ZChatSend,
  ZCreateLiveSessionInput,
  createLiveSessionSchemaFor,
  liveSchedulePolicy,
  pastStartRefusal,
  suggestedLiveStart,
  ZHandLower,
  ZPollAnswer,
  ZPollCreate,
  ZSlideSet,
} from "./live.ts";

const T = "11111111-1111-4111-8111-111111111111";
const S = "22222222-2222-4222-8222-222222222222";
const U = "33333333-3333-4333-8333-333333333333";

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

describe("live session rooms", () => {
  it("names a session's room with the tenant id and reads it back", () => {
    expect(liveSessionRoom(T, S)).toBe(`tenant:${T}:session:${S}`);
    expect(parseLiveSessionRoom(liveSessionRoom(T, S))).toEqual({ tenantId: T, sessionId: S });
    expect(parseLiveSessionRoom(`tenant:${T}`)).toBeNull();
    expect(parseLiveSessionRoom(`tenant:${T}:user:${U}`)).toBeNull();
    expect(parseLiveSessionRoom(`x${liveSessionRoom(T, S)}`)).toBeNull();
  });
});

describe("inbound event schemas", () => {
  it("accepts a chat message up to 2000 characters, trimmed, and nothing else", () => {
    expect(ZChatSend.parse({ sessionId: S, body: "  大家好 " })).toEqual({ sessionId: S, body: "大家好" });
    expect(ZChatSend.safeParse({ sessionId: S, body: "字".repeat(2000) }).success).toBe(true);
    expect(ZChatSend.safeParse({ sessionId: S, body: "字".repeat(2001) }).success).toBe(false);
    expect(ZChatSend.safeParse({ sessionId: S, body: "   " }).success).toBe(false);
    expect(ZChatSend.safeParse({ sessionId: "not-a-uuid", body: "hi" }).success).toBe(false);
    expect(ZChatSend.safeParse({ sessionId: S, body: "hi", extra: 1 }).success).toBe(false);
    expect(ZChatSend.safeParse(null).success).toBe(false);
    expect(ZChatSend.safeParse("hi").success).toBe(false);
  });

  it("asks a poll with 2 to 10 options and takes an answer by index", () => {
    const ok = { sessionId: S, question: "今天的课例哪里最值得学？", options: ["导入", "提问"] };
    expect(ZPollCreate.safeParse(ok).success).toBe(true);
    expect(ZPollCreate.safeParse({ ...ok, options: ["只有一个"] }).success).toBe(false);
    expect(ZPollCreate.safeParse({ ...ok, options: Array.from({ length: 11 }, (_, i) => `选项${i}`) }).success).toBe(false);
    expect(ZPollCreate.safeParse({ ...ok, options: ["a", ""] }).success).toBe(false);
    expect(ZPollAnswer.safeParse({ sessionId: S, pollId: U, option: 1 }).success).toBe(true);
    expect(ZPollAnswer.safeParse({ sessionId: S, pollId: U, option: -1 }).success).toBe(false);
    expect(ZPollAnswer.safeParse({ sessionId: S, pollId: U, option: 1.5 }).success).toBe(false);
    expect(ZPollAnswer.safeParse({ sessionId: S, pollId: U, option: "1" }).success).toBe(false);
  });

  it("takes slide pages from 1 and an optional user for lowering a hand", () => {
    expect(ZSlideSet.safeParse({ sessionId: S, page: 1 }).success).toBe(true);
    expect(ZSlideSet.safeParse({ sessionId: S, page: 0 }).success).toBe(false);
    expect(ZSlideSet.safeParse({ sessionId: S, page: 1e9 }).success).toBe(false);
    expect(ZHandLower.safeParse({ sessionId: S }).success).toBe(true);
    expect(ZHandLower.safeParse({ sessionId: S, userId: U }).success).toBe(true);
  });

  it("has a schema, a rate-limit group and a room rule for every event; only joining needs no room", () => {
    for (const [name, e] of Object.entries(liveClientEvents)) {
      expect(liveRateLimits[e.group], name).toBeDefined();
      expect(e.needsRoom, name).toBe(name !== "live:join");
      expect(e.schema.safeParse({}).success, name).toBe(false);
    }
  });

  it("creates a session for a studio (activity optional) or for a course unit, not both", () => {
    const when = { title: "集体备课", scheduledStart: inHours(24), scheduledMinutes: 90 };
    expect(ZCreateLiveSessionInput.safeParse({ studioId: S, ...when }).success).toBe(true);
    expect(ZCreateLiveSessionInput.safeParse({ courseId: S, unitId: U, ...when }).success).toBe(true);
    expect(ZCreateLiveSessionInput.safeParse({ studioId: S, courseId: S, unitId: U, ...when }).success).toBe(false);
    expect(ZCreateLiveSessionInput.safeParse({ courseId: S, ...when }).success).toBe(false);
  });

  it("a form's mistakes come back per field, in Chinese, for the branch the input names", () => {
    const bad = { title: " ", scheduledStart: "下周", scheduledMinutes: "2" };
    for (const input of [{ studioId: S, ...bad }, { courseId: S, unitId: U, ...bad }]) {
      const r = createLiveSessionSchemaFor(input).safeParse(input);
      expect(r.success).toBe(false);
      const f = r.error!.flatten().fieldErrors as Record<string, string[]>;
      expect(f.title).toEqual(["请填写直播标题"]);
      expect(f.scheduledStart).toEqual(["请填写有效的开始时间"]);
      expect(f.scheduledMinutes).toEqual(["时长至少 5 分钟"]);
    }
    expect(createLiveSessionSchemaFor({ studioId: S, courseId: S, unitId: U, title: "x", scheduledStart: inHours(24), scheduledMinutes: 30 }).safeParse({ studioId: S, courseId: S, unitId: U, title: "x", scheduledStart: inHours(24), scheduledMinutes: 30 }).success).toBe(false);
  });

  it("a start in the past is refused on the field, in Chinese; a moment ago (the form was just filled) is not", () => {
    for (const input of [{ studioId: S }, { courseId: S, unitId: U }]) {
      const past = { ...input, title: "集体备课", scheduledStart: inHours(-24), scheduledMinutes: 90 };
      const r = createLiveSessionSchemaFor(past).safeParse(past);
      expect(r.success).toBe(false);
      expect((r.error!.flatten().fieldErrors as Record<string, string[]>).scheduledStart).toEqual(["开始时间不能早于当前时间"]);
      const justNow = { ...past, scheduledStart: new Date(Date.now() - 60_000).toISOString() };
      expect(createLiveSessionSchemaFor(justNow).safeParse(justNow).success).toBe(true);
    }
  });

  it("the past is anything more than the grace before now", () => {
    const now = new Date("2026-12-07T01:03:00Z");
    const ago = (min: number) => new Date(now.getTime() - min * 60_000);
    expect(liveSchedulePolicy.graceMinutes).toBe(5);
    expect(pastStartRefusal(ago(0), now)).toBeNull();
    expect(pastStartRefusal(ago(-60), now)).toBeNull();
    expect(pastStartRefusal(ago(5), now)).toBeNull();
    expect(pastStartRefusal(ago(6), now)).toBe("开始时间不能早于当前时间");
    expect(pastStartRefusal(ago(60 * 24 * 80), now)).toBe("开始时间不能早于当前时间");
  });

  it("the schedule form starts from the planned time while it is ahead, else from the next half hour at least 15 minutes away", () => {
    const now = new Date("2026-12-07T01:03:00Z");
    // The activity's evening, still to come: kept.
    expect(suggestedLiveStart(new Date("2026-12-11T11:00:00Z"), now).toISOString()).toBe("2026-12-11T11:00:00.000Z");
    // An activity dated months ago, or none: the next half hour with 15 minutes to spare.
    expect(suggestedLiveStart(new Date("2026-09-18T11:00:00Z"), now).toISOString()).toBe("2026-12-07T01:30:00.000Z");
    expect(suggestedLiveStart(null, new Date("2026-12-07T01:20:00Z")).toISOString()).toBe("2026-12-07T02:00:00.000Z");
    expect(suggestedLiveStart(null, new Date("2026-12-07T01:15:00Z")).toISOString()).toBe("2026-12-07T01:30:00.000Z");
    // Planned in a few minutes: too soon to announce, the same rule.
    expect(suggestedLiveStart(new Date("2026-12-07T01:05:00Z"), now).toISOString()).toBe("2026-12-07T01:30:00.000Z");
    expect(pastStartRefusal(suggestedLiveStart(null, now), now)).toBeNull();
  });
});

describe("who may do what", () => {
  it("participants chat, raise hands and answer; co-hosts also moderate; only the host starts and ends", () => {
    expect(mayLive("participant", "chat.send")).toBe(true);
    expect(mayLive("participant", "poll.answer")).toBe(true);
    expect(mayLive("participant", "slide.set")).toBe(false);
    expect(mayLive("participant", "participant.remove")).toBe(false);
    expect(mayLive("participant", "hand.lowerAny")).toBe(false);
    expect(mayLive("coHost", "poll.create")).toBe(true);
    expect(mayLive("coHost", "participant.mute")).toBe(true);
    expect(mayLive("coHost", "session.end")).toBe(false);
    expect(mayLive("host", "session.start")).toBe(true);
    expect(mayLive("host", "session.end")).toBe(true);
  });

  it("nobody moderates the host or themselves; a co-host moderates participants only", () => {
    const host = { userId: "h", role: "host" as const };
    const co = { userId: "c", role: "coHost" as const };
    const p = { userId: "p", role: "participant" as const };
    expect(mayModerate(host, p)).toBe(true);
    expect(mayModerate(host, co)).toBe(true);
    expect(mayModerate(host, host)).toBe(false);
    expect(mayModerate(co, p)).toBe(true);
    expect(mayModerate(co, host)).toBe(false);
    expect(mayModerate(co, { userId: "c2", role: "coHost" })).toBe(false);
    expect(mayModerate(p, { userId: "p2", role: "participant" })).toBe(false);
  });

  it("an ended session refuses everything; answering and hands wait for the start", () => {
    expect(statusRefusal("ended", "chat.send")).toBe("sessionEnded");
    expect(statusRefusal("scheduled", "poll.answer")).toBe("sessionNotLive");
    expect(statusRefusal("scheduled", "hand.raise")).toBe("sessionNotLive");
    expect(statusRefusal("scheduled", "chat.send")).toBeNull();
    expect(statusRefusal("live", "poll.answer")).toBeNull();
  });
});

describe("hand queue and polls", () => {
  it("orders hands first raised first, ties by user id, and leaves out lowered hands", () => {
    const q = handQueue([
      { userId: "b", handRaisedAt: "2026-01-01T00:00:02Z" },
      { userId: "c", handRaisedAt: null },
      { userId: "z", handRaisedAt: "2026-01-01T00:00:01Z" },
      { userId: "a", handRaisedAt: new Date("2026-01-01T00:00:02Z") },
    ]);
    expect(q.map((p) => p.userId)).toEqual(["z", "a", "b"]);
  });

  it("tallies answers per option", () => {
    expect(tallyPoll(3, [0, 2, 2, 5, -1])).toEqual({ counts: [1, 0, 2], total: 3 });
    expect(tallyPoll(2, [])).toEqual({ counts: [0, 0], total: 0 });
  });
});

describe("token bucket", () => {
  it("lets a burst through, refuses the flood, and refills with time", () => {
    const policy = { capacity: 3, refillPerSecond: 2 };
    let state;
    const results: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const r = takeToken(state, policy, 1000);
      state = r.state;
      results.push(r.ok);
    }
    expect(results).toEqual([true, true, true, false, false]);
    expect(takeToken(state, policy, 1400).ok).toBe(false);
    expect(takeToken(state, policy, 1500).ok).toBe(true);
    // Never more than the capacity, however long the wait.
    let s = takeToken(undefined, policy, 0).state;
    s = takeToken(s, policy, 1_000_000).state;
    expect(s.tokens).toBe(2);
  });
});

describe("audio and video signalling", () => {
  const sid = "0b7c1a52-8f6e-4f1e-9a53-1f1d2a3b4c5d";
  const uid = "5c0a7b1e-2d3f-4a5b-8c6d-7e8f9a0b1c2d";
  it("an offer or answer carries an SDP, a candidate only comes with ice, and the size is bounded", () => {
    expect(ZRtcSignal.safeParse({ sessionId: sid, to: uid, kind: "offer", sdp: "v=0" }).success).toBe(true);
    expect(ZRtcSignal.safeParse({ sessionId: sid, to: uid, kind: "offer" }).success).toBe(false);
    expect(ZRtcSignal.safeParse({ sessionId: sid, to: uid, kind: "ice", candidate: { candidate: "" } }).success).toBe(true);
    expect(ZRtcSignal.safeParse({ sessionId: sid, to: uid, kind: "ice", sdp: "v=0", candidate: { candidate: "" } }).success).toBe(false);
    expect(ZRtcSignal.safeParse({ sessionId: sid, to: uid, kind: "bye" }).success).toBe(true);
    expect(ZRtcSignal.safeParse({ sessionId: sid, to: uid, kind: "answer", sdp: "x".repeat(rtcLimits.sdpChars + 1) }).success).toBe(false);
    expect(ZRtcSignal.safeParse({ sessionId: sid, to: uid, kind: "ice", candidate: { candidate: "", extra: 1 } }).success).toBe(false);
  });
  it("only a publishing host or co-host offers; answers go to publishers; nobody signals themselves", () => {
    const target = { userId: uid, publishing: false };
    expect(rtcSignalRefusal({ userId: sid, role: "host", publishing: true }, target, "offer")).toBeNull();
    expect(rtcSignalRefusal({ userId: sid, role: "host", publishing: false }, target, "offer")).toBe("forbidden");
    expect(rtcSignalRefusal({ userId: sid, role: "participant", publishing: true }, target, "offer")).toBe("forbidden");
    expect(rtcSignalRefusal({ userId: sid, role: "participant", publishing: false }, target, "answer")).toBe("forbidden");
    expect(rtcSignalRefusal({ userId: sid, role: "participant", publishing: false }, { userId: uid, publishing: true }, "answer")).toBeNull();
    expect(rtcSignalRefusal({ userId: uid, role: "host", publishing: true }, target, "ice")).toBe("badRequest");
  });
  it("a poor connection is proposed 音频+课件 only after several bad samples in a row", () => {
    const good = { lossPercent: 0, rttMs: 40 };
    const lossy = { lossPercent: 12, rttMs: 40 };
    const slow = { lossPercent: 0, rttMs: 900 };
    expect(rtcLooksPoor([lossy, lossy])).toBe(false);
    expect(rtcLooksPoor([good, lossy, slow, lossy])).toBe(true);
    expect(rtcLooksPoor([lossy, lossy, good])).toBe(false);
    expect(rtcLooksPoor([{ lossPercent: 0, rttMs: null }, lossy, lossy])).toBe(false);
  });
  it("the mesh takes a few publishers: moderators only, the screen for the host only", () => {
    const media = { audio: true, video: true, screen: false };
    const four = ["a", "b", "c", "d"].map((userId) => ({ userId }));
    expect(rtcPublishRefusal({ userId: uid, role: "participant" }, media, [])).toBe("forbidden");
    expect(rtcPublishRefusal({ userId: uid, role: "coHost" }, { ...media, screen: true }, [])).toBe("forbidden");
    expect(rtcPublishRefusal({ userId: uid, role: "host" }, { ...media, screen: true }, [])).toBeNull();
    expect(rtcPublishRefusal({ userId: uid, role: "coHost" }, media, four)).toBe("rtcPublishersFull");
    // Someone already publishing may change what they send.
    expect(rtcPublishRefusal({ userId: "a", role: "coHost" }, media, four)).toBeNull();
  });
  it("a participant the host called on may open their microphone, not their camera or screen, and offer it", () => {
    const audio = { audio: true, video: false, screen: false };
    expect(rtcPublishRefusal({ userId: uid, role: "participant" }, audio, [], 4, true)).toBeNull();
    expect(rtcPublishRefusal({ userId: uid, role: "participant" }, audio, [], 4, false)).toBe("forbidden");
    expect(rtcPublishRefusal({ userId: uid, role: "participant" }, { ...audio, video: true }, [], 4, true)).toBe("forbidden");
    expect(rtcPublishRefusal({ userId: uid, role: "participant" }, { ...audio, screen: true }, [], 4, true)).toBe("forbidden");
    const target = { userId: sid, publishing: false };
    expect(rtcSignalRefusal({ userId: uid, role: "participant", publishing: true, called: true }, target, "offer")).toBeNull();
    expect(rtcSignalRefusal({ userId: uid, role: "participant", publishing: true, called: false }, target, "offer")).toBe("forbidden");
    expect(mayLive("participant", "av.callOn")).toBe(false);
    expect(mayLive("coHost", "av.callOn")).toBe(true);
  });
});
