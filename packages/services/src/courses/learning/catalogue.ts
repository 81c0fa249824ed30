import { and, desc, eq, ilike, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { AppError } from "@yanxiu/domain/errors";
import { selfEnrollRefusal, ZCatalogueQuery } from "@yanxiu/domain/courses";
import { ZSelfEnrollInput } from "@yanxiu/domain/progress";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { course, courseCategory, courseVersion, enrollment, orgUnit } from "@yanxiu/db/schema";
import { parseInput } from "../../common/parse-input.ts";
import { loadCourse, loadProgress, loadVersionContent } from "../common.ts";
import { summarise, versionFacts } from "./shared.ts";

import { decodeTimeCursor as decodeCatalogueCursor, encodeTimeCursor as encodeCatalogueCursor } from "../../common/keyset-cursor.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/** Keyset cursors over (time, id): one implementation for every list (common/keyset-cursor.ts). */
export { encodeTimeCursor as encodeCatalogueCursor, decodeTimeCursor as decodeCatalogueCursor } from "../../common/keyset-cursor.ts";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The courses a teacher may browse: published (not archived) courses of the tenant, with their published
 * version's facts, how many teachers are on each (enrolments not withdrawn, counted in the same query) and the
 * viewer's own enrolment, newest first. Keyset pagination on (published_at desc, course id desc); `total` counts
 * every course the filters match (all pages).
 */
export async function catalogue(opts: { db: Database; actor: TActor; query: unknown; now?: Date }) {
  const query = parseInput(ZCatalogueQuery, opts.query ?? {});
  const cursor = decodeCatalogueCursor(query.after);
  const now = opts.now ?? new Date();
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const v = courseVersion;
    const sortKey = sql`coalesce(${v.publishedAt}, ${v.createdAt})`;
    const where: SQL[] = [eq(course.status, "published"), eq(v.status, "published")];
    if (query.q) where.push(ilike(v.title, `%${escapeLike(query.q)}%`));
    if (query.stage) where.push(sql`${query.stage} = any(${v.stages})`);
    if (query.subject) where.push(sql`${query.subject} = any(${v.subjects})`);
    if (query.categoryId) where.push(eq(v.categoryId, query.categoryId));
    if (query.minHours != null) where.push(sql`${v.creditHours}::numeric >= ${query.minHours}`);
    if (query.maxHours != null) where.push(sql`${v.creditHours}::numeric <= ${query.maxHours}`);
    if (query.openNow)
      where.push(
        eq(v.enrollmentMode, "open"),
        sql`(${v.enrollOpensAt} is null or ${v.enrollOpensAt} <= ${now.toISOString()}::timestamptz)`,
        sql`(${v.enrollClosesAt} is null or ${v.enrollClosesAt} > ${now.toISOString()}::timestamptz)`,
      );
    const [counted] = await tx
      .select({ total: sql<number>`count(*)::int` })
      .from(course)
      .innerJoin(v, tenantEq(v.id, course.publishedVersionId))
      .where(and(...where));
    if (cursor) where.push(sql`(${sortKey}, ${course.id}) < (${cursor.sortKey}::timestamptz, ${cursor.id}::uuid)`);
    // Teachers on each course of the page: one correlated count per row returned (enrollment_course_idx).
    const others = alias(enrollment, "others");
    const enrollmentCount = sql<number>`(${tx
      .select({ n: sql`count(*)::int` })
      .from(others)
      .where(and(tenantEq(others.courseId, course.id), ne(others.status, "withdrawn")))})`;
    const rows = await tx
      .select({
        courseId: course.id,
        versionId: v.id,
        title: v.title,
        summary: v.summary,
        coverFileId: v.coverFileId,
        stages: v.stages,
        subjects: v.subjects,
        categoryId: v.categoryId,
        categoryName: courseCategory.name,
        institutionName: orgUnit.name,
        creditHours: v.creditHours,
        enrollmentMode: v.enrollmentMode,
        enrollOpensAt: v.enrollOpensAt,
        enrollClosesAt: v.enrollClosesAt,
        studyStartsAt: v.studyStartsAt,
        studyEndsAt: v.studyEndsAt,
        publishedAt: v.publishedAt,
        sortKey: sql<string>`${sortKey}::text`,
        enrollmentId: enrollment.id,
        enrollmentStatus: enrollment.status,
        enrollmentCount,
      })
      .from(course)
      .innerJoin(v, tenantEq(v.id, course.publishedVersionId))
      .innerJoin(courseCategory, tenantEq(courseCategory.id, v.categoryId))
      .innerJoin(orgUnit, tenantEq(orgUnit.id, v.institutionId))
      .leftJoin(
        enrollment,
        and(tenantEq(enrollment.courseId, course.id), eq(enrollment.teacherId, actor.actorId), ne(enrollment.status, "withdrawn")),
      )
      .where(and(...where))
      .orderBy(desc(sortKey), desc(course.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      total: counted?.total ?? 0,
      items: page.map(({ sortKey: _s, enrollmentId, enrollmentStatus, ...r }) => ({
        ...r,
        creditHours: Number(r.creditHours),
        enrolled: enrollmentId != null,
        /** The viewer's enrolment: active or completed; null when not on the course. */
        enrollmentStatus: enrollmentId != null ? enrollmentStatus : null,
        refusal: selfEnrollRefusal({ courseStatus: "published", ...r }, now),
      })),
      next: rows.length > query.limit && last ? encodeCatalogueCursor(last.sortKey, last.courseId) : null,
    };
  });
}

