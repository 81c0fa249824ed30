import { and, eq, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { mayLive, type THandEntry, type THandLower } from "@yanxiu/domain/live";
import type { Database } from "@yanxiu/db/client";
import { liveParticipant } from "@yanxiu/db/schema";
import { requireParticipant, type TLiveActor } from "./access.ts";
import { loadHandQueue } from "./room-state.ts";

/** Raises the actor's hand; raising it again keeps its place in the queue. Returns the queue in order. */
export async function raiseHand(opts: { db: Database; actor: TLiveActor; sessionId: string }): Promise<THandEntry[]> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, opts.sessionId, "hand.raise");
    await tx
      .update(liveParticipant)
      .set({ handRaisedAt: sql`coalesce(${liveParticipant.handRaisedAt}, clock_timestamp())` })
      .where(and(eq(liveParticipant.sessionId, session.id), eq(liveParticipant.userId, actor.actorId)));
    return loadHandQueue(tx, session.id);
  });
}

/** Lowers one's own hand, or (host, co-host) anyone's. Lowering a hand that is down is a no-op. */
export async function lowerHand(opts: { db: Database; actor: TLiveActor; input: THandLower }): Promise<THandEntry[]> {
  const { actor, input } = opts;
  const whose = input.userId ?? actor.actorId;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session, me } = await requireParticipant(tx, actor, input.sessionId, "hand.lowerOwn");
    if (whose !== actor.actorId && !mayLive(me.role, "hand.lowerAny")) throw new AppError("forbidden", "may not lower another's hand");
    await tx
      .update(liveParticipant)
      .set({ handRaisedAt: null })
      .where(and(eq(liveParticipant.sessionId, session.id), eq(liveParticipant.userId, whose)));
    return loadHandQueue(tx, session.id);
  });
}
