import type { Database, TenantRow } from "@yanxiu/db/client";
import { sessionPolicy } from "@yanxiu/domain/auth";
import { sessionsEndedChannel, type Redis, type TSessionsEnded } from "../platform/redis.ts";
import { findTenantByHost } from "../tenants/index.ts";
import { sessionIdFromToken, validateSessionToken, validateSessionTokens, type TSessionValidation } from "./session.ts";

/** How long a looked-up tenant or a validated session is reused without asking Postgres again. */
export const requestAuthTtlMs = 5_000;
/** Entries kept per process at most (a flood of unknown hosts or sessions cannot grow it without bound). */
const maxEntries = 50_000;
/** With `batch`: session checks of one tenant arriving in the same tick go to Postgres together, this many at most. */
const maxBatch = 256;

export type RequestAuth = {
  /** The tenant a Host names (findTenantByHost), from the cache when looked up within the TTL. */
  tenant(host: string | null | undefined): Promise<TenantRow | null>;
  /** validateSessionToken, from the cache when validated within the TTL and no end of it was published since. */
  session(tenantId: string, token: string | null | undefined): Promise<TSessionValidation>;
  close(): Promise<void>;
};

type TCachedSession = { at: number; tenantId: string; userId: string; v: NonNullable<TSessionValidation> };

/**
 * The per-request tenant lookup and session check of a web process, with a short-lived in-process cache so a
 * page view does not cost those round trips each time. Ending a session still takes effect at once on every
 * process: whoever ends one (sign-out, password change or reset, a disabled account, a suspended province)
 * publishes it on the sessions-ended channel (see publishSessionsEnded), and each process drops what it
 * cached for it on receipt. While that subscription is not up (Redis down or reconnecting) nothing is
 * served from the cache, and it is emptied, so no end of a session can be missed.
 *
 * Served from the cache only while the session is not due for renewal (its sliding expiry is then written
 * by the uncached path) and not expired. What is not a revocation (a teacher transferred to another school:
 * the grants' org subtree) is seen within the TTL.
 */
export function createRequestAuth(opts: { db: Database; subscriber: Redis; appDomain: string; ttlMs?: number; now?: () => number; batch?: boolean }): RequestAuth {
  const { db, subscriber, appDomain } = opts;
  const ttl = opts.ttlMs ?? requestAuthTtlMs;
  const now = opts.now ?? Date.now;
  const tenants = new Map<string, { at: number; row: TenantRow }>();
  const sessions = new Map<string, TCachedSession>();
  let live = false;
  // Counts the ends received (and clears): a lookup that overlapped one is not cached, it may predate it.
  let generation = 0;

  const clear = () => {
    generation++;
    tenants.clear();
    sessions.clear();
  };
  const onEnded = (m: TSessionsEnded) => {
    generation++;
    for (const [id, s] of sessions) {
      if (s.tenantId !== m.tenantId) continue;
      if (m.sessionId ? id === m.sessionId : m.userId ? s.userId === m.userId : true) sessions.delete(id);
    }
    if (!m.userId && !m.sessionId) for (const [key, t] of tenants) if (t.row.id === m.tenantId) tenants.delete(key);
  };
  subscriber.on("message", (channel: string, raw: string) => {
    if (channel !== sessionsEndedChannel) return;
    try {
      onEnded(JSON.parse(raw) as TSessionsEnded);
    } catch {
      // Not a message we understand: drop everything rather than keep something that may have ended.
      clear();
    }
  });
  const down = () => {
    live = false;
    clear();
  };
  subscriber.on("close", down);
  subscriber.on("reconnecting", down);
  subscriber.on("end", down);
  // ioredis re-subscribes by itself after a reconnect; the cache is used again once that is confirmed.
  const subscribe = () =>
    subscriber.subscribe(sessionsEndedChannel).then(
      () => {
        live = true;
      },
      () => down(),
    );
  subscriber.on("ready", () => void subscribe());
  if (subscriber.status === "ready") void subscribe();

  /**
   * `batch` (the realtime handshake, where thousands connect in the same minute): the checks that miss the
   * cache within one tick are validated in one transaction per tenant (validateSessionTokens) instead of one
   * each, so a storm does not queue on the pool's connections.
   */
  type TWaiting = { tokens: (string | null | undefined)[]; done: { resolve(v: TSessionValidation): void; reject(e: unknown): void }[] };
  const waiting = new Map<string, TWaiting>();
  const flush = (tenantId: string) => {
    const w = waiting.get(tenantId);
    if (!w) return;
    waiting.delete(tenantId);
    validateSessionTokens({ db, tenantId, tokens: w.tokens, now: new Date(now()) }).then(
      (vs) => vs.forEach((v, i) => w.done[i]!.resolve(v)),
      (e: unknown) => w.done.forEach((d) => d.reject(e)),
    );
  };
  const validate = (tenantId: string, token: string | null | undefined, t: number): Promise<TSessionValidation> => {
    if (!opts.batch) return validateSessionToken({ db, tenantId, token, now: new Date(t) });
    return new Promise((resolve, reject) => {
      let w = waiting.get(tenantId);
      if (!w) {
        waiting.set(tenantId, (w = { tokens: [], done: [] }));
        setImmediate(() => flush(tenantId));
      }
      w.tokens.push(token);
      w.done.push({ resolve, reject });
      if (w.tokens.length >= maxBatch) flush(tenantId);
    });
  };

  const bounded = <V>(m: Map<string, V>, key: string, v: V) => {
    if (m.size >= maxEntries) m.clear();
    m.set(key, v);
  };

  return {
    async tenant(host) {
      const key = (host ?? "").toLowerCase();
      const t = now();
      const hit = live ? tenants.get(key) : undefined;
      if (hit && t - hit.at < ttl) return hit.row;
      const g = generation;
      const row = await findTenantByHost({ db, host, appDomain });
      // An unknown host is not remembered: the console may open that province a moment later.
      if (row && live && g === generation) bounded(tenants, key, { at: t, row });
      return row;
    },
    async session(tenantId, token) {
      const t = now();
      const id = token ? sessionIdFromToken(token) : null;
      const hit = live && id ? sessions.get(id) : undefined;
      if (hit && hit.tenantId === tenantId && t - hit.at < ttl && t < hit.v.session.expiresAt.getTime() - sessionPolicy.renewWithinMs) {
        return { ...hit.v, renewed: false };
      }
      if (id) sessions.delete(id);
      const g = generation;
      const v = await validate(tenantId, token, t);
      // Only if the subscription was up for the whole lookup and no end arrived meanwhile (the row read may predate it).
      // Nor while the password must be changed: changing it keeps this session, and the next page must see that at once.
      if (v && id && live && g === generation && !v.user.mustChangePassword) bounded(sessions, id, { at: t, tenantId, userId: v.user.id, v });
      return v;
    },
    async close() {
      clear();
      subscriber.disconnect();
    },
  };
}
