import { randomBytes, randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { courseAwardCategory, organiserLevelOf } from "@yanxiu/domain/credits";
import type { Tx } from "@yanxiu/db/client";
import { chinaDay, recomputeTeacherStatus } from "../credits/status.ts";
import { applyRollupDelta } from "../rollups/apply-rollup-delta.ts";
import { certificate, courseVersion, creditAward, enrollment, orgUnit } from "@yanxiu/db/schema";
import type { TCompletionUnit } from "./version-units.ts";
import { tenantEq } from "../common/tenant-join.ts";

/** A certificate number people read and type: `YX-<year>-<8 digits>`, unique per tenant. */
export function certificateNumber(year: number): string {
  return `YX-${year}-${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
}

/** The code behind /verify/<code>: 128 random bits, 26 base32 characters. */
export function verifyCode(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(16));
}

/**
 * Whether completing an enrolment earns the course's own 学时 (decision 036): not one made by a training project
 * (source `project`) — the project's 学时认定 awards its planned hours for the whole programme, courses included,
 * so a second award for the same study would count it twice. A self-enrolment or an assignment that existed before
 * the project keeps its award (the enrolment counts as it is).
 */
export function enrollmentEarnsAward(source: string): boolean {
  return source !== "project";
}

export type TCompletionResult = { completed: true; awardId: string | null; certificateId: string | null };

/**
 * Marks an enrolment completed and appends its one course-completion award — none for a project's enrolment,
 * `enrollmentEarnsAward` — (the ledger's unique key
 * (tenant, teacher, source, source_ref) makes a second impossible), then, when the award is new, the
 * teacher's totals and a pending certificate — all in the caller's transaction, which holds the
 * enrolment's row lock. `completedUnits` are the required units with when each was completed.
 */
export async function completeEnrollment(
  tx: Tx,
  opts: {
    tenantId: string;
    enrollment: { id: string; teacherId: string; courseId: string; versionId: string };
    units: readonly TCompletionUnit[];
    completedUnits: readonly { unitId: string; completedAt: Date | string | null }[];
    now?: Date;
  },
): Promise<TCompletionResult> {
  const { tenantId } = opts;
  const e = opts.enrollment;
  const now = opts.now ?? new Date();
  const [prev] = await tx.select({ status: enrollment.status, source: enrollment.source }).from(enrollment).where(and(eq(enrollment.tenantId, tenantId), eq(enrollment.id, e.id)));
  await tx.update(enrollment).set({ status: "completed", completedAt: now }).where(and(eq(enrollment.tenantId, tenantId), eq(enrollment.id, e.id)));
  // The rollups count completed enrolments (and all but withdrawn ones): this one moves them now.
  if (prev && prev.status !== "completed")
    await applyRollupDelta(tx, { tenantId, completions: [{ teacherId: e.teacherId, completions: 1, enrollments: prev.status === "withdrawn" ? 1 : 0, assigned: prev.source !== "self" }] });
  if (prev && !enrollmentEarnsAward(prev.source)) return { completed: true, awardId: null, certificateId: null };

  const [v] = await tx
    .select({ title: courseVersion.title, creditHours: courseVersion.creditHours, kind: orgUnit.kind, path: orgUnit.path })
    .from(courseVersion)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, courseVersion.institutionId))
    .where(and(eq(courseVersion.tenantId, tenantId), eq(courseVersion.id, e.versionId)))
    .limit(1);
  if (!v) throw new Error(`course version ${e.versionId} has no institution`);
  const depth = v.path.split("/").filter(Boolean).length;
  const countsFor = chinaDay(now);
  const [award] = await tx
    .insert(creditAward)
    .values({
      tenantId,
      teacherId: e.teacherId,
      source: "courseCompletion",
      sourceRef: e.courseId,
      title: v.title,
      // The course's declared 总学时 is what counts, never the sum of its units' 学时 (creditHoursMismatch
      // in packages/domain warns the author when the two differ).
      hours: String(Number(v.creditHours) || 0),
      category: courseAwardCategory(opts.units.map((u) => u.kind)),
      organiserLevel: organiserLevelOf({ kind: v.kind, depth }),
      countsFor,
      evidence: opts.completedUnits.map((u) => ({
        kind: "unit",
        enrollmentId: e.id,
        unitId: u.unitId,
        completedAt: u.completedAt == null ? null : new Date(u.completedAt).toISOString(),
      })),
    })
    .onConflictDoNothing({ target: [creditAward.tenantId, creditAward.teacherId, creditAward.source, creditAward.sourceRef] })
    .returning({ id: creditAward.id, hours: creditAward.hours, category: creditAward.category });
  if (!award) return { completed: true, awardId: null, certificateId: null };

  // recomputeTeacherStatus serialises per teacher, so two courses of one teacher completing at once both count.
  await recomputeTeacherStatus(tx, { tenantId, teacherId: e.teacherId, today: countsFor, landed: [{ teacherId: e.teacherId, hours: award.hours, category: award.category, countsFor }] });
  const year = Number(countsFor.slice(0, 4));
  // A clash of number or code (one in 10^8 per certificate of the year) just draws again.
  for (let i = 0; i < 8; i++) {
    const [cert] = await tx
      .insert(certificate)
      .values({ tenantId, awardId: award.id, teacherId: e.teacherId, number: certificateNumber(year), verifyCode: verifyCode(), status: "pending" })
      .onConflictDoNothing()
      .returning({ id: certificate.id });
    if (cert) return { completed: true, awardId: award.id, certificateId: cert.id };
  }
  throw new Error("could not draw a unique certificate number");
}
