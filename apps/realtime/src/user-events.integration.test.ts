import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { signIn } from "@yanxiu/services/auth";
import { createLoginThrottle, publishUserEvent, userEventsChannel } from "@yanxiu/services/redis";
import { seedTestTenant, testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { sessionPolicy } from "@yanxiu/domain/auth";
import type { TUserEventKind } from "@yanxiu/domain/socket";
import { loadEnv } from "./env.ts";
import { startRealtime, type RealtimeServer } from "./server.ts";

const WEB_PORT = 3998;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const throttle = createLoginThrottle(redis);
const servers: RealtimeServer[] = [];
const sockets: Socket[] = [];
const logs: string[] = [];

type Seeded = Awaited<ReturnType<typeof seedTestTenant>>;
let hunan: Seeded;
let sichuan: Seeded;

beforeAll(async () => {
  const env = loadEnv({ DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, PORT: "0", WEB_PORT: String(WEB_PORT) });
  // Two processes on one Redis: each relays to its own sockets, so a person gets each event once.
  servers.push(await startRealtime(env, (m) => logs.push(m)), await startRealtime(env, (m) => logs.push(m)));
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

/** A signed-in socket of user `i` of tenant `t` on realtime process `server`, with the events it receives. */
async function signedIn(t: Seeded, i: number, server: number) {
  const u = t.users[i]!;
  const { token } = await signIn({ db, throttle, tenantId: t.tenant.id, input: { login: u.login, password: u.password }, ip: `ue-${Math.random()}` });
  const s = connect(`http://127.0.0.1:${servers[server]!.port}`, {
    transports: ["websocket"],
    extraHeaders: { origin: `http://${t.tenant.slug}.localhost:${WEB_PORT}`, cookie: `${sessionPolicy.cookieName}=${token}` },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(s);
  const received: TUserEventKind[] = [];
  s.on("user:event", (p: { kind: TUserEventKind }) => received.push(p.kind));
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", (e) => reject(e));
  });
  return { socket: s, received };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe("user events", () => {
  it("a teacher's open pages get their own credit and certificate events, on every process, once each", async () => {
    const a0 = await signedIn(hunan, 0, 0);
    const a1 = await signedIn(hunan, 0, 1);
    const b = await signedIn(hunan, 1, 1);
    const sc = await signedIn(sichuan, 0, 0);

    expect(await publishUserEvent(redis, { tenantId: hunan.tenant.id, userId: hunan.users[0]!.id, kind: "creditAwarded" })).toBe(true);
    expect(await publishUserEvent(redis, { tenantId: hunan.tenant.id, userId: hunan.users[0]!.id, kind: "certificateIssued" })).toBe(true);
    await expect.poll(() => a0.received, { timeout: 5000 }).toEqual(["creditAwarded", "certificateIssued"]);
    await expect.poll(() => a1.received, { timeout: 5000 }).toEqual(["creditAwarded", "certificateIssued"]);
    await settle();
    expect(a0.received).toHaveLength(2);
    expect(b.received).toEqual([]);
    expect(sc.received).toEqual([]);
  });

  it("an event for another user or another tenant never reaches the socket", async () => {
    const a = await signedIn(hunan, 0, 0);
    const sc = await signedIn(sichuan, 0, 1);
    // Hunan user's id under the Sichuan tenant, and the Sichuan user's id under Hunan: both name no room of theirs.
    await publishUserEvent(redis, { tenantId: sichuan.tenant.id, userId: hunan.users[0]!.id, kind: "creditAwarded" });
    await publishUserEvent(redis, { tenantId: hunan.tenant.id, userId: sichuan.users[0]!.id, kind: "creditAwarded" });
    await publishUserEvent(redis, { tenantId: hunan.tenant.id, userId: hunan.users[1]!.id, kind: "certificateIssued" });
    await publishUserEvent(redis, { tenantId: sichuan.tenant.id, userId: sichuan.users[0]!.id, kind: "certificateIssued" });
    await expect.poll(() => sc.received, { timeout: 5000 }).toEqual(["certificateIssued"]);
    await settle();
    expect(a.received).toEqual([]);
    expect(sc.received).toEqual(["certificateIssued"]);
  });

  it("a bad message on the channel is logged and ignored, and the relay keeps working", async () => {
    const a = await signedIn(hunan, 0, 0);
    const before = logs.length;
    for (const raw of ["not json", "{}", JSON.stringify({ tenantId: hunan.tenant.id, userId: hunan.users[0]!.id, kind: "hacked" }), JSON.stringify({ tenantId: "x", userId: "y", kind: "creditAwarded" }), "null"]) {
      await redis.publish(userEventsChannel, raw);
    }
    // The helper refuses to publish what the relay would drop.
    expect(await publishUserEvent(redis, { tenantId: "nope", userId: hunan.users[0]!.id, kind: "creditAwarded" })).toBe(false);
    await publishUserEvent(redis, { tenantId: hunan.tenant.id, userId: hunan.users[0]!.id, kind: "creditAwarded" });
    await expect.poll(() => a.received, { timeout: 5000 }).toEqual(["creditAwarded"]);
    // Five bad messages, each seen by both processes.
    await expect.poll(() => logs.slice(before).filter((m) => m.startsWith("ignored a") && m.includes("user event")).length, { timeout: 5000 }).toBe(10);
    for (const s of servers) expect((await fetch(`http://127.0.0.1:${s.port}/healthz`)).status).toBe(200);
    expect(a.socket.connected).toBe(true);
  });
});
