import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { invalidateSession, signIn } from "@yanxiu/services/auth";
import { inviteToLiveSession, loadLiveSession, publishLiveRemoval, revokeLiveInvite } from "@yanxiu/services/live";
import { seedLiveWorld, type TLivePerson } from "@yanxiu/services/live/testing";
import { createLoginThrottle } from "@yanxiu/services/redis";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { sessionPolicy } from "@yanxiu/domain/auth";
import type { THandEntry, TLiveRoomState, TOnlineEntry, TPollTally, TPollView, TSlideState } from "@yanxiu/domain/live";
import { loadEnv } from "./env.ts";
import { startRealtime, type RealtimeServer } from "./server.ts";

const WEB_PORT = 3997;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const throttle = createLoginThrottle(redis);
const servers: RealtimeServer[] = [];
const sockets: Socket[] = [];
const logs: string[] = [];

type World = Awaited<ReturnType<typeof seedLiveWorld>>;
let w: World;
let other: World;

beforeAll(async () => {
  const env = loadEnv({ DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, PORT: "0", WEB_PORT: String(WEB_PORT), QUEUE_PREFIX: `test-live-${Date.now()}` });
  // Two realtime processes on one Redis, as in production.
  servers.push(await startRealtime(env, (m) => logs.push(m)), await startRealtime(env, (m) => logs.push(m)));
  w = await seedLiveWorld(owner, db);
  other = await seedLiveWorld(owner, db);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all(servers.map((s) => s.close()));
  await db.close();
  await owner.close();
  redis.disconnect();
});

const originOf = (t: World) => `http://${t.tenant.slug}.localhost:${WEB_PORT}`;

async function tokenFor(t: World, p: TLivePerson) {
  const r = await signIn({ db, throttle, tenantId: t.tenantId, input: { login: p.login, password: p.password }, ip: `lv-${Math.random()}` });
  return r.token;
}

type Client = { socket: Socket; got: [string, unknown][]; token: string };

/** `recover`: the private session id and offset of a dropped socket, as its client would resend them. */
type Recover = { pid?: string; offset?: string };
function open(opts: { server?: number; origin?: string; token?: string; reconnection?: boolean; recover?: Recover }): Socket {
  const headers: Record<string, string> = {};
  if (opts.origin) headers.origin = opts.origin;
  if (opts.token) headers.cookie = `${sessionPolicy.cookieName}=${opts.token}`;
  const s = connect(`http://127.0.0.1:${servers[opts.server ?? 0]!.port}`, {
    transports: ["websocket"],
    extraHeaders: headers,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 300,
    reconnectionDelayMax: 300,
    forceNew: true,
    autoConnect: false,
  });
  if (opts.recover) Object.assign(s, { _pid: opts.recover.pid, _lastOffset: opts.recover.offset });
  s.connect();
  sockets.push(s);
  return s;
}

function outcome(s: Socket): Promise<{ connected: true } | { connected: false; message: string }> {
  return new Promise((resolve) => {
    s.once("connect", () => resolve({ connected: true }));
    s.once("connect_error", (e) => resolve({ connected: false, message: e.message }));
  });
}

/** A signed-in socket of `p` on process `server`, recording every event it receives. */
async function as(p: TLivePerson, server = 0, t: World = w, extra: { reconnection?: boolean; token?: string; recover?: Recover } = {}): Promise<Client> {
  const token = extra.token ?? (await tokenFor(t, p));
  const socket = open({ server, origin: originOf(t), token, reconnection: extra.reconnection, recover: extra.recover });
  const got: [string, unknown][] = [];
  socket.onAny((event: string, payload: unknown) => got.push([event, payload]));
  const r = await outcome(socket);
  if (!r.connected) throw new Error(`connect refused: ${r.message}`);
  return { socket, got, token };
}

type Ack = { ok: true; [k: string]: unknown } | { ok: false; code: string; message: string };
const send = (c: Client, event: string, payload: unknown) => c.socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack>;

async function joined(c: Client, sessionId: string): Promise<TLiveRoomState> {
  const a = await send(c, "live:join", { sessionId });
  if (!a.ok) throw new Error(`join refused: ${a.code}`);
  return a.state as TLiveRoomState;
}

/** The payloads of one event a client received for one session, in order. */
const received = <T>(c: Client, event: string, sessionId: string) =>
  c.got.filter(([e, p]) => e === event && (p as { sessionId?: string }).sessionId === sessionId).map(([, p]) => p as T);

