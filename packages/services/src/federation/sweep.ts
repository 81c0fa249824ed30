import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "@yanxiu/db/client";
import { federationOutbox } from "@yanxiu/db/schema";
import type { Producer } from "../platform/queue.ts";
import { enqueueFederationDelivery } from "./send.ts";

/** Every tenant a message may come from: the provinces and the platform tenant. */
export async function federatedTenants(db: Database) {
  const platform = await db.findTenant({ kind: "platform" });
  return [...(await db.listTenants()), ...(platform ? [platform] : [])];
}

/**
 * The safety net for a message whose job was never enqueued (a crash right after the sender's commit) or was
 * lost with Redis: every pending outbox row older than `olderThanSeconds` is enqueued again, one tenant at a
 * time, each read inside that tenant's own `withTenant`. A job still known to the queue under the message id
 * is not duplicated; a delivered message is a no-op for the handler. Returns how many were enqueued.
 */
export async function enqueuePendingFederationMessages(opts: { db: Database; producer: Producer; olderThanSeconds?: number; limit?: number; tenantIds?: readonly string[] }): Promise<number> {
  const older = opts.olderThanSeconds ?? 30;
  const ids = opts.tenantIds ?? (await federatedTenants(opts.db)).map((t) => t.id);
  let n = 0;
  for (const tenantId of ids) {
    const rows = await opts.db.withTenant(tenantId, (tx) =>
      tx
        .select({ id: federationOutbox.id })
        .from(federationOutbox)
        .where(and(eq(federationOutbox.state, "pending"), lt(federationOutbox.createdAt, sql`now() - make_interval(secs => ${older})`)))
        .orderBy(federationOutbox.createdAt)
        .limit(opts.limit ?? 1000),
    );
    for (const r of rows) {
      await enqueueFederationDelivery(opts.producer, tenantId, r.id);
      n++;
    }
  }
  return n;
}
