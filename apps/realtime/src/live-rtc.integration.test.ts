import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLiveWorld, type TLivePerson } from "@yanxiu/services/live/testing";
import { liveRateLimits, rtcLimits, type TRtcPublisher, type TRtcSignal } from "@yanxiu/domain/live";
import { liveTestRig, type TLiveClient } from "./live-test-rig.ts";

/**
 * WebRTC signalling (issue 7) on two realtime processes sharing one Redis: a signal reaches exactly its
 * target in the same session, whichever process either is on, and nothing else.
 */
const rig = liveTestRig("rtc");
const { db, send } = rig;

type World = Awaited<ReturnType<typeof seedLiveWorld>>;
type Client = TLiveClient;
let w: World;
let other: World;

beforeAll(async () => {
  await rig.startServer();
  await rig.startServer();
  w = await seedLiveWorld(rig.owner, db);
  other = await seedLiveWorld(rig.owner, db);
});
afterAll(() => rig.close());

const as = (p: TLivePerson, server = 0, t: World = w) => rig.as(p, server, t);
async function join(c: Client, sessionId: string) {
  const a = await send(c, "live:join", { sessionId });
  if (!a.ok) throw new Error(`join refused: ${a.code}`);
}
const signals = (c: Client, sessionId?: string) =>
  c.got.filter(([e, p]) => e === "rtc:signal" && (!sessionId || (p as TRtcSignal).sessionId === sessionId)).map(([, p]) => p as TRtcSignal);
const publish = (c: Client, sessionId: string, media = { audio: true, video: true, screen: false }) => send(c, "rtc:publish", { sessionId, publishing: true, ...media });
const settle = () => new Promise((r) => setTimeout(r, 300));
const sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

async function liveRoom(t: World = w) {
  const s = await t.newStudioSession();
  const host = await as(t.people.host, 0, t);
  await join(host, s.id);
  expect(await send(host, "session:start", { sessionId: s.id })).toMatchObject({ ok: true });
  return { id: s.id, host };
}

