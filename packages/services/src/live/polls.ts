import { and, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { TPollAnswer, TPollClose, TPollCreate, TPollTally, TPollView } from "@yanxiu/domain/live";
import type { Database, Tx } from "@yanxiu/db/client";
import { livePoll, livePollAnswer } from "@yanxiu/db/schema";
import { requireParticipant, type TLiveActor } from "./access.ts";
import { pollTally, pollView } from "./room-state.ts";

function isUniqueViolation(e: unknown): boolean {
  const c = e as { code?: string; cause?: { code?: string } } | null;
  return c?.code === "23505" || c?.cause?.code === "23505";
}

async function loadPoll(tx: Tx, sessionId: string, pollId: string, lock = false) {
  const q = tx.select().from(livePoll).where(and(eq(livePoll.id, pollId), eq(livePoll.sessionId, sessionId))).limit(1);
  const [p] = lock ? await q.for("update") : await q;
  if (!p) throw new AppError("notFound", `poll ${pollId}`);
  return p;
}

/** The host or a co-host asks a question with 2–10 options; it is open at once. */
export async function createPoll(opts: { db: Database; actor: TLiveActor; input: TPollCreate }): Promise<TPollView> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, input.sessionId, "poll.create");
    const [p] = await tx.insert(livePoll).values({ tenantId: actor.tenantId, sessionId: session.id, question: input.question, options: input.options }).returning();
    return pollView(tx, p!, actor.actorId);
  });
}

/**
 * One answer per participant and poll, never changed: the primary key (tenant, poll, user) is the guard,
 * so two answers sent at once from two tabs still make one (the other gets alreadyAnswered).
 */
export async function answerPoll(opts: { db: Database; actor: TLiveActor; input: TPollAnswer }): Promise<TPollTally> {
  const { actor, input } = opts;
  try {
    return await opts.db.withTenant(actor.tenantId, async (tx) => {
      const { session } = await requireParticipant(tx, actor, input.sessionId, "poll.answer");
      if (session.kind === "coTeaching") throw new AppError("classAnswerOnly", `${session.id} is answered per classroom`);
      // Locked in share mode against a concurrent close: an answer either lands before the close or is refused.
      const [p] = await tx.select().from(livePoll).where(and(eq(livePoll.id, input.pollId), eq(livePoll.sessionId, session.id))).limit(1).for("share");
      if (!p) throw new AppError("notFound", `poll ${input.pollId}`);
      if (p.status !== "open") throw new AppError("pollClosed", `poll ${p.id} is closed`);
      if (input.option >= p.options.length) throw new AppError("badRequest", `option ${input.option} of ${p.options.length}`);
      await tx.insert(livePollAnswer).values({ tenantId: actor.tenantId, pollId: p.id, userId: actor.actorId, option: input.option });
      return pollTally(tx, p);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("alreadyAnswered", `${actor.actorId} already answered ${input.pollId}`);
    throw e;
  }
}

/** Closes a poll; its results stay with the session. Closing a closed poll returns the same tally. */
export async function closePoll(opts: { db: Database; actor: TLiveActor; input: TPollClose }): Promise<TPollTally> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, input.sessionId, "poll.close");
    const p = await loadPoll(tx, session.id, input.pollId, true);
    if (p.status === "closed") return pollTally(tx, p);
    const [closed] = await tx.update(livePoll).set({ status: "closed", closedAt: new Date() }).where(eq(livePoll.id, p.id)).returning();
    return pollTally(tx, closed!);
  });
}
