import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { invalidateSession, sessionIdFromToken, signIn } from "@yanxiu/services/auth";
import { createLoginThrottle, sessionsEndedChannel } from "@yanxiu/services/redis";
import { seedTestTenant, setSessionExpiry, testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { sessionPolicy } from "@yanxiu/domain/auth";
import { presencePageSize, type TPresenceAck, type TPresenceEntry, type TPresenceUpdate } from "@yanxiu/domain/socket";
import { randomUUID } from "node:crypto";
import { seedBenchTenant, seedPeople, type TBenchPerson } from "../bench/harness.ts";
import { comparePresence } from "./presence.ts";
import { loadEnv } from "./env.ts";
import { startRealtime, type RealtimeServer } from "./server.ts";

const WEB_PORT = 3999;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const throttle = createLoginThrottle(redis);
const servers: RealtimeServer[] = [];
const sockets: Socket[] = [];

type Seeded = Awaited<ReturnType<typeof seedTestTenant>>;
let hunan: Seeded;
let sichuan: Seeded;

beforeAll(async () => {
  // Sessions are checked again every second here (15 minutes by default).
  const env = loadEnv({ DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, PORT: "0", WEB_PORT: String(WEB_PORT), SESSION_RECHECK_MS: "1000" });
  // Two processes' worth of servers on one Redis, as in production.
  servers.push(await startRealtime(env, () => {}), await startRealtime(env, () => {}));
  hunan = await seedTestTenant(owner, [{ displayName: "湖南甲" }, { displayName: "湖南乙" }]);
  sichuan = await seedTestTenant(owner, [{ displayName: "四川丙" }]);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all(servers.map((s) => s.close()));
  await db.close();
  await owner.close();
  redis.disconnect();
});

async function tokenFor(t: Seeded, i: number) {
  const u = t.users[i]!;
  const r = await signIn({ db, throttle, tenantId: t.tenant.id, input: { login: u.login, password: u.password }, ip: `rt-${Math.random()}` });
  return r.token;
}

function open(opts: { server?: number; origin?: string; cookie?: string }): Socket {
  const headers: Record<string, string> = {};
  if (opts.origin) headers.origin = opts.origin;
  if (opts.cookie) headers.cookie = opts.cookie;
  const s = connect(`http://127.0.0.1:${servers[opts.server ?? 0]!.port}`, {
    transports: ["websocket"],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  });
  s.on("disconnect", (reason) => gone.set(s, reason));
  sockets.push(s);
  return s;
}

/** Why a test socket was disconnected (reconnection is off here, so an emit after that would wait forever). */
const gone = new WeakMap<Socket, string>();

/** An acknowledged emit that fails, naming why, instead of waiting forever on a socket that was closed. */
async function ask(s: Socket, event: string, payload: unknown): Promise<unknown> {
  try {
    return await s.timeout(30_000).emitWithAck(event, payload);
  } catch (e) {
    throw new Error(`${event}: no ack (${gone.has(s) ? `socket disconnected: ${gone.get(s)}` : (e as Error).message})`);
  }
}

function outcome(s: Socket): Promise<{ connected: true } | { connected: false; message: string }> {
  return new Promise((resolve) => {
    s.once("connect", () => resolve({ connected: true }));
    s.once("connect_error", (e) => resolve({ connected: false, message: e.message }));
  });
}

const originOf = (t: Seeded) => `http://${t.tenant.slug}.localhost:${WEB_PORT}`;
const cookieOf = (token: string) => `other=1; ${sessionPolicy.cookieName}=${token}`;

describe("realtime handshake", () => {
  it("a socket without a cookie is refused", async () => {
    expect(await outcome(open({ origin: originOf(hunan) }))).toEqual({ connected: false, message: "unauthenticated" });
  });

  it("a socket with a forged or malformed cookie is refused", async () => {
    for (const cookie of [cookieOf("a".repeat(32)), cookieOf("%E0%A4%A"), `${sessionPolicy.cookieName}=`, "garbage"]) {
      expect(await outcome(open({ origin: originOf(hunan), cookie }))).toEqual({ connected: false, message: "unauthenticated" });
    }
  });

  it("a socket from a foreign Origin is refused, even with a valid cookie", async () => {
    const token = await tokenFor(hunan, 0);
    for (const origin of ["http://evil.example:3999", `http://${hunan.tenant.slug}.localhost:4000`, "null"]) {
      const r = await outcome(open({ origin, cookie: cookieOf(token) }));
      expect(r.connected).toBe(false);
    }
    expect((await outcome(open({ cookie: cookieOf(token) }))).connected).toBe(false);
  });

  it("a Hunan cookie presented from the Sichuan origin is refused", async () => {
    const token = await tokenFor(hunan, 0);
    expect(await outcome(open({ origin: originOf(sichuan), cookie: cookieOf(token) }))).toEqual({
      connected: false,
      message: "unauthenticated",
    });
  });
});

describe("presence", () => {
  it("a Hunan socket sees Hunan people come online across processes and never Sichuan presence", async () => {
    const a = open({ server: 0, origin: originOf(hunan), cookie: cookieOf(await tokenFor(hunan, 0)) });
    const updates: TPresenceEntry[][] = [];
    a.on("presence:update", (p: TPresenceUpdate) => updates.push(p.online));
    expect(await outcome(a)).toEqual({ connected: true });

    const sc = open({ server: 1, origin: originOf(sichuan), cookie: cookieOf(await tokenFor(sichuan, 0)) });
    expect(await outcome(sc)).toEqual({ connected: true });
    const b = open({ server: 1, origin: originOf(hunan), cookie: cookieOf(await tokenFor(hunan, 1)) });
    expect(await outcome(b)).toEqual({ connected: true });

    await expect.poll(() => updates.at(-1)?.map((p) => p.displayName), { timeout: 5000 }).toEqual(["湖南甲", "湖南乙"]);
    const everyone = updates.flat().map((p) => p.displayName);
    expect(everyone).not.toContain("四川丙");

    // A process's list is at most a second old (and looked at again once another process reports a change).
    await expect.poll(async () => ((await ask(a, "presence:list", {})) as { total?: number }).total, { timeout: 5000 }).toBe(2);
    const listed = (await ask(a, "presence:list", {})) as TPresenceAck & { online: TPresenceEntry[] };
    expect(listed).toMatchObject({ ok: true, total: 2, next: null });
    expect(listed.online.map((p: TPresenceEntry) => p.userId).sort()).toEqual(hunan.users.map((u) => u.id).sort());

    b.disconnect();
    await expect.poll(() => updates.at(-1)?.map((p) => p.displayName), { timeout: 5000 }).toEqual(["湖南甲"]);
  });

  it("bad payloads get a clear error and the server keeps running", async () => {
    const a = open({ origin: originOf(hunan), cookie: cookieOf(await tokenFor(hunan, 0)) });
    expect(await outcome(a)).toEqual({ connected: true });
    expect(await ask(a, "presence:list", { evil: true })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await ask(a, "no:such:event", 1)).toMatchObject({ ok: false, code: "badRequest" });

    // Over the message size limit: the sender is cut off, nobody else is affected.
    const closed = new Promise<string>((resolve) => a.once("disconnect", (reason) => resolve(reason)));
    a.emit("presence:list", { blob: "x".repeat(200_000) });
    expect(await closed).toMatch(/close/);

    const again = open({ origin: originOf(hunan), cookie: cookieOf(await tokenFor(hunan, 0)) });
    expect(await outcome(again)).toEqual({ connected: true });
    const res = await fetch(`http://127.0.0.1:${servers[0]!.port}/healthz`);
    expect(await res.json()).toEqual({ ok: true, postgres: "up", redis: "up" });
  });
});

describe("ending a person's sessions", () => {
  it("closes that person's sockets on every process at once, and nobody else's", async () => {
    const connected = async (server: number, user: number) => {
      const s = open({ server, origin: originOf(hunan), cookie: cookieOf(await tokenFor(hunan, user)) });
      expect(await outcome(s)).toEqual({ connected: true });
      return s;
    };
    const a = await connected(0, 0);
    const a2 = await connected(1, 0);
    const b = await connected(1, 1);
    const gone = [a, a2].map((s) => new Promise<string>((resolve) => s.once("disconnect", (reason) => resolve(reason))));
    await redis.publish(sessionsEndedChannel, JSON.stringify({ tenantId: hunan.tenant.id, userId: hunan.users[0]!.id }));
    expect(await Promise.all(gone)).toEqual(["io server disconnect", "io server disconnect"]);
    await new Promise((r) => setTimeout(r, 200));
    expect(b.connected).toBe(true);
    await redis.publish(sessionsEndedChannel, "not json"); // ignored, nothing crashes
    expect((await fetch(`http://127.0.0.1:${servers[1]!.port}/healthz`)).status).toBe(200);
  });

  it("signing out closes that session's sockets on every process; the same person's other device stays", async () => {
    const phone = await tokenFor(hunan, 1);
    const laptop = await tokenFor(hunan, 1);
    const opened = async (server: number, token: string) => {
      const s = open({ server, origin: originOf(hunan), cookie: cookieOf(token) });
      expect(await outcome(s)).toEqual({ connected: true });
      return s;
    };
    const p1 = await opened(0, phone);
    const p2 = await opened(1, phone);
    const l = await opened(1, laptop);
    const told = new Promise<void>((resolve) => p1.once("session:ended", () => resolve()));
    const gone = [p1, p2].map((s) => new Promise<string>((resolve) => s.once("disconnect", (reason) => resolve(reason))));
    // What web's signOut does after deleting the row.
    await invalidateSession({ db, tenantId: hunan.tenant.id, token: phone });
    await redis.publish(sessionsEndedChannel, JSON.stringify({ tenantId: hunan.tenant.id, sessionId: sessionIdFromToken(phone) }));
    await told;
    expect(await Promise.all(gone)).toEqual(["io server disconnect", "io server disconnect"]);
    await new Promise((r) => setTimeout(r, 200));
    expect(l.connected).toBe(true);
  });

  it("a session that expires (or is deleted without a notice) while its socket is open ends the socket within seconds; a live one keeps it", async () => {
    const token = await tokenFor(hunan, 0);
    const live = await tokenFor(hunan, 0);
    const gone = await tokenFor(hunan, 0);
    const s = open({ origin: originOf(hunan), cookie: cookieOf(token) });
    expect(await outcome(s)).toEqual({ connected: true });
    const silent = open({ origin: originOf(hunan), cookie: cookieOf(gone) });
    expect(await outcome(silent)).toEqual({ connected: true });
    const kept = open({ server: 1, origin: originOf(hunan), cookie: cookieOf(live) });
    expect(await outcome(kept)).toEqual({ connected: true });
    const ended = [s, silent].map((x) => new Promise<string>((resolve) => x.once("disconnect", (reason) => resolve(reason))));
    const started = Date.now();
    // One runs out; another is deleted with no Redis notice (as if the message were lost).
    await setSessionExpiry(owner, hunan.tenant.id, token, new Date(Date.now() - 1000));
    await invalidateSession({ db, tenantId: hunan.tenant.id, token: gone });
    expect(await Promise.all(ended)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(Date.now() - started).toBeLessThan(4000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(kept.connected).toBe(true);
  });
});

describe("the handshake's cached session check", () => {
  it("a signed-out session is refused at once, though the same cookie connected a moment before (within the cache's TTL)", async () => {
    const token = await tokenFor(hunan, 0);
    for (const server of [0, 1]) expect(await outcome(open({ server, origin: originOf(hunan), cookie: cookieOf(token) }))).toEqual({ connected: true });
    await invalidateSession({ db, tenantId: hunan.tenant.id, token });
    await redis.publish(sessionsEndedChannel, JSON.stringify({ tenantId: hunan.tenant.id, sessionId: sessionIdFromToken(token) }));
    // The notice reaches both processes in the same tick as their sockets' disconnect; wait for it, not for the TTL.
    await new Promise((r) => setTimeout(r, 100));
    for (const server of [0, 1]) expect(await outcome(open({ server, origin: originOf(hunan), cookie: cookieOf(token) }))).toEqual({ connected: false, message: "unauthenticated" });
  });

  it("a person whose sessions were all ended (the per-person notice, as when deactivated) is refused at once", async () => {
    const t = await seedTestTenant(owner, [{ displayName: "湖北丁" }]);
    const token = await tokenFor(t, 0);
    expect(await outcome(open({ origin: originOf(t), cookie: cookieOf(token) }))).toEqual({ connected: true });
    await invalidateSession({ db, tenantId: t.tenant.id, token });
    await redis.publish(sessionsEndedChannel, JSON.stringify({ tenantId: t.tenant.id, userId: t.users[0]!.id }));
    await new Promise((r) => setTimeout(r, 100));
    expect(await outcome(open({ origin: originOf(t), cookie: cookieOf(token) }))).toEqual({ connected: false, message: "unauthenticated" });
  });
});

describe("presence of a province with more people online than a page", () => {
  const N = 130;
  let big: Awaited<ReturnType<typeof seedBenchTenant>>;
  let people: TBenchPerson[];
  let names: Map<string, string>;
  let other: TBenchPerson[];
  let otherSlug: string;
  const tabsOf = new Map<string, Socket[]>();
  const bigOpen = (p: TBenchPerson, server: number) => {
    const s = open({ server, origin: `http://${big.tenant.slug}.localhost:${WEB_PORT}`, cookie: cookieOf(p.token) });
    tabsOf.set(p.id, [...(tabsOf.get(p.id) ?? []), s]);
    return s;
  };
  const list = (s: Socket, payload: unknown) => ask(s, "presence:list", payload) as Promise<TPresenceAck>;

  /** Every page from the start, `limit` at a time: the ids in the order listed. */
  async function pageThrough(s: Socket, limit: number, between?: (page: number) => Promise<void>) {
    const ids: string[] = [];
    let after: unknown;
    for (let page = 0; page < 100; page++) {
      const r = await list(s, after ? { after, limit } : { limit });
      if (!r.ok) throw new Error(r.message);
      expect(r.online.length).toBeLessThanOrEqual(limit);
      ids.push(...r.online.map((p) => p.userId));
      if (!r.next) return ids;
      after = r.next;
      await between?.(page);
    }
    throw new Error("did not end");
  }

  beforeAll(async () => {
    big = await seedBenchTenant(owner);
    people = await seedPeople(owner, big.tenant.id, N, { orgUnitId: big.schoolId });
    // seedPeople names the i-th person 学员0000i.
    names = new Map(people.map((p, i) => [p.id, `学员${String(i).padStart(5, "0")}`]));
    const o = await seedBenchTenant(owner);
    otherSlug = o.tenant.slug;
    other = await seedPeople(owner, o.tenant.id, 3, { orgUnitId: o.schoolId });
    // Spread over both processes; the first ten have a second tab on the other process (one entry each still).
    await Promise.all(people.map(async (p, i) => expect(await outcome(bigOpen(p, i % 2))).toEqual({ connected: true })));
    await Promise.all(people.slice(0, 10).map(async (p, i) => expect(await outcome(bigOpen(p, (i + 1) % 2))).toEqual({ connected: true })));
    await Promise.all(other.map(async (p) => expect(await outcome(open({ origin: `http://${otherSlug}.localhost:${WEB_PORT}`, cookie: cookieOf(p.token) }))).toEqual({ connected: true })));
  }, 60_000);

  const expectedOrder = () =>
    people
      .map((p) => ({ userId: p.id, displayName: names.get(p.id)! }))
      .sort(comparePresence)
      .map((p) => p.userId);

  it("each broadcast carries the count and the first page only, in name order, never another tenant's people", async () => {
    const watcher = bigOpen(people[0]!, 0);
    const updates: TPresenceUpdate[] = [];
    watcher.on("presence:update", (u: TPresenceUpdate) => updates.push(u));
    expect(await outcome(watcher)).toEqual({ connected: true });
    await expect.poll(() => updates.at(-1)?.total, { timeout: 5000 }).toBe(N);
    const last = updates.at(-1)!;
    expect(last.online.map((p) => p.userId)).toEqual(expectedOrder().slice(0, presencePageSize));
    const foreign = new Set(other.map((p) => p.id));
    for (const u of updates) {
      expect(u.online.length).toBeLessThanOrEqual(presencePageSize);
      for (const p of u.online) expect(foreign.has(p.userId)).toBe(false);
    }
  });

  it("the list pages through everyone exactly once, on either process, in the broadcast's order", async () => {
    const a = bigOpen(people[1]!, 0);
    const b = bigOpen(people[2]!, 1);
    expect(await outcome(a)).toEqual({ connected: true });
    expect(await outcome(b)).toEqual({ connected: true });
    await expect.poll(async () => ((await list(b, {})) as { total?: number }).total, { timeout: 5000 }).toBe(N);
    const first = await list(a, {});
    expect(first).toMatchObject({ ok: true, total: N });
    if (!first.ok) return;
    expect(first.online).toHaveLength(presencePageSize);
    expect(first.next).toEqual({ userId: first.online.at(-1)!.userId, displayName: first.online.at(-1)!.displayName });
    expect(await pageThrough(a, presencePageSize)).toEqual(expectedOrder());
    expect(await pageThrough(b, 7)).toEqual(expectedOrder());
    expect(await pageThrough(b, 100)).toEqual(expectedOrder());
  });

  it("people who come and go between two pages shift nothing: everyone online throughout is listed once", async () => {
    const reader = bigOpen(people[3]!, 0);
    expect(await outcome(reader)).toEqual({ connected: true });
    const order = expectedOrder();
    // One on the first page and one on the third leave after the first page was read.
    const leaving = new Set([order[5]!, order[110]!]);
    const tabs = [...leaving].flatMap((id) => tabsOf.get(id) ?? []);
    expect(tabs.length).toBeGreaterThanOrEqual(2);
    const ids = await pageThrough(reader, 50, async (page) => {
      if (page !== 0) return;
      for (const s of tabs) s.disconnect();
      // Wait until the reader's process has seen it (its list is at most a second old).
      await expect.poll(async () => ((await list(reader, {})) as { total?: number }).total, { timeout: 5000 }).toBe(N - 2);
    });
    expect(new Set(ids).size).toBe(ids.length);
    const throughout = order.filter((id) => !leaving.has(id));
    expect(ids.filter((id) => !leaving.has(id))).toEqual(throughout);
    expect(ids).not.toContain(order[110]);
  });

  it("hostile payloads on presence:list get a clear error ack and the server keeps serving", async () => {
    const s = bigOpen(people[4]!, 1);
    expect(await outcome(s)).toEqual({ connected: true });
    const cursor = { displayName: "学员00010", userId: randomUUID() };
    for (const bad of [
      { limit: 1e12 },
      { limit: 0 },
      { limit: -1 },
      { limit: 2.5 },
      { limit: "50" },
      { page: 99_999_999_999 },
      { after: "x" },
      { after: { ...cursor, displayName: "学员\u0000" } },
      { after: { ...cursor, displayName: "x".repeat(10_000) } },
      { after: { ...cursor, userId: "not-a-uuid" } },
      { after: { ...cursor, extra: 1 } },
      { after: null },
      42,
      "page=2",
      [1, 2],
    ]) {
      expect(await list(s, bad)).toMatchObject({ ok: false, code: "badRequest" });
    }
    // Another tenant's person as a cursor is only a position: the page is still this tenant's people.
    const foreign = await list(s, { after: { displayName: "", userId: other[0]!.id } });
    expect(foreign).toMatchObject({ ok: true, total: expect.any(Number) });
    if (foreign.ok) for (const p of foreign.online) expect(names.has(p.userId)).toBe(true);
    // Past the end: an empty page, not an error.
    expect(await list(s, { after: { displayName: "\uffff", userId: "ffffffff-ffff-4fff-bfff-ffffffffffff" } })).toMatchObject({ ok: true, online: [], next: null });
    expect(await list(s, {})).toMatchObject({ ok: true });
    expect((await fetch(`http://127.0.0.1:${servers[1]!.port}/healthz`)).status).toBe(200);
  });
});
