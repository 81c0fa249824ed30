import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { gradeQuiz, parseUnitConfig, shuffled } from "@yanxiu/domain/courses";
import { attemptQuestions, ZSubmitQuizInput, ZUnitActionInput } from "@yanxiu/domain/progress";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import type { Producer } from "../../platform/queue.ts";
import { enrollment, quizAttempt, unitProgress } from "@yanxiu/db/schema";
import { parseInput } from "../../common/parse-input.ts";
import { enqueueProgress, loadOwnEnrollment, loadVersionContent, saveUnitFacts, unitState } from "../common.ts";
import { quizAttemptsOf, requireStudyOpen, unitOf } from "./shared.ts";

/**
 * Starts an attempt at a quiz unit (or returns the one still open, so a reload does not spend an
 * attempt). The attempt limit comes from the unit's config; the question order is shuffled per attempt
 * (seeded by the attempt id) when the quiz says so. The questions come back without correct answers.
 */
export async function startQuizAttempt(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const input = parseInput(ZUnitActionInput, opts.input);
  const now = opts.now ?? new Date();
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const enr = await loadOwnEnrollment(tx, actor, input.courseId);
    // One start at a time per enrolment, so two tabs cannot both take the last attempt.
    await tx.select({ id: enrollment.id }).from(enrollment).where(eq(enrollment.id, enr.id)).for("update");
    const content = await loadVersionContent(tx, enr.versionId);
    const unit = unitOf(content, input.unitId, "quiz");
    requireStudyOpen(content.version, now);
    const cfg = parseUnitConfig("quiz", unit.config);
    const attempts = await quizAttemptsOf(tx, enr.id, unit.id);
    const open = attempts.find((a) => !a.submittedAt);
    const left = (used: number) => Math.max(0, cfg.attemptLimit - used);
    if (open) return { attemptId: open.id, number: open.number, questions: attemptQuestions(cfg.questions, open.questionOrder as string[]), attemptsLeft: left(attempts.length) };
    if (attempts.length >= cfg.attemptLimit) throw new AppError("badRequest", "attempt limit reached", { form: ["attemptLimit"] });
    const id = randomUUID();
    const ids = cfg.questions.map((q) => q.id);
    const order = cfg.shuffle ? shuffled(ids, id) : ids;
    const number = attempts.length + 1;
    await tx.insert(quizAttempt).values({ tenantId: actor.tenantId, id, enrollmentId: enr.id, unitId: unit.id, number, questionOrder: order, startedAt: now });
    return { attemptId: id, number, questions: attemptQuestions(cfg.questions, order), attemptsLeft: left(number) };
  });
}

/**
 * Submits an attempt once. Answers naming a question or option the quiz does not have are refused as a
 * whole (badRequest `quizAnswersInvalid`, nothing recorded). The best score goes into the unit's facts
 * (so passing completes the unit) and a `quizSubmitted` event goes on the queue after commit.
 */
export async function submitQuizAttempt(opts: { db: Database; producer: Producer; actor: TActor; input: unknown; now?: Date }) {
  const input = parseInput(ZSubmitQuizInput, opts.input);
  const now = opts.now ?? new Date();
  const { actor } = opts;
  const r = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const enr = await loadOwnEnrollment(tx, actor, input.courseId);
    const content = await loadVersionContent(tx, enr.versionId);
    const unit = unitOf(content, input.unitId, "quiz");
    const [attempt] = await tx
      .select()
      .from(quizAttempt)
      .where(and(eq(quizAttempt.id, input.attemptId), eq(quizAttempt.enrollmentId, enr.id), eq(quizAttempt.unitId, unit.id)))
      .for("update")
      .limit(1);
    if (!attempt) throw new AppError("notFound", `quiz attempt ${input.attemptId}`);
    if (attempt.submittedAt) throw new AppError("conflict", "attempt already submitted", { form: ["alreadySubmitted"] });
    requireStudyOpen(content.version, now);
    const cfg = parseUnitConfig("quiz", unit.config);
    const grade = gradeQuiz(cfg.questions, input.answers);
    if (!grade.ok) throw new AppError("badRequest", "quizAnswersInvalid", { answers: ["quizAnswersInvalid", grade.reason] });
    await tx.update(quizAttempt).set({ answers: input.answers, scorePercent: grade.scorePercent, submittedAt: now }).where(eq(quizAttempt.id, attempt.id));
    const [p] = await tx.select().from(unitProgress).where(and(eq(unitProgress.enrollmentId, enr.id), eq(unitProgress.unitId, unit.id))).limit(1);
    const best = Math.max(p?.bestScorePercent ?? 0, grade.scorePercent);
    const saved = await saveUnitFacts(tx, { tenantId: actor.tenantId, enrollmentId: enr.id, unit, patch: { bestScorePercent: best } });
    const used = await tx.$count(quizAttempt, and(eq(quizAttempt.enrollmentId, enr.id), eq(quizAttempt.unitId, unit.id)));
    const passPercent = unit.criterion.kind === "quiz" ? unit.criterion.passPercent : 0;
    return {
      enrollmentId: enr.id,
      result: {
        scorePercent: grade.scorePercent,
        correct: grade.correct,
        total: grade.total,
        passed: grade.scorePercent >= passPercent,
        passPercent,
        bestScorePercent: best,
        attemptsLeft: Math.max(0, cfg.attemptLimit - used),
        state: unitState(unit, saved),
      },
    };
  });
  await enqueueProgress(opts.producer, {
    kind: "quizSubmitted",
    tenantId: actor.tenantId,
    enrollmentId: r.enrollmentId,
    unitId: input.unitId,
    actorId: actor.actorId,
    occurredAt: now,
    payload: { v: 1, attemptId: input.attemptId, answers: input.answers, scorePercent: r.result.scorePercent },
  });
  return r.result;
}