/**
 * A course page: facts, outline, and the actor's enrolment with progress, or why they cannot enrol
 * themselves. A course never published (or of another tenant) is notFound. An enrolled teacher sees the
 * version they are enrolled on.
 */
export async function courseDetail(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const { courseId } = parseInput(ZSelfEnrollInput, opts.input);
  const now = opts.now ?? new Date();
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadCourse(tx, courseId);
    const [enr] = await tx
      .select()
      .from(enrollment)
      .where(and(eq(enrollment.courseId, courseId), eq(enrollment.teacherId, actor.actorId), ne(enrollment.status, "withdrawn")))
      .limit(1);
    const versionId = enr?.versionId ?? (c.status === "draft" ? null : c.publishedVersionId);
    if (!versionId) throw new AppError("notFound", `course ${courseId}`);
    const content = await loadVersionContent(tx, versionId);
    const facts = await versionFacts(tx, content.version);
    const progress = enr ? await loadProgress(tx, enr.id) : new Map();
    const sum = summarise(content.units, progress);
    const stateOf = new Map(sum.states.map((s) => [s.unit.id, s.state]));
    return {
      courseId: c.id,
      courseStatus: c.status,
      facts,
      outline: content.sections.map((s) => ({
        id: s.id,
        title: s.title,
        units: s.units.map((u) => ({ id: u.id, title: u.title, kind: u.kind, creditHours: Number(u.creditHours), required: u.required, state: stateOf.get(u.id) ?? "notStarted" })),
      })),
      enrollment: enr
        ? { id: enr.id, source: enr.source, status: enr.status, deadline: enr.deadline, enrolledAt: enr.enrolledAt, progressPercent: sum.progressPercent, nextUnitId: sum.nextUnitId }
        : null,
      refusal: enr ? null : selfEnrollRefusal({ courseStatus: c.status, ...facts }, now),
    };
  });
}

/** The tenant's course categories, for the catalogue's filter. */
export async function listCategories(opts: { db: Database; actor: TActor }) {
  return opts.db.withTenant(opts.actor.tenantId, (tx) =>
    tx.select({ id: courseCategory.id, name: courseCategory.name }).from(courseCategory).orderBy(courseCategory.position, courseCategory.name),
  );
}
