import { desc } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { seesFederation } from "@yanxiu/domain/federation";
import type { Database } from "@yanxiu/db/client";
import { federationInbox, federationOutbox } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";


/**
 * The tenant's messages, both ways: what it sent (state, attempts, last error) and what it received (outcome).
 * Two queries, each in this tenant: the other side of each message is only an id here.
 */
export async function listFederationMessages(opts: { db: Database; actor: TActor; limit?: number }) {
  const { actor } = opts;
  if (!seesFederation(actor.grants)) throw new AppError("notFound", "federation messages");
  const limit = Math.min(opts.limit ?? 100, 500);
  const tenants = new Map((await opts.db.listTenants()).map((t) => [t.id, t.name]));
  const platform = await opts.db.findTenant({ kind: "platform" });
  if (platform) tenants.set(platform.id, platform.name);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const sent = await tx
      .select({ id: federationOutbox.id, to: federationOutbox.toTenantId, kind: federationOutbox.kind, state: federationOutbox.state, attempts: federationOutbox.attempts, lastError: federationOutbox.lastError, createdAt: federationOutbox.createdAt, deliveredAt: federationOutbox.deliveredAt })
      .from(federationOutbox)
      .orderBy(desc(federationOutbox.createdAt))
      .limit(limit);
    const received = await tx
      .select({ id: federationInbox.messageId, from: federationInbox.fromTenantId, kind: federationInbox.kind, outcome: federationInbox.outcome, receivedAt: federationInbox.receivedAt })
      .from(federationInbox)
      .orderBy(desc(federationInbox.receivedAt))
      .limit(limit);
    return {
      sent: sent.map((s) => ({ ...s, toName: tenants.get(s.to) ?? s.to })),
      received: received.map((r) => ({ ...r, fromName: tenants.get(r.from) ?? r.from })),
    };
  });
}
