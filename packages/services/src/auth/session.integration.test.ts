import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionPolicy, throttlePolicy } from "@yanxiu/domain/auth";
import { type AppError } from "@yanxiu/domain/errors";
import { createLoginThrottle } from "../platform/redis.ts";
import { session } from "@yanxiu/db/schema";
import { seedTestTenant, testDatabase, testOwnerDatabase, testRedis } from "../testing.ts";
import { createSession, generateSessionToken, invalidateSession, sessionIdFromToken, validateSessionToken } from "./session.ts";
import { signIn } from "./sign-in.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const throttle = createLoginThrottle(redis);
let t: Awaited<ReturnType<typeof seedTestTenant>>;
let other: Awaited<ReturnType<typeof seedTestTenant>>;

beforeAll(async () => {
  t = await seedTestTenant(owner, [{ roles: [{ role: "teacher" }] }, { status: "disabled" }]);
  other = await seedTestTenant(owner, [{}]);
});
afterAll(async () => {
  await db.close();
  await owner.close();
  redis.disconnect();
});

const ip = () => `10.0.0.${Math.floor(Math.random() * 250)}-${Math.random()}`;

describe("sessions", () => {
  it("the session row never contains the cookie's token, only its SHA-256", async () => {
    const u = t.users[0]!;
    const res = await signIn({ db, throttle, tenantId: t.tenant.id, input: { login: u.login, password: u.password }, ip: ip() });
    expect(res.token).toMatch(/^[a-z2-7]{32}$/);
    const rows = await db.withTenant(t.tenant.id, (tx) => tx.select().from(session).where(eq(session.userId, u.id)));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(JSON.stringify(r)).not.toContain(res.token);
    expect(rows.map((r) => r.id)).toContain(sessionIdFromToken(res.token));
    const v = await validateSessionToken({ db, tenantId: t.tenant.id, token: res.token });
    expect(v?.user.id).toBe(u.id);
    expect(v?.user.roles).toEqual(["teacher"]);
  });

  it("every sign-in gets a new token", async () => {
    const u = t.users[0]!;
    const a = await signIn({ db, throttle, tenantId: t.tenant.id, input: { login: u.login, password: u.password }, ip: ip() });
    const b = await signIn({ db, throttle, tenantId: t.tenant.id, input: { login: u.login, password: u.password }, ip: ip() });
    expect(a.token).not.toBe(b.token);
  });

  it("an expired session is refused and removed", async () => {
    const u = t.users[0]!;
    const token = generateSessionToken();
    const past = new Date(Date.now() - sessionPolicy.lifetimeMs - 1000);
    await db.withTenant(t.tenant.id, (tx) => createSession(tx, { tenantId: t.tenant.id, userId: u.id, token, now: past }));
    expect(await validateSessionToken({ db, tenantId: t.tenant.id, token })).toBeNull();
    const left = await db.withTenant(t.tenant.id, (tx) => tx.select().from(session).where(eq(session.id, sessionIdFromToken(token))));
    expect(left).toEqual([]);
  });

  it("a session past half its life is renewed (sliding expiry)", async () => {
    const u = t.users[0]!;
    const token = generateSessionToken();
    const old = new Date(Date.now() - (sessionPolicy.lifetimeMs - sessionPolicy.renewWithinMs) - 60_000);
    const created = await db.withTenant(t.tenant.id, (tx) => createSession(tx, { tenantId: t.tenant.id, userId: u.id, token, now: old }));
    const v = await validateSessionToken({ db, tenantId: t.tenant.id, token });
    expect(v?.renewed).toBe(true);
    expect(v!.session.expiresAt.getTime()).toBeGreaterThan(created.expiresAt.getTime());
  });

  it("sign-out ends the session", async () => {
    const u = t.users[0]!;
    const { token } = await signIn({ db, throttle, tenantId: t.tenant.id, input: { login: u.login, password: u.password }, ip: ip() });
    await invalidateSession({ db, tenantId: t.tenant.id, token });
    expect(await validateSessionToken({ db, tenantId: t.tenant.id, token })).toBeNull();
  });

  it("a token is only valid in its own tenant", async () => {
    const u = t.users[0]!;
    const { token } = await signIn({ db, throttle, tenantId: t.tenant.id, input: { login: u.login, password: u.password }, ip: ip() });
    expect(await validateSessionToken({ db, tenantId: other.tenant.id, token })).toBeNull();
  });

  it("malformed and forged tokens are refused without error", async () => {
    for (const token of ["", "x", "A".repeat(32), "'; drop table session; --", "a".repeat(5000), generateSessionToken()]) {
      expect(await validateSessionToken({ db, tenantId: t.tenant.id, token })).toBeNull();
    }
  });
});

