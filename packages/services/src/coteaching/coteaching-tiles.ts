import { and, eq, inArray, isNull } from "drizzle-orm";
import type { TCoTeachingTiles } from "@yanxiu/domain/coteaching";
import type { Database } from "@yanxiu/db/client";
import { liveAttendance, liveClassPollAnswer, liveClassroomAttendance, liveParticipant } from "@yanxiu/db/schema";
import { currentPoll, loadClassrooms, publicClassroom, requireLecturer, type TCoTeachingActor } from "./common.ts";
import { pendingQuestions } from "./questions.ts";

/**
 * The lecturer's view, a tile per classroom: whether its assistant is connected (an open attendance
 * interval for the classroom), hand raised, headcount present from the attendance sheet, and its answer
 * to the current poll. For the lecturer (host) and co-hosts; an assistant is forbidden.
 */
export async function coTeachingTiles(opts: { db: Database; actor: TCoTeachingActor; sessionId: string }): Promise<TCoTeachingTiles> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireLecturer(tx, actor, opts.sessionId);
    const classrooms = await loadClassrooms(tx, session.id);
    const open = await tx
      .selectDistinct({ classroomId: liveAttendance.classroomId, userId: liveAttendance.userId })
      .from(liveAttendance)
      .where(and(eq(liveAttendance.sessionId, session.id), isNull(liveAttendance.leftAt)));
    const connected = new Set(open.map((o) => `${o.classroomId}:${o.userId}`));
    const hands = await tx
      .select({ userId: liveParticipant.userId, handRaisedAt: liveParticipant.handRaisedAt, removed: liveParticipant.removed })
      .from(liveParticipant)
      .where(eq(liveParticipant.sessionId, session.id));
    const handUp = new Set(hands.filter((h) => h.handRaisedAt != null && !h.removed).map((h) => h.userId));
    const ids = classrooms.map((c) => c.id);
    const sheets = ids.length
      ? await tx
          .select({ classroomId: liveClassroomAttendance.classroomId, presentCount: liveClassroomAttendance.presentCount })
          .from(liveClassroomAttendance)
          .where(inArray(liveClassroomAttendance.classroomId, ids))
      : [];
    const present = new Map(sheets.map((r) => [r.classroomId, r.presentCount]));
    const poll = await currentPoll(tx, session.id);
    const answers = poll
      ? await tx
          .select({ classroomId: liveClassPollAnswer.classroomId, choice: liveClassPollAnswer.choice, counts: liveClassPollAnswer.counts })
          .from(liveClassPollAnswer)
          .where(eq(liveClassPollAnswer.pollId, poll.id))
      : [];
    const answerOf = new Map(answers.map((a) => [a.classroomId, a]));
    const questions = await pendingQuestions(tx, ids);
    return {
      sessionId: session.id,
      currentPollId: poll?.id ?? null,
      tiles: classrooms.map((c) => {
        const a = answerOf.get(c.id);
        return {
          ...publicClassroom(c),
          connected: connected.has(`${c.id}:${c.assistantId}`),
          handRaised: handUp.has(c.assistantId),
          presentCount: present.get(c.id) ?? null,
          pendingQuestion: questions.get(c.id) ?? null,
          currentAnswer: a && poll ? { pollId: poll.id, choice: a.choice, counts: a.counts } : null,
        };
      }),
    };
  });
}
