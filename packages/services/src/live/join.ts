import { and, eq, isNull } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { TLiveRole, TLiveRoomState } from "@yanxiu/domain/live";
import type { Database } from "@yanxiu/db/client";
import { liveAttendance, liveParticipant } from "@yanxiu/db/schema";
import { classroomOf, loadLiveSession, loadParticipant, mayAttend, type TLiveActor } from "./access.ts";
import { loadRoomState } from "./room-state.ts";

export type TJoinedLiveSession = { role: TLiveRole; attendanceId: string; state: TLiveRoomState };

/**
 * Enters a session's room: refuses whoever may not attend (forbidden), was removed (removedFromSession)
 * or comes after the end (sessionEnded); records the participant (keeping mute and removal, which a
 * reconnect must not undo), opens an attendance interval (a co-teaching assistant's carries their
 * classroom), and returns the room's state.
 */
export async function joinLiveSession(opts: { db: Database; actor: TLiveActor; sessionId: string; now?: Date }): Promise<TJoinedLiveSession> {
  const { actor } = opts;
  const now = opts.now ?? new Date();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const s = await loadLiveSession(tx, opts.sessionId);
    const role = await mayAttend(tx, actor.actorId, s);
    if (!role) throw new AppError("forbidden", `${actor.actorId} may not attend ${s.id}`);
    const existing = await loadParticipant(tx, s.id, actor.actorId);
    if (existing?.removed) throw new AppError("removedFromSession", `${actor.actorId} was removed from ${s.id}`);
    if (s.status === "ended") throw new AppError("sessionEnded", `session ${s.id} has ended`);
    await tx
      .insert(liveParticipant)
      .values({ tenantId: actor.tenantId, sessionId: s.id, userId: actor.actorId, role, firstJoinedAt: now })
      .onConflictDoUpdate({ target: [liveParticipant.tenantId, liveParticipant.sessionId, liveParticipant.userId], set: { role } });
    const [a] = await tx
      .insert(liveAttendance)
      .values({ tenantId: actor.tenantId, sessionId: s.id, userId: actor.actorId, classroomId: s.kind === "coTeaching" ? await classroomOf(tx, s.id, actor.actorId) : null, joinedAt: now })
      .returning({ id: liveAttendance.id });
    return { role, attendanceId: a!.id, state: await loadRoomState(tx, s, actor.actorId) };
  });
}

/** Closes one attendance interval (a tab left or its connection dropped). Closing twice is a no-op. */
export async function leaveLiveSession(opts: { db: Database; actor: TLiveActor; attendanceId: string; now?: Date }): Promise<void> {
  const { actor } = opts;
  await opts.db.withTenant(actor.tenantId, (tx) =>
    tx
      .update(liveAttendance)
      .set({ leftAt: opts.now ?? new Date() })
      .where(and(eq(liveAttendance.id, opts.attendanceId), eq(liveAttendance.userId, actor.actorId), isNull(liveAttendance.leftAt))),
  );
}
