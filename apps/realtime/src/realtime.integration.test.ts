import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { invalidateSession, sessionIdFromToken, signIn } from "@yanxiu/services/auth";
import { createLoginThrottle, sessionsEndedChannel } from "@yanxiu/services/redis";
import { seedTestTenant, setSessionExpiry, testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { sessionPolicy } from "@yanxiu/domain/auth";
import type { TPresenceEntry } from "@yanxiu/domain/socket";
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
  sockets.push(s);
  return s;
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
    a.on("presence:update", (p: { online: TPresenceEntry[] }) => updates.push(p.online));
    expect(await outcome(a)).toEqual({ connected: true });

    const sc = open({ server: 1, origin: originOf(sichuan), cookie: cookieOf(await tokenFor(sichuan, 0)) });
    expect(await outcome(sc)).toEqual({ connected: true });
    const b = open({ server: 1, origin: originOf(hunan), cookie: cookieOf(await tokenFor(hunan, 1)) });
    expect(await outcome(b)).toEqual({ connected: true });

    await expect.poll(() => updates.at(-1)?.map((p) => p.displayName), { timeout: 5000 }).toEqual(["湖南甲", "湖南乙"]);
    const everyone = updates.flat().map((p) => p.displayName);
    expect(everyone).not.toContain("四川丙");

    const listed = await a.emitWithAck("presence:list", {});
    expect(listed).toMatchObject({ ok: true });
    expect(listed.online.map((p: TPresenceEntry) => p.userId).sort()).toEqual(hunan.users.map((u) => u.id).sort());

    b.disconnect();
    await expect.poll(() => updates.at(-1)?.map((p) => p.displayName), { timeout: 5000 }).toEqual(["湖南甲"]);
  });

  it("bad payloads get a clear error and the server keeps running", async () => {
    const a = open({ origin: originOf(hunan), cookie: cookieOf(await tokenFor(hunan, 0)) });
    expect(await outcome(a)).toEqual({ connected: true });
    expect(await a.emitWithAck("presence:list", { evil: true })).toMatchObject({ ok: false, code: "badRequest" });
    expect(await a.emitWithAck("no:such:event", 1)).toMatchObject({ ok: false, code: "badRequest" });

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
