import { randomUUID } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import { parseUnitConfig, ZGradeSubmissionInput, ZSubmitAssignmentInput } from "@yanxiu/domain/courses";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../../audit/append.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import type { Producer } from "../../platform/queue.ts";
import { assignmentSubmission, enrollment, storedFile } from "@yanxiu/db/schema";
import { joinPerson, personColumns } from "../../common/person.ts";
import { parseInput } from "../../common/parse-input.ts";
import { enqueueProgress, loadVersionContent, saveUnitFacts } from "../common.ts";
import { requireStudyOpen } from "../learning/shared.ts";
import { afterKey, currentContent, decodeKey, encodeKey, keyAt, findUnit, loadLearnerUnit, loadManagedCourse, lockEnrollment } from "./access.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/**
 * Assignments: a teacher submits text and/or a file; the course owner grades pass or fail with a
 * comment. A new submission is possible only when there is none yet or the latest one failed, so the
 * trainer never grades two versions of the same work at once.
 */

export type TSubmissionStatus = "submitted" | "pass" | "fail";

export async function submissionsOf(tx: Tx, enrollmentId: string, unitId: string) {
  return tx
    .select({
      id: assignmentSubmission.id,
      body: assignmentSubmission.body,
      fileId: assignmentSubmission.fileId,
      fileName: storedFile.originalName,
      status: assignmentSubmission.status,
      comment: assignmentSubmission.gradeComment,
      submittedAt: assignmentSubmission.submittedAt,
      gradedAt: assignmentSubmission.gradedAt,
    })
    .from(assignmentSubmission)
    .leftJoin(storedFile, tenantEq(storedFile.id, assignmentSubmission.fileId))
    .where(and(eq(assignmentSubmission.enrollmentId, enrollmentId), eq(assignmentSubmission.unitId, unitId)))
    .orderBy(desc(assignmentSubmission.submittedAt), desc(assignmentSubmission.id));
}

/** Why a teacher may not submit now, or null when they may (none yet, or the latest failed). */
export function submitRefusal(latest: { status: TSubmissionStatus } | undefined): "assignmentAwaitingGrade" | "assignmentPassed" | null {
  if (!latest || latest.status === "fail") return null;
  return latest.status === "pass" ? "assignmentPassed" : "assignmentAwaitingGrade";
}

export async function submitAssignment(opts: { db: Database; producer: Producer; actor: TActor; input: unknown }) {
  const { db, actor } = opts;
  const input = parseInput(ZSubmitAssignmentInput, opts.input);
  const done = await db.withTenant(actor.tenantId, async (tx) => {
    const { enrollment: enr, unit, content } = await loadLearnerUnit(tx, actor, input.courseId, input.unitId, "assignment");
    requireStudyOpen(content.version, new Date());
    await lockEnrollment(tx, enr.id);
    if (input.fileId) {
      // Only a file this teacher uploaded as an assignment attachment; anything else is as if it did not exist.
      const [file] = await tx
        .select({ id: storedFile.id })
        .from(storedFile)
        .where(and(eq(storedFile.id, input.fileId), eq(storedFile.ownerId, actor.actorId), eq(storedFile.purpose, "assignment")))
        .limit(1);
      if (!file) throw new AppError("badRequest", "file not found", { fileId: ["附件不存在，请重新上传"] });
    }
    const [latest] = await submissionsOf(tx, enr.id, unit.id);
    const refusal = submitRefusal(latest);
    if (refusal) throw new AppError(refusal, refusal);
    const id = randomUUID();
    await tx.insert(assignmentSubmission).values({ tenantId: actor.tenantId, id, enrollmentId: enr.id, unitId: unit.id, body: input.body, fileId: input.fileId ?? null });
    return { id, enrollmentId: enr.id, unitId: unit.id };
  });
  await enqueueProgress(opts.producer, {
    kind: "assignmentSubmitted",
    tenantId: actor.tenantId,
    enrollmentId: done.enrollmentId,
    unitId: done.unitId,
    actorId: actor.actorId,
    payload: { v: 1, submissionId: done.id },
  });
  return { id: done.id };
}