describe("signalling stays within one session", () => {
  it("an offer, its answer and ICE candidates reach only their target, across the two processes, with the sender's real id", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    const b = await as(w.people.memberB, 0);
    const co = await as(w.people.coHost, 1);
    for (const c of [a, b, co]) await join(c, id);

    // Not publishing yet: no offers.
    expect(await send(host, "rtc:signal", { sessionId: id, to: a.id, kind: "offer", sdp })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await publish(host, id)).toMatchObject({ ok: true, publishers: [{ userId: w.people.host.id, audio: true, video: true, screen: false }] });
    await expect.poll(() => a.got.filter(([e]) => e === "rtc:publishers").length, { timeout: 5000 }).toBeGreaterThan(0);

    expect(await send(host, "rtc:signal", { sessionId: id, to: a.id, kind: "offer", sdp })).toEqual({ ok: true });
    await expect.poll(() => signals(a, id), { timeout: 5000 }).toEqual([{ sessionId: id, from: w.people.host.id, kind: "offer", sdp }]);

    // The answer claims to come from someone else: the server says who really sent it.
    expect(await send(a, "rtc:signal", { sessionId: id, to: host.id, kind: "answer", sdp, from: w.people.coHost.id })).toEqual({ ok: true });
    const candidate = { candidate: "candidate:1 1 udp 2122260223 192.168.1.2 54400 typ host", sdpMid: "0", sdpMLineIndex: 0 };
    expect(await send(a, "rtc:signal", { sessionId: id, to: host.id, kind: "ice", candidate, from: w.people.host.id })).toEqual({ ok: true });
    await expect
      .poll(() => signals(host, id).map((s) => [s.from, s.kind]), { timeout: 5000 })
      .toEqual([
        [a.id, "answer"],
        [a.id, "ice"],
      ]);
    expect(signals(host, id)[1]!.candidate).toEqual(candidate);

    await settle();
    expect(signals(b)).toEqual([]);
    expect(signals(co)).toEqual([]);
    expect(signals(a)).toHaveLength(1);
  });

  it("a signal to someone in another session, in another province, or not joined is refused and delivered nowhere", async () => {
    const { id, host } = await liveRoom();
    await publish(host, id);
    const second = await w.newStudioSession();
    // memberB is in another session of the same studio; memberA is connected but has not joined.
    const b = await as(w.people.memberB, 1);
    await join(b, second.id);
    const a = await as(w.people.memberA, 0);
    // Another province's host in their own session (same shape of ids, other tenant).
    const far = await liveRoom(other);
    const foreign = await as(other.people.memberA, 1, other);
    await join(foreign, far.id);

    for (const to of [b.id, a.id, foreign.id, other.people.host.id]) {
      expect(await send(host, "rtc:signal", { sessionId: id, to, kind: "offer", sdp })).toMatchObject({ ok: false, code: "notFound" });
      expect(await send(host, "rtc:signal", { sessionId: id, to, kind: "ice", candidate: { candidate: "" } })).toMatchObject({ ok: false, code: "notFound" });
    }
    // Naming the other session does not help: the sender is not in it.
    expect(await send(host, "rtc:signal", { sessionId: second.id, to: b.id, kind: "ice", candidate: { candidate: "" } })).toMatchObject({ ok: false, code: "liveNotJoined" });
    expect(await send(host, "rtc:signal", { sessionId: far.id, to: foreign.id, kind: "ice", candidate: { candidate: "" } })).toMatchObject({ ok: false, code: "liveNotJoined" });
    // Nor does a signal to oneself.
    expect(await send(host, "rtc:signal", { sessionId: id, to: host.id, kind: "ice", candidate: { candidate: "" } })).toMatchObject({ ok: false, code: "badRequest" });

    await settle();
    for (const c of [b, a, foreign, far.host, host]) expect(signals(c)).toEqual([]);
  });

  it("a participant can neither offer media nor publish; answers go only to publishers", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    const b = await as(w.people.memberB, 0);
    await join(a, id);
    await join(b, id);
    expect(await publish(a, id)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await send(a, "rtc:signal", { sessionId: id, to: b.id, kind: "offer", sdp })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await send(a, "rtc:signal", { sessionId: id, to: host.id, kind: "answer", sdp })).toMatchObject({ ok: false, code: "forbidden" });
    // Only the host shares a screen.
    const co = await as(w.people.coHost, 1);
    await join(co, id);
    expect(await publish(co, id, { audio: true, video: true, screen: true })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await publish(host, id, { audio: true, video: false, screen: true })).toMatchObject({ ok: true });
    await settle();
    expect(signals(b)).toEqual([]);
    expect(signals(host)).toEqual([]);
  });

  it("malformed and oversized signals are refused", async () => {
    const { id, host } = await liveRoom();
    await publish(host, id);
    const a = await as(w.people.memberA, 1);
    await join(a, id);
    const big = "a".repeat(rtcLimits.sdpChars + 1);
    expect(await send(host, "rtc:signal", { sessionId: id, to: a.id, kind: "offer", sdp: big })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await send(host, "rtc:signal", { sessionId: id, to: a.id, kind: "offer" })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await send(host, "rtc:signal", { sessionId: id, to: a.id, kind: "ice", candidate: { candidate: "x".repeat(rtcLimits.candidateChars + 1) } })).toMatchObject({
      ok: false,
      code: "badRequest",
    });
    expect(await send(host, "rtc:signal", { sessionId: id, to: a.id, kind: "hello" })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await send(host, "rtc:signal", { sessionId: id, to: "not-a-uuid", kind: "bye" })).toMatchObject({ ok: false, code: "badRequest" });
    await settle();
    expect(signals(a)).toEqual([]);
    // The socket is still usable after all that.
    expect(await send(host, "rtc:signal", { sessionId: id, to: a.id, kind: "bye" })).toEqual({ ok: true });
  });

  it("a flood of signals is cut off by the signal rate limit", async () => {
    const { id, host } = await liveRoom();
    await publish(host, id);
    const a = await as(w.people.memberA, 1);
    await join(a, id);
    const n = liveRateLimits.signal.capacity * 2;
    const acks = await Promise.all(Array.from({ length: n }, (_, i) => send(host, "rtc:signal", { sessionId: id, to: a.id, kind: "ice", candidate: { candidate: `candidate:${i}` } })));
    const ok = acks.filter((x) => x.ok).length;
    const limited = acks.filter((x) => !x.ok && x.code === "rateLimited").length;
    expect(ok + limited).toBe(n);
    expect(limited).toBeGreaterThan(0);
    expect(ok).toBeLessThan(n * 0.75);
    await expect.poll(() => signals(a, id).length, { timeout: 5000 }).toBe(ok);
  });
});

