import { randomUUID } from "node:crypto";
import type { Tx } from "@yanxiu/db/client";
import { auditEvent } from "@yanxiu/db/schema";

/** Appends an audit row inside the caller's transaction: the action and its record commit together or not at all. */
export async function appendAudit(
  tx: Tx,
  e: { tenantId: string; actorId: string | null; action: string; target?: string | null; ip?: string | null; orgPath?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditEvent).values({
    tenantId: e.tenantId,
    id: randomUUID(),
    actorId: e.actorId,
    action: e.action,
    target: e.target ?? null,
    ip: e.ip ?? null,
    orgPath: e.orgPath ?? null,
    data: e.data ?? {},
    occurredAt: new Date(),
  });
}
