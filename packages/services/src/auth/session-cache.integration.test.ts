import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session, user } from "@yanxiu/db/schema";
import { sessionPolicy } from "@yanxiu/domain/auth";
import type { Database } from "@yanxiu/db/client";
import { createLoginThrottle, publishSessionsEnded } from "../platform/redis.ts";
import { seedTestTenant, setSessionExpiry, testDatabase, testOwnerDatabase, testRedis } from "../testing.ts";
import { generateSessionToken, sessionIdFromToken, validateSessionToken } from "./session.ts";
import { createRequestAuth, requestAuthTtlMs, type RequestAuth } from "./session-cache.ts";
import { signIn } from "./sign-in.ts";
import { signOut } from "./sign-out.ts";

const owner = testOwnerDatabase();
const base = testDatabase();
const redis = testRedis();
const throttle = createLoginThrottle(redis);
let transactions = 0;
let tenantReads = 0;
/** The app's database, counting the transactions and tenant reads made through it (a cache hit makes none). */
const db: Database = {
  ...base,
  withTenant(id, fn) {
    transactions++;
    return base.withTenant(id, fn);
  },
  findTenant(by) {
    tenantReads++;
    return base.findTenant(by);
  },
};
let clock = Date.now();
const auths: RequestAuth[] = [];
let t: Awaited<ReturnType<typeof seedTestTenant>>;
let other: Awaited<ReturnType<typeof seedTestTenant>>;

