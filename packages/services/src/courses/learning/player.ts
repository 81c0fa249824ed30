import { and, asc, eq, sql } from "drizzle-orm";
import { watchedPercent } from "@yanxiu/domain/completion";
import { parseUnitConfig, studyOpen } from "@yanxiu/domain/courses";
import { attemptQuestions, ZPlayerInput } from "@yanxiu/domain/progress";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { certificate, creditAward, liveSession } from "@yanxiu/db/schema";
import { parseInput } from "../../common/parse-input.ts";
import { loadOwnEnrollment, loadProgress, loadVersionContent, type TEnrollmentRow, type TUnitProgressRow, type TUnitView } from "../common.ts";
import { quizAttemptsOf, summarise, unitOf } from "./shared.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/**
 * The course player: the enrolment's OWN version (a teacher on v1 keeps v1 after v2 is published), each
 * unit's state, the current unit (the one asked for, or the next to study) with what its kind shows,
 * and prev/next. Quiz questions never carry their correct options.
 */
export async function player(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const input = parseInput(ZPlayerInput, opts.input);
  const now = opts.now ?? new Date();
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const enr = await loadOwnEnrollment(tx, actor, input.courseId);
    const content = await loadVersionContent(tx, enr.versionId);
    const progress = await loadProgress(tx, enr.id);
    const sum = summarise(content.units, progress);
    const unitId = input.unitId ?? sum.nextUnitId;
    const stateOf = new Map(sum.states.map((s) => [s.unit.id, s.state]));
    const index = content.units.findIndex((u) => u.id === unitId);
    const current = unitId ? unitOf(content, unitId) : null;
    return {
      courseId: input.courseId,
      title: content.version.title,
      versionId: content.version.id,
      enrollment: { id: enr.id, source: enr.source, status: enr.status, deadline: enr.deadline },
      credit: await courseCredit(tx, actor.actorId, input.courseId),
      studyOpen: studyOpen(content.version, now),
      progressPercent: sum.progressPercent,
      nextToStudy: sum.nextUnitId,
      sections: content.sections.map((s) => ({
        id: s.id,
        title: s.title,
        units: s.units.map((u) => ({ id: u.id, title: u.title, kind: u.kind, required: u.required, state: stateOf.get(u.id) ?? "notStarted" })),
      })),
      current: current
        ? {
            id: current.id,
            title: current.title,
            kind: current.kind,
            creditHours: Number(current.creditHours),
            required: current.required,
            state: stateOf.get(current.id) ?? "notStarted",
            content: await unitContent(tx, enr, current, progress.get(current.id)),
          }
        : null,
      prevId: index > 0 ? content.units[index - 1]!.id : null,
      nextId: index >= 0 && index < content.units.length - 1 ? content.units[index + 1]!.id : null,
    };
  });
}

/**
 * The 学时 the teacher was credited for completing this course (any version: the ledger keys it by
 * course), with its certificate once the job has made one; null until the worker has written the award.
 */
async function courseCredit(tx: Tx, teacherId: string, courseId: string) {
  const [row] = await tx
    .select({
      awardId: creditAward.id,
      hours: creditAward.hours,
      certificateId: certificate.id,
      certificateStatus: certificate.status,
      reversed: sql<boolean>`exists (select 1 from credit_award r where r.tenant_id = ${creditAward.tenantId} and r.reverses_award_id = ${creditAward.id})`,
    })
    .from(creditAward)
    .leftJoin(certificate, tenantEq(certificate.awardId, creditAward.id))
    .where(and(eq(creditAward.teacherId, teacherId), eq(creditAward.source, "courseCompletion"), eq(creditAward.sourceRef, courseId)))
    .limit(1);
  if (!row) return null;
  return {
    hours: Number(row.hours),
    reversed: row.reversed,
    certificate: row.certificateId ? { id: row.certificateId, status: row.certificateStatus ?? "pending" } : null,
  };
}

/** What the player shows for one unit, by kind. */
async function unitContent(tx: Tx, enr: TEnrollmentRow, unit: TUnitView, p: TUnitProgressRow | undefined) {
  switch (unit.kind) {
    case "video": {
      const c = parseUnitConfig("video", unit.config);
      const ranges = (p?.playedRanges as [number, number][] | undefined) ?? [];
      const minPercent = unit.criterion.kind === "video" ? unit.criterion.minWatchedPercent : 100;
      return { kind: "video" as const, fileId: c.fileId, durationSeconds: c.durationSeconds, playedRanges: ranges, watchedPercent: Math.floor(watchedPercent(ranges, c.durationSeconds)), minWatchedPercent: minPercent };
    }
    case "document": {
      const c = parseUnitConfig("document", unit.config);
      return { kind: "document" as const, fileId: c.fileId, opened: p?.opened ?? false };
    }
    case "quiz": {
      const c = parseUnitConfig("quiz", unit.config);
      const attempts = await quizAttemptsOf(tx, enr.id, unit.id);
      const open = attempts.find((a) => !a.submittedAt);
      const last = [...attempts].reverse().find((a) => a.submittedAt);
      return {
        kind: "quiz" as const,
        questionCount: c.questions.length,
        attemptLimit: c.attemptLimit,
        attemptsUsed: attempts.length,
        attemptsLeft: Math.max(0, c.attemptLimit - attempts.length),
        passPercent: unit.criterion.kind === "quiz" ? unit.criterion.passPercent : 0,
        bestScorePercent: p?.bestScorePercent ?? null,
        lastScorePercent: last?.scorePercent ?? null,
        openAttempt: open ? { attemptId: open.id, number: open.number, questions: attemptQuestions(c.questions, open.questionOrder as string[]) } : null,
      };
    }
    case "liveSession": {
      const c = parseUnitConfig("liveSession", unit.config);
      // The rooms the course's owner opened for this unit, so the teacher can go in (or read the record).
      const sessions = await tx
        .select({
          id: liveSession.id,
          status: liveSession.status,
          scheduledStart: liveSession.scheduledStart,
          scheduledMinutes: liveSession.scheduledMinutes,
          startedAt: liveSession.startedAt,
          endedAt: liveSession.endedAt,
        })
        .from(liveSession)
        .where(and(eq(liveSession.courseId, enr.courseId), eq(liveSession.unitId, unit.id)))
        .orderBy(asc(liveSession.scheduledStart), asc(liveSession.createdAt));
      return {
        kind: "liveSession" as const,
        startsAt: c.startsAt,
        durationMinutes: c.durationMinutes,
        minMinutes: unit.criterion.kind === "liveSession" ? unit.criterion.minMinutes : 0,
        attendedMinutes: p?.attendedMinutes ?? 0,
        // A started room shows when it ran (startedAt, endedAt), not only when it was planned.
        sessions: sessions.map((x) => ({ ...x, scheduledStart: x.scheduledStart.toISOString(), startedAt: x.startedAt?.toISOString() ?? null, endedAt: x.endedAt?.toISOString() ?? null })),
      };
    }
    default:
      // assignment, discussion, offlineSession: the classwork panel loads its own data.
      return { kind: unit.kind as "assignment" | "discussion" | "offlineSession" };
  }
}

export type TPlayer = Awaited<ReturnType<typeof player>>;
