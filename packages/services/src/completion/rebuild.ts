import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { isCourseComplete } from "@yanxiu/domain/completion";
import { effectiveEntries } from "@yanxiu/domain/credits";
import { emptyFacts, foldUnitFacts, sameFacts, type TFoldEvent, type TStoredFacts } from "@yanxiu/domain/fold";
import type { Database, Tx } from "@yanxiu/db/client";
import { chinaDay, currentPolicy, recomputeTeacherStatus, statusTotals, type TStatusLedgerEntry } from "../credits/status.ts";
import { creditAward, enrollment, progressEvent, teacherCreditStatus, unitProgress } from "@yanxiu/db/schema";
import { completeEnrollment, enrollmentEarnsAward } from "./complete-enrollment.ts";
import { coTeachingAttendance } from "./coteaching-attendance.ts";
import { studioAttendance } from "./live-attendance.ts";
import { progressRow, unitIsComplete, type TProgressRow } from "./process-progress-event.ts";
import { versionUnits } from "./version-units.ts";

/**
 * The rebuild: recomputes completion state from the event table (the system of record) and the
 * ledger-derived totals from the ledger, and reports every difference from what is stored. With `fix`
 * it writes the computed state — unit facts, enrolment status, a missing course-completion award (with
 * its certificate) and teacher totals — and never deletes or edits a ledger row.
 */

export type TDifference = {
  tenantId: string;
  kind: "unitFacts" | "enrollmentStatus" | "missingAward" | "duplicateAward" | "teacherStatus" | "studioAward" | "coTeachingAward";
  enrollmentId?: string;
  liveSessionId?: string;
  unitId?: string;
  teacherId?: string;
  stored: unknown;
  computed: unknown;
};

export type TRebuildReport = {
  tenants: number;
  enrollments: number;
  events: number;
  differences: TDifference[];
  /** Course completions, studio or co-teaching sessions credited more than once to a teacher (reversed awards do not count). */
  doubleCredits: number;
  /** How many differences `fix` wrote. */
  fixed: number;
};

const batchSize = 200;

type TStoredUnit = TProgressRow;
type TAwardRow = TStatusLedgerEntry & { teacherId: string; sourceRef: string };

export async function rebuildCompletion(opts: { db: Database; fix?: boolean; tenantIds?: string[]; today?: string; log?: (m: string) => void }): Promise<TRebuildReport> {
  const tenantIds = opts.tenantIds ?? (await opts.db.listTenants()).map((t) => t.id);
  const report: TRebuildReport = { tenants: 0, enrollments: 0, events: 0, differences: [], doubleCredits: 0, fixed: 0 };
  for (const tenantId of tenantIds) {
    report.tenants++;
    await rebuildTenant(opts.db, tenantId, report, { fix: opts.fix === true, today: opts.today ?? chinaDay() });
    opts.log?.(`tenant ${tenantId}: ${report.differences.length} differences so far`);
  }
  return report;
}

async function rebuildTenant(db: Database, tenantId: string, report: TRebuildReport, o: { fix: boolean; today: string }) {
  // Enrolments with events, and completed ones (a completion with no evidence is a difference too).
  const ids = await db.withTenant(tenantId, async (tx) => {
    const rows = await tx.execute<{ id: string }>(sql`
      select enrollment_id as id from progress_event where tenant_id = ${tenantId} and enrollment_id is not null
      union select id from enrollment where tenant_id = ${tenantId} and status = 'completed'
      order by 1`);
    return rows.map((r) => r.id);
  });
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    await db.withTenant(tenantId, (tx) => checkEnrollments(tx, tenantId, batch, report, o));
  }

  // Studio sessions' attendance (decision 006) and co-teaching sessions' (decision 010, the lecturer's and
  // each assistant's): the award the rule gives, once.
  for (const [kind, attendance] of [["studioAward", studioAttendance], ["coTeachingAward", coTeachingAttendance]] as const) {
    await db.withTenant(tenantId, async (tx) => {
      for (const c of await attendance.awardChecks(tx, tenantId)) {
        const expected = c.earns ? 1 : 0;
        if (Math.min(c.awards, 1) === expected) continue;
        report.differences.push({ tenantId, kind, teacherId: c.teacher_id, liveSessionId: c.session_id, stored: c.awards, computed: expected });
        if (o.fix && expected === 1) {
          await attendance.fixAward(tx, tenantId, c.teacher_id, c.session_id);
          report.fixed++;
        }
      }
    });
  }

  // Teacher totals from the ledger (after any award the fix added), and double credits.
  await db.withTenant(tenantId, async (tx) => {
    const awards = await loadAwards(tx, tenantId);
    const policy = (await currentPolicy(tx, o.today)).rules;
    const stored = await tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.tenantId, tenantId));
    const storedBy = new Map(stored.map((s) => [s.teacherId, s]));
    const byTeacher = new Map<string, TAwardRow[]>();
    for (const a of awards) byTeacher.set(a.teacherId, [...(byTeacher.get(a.teacherId) ?? []), a]);
    for (const s of stored) if (!byTeacher.has(s.teacherId)) byTeacher.set(s.teacherId, []);
    for (const [teacherId, entries] of byTeacher) {
      const totals = statusTotals(policy, entries, o.today);
      // The stored facts are the 学时 (and which year and cycle they are about). The row's on_pace is pace
      // as of the day it was computed; what the plan asks grows every day, so every reader judges pace
      // for its own day (creditPace / paceOn) and a row computed on an earlier day is no difference.
      const computed = { cycleStartYear: totals.cycle.startYear, cycleHours: totals.cycleHours, yearHours: totals.yearHours, year: totals.year };
      const s = storedBy.get(teacherId);
      const storedView = s ? { cycleStartYear: s.cycleStartYear, cycleHours: Number(s.cycleHours), yearHours: Number(s.yearHours), year: s.year } : null;
      if (JSON.stringify(storedView) !== JSON.stringify(computed)) {
        report.differences.push({ tenantId, kind: "teacherStatus", teacherId, stored: storedView, computed });
        if (o.fix) {
          // No ledger row is appended here (the fix appended its own, with their status): landed is empty.
          await recomputeTeacherStatus(tx, { tenantId, teacherId, today: o.today, policy, landed: [] });
          report.fixed++;
        }
      }
      const counted = new Map<string, number>();
      for (const e of effectiveEntries(entries)) if (e.source === "courseCompletion" || e.source === "liveSession" || e.source === "coTeaching") {
        const k = `${e.source}:${(e as TAwardRow).sourceRef}`;
        counted.set(k, (counted.get(k) ?? 0) + 1);
      }
      for (const n of counted.values()) if (n > 1) report.doubleCredits += n - 1;
    }
  });
}