/** A started studio session with the host on process 0. */
async function liveRoom() {
  const s = await w.newStudioSession();
  const host = await as(w.people.host, 0);
  await joined(host, s.id);
  expect(await send(host, "session:start", { sessionId: s.id })).toEqual({ ok: true, status: "live" });
  return { id: s.id, host };
}

describe("entering a live room", () => {
  it("refuses a handshake without a cookie or from a foreign Origin", async () => {
    expect(await outcome(open({ origin: originOf(w) }))).toEqual({ connected: false, message: "unauthenticated" });
    const token = await tokenFor(w, w.people.memberA);
    expect((await outcome(open({ origin: "http://evil.example:3997", token }))).connected).toBe(false);
    expect((await outcome(open({ origin: originOf(other), token }))).connected).toBe(false);
  });

  it("refuses another province's session as not found, and a same-province outsider as forbidden", async () => {
    const s = await w.newStudioSession();
    const foreigner = await as(other.people.host, 1, other);
    expect(await send(foreigner, "live:join", { sessionId: s.id })).toMatchObject({ ok: false, code: "notFound" });
    const outsider = await as(w.people.outsider, 0);
    expect(await send(outsider, "live:join", { sessionId: s.id })).toMatchObject({ ok: false, code: "forbidden" });
    // Nothing of the room reaches them.
    const host = await as(w.people.host, 0);
    await joined(host, s.id);
    await send(host, "chat:send", { sessionId: s.id, body: "欢迎" });
    await new Promise((r) => setTimeout(r, 200));
    expect(received(foreigner, "chat:message", s.id)).toEqual([]);
    expect(received(outsider, "chat:message", s.id)).toEqual([]);
  });
});

