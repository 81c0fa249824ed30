import { and, asc, desc, eq, getViewSelectedFields, inArray, sql } from "drizzle-orm";
import { ZDashboardDownload, ZDashboardQuery, type TDashboardChart } from "@yanxiu/domain/dashboard";
import { isOnPace } from "@yanxiu/domain/credit-status";
import { AppError } from "@yanxiu/domain/errors";
import { adminScope, can } from "@yanxiu/domain/permissions";
import type { Database, Tx } from "@yanxiu/db/client";
import { auditEvent, orgRollupHoursNow, orgRollupNow, orgUnit, teacherCreditStatus, teacherProfile } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { currentPolicy, paceOn } from "../credits/status.ts";
import { loadUnitFor, type TActor } from "../org/scope.ts";
import { xlsxBytes } from "../platform/xlsx/xlsx.ts";
import { backboneLevels } from "./compute-rollups.ts";
import { paceSnapshotOf, schoolStandings, type TPaceSnapshotRow } from "./pace-history.ts";

const categories = ["concentrated", "online", "schoolBased", "shadowing", "outreach", "degree", "studio", "coTeaching", "selfStudy"] as const;
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
const drillKinds = ["province", "city", "county", "school"] as const;

type TRollup = typeof orgRollupNow.$inferSelect;
/**
 * A unit's figures from its rollup row; for a closed year, the people, on-pace and 学时 figures are that
 * year's end from the history (decision 038) instead of today's — enrolments and 骨干 stay today's.
 */
function figuresOf(now: TRollup | null | undefined, history?: TPaceSnapshotRow | null) {
  if (!now && !history) return null;
  const r = {
    teachers: 0,
    ruralTeachers: 0,
    teachersOnPace: 0,
    ruralTeachersOnPace: 0,
    hoursThisYear: "0",
    hoursThisCycle: "0",
    enrollments: 0,
    completions: 0,
    assignedEnrollments: 0,
    assignedCompletions: 0,
    backbone: {} as Record<string, number>,
    ...now,
    ...(history
      ? { teachers: history.teachers, ruralTeachers: history.ruralTeachers, teachersOnPace: history.teachersOnPace, ruralTeachersOnPace: history.ruralTeachersOnPace, hoursThisYear: history.hoursThisYear, hoursThisCycle: history.hoursThisCycle }
      : {}),
  };
  const urbanTeachers = r.teachers - r.ruralTeachers;
  const urbanOnPace = r.teachersOnPace - r.ruralTeachersOnPace;
  return {
    teachers: r.teachers,
    onPace: r.teachersOnPace,
    onPacePercent: percent(r.teachersOnPace, r.teachers),
    hoursThisYear: Number(r.hoursThisYear),
    hoursThisCycle: Number(r.hoursThisCycle),
    enrollments: r.enrollments,
    completions: r.completions,
    completionPercent: percent(r.completions, r.enrollments),
    assignedEnrollments: r.assignedEnrollments,
    assignedCompletions: r.assignedCompletions,
    assignedPercent: percent(r.assignedCompletions, r.assignedEnrollments),
    rural: { teachers: r.ruralTeachers, onPace: r.ruralTeachersOnPace, onPacePercent: percent(r.ruralTeachersOnPace, r.ruralTeachers) },
    urban: { teachers: urbanTeachers, onPace: urbanOnPace, onPacePercent: percent(urbanOnPace, urbanTeachers) },
    backbone: backboneLevels.map((level) => ({ level, teachers: Number(r.backbone[level] ?? 0) })),
  };
}
export type TDashboardFigures = NonNullable<ReturnType<typeof figuresOf>>;

