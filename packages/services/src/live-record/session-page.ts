import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { tallyPoll, type TLiveInvite, type TLiveRole, type TLiveSessionFacts } from "@yanxiu/domain/live";
import { attendedMinutes, liveCreditPolicy, liveSessionCredit, sessionLengthMinutes } from "@yanxiu/domain/progress";
import type { Database, Tx } from "@yanxiu/db/client";
import { isUuid, listLiveInvites, loadLiveSession, mayAttend, type TLiveActor, type TLiveSessionRow } from "../live/index.ts";
import { sessionFacts } from "../live/room-state.ts";
import { boardPagesOf, type TLiveRecordBoard } from "./board-pages.ts";
import { creditAward, liveAttendance, liveChatMessage, liveParticipant, livePoll, livePollAnswer, studio, studioActivity, user } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * What the web shows of one live session: the facts the room page opens with, and, once the session has
 * ended, its record (chat transcript, polls with their results, attendance with minutes). Only whoever may
 * attend the session reads it (the host, the studio's active members, a course's owner and enrolled
 * teachers); anyone else, and any other tenant, gets notFound — a session's existence is not revealed.
 */

export type TLiveRecordChat = { id: string; authorName: string; body: string; createdAt: string };
export type TLiveRecordPoll = { id: string; question: string; options: string[]; counts: number[]; total: number; status: "open" | "closed"; createdAt: string };
export type TLiveRecordAttendee = { userId: string; displayName: string; role: TLiveRole; minutes: number; firstJoinedAt: string };
export type TLiveRecord = {
  chat: TLiveRecordChat[];
  polls: TLiveRecordPoll[];
  attendance: TLiveRecordAttendee[];
  /** The whiteboard pages that kept strokes (board-pages.ts). */
  board: TLiveRecordBoard;
};

export type TLiveSessionPage = {
  session: TLiveSessionFacts;
  /** The viewer's role in the room. */
  role: TLiveRole;
  hostName: string;
  studio: { id: string; name: string } | null;
  activityTitle: string | null;
  /** Only for an ended session. */
  record: TLiveRecord | null;
  /** The viewer's 学时 for an ended studio activity's session (null otherwise). */
  credit: TLiveCredit | null;
  /** The session's guests, for its host and co-hosts (null for anyone else). */
  invites: TLiveInvite[] | null;
};

/**
 * awarded: in the ledger; pending: attended long enough, the worker is writing it; short: attended less
 * than the threshold; sessionShort: the session itself ran too briefly to give any 学时 (under
 * `liveCreditPolicy.minHeldMinutes`); none: the activity carries no 学时. `hours` is what the session
 * gives as it was held (the activity's 学时, or its share when it ran shorter than planned).
 */
export type TLiveCredit =
  | { status: "awarded"; hours: number }
  | { status: "pending"; hours: number }
  | { status: "short"; hours: number; minutes: number; requiredMinutes: number }
  | { status: "sessionShort"; heldMinutes: number; minHeldMinutes: number }
  | { status: "none" };

/** The session if the actor may attend it, with their role; notFound otherwise (never forbidden). */
export async function attendable(tx: Tx, actor: TLiveActor, sessionId: string): Promise<{ s: TLiveSessionRow; role: TLiveRole }> {
  if (!isUuid(sessionId)) throw new AppError("notFound", `live session ${sessionId}`);
  const s = await loadLiveSession(tx, sessionId);
  const role = await mayAttend(tx, actor.actorId, s);
  if (!role) throw new AppError("notFound", `live session ${sessionId}`);
  // A person the host removed may no longer attend; the record of what they were removed from is not theirs either.
  const [p] = await tx
    .select({ removed: liveParticipant.removed })
    .from(liveParticipant)
    .where(and(eq(liveParticipant.sessionId, s.id), eq(liveParticipant.userId, actor.actorId)))
    .limit(1);
  if (p?.removed) throw new AppError("removedFromSession", `${actor.actorId} was removed from ${sessionId}`);
  return { s, role };
}