describe("one room across two processes", () => {
  it("chat fans out to everyone in the room on both processes; late joiners get the history without deleted messages", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    const b = await as(w.people.memberB, 0);
    await joined(a, id);
    await joined(b, id);
    await expect
      .poll(() => received<{ online: TOnlineEntry[] }>(host, "live:presence", id).at(-1)?.online.map((o) => `${o.displayName}:${o.role}`).sort(), { timeout: 5000 })
      .toEqual(["主持人:host", "成员乙:participant", "成员甲:participant"].sort());

    const sent = await send(a, "chat:send", { sessionId: id, body: "老师好！" });
    expect(sent).toMatchObject({ ok: true, message: { body: "老师好！", authorName: "成员甲" } });
    for (const c of [host, a, b]) {
      await expect.poll(() => received<{ message: { body: string } }>(c, "chat:message", id).map((m) => m.message.body), { timeout: 5000 }).toEqual(["老师好！"]);
    }
    const oops = await send(b, "chat:send", { sessionId: id, body: "发错了" });
    expect(await send(host, "chat:delete", { sessionId: id, messageId: (oops as unknown as { message: { id: string } }).message.id })).toMatchObject({ ok: true });
    await expect.poll(() => received(a, "chat:deleted", id).length, { timeout: 5000 }).toBe(1);

    const late = await as(w.people.coHost, 1);
    const state = await joined(late, id);
    expect(state.chat.map((m) => m.body)).toEqual(["老师好！"]);
    expect(state.me).toMatchObject({ role: "coHost" });
  });

  it("each participant answers a poll once and everyone sees the tally move", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    const b = await as(w.people.memberB, 0);
    await joined(a, id);
    await joined(b, id);
    expect(await send(a, "poll:create", { sessionId: id, question: "?", options: ["a", "b"] })).toMatchObject({ ok: false, code: "forbidden" });
    const created = await send(host, "poll:create", { sessionId: id, question: "本节课最大的亮点？", options: ["情境导入", "小组合作", "板书设计"] });
    const poll = (created as unknown as { poll: TPollView }).poll;
    await expect.poll(() => received(a, "poll:created", id).length, { timeout: 5000 }).toBe(1);

    expect(await send(a, "poll:answer", { sessionId: id, pollId: poll.id, option: 1 })).toMatchObject({ ok: true, tally: { total: 1, counts: [0, 1, 0] } });
    expect(await send(a, "poll:answer", { sessionId: id, pollId: poll.id, option: 2 })).toMatchObject({ ok: false, code: "alreadyAnswered" });
    expect(await send(b, "poll:answer", { sessionId: id, pollId: poll.id, option: 1 })).toMatchObject({ ok: true });
    await expect.poll(() => received<{ tally: TPollTally }>(host, "poll:tally", id).at(-1)?.tally, { timeout: 5000 }).toMatchObject({ total: 2, counts: [0, 2, 0] });
    await expect.poll(() => received<{ tally: TPollTally }>(a, "poll:tally", id).at(-1)?.tally.total, { timeout: 5000 }).toBe(2);

    expect(await send(host, "poll:close", { sessionId: id, pollId: poll.id })).toMatchObject({ ok: true, tally: { status: "closed", total: 2 } });
    // Out of order: an answer after the close.
    expect(await send(host, "poll:answer", { sessionId: id, pollId: poll.id, option: 0 })).toMatchObject({ ok: false, code: "pollClosed" });
  });

  it("a slide change reaches everyone and a late joiner lands on the current page", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    await joined(a, id);
    const file = await w.slidesFile(w.people.host.id);
    expect(await send(host, "slides:use", { sessionId: id, fileId: file })).toEqual({ ok: true, slide: { slidesFileId: file, page: 1 } });
    expect(await send(host, "slide:set", { sessionId: id, page: 5 })).toEqual({ ok: true, slide: { slidesFileId: file, page: 5 } });
    expect(await send(a, "slide:set", { sessionId: id, page: 2 })).toMatchObject({ ok: false, code: "forbidden" });
    await expect.poll(() => received<{ slide: TSlideState }>(a, "slide:changed", id).map((s) => s.slide.page), { timeout: 5000 }).toEqual([1, 5]);
    const late = await as(w.people.memberB, 0);
    expect((await joined(late, id)).slide).toEqual({ slidesFileId: file, page: 5 });
  });

  it("the host sees the hand queue in order and can lower a hand", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    const b = await as(w.people.memberB, 0);
    await joined(a, id);
    await joined(b, id);
    expect(await send(b, "hand:raise", { sessionId: id })).toMatchObject({ ok: true });
    expect(await send(a, "hand:raise", { sessionId: id })).toMatchObject({ ok: true });
    const queue = () => received<{ queue: THandEntry[] }>(host, "hand:queue", id).at(-1)?.queue.map((h) => h.displayName);
    await expect.poll(queue, { timeout: 5000 }).toEqual(["成员乙", "成员甲"]);
    expect(await send(a, "hand:lower", { sessionId: id, userId: w.people.memberB.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await send(host, "hand:lower", { sessionId: id, userId: w.people.memberB.id })).toMatchObject({ ok: true });
    await expect.poll(queue, { timeout: 5000 }).toEqual(["成员甲"]);
  });

  it("a removed participant is disconnected on the other process and refused when they come back", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    const a2 = await as(w.people.memberA, 0);
    const b = await as(w.people.memberB, 1);
    for (const c of [a, a2, b]) await joined(c, id);
    const gone = [a, a2].map((c) => new Promise<string>((resolve) => c.socket.once("disconnect", (reason) => resolve(reason))));
    expect(await send(b, "participant:remove", { sessionId: id, userId: w.people.memberA.id })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await send(host, "participant:remove", { sessionId: id, userId: w.people.memberA.id })).toEqual({ ok: true, userId: w.people.memberA.id });
    expect(await Promise.all(gone)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(received(a, "live:removed", id)).toHaveLength(1);
    await expect.poll(() => received(b, "participant:removed", id).length, { timeout: 5000 }).toBe(1);
    expect(b.socket.connected).toBe(true);

    const back = await as(w.people.memberA, 1);
    expect(await send(back, "live:join", { sessionId: id })).toMatchObject({ ok: false, code: "removedFromSession" });
    expect(await send(back, "chat:send", { sessionId: id, body: "我回来了" })).toMatchObject({ ok: false, code: "liveNotJoined" });
  });

  it("a guest whose invitation is revoked (from web) is taken out on every process, and everyone else hears it exactly once", async () => {
    const { id, host } = await liveRoom();
    const guestP = w.people.outsider;
    await inviteToLiveSession({ db, actor: w.people.host.actor, input: { sessionId: id, login: guestP.login } });
    const guest = await as(guestP, 1);
    const b = await as(w.people.memberB, 1);
    await joined(guest, id);
    await joined(b, id);
    const gone = new Promise<string>((resolve) => guest.socket.once("disconnect", (reason) => resolve(reason)));
    // What web's revokeInvite does: the service, then the announced removal.
    const r = await revokeLiveInvite({ db, actor: w.people.host.actor, input: { sessionId: id, userId: guestP.id } });
    expect(r.disconnect).toBe(true);
    expect(await publishLiveRemoval(redis, { tenantId: w.tenantId, sessionId: id, userId: guestP.id, announce: true })).toBe(true);
    expect(await gone).toBe("io server disconnect");
    expect(received(guest, "live:removed", id)).toHaveLength(1);
    for (const c of [host, b]) await expect.poll(() => received(c, "participant:removed", id).length, { timeout: 5000 }).toBe(1);
    // Both processes got the message; still exactly once each.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([host, b].map((c) => received(c, "participant:removed", id).length)).toEqual([1, 1]);
    const back = await as(guestP, 0);
    expect(await send(back, "live:join", { sessionId: id })).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("bad input", () => {
  it("malformed, oversized, unjoined-room and out-of-order events get an ack error and the server keeps running", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    await joined(a, id);
    for (const payload of [null, "x", { sessionId: id, body: 7 }, { sessionId: id, body: "hi", admin: true }]) {
      expect(await send(a, "chat:send", payload)).toMatchObject({ ok: false, code: "badRequest" });
    }
    for (const [event, payload] of [
      ["hand:raise", 42],
      ["hand:raise", []],
      ["slide:set", {}],
      ["slide:set", { sessionId: id, page: "2" }],
      ["participant:remove", { sessionId: "nope", userId: id }],
      ["poll:create", { sessionId: id, question: "一个选项", options: ["只有一个"] }],
    ] as const) {
      expect(await send(a, event, payload)).toMatchObject({ ok: false, code: "badRequest" });
    }
    expect(await send(a, "chat:send", { sessionId: id, body: "长".repeat(2001) })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await send(a, "poll:answer", { sessionId: id, pollId: id, option: 99 })).toMatchObject({ ok: false, code: "badRequest" });

    // A room this socket never joined (another session, even one it may attend).
    const elsewhere = await w.newStudioSession();
    expect(await send(a, "chat:send", { sessionId: elsewhere.id, body: "hi" })).toMatchObject({ ok: false, code: "liveNotJoined" });
    expect(await send(a, "hand:raise", { sessionId: elsewhere.id })).toMatchObject({ ok: false, code: "liveNotJoined" });
    // Out of order: a poll that does not exist, ending twice, a start after the end.
    expect(await send(a, "poll:answer", { sessionId: id, pollId: elsewhere.id, option: 0 })).toMatchObject({ ok: false, code: "notFound" });
    expect(await send(host, "session:end", { sessionId: id })).toEqual({ ok: true, status: "ended" });
    // Attendance went on the progress queue at the end (decision 006).
    expect((await db.withTenant(w.tenantId, (tx) => loadLiveSession(tx, id))).attendanceQueuedAt).not.toBeNull();
    expect(await send(host, "session:end", { sessionId: id })).toMatchObject({ ok: false, code: "sessionEnded" });
    expect(await send(host, "session:start", { sessionId: id })).toMatchObject({ ok: false, code: "sessionEnded" });
    expect(await send(a, "chat:send", { sessionId: id, body: "还在吗" })).toMatchObject({ ok: false, code: "sessionEnded" });
    // Without an ack the event is still refused quietly, not thrown.
    a.socket.emit("chat:send", { bogus: true });

    // Over the message size limit: the sender is cut off, nobody else.
    const closed = new Promise<string>((resolve) => a.socket.once("disconnect", (reason) => resolve(reason)));
    a.socket.emit("chat:send", { sessionId: id, body: "x".repeat(100_000) });
    expect(await closed).toMatch(/close/);
    expect(host.socket.connected).toBe(true);
    expect(logs.some((l) => l.includes("chat:send") && l.includes("badRequest"))).toBe(true);
    for (const s of servers) expect(await (await fetch(`http://127.0.0.1:${s.port}/healthz`)).json()).toEqual({ ok: true, postgres: "up", redis: "up" });
  });

  it("a flood is refused with rate-limit acks while the room goes on", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    await joined(a, id);
    const acks = await Promise.all(Array.from({ length: 40 }, (_, i) => send(a, "chat:send", { sessionId: id, body: `刷屏${i}` })));
    const codes = acks.map((x) => (x.ok ? "ok" : x.code));
    expect(codes.filter((c) => c === "ok").length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === "ok").length).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === "rateLimited").length).toBeGreaterThanOrEqual(30);
    // Other groups and other people are not held up.
    expect(await send(a, "hand:raise", { sessionId: id })).toMatchObject({ ok: true });
    expect(await send(host, "chat:send", { sessionId: id, body: "请大家慢一点" })).toMatchObject({ ok: true });
    expect(logs.some((l) => l.includes("floods chat"))).toBe(true);
  });
});

