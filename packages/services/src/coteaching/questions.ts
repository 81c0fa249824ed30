import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { ZClassQuestion, ZClassQuestionAnswered } from "@yanxiu/domain/coteaching";
import type { Database, Tx } from "@yanxiu/db/client";
import { liveClassQuestion, liveClassroom } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadClassroom, loadCoTeachingSession, requireLecturer, type TCoTeachingActor } from "./common.ts";

export type TClassQuestionView = { id: string; classroomId: string; body: string; createdAt: string; answered: boolean };

/**
 * A classroom's question for the lecturer, sent by its assistant while the session has not ended. Another
 * classroom's assistant is forbidden; a classroom not in the session notFound.
 */
export async function askClassQuestion(opts: { db: Database; actor: TCoTeachingActor; input: unknown }): Promise<TClassQuestionView> {
  const input = parseInput(ZClassQuestion, opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await loadCoTeachingSession(tx, input.sessionId);
    const classroom = await loadClassroom(tx, session.id, input.classroomId);
    if (classroom.assistantId !== actor.actorId) throw new AppError("forbidden", "only the classroom's assistant asks for it");
    if (session.status === "ended") throw new AppError("sessionEnded", `session ${session.id} has ended`);
    const [q] = await tx.insert(liveClassQuestion).values({ tenantId: actor.tenantId, classroomId: classroom.id, body: input.body, askedBy: actor.actorId }).returning();
    return { id: q!.id, classroomId: q!.classroomId, body: q!.body, createdAt: q!.createdAt.toISOString(), answered: false };
  });
}

/** The lecturer (or a co-host) marks a question answered; twice, or another session's question, is notFound. */
export async function markClassQuestionAnswered(opts: { db: Database; actor: TCoTeachingActor; input: unknown }): Promise<{ questionId: string }> {
  const input = parseInput(ZClassQuestionAnswered, opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireLecturer(tx, actor, input.sessionId);
    const rooms = tx.select({ id: liveClassroom.id }).from(liveClassroom).where(eq(liveClassroom.sessionId, session.id));
    const done = await tx
      .update(liveClassQuestion)
      .set({ answeredAt: new Date() })
      .where(and(eq(liveClassQuestion.id, input.questionId), isNull(liveClassQuestion.answeredAt), inArray(liveClassQuestion.classroomId, rooms)))
      .returning({ id: liveClassQuestion.id });
    if (!done.length) throw new AppError("notFound", `question ${input.questionId}`);
    return { questionId: input.questionId };
  });
}

/** Each classroom's oldest unanswered question (for the tiles). */
export async function pendingQuestions(tx: Tx, classroomIds: string[]): Promise<Map<string, { id: string; body: string; createdAt: string }>> {
  if (!classroomIds.length) return new Map();
  const rows = await tx
    .select()
    .from(liveClassQuestion)
    .where(and(inArray(liveClassQuestion.classroomId, classroomIds), isNull(liveClassQuestion.answeredAt)))
    .orderBy(asc(liveClassQuestion.createdAt), asc(liveClassQuestion.id));
  const out = new Map<string, { id: string; body: string; createdAt: string }>();
  for (const r of rows) if (!out.has(r.classroomId)) out.set(r.classroomId, { id: r.id, body: r.body, createdAt: r.createdAt.toISOString() });
  return out;
}

/** A classroom's questions in order (the assistant's panel). */
export async function classroomQuestions(tx: Tx, classroomId: string): Promise<TClassQuestionView[]> {
  const rows = await tx.select().from(liveClassQuestion).where(eq(liveClassQuestion.classroomId, classroomId)).orderBy(asc(liveClassQuestion.createdAt), asc(liveClassQuestion.id));
  return rows.map((r) => ({ id: r.id, classroomId: r.classroomId, body: r.body, createdAt: r.createdAt.toISOString(), answered: r.answeredAt != null }));
}
