import { and, desc, eq, like, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@yanxiu/db/client";
import { auditEvent, user } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

/** Writes one audit row; the same eventId twice writes it once (jobs may be retried). */
export async function recordAuditEvent(opts: {
  db: Database;
  tenantId: string;
  actorId: string | null;
  eventId: string;
  action: string;
  occurredAt: Date;
  ip?: string | null;
  target?: string | null;
  data?: Record<string, unknown>;
}): Promise<{ inserted: boolean }> {
  return opts.db.withTenant(opts.tenantId, async (tx) => {
    const rows = await tx
      .insert(auditEvent)
      .values({
        tenantId: opts.tenantId,
        id: opts.eventId,
        actorId: opts.actorId,
        action: opts.action,
        occurredAt: opts.occurredAt,
        ip: opts.ip ?? null,
        target: opts.target ?? null,
        data: opts.data ?? {},
      })
      .onConflictDoNothing()
      .returning({ id: auditEvent.id });
    return { inserted: rows.length > 0 };
  });
}

/**
 * Audit rows, newest first, optionally filtered by action prefix and actor, with keyset paging on
 * (occurred_at, id). Who may see which rows is the caller's decision (see the admin audit route).
 */
export async function listAuditEvents(opts: {
  db: Database;
  tenantId: string;
  actorId?: string;
  /** A subtree admin's view: rows that happened under these paths, plus the actor's own rows. */
  scope?: { paths: string[]; actorId: string };
  action?: string;
  before?: { occurredAt: Date; id: string } | null;
  limit?: number;
}) {
  const where: SQL[] = [];
  if (opts.actorId) where.push(eq(auditEvent.actorId, opts.actorId));
  if (opts.scope) {
    const under = opts.scope.paths.map((p) => like(auditEvent.orgPath, `${p.replace(/[\\%_]/g, "")}%`));
    where.push(or(eq(auditEvent.actorId, opts.scope.actorId), ...under)!);
  }
  if (opts.action) where.push(like(auditEvent.action, `${opts.action.replace(/[\\%_]/g, "")}%`));
  if (opts.before) where.push(sql`(${auditEvent.occurredAt}, ${auditEvent.id}) < (${opts.before.occurredAt}, ${opts.before.id}::uuid)`);
  return opts.db.withTenant(opts.tenantId, (tx) =>
    tx
      .select({ event: auditEvent, actorName: user.displayName, actorLogin: user.login })
      .from(auditEvent)
      .leftJoin(user, tenantEq(user.id, auditEvent.actorId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
      .limit(opts.limit ?? 50),
  );
}
export { listAuditLog } from "./list-audit-log.ts";