/** The unit asked for (in scope, or notFound), or the root of the actor's scope. */
export async function dashboardUnit(tx: Tx, actor: TActor, unitId: string | undefined) {
  if (unitId) {
    const u = await loadUnitFor(tx, actor, unitId, "org.view");
    if (!(drillKinds as readonly string[]).includes(u.kind)) throw new AppError("notFound", `org unit ${unitId}`);
    return u;
  }
  const scope = adminScope(actor.grants);
  if (scope !== "all" && scope.length === 0) throw new AppError("notFound", "not an administrator");
  const [root] =
    scope === "all"
      ? await tx.select().from(orgUnit).where(sql`${orgUnit.parentId} is null`).orderBy(asc(orgUnit.path)).limit(1)
      : await tx.select().from(orgUnit).where(eq(orgUnit.path, scope[0]!)).limit(1);
  if (!root) throw new AppError("notFound", "no org unit");
  return root;
}

/**
 * The dashboard of a province, city or county admin for one unit of their subtree (省 → 市 → 县 → 校): its
 * figures and its child units' (on pace, 学时 this year, assigned-course completion, rural vs urban, 骨干),
 * 学时 by month and by category for `year`, studio and live activity, and at a school its teachers.
 * Everything but the last two reads the pre-computed rollups (org_rollup_now, org_rollup_hours_now: the rows and the deltas not yet folded, decision 033), never the
 * ledger, so a province of a million teachers costs the same as a county. Studios and live sessions are
 * few (thousands a year) and are counted live; a school's teachers are a few hundred rows. A unit outside
 * the actor's scope, or above it, is notFound (scope + RLS).
 */
export async function readDashboard(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const q = parseInput(ZDashboardQuery, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => dashboardIn(tx, actor, await dashboardUnit(tx, actor, q.unit), q.year));
}

type TOrgUnitRow = typeof orgUnit.$inferSelect;

/**
 * The dashboard of `unit` (already checked to be in the actor's scope) inside the caller's transaction: what
 * readDashboard shows, and what the annual quality report prints (decision 030), so the two cannot disagree.
 */
