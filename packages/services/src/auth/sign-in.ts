import { eq } from "drizzle-orm";
import { ZSignInInput } from "@yanxiu/domain/auth";
import { AppError } from "@yanxiu/domain/errors";
import type { Database } from "@yanxiu/db/client";
import type { LoginThrottle } from "../platform/redis.ts";
import { user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { dummyPasswordHash, verifyPassword } from "./password.ts";
import { createSession, generateSessionToken, type TSession } from "./session.ts";

export type SignInOptions = {
  db: Database;
  throttle: LoginThrottle;
  tenantId: string;
  /** Raw form input: parsed here with the domain schema. */
  input: unknown;
  ip: string;
};

/**
 * Checks a login and password in one tenant and opens a new session. Unknown login and wrong password
 * fail alike (same error, same cost). Too many failures from one address (on this account, or on any) hold
 * that address off; failures on the account from anywhere only slow it down (see createLoginThrottle).
 */
export async function signIn(opts: SignInOptions): Promise<{ token: string; session: TSession; userId: string }> {
  const { login, password } = parseInput(ZSignInInput, opts.input);
  const tenant = await opts.db.findTenant({ id: opts.tenantId });
  if (!tenant) throw new AppError("tenantNotFound", "no such tenant");
  if (tenant.status !== "active") throw new AppError("tenantSuspended", "tenant suspended");
  const keys = { account: `${opts.tenantId}:${login.toLowerCase()}`, ip: opts.ip };
  const gate = await opts.throttle.check(keys);
  if (gate.blocked) throw new AppError("tooManyAttempts", "sign-in throttled");
  // An account under attack is slowed for everyone, its owner included, but the right password still works.
  if (gate.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, gate.delayMs));

  const found = await opts.db.withTenant(opts.tenantId, (tx) =>
    tx.select().from(user).where(eq(user.login, login)).limit(1),
  );
  const u = found[0];
  const ok = u ? await verifyPassword(u.passwordHash, password) : await verifyPassword(await dummyPasswordHash(), password);
  if (!u || !ok || u.status !== "active") {
    await opts.throttle.recordFailure(keys);
    throw new AppError("invalidCredentials", "wrong login or password");
  }
  await opts.throttle.reset(keys);
  const token = generateSessionToken();
  const session = await opts.db.withTenant(opts.tenantId, (tx) =>
    createSession(tx, { tenantId: opts.tenantId, userId: u.id, token }),
  );
  return { token, session, userId: u.id };
}
