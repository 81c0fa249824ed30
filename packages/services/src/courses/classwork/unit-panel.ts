import { and, eq } from "drizzle-orm";
import { attendanceState, checkInWindow, parseUnitConfig, type TCheckInWindow } from "@yanxiu/domain/courses";
import { AppError } from "@yanxiu/domain/errors";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { offlineCheckIn, unitProgress } from "@yanxiu/db/schema";
import { loadCourse, unitState, type TUnitState } from "../common.ts";
import { loadLearnerUnit } from "./access.ts";
import { submissionsOf, submitRefusal, type TSubmissionStatus } from "./assignments.ts";
import type { TAttendance } from "./check-in.ts";
import { countOwnPosts, postPageSize, readThreads, type TThread } from "./discussion.ts";

/**
 * What the course player shows for the classwork kinds of units. Plain JSON (dates as ISO strings), as
 * it travels through a loader to the browser.
 */
export type TUnitPanel =
  | {
      kind: "assignment";
      state: TUnitState;
      instructions: string;
      submissions: { id: string; body: string; fileId: string | null; fileName: string | null; status: TSubmissionStatus; comment: string | null; submittedAt: string; gradedAt: string | null }[];
      canSubmit: boolean;
      refusal: "assignmentAwaitingGrade" | "assignmentPassed" | null;
    }
  | { kind: "discussion"; state: TUnitState; prompt: string; minPosts: number; myPosts: number; threads: TThread[]; next: string | null }
  | {
      kind: "offlineSession";
      state: TUnitState;
      startsAt: string;
      endsAt: string;
      place: string;
      checkInOpensAt: string;
      checkInClosesAt: string;
      lateAfter: string;
      window: TCheckInWindow;
      checkIn: { late: boolean; at: string } | null;
      attendance: TAttendance;
    };

export async function unitPanel(opts: { db: Database; actor: TActor; courseId: string; unitId: string; after?: string | null; now?: Date }): Promise<TUnitPanel> {
  const { actor } = opts;
  const now = opts.now ?? new Date();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { enrollment: enr, unit } = await loadLearnerUnit(tx, actor, opts.courseId, opts.unitId);
    const [progress] = await tx
      .select()
      .from(unitProgress)
      .where(and(eq(unitProgress.enrollmentId, enr.id), eq(unitProgress.unitId, unit.id)))
      .limit(1);
    const state = unitState(unit, progress);
    switch (unit.kind) {
      case "assignment": {
        const subs = await submissionsOf(tx, enr.id, unit.id);
        const refusal = submitRefusal(subs[0]);
        return {
          kind: "assignment",
          state,
          instructions: parseUnitConfig("assignment", unit.config).instructions,
          submissions: subs.map((s) => ({ ...s, submittedAt: s.submittedAt.toISOString(), gradedAt: s.gradedAt?.toISOString() ?? null })),
          canSubmit: refusal === null,
          refusal,
        };
      }
      case "discussion": {
        const c = await loadCourse(tx, opts.courseId);
        const { threads, next } = await readThreads(tx, actor, c, unit.id, opts.after, postPageSize);
        const minPosts = unit.criterion.kind === "discussion" ? unit.criterion.minPosts : 1;
        return {
          kind: "discussion",
          state,
          prompt: parseUnitConfig("discussion", unit.config).prompt,
          minPosts,
          myPosts: await countOwnPosts(tx, c.id, unit.id, actor.actorId),
          threads,
          next,
        };
      }
      case "offlineSession": {
        const cfg = parseUnitConfig("offlineSession", unit.config);
        const [ci] = await tx
          .select()
          .from(offlineCheckIn)
          .where(and(eq(offlineCheckIn.enrollmentId, enr.id), eq(offlineCheckIn.unitId, unit.id)))
          .limit(1);
        return {
          kind: "offlineSession",
          state,
          startsAt: cfg.startsAt.toISOString(),
          endsAt: cfg.endsAt.toISOString(),
          place: cfg.place,
          checkInOpensAt: cfg.checkInOpensAt.toISOString(),
          checkInClosesAt: cfg.checkInClosesAt.toISOString(),
          lateAfter: cfg.lateAfter.toISOString(),
          window: checkInWindow(cfg, now),
          checkIn: ci ? { late: ci.late, at: ci.checkedInAt.toISOString() } : null,
          attendance: attendanceState(ci ?? null, cfg, now),
        };
      }
      default:
        throw new AppError("notFound", `unit ${unit.id} is not classwork`);
    }
  });
}
