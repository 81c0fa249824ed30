import { Redis, type RedisOptions } from "ioredis";
import { throttlePolicy } from "@yanxiu/domain/auth";
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

export interface LoginThrottle {
  /** True while the account or the IP has used up its failures for the window. */
  isBlocked(keys: { account: string; ip: string }): Promise<boolean>;
  recordFailure(keys: { account: string; ip: string }): Promise<void>;
  reset(keys: { account: string }): Promise<void>;
}

/** Fixed-window counters in Redis, per account (tenant + login) and per client IP. */
export function createLoginThrottle(redis: Redis, policy = throttlePolicy): LoginThrottle {
  const acctKey = (account: string) => `throttle:login:acct:${account}`;
  const ipKey = (ip: string) => `throttle:login:ip:${ip}`;
  return {
    async isBlocked({ account, ip }) {
      const [a, i] = await redis.mget(acctKey(account), ipKey(ip));
      return Number(a ?? 0) >= policy.maxFailuresPerAccount || Number(i ?? 0) >= policy.maxFailuresPerIp;
    },
    async recordFailure({ account, ip }) {
      await redis
        .multi()
        .incr(acctKey(account))
        .expire(acctKey(account), policy.windowSeconds, "NX")
        .incr(ipKey(ip))
        .expire(ipKey(ip), policy.windowSeconds, "NX")
        .exec();
    },
    async reset({ account }) {
      await redis.del(acctKey(account));
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
