import { and, eq, ne } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { mayLive, statusRefusal, type TLiveAction, type TLiveRole } from "@yanxiu/domain/live";
import type { Tx } from "@yanxiu/db/client";
import { course, enrollment, liveClassroom, liveInvite, liveParticipant, liveSession, studio, studioMember } from "@yanxiu/db/schema";

/**
 * The single place that decides who may be in a live session's room, and in which role. A missing or
 * foreign session is notFound (RLS hides other tenants' rows); a session of this tenant the actor may not
 * attend is forbidden.
 */

/** The caller of a live service: who, in which tenant. */
export type TLiveActor = { tenantId: string; actorId: string };
export type TLiveSessionRow = typeof liveSession.$inferSelect;
export type TLiveParticipantRow = typeof liveParticipant.$inferSelect;

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => uuidShape.test(s);

export async function loadLiveSession(tx: Tx, sessionId: string, opts: { lock?: boolean } = {}): Promise<TLiveSessionRow> {
  if (!isUuid(sessionId)) throw new AppError("notFound", `live session ${sessionId}`);
  const q = tx.select().from(liveSession).where(eq(liveSession.id, sessionId)).limit(1);
  const [s] = opts.lock ? await q.for("update") : await q;
  if (!s) throw new AppError("notFound", `live session ${sessionId}`);
  return s;
}

/**
 * Whether the actor may attend, and as what. The session's host always (as host). A studio session:
 * the studio's host and its active members (the studio's host and co-hosts as co-hosts). A course
 * `liveSession` unit's session: the course owner (co-host) and teachers enrolled on the course and not
 * withdrawn. Anyone the host or a co-host invited to this session: participant. Anyone else: null.
 */
export async function mayAttend(tx: Tx, actorId: string, s: TLiveSessionRow): Promise<TLiveRole | null> {
  return (await roleByRight(tx, actorId, s)) ?? ((await isInvited(tx, s.id, actorId)) ? "participant" : null);
}

/**
 * The role the actor has by the studio or the course alone (not by an invitation). A co-teaching session:
 * its lecturer (the host) and each classroom's assistant teacher (a participant tied to their classroom).
 */
export async function roleByRight(tx: Tx, actorId: string, s: TLiveSessionRow): Promise<TLiveRole | null> {
  if (s.hostId === actorId) return "host";
  if (s.kind === "coTeaching") return (await classroomOf(tx, s.id, actorId)) ? "participant" : null;
  if (s.studioId) {
    const [st] = await tx.select({ hostId: studio.hostId }).from(studio).where(eq(studio.id, s.studioId)).limit(1);
    if (st?.hostId === actorId) return "coHost";
    const [m] = await tx
      .select({ role: studioMember.role })
      .from(studioMember)
      .where(and(eq(studioMember.studioId, s.studioId), eq(studioMember.userId, actorId), eq(studioMember.status, "active")))
      .limit(1);
    if (!m) return null;
    return m.role === "member" ? "participant" : "coHost";
  }
  if (s.courseId) {
    const [c] = await tx.select({ ownerId: course.ownerId }).from(course).where(eq(course.id, s.courseId)).limit(1);
    if (c?.ownerId === actorId) return "coHost";
    const [e] = await tx
      .select({ id: enrollment.id })
      .from(enrollment)
      .where(and(eq(enrollment.courseId, s.courseId), eq(enrollment.teacherId, actorId), ne(enrollment.status, "withdrawn")))
      .limit(1);
    return e ? "participant" : null;
  }
  return null;
}

/** The classroom a co-teaching session's assistant runs (each assistant runs one), or null. */
export async function classroomOf(tx: Tx, sessionId: string, userId: string): Promise<string | null> {
  const [c] = await tx
    .select({ id: liveClassroom.id })
    .from(liveClassroom)
    .where(and(eq(liveClassroom.sessionId, sessionId), eq(liveClassroom.assistantId, userId)))
    .limit(1);
  return c?.id ?? null;
}

async function isInvited(tx: Tx, sessionId: string, userId: string): Promise<boolean> {
  const [i] = await tx
    .select({ userId: liveInvite.userId })
    .from(liveInvite)
    .where(and(eq(liveInvite.sessionId, sessionId), eq(liveInvite.userId, userId)))
    .limit(1);
  return Boolean(i);
}

export async function loadParticipant(tx: Tx, sessionId: string, userId: string): Promise<TLiveParticipantRow | null> {
  const [p] = await tx
    .select()
    .from(liveParticipant)
    .where(and(eq(liveParticipant.sessionId, sessionId), eq(liveParticipant.userId, userId)))
    .limit(1);
  return p ?? null;
}

/**
 * The session and the actor's participant row, for an action in the room: the actor must have joined
 * (and not been removed), their role must allow the action, and the session's status must too.
 */
export async function requireParticipant(
  tx: Tx,
  actor: TLiveActor,
  sessionId: string,
  action: TLiveAction,
  opts: { lock?: boolean } = {},
): Promise<{ session: TLiveSessionRow; me: TLiveParticipantRow }> {
  const session = await loadLiveSession(tx, sessionId, opts);
  const me = await loadParticipant(tx, session.id, actor.actorId);
  if (!me) throw new AppError("liveNotJoined", `${actor.actorId} has not joined ${sessionId}`);
  if (me.removed) throw new AppError("removedFromSession", `${actor.actorId} was removed from ${sessionId}`);
  if (!mayLive(me.role, action)) throw new AppError("forbidden", `${me.role} may not ${action}`);
  const refusal = statusRefusal(session.status, action);
  if (refusal) throw new AppError(refusal, `${action} while ${session.status}`);
  return { session, me };
}
