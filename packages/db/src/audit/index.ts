import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { auditEvent } from "../schema.ts";

/** Writes one audit row; the same eventId twice writes it once (jobs may be retried). */
export async function recordAuditEvent(opts: {
  db: Database;
  tenantId: string;
  actorId: string | null;
  eventId: string;
  action: string;
  occurredAt: Date;
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
        data: opts.data ?? {},
      })
      .onConflictDoNothing()
      .returning({ id: auditEvent.id });
    return { inserted: rows.length > 0 };
  });
}

export async function listAuditEvents(opts: { db: Database; tenantId: string; actorId?: string; limit?: number }) {
  return opts.db.withTenant(opts.tenantId, (tx) =>
    tx
      .select()
      .from(auditEvent)
      .where(opts.actorId ? and(eq(auditEvent.actorId, opts.actorId)) : undefined)
      .orderBy(desc(auditEvent.occurredAt))
      .limit(opts.limit ?? 50),
  );
}
