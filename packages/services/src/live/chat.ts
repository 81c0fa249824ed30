import { and, eq, isNull, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { liveRoles, liveSessionStatuses, mayLive, statusRefusal, type TChatDelete, type TChatMessage, type TChatSend } from "@yanxiu/domain/live";
import type { Database, Tx } from "@yanxiu/db/client";
import { liveChatMessage, liveParticipant, liveSession, user } from "@yanxiu/db/schema";
import { isUuid, requireParticipant, type TLiveActor } from "./access.ts";
import { breakoutState } from "./breakouts.ts";
import { chatView } from "./room-state.ts";

/**
 * Posts a chat message to the room, or to a breakout group's chat (kept as the room's record). A muted
 * participant is refused.
 */
export async function sendChatMessage(opts: { db: Database; actor: TLiveActor; input: TChatSend }): Promise<TChatMessage> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    // Chat is the room's busiest write and the one everyone waits for: the commit does not wait for the
    // disk (a crash may lose the last fraction of a second of chat, never corrupt it; credit-bearing
    // writes keep the default). See packages/services/docs/decisions/009-live-chat-write-path.md.
    await tx.execute(sql`set local synchronous_commit = off`);
    if (!input.groupId && isUuid(input.sessionId)) {
      const fast = await insertIfAllowed(tx, actor, input.sessionId, input.body);
      if (fast) return fast;
    }
    // Refused, or a group's message: the checks one by one, for the exact reason.
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

const chatRoles = liveRoles.filter((r) => mayLive(r, "chat.send"));
const chatStatuses = liveSessionStatuses.filter((st) => statusRefusal(st, "chat.send") === null);

/**
 * The room's (not a group's) message in one statement: inserted only when the author has joined, was not
 * removed or muted, may chat in their role and the session's status allows it — the same rules as
 * requireParticipant, so a null here means "refused, find out why" and nothing was written.
 */
async function insertIfAllowed(tx: Tx, actor: TLiveActor, sessionId: string, body: string): Promise<TChatMessage | null> {
  const rows = await tx.execute<{ id: string; session_id: string; author_id: string; body: string; created_at: string; display_name: string }>(sql`
    with allowed as (
      select p.user_id
        from ${liveParticipant} p
        join ${liveSession} s on s.tenant_id = p.tenant_id and s.id = p.session_id
       where p.session_id = ${sessionId} and p.user_id = ${actor.actorId}
         and not p.removed and not p.muted
         and p.role in ${sql.raw(`(${chatRoles.map((r) => `'${r}'`).join(",")})`)}
         and s.status in ${sql.raw(`(${chatStatuses.map((st) => `'${st}'`).join(",")})`)}
    ), inserted as (
      insert into ${liveChatMessage} (tenant_id, session_id, group_id, author_id, body)
      select ${actor.tenantId}, ${sessionId}, null, user_id, ${body} from allowed
      returning id, session_id, author_id, body, created_at
    )
    select i.id, i.session_id, i.author_id, i.body, to_char(i.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at, u.display_name
      from inserted i join ${user} u on u.tenant_id = ${actor.tenantId} and u.id = i.author_id`);
  const r = rows[0];
  if (!r) return null;
  return { id: r.id, sessionId: r.session_id, groupId: null, authorId: r.author_id, authorName: r.display_name, body: r.body, createdAt: r.created_at };
}