export async function dashboardIn(tx: Tx, actor: TActor, unit: TOrgUnitRow, yearAsked: number | undefined, opts: { today?: string } = {}) {
  const pathIds = unit.path.split("/").filter(Boolean);
  const ancestors = await tx.select({ id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind, path: orgUnit.path }).from(orgUnit).where(inArray(orgUnit.id, pathIds));
  // The way back up stops at the top of the actor's scope: a county admin never sees a link to their city.
  const trail = pathIds
    .map((id) => ancestors.find((a) => a.id === id))
    .filter((a): a is NonNullable<typeof a> => a != null && can(actor.grants, "org.view", a.path))
    .map(({ id, name, kind }) => ({ id, name, kind }));

  const [self] = await tx.select().from(orgRollupNow).where(eq(orgRollupNow.orgUnitId, unit.id));
  const liveAsOf = self?.asOf ?? null;
  const policy = (await currentPolicy(tx)).rules;
  const year = yearAsked ?? Number((liveAsOf ?? new Date().toISOString()).slice(0, 4));
  const pace = liveAsOf ? paceOn(policy, liveAsOf) : null;

  const children = await tx
    .select({ unit: { id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind }, r: getViewSelectedFields(orgRollupNow) })
    .from(orgUnit)
    .leftJoin(orgRollupNow, tenantEq(orgRollupNow.orgUnitId, orgUnit.id))
    .where(and(eq(orgUnit.parentId, unit.id), inArray(orgUnit.kind, ["city", "county", "school"])))
    .orderBy(asc(orgUnit.name))
    .limit(2000);

  // A closed year reads its on-pace history (decision 038); the current year (and a year not closed yet) is live.
  const history = await paceSnapshotOf(tx, actor.tenantId, year, [unit.id, ...children.map((c) => c.unit.id)], opts.today);
  const historyOf = (id: string) => (history ? (history.get(id) ?? null) : undefined);
  const selfHistory = historyOf(unit.id);
  const asOf = history ? (selfHistory?.asOf ?? null) : liveAsOf;

  const hours = await tx
    .select({ month: orgRollupHoursNow.month, category: orgRollupHoursNow.category, hours: orgRollupHoursNow.hours })
    .from(orgRollupHoursNow)
    .where(and(eq(orgRollupHoursNow.orgUnitId, unit.id), sql`${orgRollupHoursNow.month} >= ${`${year}-01-01`}::date`, sql`${orgRollupHoursNow.month} < ${`${year + 1}-01-01`}::date`));
  const hoursByMonth = Array.from({ length: 12 }, (_, i) => ({
    month: i + 1,
    hours: Math.round(hours.filter((h) => Number(h.month.slice(5, 7)) === i + 1).reduce((s, h) => s + Number(h.hours), 0) * 10) / 10,
  }));
  const hoursByCategory = categories
    .map((category) => ({ category, hours: Math.round(hours.filter((h) => h.category === category).reduce((s, h) => s + Number(h.hours), 0) * 10) / 10 }))
    .filter((c) => c.hours !== 0);

  const [studios] = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from studio s join org_unit u on u.tenant_id = s.tenant_id and u.id = s.org_unit_id
    where s.status = 'active' and u.path like ${`${unit.path}%`}`);
  const sessions = await tx.execute<{ month: number; kind: string; n: number }>(sql`
    select extract(month from (coalesce(ls.started_at, ls.scheduled_start) at time zone 'Asia/Shanghai'))::int as month, ls.kind, count(*)::int as n
    from live_session ls
    left join studio s on s.tenant_id = ls.tenant_id and s.id = ls.studio_id
    left join org_unit su on su.tenant_id = s.tenant_id and su.id = s.org_unit_id
    left join teacher_profile hp on hp.tenant_id = ls.tenant_id and hp.user_id = ls.host_id
    where ls.status <> 'scheduled'
      and extract(year from (coalesce(ls.started_at, ls.scheduled_start) at time zone 'Asia/Shanghai')) = ${year}
      and (su.path like ${`${unit.path}%`} or (ls.kind = 'coTeaching' and hp.org_path like ${`${unit.path}%`}))
    group by 1, 2`);
  const activity = {
    studios: Number(studios?.n ?? 0),
    sessionsByMonth: Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      studio: [...sessions].filter((s) => s.month === i + 1 && s.kind === "studio").reduce((a, s) => a + s.n, 0),
      coTeaching: [...sessions].filter((s) => s.month === i + 1 && s.kind === "coTeaching").reduce((a, s) => a + s.n, 0),
    })),
  };

  const schoolTeachers =
    unit.kind === "school"
      ? await tx
          .select({ id: teacherProfile.userId, name: teacherProfile.name, teacherNo: teacherProfile.teacherNo, rural: teacherProfile.rural, backbone: teacherProfile.backboneLevel, s: teacherCreditStatus })
          .from(teacherProfile)
          .leftJoin(teacherCreditStatus, tenantEq(teacherCreditStatus.teacherId, teacherProfile.userId))
          .where(eq(teacherProfile.schoolId, unit.id))
          .orderBy(asc(teacherProfile.name))
          .limit(1000)
      : null;
  const standings = schoolTeachers && history ? await schoolStandings(tx, schoolTeachers.map((t) => t.id), year) : null;
  const teachers =
    schoolTeachers
      ? (
          schoolTeachers
        ).map((t) => {
          const past = standings?.get(t.id);
          if (past) return { id: t.id, name: t.name, teacherNo: t.teacherNo, rural: t.rural, backbone: t.backbone, yearHours: past.yearHours, cycleHours: past.cycleHours, onPace: past.onPace as boolean | null };
          const yearHours = pace && t.s && t.s.year === pace.year ? Number(t.s.yearHours) : 0;
          const cycleHours = pace && t.s && t.s.cycleStartYear === pace.cycle.startYear ? Number(t.s.cycleHours) : 0;
          const onPace = pace ? isOnPace({ cycleHours, yearHours }, pace) : null;
          return { id: t.id, name: t.name, teacherNo: t.teacherNo, rural: t.rural, backbone: t.backbone, yearHours, cycleHours, onPace };
        })
      : null;

  const [reconciled] = await tx
    .select({ at: auditEvent.occurredAt, data: auditEvent.data })
    .from(auditEvent)
    .where(eq(auditEvent.action, "rollups.reconcile"))
    .orderBy(desc(auditEvent.occurredAt))
    .limit(1);

  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind },
    trail,
    year,
    asOf,
    computedAt: self?.computedAt ?? null,
    /** Set for a closed year: its figures are the on-pace history's, judged on `asOf` (the year's last day), computed at `computedAt`. */
    history: history ? { asOf, computedAt: selfHistory?.computedAt ?? null } : null,
    figures: figuresOf(self, historyOf(unit.id)),
    children: children.map((c) => ({ ...c.unit, figures: figuresOf(c.r, historyOf(c.unit.id)) })),
    hoursByMonth,
    hoursByCategory,
    activity,
    teachers,
    reconcile: reconciled ? { at: reconciled.at, zero: (reconciled.data as { zero?: boolean }).zero !== false } : null,
  };
}
export type TDashboard = Awaited<ReturnType<typeof readDashboard>>;

/** One chart's data as a sheet: the header row and the rows, in Chinese headers chosen by the caller. */
export function dashboardRows(d: TDashboard, chart: TDashboardChart, label: (key: string) => string): { headers: string[]; rows: (string | number)[][] } {
  const pct = (p: number | null) => (p == null ? "" : p);
  switch (chart) {
    case "areas":
      return {
        headers: ["unit", "kind", "teachers", "onPacePercent", "hoursThisYear", "assignedPercent", "ruralOnPacePercent"].map(label),
        rows: d.children.map((c) => [c.name, label(`kind.${c.kind}`), c.figures?.teachers ?? 0, pct(c.figures?.onPacePercent ?? null), c.figures?.hoursThisYear ?? 0, pct(c.figures?.assignedPercent ?? null), pct(c.figures?.rural.onPacePercent ?? null)]),
      };
    case "hoursByMonth":
      return { headers: ["month", "hours"].map(label), rows: d.hoursByMonth.map((m) => [`${d.year}-${String(m.month).padStart(2, "0")}`, m.hours]) };
    case "hoursByCategory":
      return { headers: ["category", "hours"].map(label), rows: d.hoursByCategory.map((c) => [label(`category.${c.category}`), c.hours]) };
    case "ruralUrban": {
      const f = d.figures;
      return {
        headers: ["area", "teachers", "onPace", "onPacePercent"].map(label),
        rows: f ? [[label("rural"), f.rural.teachers, f.rural.onPace, pct(f.rural.onPacePercent)], [label("urban"), f.urban.teachers, f.urban.onPace, pct(f.urban.onPacePercent)]] : [],
      };
    }
    case "backbone":
      return { headers: ["backbone", "teachers"].map(label), rows: (d.figures?.backbone ?? []).map((b) => [label(`backbone.${b.level}`), b.teachers]) };
    case "activity":
      return {
        headers: ["month", "studioSessions", "coTeachingSessions"].map(label),
        rows: d.activity.sessionsByMonth.map((m) => [`${d.year}-${String(m.month).padStart(2, "0")}`, m.studio, m.coTeaching]),
      };
    case "teachers":
      return {
        headers: ["teacherNo", "name", "yearHours", "cycleHours", "onPace"].map(label),
        rows: (d.teachers ?? []).map((t) => [t.teacherNo, t.name, t.yearHours, t.cycleHours, t.onPace == null ? "" : label(t.onPace ? "yes" : "no")]),
      };
  }
}

/** One chart's data of the dashboard as an .xlsx (the same scope checks as the page: it reads it through readDashboard). */
export async function dashboardSheet(opts: { db: Database; actor: TActor; query: unknown; label: (key: string) => string }) {
  const q = parseInput(ZDashboardDownload, opts.query);
  const d = await readDashboard({ db: opts.db, actor: opts.actor, query: { unit: q.unit, year: q.year } });
  const { headers, rows } = dashboardRows(d, q.chart, opts.label);
  const bytes = await xlsxBytes([{ name: opts.label(`chart.${q.chart}`).slice(0, 31), headers, rows }]);
  return { bytes, unitName: d.unit.name, chart: q.chart, year: d.year };
}
