import { sql } from "drizzle-orm";
import { shareOf, yearOnYear } from "@yanxiu/domain/annual-report";
import type { TAwardCategory } from "@yanxiu/domain/credits";
import { tallyResponses, type TQuestion } from "@yanxiu/domain/project-evaluation";
import type { Tx } from "@yanxiu/db/client";
import type { orgUnit } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";
import { dashboardIn, type TDashboard } from "../rollups/read-dashboard.ts";

const levels = ["national", "provincial", "city", "county", "school"] as const;
const round1 = (n: number) => Math.round(n * 10) / 10;
const sumOf = (xs: readonly number[]) => round1(xs.reduce((a, b) => a + b, 0));

type TOrgUnitRow = typeof orgUnit.$inferSelect;

/**
 * Every number the annual quality report prints for `unit` and `year` (decision 030), gathered in one
 * transaction. What the dashboard shows comes from the dashboard's own function (`dashboardIn`, for this year
 * and the year before), so the report and the dashboard agree by construction and a test holds them to it.
 * What the dashboard does not show is read here: participation and 学时 by category × organiser level from the
 * ledger (net of reversals), each child unit's 学时 of the year from the monthly rollups, the projects the
 * unit's subtree ran that year with their evaluations (scale means), and the same for the year before.
 */