describe("sign-in", () => {
  async function failCode(input: unknown, tenantId = t.tenant.id, from = ip()) {
    try {
      await signIn({ db, throttle, tenantId, input, ip: from });
    } catch (e) {
      return (e as AppError).code;
    }
    return "ok";
  }

  it("a wrong password and an unknown login get the same error", async () => {
    const u = t.users[0]!;
    expect(await failCode({ login: u.login, password: "wrong-password" })).toBe("invalidCredentials");
    expect(await failCode({ login: "nobody-here", password: "wrong-password" })).toBe("invalidCredentials");
  });

  it("a disabled account cannot sign in", async () => {
    const u = t.users[1]!;
    expect(await failCode({ login: u.login, password: u.password })).toBe("invalidCredentials");
  });

  it("the same credentials fail in another province", async () => {
    const u = t.users[0]!;
    expect(await failCode({ login: u.login, password: u.password }, other.tenant.id)).toBe("invalidCredentials");
  });

  it("bad input is a bad request with field errors, not a crash", async () => {
    expect(await failCode({ login: "", password: "" })).toBe("badRequest");
    expect(await failCode(null)).toBe("badRequest");
    expect(await failCode({ login: "a".repeat(10_000), password: "x" })).toBe("badRequest");
  });

  it("an attacker from one address cannot keep the owner out from another", async () => {
    const { users } = await seedTestTenant(owner, [{}]);
    const u = users[0]!;
    const attacker = ip();
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push(await failCode({ login: u.login, password: `guess-${i}` }, u.tenantId, attacker));
    expect(codes.slice(0, throttlePolicy.maxFailuresPerPair)).toEqual(Array(throttlePolicy.maxFailuresPerPair).fill("invalidCredentials"));
    expect(codes.slice(throttlePolicy.maxFailuresPerPair)).toEqual(Array(12 - throttlePolicy.maxFailuresPerPair).fill("tooManyAttempts"));
    // The owner, at home, still gets in with the right password.
    expect(await failCode({ login: u.login, password: u.password }, u.tenantId, ip())).toBe("ok");
  });

  it("failures on one account from one address hold off only that pair", async () => {
    const { users } = await seedTestTenant(owner, [{}, {}]);
    const [u, neighbour] = [users[0]!, users[1]!];
    const from = ip();
    for (let i = 0; i < throttlePolicy.maxFailuresPerPair; i++) expect(await failCode({ login: u.login, password: "nope" }, u.tenantId, from)).toBe("invalidCredentials");
    expect(await failCode({ login: u.login, password: u.password }, u.tenantId, from)).toBe("tooManyAttempts");
    // Someone else signing in from the same address (a school's shared line) is not held off.
    expect(await failCode({ login: neighbour.login, password: neighbour.password }, u.tenantId, from)).toBe("ok");
  });

  it("failures on one account from many addresses slow every attempt on it, and the right password still works", async () => {
    const policy = { ...throttlePolicy, accountDelayBaseMs: 40, accountDelayMaxMs: 160 };
    const slow = createLoginThrottle(redis, policy);
    const { users } = await seedTestTenant(owner, [{}]);
    const u = users[0]!;
    const keys = (from: string) => ({ account: `${u.tenantId}:${u.login}`, ip: from });
    const delays = [];
    for (let i = 0; i < policy.accountFailuresBeforeDelay + 3; i++) {
      delays.push((await slow.check(keys(ip()))).delayMs);
      await expect(signIn({ db, throttle: slow, tenantId: u.tenantId, input: { login: u.login, password: "nope" }, ip: ip() })).rejects.toMatchObject({ code: "invalidCredentials" });
    }
    expect(delays).toEqual([0, 0, 0, 0, 0, 40, 80, 160]);
    const gate = await slow.check(keys(ip()));
    expect(gate).toEqual({ blocked: false, delayMs: 160 });
    const started = performance.now();
    const res = await signIn({ db, throttle: slow, tenantId: u.tenantId, input: { login: u.login, password: u.password }, ip: ip() });
    expect(res.userId).toBe(u.id);
    expect(performance.now() - started).toBeGreaterThanOrEqual(gate.delayMs);
  });

  // 31 password checks (argon2, on purpose slow): seconds on an idle machine, more on a busy one. The test waits
  // for them however long they take; what it checks does not depend on time.
  it("too many failures from one IP hold that IP off", { timeout: 180_000 }, async () => {
    const from = ip();
    for (let i = 0; i < 30; i++) await failCode({ login: `ghost${i}`, password: "nope" }, t.tenant.id, from);
    const u = t.users[0]!;
    expect(await failCode({ login: u.login, password: u.password }, t.tenant.id, from)).toBe("tooManyAttempts");
    expect(await failCode({ login: u.login, password: u.password }, t.tenant.id, ip())).toBe("ok");
  });
});
