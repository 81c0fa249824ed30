import { and, asc, eq, getViewSelectedFields, sql } from "drizzle-orm";
import { chinaTime } from "@yanxiu/domain/china-time";
import { AppError } from "@yanxiu/domain/errors";
import { adminScope } from "@yanxiu/domain/permissions";
import type { Database } from "@yanxiu/db/client";
import { loadUnitFor, underPath, type TActor } from "../org/scope.ts";
import { orgRollupNow, orgUnit } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";
import { xlsxBytes } from "../platform/xlsx/xlsx.ts";

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
      .select({ unit: { id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind, path: orgUnit.path }, r: getViewSelectedFields(orgRollupNow) })
      .from(orgUnit)
      .leftJoin(orgRollupNow, tenantEq(orgRollupNow.orgUnitId, orgUnit.id))
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

const kindNames: Record<string, string> = { province: "省", city: "市", county: "县（区）", school: "学校" };
const rollupHeaders = ["机构", "层级", "教师数", "乡村教师数", "选课人次", "完成人次", "本年学时", "本周期学时", "按计划人数", "按计划比例（%）", "乡村按计划比例（%）", "统计时间（北京时间）"];

/**
 * The rollup page as an .xlsx: the unit and the units one and two levels below it (the same scope checks and
 * rows as readRollup), one row each, the nesting shown by indenting the name; a unit not yet computed has blanks.
 */
export async function rollupSheet(opts: { db: Database; actor: TActor; orgUnitId?: string | null }) {
  const r = await readRollup(opts);
  const rows = r.rows.map((u) => {
    const f = u.figures;
    const name = `${"\u3000".repeat(u.depth)}${u.name}`;
    return f
      ? [name, kindNames[u.kind] ?? u.kind, f.teachers, f.ruralTeachers, f.enrollments, f.completions, f.hoursThisYear, f.hoursThisCycle, f.teachersOnPace, f.onPacePercent ?? "", f.ruralOnPacePercent ?? "", chinaTime(f.computedAt, "minute")]
      : [name, kindNames[u.kind] ?? u.kind, "", "", "", "", "", "", "", "", "", ""];
  });
  const bytes = await xlsxBytes([{ name: "学时统计", headers: rollupHeaders, rows }]);
  return { bytes, unitName: r.unit.name, rows: rows.length };
}
