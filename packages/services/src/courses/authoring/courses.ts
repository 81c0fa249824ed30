import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { ZCourseFacts, ZMyCoursesQuery } from "@yanxiu/domain/courses";
import { pageOffset } from "@yanxiu/domain/list-page";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../../audit/append.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { course, courseSection, courseVersion, enrollment, user } from "@yanxiu/db/schema";
import { canAuthor, holds, loadVersionContent, type TCourseActor, type TVersionContent } from "../common.ts";
import { checkFactRefs, factsColumns, frozenAsConflict, loadCourseForEdit, loadEditableVersion, loadFiles, parseDeep, requireId, type TFileInfo } from "./access.ts";
import { canManageCategories, categoriesOf, institutionsOf } from "./categories.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/** The title a new course's first section gets (content, not UI text: the trainer renames it). */
const firstSectionTitle = "第一章";

/** Creates a course with version 1 as a draft and one empty section. */
export async function createCourse(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<{ courseId: string; versionId: string }> {
  const { actor } = opts;
  if (!canAuthor(actor)) throw new AppError("forbidden", "not an author");
  const facts = parseDeep(ZCourseFacts, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    await checkFactRefs(tx, facts);
    const courseId = randomUUID();
    const versionId = randomUUID();
    await tx.insert(course).values({ tenantId: actor.tenantId, id: courseId, ownerId: actor.actorId, status: "draft" });
    await tx.insert(courseVersion).values({ tenantId: actor.tenantId, id: versionId, courseId, number: 1, status: "draft", ...factsColumns(facts) });
    await tx.insert(courseSection).values({ tenantId: actor.tenantId, versionId, position: 0, title: firstSectionTitle });
    await tx.update(course).set({ draftVersionId: versionId }).where(eq(course.id, courseId));
    await appendAudit(tx, actor, { action: "course.create", target: `course:${courseId}`, data: { title: facts.title } });
    return { courseId, versionId };
  });
}

/** Changes the catalogue facts of the draft version. */
export async function updateFacts(opts: { db: Database; actor: TCourseActor; input: unknown }): Promise<void> {
  const { actor } = opts;
  const raw = (opts.input ?? {}) as { courseId?: unknown; facts?: unknown };
  const courseId = requireId(raw.courseId, "course");
  const facts = parseDeep(ZCourseFacts, raw.facts);
  await frozenAsConflict(
    opts.db.withTenant(actor.tenantId, async (tx) => {
      const c = await loadCourseForEdit(tx, actor, courseId, true);
      const v = await loadEditableVersion(tx, c);
      await checkFactRefs(tx, facts);
      await tx.update(courseVersion).set(factsColumns(facts)).where(eq(courseVersion.id, v.id));
      await tx.update(course).set({ updatedAt: new Date() }).where(eq(course.id, c.id));
      await appendAudit(tx, actor, { action: "course.updateFacts", target: `course:${c.id}`, data: { version: v.number } });
    }),
  );
}

export type TVersionSummary = {
  id: string;
  number: number;
  status: "draft" | "inReview" | "published" | "superseded";
  reviewComment: string | null;
  submittedAt: Date | null;
  publishedAt: Date | null;
  enrolled: number;
};

/** Non-withdrawn enrolments per version of a course. */
async function enrolledByVersion(tx: Tx, courseId: string): Promise<Map<string, number>> {
  const rows = await tx
    .select({ versionId: enrollment.versionId, n: sql<number>`count(*)::int` })
    .from(enrollment)
    .where(and(eq(enrollment.courseId, courseId), ne(enrollment.status, "withdrawn")))
    .groupBy(enrollment.versionId);
  return new Map(rows.map((r) => [r.versionId, r.n]));
}

/** The ids of files a version refers to (cover, videos, documents). */
export function fileIdsOf(content: TVersionContent): string[] {
  const ids = content.version.coverFileId ? [content.version.coverFileId] : [];
  for (const u of content.units) {
    const fileId = (u.config as { fileId?: unknown }).fileId;
    if (typeof fileId === "string") ids.push(fileId);
  }
  return ids;
}

