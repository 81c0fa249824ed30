import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@yanxiu/domain/errors";
import type { Tx } from "@yanxiu/db/client";
import { course, courseCategory, courseVersion, orgUnit, storedFile } from "@yanxiu/db/schema";
import { holds, loadCourse, type TCourseActor, type TCourseRow, type TVersionRow } from "../common.ts";

/**
 * What the authoring services share: who may edit a course, which version is editable, turning the
 * database's "frozen" refusal into a conflict, and field errors with their full path.
 */

export const institutionKinds = ["developmentCenter", "trainingInstitution"] as const;

/** Any id that is not a uuid names nothing: notFound, like a foreign row. */
export function requireId(v: unknown, what: string): string {
  const r = z.uuid().safeParse(v);
  if (!r.success) throw new AppError("notFound", `${what} ${String(v)}`);
  return r.data;
}

/** Parses with a domain schema; failure is a badRequest whose field errors are keyed by the whole path ("config.questions.0.correct"). */
export function parseDeep<S extends z.ZodType>(schema: S, input: unknown, prefix = ""): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new AppError("badRequest", "invalid input", fieldErrorsOf(r.error, prefix));
}

export function fieldErrorsOf(error: z.ZodError, prefix = ""): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const k = issue.path.length ? prefix + issue.path.map(String).join(".") : prefix || "form";
    (out[k] ??= []).push(issue.message);
  }
  return out;
}

export function mergeFieldErrors(...all: Record<string, string[]>[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const errs of all) for (const [k, v] of Object.entries(errs)) (out[k] ??= []).push(...v);
  return out;
}

/** The course, when the actor may edit it (its owner or a province admin); notFound otherwise. */
export async function loadCourseForEdit(tx: Tx, actor: TCourseActor, courseId: string, lock = false): Promise<TCourseRow> {
  const c = await loadCourse(tx, requireId(courseId, "course"));
  if (c.ownerId !== actor.actorId && !holds(actor, "provinceAdmin")) throw new AppError("notFound", `course ${courseId}`);
  if (lock) await tx.execute(sqlLock(c.id));
  return c;
}

/** Serialises transitions of one course (two reviewers approving at once, an edit racing a submit). */
function sqlLock(courseId: string) {
  return sql`select 1 from ${course} where ${course.id} = ${courseId} for update`;
}

export async function loadVersion(tx: Tx, versionId: string): Promise<TVersionRow> {
  const [v] = await tx.select().from(courseVersion).where(eq(courseVersion.id, versionId)).limit(1);
  if (!v) throw new AppError("notFound", `course version ${versionId}`);
  return v;
}

/** The version being written; only a draft may change (a submitted or published one is a conflict). */
export async function loadEditableVersion(tx: Tx, c: TCourseRow): Promise<TVersionRow> {
  if (!c.draftVersionId) throw new AppError("conflict", "no draft version");
  const v = await loadVersion(tx, c.draftVersionId);
  if (v.status !== "draft") throw new AppError("conflict", `version is ${v.status}`);
  return v;
}

/** Postgres' check_violation (the freeze triggers) inside a drizzle error → conflict. */
export function isFrozenError(e: unknown): boolean {
  const cause = (e as { cause?: { code?: string } } | null)?.cause;
  return cause?.code === "23514" || (e as { code?: string } | null)?.code === "23514";
}

export async function frozenAsConflict<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isFrozenError(e)) throw new AppError("conflict", "course version is frozen");
    throw e;
  }
}

export type TFileInfo = { id: string; mime: string; size: number; originalName: string; durationSeconds: number | null };

/** Stored files of this tenant by id (for form defaults). */
export async function loadFiles(tx: Tx, ids: string[]): Promise<Record<string, TFileInfo>> {
  const unique = [...new Set(ids)].filter((id) => z.uuid().safeParse(id).success);
  if (unique.length === 0) return {};
  const rows = await tx
    .select({ id: storedFile.id, mime: storedFile.mime, size: storedFile.size, originalName: storedFile.originalName, durationSeconds: storedFile.durationSeconds })
    .from(storedFile)
    .where(inArray(storedFile.id, unique));
  return Object.fromEntries(rows.map((r) => [r.id, r]));
}

/** A stored file of this tenant with the given purpose, or null. */
export async function findFile(tx: Tx, id: unknown, purpose: (typeof storedFile.$inferSelect)["purpose"]) {
  if (!z.uuid().safeParse(id).success) return null;
  const [f] = await tx
    .select()
    .from(storedFile)
    .where(and(eq(storedFile.id, id as string), eq(storedFile.purpose, purpose)))
    .limit(1);
  return f ?? null;
}

/** Checks the facts' references (category, institution, cover) exist in this tenant; field errors otherwise. */
export async function checkFactRefs(tx: Tx, facts: { categoryId: string; institutionId: string; coverFileId?: string }) {
  const errors: Record<string, string[]> = {};
  const [cat] = await tx.select({ id: courseCategory.id }).from(courseCategory).where(eq(courseCategory.id, facts.categoryId)).limit(1);
  if (!cat) errors.categoryId = ["categoryNotFound"];
  const [inst] = await tx
    .select({ id: orgUnit.id })
    .from(orgUnit)
    .where(and(eq(orgUnit.id, facts.institutionId), inArray(orgUnit.kind, [...institutionKinds]), eq(orgUnit.status, "active")))
    .limit(1);
  if (!inst) errors.institutionId = ["institutionNotFound"];
  if (facts.coverFileId && !(await findFile(tx, facts.coverFileId, "courseCover"))) errors.coverFileId = ["fileNotFound"];
  if (Object.keys(errors).length) throw new AppError("badRequest", "invalid references", errors);
}

/** Facts as columns of course_version. */
export function factsColumns(f: {
  title: string;
  summary: string;
  coverFileId?: string;
  stages: string[];
  subjects: string[];
  categoryId: string;
  institutionId: string;
  creditHours: number;
  enrollmentMode: "open" | "assigned";
  enrollOpensAt?: Date;
  enrollClosesAt?: Date;
  studyStartsAt?: Date;
  studyEndsAt?: Date;
}) {
  return {
    title: f.title,
    summary: f.summary,
    coverFileId: f.coverFileId ?? null,
    stages: f.stages,
    subjects: f.subjects,
    categoryId: f.categoryId,
    institutionId: f.institutionId,
    creditHours: String(f.creditHours),
    enrollmentMode: f.enrollmentMode,
    enrollOpensAt: f.enrollOpensAt ?? null,
    enrollClosesAt: f.enrollClosesAt ?? null,
    studyStartsAt: f.studyStartsAt ?? null,
    studyEndsAt: f.studyEndsAt ?? null,
  };
}
