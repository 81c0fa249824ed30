import { and, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { selfEnrollRefusal } from "@yanxiu/domain/courses";
import { ZSelfEnrollInput } from "@yanxiu/domain/progress";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { courseVersion, enrollment } from "@yanxiu/db/schema";
import { parseInput } from "../../common/parse-input.ts";
import { loadCourse } from "../common.ts";

/**
 * A teacher enrols themselves on a course's published version (source `self`). Enrolling again is a
 * no-op that returns the enrolment they have. Refusals (archived, assigned only, not open yet, closed)
 * are a badRequest `enrollRefused` with the reason under `courseId`; a course never published is notFound.
 */
export async function selfEnroll(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const { courseId } = parseInput(ZSelfEnrollInput, opts.input);
  const now = opts.now ?? new Date();
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadCourse(tx, courseId);
    const mine = and(eq(enrollment.courseId, courseId), eq(enrollment.teacherId, actor.actorId));
    const [existing] = await tx.select().from(enrollment).where(mine).limit(1);
    if (existing && existing.status !== "withdrawn") return { enrollmentId: existing.id, created: false };
    if (c.status === "draft" || !c.publishedVersionId) throw new AppError("notFound", `course ${courseId}`);
    const [v] = await tx.select().from(courseVersion).where(eq(courseVersion.id, c.publishedVersionId)).limit(1);
    if (!v) throw new AppError("notFound", `course ${courseId}`);
    const refusal = selfEnrollRefusal({ courseStatus: c.status, ...v }, now);
    if (refusal) throw new AppError("badRequest", `enrollRefused: ${refusal}`, { courseId: [refusal] });
    if (existing) {
      // Withdrawn earlier: back on the course, on today's published version.
      await tx
        .update(enrollment)
        .set({ status: "active", versionId: v.id, source: "self", deadline: null, assignedBy: null, enrolledAt: now, completedAt: null })
        .where(eq(enrollment.id, existing.id));
      return { enrollmentId: existing.id, created: true };
    }
    const [row] = await tx
      .insert(enrollment)
      .values({ tenantId: actor.tenantId, courseId, teacherId: actor.actorId, versionId: v.id, source: "self", enrolledAt: now })
      .onConflictDoNothing()
      .returning();
    if (row) return { enrollmentId: row.id, created: true };
    // A concurrent request enrolled first: the same enrolment.
    const [again] = await tx.select().from(enrollment).where(mine).limit(1);
    return { enrollmentId: again!.id, created: false };
  });
}