async function loadAwards(tx: Tx, tenantId: string): Promise<TAwardRow[]> {
  const rows = await tx
    .select({
      id: creditAward.id,
      teacherId: creditAward.teacherId,
      hours: creditAward.hours,
      category: creditAward.category,
      countsFor: creditAward.countsFor,
      source: creditAward.source,
      sourceRef: creditAward.sourceRef,
      // What a credit scheme also reads (decision 025).
      title: creditAward.title,
      organiserLevel: creditAward.organiserLevel,
      role: creditAward.role,
      evidence: creditAward.evidence,
      reversesAwardId: creditAward.reversesAwardId,
      // A certified fixed-point item (decision 032): the scheme values it, its hours are 0.
      fixedPoint: creditAward.fixedPoint,
      // 学分 an imported list stated (decision 039): a 学分 scheme counts them as stated.
      statedCredits: creditAward.statedCredits,
    })
    .from(creditAward)
    .where(eq(creditAward.tenantId, tenantId));
  return rows.map((r) => ({ ...r, hours: Number(r.hours), statedCredits: r.statedCredits == null ? null : Number(r.statedCredits) }));
}

async function checkEnrollments(tx: Tx, tenantId: string, ids: string[], report: TRebuildReport, o: { fix: boolean }) {
  // Fixing takes the enrolments' locks (in id order), as the worker does, so a running worker and the
  // fix never interleave on one enrolment.
  const base = tx.select().from(enrollment).where(and(eq(enrollment.tenantId, tenantId), inArray(enrollment.id, ids))).orderBy(asc(enrollment.id));
  const enrollments = o.fix ? await base.for("update") : await base;
  const events = await tx
    .select({ enrollmentId: progressEvent.enrollmentId, unitId: progressEvent.unitId, kind: progressEvent.kind, payload: progressEvent.payload, occurredAt: progressEvent.occurredAt, eventId: progressEvent.eventId })
    .from(progressEvent)
    .where(and(eq(progressEvent.tenantId, tenantId), inArray(progressEvent.enrollmentId, ids)));
  const progressRows = await tx.execute<Record<string, unknown>>(sql`
    select enrollment_id, unit_id, played_ranges, opened, best_score_percent, graded, attended_minutes, checked_in, posts, completed_at
    from unit_progress where tenant_id = ${tenantId} and enrollment_id in ${ids}`);
  const awards = await tx
    .select({ teacherId: creditAward.teacherId, sourceRef: creditAward.sourceRef, n: sql<number>`count(*)::int` })
    .from(creditAward)
    .where(and(eq(creditAward.tenantId, tenantId), eq(creditAward.source, "courseCompletion"), inArray(creditAward.teacherId, [...new Set(enrollments.map((e) => e.teacherId))])))
    .groupBy(creditAward.teacherId, creditAward.sourceRef);
  const awardCount = new Map(awards.map((a) => [`${a.teacherId}:${a.sourceRef}`, a.n]));
  const eventsBy = new Map<string, TFoldEvent[]>();
  for (const e of events) {
    const k = `${e.enrollmentId}:${e.unitId}`;
    const list = eventsBy.get(k) ?? [];
    list.push({ kind: e.kind, payload: e.payload, occurredAt: e.occurredAt, eventId: e.eventId } as TFoldEvent);
    eventsBy.set(k, list);
  }
  const storedBy = new Map<string, TStoredUnit>();
  for (const r of progressRows) storedBy.set(`${r.enrollment_id as string}:${r.unit_id as string}`, progressRow(r));
  report.events += events.length;

  for (const enr of enrollments) {
    report.enrollments++;
    const version = await versionUnits(tx, tenantId, enr.versionId);
    const states: { unitId: string; required: boolean; complete: boolean; completedAt: Date | string | null }[] = [];
    for (const unit of version.units) {
      const k = `${enr.id}:${unit.id}`;
      const unitEvents = eventsBy.get(k) ?? [];
      const stored = storedBy.get(k);
      const computed: TStoredFacts = unitEvents.length ? foldUnitFacts(unitEvents, unit) : emptyFacts();
      const complete = unitIsComplete(unit, computed);
      const storedFacts = stored ?? { ...emptyFacts(), unitId: unit.id, completedAt: null };
      const completedAt = complete ? (stored?.completedAt ?? lastTime(unitEvents)) : null;
      states.push({ unitId: unit.id, required: unit.required, complete, completedAt });
      if (!stored && unitEvents.length === 0) continue;
      if (sameFacts(storedFacts, computed, unit) && (storedFacts.completedAt != null) === complete) continue;
      report.differences.push({
        tenantId,
        kind: "unitFacts",
        enrollmentId: enr.id,
        unitId: unit.id,
        stored: stored ? { ...factsOnly(stored), complete: stored.completedAt != null } : null,
        computed: { ...computed, complete },
      });
      if (o.fix) {
        await tx
          .insert(unitProgress)
          .values({ tenantId, enrollmentId: enr.id, unitId: unit.id, ...computed, completedAt: completedAt == null ? null : new Date(completedAt) })
          .onConflictDoUpdate({
            target: [unitProgress.tenantId, unitProgress.enrollmentId, unitProgress.unitId],
            set: { ...computed, completedAt: completedAt == null ? null : new Date(completedAt), updatedAt: new Date() },
          });
        report.fixed++;
      }
    }
    if (enr.status === "withdrawn") continue;
    const courseComplete = isCourseComplete(states);
    const awardsOfCourse = awardCount.get(`${enr.teacherId}:${enr.courseId}`) ?? 0;
    // A course taken inside a training project earns no award of its own (decision 036): the project's 学时认定 does.
    const earnsAward = enrollmentEarnsAward(enr.source);
    // Completion is sticky once credited: a teacher moved to a newer version with more units keeps it.
    const expected = courseComplete || (enr.status === "completed" && (awardsOfCourse > 0 || !earnsAward)) ? "completed" : "active";
    if (awardsOfCourse > 1) report.differences.push({ tenantId, kind: "duplicateAward", enrollmentId: enr.id, teacherId: enr.teacherId, stored: awardsOfCourse, computed: 1 });
    const statusDiffers = expected !== enr.status;
    const missingAward = earnsAward && expected === "completed" && awardsOfCourse === 0;
    if (statusDiffers) report.differences.push({ tenantId, kind: "enrollmentStatus", enrollmentId: enr.id, teacherId: enr.teacherId, stored: enr.status, computed: expected });
    if (missingAward) report.differences.push({ tenantId, kind: "missingAward", enrollmentId: enr.id, teacherId: enr.teacherId, stored: 0, computed: 1 });
    if (!o.fix || (!statusDiffers && !missingAward)) continue;
    if (expected === "completed") {
      await completeEnrollment(tx, {
        tenantId,
        enrollment: { id: enr.id, teacherId: enr.teacherId, courseId: enr.courseId, versionId: enr.versionId },
        units: version.units,
        completedUnits: states.filter((s) => s.required).map((s) => ({ unitId: s.unitId, completedAt: s.completedAt })),
        now: enr.completedAt ?? undefined,
      });
    } else {
      await tx.update(enrollment).set({ status: "active", completedAt: null }).where(and(eq(enrollment.tenantId, tenantId), eq(enrollment.id, enr.id)));
    }
    report.fixed++;
  }
}

function lastTime(events: readonly TFoldEvent[]): Date | null {
  let t: number | null = null;
  for (const e of events) {
    const v = new Date(e.occurredAt).getTime();
    if (t == null || v > t) t = v;
  }
  return t == null ? null : new Date(t);
}

function factsOnly(r: TStoredUnit): TStoredFacts {
  return { playedRanges: r.playedRanges, opened: r.opened, bestScorePercent: r.bestScorePercent, graded: r.graded, attendedMinutes: r.attendedMinutes, checkedIn: r.checkedIn, posts: r.posts };
}
