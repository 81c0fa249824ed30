import { and, eq, ne, sql } from "drizzle-orm";
import { AppError, toAppError } from "@yanxiu/domain/errors";
import { federationDirection, maxDeliveryAttempts, ZFederationMessage } from "@yanxiu/domain/federation";
import type { Database } from "@yanxiu/db/client";
import { federationInbox, federationOutbox } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { applyFederationMessage } from "./apply.ts";

export type TDeliveryResult = { messageId: string; outcome: "applied" | "duplicate" | "alreadyDelivered" | "failedBefore"; applied?: string };

/**
 * Delivers one outbox message. Three transactions, each in ONE tenant:
 *  1. the sender's: read the outbox row;
 *  2. the receiver's: claim the message id in its inbox (the primary key is the guard; a concurrent second
 *     delivery waits on the first's row and then finds it), apply the message, write the outcome — one commit;
 *  3. the sender's: mark the row delivered.
 * A crash between 2 and 3 (the "deliver then ack" gap) leaves the row pending; the retry finds the inbox row,
 * applies nothing and marks it delivered. So a message is applied exactly once however often it is delivered.
 * A failure counts an attempt; a failure a retry cannot fix (a payload the contract refuses, a kind going
 * the wrong way) or the last attempt marks the row failed, visible to both sides' admins.
 * `hooks.afterApply` is for tests: it runs between 2 and 3 (throwing there simulates the crash).
 */
export async function deliverFederationMessage(opts: { db: Database; fromTenantId: string; messageId: string; hooks?: { afterApply?: () => void | Promise<void> } }): Promise<TDeliveryResult> {
  const { db, fromTenantId, messageId } = opts;
  const row = await db.withTenant(fromTenantId, async (tx) => {
    const [r] = await tx.select().from(federationOutbox).where(eq(federationOutbox.id, messageId)).limit(1);
    return r ?? null;
  });
  if (!row) throw new AppError("notFound", `federation message ${messageId}`);
  if (row.state === "delivered") return { messageId, outcome: "alreadyDelivered" };
  if (row.state === "failed") return { messageId, outcome: "failedBefore" };

  let result: TDeliveryResult;
  try {
    const parsed = ZFederationMessage.safeParse(row.payload);
    if (!parsed.success) throw new AppError("badRequest", `invalid federation message ${messageId}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const message = parsed.data;
    const [from, to] = await Promise.all([db.findTenant({ id: fromTenantId }), db.findTenant({ id: row.toTenantId })]);
    const way = federationDirection[message.kind];
    if (!from || !to || from.kind !== way.from || to.kind !== way.to) {
      throw new AppError("badRequest", `${message.kind} goes ${way.from} → ${way.to}, not ${from?.kind ?? "?"} → ${to?.kind ?? "?"}`);
    }
    // A suspended receiver is not a bad message: it waits (retried) until the tenant is active again.
    if (to.status !== "active") throw new AppError("unavailable", `tenant ${to.id} is ${to.status}`);

    result = await db.withTenant(to.id, async (tx) => {
      const claimed = await tx
        .insert(federationInbox)
        .values({ tenantId: to.id, messageId, fromTenantId, kind: message.kind, version: message.v, payload: message, outcome: "applying", subjectRef: row.subjectRef })
        .onConflictDoNothing()
        .returning({ id: federationInbox.messageId });
      if (claimed.length === 0) return { messageId, outcome: "duplicate" as const };
      const applied = await applyFederationMessage(tx, { tenantId: to.id, fromTenantId, messageId, message });
      await tx.update(federationInbox).set({ outcome: applied }).where(eq(federationInbox.messageId, messageId));
      await appendAudit(tx, { tenantId: to.id, actorId: null }, { action: "federation.receive", target: `federationMessage:${messageId}`, data: { kind: message.kind, from: fromTenantId, outcome: applied } });
      return { messageId, outcome: "applied" as const, applied };
    });
  } catch (e) {
    const err = toAppError(e);
    await db.withTenant(fromTenantId, async (tx) => {
      const [r] = await tx
        .update(federationOutbox)
        .set({
          attempts: sql`${federationOutbox.attempts} + 1`,
          lastError: `${err.code}: ${err.message}`.slice(0, 500),
          state: sql`case when ${!err.retryable} or ${federationOutbox.attempts} + 1 >= ${maxDeliveryAttempts} then 'failed' else 'pending' end`,
          updatedAt: new Date(),
        })
        .where(and(eq(federationOutbox.id, messageId), eq(federationOutbox.state, "pending")))
        .returning({ state: federationOutbox.state });
      if (r?.state === "failed") {
        await appendAudit(tx, { tenantId: fromTenantId, actorId: null }, { action: "federation.failed", target: `federationMessage:${messageId}`, data: { kind: row.kind, error: err.code } });
      }
    });
    throw err;
  }

  await opts.hooks?.afterApply?.();
  await db.withTenant(fromTenantId, async (tx) => {
    const [r] = await tx
      .update(federationOutbox)
      .set({ state: "delivered", attempts: sql`${federationOutbox.attempts} + 1`, lastError: "", deliveredAt: new Date(), updatedAt: new Date() })
      .where(and(eq(federationOutbox.id, messageId), ne(federationOutbox.state, "delivered")))
      .returning({ id: federationOutbox.id });
    if (r) await appendAudit(tx, { tenantId: fromTenantId, actorId: null }, { action: "federation.delivered", target: `federationMessage:${messageId}`, data: { kind: row.kind, outcome: result.outcome } });
  });
  return result;
}
