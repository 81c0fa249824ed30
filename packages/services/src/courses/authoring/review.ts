import { and, asc, eq } from "drizzle-orm";
import { nextVersionStatus, publishProblems, ZReviewInput, type TReviewAction, type TVersionStatus } from "@yanxiu/domain/courses";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../../audit/append.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { course, courseCategory, courseVersion, orgUnit, user } from "@yanxiu/db/schema";
import { canReview, loadCourse, loadVersionContent, type TCourseActor, type TCourseRow } from "../common.ts";
import { frozenAsConflict, loadCourseForEdit, loadFiles, loadVersion, parseDeep, requireId } from "./access.ts";
import { fileIdsOf } from "./courses.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/**
 * The review workflow: the owner submits or withdraws the draft; a reviewer who is not the owner approves
 * (the version is published and frozen, the previous one superseded) or sends it back with a comment.
 */

function next(current: TVersionStatus, action: TReviewAction): TVersionStatus {
  const to = nextVersionStatus(current, action);
  if (!to) throw new AppError("conflict", `cannot ${action} a ${current} version`);
  return to;
}

const audit = (tx: Tx, actor: TCourseActor, action: string, courseId: string, data: Record<string, unknown>) =>
  appendAudit(tx, actor, { action, target: `course:${courseId}`, data });

/** The course's version that is in review (or being written); conflict when there is none. */
async function pendingVersion(tx: Tx, c: TCourseRow) {
  if (!c.draftVersionId) throw new AppError("conflict", "no version in progress");
  return loadVersion(tx, c.draftVersionId);
}

async function ownerAction(opts: { db: Database; actor: TCourseActor; input: unknown }, action: "submit" | "withdraw"): Promise<void> {
  const { actor } = opts;
  const courseId = requireId((opts.input as { courseId?: unknown } | null)?.courseId, "course");
  await frozenAsConflict(
    opts.db.withTenant(actor.tenantId, async (tx) => {
      const c = await loadCourseForEdit(tx, actor, courseId, true);
      if (c.ownerId !== actor.actorId) throw new AppError("forbidden", "only the owner submits or withdraws");
      const v = await pendingVersion(tx, c);
      const to = next(v.status, action);
      if (action === "submit") {
        const content = await loadVersionContent(tx, v.id);
        const problems = publishProblems(content);
        if (problems.length) throw new AppError("badRequest", "not ready for review", { form: problems });
      }
      await tx
        .update(courseVersion)
        .set(action === "submit" ? { status: to, submittedAt: new Date(), reviewComment: null } : { status: to })
        .where(eq(courseVersion.id, v.id));
      await tx.update(course).set({ updatedAt: new Date() }).where(eq(course.id, c.id));
      await audit(tx, actor, action === "submit" ? "course.submit" : "course.withdraw", c.id, { version: v.number });
    }),
  );
}

/** Sends the draft to review; it must have units, at least one of them required. */
export function submitForReview(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  return ownerAction(opts, "submit");
}

/** Takes a version out of review, back to draft. */
export function withdraw(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  return ownerAction(opts, "withdraw");
}

/** The course as a reviewer sees it: any course of the tenant, but never one's own. */
async function loadForReview(tx: Tx, actor: TCourseActor, courseId: string) {
  if (!canReview(actor)) throw new AppError("forbidden", "not a reviewer");
  const [c] = await tx.select().from(course).where(eq(course.id, courseId)).for("update");
  if (!c) throw new AppError("notFound", `course ${courseId}`);
  if (c.ownerId === actor.actorId) throw new AppError("forbidden", "nobody reviews their own course");
  return c;
}

