import { and, eq, isNull } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { mayModerate, type TLiveParticipant, type TParticipantMute, type TParticipantRemove } from "@yanxiu/domain/live";
import type { Database, Tx } from "@yanxiu/db/client";
import { liveAttendance, liveParticipant } from "@yanxiu/db/schema";
import { loadParticipant, requireParticipant, type TLiveActor } from "./access.ts";
import { displayNameOf, participantView } from "./room-state.ts";

async function target(tx: Tx, sessionId: string, userId: string) {
  const t = await loadParticipant(tx, sessionId, userId);
  if (!t || t.removed) throw new AppError("notFound", `participant ${userId}`);
  return t;
}

/** Mutes or unmutes a participant's chat (kept on the participant row, so a reconnect keeps it). */
export async function muteParticipant(opts: { db: Database; actor: TLiveActor; input: TParticipantMute }): Promise<TLiveParticipant> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session, me } = await requireParticipant(tx, actor, input.sessionId, "participant.mute");
    const t = await target(tx, session.id, input.userId);
    if (!mayModerate({ userId: me.userId, role: me.role }, { userId: t.userId, role: t.role })) throw new AppError("forbidden", "may not moderate");
    const [row] = await tx
      .update(liveParticipant)
      .set({ muted: input.muted })
      .where(and(eq(liveParticipant.sessionId, session.id), eq(liveParticipant.userId, t.userId)))
      .returning();
    return participantView(row!, await displayNameOf(tx, t.userId));
  });
}

/**
 * Removes a participant for the rest of the session: they may not rejoin, their hand goes down and their
 * open attendance intervals close now. The caller disconnects their sockets.
 */
export async function removeParticipant(opts: { db: Database; actor: TLiveActor; input: TParticipantRemove; now?: Date }): Promise<{ userId: string }> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session, me } = await requireParticipant(tx, actor, input.sessionId, "participant.remove");
    const t = await target(tx, session.id, input.userId);
    if (!mayModerate({ userId: me.userId, role: me.role }, { userId: t.userId, role: t.role })) throw new AppError("forbidden", "may not moderate");
    await tx
      .update(liveParticipant)
      .set({ removed: true, handRaisedAt: null })
      .where(and(eq(liveParticipant.sessionId, session.id), eq(liveParticipant.userId, t.userId)));
    await tx
      .update(liveAttendance)
      .set({ leftAt: opts.now ?? new Date() })
      .where(and(eq(liveAttendance.sessionId, session.id), eq(liveAttendance.userId, t.userId), isNull(liveAttendance.leftAt)));
    return { userId: t.userId };
  });
}
