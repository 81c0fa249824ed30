import { and, eq, isNull } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { mayLive, type TChatDelete, type TChatMessage, type TChatSend } from "@yanxiu/domain/live";
import type { Database } from "../client.ts";
import { liveChatMessage } from "../schema.ts";
import { requireParticipant, type TLiveActor } from "./access.ts";
import { chatView } from "./room-state.ts";

/** Posts a chat message to the room (kept as the room's record). A muted participant is refused. */
export async function sendChatMessage(opts: { db: Database; actor: TLiveActor; input: TChatSend }): Promise<TChatMessage> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session, me } = await requireParticipant(tx, actor, input.sessionId, "chat.send");
    if (me.muted) throw new AppError("participantMuted", `${actor.actorId} is muted in ${session.id}`);
    const [row] = await tx.insert(liveChatMessage).values({ tenantId: actor.tenantId, sessionId: session.id, authorId: actor.actorId, body: input.body }).returning();
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