/** Chat (main room, not deleted) in order, every poll with its tally, and each attendee's minutes. */
export async function recordOf(tx: Tx, s: TLiveSessionRow): Promise<TLiveRecord> {
  const chat = await tx
    .select({ id: liveChatMessage.id, authorName: user.displayName, body: liveChatMessage.body, createdAt: liveChatMessage.createdAt })
    .from(liveChatMessage)
    .innerJoin(user, tenantEq(user.id, liveChatMessage.authorId))
    .where(and(eq(liveChatMessage.sessionId, s.id), isNull(liveChatMessage.deletedAt), isNull(liveChatMessage.groupId)))
    .orderBy(asc(liveChatMessage.createdAt), asc(liveChatMessage.id));

  const polls = await tx.select().from(livePoll).where(eq(livePoll.sessionId, s.id)).orderBy(asc(livePoll.createdAt), asc(livePoll.id));
  const answers = polls.length
    ? await tx
        .select({ pollId: livePollAnswer.pollId, option: livePollAnswer.option, n: sql<number>`count(*)::int` })
        .from(livePollAnswer)
        .innerJoin(livePoll, tenantEq(livePoll.id, livePollAnswer.pollId))
        .where(eq(livePoll.sessionId, s.id))
        .groupBy(livePollAnswer.pollId, livePollAnswer.option)
    : [];

  const intervals = await tx
    .select({ userId: liveAttendance.userId, joinedAt: liveAttendance.joinedAt, leftAt: liveAttendance.leftAt })
    .from(liveAttendance)
    .where(eq(liveAttendance.sessionId, s.id));
  const people = await tx
    .select({ userId: liveParticipant.userId, role: liveParticipant.role, firstJoinedAt: liveParticipant.firstJoinedAt, displayName: user.displayName })
    .from(liveParticipant)
    .innerJoin(user, tenantEq(user.id, liveParticipant.userId))
    .where(eq(liveParticipant.sessionId, s.id))
    .orderBy(asc(liveParticipant.firstJoinedAt));
  // The same window the credit uses (completion/live-attendance.ts): from the start to the end.
  const from = s.startedAt ?? s.scheduledStart;
  const to = s.endedAt ?? new Date();
  const byUser = new Map<string, { joinedAt: Date; leftAt: Date | null }[]>();
  for (const r of intervals) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);

  return {
    chat: chat.map((m) => ({ id: m.id, authorName: m.authorName, body: m.body, createdAt: m.createdAt.toISOString() })),
    polls: polls.map((p) => {
      const mine = answers.filter((a) => a.pollId === p.id).flatMap((a) => Array.from({ length: a.n }, () => a.option));
      return { id: p.id, question: p.question, options: p.options, status: p.status, createdAt: p.createdAt.toISOString(), ...tallyPoll(p.options.length, mine) };
    }),
    attendance: people
      .filter((p) => byUser.has(p.userId))
      .map((p) => ({
        userId: p.userId,
        displayName: p.displayName,
        role: p.role,
        minutes: attendedMinutes(byUser.get(p.userId)!, from, to),
        firstJoinedAt: p.firstJoinedAt.toISOString(),
      })),
    board: await boardPagesOf(tx, s),
  };
}

/** The room page's facts (and the record once the session has ended), for whoever may attend. */
export async function liveSessionPage(opts: { db: Database; actor: TLiveActor; sessionId: string }): Promise<TLiveSessionPage> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { s, role } = await attendable(tx, actor, opts.sessionId);
    const [host] = await tx.select({ name: user.displayName }).from(user).where(eq(user.id, s.hostId)).limit(1);
    const [st] = s.studioId ? await tx.select({ id: studio.id, name: studio.name }).from(studio).where(eq(studio.id, s.studioId)).limit(1) : [];
    const [a] = s.activityId
      ? await tx.select({ title: studioActivity.title }).from(studioActivity).where(eq(studioActivity.id, s.activityId)).limit(1)
      : [];
    return {
      session: sessionFacts(s),
      role,
      hostName: host?.name ?? "",
      studio: st ?? null,
      activityTitle: a?.title ?? null,
      record: s.status === "ended" ? await recordOf(tx, s) : null,
      credit: await creditOf(tx, actor.actorId, s),
      invites: role === "participant" ? null : await listLiveInvites(tx, s.id),
    };
  });
}

/** The viewer's 学时 for an ended studio session: the rule of completion/live-attendance.ts, read back. */
async function creditOf(tx: Tx, userId: string, s: TLiveSessionRow): Promise<TLiveCredit | null> {
  if (s.status !== "ended" || !s.endedAt || !s.activityId) return null;
  const [a] = await tx.select({ hours: studioActivity.creditHours }).from(studioActivity).where(eq(studioActivity.id, s.activityId)).limit(1);
  const hours = Number(a?.hours ?? 0);
  const [award] = await tx
    .select({ hours: creditAward.hours })
    .from(creditAward)
    .where(and(eq(creditAward.teacherId, userId), eq(creditAward.source, "liveSession"), eq(creditAward.sourceRef, s.id)))
    .limit(1);
  if (award) return { status: "awarded", hours: Number(award.hours) };
  if (!(hours > 0)) return { status: "none" };
  const from = s.startedAt ?? s.scheduledStart;
  const spans = await tx
    .select({ joinedAt: liveAttendance.joinedAt, leftAt: liveAttendance.leftAt })
    .from(liveAttendance)
    .where(and(eq(liveAttendance.sessionId, s.id), eq(liveAttendance.userId, userId)));
  const minutes = attendedMinutes(spans, from, s.endedAt);
  const heldMinutes = sessionLengthMinutes(from, s.endedAt);
  const rule = liveSessionCredit({ creditHours: hours, plannedMinutes: s.scheduledMinutes, heldMinutes, attendedMinutes: minutes });
  if (!(rule.hours > 0)) return { status: "sessionShort", heldMinutes, minHeldMinutes: liveCreditPolicy.minHeldMinutes };
  return rule.earns ? { status: "pending", hours: rule.hours } : { status: "short", hours: rule.hours, minutes, requiredMinutes: rule.threshold };
}

/** Only the record (an ended session's); a session still to come or running is notFound here. */
export async function liveSessionRecord(opts: { db: Database; actor: TLiveActor; sessionId: string }): Promise<TLiveRecord> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { s } = await attendable(tx, actor, opts.sessionId);
    if (s.status !== "ended") throw new AppError("notFound", `no record of ${s.id} before it ends`);
    return recordOf(tx, s);
  });
}
