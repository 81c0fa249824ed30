import { and, desc, eq, gt, inArray, ne, or, sql } from "drizzle-orm";
import type { TLiveSessionStatus } from "@yanxiu/domain/live";
import type { Database } from "@yanxiu/db/client";
import type { TLiveActor } from "../live/index.ts";
import { course, enrollment, liveClassroom, liveInvite, liveSession, studio, studioMember } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

export type TMyLiveSession = {
  id: string;
  title: string;
  status: TLiveSessionStatus;
  scheduledStart: string;
  scheduledMinutes: number;
  /** When the host pressed 开始直播 and 结束直播 (null until then): what a started session shows. */
  startedAt: string | null;
  endedAt: string | null;
  /** How the viewer may attend: hosts it, through a studio, a course, or an invitation. */
  via: "host" | "studio" | "course" | "invite" | "classroom";
  /** The studio's name (a course session's is its unit's title, already the session's). */
  studioName: string | null;
};

/**
 * "我的直播": every session the viewer may attend (hosting, a studio's, a course's, invited, or as a 双师
 * classroom's assistant) that is live, still to come, or ended in the last 30 days
 * (live first, then the next to start, then the most recently ended), up to 100.
 */
export async function myLiveSessions(opts: { db: Database; actor: TLiveActor; now?: Date }): Promise<TMyLiveSession[]> {
  const { actor } = opts;
  const me = actor.actorId;
  const since = new Date((opts.now ?? new Date()).getTime() - 30 * 24 * 3600_000);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const myStudios = tx.select({ id: studioMember.studioId }).from(studioMember).where(and(eq(studioMember.userId, me), eq(studioMember.status, "active")));
    const hostedStudios = tx.select({ id: studio.id }).from(studio).where(eq(studio.hostId, me));
    const myCourses = tx.select({ id: enrollment.courseId }).from(enrollment).where(and(eq(enrollment.teacherId, me), ne(enrollment.status, "withdrawn")));
    const ownedCourses = tx.select({ id: course.id }).from(course).where(eq(course.ownerId, me));
    const invited = tx.select({ id: liveInvite.sessionId }).from(liveInvite).where(eq(liveInvite.userId, me));
    const assisting = tx.select({ id: liveClassroom.sessionId }).from(liveClassroom).where(eq(liveClassroom.assistantId, me));
    const rows = await tx
      .select({
        id: liveSession.id,
        title: liveSession.title,
        status: liveSession.status,
        scheduledStart: liveSession.scheduledStart,
        scheduledMinutes: liveSession.scheduledMinutes,
        startedAt: liveSession.startedAt,
        endedAt: liveSession.endedAt,
        hostId: liveSession.hostId,
        studioId: liveSession.studioId,
        courseId: liveSession.courseId,
        studioName: studio.name,
        invited: sql<boolean>`${liveSession.id} in (${invited})`,
        assisting: sql<boolean>`${liveSession.id} in (${assisting})`,
      })
      .from(liveSession)
      .leftJoin(studio, tenantEq(studio.id, liveSession.studioId))
      .where(
        and(
          or(ne(liveSession.status, "ended"), gt(liveSession.endedAt, since)),
          or(
            eq(liveSession.hostId, me),
            inArray(liveSession.studioId, myStudios),
            inArray(liveSession.studioId, hostedStudios),
            inArray(liveSession.courseId, myCourses),
            inArray(liveSession.courseId, ownedCourses),
            inArray(liveSession.id, invited),
            inArray(liveSession.id, assisting),
          ),
        ),
      )
      .orderBy(
        sql`case ${liveSession.status} when 'live' then 0 when 'scheduled' then 1 else 2 end`,
        sql`case when ${liveSession.status} = 'scheduled' then ${liveSession.scheduledStart} end asc`,
        desc(liveSession.endedAt),
        liveSession.id,
      )
      .limit(100);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      scheduledStart: r.scheduledStart.toISOString(),
      scheduledMinutes: r.scheduledMinutes,
      startedAt: r.startedAt?.toISOString() ?? null,
      endedAt: r.endedAt?.toISOString() ?? null,
      via: r.hostId === me ? "host" : r.assisting ? "classroom" : r.invited ? "invite" : r.studioId ? "studio" : "course",
      studioName: r.studioName,
    }));
  });
}
