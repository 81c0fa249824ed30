import { randomBytes, randomInt } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { courseAwardCategory, organiserLevelOf } from "@yanxiu/domain/credits";
import type { Tx } from "@yanxiu/db/client";
import { chinaDay, recomputeTeacherStatuses } from "../credits/status.ts";
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

export type TEnrollmentToComplete = {
  enrollment: { id: string; teacherId: string; courseId: string; versionId: string };
  units: readonly TCompletionUnit[];
  completedUnits: readonly { unitId: string; completedAt: Date | string | null }[];
  now?: Date;
};

/**
 * Marks an enrolment completed and appends its one course-completion award — none for a project's enrolment,
 * `enrollmentEarnsAward` — (the ledger's unique key
 * (tenant, teacher, source, source_ref) makes a second impossible), then, when the award is new, the
 * teacher's totals and a pending certificate — all in the caller's transaction, which holds the
 * enrolment's row lock. `completedUnits` are the required units with when each was completed.
 */
export async function completeEnrollment(tx: Tx, opts: { tenantId: string } & TEnrollmentToComplete): Promise<TCompletionResult> {
  const { tenantId, ...item } = opts;
  return (await completeEnrollments(tx, { tenantId, items: [item] })).get(item.enrollment.id)!;
}

/**
 * completeEnrollment for many enrolments of one tenant in a handful of statements, whatever their number (a
 * batch of the worker's progress events completes dozens of courses at once; one by one it took about a dozen
 * round trips each). The caller's transaction holds the enrolments' row locks. Teachers' totals are recomputed
 * under their status locks, taken in id order (recomputeTeacherStatuses), so two batches cannot deadlock.
 */
