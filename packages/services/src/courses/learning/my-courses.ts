import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { ZCriterion } from "@yanxiu/domain/completion";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { courseCategory, courseUnit, courseVersion, enrollment, unitProgress } from "@yanxiu/db/schema";
import type { TUnitProgressRow, TUnitView } from "../common.ts";
import { summarise } from "./shared.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/** An offline session of an enrolment still ahead (not over by `now`) that the teacher has not checked in to. */
export type TCheckInDue = { unitId: string; title: string; startsAt: string; endsAt: string; place: string };
/** An assignment of an active enrolment not passed yet (`inProgress`: submitted or failed, waiting for the teacher or the trainer). */
export type TAssignmentDue = { unitId: string; title: string; state: "notStarted" | "inProgress" };

/**
 * 我的课程: the actor's enrolments (not withdrawn), newest first, each with its version's title, how it
 * came (self or assigned, with the deadline), its cover and category (for the course's cover), progress over required units and the unit to study next,
 * and (for the home page) the offline sessions ahead to check in to and the assignments not yet passed.
 */
export async function myCourses(opts: { db: Database; actor: TActor; now?: Date }) {
  const { actor } = opts;
  const now = opts.now ?? new Date();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const enrolments = await tx
      .select({
        e: enrollment,
        title: courseVersion.title,
        creditHours: courseVersion.creditHours,
        studyEndsAt: courseVersion.studyEndsAt,
        coverFileId: courseVersion.coverFileId,
        categoryName: courseCategory.name,
      })
      .from(enrollment)
      .innerJoin(courseVersion, tenantEq(courseVersion.id, enrollment.versionId))
      .innerJoin(courseCategory, tenantEq(courseCategory.id, courseVersion.categoryId))
      .where(and(eq(enrollment.teacherId, actor.actorId), ne(enrollment.status, "withdrawn")))
      .orderBy(desc(enrollment.enrolledAt), asc(enrollment.id));
    if (enrolments.length === 0) return { items: [] };
    const versionIds = [...new Set(enrolments.map((r) => r.e.versionId))];
    const units = await tx.select().from(courseUnit).where(inArray(courseUnit.versionId, versionIds)).orderBy(asc(courseUnit.position));
    const progressRows = await tx
      .select()
      .from(unitProgress)
      .where(inArray(unitProgress.enrollmentId, enrolments.map((r) => r.e.id)));
    const unitsByVersion = new Map<string, TUnitView[]>();
    for (const u of units) {
      const list = unitsByVersion.get(u.versionId) ?? [];
      list.push({ ...u, criterion: ZCriterion.parse(u.criterion) });
      unitsByVersion.set(u.versionId, list);
    }
    const progressBy = new Map<string, Map<string, TUnitProgressRow>>();
    for (const p of progressRows) {
      const m = progressBy.get(p.enrollmentId) ?? new Map<string, TUnitProgressRow>();
      m.set(p.unitId, p);
      progressBy.set(p.enrollmentId, m);
    }
    return {
      items: enrolments.map(({ e, title, creditHours, studyEndsAt, coverFileId, categoryName }) => {
        const units = unitsByVersion.get(e.versionId) ?? [];
        const sum = summarise(units, progressBy.get(e.id) ?? new Map());
        const active = e.status === "active";
        const checkIns: TCheckInDue[] = [];
        const assignments: TAssignmentDue[] = [];
        for (const { unit, state } of active ? sum.states : []) {
          if (state === "complete") continue;
          if (unit.kind === "offlineSession") {
            const c = unit.config as { startsAt: string; endsAt: string; place: string };
            if (Date.parse(c.endsAt) > now.getTime()) checkIns.push({ unitId: unit.id, title: unit.title, startsAt: c.startsAt, endsAt: c.endsAt, place: c.place });
          } else if (unit.kind === "assignment") assignments.push({ unitId: unit.id, title: unit.title, state });
        }
        return {
          enrollmentId: e.id,
          courseId: e.courseId,
          title,
          coverFileId,
          categoryName,
          creditHours: Number(creditHours),
          source: e.source,
          status: e.status,
          deadline: e.source === "self" ? null : e.deadline,
          studyEndsAt,
          enrolledAt: e.enrolledAt,
          progressPercent: sum.progressPercent,
          nextUnitId: sum.nextUnitId,
          nextUnitTitle: units.find((u) => u.id === sum.nextUnitId)?.title ?? null,
          checkIns,
          assignments,
        };
      }),
    };
  });
}