/**
 * Everything the editor shows: the course, the version being written (else the published one) with its
 * content, every version with its status, review comment and enrolment count, and the form options.
 */
export async function getCourseForEdit(opts: { db: Database; actor: TCourseActor; courseId: string }) {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadCourseForEdit(tx, actor, opts.courseId);
    const versionId = c.draftVersionId ?? c.publishedVersionId;
    if (!versionId) throw new AppError("notFound", `course ${c.id} has no version`);
    const content = await loadVersionContent(tx, versionId);
    const counts = await enrolledByVersion(tx, c.id);
    const versions: TVersionSummary[] = (
      await tx
        .select({
          id: courseVersion.id,
          number: courseVersion.number,
          status: courseVersion.status,
          reviewComment: courseVersion.reviewComment,
          submittedAt: courseVersion.submittedAt,
          publishedAt: courseVersion.publishedAt,
        })
        .from(courseVersion)
        .where(eq(courseVersion.courseId, c.id))
        .orderBy(desc(courseVersion.number))
    ).map((v) => ({ ...v, enrolled: counts.get(v.id) ?? 0 }));
    const files: Record<string, TFileInfo> = await loadFiles(tx, fileIdsOf(content));
    return {
      course: c,
      version: content.version,
      content,
      versions,
      enrolledTotal: [...counts.values()].reduce((a, b) => a + b, 0),
      files,
      options: { categories: await categoriesOf(tx, actor.tenantId), institutions: await institutionsOf(tx), canAddCategory: canManageCategories(actor) },
      isOwner: c.ownerId === actor.actorId,
    };
  });
}


export type TMyCourse = {
  courseId: string;
  title: string;
  courseStatus: "draft" | "published" | "archived";
  versionNumber: number;
  versionStatus: "draft" | "inReview" | "published" | "superseded";
  /** A draft a reviewer sent back with a comment (退回修改), not yet resubmitted. */
  returned: boolean;
  enrolled: number;
  ownerName: string;
  updatedAt: Date;
};

/** The actor's courses (a province admin sees every course of the province), newest change first, a numbered page at a time with the total. */
export async function listMyCourses(opts: { db: Database; actor: TCourseActor; query?: unknown }) {
  const { actor } = opts;
  if (!canAuthor(actor)) throw new AppError("forbidden", "not an author");
  const q = parseDeep(ZMyCoursesQuery, opts.query ?? {});
  const all = holds(actor, "provinceAdmin");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const where = all ? undefined : eq(course.ownerId, actor.actorId);
    const [{ total }] = (await tx.select({ total: sql<number>`count(*)::int` }).from(course).where(where)) as [{ total: number }];
    const enrolled = sql<number>`(select count(*)::int from ${enrollment} e where e.tenant_id = ${course.tenantId} and e.course_id = ${course.id} and e.status <> 'withdrawn')`;
    const rows = await tx
      .select({
        courseId: course.id,
        title: courseVersion.title,
        courseStatus: course.status,
        versionNumber: courseVersion.number,
        versionStatus: courseVersion.status,
        returned: sql<boolean>`(${courseVersion.status} = 'draft' and ${courseVersion.reviewComment} is not null)`,
        enrolled,
        ownerName: user.displayName,
        updatedAt: course.updatedAt,
      })
      .from(course)
      .innerJoin(
        courseVersion,
        and(eq(courseVersion.tenantId, course.tenantId), eq(courseVersion.id, sql`coalesce(${course.draftVersionId}, ${course.publishedVersionId})`)),
      )
      .innerJoin(user, tenantEq(user.id, course.ownerId))
      .where(where)
      .orderBy(desc(course.updatedAt), asc(course.id))
      .limit(q.size)
      .offset(pageOffset(q));
    return { items: rows as TMyCourse[], total, query: q, page: q.page, pageSize: q.size, pages: Math.max(1, Math.ceil(total / q.size)) };
  });
}

// Re-exported for the review and version services.
export { enrolledByVersion };