describe("reconnecting", () => {
  const internals = (s: Socket) => s as unknown as { _pid?: string; _lastOffset?: string; io: { engine: { close(): void } } };

  it("a dropped connection recovers on the same process with the broadcasts it missed and the room's state", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 1);
    await joined(a, id);
    await expect.poll(() => internals(a.socket)._lastOffset, { timeout: 5000 }).toBeTruthy();
    const dropped = new Promise<void>((resolve) => a.socket.once("disconnect", () => resolve()));
    internals(a.socket).io.engine.close();
    await dropped;
    // While it is away: a page turn and a raised hand. It comes back (the same socket, with its session id
    // and offset) only after them, however long they take on a busy machine.
    const b = await as(w.people.memberB, 0);
    await joined(b, id);
    await send(host, "slide:set", { sessionId: id, page: 9 });
    await send(b, "hand:raise", { sessionId: id });
    expect(a.socket.connected).toBe(false);
    const reconnected = new Promise<void>((resolve) => a.socket.once("connect", () => resolve()));
    a.socket.connect();
    await reconnected;
    expect(a.socket.recovered).toBe(true);
    await expect.poll(() => received<{ slide: TSlideState }>(a, "slide:changed", id).map((s) => s.slide.page), { timeout: 5000 }).toContain(9);
    await expect.poll(() => received<{ state: TLiveRoomState }>(a, "live:state", id).at(-1)?.state, { timeout: 5000 }).toMatchObject({
      slide: { page: 9 },
      handQueue: [{ userId: w.people.memberB.id }],
    });
    // Still in the room: new broadcasts arrive without joining again.
    await send(host, "slide:set", { sessionId: id, page: 10 });
    await expect.poll(() => received<{ slide: TSlideState }>(a, "slide:changed", id).map((s) => s.slide.page), { timeout: 5000 }).toContain(10);
  });

  /** What a page shows of the slide and the hand queue: the last `live:state` with every later change on top (as use-live-room folds them). */
  const shown = (c: Client, sessionId: string) => {
    let page: number | undefined;
    let hands: string[] | undefined;
    for (const [event, p] of c.got) {
      if ((p as { sessionId?: string }).sessionId !== sessionId) continue;
      if (event === "live:state") {
        const { state } = p as { state: TLiveRoomState };
        page = state.slide.page;
        hands = state.handQueue.map((h) => h.userId);
      }
      if (event === "slide:changed") page = (p as { slide: TSlideState }).slide.page;
      if (event === "hand:queue") hands = (p as { queue: THandEntry[] }).queue.map((h) => h.userId);
    }
    return { page, hands };
  };

  /**
   * Holds a table in ACCESS EXCLUSIVE mode (as the owner) until `release`: whatever reads it waits there. `waiters`
   * counts the queries that wait on this hold and read the table.
   */
  async function holdTable(table: string) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holder = 0;
    let done!: Promise<void>;
    await new Promise<void>((taken, failed) => {
      done = owner
        .withTenant(w.tenantId, async (tx) => {
          await tx.execute(`lock table ${table} in access exclusive mode`);
          holder = Number((await tx.execute("select pg_backend_pid() as pid"))[0]!.pid);
          taken();
          await released;
        })
        .catch(failed);
    });
    return {
      waiters: async () => {
        const rows = await db.withTenant(w.tenantId, (tx) =>
          tx.execute(`select count(*)::int as n from pg_stat_activity where ${holder} = any(pg_blocking_pids(pid)) and query ilike '%${table}%'`),
        );
        return Number(rows[0]!.n);
      },
      release: async () => {
        release();
        await done;
      },
    };
  }

  it("a slow recovery never replays a room state older than the broadcasts the client already got", { timeout: 120_000 }, async () => {
    const { id, host } = await liveRoom();
    const b = await as(w.people.memberB, 0);
    await joined(b, id);
    const a = await as(w.people.memberA, 1);
    await joined(a, id);
    await expect.poll(() => internals(a.socket)._lastOffset, { timeout: 5000 }).toBeTruthy();
    const dropped = new Promise<void>((resolve) => a.socket.once("disconnect", () => resolve()));
    internals(a.socket).io.engine.close();
    await dropped;
    // A recovery slowed down where a loaded machine slows it, made certain: the state read reaches the documents
    // last (after the slide and the hands), so with that table held it has read page 1 and no hand, and waits.
    const held = await holdTable("live_doc_update");
    try {
      const reconnected = new Promise<void>((resolve) => a.socket.once("connect", () => resolve()));
      a.socket.connect();
      await reconnected;
      expect(a.socket.recovered).toBe(true);
      await expect.poll(() => held.waiters(), { timeout: 60_000 }).toBeGreaterThan(0);
      // Meanwhile the recovered socket, back in the room, gets a page turn and a raised hand.
      await send(host, "slide:set", { sessionId: id, page: 9 });
      await send(b, "hand:raise", { sessionId: id });
      await expect.poll(() => shown(a, id), { timeout: 30_000 }).toEqual({ page: 9, hands: [w.people.memberB.id] });
    } finally {
      await held.release();
    }
    // The replayed state comes after them and must not take the page back to where it was.
    await expect.poll(() => received(a, "live:state", id).length, { timeout: 30_000 }).toBe(1);
    expect(shown(a, id)).toEqual({ page: 9, hands: [w.people.memberB.id] });
  });

  it("a client that reconnects to the other process gets the slide and hand queue back and stays in the room", async () => {
    const { id, host } = await liveRoom();
    const a = await as(w.people.memberA, 0);
    await joined(a, id);
    await send(a, "hand:raise", { sessionId: id });
    await send(host, "slide:set", { sessionId: id, page: 3 });
    await expect.poll(() => internals(a.socket)._lastOffset, { timeout: 5000 }).toBeTruthy();
    const dropped = new Promise<void>((resolve) => a.socket.once("disconnect", () => resolve()));
    internals(a.socket).io.engine.close();
    await dropped;
    const { _pid: pid, _lastOffset: offset } = internals(a.socket);
    await send(host, "slide:set", { sessionId: id, page: 4 });

    const moved = await as(w.people.memberA, 1, w, { token: a.token, recover: { pid, offset } });
    expect(moved.socket.recovered).toBe(true);
    await expect.poll(() => received<{ slide: TSlideState }>(moved, "slide:changed", id).map((s) => s.slide.page), { timeout: 5000 }).toContain(4);
    await expect.poll(() => received<{ state: TLiveRoomState }>(moved, "live:state", id).at(-1)?.state, { timeout: 5000 }).toMatchObject({
      slide: { page: 4 },
      handQueue: [{ userId: w.people.memberA.id }],
    });
    expect(await send(moved, "chat:send", { sessionId: id, body: "我换了一台服务器" })).toMatchObject({ ok: true });
    // A plain new connection gets the same by joining.
    const fresh = await as(w.people.memberA, 1);
    const state = await joined(fresh, id);
    expect(state.slide.page).toBe(4);
    expect(state.handQueue.map((h) => h.userId)).toEqual([w.people.memberA.id]);
  });

  it("recovery still runs the handshake checks: a session signed out meanwhile is refused", async () => {
    const { id } = await liveRoom();
    const a = await as(w.people.memberA, 0);
    await joined(a, id);
    await expect.poll(() => internals(a.socket)._lastOffset, { timeout: 5000 }).toBeTruthy();
    const dropped = new Promise<void>((resolve) => a.socket.once("disconnect", () => resolve()));
    internals(a.socket).io.engine.close();
    await dropped;
    const { _pid: pid, _lastOffset: offset } = internals(a.socket);
    await invalidateSession({ db, tenantId: w.tenantId, token: a.token });
    const again = open({ server: 1, origin: originOf(w), token: a.token, recover: { pid, offset } });
    expect(await outcome(again)).toEqual({ connected: false, message: "unauthenticated" });
    // And someone else's cookie cannot take over the recovered socket's rooms.
    const b = await as(w.people.memberB, 0);
    await joined(b, id);
    await expect.poll(() => internals(b.socket)._lastOffset, { timeout: 5000 }).toBeTruthy();
    const bDropped = new Promise<void>((resolve) => b.socket.once("disconnect", () => resolve()));
    internals(b.socket).io.engine.close();
    await bDropped;
    const stolen = open({ server: 1, origin: originOf(w), token: await tokenFor(w, w.people.outsider), recover: { pid: internals(b.socket)._pid, offset: internals(b.socket)._lastOffset } });
    expect(await outcome(stolen)).toEqual({ connected: false, message: "unauthenticated" });
  });
});
