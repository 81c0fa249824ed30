import { eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { TUnitKind } from "@yanxiu/domain/completion";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import type { Tx } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { courseVersion, orgUnit } from "@yanxiu/db/schema";
import { loadCourse, loadOwnEnrollment, loadVersionContent, type TCourseRow, type TEnrollmentRow, type TUnitView, type TVersionContent } from "../common.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/**
 * Who may reach what in classwork. A foreign or missing course is notFound (RLS hides it); a course of
 * this tenant that the actor does not run is forbidden. A learner reaches a unit only through their own
 * enrolment, and only a unit of the version they are enrolled on.
 */

/** The version the trainer works with: the published one, or the draft before the first publication. */
export async function currentContent(tx: Tx, c: TCourseRow): Promise<TVersionContent> {
  const versionId = c.publishedVersionId ?? c.draftVersionId;
  if (!versionId) throw new AppError("notFound", `course ${c.id} has no version`);
  return loadVersionContent(tx, versionId);
}

/**
 * The course, when the actor owns it, or (`admins: true`) administers the org unit of its training
 * institution (a province admin, or an org admin above that institution).
 */
export async function loadManagedCourse(tx: Tx, actor: TActor, courseId: string, opts: { admins?: boolean } = {}): Promise<TCourseRow> {
  if (!isUuid(courseId)) throw new AppError("notFound", `course ${courseId}`);
  const c = await loadCourse(tx, courseId);
  if (c.ownerId === actor.actorId) return c;
  const versionId = c.publishedVersionId ?? c.draftVersionId;
  if (opts.admins && versionId) {
    const [row] = await tx
      .select({ path: orgUnit.path })
      .from(courseVersion)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, courseVersion.institutionId))
      .where(eq(courseVersion.id, versionId))
      .limit(1);
    if (row && can(actor.grants, "people.view", row.path)) return c;
  }
  throw new AppError("forbidden", `course ${courseId} is not run by ${actor.actorId}`);
}

export function findUnit<K extends TUnitKind>(content: TVersionContent, unitId: string, kind?: K): TUnitView {
  const unit = content.units.find((u) => u.id === unitId && (!kind || u.kind === kind));
  if (!unit) throw new AppError("notFound", `unit ${unitId}`);
  return unit;
}

/** The actor's enrolment and the unit of their version. */
export async function loadLearnerUnit(tx: Tx, actor: TActor, courseId: string, unitId: string, kind?: TUnitKind) {
  if (!isUuid(courseId) || !isUuid(unitId)) throw new AppError("notFound", "unit");
  const enrollment = await loadOwnEnrollment(tx, actor, courseId);
  const content = await loadVersionContent(tx, enrollment.versionId);
  return { enrollment, content, unit: findUnit(content, unitId, kind) };
}

/**
 * A discussion is open to the course's participants: its enrolled teachers (through their version) and
 * its owner (through the current version). Anyone else: notFound.
 */
export async function loadParticipantUnit(
  tx: Tx,
  actor: TActor,
  courseId: string,
  unitId: string,
  kind: TUnitKind,
): Promise<{ course: TCourseRow; enrollment: TEnrollmentRow | null; unit: TUnitView }> {
  if (!isUuid(courseId) || !isUuid(unitId)) throw new AppError("notFound", "unit");
  const c = await loadCourse(tx, courseId);
  if (c.ownerId === actor.actorId) return { course: c, enrollment: null, unit: findUnit(await currentContent(tx, c), unitId, kind) };
  const enrollment = await loadOwnEnrollment(tx, actor, courseId);
  const content = await loadVersionContent(tx, enrollment.versionId);
  return { course: c, enrollment, unit: findUnit(content, unitId, kind) };
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/** Locks the enrolment row, so one teacher's concurrent submissions or posts are counted one after the other. */
export async function lockEnrollment(tx: Tx, enrollmentId: string) {
  await tx.execute(sql`select 1 from enrollment where id = ${enrollmentId} for update`);
}

/**
 * Keyset cursors: an opaque token for (timestamp, id). The timestamp travels as Postgres's own text for
 * it (`keyAt`), because a JS Date drops the microseconds and the next page would repeat the last row.
 */
export const keyAt = (col: AnyPgColumn) => sql<string>`(${col})::text`;

export function encodeKey(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString("base64url");
}

export function decodeKey(token: string | undefined | null): { at: string; id: string } | null {
  if (!token) return null;
  const [at, id] = Buffer.from(token, "base64url").toString().split("|");
  // Postgres's text form, e.g. "2026-03-01 08:00:00.123456+00"; anything else is ignored as a bad token.
  if (!at || !id || !isUuid(id) || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(at)) return null;
  return { at, id };
}

/** `(col, id) > cursor` for the next page. */
export function afterKey(atCol: AnyPgColumn, idCol: AnyPgColumn, cursor: { at: string; id: string } | null): SQL | undefined {
  return cursor ? sql`(${atCol}, ${idCol}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined;
}
