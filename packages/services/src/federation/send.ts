import { randomUUID } from "node:crypto";
import { AppError } from "@yanxiu/domain/errors";
import { deliveryBackoffMs, maxDeliveryAttempts, ZFederationMessage, type TFederationMessage } from "@yanxiu/domain/federation";
import { federationDeliverJob } from "@yanxiu/domain/jobs";
import type { Tx } from "@yanxiu/db/client";
import { federationOutbox } from "@yanxiu/db/schema";
import { appendAudit, type TAuditBy } from "../audit/append.ts";
import type { Producer } from "../platform/queue.ts";

/**
 * Writes one message into the sender's outbox, in the caller's transaction (so the message exists exactly when
 * the change it announces commits). Returns the message id; enqueue its delivery after the commit
 * (`enqueueFederationDelivery`) — or let the sweep find it.
 */
export async function sendFederationMessage(tx: Tx, by: TAuditBy, toTenantId: string, message: TFederationMessage, opts: { subjectRef?: string } = {}): Promise<string> {
  // What we send is held to the same contract the receiver will parse with.
  const parsed = ZFederationMessage.safeParse(message);
  if (!parsed.success) throw new AppError("badRequest", `invalid ${message.kind} message: ${parsed.error.message}`);
  if (toTenantId === by.tenantId) throw new AppError("badRequest", "a federation message goes to another tenant");
  const id = randomUUID();
  await tx.insert(federationOutbox).values({
    tenantId: by.tenantId,
    id,
    toTenantId,
    kind: parsed.data.kind,
    version: parsed.data.v,
    payload: parsed.data,
    subjectRef: opts.subjectRef ?? "",
    createdBy: by.actorId,
  });
  await appendAudit(tx, by, { action: "federation.send", target: `federationMessage:${id}`, data: { kind: parsed.data.kind, to: toTenantId } });
  return id;
}

/** Queues one message's delivery; the job id is the message id, so enqueueing twice is once. */
export async function enqueueFederationDelivery(producer: Producer, fromTenantId: string, messageId: string): Promise<void> {
  await producer.add(
    federationDeliverJob,
    { v: 1, tenantId: fromTenantId, messageId },
    { jobId: messageId, attempts: maxDeliveryAttempts, backoff: { type: "exponential", delay: deliveryBackoffMs(1) } },
  );
}

/** After the sender's commit: queue each message (best effort — the sweep re-enqueues what this misses). */
export async function afterFederationCommit(producer: Producer | undefined, fromTenantId: string, messageIds: readonly string[]): Promise<void> {
  if (!producer) return;
  for (const id of messageIds) await enqueueFederationDelivery(producer, fromTenantId, id).catch(() => {});
}
