import { randomUUID } from "node:crypto";
import type { Tx } from "@yanxiu/db/client";
import { auditEvent } from "@yanxiu/db/schema";

/** Who an audit row names: the acting account, its tenant and the address the request came from. A service's actor is one. */
export type TAuditBy = { tenantId: string; actorId: string | null; ip?: string | null };

/** Appends an audit row inside the caller's transaction: the action and its record commit together or not at all. */
export async function appendAudit(
  tx: Tx,
  by: TAuditBy,
  e: { action: string; target?: string | null; orgPath?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditEvent).values({
    tenantId: by.tenantId,
    id: randomUUID(),
    actorId: by.actorId,
    action: e.action,
    target: e.target ?? null,
    ip: by.ip ?? null,
    orgPath: e.orgPath ?? null,
    data: e.data ?? {},
    occurredAt: new Date(),
  });
}
