import { pickVersionFacts } from "@yanxiu/domain/courses";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../../audit/append.ts";
import type { Database } from "@yanxiu/db/client";
import { course, courseSection, courseUnit, courseVersion, enrollment } from "@yanxiu/db/schema";
import { loadVersionContent, type TCourseActor } from "../common.ts";
import { loadCourseForEdit, loadVersion, parseDeep, requireId } from "./access.ts";

/**
 * New versions of a published course. A new draft copies the published content with the SAME section and
 * unit ids, so a unit keeps its identity across versions and progress recorded against it follows a
 * teacher who is moved to the newer version. Teachers are never moved implicitly.
 */

/** Opens version n+1 as a draft copy of the published version (or returns the draft already open). */
export async function startNewDraft(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<{ versionId: string }> {
  const { actor } = opts;
  const courseId = requireId((opts.input as { courseId?: unknown } | null)?.courseId, "course");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadCourseForEdit(tx, actor, courseId, true);
    if (c.draftVersionId) return { versionId: c.draftVersionId };
    if (!c.publishedVersionId) throw new AppError("conflict", "nothing published to start from");
    const from = await loadVersionContent(tx, c.publishedVersionId);
    const [{ max }] = (await tx.select({ max: sql<number>`max(${courseVersion.number})::int` }).from(courseVersion).where(eq(courseVersion.courseId, c.id))) as [{ max: number }];
    const v = from.version;
    const versionId = randomUUID();
    await tx.insert(courseVersion).values({
      tenantId: actor.tenantId,
      id: versionId,
      courseId: c.id,
      number: max + 1,
      status: "draft",
      ...pickVersionFacts(v),
    });
    if (from.sections.length) {
      await tx.insert(courseSection).values(from.sections.map((s) => ({ tenantId: actor.tenantId, versionId, id: s.id, position: s.position, title: s.title })));
    }
    if (from.units.length) {
      await tx.insert(courseUnit).values(
        from.units.map((u) => ({
          tenantId: actor.tenantId,
          versionId,
          id: u.id,
          sectionId: u.sectionId,
          position: u.position,
          kind: u.kind,
          title: u.title,
          creditHours: u.creditHours,
          required: u.required,
          criterion: u.criterion,
          config: u.config,
        })),
      );
    }
    await tx.update(course).set({ draftVersionId: versionId, updatedAt: new Date() }).where(eq(course.id, c.id));
    await appendAudit(tx, actor, { action: "course.startNewDraft", target: `course:${c.id}`, data: { version: max + 1 } });
    return { versionId };
  });
}

const ZMoveInput = z
  .object({
    courseId: z.string(),
    toVersionId: z.string(),
    enrollmentIds: z.array(z.uuid()).max(50_000).optional(),
  })
  .strict();

/**
 * Moves enrolments (all, or the listed ones) to a published version of the course. Progress is keyed by
 * the stable unit ids, so what a teacher completed stays completed; units new in the version start empty.
 */
export async function moveEnrollments(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<{ moved: number }> {
  const { actor } = opts;
  const input = parseDeep(ZMoveInput, opts.input);
  const courseId = requireId(input.courseId, "course");
  const toVersionId = requireId(input.toVersionId, "version");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadCourseForEdit(tx, actor, courseId, true);
    if (c.ownerId !== actor.actorId) throw new AppError("forbidden", "only the owner moves enrolments");
    const to = await loadVersion(tx, toVersionId);
    if (to.courseId !== c.id) throw new AppError("notFound", `version ${toVersionId}`);
    if (to.status !== "published") throw new AppError("conflict", "enrolments move only to the published version");
    const where = [eq(enrollment.courseId, c.id), ne(enrollment.versionId, to.id)];
    if (input.enrollmentIds) {
      if (input.enrollmentIds.length === 0) return { moved: 0 };
      where.push(inArray(enrollment.id, input.enrollmentIds));
    }
    const rows = await tx
      .update(enrollment)
      .set({ versionId: to.id })
      .where(and(...where))
      .returning({ id: enrollment.id });
    await appendAudit(tx, actor, { action: "course.moveEnrollments", target: `course:${c.id}`, data: { toVersion: to.number, moved: rows.length } });
    return { moved: rows.length };
  });
}
