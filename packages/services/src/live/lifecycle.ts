import { and, eq, isNull } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { TLiveSessionStatus } from "@yanxiu/domain/live";
import type { Database } from "@yanxiu/db/client";
import { liveAttendance, liveParticipant, liveSession } from "@yanxiu/db/schema";
import { requireParticipant, type TLiveActor } from "./access.ts";

/** The host opens the room: scheduled → live (starting a live session again is a no-op). */
export async function startLiveSession(opts: { db: Database; actor: TLiveActor; sessionId: string; now?: Date }): Promise<TLiveSessionStatus> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, opts.sessionId, "session.start", { lock: true });
    if (session.status === "live") return "live" as const;
    await tx.update(liveSession).set({ status: "live", startedAt: opts.now ?? new Date() }).where(eq(liveSession.id, session.id));
    return "live" as const;
  });
}

/**
 * The host ends the session: live → ended, every open attendance interval closes at the end and every
 * hand goes down. Nothing in the room changes after this (see `statusRefusal`).
 */
export async function endLiveSession(opts: { db: Database; actor: TLiveActor; sessionId: string; now?: Date }): Promise<TLiveSessionStatus> {
  const { actor } = opts;
  const now = opts.now ?? new Date();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, opts.sessionId, "session.end", { lock: true });
    if (session.status !== "live") throw new AppError("sessionNotLive", `session ${session.id} is ${session.status}`);
    await tx.update(liveSession).set({ status: "ended", endedAt: now }).where(eq(liveSession.id, session.id));
    await tx.update(liveAttendance).set({ leftAt: now }).where(and(eq(liveAttendance.sessionId, session.id), isNull(liveAttendance.leftAt)));
    await tx.update(liveParticipant).set({ handRaisedAt: null }).where(eq(liveParticipant.sessionId, session.id));
    return "ended" as const;
  });
}
