import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { isUnitComplete, ZCriterion, type TCriterion, type TUnitFacts, type TUnitKind } from "@yanxiu/domain/completion";
import { progressEventJob } from "@yanxiu/domain/jobs";
import { emptyFacts } from "@yanxiu/domain/fold";
import type { TProgressEvent } from "@yanxiu/domain/progress";
import type { TRole } from "@yanxiu/domain/roles";
import type { Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import type { Producer } from "../platform/queue.ts";
import { course, courseSection, courseUnit, courseVersion, enrollment, unitProgress } from "@yanxiu/db/schema";

/**
 * What the course services share: who may author and review, loading a version's content, the facts
 * recorded per unit and the state they give, and putting a progress event on the queue.
 */

export type TCourseActor = TActor;

export function holds(actor: TActor, ...roles: TRole[]): boolean {
  return actor.grants.some((g) => roles.includes(g.role));
}

/** Trainers write courses; province and org admins may too (their institutions' courses). */
export function canAuthor(actor: TActor): boolean {
  return holds(actor, "trainer", "provinceAdmin", "orgAdmin");
}

/** Reviewers and province admins approve or send back; nobody reviews their own course. */
export function canReview(actor: TActor): boolean {
  return holds(actor, "reviewer", "provinceAdmin");
}

export type TCourseRow = typeof course.$inferSelect;
export type TVersionRow = typeof courseVersion.$inferSelect;
export type TUnitRow = typeof courseUnit.$inferSelect;
export type TSectionRow = typeof courseSection.$inferSelect;
export type TEnrollmentRow = typeof enrollment.$inferSelect;
export type TUnitProgressRow = typeof unitProgress.$inferSelect;

export type TUnitView = Omit<TUnitRow, "criterion"> & { criterion: TCriterion; kind: TUnitKind };
export type TVersionContent = {
  version: TVersionRow;
  sections: (TSectionRow & { units: TUnitView[] })[];
  /** Every unit in reading order. */
  units: TUnitView[];
};

/** A version with its sections and units in order; notFound when it is not in this tenant. */
export async function loadVersionContent(tx: Tx, versionId: string): Promise<TVersionContent> {
  const [version] = await tx.select().from(courseVersion).where(eq(courseVersion.id, versionId)).limit(1);
  if (!version) throw new AppError("notFound", `course version ${versionId}`);
  const sections = await tx.select().from(courseSection).where(eq(courseSection.versionId, versionId)).orderBy(asc(courseSection.position));
  const units = await tx.select().from(courseUnit).where(eq(courseUnit.versionId, versionId)).orderBy(asc(courseUnit.position));
  const views: TUnitView[] = units.map((u) => ({ ...u, criterion: ZCriterion.parse(u.criterion) }));
  const withUnits = sections.map((s) => ({ ...s, units: views.filter((u) => u.sectionId === s.id) }));
  return { version, sections: withUnits, units: withUnits.flatMap((s) => s.units) };
}

export async function loadCourse(tx: Tx, courseId: string): Promise<TCourseRow> {
  const [row] = await tx.select().from(course).where(eq(course.id, courseId)).limit(1);
  if (!row) throw new AppError("notFound", `course ${courseId}`);
  return row;
}

/** The actor's own enrolment on a course (not withdrawn); notFound otherwise. */
export async function loadOwnEnrollment(tx: Tx, actor: TActor, courseId: string): Promise<TEnrollmentRow> {
  const [row] = await tx
    .select()
    .from(enrollment)
    .where(and(eq(enrollment.courseId, courseId), eq(enrollment.teacherId, actor.actorId)))
    .limit(1);
  if (!row || row.status === "withdrawn") throw new AppError("notFound", `enrollment on ${courseId}`);
  return row;
}

export type TUnitState = "notStarted" | "inProgress" | "complete";

export function factsOf(unit: Pick<TUnitView, "kind" | "config">, p: TUnitProgressRow | undefined): TUnitFacts {
  const duration = unit.kind === "video" ? Number((unit.config as { durationSeconds?: number }).durationSeconds ?? 0) : undefined;
  return {
    playedRanges: (p?.playedRanges as [number, number][] | undefined) ?? [],
    durationSeconds: duration,
    opened: p?.opened ?? false,
    bestScorePercent: p?.bestScorePercent ?? null,
    graded: p?.graded ?? null,
    attendedMinutes: p?.attendedMinutes ?? 0,
    checkedIn: p?.checkedIn ?? false,
    posts: p?.posts ?? 0,
  };
}

/** A unit's state from what has been recorded, by the same rules the completion worker applies. */
export function unitState(unit: TUnitView, p: TUnitProgressRow | undefined): TUnitState {
  if (!p) return "notStarted";
  if (isUnitComplete(unit.criterion, factsOf(unit, p))) return "complete";
  const touched =
    (p.playedRanges as unknown[]).length > 0 || p.opened || p.bestScorePercent != null || p.graded != null || p.attendedMinutes > 0 || p.checkedIn || p.posts > 0;
  return touched ? "inProgress" : "notStarted";
}

export async function loadProgress(tx: Tx, enrollmentId: string): Promise<Map<string, TUnitProgressRow>> {
  const rows = await tx.select().from(unitProgress).where(eq(unitProgress.enrollmentId, enrollmentId));
  return new Map(rows.map((r) => [r.unitId, r]));
}

type TFactsPatch = Partial<Pick<TUnitProgressRow, "playedRanges" | "opened" | "bestScorePercent" | "graded" | "attendedMinutes" | "checkedIn" | "posts">>;

/** Writes the facts for one unit of one enrolment (insert or update), stamping completion when it holds. */
export async function saveUnitFacts(tx: Tx, opts: { tenantId: string; enrollmentId: string; unit: TUnitView; patch: TFactsPatch }) {
  const [current] = await tx
    .select()
    .from(unitProgress)
    .where(and(eq(unitProgress.enrollmentId, opts.enrollmentId), eq(unitProgress.unitId, opts.unit.id)))
    .for("update")
    .limit(1);
  const next = { ...(current ?? emptyProgress(opts.tenantId, opts.enrollmentId, opts.unit.id)), ...opts.patch, updatedAt: new Date() };
  const complete = isUnitComplete(opts.unit.criterion, factsOf(opts.unit, next));
  next.completedAt = current?.completedAt ?? (complete ? new Date() : null);
  if (current) {
    await tx
      .update(unitProgress)
      .set({ ...opts.patch, completedAt: next.completedAt, updatedAt: next.updatedAt })
      .where(and(eq(unitProgress.enrollmentId, opts.enrollmentId), eq(unitProgress.unitId, opts.unit.id)));
  } else {
    await tx.insert(unitProgress).values(next);
  }
  return next;
}

function emptyProgress(tenantId: string, enrollmentId: string, unitId: string): TUnitProgressRow {
  return { tenantId, enrollmentId, unitId, ...emptyFacts(), completedAt: null, updatedAt: new Date() };
}

/**
 * Puts one learning action on the `progress` queue (the contract in packages/domain/progress.ts). The
 * job id is the event id, so a redelivery is one event. Call after the facts are committed.
 */
export async function enqueueProgress(
  producer: Producer,
  event: Omit<TProgressEvent, "eventId" | "occurredAt"> & { eventId?: string; occurredAt?: Date },
): Promise<string> {
  const eventId = event.eventId ?? randomUUID();
  const payload = { ...event, eventId, occurredAt: (event.occurredAt ?? new Date()).toISOString() };
  await producer.add(progressEventJob, payload as never, { jobId: eventId });
  return eventId;
}

/** `sql` for "now" inside a transaction, when a service must agree with the database's clock. */
export const dbNow = sql`now()`;
