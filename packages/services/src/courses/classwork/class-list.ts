import { and, asc, eq, inArray } from "drizzle-orm";
import { courseProgressPercent } from "@yanxiu/domain/completion";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { enrollment, unitProgress } from "@yanxiu/db/schema";
import { joinPerson, personColumns } from "../../common/person.ts";
import { unitState, type TUnitProgressRow, type TUnitState } from "../common.ts";
import { afterKey, currentContent, decodeKey, encodeKey, keyAt, loadManagedCourse } from "./access.ts";

/**
 * The trainer's class list: every enrolment with the teacher, how they came (self, assigned, project),
 * the deadline, overall progress and each unit's state, in enrolment order (keyset pages).
 */
export type TClassListRow = {
  enrollmentId: string;
  teacherId: string;
  name: string;
  teacherNo: string | null;
  school: string | null;
  source: "self" | "assigned" | "project";
  status: "active" | "completed" | "withdrawn";
  deadline: Date | null;
  enrolledAt: Date;
  progressPercent: number;
  units: Record<string, TUnitState>;
};

export async function classList(opts: { db: Database; actor: TActor; courseId: string; after?: string | null; limit?: number }) {
  const { actor } = opts;
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 1000);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const c = await loadManagedCourse(tx, actor, opts.courseId, { admins: true });
    const content = await currentContent(tx, c);
    const cursor = decodeKey(opts.after);
    const e = enrollment;
    const enrolled = tx
      .select({
        enrollmentId: e.id,
        teacherId: e.teacherId,
        ...personColumns,
        source: e.source,
        status: e.status,
        deadline: e.deadline,
        enrolledAt: e.enrolledAt,
        key: keyAt(e.enrolledAt),
      })
      .from(e)
      .$dynamic();
    const rows = await joinPerson(enrolled, e.teacherId)
      .where(and(eq(e.courseId, c.id), afterKey(e.enrolledAt, e.id, cursor)))
      .orderBy(asc(e.enrolledAt), asc(e.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const progress = page.length ? await tx.select().from(unitProgress).where(inArray(unitProgress.enrollmentId, page.map((r) => r.enrollmentId))) : [];
    const byEnrollment = new Map<string, Map<string, TUnitProgressRow>>();
    for (const p of progress) {
      const m = byEnrollment.get(p.enrollmentId) ?? new Map<string, TUnitProgressRow>();
      m.set(p.unitId, p);
      byEnrollment.set(p.enrollmentId, m);
    }
    const out: TClassListRow[] = page.map((r) => {
      const mine = byEnrollment.get(r.enrollmentId);
      const units = Object.fromEntries(content.units.map((u) => [u.id, unitState(u, mine?.get(u.id))]));
      const progressPercent = courseProgressPercent(content.units.map((u) => ({ required: u.required, complete: units[u.id] === "complete" })));
      const { key: _key, ...row } = r;
      void _key;
      return { ...row, progressPercent, units };
    });
    const last = page[page.length - 1];
    return {
      courseTitle: content.version.title,
      offlineUnits: content.units
        .filter((u) => u.kind === "offlineSession")
        .map((u) => {
          const cfg = u.config as { startsAt?: string; endsAt?: string; place?: string };
          return { id: u.id, title: u.title, startsAt: cfg.startsAt ?? null, endsAt: cfg.endsAt ?? null, place: cfg.place ?? null };
        }),
      hasLiveUnits: content.units.some((u) => u.kind === "liveSession"),
      units: content.units.map((u) => ({ id: u.id, title: u.title, kind: u.kind, required: u.required })),
      rows: out,
      next: rows.length > limit && last ? encodeKey(last.key, last.enrollmentId) : null,
    };
  });
}
