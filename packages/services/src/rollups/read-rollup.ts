import { and, asc, eq, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { adminScope } from "@yanxiu/domain/permissions";
import type { Database } from "@yanxiu/db/client";
import { loadUnitFor, underPath, type TActor } from "../org/scope.ts";
import { orgRollup, orgUnit } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

export type TRollupFigures = {
  teachers: number;
  ruralTeachers: number;
  enrollments: number;
  completions: number;
  hoursThisYear: number;
  hoursThisCycle: number;
  teachersOnPace: number;
  ruralTeachersOnPace: number;
  /** Shares in percent (whole numbers); null when there is nobody to count. */
  onPacePercent: number | null;
  ruralOnPacePercent: number | null;
  computedAt: Date;
};

export type TRollupRow = { id: string; name: string; kind: string; depth: number; figures: TRollupFigures | null };

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : null);

/**
 * The rollup of one org unit and of the units one and two levels below it (a province: its cities and
 * counties; a county: its schools), for an admin whose scope holds the unit. Without `orgUnitId`, the
 * root of the actor's scope. A unit out of scope is notFound. `figures` is null until the first run.
 */
export async function readRollup(opts: { db: Database; actor: TActor; orgUnitId?: string | null }) {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    let unitId = opts.orgUnitId ?? null;
    if (!unitId) {
      const scope = adminScope(actor.grants);
      if (scope !== "all" && scope.length === 0) throw new AppError("notFound", "not an administrator");
      const [root] =
        scope === "all"
          ? await tx.select({ id: orgUnit.id }).from(orgUnit).where(sql`${orgUnit.parentId} is null`).orderBy(asc(orgUnit.path)).limit(1)
          : await tx.select({ id: orgUnit.id }).from(orgUnit).where(eq(orgUnit.path, scope[0]!)).limit(1);
      if (!root) throw new AppError("notFound", "no org unit");
      unitId = root.id;
    }
    if (!/^[0-9a-f-]{36}$/i.test(unitId)) throw new AppError("notFound", "org unit");
    const unit = await loadUnitFor(tx, actor, unitId, "org.view");
    const depth = unit.path.split("/").filter(Boolean).length;
    const rows = await tx
      .select({ unit: { id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind, path: orgUnit.path }, r: orgRollup })
      .from(orgUnit)
      .leftJoin(orgRollup, tenantEq(orgRollup.orgUnitId, orgUnit.id))
      .where(
        and(
          underPath(orgUnit.path, unit.path),
          sql`array_length(string_to_array(trim(both '/' from ${orgUnit.path}), '/'), 1) <= ${depth + 2}`,
          sql`${orgUnit.kind} in ('province', 'city', 'county', 'school')`,
        ),
      )
      .orderBy(asc(orgUnit.path))
      .limit(2000);
    const list: TRollupRow[] = rows.map(({ unit: u, r }) => ({
      id: u.id,
      name: u.name,
      kind: u.kind,
      depth: u.path.split("/").filter(Boolean).length - depth,
      figures: r
        ? {
            teachers: r.teachers,
            ruralTeachers: r.ruralTeachers,
            enrollments: r.enrollments,
            completions: r.completions,
            hoursThisYear: Number(r.hoursThisYear),
            hoursThisCycle: Number(r.hoursThisCycle),
            teachersOnPace: r.teachersOnPace,
            ruralTeachersOnPace: r.ruralTeachersOnPace,
            onPacePercent: percent(r.teachersOnPace, r.teachers),
            ruralOnPacePercent: percent(r.ruralTeachersOnPace, r.ruralTeachers),
            computedAt: r.computedAt,
          }
        : null,
    }));
    const self = list.find((r) => r.id === unit.id) ?? { id: unit.id, name: unit.name, kind: unit.kind, depth: 0, figures: null };
    return {
      unit: { id: unit.id, name: unit.name, kind: unit.kind },
      figures: self.figures,
      rows: list,
      /** Asking for a recomputation is for province admins. */
      canRecompute: actor.grants.some((g) => g.role === "provinceAdmin"),
    };
  });
}