export type TGradingItem = {
  submissionId: string;
  enrollmentId: string;
  unitId: string;
  unitTitle: string;
  name: string;
  teacherNo: string | null;
  school: string | null;
  body: string;
  fileId: string | null;
  fileName: string | null;
  submittedAt: Date;
};

/** Submissions awaiting a grade on the owner's course, oldest first, a page at a time. */
export async function gradingQueue(opts: { db: Database; actor: TActor; courseId: string; after?: string | null; limit?: number }) {
  const { actor } = opts;
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 5000);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadManagedCourse(tx, actor, opts.courseId);
    const content = await currentContent(tx, c);
    const titles = new Map(content.units.map((u) => [u.id, u.title]));
    const s = assignmentSubmission;
    const cursor = decodeKey(opts.after);
    const submitted = tx
      .select({
        submissionId: s.id,
        enrollmentId: s.enrollmentId,
        unitId: s.unitId,
        ...personColumns,
        body: s.body,
        fileId: s.fileId,
        fileName: storedFile.originalName,
        submittedAt: s.submittedAt,
        key: keyAt(s.submittedAt),
      })
      .from(s)
      .innerJoin(enrollment, tenantEq(enrollment.id, s.enrollmentId))
      .$dynamic();
    const rows = await joinPerson(submitted, enrollment.teacherId)
      .leftJoin(storedFile, tenantEq(storedFile.id, s.fileId))
      .where(
        and(
          eq(enrollment.courseId, c.id),
          eq(s.status, "submitted"),
          afterKey(s.submittedAt, s.id, cursor),
        ),
      )
      .orderBy(asc(s.submittedAt), asc(s.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const items: TGradingItem[] = page.map(({ key: _key, ...r }) => ({ ...r, unitTitle: titles.get(r.unitId) ?? "" }));
    return { courseTitle: content.version.title, items, next: rows.length > limit && last ? encodeKey(last.key, last.submissionId) : null };
  });
}

/** Grades a waiting submission (owner only). A pass completes the unit; a fail lets the teacher submit again. */
export async function gradeSubmission(opts: { db: Database; producer: Producer; actor: TActor; input: unknown }) {
  const { db, actor } = opts;
  const input = parseInput(ZGradeSubmissionInput, opts.input);
  const done = await db.withTenant(actor.tenantId, async (tx) => {
    const [sub] = await tx.select().from(assignmentSubmission).where(eq(assignmentSubmission.id, input.submissionId)).for("update").limit(1);
    if (!sub) throw new AppError("notFound", `submission ${input.submissionId}`);
    const [enr] = await tx.select().from(enrollment).where(eq(enrollment.id, sub.enrollmentId)).limit(1);
    if (!enr) throw new AppError("notFound", `submission ${input.submissionId}`);
    await loadManagedCourse(tx, actor, enr.courseId);
    if (sub.status !== "submitted") throw new AppError("alreadyGraded", "already graded");
    await tx
      .update(assignmentSubmission)
      .set({ status: input.result, gradeComment: input.comment || null, gradedBy: actor.actorId, gradedAt: new Date() })
      .where(eq(assignmentSubmission.id, sub.id));
    const unit = findUnit(await loadVersionContent(tx, enr.versionId), sub.unitId, "assignment");
    const facts = await saveUnitFacts(tx, { tenantId: actor.tenantId, enrollmentId: enr.id, unit, patch: { graded: input.result } });
    await appendAudit(tx, actor, { action: "assignment.grade", target: `assignmentSubmission:${sub.id}`, data: { result: input.result } });
    return { enrollmentId: enr.id, teacherId: enr.teacherId, unitId: unit.id, complete: facts.completedAt != null };
  });
  // The event is about the teacher's progress, so it carries the teacher as actor; the grader is on the submission row.
  await enqueueProgress(opts.producer, {
    kind: "assignmentGraded",
    tenantId: actor.tenantId,
    enrollmentId: done.enrollmentId,
    unitId: done.unitId,
    actorId: done.teacherId,
    payload: { v: 1, submissionId: input.submissionId, result: input.result },
  });
  return { unitComplete: done.complete };
}

export function assignmentInstructions(config: unknown): string {
  return parseUnitConfig("assignment", config).instructions;
}

