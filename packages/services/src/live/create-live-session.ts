import { and, eq, inArray } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { createLiveSessionSchemaFor, type TCreateLiveSessionInput, type TLiveSessionFacts } from "@yanxiu/domain/live";
import type { Database } from "@yanxiu/db/client";
import { course, courseUnit, liveSession, studio, studioActivity, studioMember } from "@yanxiu/db/schema";
import { isUuid, type TLiveActor } from "./access.ts";
import { sessionFacts } from "./room-state.ts";

/**
 * Schedules a live session, hosted by the actor: for a studio (and optionally one of its activities) by
 * the studio's host or an active co-host, or for a course's `liveSession` unit by the course's owner.
 * A foreign or missing studio, course, activity or unit is notFound; someone else's is forbidden.
 */
export async function createLiveSession(opts: { db: Database; actor: TLiveActor; input: unknown }): Promise<TLiveSessionFacts> {
  const parsed = createLiveSessionSchemaFor(opts.input).safeParse(opts.input);
  if (!parsed.success) throw new AppError("badRequest", "invalid live session", parsed.error.flatten().fieldErrors as Record<string, string[]>);
  const input: TCreateLiveSessionInput = parsed.data;
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const common = {
      tenantId: actor.tenantId,
      title: input.title,
      hostId: actor.actorId,
      scheduledStart: input.scheduledStart,
      scheduledMinutes: input.scheduledMinutes,
    };
    if ("studioId" in input) {
      const [st] = await tx.select().from(studio).where(eq(studio.id, input.studioId)).limit(1);
      if (!st) throw new AppError("notFound", `studio ${input.studioId}`);
      if (st.hostId !== actor.actorId) {
        const [m] = await tx
          .select({ role: studioMember.role })
          .from(studioMember)
          .where(and(eq(studioMember.studioId, st.id), eq(studioMember.userId, actor.actorId), eq(studioMember.status, "active")))
          .limit(1);
        if (!m || m.role === "member") throw new AppError("forbidden", "only the studio's host and co-hosts schedule sessions");
      }
      if (input.activityId) {
        const [a] = await tx
          .select({ id: studioActivity.id })
          .from(studioActivity)
          .where(and(eq(studioActivity.id, input.activityId), eq(studioActivity.studioId, st.id)))
          .limit(1);
        if (!a) throw new AppError("notFound", `activity ${input.activityId}`);
      }
      const [row] = await tx.insert(liveSession).values({ ...common, studioId: st.id, activityId: input.activityId ?? null }).returning();
      return sessionFacts(row!);
    }
    if (!isUuid(input.courseId)) throw new AppError("notFound", "course");
    const [c] = await tx.select().from(course).where(eq(course.id, input.courseId)).limit(1);
    if (!c) throw new AppError("notFound", `course ${input.courseId}`);
    if (c.ownerId !== actor.actorId) throw new AppError("forbidden", "only the course owner schedules its live sessions");
    const versions = [c.publishedVersionId, c.draftVersionId].filter((v): v is string => v != null);
    const [u] = versions.length
      ? await tx
          .select({ id: courseUnit.id })
          .from(courseUnit)
          .where(and(eq(courseUnit.id, input.unitId), inArray(courseUnit.versionId, versions), eq(courseUnit.kind, "liveSession")))
          .limit(1)
      : [];
    if (!u) throw new AppError("notFound", `live session unit ${input.unitId}`);
    const [row] = await tx.insert(liveSession).values({ ...common, courseId: c.id, unitId: u.id }).returning();
    return sessionFacts(row!);
  });
}