export async function completeEnrollments(tx: Tx, opts: { tenantId: string; items: readonly TEnrollmentToComplete[] }): Promise<Map<string, TCompletionResult>> {
  const { tenantId } = opts;
  const results = new Map<string, TCompletionResult>();
  if (opts.items.length === 0) return results;
  const items = new Map(opts.items.map((i) => [i.enrollment.id, { ...i, now: i.now ?? new Date() }]));
  const ids = [...items.keys()];
  const idList = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  // Each enrolment's state before, and the update, in one statement.
  const prev = await tx.execute<{ id: string; status: string; source: string }>(sql`
    with prev as (select id, status, source from ${enrollment} where tenant_id = ${tenantId} and id in (${idList})),
    done as (
      update ${enrollment} e set status = 'completed', completed_at = n.at
      from jsonb_to_recordset(${JSON.stringify([...items.values()].map((i) => ({ id: i.enrollment.id, at: i.now.toISOString() })))}::jsonb) as n(id uuid, at timestamptz)
      where e.tenant_id = ${tenantId} and e.id = n.id
      returning e.id
    )
    select prev.id::text as id, prev.status, prev.source from prev join done on done.id = prev.id`);
  const before = new Map(prev.map((r) => [r.id, r]));
  // The rollups count completed enrolments (and all but withdrawn ones): these move them now.
  await applyRollupDelta(tx, {
    tenantId,
    completions: prev
      .filter((p) => p.status !== "completed")
      .map((p) => ({ teacherId: items.get(p.id)!.enrollment.teacherId, completions: 1, enrollments: p.status === "withdrawn" ? 1 : 0, assigned: p.source !== "self" })),
  });
  const earning: (TEnrollmentToComplete & { now: Date })[] = [];
  for (const [id, item] of items) {
    const p = before.get(id);
    if (p && !enrollmentEarnsAward(p.source)) results.set(id, { completed: true, awardId: null, certificateId: null });
    else earning.push(item);
  }
  if (earning.length === 0) return fill(results, ids);

  const versionIds = [...new Set(earning.map((i) => i.enrollment.versionId))];
  const versions = new Map(
    (
      await tx
        .select({ id: courseVersion.id, title: courseVersion.title, creditHours: courseVersion.creditHours, kind: orgUnit.kind, path: orgUnit.path })
        .from(courseVersion)
        .innerJoin(orgUnit, tenantEq(orgUnit.id, courseVersion.institutionId))
        .where(and(eq(courseVersion.tenantId, tenantId), inArray(courseVersion.id, versionIds)))
    ).map((v) => [v.id, v]),
  );
  const awards = await tx
    .insert(creditAward)
    .values(
      earning.map((i) => {
        const e = i.enrollment;
        const v = versions.get(e.versionId);
        if (!v) throw new Error(`course version ${e.versionId} has no institution`);
        return {
          tenantId,
          teacherId: e.teacherId,
          source: "courseCompletion" as const,
          sourceRef: e.courseId,
          title: v.title,
          // The course's declared 总学时 is what counts, never the sum of its units' 学时 (creditHoursMismatch
          // in packages/domain warns the author when the two differ).
          hours: String(Number(v.creditHours) || 0),
          category: courseAwardCategory(i.units.map((u) => u.kind)),
          organiserLevel: organiserLevelOf({ kind: v.kind, depth: v.path.split("/").filter(Boolean).length }),
          countsFor: chinaDay(i.now),
          evidence: i.completedUnits.map((u) => ({
            kind: "unit",
            enrollmentId: e.id,
            unitId: u.unitId,
            completedAt: u.completedAt == null ? null : new Date(u.completedAt).toISOString(),
          })),
        };
      }),
    )
    .onConflictDoNothing({ target: [creditAward.tenantId, creditAward.teacherId, creditAward.source, creditAward.sourceRef] })
    .returning({ id: creditAward.id, teacherId: creditAward.teacherId, courseId: creditAward.sourceRef, hours: creditAward.hours, category: creditAward.category, countsFor: creditAward.countsFor });
  const awardOf = new Map(awards.map((a) => [`${a.teacherId}:${a.courseId}`, a]));

  // recomputeTeacherStatuses serialises per teacher, so two courses of one teacher completing at once both count.
  // Grouped by the day the awards count for (the worker's batch is one day; a rebuild's may be several).
  const byDay = new Map<string, typeof awards>();
  for (const a of awards) byDay.set(a.countsFor, [...(byDay.get(a.countsFor) ?? []), a]);
  for (const [day, landed] of byDay)
    await recomputeTeacherStatuses(tx, { tenantId, teacherIds: landed.map((a) => a.teacherId), today: day, landed: landed.map((a) => ({ teacherId: a.teacherId, hours: a.hours, category: a.category, countsFor: a.countsFor })) });

  // Certificates in one statement; a clash of number or code (one in 10^8 per certificate of the year) draws again.
  let pending = earning.flatMap((i) => {
    const a = awardOf.get(`${i.enrollment.teacherId}:${i.enrollment.courseId}`);
    if (!a) results.set(i.enrollment.id, { completed: true, awardId: null, certificateId: null });
    return a ? [{ enrollmentId: i.enrollment.id, award: a }] : [];
  });
  for (let round = 0; pending.length > 0; round++) {
    if (round === 8) throw new Error("could not draw a unique certificate number");
    const certs = await tx
      .insert(certificate)
      .values(pending.map((p) => ({ tenantId, awardId: p.award.id, teacherId: p.award.teacherId, number: certificateNumber(Number(p.award.countsFor.slice(0, 4))), verifyCode: verifyCode(), status: "pending" as const })))
      .onConflictDoNothing()
      .returning({ id: certificate.id, awardId: certificate.awardId });
    const certOf = new Map(certs.map((c) => [c.awardId, c.id]));
    for (const p of pending) {
      const id = certOf.get(p.award.id);
      if (id) results.set(p.enrollmentId, { completed: true, awardId: p.award.id, certificateId: id });
    }
    pending = pending.filter((p) => !certOf.has(p.award.id));
  }
  return fill(results, ids);
}

/** Every enrolment asked about has a result (an enrolment not there, or another tenant's, completes nothing). */
function fill(results: Map<string, TCompletionResult>, ids: readonly string[]) {
  for (const id of ids) if (!results.has(id)) results.set(id, { completed: true, awardId: null, certificateId: null });
  return results;
}
