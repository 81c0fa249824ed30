import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { ZCriterion } from "@yanxiu/domain/completion";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { courseUnit, courseVersion, enrollment, unitProgress } from "@yanxiu/db/schema";
import type { TUnitProgressRow, TUnitView } from "../common.ts";
import { summarise } from "./shared.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/**
 * 我的课程: the actor's enrolments (not withdrawn), newest first, each with its version's title, how it
 * came (self or assigned, with the deadline), progress over required units and the unit to study next.
 */
export async function myCourses(opts: { db: Database; actor: TActor }) {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const enrolments = await tx
      .select({ e: enrollment, title: courseVersion.title, creditHours: courseVersion.creditHours, studyEndsAt: courseVersion.studyEndsAt })
      .from(enrollment)
      .innerJoin(courseVersion, tenantEq(courseVersion.id, enrollment.versionId))
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
      items: enrolments.map(({ e, title, creditHours, studyEndsAt }) => {
        const sum = summarise(unitsByVersion.get(e.versionId) ?? [], progressBy.get(e.id) ?? new Map());
        return {
          enrollmentId: e.id,
          courseId: e.courseId,
          title,
          creditHours: Number(creditHours),
          source: e.source,
          status: e.status,
          deadline: e.source === "self" ? null : e.deadline,
          studyEndsAt,
          enrolledAt: e.enrolledAt,
          progressPercent: sum.progressPercent,
          nextUnitId: sum.nextUnitId,
        };
      }),
    };
  });
}
