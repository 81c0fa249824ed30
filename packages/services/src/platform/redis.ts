import { Redis, type RedisOptions } from "ioredis";
import { signInDelayMs, throttlePolicy, type TThrottlePolicy } from "@yanxiu/domain/auth";
import { ZUserEvent, type TUserEvent } from "@yanxiu/domain/socket";

export { Redis };

export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  return new Redis(url, { lazyConnect: false, ...opts });
}

/** BullMQ needs every key kept: a Redis that evicts under memory pressure loses jobs silently. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const res = (await redis.config("GET", "maxmemory-policy")) as string[];
  const policy = res[1];
  if (policy !== "noeviction") {
    throw new Error(`Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction". Set it and restart.`);
  }
}

export type TLoginThrottleKeys = {
  /** The tenant and the login tried (lower case). */
  account: string;
  /** The client's address, as the web app computes it behind its proxy. */
  ip: string;
};

export interface LoginThrottle {
  /**
   * Before the password is checked: whether this address is held off (for this account, or for all), and
   * how long to wait first because the account has been failing lately, from anywhere.
   */
  check(keys: TLoginThrottleKeys): Promise<{ blocked: boolean; delayMs: number }>;
  recordFailure(keys: TLoginThrottleKeys): Promise<void>;
  /** After a successful sign-in: this address's failures on this account are forgotten. */
  reset(keys: TLoginThrottleKeys): Promise<void>;
}

/**
 * Fixed-window counters in Redis: per (account, address) pair and per address, which hold that pair or
 * address off; and per account, which only slows attempts on it (see `signInDelayMs`). Holding the
 * account itself off would let anyone lock its owner out with a few wrong passwords from anywhere.
 */
export function createLoginThrottle(redis: Redis, policy: TThrottlePolicy = throttlePolicy): LoginThrottle {
  const acctKey = (account: string) => `throttle:login:acct:${account}`;
  const pairKey = (account: string, ip: string) => `throttle:login:pair:${account}|${ip}`;
  const ipKey = (ip: string) => `throttle:login:ip:${ip}`;
  return {
    async check({ account, ip }) {
      const [a, p, i] = await redis.mget(acctKey(account), pairKey(account, ip), ipKey(ip));
      const blocked = Number(p ?? 0) >= policy.maxFailuresPerPair || Number(i ?? 0) >= policy.maxFailuresPerIp;
      return { blocked, delayMs: blocked ? 0 : signInDelayMs(Number(a ?? 0), policy) };
    },
    async recordFailure({ account, ip }) {
      const m = redis.multi();
      for (const key of [acctKey(account), pairKey(account, ip), ipKey(ip)]) m.incr(key).expire(key, policy.windowSeconds, "NX");
      await m.exec();
    },
    async reset({ account, ip }) {
      await redis.del(pairKey(account, ip));
    },
  };
}

/**
 * The channel on which web says "this person's sessions just ended" (deactivated, password reset); every
 * realtime process listens and closes that person's sockets on itself.
 */
export const sessionsEndedChannel = "yanxiu:sessions-ended";
/**
 * Without a userId: every session of the tenant ended (the province was suspended). With `sessionId` (the
 * stored id, never the token): that one session ended (signed out); the person's other devices stay.
 */
export type TSessionsEnded = { tenantId: string; userId?: string; sessionId?: string };

/** Tells every realtime process to close the sockets of sessions that just ended (after the commit that ended them). */
export async function publishSessionsEnded(redis: Redis, m: TSessionsEnded): Promise<void> {
  await redis.publish(sessionsEndedChannel, JSON.stringify(m));
}

/** The realtime room of one sign-in session's sockets (the tenant's id leads it, like every room). */
export const authSessionRoom = (tenantId: string, sessionId: string): string => `tenant:${tenantId}:session:${sessionId}`;

/**
 * The channel on which the worker says "this person's credits or certificates changed" (see `ZUserEvent`);
 * every realtime process relays it to the person's open pages, which re-read their data.
 */
export const userEventsChannel = "yanxiu:user-events";

/**
 * Tells the person's open pages that their data changed. Call it AFTER the transaction commits (a page that
 * re-reads earlier would see nothing new). Best effort: pages also poll while they wait, so a lost
 * notice only delays the update; it resolves false instead of throwing when the message is invalid or
 * Redis refuses it.
 */
export async function publishUserEvent(redis: Redis, msg: TUserEvent): Promise<boolean> {
  const parsed = ZUserEvent.safeParse(msg);
  if (!parsed.success) return false;
  try {
    await redis.publish(userEventsChannel, JSON.stringify(parsed.data));
    return true;
  } catch {
    return false;
  }
}