describe("publishers and viewers", () => {
  it("everyone sees who publishes (muting included); a publisher's disconnect takes them off the list; a viewer's low-bandwidth mode reaches the publishers", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    await join(a, id);
    const last = (c: Client) =>
      c.got.filter(([e, p]) => e === "rtc:publishers" && (p as { sessionId: string }).sessionId === id).map(([, p]) => (p as { publishers: TRtcPublisher[] }).publishers).at(-1);
    await publish(host, id);
    await publish(host, id, { audio: false, video: true, screen: false });
    await expect.poll(() => last(a), { timeout: 5000 }).toEqual([{ userId: host.id, audio: false, video: true, screen: false }]);
    expect(await send(a, "rtc:list", { sessionId: id })).toEqual({ ok: true, publishers: [{ userId: host.id, audio: false, video: true, screen: false }] });

    expect(await send(a, "rtc:mode", { sessionId: id, lowBandwidth: true })).toEqual({ ok: true });
    await expect
      .poll(() => host.got.filter(([e]) => e === "rtc:mode").map(([, p]) => p), { timeout: 5000 })
      .toEqual([{ sessionId: id, from: a.id, lowBandwidth: true }]);

    host.socket.disconnect();
    await expect.poll(() => last(a), { timeout: 5000 }).toEqual([]);
  });

  it("the mesh refuses a publisher beyond its limit with a clear code", async () => {
    // A process with a mesh of one publisher (RTC_MAX_PUBLISHERS), alone on its own session.
    const index = await rig.startServer({ RTC_MAX_PUBLISHERS: "1" });
    const { id, host } = await liveRoom();
    const co = await as(w.people.coHost, index);
    await join(co, id);
    expect(await publish(host, id)).toMatchObject({ ok: true });
    expect(await publish(co, id)).toMatchObject({ ok: false, code: "rtcPublishersFull" });
    // Once the host stops, the co-host may.
    expect(await send(host, "rtc:publish", { sessionId: id, publishing: false, audio: false, video: false, screen: false })).toEqual({ ok: true, publishers: [] });
    expect(await publish(co, id)).toMatchObject({ ok: true, publishers: [{ userId: co.id }] });
  });

  it("the host calls on a participant on the other process: their microphone may open (audio only) and offer; calling on nobody closes it again", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    const b = await as(w.people.memberB, 0);
    await join(a, id);
    await join(b, id);
    const audio = { audio: true, video: false, screen: false };
    expect(await publish(a, id, audio)).toMatchObject({ ok: false, code: "forbidden" });
    // Only a moderator calls on someone, and only someone in the session.
    expect(await send(b, "rtc:call", { sessionId: id, userId: a.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await send(host, "rtc:call", { sessionId: id, userId: w.people.outsider.id })).toMatchObject({ ok: false, code: "notFound" });
    expect(await send(host, "rtc:call", { sessionId: id, userId: a.id })).toMatchObject({ ok: true });
    for (const c of [a, b]) await expect.poll(() => c.got.some(([e, p]) => e === "rtc:called" && (p as { userId: string | null }).userId === a.id), { timeout: 5000 }).toBe(true);
    expect(await publish(a, id, { ...audio, video: true })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await publish(a, id, audio)).toMatchObject({ ok: true });
    expect(await send(a, "rtc:signal", { sessionId: id, to: host.id, kind: "offer", sdp })).toMatchObject({ ok: true });
    await expect.poll(() => signals(host).filter((x) => x.from === a.id && x.kind === "offer").length, { timeout: 5000 }).toBe(1);
    // B was not called.
    expect(await publish(b, id, audio)).toMatchObject({ ok: false, code: "forbidden" });
    // Calling on nobody: A stops and may not start again.
    expect(await send(host, "rtc:call", { sessionId: id, userId: null })).toMatchObject({ ok: true });
    await expect.poll(() => a.got.some(([e, p]) => e === "rtc:called" && (p as { userId: string | null }).userId === null), { timeout: 5000 }).toBe(true);
    expect(await send(a, "rtc:publish", { sessionId: id, publishing: false, audio: false, video: false, screen: false })).toMatchObject({ ok: true });
    expect(await publish(a, id, audio)).toMatchObject({ ok: false, code: "forbidden" });
  });
});