beforeAll(async () => {
  t = await seedTestTenant(owner, [{ roles: [{ role: "teacher" }] }]);
  other = await seedTestTenant(owner, [{}]);
});
afterAll(async () => {
  for (const a of auths) await a.close();
  await Promise.all([base.close(), owner.close()]);
  redis.disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function newAuth() {
  const a = createRequestAuth({ db, subscriber: testRedis(), appDomain: "localhost", now: () => clock });
  auths.push(a);
  return a;
}
async function newSession() {
  const u = t.users[0]!;
  const res = await signIn({ db: base, throttle, tenantId: t.tenant.id, input: { login: u.login, password: u.password }, ip: `10.1.${Math.random()}` });
  return res.token;
}
/** Validates until a repeat is served without a transaction (the subscription is up), at most 5 s. */
async function warm(a: RequestAuth, token: string) {
  for (let i = 0; i < 100; i++) {
    await a.session(t.tenant.id, token);
    const before = transactions;
    const v = await a.session(t.tenant.id, token);
    if (transactions === before) return v;
    await sleep(50);
  }
  throw new Error("never served from the cache");
}
/** Polls until the session is refused (at most 1 s): how long an end takes to reach this process. */
async function refusedWithin(a: RequestAuth, token: string, tenantId = t.tenant.id) {
  const t0 = Date.now();
  while (Date.now() - t0 < 1000) {
    if ((await a.session(tenantId, token)) === null) return Date.now() - t0;
    await sleep(5);
  }
  return null;
}

describe("the web process's cached tenant and session lookups", () => {
  it("serves a repeat within the TTL without a transaction, the same person and grants", async () => {
    const a = await newAuth();
    const token = await newSession();
    const v = await warm(a, token);
    expect(v?.user.id).toBe(t.users[0]!.id);
    expect(v?.user.roles).toEqual(["teacher"]);
    expect(v?.renewed).toBe(false);
    // Past the TTL: Postgres again.
    clock += requestAuthTtlMs + 1;
    const before = transactions;
    expect((await a.session(t.tenant.id, token))?.user.id).toBe(t.users[0]!.id);
    expect(transactions).toBe(before + 1);
  });

  it("never caches a session whose password must be changed: the page after the change sees it at once", async () => {
    const a = await newAuth();
    const token = await newSession();
    await warm(a, token);
    const setMustChange = (v: boolean) => owner.withTenant(t.tenant.id, (tx) => tx.update(user).set({ mustChangePassword: v }).where(eq(user.id, t.users[0]!.id)));
    await setMustChange(true);
    clock += requestAuthTtlMs + 1;
    expect((await a.session(t.tenant.id, token))?.user.mustChangePassword).toBe(true);
    const before = transactions;
    expect((await a.session(t.tenant.id, token))?.user.mustChangePassword).toBe(true);
    expect(transactions).toBe(before + 1);
    // Changed (the change keeps this session): the very next lookup says so.
    await setMustChange(false);
    expect((await a.session(t.tenant.id, token))?.user.mustChangePassword).toBe(false);
  });

  it("drops a signed-out session on every process at once", async () => {
    const [a, b] = [await newAuth(), await newAuth()];
    const token = await newSession();
    await warm(a, token);
    await warm(b, token);
    await signOut({ db: base, redis, tenantId: t.tenant.id, token, actorId: t.users[0]!.id, ip: "10.0.0.1" });
    expect(await refusedWithin(a, token)).not.toBeNull();
    expect(await refusedWithin(b, token)).not.toBeNull();
  });

  it("drops every session of a person whose sessions ended (reset, disabled), and of a suspended tenant", async () => {
    const a = await newAuth();
    const [one, two] = [await newSession(), await newSession()];
    await warm(a, one);
    await warm(a, two);
    // Published without deleting the rows, so the sessions are still valid in Postgres: the next checks
    // must go there (a transaction each), which shows the cached entries were dropped.
    await publishSessionsEnded(redis, { tenantId: t.tenant.id, userId: t.users[0]!.id });
    await sleep(200);
    let before = transactions;
    await a.session(t.tenant.id, one);
    await a.session(t.tenant.id, two);
    expect(transactions).toBe(before + 2);

    await warm(a, one);
    await a.tenant(`${t.tenant.slug}.localhost`);
    await publishSessionsEnded(redis, { tenantId: t.tenant.id });
    await sleep(200);
    before = transactions;
    await a.session(t.tenant.id, one);
    expect(transactions).toBe(before + 1);
  });

  it("never answers for another tenant or a malformed token from the cache", async () => {
    const a = await newAuth();
    const token = await newSession();
    await warm(a, token);
    expect(await a.session(other.tenant.id, token)).toBeNull();
    expect(await a.session(t.tenant.id, `${token.slice(0, 31)}\u0000`)).toBeNull();
    expect(await a.session(t.tenant.id, "x".repeat(100_000))).toBeNull();
    expect(await a.session(t.tenant.id, null)).toBeNull();
    // The right tenant still gets it.
    expect((await a.session(t.tenant.id, token))?.user.id).toBe(t.users[0]!.id);
  });

  it("looks a tenant up once per TTL, and not at all from the cache while Redis is unreachable", async () => {
    const sub = testRedis();
    const a = createRequestAuth({ db, subscriber: sub, appDomain: "localhost", now: () => clock });
    auths.push(a);
    const token = await newSession();
    await warm(a, token);
    const host = `${t.tenant.slug}.localhost`;
    const reads = tenantReads;
    expect((await a.tenant(host))?.id).toBe(t.tenant.id);
    expect((await a.tenant(host))?.id).toBe(t.tenant.id);
    expect(tenantReads).toBe(reads + 1);
    expect(await a.tenant("nope.localhost")).toBeNull();
    expect(await a.tenant("\u0000\r\n".repeat(10_000))).toBeNull();
    // An unknown host is asked about again each time (the console may open that province a moment later).
    const unknownReads = tenantReads;
    expect(await a.tenant("nope.localhost")).toBeNull();
    expect(tenantReads).toBe(unknownReads + 1);
    // A whole-tenant message (suspension or reactivation) drops the cached row.
    await publishSessionsEnded(redis, { tenantId: t.tenant.id });
    await sleep(200);
    const afterEnd = tenantReads;
    expect((await a.tenant(host))?.id).toBe(t.tenant.id);
    expect(tenantReads).toBe(afterEnd + 1);

    // The subscription goes away: every lookup goes to Postgres until it is back.
    sub.disconnect();
    await sleep(50);
    const before = transactions;
    const readsBefore = tenantReads;
    await a.session(t.tenant.id, token);
    await a.session(t.tenant.id, token);
    await a.tenant(host);
    expect(transactions).toBe(before + 2);
    expect(tenantReads).toBe(readsBefore + 1);
  });
});

describe("batched session checks (the realtime handshake)", () => {
  it("the checks that miss in one tick go to Postgres in one transaction and answer as one by one would", async () => {
    const a = createRequestAuth({ db, subscriber: testRedis(), appDomain: "localhost", now: () => clock, batch: true });
    auths.push(a);
    const [live, renewing, expired] = [await newSession(), await newSession(), await newSession()];
    await setSessionExpiry(owner, t.tenant.id, renewing, new Date(clock + sessionPolicy.renewWithinMs - 60_000));
    await setSessionExpiry(owner, t.tenant.id, expired, new Date(clock - 1000));
    const u = other.users[0]!;
    const foreign = (await signIn({ db: base, throttle, tenantId: other.tenant.id, input: { login: u.login, password: u.password }, ip: `10.2.${Math.random()}` })).token;
    const tokens = [live, renewing, expired, generateSessionToken(), "not a token", null, foreign, live];
    const before = transactions;
    const got = await Promise.all(tokens.map((tok) => a.session(t.tenant.id, tok)));
    expect(transactions - before).toBe(1);
    expect(got.map((v) => v?.user.id ?? null)).toEqual([t.users[0]!.id, t.users[0]!.id, null, null, null, null, null, t.users[0]!.id]);
    expect(got[0]).toMatchObject({ renewed: false, user: { roles: ["teacher"], primaryRole: "teacher" } });
    expect(got[0]!.user.grants).toEqual((await validateSessionToken({ db: base, tenantId: t.tenant.id, token: live, now: new Date(clock) }))!.user.grants);
    // Renewed (sliding expiry written), and the expired one deleted, as validateSessionToken does.
    expect(got[1]).toMatchObject({ renewed: true });
    expect(got[1]!.session.expiresAt.getTime()).toBe(clock + sessionPolicy.lifetimeMs);
    expect((await validateSessionToken({ db: base, tenantId: t.tenant.id, token: renewing, now: new Date(clock) }))!.session.expiresAt.getTime()).toBe(clock + sessionPolicy.lifetimeMs);
    const rows = await owner.withTenant(t.tenant.id, (tx) => tx.select({ id: session.id }).from(session).where(eq(session.id, sessionIdFromToken(expired))));
    expect(rows).toEqual([]);
  });
});
