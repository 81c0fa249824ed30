import { randomUUID } from "node:crypto";
import type { Database } from "@yanxiu/db/client";
import { recordAuditEvent } from "../audit/index.ts";
import { publishSessionsEnded, type Redis } from "../platform/redis.ts";
import { invalidateSession, sessionIdFromToken } from "./session.ts";

/**
 * Ends one sign-in session: its row goes, that session's open sockets (this device's pages) close on every
 * realtime process — the person's other devices stay — and the sign-out is audited.
 */
export async function signOut(opts: { db: Database; redis: Redis; tenantId: string; token: string; actorId: string; ip: string }): Promise<void> {
  const { db, tenantId, token } = opts;
  await invalidateSession({ db, tenantId, token });
  // A lost notice is caught by each socket's own session recheck.
  await publishSessionsEnded(opts.redis, { tenantId, sessionId: sessionIdFromToken(token) }).catch(() => undefined);
  await recordAuditEvent({ db, tenantId, actorId: opts.actorId, eventId: randomUUID(), action: "signOut", occurredAt: new Date(), ip: opts.ip });
}
