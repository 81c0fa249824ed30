import { and, asc, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { courseProgressPercent } from "@yanxiu/domain/completion";
import { nextUnitToStudy } from "@yanxiu/domain/progress";
import { pickVersionFacts, studyOpen } from "@yanxiu/domain/courses";
import type { Tx } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { courseCategory, orgUnit, quizAttempt } from "@yanxiu/db/schema";
import { unitState, type TUnitProgressRow, type TUnitState, type TUnitView, type TVersionContent, type TVersionRow } from "../common.ts";

/** Every unit of a version with the state the actor's recorded facts give it. */
export function statesOf(units: readonly TUnitView[], progress: Map<string, TUnitProgressRow>) {
  return units.map((unit) => {
    const state: TUnitState = unitState(unit, progress.get(unit.id));
    return { unit, state, complete: state === "complete" };
  });
}

/** Course progress (share of required units complete) and the unit to study next. */
export function summarise(units: readonly TUnitView[], progress: Map<string, TUnitProgressRow>) {
  const states = statesOf(units, progress);
  const rows = states.map((s) => ({ id: s.unit.id, required: s.unit.required, complete: s.complete }));
  return { states, progressPercent: courseProgressPercent(rows), nextUnitId: nextUnitToStudy(rows) };
}

/** The catalogue facts of a version, with the category and institution names a teacher reads. */
export async function versionFacts(tx: Tx, v: TVersionRow) {
  const [cat] = await tx.select({ name: courseCategory.name }).from(courseCategory).where(eq(courseCategory.id, v.categoryId)).limit(1);
  const [inst] = await tx.select({ name: orgUnit.name }).from(orgUnit).where(and(eq(orgUnit.id, v.institutionId))).limit(1);
  return {
    versionId: v.id,
    versionNumber: v.number,
    ...pickVersionFacts(v),
    categoryName: cat?.name ?? "",
    institutionName: inst?.name ?? "",
    creditHours: Number(v.creditHours),
    publishedAt: v.publishedAt,
  };
}
export type TVersionFacts = Awaited<ReturnType<typeof versionFacts>>;

/** A unit of the version, or notFound (also when it is of another kind than the action needs). */
export function unitOf<K extends TUnitView["kind"]>(content: TVersionContent, unitId: string, kind?: K): TUnitView & { kind: K } {
  const unit = content.units.find((u) => u.id === unitId);
  if (!unit || (kind && unit.kind !== kind)) throw new AppError("notFound", `unit ${unitId}`);
  return unit as TUnitView & { kind: K };
}

/** Progress is recorded only inside the version's study window. */
export function requireStudyOpen(v: TVersionRow, now: Date) {
  if (!studyOpen(v, now)) throw new AppError("badRequest", "studyClosed", { form: ["studyClosed"] });
}

export type TLearner = TActor;

/** A teacher's attempts at one quiz unit, oldest first. */
export function quizAttemptsOf(tx: Tx, enrollmentId: string, unitId: string) {
  return tx
    .select()
    .from(quizAttempt)
    .where(and(eq(quizAttempt.enrollmentId, enrollmentId), eq(quizAttempt.unitId, unitId)))
    .orderBy(asc(quizAttempt.number));
}
