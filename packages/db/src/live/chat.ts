import { and, eq, isNull } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { mayLive, type TChatDelete, type TChatMessage, type TChatSend } from "@yanxiu/domain/live";
import type { Database } from "../client.ts";
import { liveChatMessage } from "../schema.ts";
import { requireParticipant, type TLiveActor } from "./access.ts";
import { breakoutState } from "./breakouts.ts";
import { chatView } from "./room-state.ts";

/**
 * Posts a chat message to the room, or to a breakout group's chat (kept as the room's record). A muted
 * participant is refused.
 */
export async function sendChatMessage(opts: { db: Database; actor: TLiveActor; input: TChatSend }): Promise<TChatMessage> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session, me } = await requireParticipant(tx, actor, input.sessionId, "chat.send");
    if (me.muted) throw new AppError("participantMuted", `${actor.actorId} is muted in ${session.id}`);
    if (input.groupId) {
      // A group's chat: the current split's group, and the author in it (the moderators visit every group).
      const { groups } = await breakoutState(tx, session);
      if (!groups.some((g) => g.id === input.groupId)) throw new AppError("notFound", `group ${input.groupId}`);
      if (me.groupId !== input.groupId && !mayLive(me.role, "breakout.manage")) throw new AppError("forbidden", `not in group ${input.groupId}`);
    }
    const [row] = await tx
      .insert(liveChatMessage)
      .values({ tenantId: actor.tenantId, sessionId: session.id, groupId: input.groupId ?? null, authorId: actor.actorId, body: input.body })
      .returning();
    return chatView(tx, row!);
  });
}

/** Marks a message deleted: one's own, or anyone's for the host and co-hosts. Deleting twice is notFound. */
export async function deleteChatMessage(opts: { db: Database; actor: TLiveActor; input: TChatDelete }): Promise<{ messageId: string }> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session, me } = await requireParticipant(tx, actor, input.sessionId, "chat.deleteOwn");
    const [m] = await tx
      .select()
      .from(liveChatMessage)
      .where(and(eq(liveChatMessage.id, input.messageId), eq(liveChatMessage.sessionId, session.id), isNull(liveChatMessage.deletedAt)))
      .limit(1);
    if (!m) throw new AppError("notFound", `message ${input.messageId}`);
    if (m.authorId !== actor.actorId && !mayLive(me.role, "chat.deleteAny")) throw new AppError("forbidden", "not your message");
    await tx.update(liveChatMessage).set({ deletedAt: new Date(), deletedBy: actor.actorId }).where(eq(liveChatMessage.id, m.id));
    return { messageId: m.id };
  });
}
