import { and, asc, desc, eq, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { tallyClassPoll, type TClassPollTally, type TClassroomFacts } from "@yanxiu/domain/coteaching";
import type { Tx } from "@yanxiu/db/client";
import { loadLiveSession, mayAttend, type TLiveActor, type TLiveSessionRow } from "../live/access.ts";
import { liveClassPollAnswer, liveClassroom, liveCoTeaching, livePoll, orgUnit, user } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

export type TCoTeachingActor = TLiveActor;
export type TLivePollRow = typeof livePoll.$inferSelect;

/** A co-teaching session of the tenant; any other session (or none, or another tenant's) is notFound. */
export async function loadCoTeachingSession(tx: Tx, sessionId: string, opts: { lock?: boolean } = {}) {
  const s = await loadLiveSession(tx, sessionId, opts);
  if (s.kind !== "coTeaching") throw new AppError("notFound", `co-teaching session ${sessionId}`);
  const [c] = await tx.select().from(liveCoTeaching).where(eq(liveCoTeaching.sessionId, s.id)).limit(1);
  if (!c) throw new AppError("notFound", `co-teaching session ${sessionId}`);
  return { session: s, creditHours: Number(c.creditHours), organiserUnitId: c.organiserUnitId };
}

/** The session for its lecturer (or a co-host); an assistant is forbidden, anyone else notFound. */
export async function requireLecturer(tx: Tx, actor: TCoTeachingActor, sessionId: string) {
  const loaded = await loadCoTeachingSession(tx, sessionId);
  const role = await mayAttend(tx, actor.actorId, loaded.session);
  if (!role) throw new AppError("notFound", `co-teaching session ${sessionId}`);
  if (role === "participant") throw new AppError("forbidden", "only the lecturer sees every classroom");
  return loaded;
}

/** The session's classrooms in the lecturer's order, with school and assistant names. */
export async function loadClassrooms(tx: Tx, sessionId: string): Promise<(TClassroomFacts & { roster: string[] | null })[]> {
  const rows = await tx
    .select({
      id: liveClassroom.id,
      position: liveClassroom.position,
      schoolId: liveClassroom.schoolId,
      schoolName: orgUnit.name,
      grade: liveClassroom.grade,
      className: liveClassroom.className,
      headcount: liveClassroom.headcount,
      assistantId: liveClassroom.assistantId,
      assistantName: user.displayName,
      roster: liveClassroom.roster,
    })
    .from(liveClassroom)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, liveClassroom.schoolId))
    .innerJoin(user, tenantEq(user.id, liveClassroom.assistantId))
    .where(eq(liveClassroom.sessionId, sessionId))
    .orderBy(asc(liveClassroom.position));
  return rows.map((r) => ({ ...r, hasRoster: r.roster != null }));
}

export const publicClassroom = ({ roster: _roster, ...c }: TClassroomFacts & { roster: string[] | null }): TClassroomFacts => c;

/** One classroom of the session, or notFound (another session's or tenant's classroom is not there). */
export async function loadClassroom(tx: Tx, sessionId: string, classroomId: string) {
  const [c] = await tx
    .select()
    .from(liveClassroom)
    .where(and(eq(liveClassroom.id, classroomId), eq(liveClassroom.sessionId, sessionId)))
    .limit(1);
  if (!c) throw new AppError("notFound", `classroom ${classroomId}`);
  return c;
}

/** A poll's class-level results: per classroom in the session's order, and in total. */
export async function classPollTally(tx: Tx, sessionId: string, poll: TLivePollRow, classroomIds?: string[]): Promise<TClassPollTally> {
  const ids =
    classroomIds ??
    (await tx.select({ id: liveClassroom.id }).from(liveClassroom).where(eq(liveClassroom.sessionId, sessionId)).orderBy(asc(liveClassroom.position))).map((r) => r.id);
  const answers = await tx
    .select({ classroomId: liveClassPollAnswer.classroomId, choice: liveClassPollAnswer.choice, counts: liveClassPollAnswer.counts })
    .from(liveClassPollAnswer)
    .where(eq(liveClassPollAnswer.pollId, poll.id))
    .orderBy(asc(liveClassPollAnswer.createdAt));
  return tallyClassPoll({ pollId: poll.id, status: poll.status, optionCount: poll.options.length }, ids, answers);
}

/** The poll the lecturer's view shows: the latest open one, else the latest one, else null. */
export async function currentPoll(tx: Tx, sessionId: string): Promise<TLivePollRow | null> {
  const [p] = await tx
    .select()
    .from(livePoll)
    .where(eq(livePoll.sessionId, sessionId))
    .orderBy(desc(sql`${livePoll.status} = 'open'`), desc(livePoll.createdAt), desc(livePoll.id))
    .limit(1);
  return p ?? null;
}

export function isUniqueViolation(e: unknown): boolean {
  const c = e as { code?: string; cause?: { code?: string } } | null;
  return c?.code === "23505" || c?.cause?.code === "23505";
}

export type { TLiveSessionRow };
