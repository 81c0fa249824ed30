import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import {
  groupDocKey,
  handQueue,
  liveLimits,
  liveMainDocKey,
  tallyPoll,
  type TChatMessage,
  type THandEntry,
  type TLiveParticipant,
  type TLiveRoomState,
  type TLiveSessionFacts,
  type TPollTally,
  type TPollView,
} from "@yanxiu/domain/live";
import type { Tx } from "@yanxiu/db/client";
import { liveChatMessage, liveParticipant, livePoll, livePollAnswer, user } from "@yanxiu/db/schema";
import type { TLiveParticipantRow, TLiveSessionRow } from "./access.ts";
import { pageStrokes } from "./board.ts";
import { breakoutState } from "./breakouts.ts";
import { docState } from "./docs.ts";
import { tenantEq } from "../common/tenant-join.ts";

/** Views of the room's rows as the contracts in @yanxiu/domain/live describe them. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function sessionFacts(s: TLiveSessionRow): TLiveSessionFacts {
  return {
    id: s.id,
    title: s.title,
    kind: s.kind,
    status: s.status,
    hostId: s.hostId,
    studioId: s.studioId,
    activityId: s.activityId,
    courseId: s.courseId,
    unitId: s.unitId,
    scheduledStart: s.scheduledStart.toISOString(),
    scheduledMinutes: s.scheduledMinutes,
    startedAt: iso(s.startedAt),
    endedAt: iso(s.endedAt),
    slidesFileId: s.slidesFileId,
    slidePage: s.slidePage,
  };
}

export async function displayNameOf(tx: Tx, userId: string): Promise<string> {
  const [u] = await tx.select({ displayName: user.displayName }).from(user).where(eq(user.id, userId)).limit(1);
  return u?.displayName ?? "";
}

export function participantView(p: TLiveParticipantRow, displayName: string): TLiveParticipant {
  return { userId: p.userId, displayName, role: p.role, muted: p.muted };
}

type TParticipantWithName = TLiveParticipantRow & { displayName: string };

async function participantsOf(tx: Tx, sessionId: string): Promise<TParticipantWithName[]> {
  const rows = await tx
    .select({ p: liveParticipant, displayName: user.displayName })
    .from(liveParticipant)
    .innerJoin(user, tenantEq(user.id, liveParticipant.userId))
    .where(and(eq(liveParticipant.sessionId, sessionId), eq(liveParticipant.removed, false)))
    .orderBy(asc(liveParticipant.firstJoinedAt));
  return rows.map((r) => ({ ...r.p, displayName: r.displayName }));
}

function toHandEntries(rows: TParticipantWithName[]): THandEntry[] {
  return handQueue(rows).map((p) => ({ userId: p.userId, displayName: p.displayName, raisedAt: p.handRaisedAt!.toISOString() }));
}

export async function loadHandQueue(tx: Tx, sessionId: string): Promise<THandEntry[]> {
  return toHandEntries(await participantsOf(tx, sessionId));
}

export async function chatView(tx: Tx, row: typeof liveChatMessage.$inferSelect): Promise<TChatMessage> {
  return { id: row.id, sessionId: row.sessionId, groupId: row.groupId, authorId: row.authorId, authorName: await displayNameOf(tx, row.authorId), body: row.body, createdAt: row.createdAt.toISOString() };
}

/** The room's chat, or (with `groupId`) one breakout group's. */
async function chatHistory(tx: Tx, sessionId: string, groupId: string | null = null): Promise<TChatMessage[]> {
  const rows = await tx
    .select({ m: liveChatMessage, authorName: user.displayName })
    .from(liveChatMessage)
    .innerJoin(user, tenantEq(user.id, liveChatMessage.authorId))
    .where(and(eq(liveChatMessage.sessionId, sessionId), isNull(liveChatMessage.deletedAt), groupId ? eq(liveChatMessage.groupId, groupId) : isNull(liveChatMessage.groupId)))
    .orderBy(desc(liveChatMessage.createdAt), desc(liveChatMessage.id))
    .limit(liveLimits.chatHistory);
  return rows.reverse().map((r) => ({
    id: r.m.id,
    sessionId: r.m.sessionId,
    groupId: r.m.groupId,
    authorId: r.m.authorId,
    authorName: r.authorName,
    body: r.m.body,
    createdAt: r.m.createdAt.toISOString(),
  }));
}

export async function pollTally(tx: Tx, poll: typeof livePoll.$inferSelect): Promise<TPollTally> {
  const rows = await tx
    .select({ option: livePollAnswer.option, n: sql<number>`count(*)::int` })
    .from(livePollAnswer)
    .where(eq(livePollAnswer.pollId, poll.id))
    .groupBy(livePollAnswer.option);
  const answers = rows.flatMap((r) => Array.from({ length: r.n }, () => r.option));
  return { pollId: poll.id, status: poll.status, ...tallyPoll(poll.options.length, answers) };
}

export async function pollView(tx: Tx, poll: typeof livePoll.$inferSelect, viewerId: string): Promise<TPollView> {
  const tally = await pollTally(tx, poll);
  const [mine] = await tx
    .select({ option: livePollAnswer.option })
    .from(livePollAnswer)
    .where(and(eq(livePollAnswer.pollId, poll.id), eq(livePollAnswer.userId, viewerId)))
    .limit(1);
  return {
    id: poll.id,
    question: poll.question,
    options: poll.options,
    status: poll.status,
    counts: tally.counts,
    total: tally.total,
    myAnswer: mine?.option ?? null,
    createdAt: poll.createdAt.toISOString(),
  };
}

/**
 * Everything a joining (or reconnecting) client needs: the session's facts, who is in it with their
 * roles, the last 100 chat messages that were not deleted, every poll with its tally and the viewer's own
 * answer, the slide on screen and the hand queue in order; the strokes on the page on screen, the main
 * document as one Yjs update, the breakout groups and, for a member of one, its chat and document.
 */
export async function loadRoomState(tx: Tx, s: TLiveSessionRow, viewerId: string): Promise<TLiveRoomState> {
  const participants = await participantsOf(tx, s.id);
  const me = participants.find((p) => p.userId === viewerId);
  const polls = await tx.select().from(livePoll).where(eq(livePoll.sessionId, s.id)).orderBy(asc(livePoll.createdAt), asc(livePoll.id));
  const pollViews: TPollView[] = [];
  for (const p of polls) pollViews.push(await pollView(tx, p, viewerId));
  const breakout = await breakoutState(tx, s);
  const myGroup = breakout.groups.find((g) => g.id === me?.groupId);
  return {
    session: sessionFacts(s),
    me: me ? participantView(me, me.displayName) : { userId: viewerId, displayName: await displayNameOf(tx, viewerId), role: "participant", muted: false },
    participants: participants.map((p) => participantView(p, p.displayName)),
    chat: await chatHistory(tx, s.id),
    polls: pollViews,
    slide: { slidesFileId: s.slidesFileId, page: s.slidePage },
    handQueue: toHandEntries(participants),
    board: { page: s.slidePage, strokes: await pageStrokes(tx, s.id, s.slidePage) },
    doc: await docState(tx, s.id, liveMainDocKey),
    breakout,
    group: myGroup
      ? { id: myGroup.id, name: myGroup.name, chat: await chatHistory(tx, s.id, myGroup.id), doc: await docState(tx, s.id, groupDocKey(myGroup.id)) }
      : null,
  };
}
