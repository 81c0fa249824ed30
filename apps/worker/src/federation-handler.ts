import { federationDeliverJob } from "@yanxiu/domain/jobs";
import { deliverFederationMessage, enqueuePendingFederationMessages } from "@yanxiu/services/federation";
import type { Database } from "@yanxiu/db/client";
import type { Producer } from "@yanxiu/services/queue";
import { handler, type Log } from "./handlers.ts";

/**
 * Delivers one federation message (decision 021). Thin: the payload is parsed by the job contract (ids only),
 * the service reads the sender's outbox, applies the message in the receiver's own transaction (once, by its
 * inbox) and acknowledges it in the sender's; errors go through the one error table (a malformed message or a
 * wrong direction is unrecoverable and marks the row failed; anything else is retried with backoff).
 */
export function createFederationHandler(deps: { db: Database; log: Log }) {
  return handler(federationDeliverJob, deps, (p) => deliverFederationMessage({ db: deps.db, fromTenantId: p.tenantId, messageId: p.messageId }));
}

/** The outbox sweep, at start and every `everyMs`: pending messages whose job was lost are enqueued again. */
export function startFederationSweep(deps: { db: Database; producer: Producer; log: Log }, opts: { everyMs: number; olderThanSeconds: number }) {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const n = await enqueuePendingFederationMessages({ db: deps.db, producer: deps.producer, olderThanSeconds: opts.olderThanSeconds });
      if (n > 0) deps.log(`re-enqueued ${n} pending federation message(s)`);
    } catch (e) {
      deps.log(`federation sweep: ${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), opts.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
