import { asc, eq } from "drizzle-orm";
import { parseUnitConfig } from "@yanxiu/domain/courses";
import type { Database } from "@yanxiu/db/client";
import { currentContent, loadManagedCourse } from "../courses/classwork/access.ts";
import type { TActor } from "../org/scope.ts";
import { liveSession } from "@yanxiu/db/schema";
import type { TStudioSession } from "./studio-sessions.ts";

export type TCourseLiveUnit = {
  id: string;
  title: string;
  /** What the unit's author planned (the schedule form starts from it). */
  startsAt: string;
  durationMinutes: number;
  minMinutes: number;
  sessions: TStudioSession[];
};

/**
 * A course's `liveSession` units (of its current version) with the rooms opened for each, for the course's
 * owner and the admins above its training institution (the trainer's 直播 tab). Anyone else, and any
 * other tenant, gets notFound.
 */
export async function courseLiveUnits(opts: { db: Database; actor: TActor; courseId: string }): Promise<{ courseId: string; courseTitle: string; isOwner: boolean; units: TCourseLiveUnit[] }> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadManagedCourse(tx, actor, opts.courseId, { admins: true });
    const content = await currentContent(tx, c);
    const rows = await tx
      .select()
      .from(liveSession)
      .where(eq(liveSession.courseId, c.id))
      .orderBy(asc(liveSession.scheduledStart), asc(liveSession.createdAt));
    const units = content.units
      .filter((u) => u.kind === "liveSession")
      .map((u): TCourseLiveUnit => {
        const cfg = parseUnitConfig("liveSession", u.config);
        return {
          id: u.id,
          title: u.title,
          startsAt: new Date(cfg.startsAt).toISOString(),
          durationMinutes: cfg.durationMinutes,
          minMinutes: u.criterion.kind === "liveSession" ? u.criterion.minMinutes : 0,
          sessions: rows
            .filter((s) => s.unitId === u.id)
            .map((s) => ({
              id: s.id,
              title: s.title,
              activityId: null,
              status: s.status,
              scheduledStart: s.scheduledStart.toISOString(),
              scheduledMinutes: s.scheduledMinutes,
              startedAt: s.startedAt?.toISOString() ?? null,
              endedAt: s.endedAt?.toISOString() ?? null,
            })),
        };
      });
    return { courseId: c.id, courseTitle: content.version.title, isOwner: c.ownerId === actor.actorId, units };
  });
}