/** Publishes the version in review: it is frozen from now on; the version published before is superseded. */
export async function approve(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<{ versionId: string }> {
  const { actor } = opts;
  const raw = (opts.input ?? {}) as { courseId?: unknown; comment?: unknown };
  const courseId = requireId(raw.courseId, "course");
  const input = parseDeep(ZReviewInput, { courseId, action: "approve", ...(raw.comment ? { comment: raw.comment } : {}) });
  return frozenAsConflict(
    opts.db.withTenant(actor.tenantId, async (tx) => {
      const c = await loadForReview(tx, actor, courseId);
      const v = await pendingVersion(tx, c);
      const to = next(v.status, "approve");
      const now = new Date();
      if (c.publishedVersionId) {
        await tx.update(courseVersion).set({ status: "superseded" }).where(and(eq(courseVersion.id, c.publishedVersionId), eq(courseVersion.status, "published")));
      }
      await tx
        .update(courseVersion)
        .set({ status: to, publishedAt: now, reviewedBy: actor.actorId, reviewComment: input.comment ?? null })
        .where(eq(courseVersion.id, v.id));
      await tx
        .update(course)
        .set({ status: c.status === "archived" ? "archived" : "published", publishedVersionId: v.id, draftVersionId: null, updatedAt: now })
        .where(eq(course.id, c.id));
      await audit(tx, actor, "course.approve", c.id, { version: v.number, superseded: c.publishedVersionId });
      return { versionId: v.id };
    }),
  );
}

/** Returns the version to its author as a draft, with the reviewer's reasons (required). */
export async function sendBack(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  const { actor } = opts;
  const raw = (opts.input ?? {}) as { courseId?: unknown; comment?: unknown };
  const courseId = requireId(raw.courseId, "course");
  const input = parseDeep(ZReviewInput, { courseId, action: "sendBack", comment: typeof raw.comment === "string" ? raw.comment : undefined });
  await frozenAsConflict(
    opts.db.withTenant(actor.tenantId, async (tx) => {
      const c = await loadForReview(tx, actor, courseId);
      const v = await pendingVersion(tx, c);
      const to = next(v.status, "sendBack");
      await tx.update(courseVersion).set({ status: to, reviewComment: input.comment!, reviewedBy: actor.actorId }).where(eq(courseVersion.id, v.id));
      await tx.update(course).set({ updatedAt: new Date() }).where(eq(course.id, c.id));
      await audit(tx, actor, "course.sendBack", c.id, { version: v.number });
    }),
  );
}

export type TReviewQueueItem = { courseId: string; versionId: string; number: number; title: string; ownerName: string; submittedAt: Date | null; own: boolean };

/** Versions waiting for review, oldest submission first. */
export async function listReviewQueue(opts: { db: Database; actor: TCourseActor }): Promise<TReviewQueueItem[]> {
  const { actor } = opts;
  if (!canReview(actor)) throw new AppError("forbidden", "not a reviewer");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const rows = await tx
      .select({
        courseId: course.id,
        versionId: courseVersion.id,
        number: courseVersion.number,
        title: courseVersion.title,
        ownerName: user.displayName,
        ownerId: course.ownerId,
        submittedAt: courseVersion.submittedAt,
      })
      .from(courseVersion)
      .innerJoin(course, tenantEq(course.id, courseVersion.courseId))
      .innerJoin(user, tenantEq(user.id, course.ownerId))
      .where(eq(courseVersion.status, "inReview"))
      .orderBy(asc(courseVersion.submittedAt), asc(courseVersion.id));
    return rows.map(({ ownerId, ...r }) => ({ ...r, own: ownerId === actor.actorId }));
  });
}

/** The version in review, read-only, with everything a reviewer checks (facts, every unit, quiz answers). */
export async function getReviewVersion(opts: { db: Database; actor: TCourseActor; courseId: string }) {
  const { actor } = opts;
  if (!canReview(actor)) throw new AppError("forbidden", "not a reviewer");
  const courseId = requireId(opts.courseId, "course");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadCourse(tx, courseId);
    if (!c.draftVersionId) throw new AppError("notFound", "nothing in review");
    const content = await loadVersionContent(tx, c.draftVersionId);
    if (content.version.status !== "inReview") throw new AppError("notFound", "nothing in review");
    const [names] = await tx
      .select({ category: courseCategory.name, institution: orgUnit.name, owner: user.displayName })
      .from(courseVersion)
      .innerJoin(courseCategory, tenantEq(courseCategory.id, courseVersion.categoryId))
      .innerJoin(orgUnit, tenantEq(orgUnit.id, courseVersion.institutionId))
      .innerJoin(user, and(eq(user.tenantId, courseVersion.tenantId), eq(user.id, c.ownerId)))
      .where(eq(courseVersion.id, content.version.id));
    return {
      course: c,
      content,
      categoryName: names?.category ?? "",
      institutionName: names?.institution ?? "",
      ownerName: names?.owner ?? "",
      own: c.ownerId === actor.actorId,
      files: await loadFiles(tx, fileIdsOf(content)),
    };
  });
}

async function setArchived(opts: { db: Database; actor: TCourseActor; input: unknown }, archived: boolean): Promise<void> {
  const { actor } = opts;
  const courseId = requireId((opts.input as { courseId?: unknown } | null)?.courseId, "course");
  await opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadCourseForEdit(tx, actor, courseId, true);
    if (archived === (c.status === "archived")) throw new AppError("conflict", archived ? "already archived" : "not archived");
    const status = archived ? "archived" : c.publishedVersionId ? "published" : "draft";
    await tx.update(course).set({ status, updatedAt: new Date() }).where(eq(course.id, c.id));
    await audit(tx, actor, archived ? "course.archive" : "course.restore", c.id, {});
  });
}

/** No new enrolments from now on; those enrolled keep studying. */
export function archiveCourse(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  return setArchived(opts, true);
}

export function restoreCourse(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  return setArchived(opts, false);
}
