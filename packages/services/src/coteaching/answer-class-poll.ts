import { and, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { classPollAnswerRefusal, ZClassPollAnswer, type TClassPollTally } from "@yanxiu/domain/coteaching";
import type { Database } from "@yanxiu/db/client";
import { mayAttend, requireParticipant } from "../live/access.ts";
import { liveClassPollAnswer, livePoll } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { classPollTally, isUniqueViolation, loadClassroom, loadCoTeachingSession, type TCoTeachingActor } from "./common.ts";

/**
 * A classroom's answer to a poll, for the whole class, by its assistant only (another classroom's
 * assistant is forbidden): the class's choice or a count per option (within the poll's options and the
 * classroom's headcount), while the poll is open. Once per poll and classroom, never changed: the primary
 * key (tenant, poll, classroom) is the guard, so a second answer — from a second tab at the same moment
 * too — is refused with alreadyAnswered. Returns the poll's results per classroom and in total.
 */
export async function answerClassPoll(opts: { db: Database; actor: TCoTeachingActor; input: unknown }): Promise<TClassPollTally> {
  const input = parseInput(ZClassPollAnswer, opts.input);
  const { actor } = opts;
  try {
    return await opts.db.withTenant(actor.tenantId, async (tx) => {
      const { session } = await requireParticipant(tx, actor, input.sessionId, "poll.answer");
      if (session.kind !== "coTeaching") throw new AppError("notFound", `co-teaching session ${session.id}`);
      const classroom = await loadClassroom(tx, session.id, input.classroomId);
      if (classroom.assistantId !== actor.actorId) throw new AppError("forbidden", "only the classroom's assistant answers for it");
      // Share-locked against a concurrent close, as answerPoll does: the answer lands before the close or is refused.
      const [p] = await tx.select().from(livePoll).where(and(eq(livePoll.id, input.pollId), eq(livePoll.sessionId, session.id))).limit(1).for("share");
      if (!p) throw new AppError("notFound", `poll ${input.pollId}`);
      if (p.status !== "open") throw new AppError("pollClosed", `poll ${p.id} is closed`);
      const refusal = classPollAnswerRefusal(input, { optionCount: p.options.length, headcount: classroom.headcount });
      if (refusal) throw new AppError("badRequest", "answer does not fit the poll or the class", refusal);
      await tx.insert(liveClassPollAnswer).values({
        tenantId: actor.tenantId,
        pollId: p.id,
        classroomId: classroom.id,
        answeredBy: actor.actorId,
        choice: input.choice ?? null,
        counts: input.counts ?? null,
      });
      return classPollTally(tx, session.id, p);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("alreadyAnswered", `classroom ${input.classroomId} already answered ${input.pollId}`);
    throw e;
  }
}

/** A poll's class-level results, for anyone who may attend the session (also after it ended). */
export async function loadClassPollTally(opts: { db: Database; actor: TCoTeachingActor; sessionId: string; pollId: string }): Promise<TClassPollTally> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await loadCoTeachingSession(tx, opts.sessionId);
    if (!(await mayAttend(tx, actor.actorId, session))) throw new AppError("notFound", `co-teaching session ${session.id}`);
    const [p] = await tx.select().from(livePoll).where(and(eq(livePoll.id, opts.pollId), eq(livePoll.sessionId, session.id))).limit(1);
    if (!p) throw new AppError("notFound", `poll ${opts.pollId}`);
    return classPollTally(tx, session.id, p);
  });
}