export async function annualReportFigures(tx: Tx, actor: TActor, unit: TOrgUnitRow, year: number) {
  const d = await dashboardIn(tx, actor, unit, year);
  const prev = await dashboardIn(tx, actor, unit, year - 1);
  const like = `${unit.path}%`;
  const from = `${year - 1}-01-01`;
  const to = `${year + 1}-01-01`;

  // The ledger of the two years, for this subtree: 学时 by year × category × level × rural, and who took part.
  const ledger = await tx.execute<{ y: number; category: TAwardCategory; level: (typeof levels)[number]; rural: boolean; hours: number }>(sql`
    select extract(year from a.counts_for)::int as y, a.category, a.organiser_level as level, p.rural, sum(a.hours)::float8 as hours
    from credit_award a
    join teacher_profile p on p.tenant_id = a.tenant_id and p.user_id = a.teacher_id
    where p.org_path like ${like} and a.counts_for >= ${from}::date and a.counts_for < ${to}::date
    group by 1, 2, 3, 4`);
  const takers = await tx.execute<{ y: number; rural: boolean; n: number }>(sql`
    select extract(year from a.counts_for)::int as y, p.rural, count(distinct a.teacher_id)::int as n
    from credit_award a
    join teacher_profile p on p.tenant_id = a.tenant_id and p.user_id = a.teacher_id
    where p.org_path like ${like} and a.counts_for >= ${from}::date and a.counts_for < ${to}::date
      and a.source <> 'reversal' and a.hours > 0
    group by 1, 2`);
  const rows = [...ledger];
  const hoursOf = (y: number, f: (r: (typeof rows)[number]) => boolean = () => true) => sumOf(rows.filter((r) => r.y === y && f(r)).map((r) => r.hours));
  const takersOf = (y: number, rural?: boolean) => [...takers].filter((r) => r.y === y && (rural === undefined || r.rural === rural)).reduce((a, r) => a + r.n, 0);

  const categories = [...new Set(rows.filter((r) => r.y === year).map((r) => r.category))];
  const byCategoryLevel = categories
    .map((category) => ({
      category,
      levels: levels.map((level) => hoursOf(year, (r) => r.category === category && r.level === level)),
      total: hoursOf(year, (r) => r.category === category),
      lastYear: hoursOf(year - 1, (r) => r.category === category),
    }))
    .filter((c) => c.total !== 0)
    .sort((a, b) => b.total - a.total);
  const byLevel = levels.map((level) => ({ level, hours: hoursOf(year, (r) => r.level === level) }));
  const countyOrAbove = hoursOf(year, (r) => r.level !== "school");

  // Each child unit's 学时 in the year, from the same monthly rollups as the dashboard's 学时 charts.
  const childIds = d.children.map((c) => c.id);
  const childHours = childIds.length
    ? await tx.execute<{ id: string; hours: number }>(sql`
        select org_unit_id as id, sum(hours)::float8 as hours from org_rollup_hours_now
        where org_unit_id in (${sql.join(childIds.map((id) => sql`${id}::uuid`), sql`, `)})
          and month >= ${`${year}-01-01`}::date and month < ${`${year + 1}-01-01`}::date
        group by 1`)
    : [];
  const childHoursOf = new Map([...childHours].map((r) => [r.id, round1(r.hours)]));

  // The projects the subtree ran in the year (ending in it), with their trainees, 学时 confirmed and evaluations.
  const projects = await tx.execute<{ id: string; name: string; level: string; starts_on: string; ends_on: string; trainees: number; credited: number }>(sql`
    select p.id, p.name, p.level, p.starts_on::text, p.ends_on::text,
      (select count(*)::int from nomination n where n.tenant_id = p.tenant_id and n.project_id = p.id and n.state = 'approved') as trainees,
      (select count(*)::int from project_credit_award c where c.tenant_id = p.tenant_id and c.project_id = p.id and c.state = 'awarded') as credited
    from training_project p
    join org_unit u on u.tenant_id = p.tenant_id and u.id = p.owner_unit_id
    where u.path like ${like} and p.state in ('running', 'closed', 'published')
      and p.ends_on >= ${`${year}-01-01`}::date and p.ends_on < ${`${year + 1}-01-01`}::date
    order by p.ends_on, p.name
    limit 500`);
  const projectIds = [...projects].map((p) => p.id);
  const questionnaires = projectIds.length
    ? await tx.execute<{ id: string; project_id: string; questions: TQuestion[] }>(sql`
        select id, project_id, questions from questionnaire
        where project_id in (${sql.join(projectIds.map((id) => sql`${id}::uuid`), sql`, `)}) and state <> 'draft'`)
    : [];
  const responses = questionnaires.length
    ? await tx.execute<{ questionnaire_id: string; answers: Record<string, unknown> }>(sql`
        select questionnaire_id, answers from questionnaire_response
        where questionnaire_id in (${sql.join([...questionnaires].map((q) => sql`${q.id}::uuid`), sql`, `)})`)
    : [];
  const evaluation = new Map<string, { responses: number; scaleSum: number; scaleAnswers: number; byTarget: Record<string, { sum: number; n: number }> }>();
  for (const q of questionnaires) {
    const answers = [...responses].filter((r) => r.questionnaire_id === q.id).map((r) => r.answers);
    const e = evaluation.get(q.project_id) ?? { responses: 0, scaleSum: 0, scaleAnswers: 0, byTarget: {} };
    e.responses += answers.length;
    for (const res of tallyResponses(q.questions, answers)) {
      if (res.kind !== "scale" || res.mean == null) continue;
      const sum = res.counts.reduce((s, c, i) => s + c * (i + 1), 0);
      e.scaleSum += sum;
      e.scaleAnswers += res.answered;
      const t = (e.byTarget[res.target?.kind ?? "project"] ??= { sum: 0, n: 0 });
      t.sum += sum;
      t.n += res.answered;
    }
    evaluation.set(q.project_id, e);
  }
  const mean = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 100) / 100 : null);
  const projectRows = [...projects].map((p) => {
    const e = evaluation.get(p.id);
    return {
      id: p.id,
      name: p.name,
      level: p.level,
      startsOn: p.starts_on,
      endsOn: p.ends_on,
      trainees: p.trainees,
      credited: p.credited,
      responses: e?.responses ?? 0,
      responseRate: shareOf(e?.responses ?? 0, p.trainees),
      satisfaction: e ? mean(e.scaleSum, e.scaleAnswers) : null,
      courseMean: e?.byTarget.session ? mean(e.byTarget.session.sum, e.byTarget.session.n) : null,
      mentorMean: e?.byTarget.mentor ? mean(e.byTarget.mentor.sum, e.byTarget.mentor.n) : null,
    };
  });
  const allScale = [...evaluation.values()].reduce((a, e) => ({ sum: a.sum + e.scaleSum, n: a.n + e.scaleAnswers }), { sum: 0, n: 0 });

  const f = d.figures;
  const teachers = f?.teachers ?? 0;
  const hours = hoursOf(year);
  const hoursLast = hoursOf(year - 1);
  const sessions = (x: TDashboard) => x.activity.sessionsByMonth.reduce((a, m) => ({ studio: a.studio + m.studio, coTeaching: a.coTeaching + m.coTeaching }), { studio: 0, coTeaching: 0 });
  const ruralHours = hoursOf(year, (r) => r.rural);
  const urbanHours = hoursOf(year, (r) => !r.rural);
  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind },
    year,
    asOf: d.asOf,
    computedAt: (d.history ? d.history.computedAt : d.computedAt)?.toISOString() ?? null,
    /** A closed year: on-pace, teachers and 学时 per teacher's cycle are the year-end history's (decision 038), judged on `asOf`. */
    history: d.history != null,
    /** The dashboard itself (this year and last), as the dashboard's function returned it. */
    dashboard: { hoursByCategory: d.hoursByCategory, hoursByMonth: d.hoursByMonth, figures: f, children: d.children, activity: d.activity },
    lastYear: { hoursByCategory: prev.hoursByCategory, hoursByMonth: prev.hoursByMonth, activity: prev.activity },
    overview: {
      teachers,
      participants: takersOf(year),
      participation: shareOf(takersOf(year), teachers),
      participantsLastYear: takersOf(year - 1),
      hours,
      hoursLastYear: hoursLast,
      hoursChange: yearOnYear(hours, hoursLast),
      hoursPerTeacher: teachers > 0 ? round1(hours / teachers) : null,
      onPacePercent: f?.onPacePercent ?? null,
      assignedPercent: f?.assignedPercent ?? null,
      countyOrAboveShare: shareOf(countyOrAbove, hours),
    },
    byCategoryLevel,
    byLevel,
    regions: d.children.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      teachers: c.figures?.teachers ?? 0,
      onPacePercent: c.figures?.onPacePercent ?? null,
      hours: childHoursOf.get(c.id) ?? 0,
      hoursPerTeacher: c.figures?.teachers ? round1((childHoursOf.get(c.id) ?? 0) / c.figures.teachers) : null,
      ruralOnPacePercent: c.figures?.rural.onPacePercent ?? null,
      assignedPercent: c.figures?.assignedPercent ?? null,
    })),
    rural: {
      rural: { teachers: f?.rural.teachers ?? 0, onPacePercent: f?.rural.onPacePercent ?? null, participants: takersOf(year, true), hours: ruralHours, hoursPerTeacher: f?.rural.teachers ? round1(ruralHours / f.rural.teachers) : null },
      urban: { teachers: f?.urban.teachers ?? 0, onPacePercent: f?.urban.onPacePercent ?? null, participants: takersOf(year, false), hours: urbanHours, hoursPerTeacher: f?.urban.teachers ? round1(urbanHours / f.urban.teachers) : null },
    },
    backbone: f?.backbone ?? [],
    activity: { studios: d.activity.studios, sessions: sessions(d), sessionsLastYear: sessions(prev), byMonth: d.activity.sessionsByMonth },
    projects: { rows: projectRows, satisfaction: mean(allScale.sum, allScale.n), responses: projectRows.reduce((a, p) => a + p.responses, 0), trainees: projectRows.reduce((a, p) => a + p.trainees, 0) },
  };
}
export type TAnnualReportFigures = Awaited<ReturnType<typeof annualReportFigures>>;
