import { Form, Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Col, Row } from "antd";
import type { ReactNode } from "react";
import type { TDashboardChart } from "@yanxiu/domain/dashboard";
import { Chart } from "@yanxiu/ui/charts";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { chinaDateTime } from "../lib/china-time.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction = () => [{ title: t("dashboard.title") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const sp = new URL(request.url).searchParams;
  const d = await load(context.services.rollups.readDashboard({ actor, query: { unit: sp.get("unit"), year: sp.get("year") } }));
  return {
    ...d,
    computedAt: d.computedAt?.toISOString() ?? null,
    reconcile: d.reconcile ? { ...d.reconcile, at: d.reconcile.at.toISOString() } : null,
    // A closed year's `asOf` is that year's last day (decision 038): this year is the live figures' day.
    thisYear: Number(((d.history ? null : d.asOf) ?? new Date().toISOString()).slice(0, 4)),
    history: d.history ? { asOf: d.history.asOf, computedAt: d.history.computedAt?.toISOString() ?? null } : null,
  };
}

type TData = ReturnType<typeof useLoaderData<typeof loader>>;

const pct = (p: number | null | undefined) => (p == null ? "—" : `${p}%`);
const num = (n: number) => n.toLocaleString("zh-CN", { maximumFractionDigits: 1 });
const kindOf = (k: string) => t(`orgKind.${k}` as TMessageKey);

/** The URL of the dashboard (or of a chart's download) with the filters kept. */
function hrefOf(path: string, p: { unit?: string; year?: number; chart?: TDashboardChart }) {
  const q = new URLSearchParams();
  if (p.chart) q.set("chart", p.chart);
  if (p.unit) q.set("unit", p.unit);
  if (p.year) q.set("year", String(p.year));
  return `${path}?${q.toString()}`;
}

function ChartCard(props: { d: TData; chart: TDashboardChart; title: string; children: ReactNode; span?: number }) {
  const { d, chart, title } = props;
  return (
    <Col xs={24} lg={props.span ?? 12}>
      <section className="yx-card yx-dashboard-card" aria-label={title} data-testid={`dashboard-${chart}`}>
        <h2 className="yx-card-title">{title}</h2>
        {props.children}
        <p className="yx-dashboard-download">
          <a href={hrefOf("/admin/dashboard/data", { chart, unit: d.unit.id, year: d.year })} download data-testid={`download-${chart}`} aria-label={t("dashboard.downloadOf", { chart: title })}>
            {t("dashboard.download")}
          </a>
        </p>
      </section>
    </Col>
  );
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const f = d.figures;
  const years = Array.from({ length: 5 }, (_, i) => d.thisYear - i);
  const withFigures = d.children.filter((c) => c.figures != null);
  const drill = (unit: string) => hrefOf("/admin/dashboard", { unit, year: d.year === d.thisYear ? undefined : d.year });
  return (
    <div className="yx-stack">
      <h1>
        {t("dashboard.title")} · {d.unit.name}
      </h1>
      <nav aria-label={t("dashboard.trail")} className="yx-dashboard-trail" data-testid="dashboard-trail">
        <ol>
          {d.trail.map((u) => (
            <li key={u.id}>
              {u.id === d.unit.id ? (
                <span aria-current="page">{u.name}</span>
              ) : (
                <Link to={drill(u.id)}>{u.name}</Link>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <p className="yx-muted">{t("dashboard.intro")}</p>
      <Form method="get" className="yx-row yx-dashboard-filters">
        <input type="hidden" name="unit" value={d.unit.id} />
        <label>
          {t("dashboard.year")}{" "}
          <select name="year" defaultValue={String(d.year)}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("dashboard.apply")}</button>
        {d.unit.kind !== "school" ? (
          <Link to={`/admin/reports?unit=${d.unit.id}&year=${d.year}`} data-testid="dashboard-report-link">
            {t("report.fromDashboard")}
          </Link>
        ) : null}
      </Form>
      {f == null ? (
        <EmptyState>{t("dashboard.notYet")}</EmptyState>
      ) : (
        <>
          <p className="yx-muted" data-testid="dashboard-as-of">
            {d.history
              ? t("dashboard.history", { year: d.year, day: d.history.asOf ?? "—", at: d.history.computedAt ? chinaDateTime(d.history.computedAt) : "—" })
              : t("dashboard.asOf", { day: d.asOf ?? "—", at: d.computedAt ? chinaDateTime(d.computedAt) : "—" })}
            {d.reconcile ? ` · ${t(d.reconcile.zero ? "dashboard.reconciled" : "dashboard.drift", { at: chinaDateTime(d.reconcile.at) })}` : null}
          </p>
          <dl className="yx-rollups-figures" data-testid="dashboard-kpis">
            <div>
              <dt>{t("dashboard.kpi.teachers")}</dt>
              <dd>{num(f.teachers)}</dd>
            </div>
            <div>
              <dt>{t("dashboard.kpi.onPace")}</dt>
              <dd>{pct(f.onPacePercent)}</dd>
            </div>
            <div>
              <dt>{t("dashboard.kpi.hours", { year: d.history ? d.year : d.thisYear })}</dt>
              <dd>{num(f.hoursThisYear)}</dd>
            </div>
            <div>
              <dt>{t("dashboard.kpi.assigned")}</dt>
              <dd>{pct(f.assignedPercent)}</dd>
            </div>
            <div>
              <dt>{t("dashboard.kpi.studios")}</dt>
              <dd>{num(d.activity.studios)}</dd>
            </div>
          </dl>
          <Row gutter={[16, 16]}>
            {d.children.length > 0 ? (
              <ChartCard d={d} chart="areas" title={t("dashboard.chart.areas")}>
                {withFigures.length === 0 ? (
                  <EmptyState>{t("dashboard.empty")}</EmptyState>
                ) : (
                  <Chart
                    kind="bar"
                    label={t("dashboard.chart.areas")}
                    categories={withFigures.map((c) => c.name)}
                    series={[{ name: t("dashboard.series.onPace"), data: withFigures.map((c) => c.figures!.onPacePercent) }]}
                    unit="%"
                    max={100}
                  />
                )}
              </ChartCard>
            ) : null}
            <ChartCard d={d} chart="hoursByMonth" title={t("dashboard.chart.hoursByMonth", { year: d.year })}>
              <Chart
                kind="line"
                label={t("dashboard.chart.hoursByMonth", { year: d.year })}
                categories={d.hoursByMonth.map((m) => t("dashboard.month", { month: m.month }))}
                series={[{ name: t("dashboard.series.hours"), data: d.hoursByMonth.map((m) => m.hours) }]}
              />
            </ChartCard>
            <ChartCard d={d} chart="hoursByCategory" title={t("dashboard.chart.hoursByCategory", { year: d.year })}>
              {d.hoursByCategory.length === 0 ? (
                <EmptyState>{t("dashboard.empty")}</EmptyState>
              ) : (
                <Chart
                  kind="pie"
                  label={t("dashboard.chart.hoursByCategory", { year: d.year })}
                  categories={d.hoursByCategory.map((c) => t(`credits.category.${c.category}` as TMessageKey))}
                  series={[{ name: t("dashboard.series.hours"), data: d.hoursByCategory.map((c) => c.hours) }]}
                />
              )}
            </ChartCard>
            <ChartCard d={d} chart="ruralUrban" title={t("dashboard.chart.ruralUrban")}>
              <Chart
                kind="bar"
                label={t("dashboard.chart.ruralUrban")}
                categories={[t("dashboard.rural"), t("dashboard.urban")]}
                series={[{ name: t("dashboard.series.onPace"), data: [f.rural.onPacePercent, f.urban.onPacePercent] }]}
                unit="%"
                max={100}
              />
            </ChartCard>
            <ChartCard d={d} chart="backbone" title={t("dashboard.chart.backbone")}>
              <Chart
                kind="bar"
                label={t("dashboard.chart.backbone")}
                categories={f.backbone.map((b) => t(`dashboard.backbone.${b.level}` as TMessageKey))}
                series={[{ name: t("dashboard.series.teachers"), data: f.backbone.map((b) => b.teachers) }]}
              />
            </ChartCard>
            <ChartCard d={d} chart="activity" title={t("dashboard.chart.activity", { year: d.year })}>
              <Chart
                kind="bar"
                label={t("dashboard.chart.activity", { year: d.year })}
                categories={d.activity.sessionsByMonth.map((m) => t("dashboard.month", { month: m.month }))}
                series={[
                  { name: t("dashboard.series.studio"), data: d.activity.sessionsByMonth.map((m) => m.studio) },
                  { name: t("dashboard.series.coTeaching"), data: d.activity.sessionsByMonth.map((m) => m.coTeaching) },
                ]}
              />
            </ChartCard>
          </Row>
        </>
      )}
      {d.teachers ? (
        <Row gutter={[16, 16]}>
          <ChartCard d={d} chart="teachers" title={t("dashboard.chart.teachers")} span={24}>
            {d.teachers.length === 0 ? (
              <EmptyState>{t("dashboard.noTeachers")}</EmptyState>
            ) : (
              <ScrollX label={t("common.scrollTable")}>
                <table className="yx-table" data-testid="dashboard-teachers">
                  <thead>
                    <tr>
                      <th scope="col">{t("dashboard.col.name")}</th>
                      <th scope="col">{t("dashboard.col.teacherNo")}</th>
                      <th scope="col" className="yx-credits-num">{t("dashboard.col.yearHours")}</th>
                      <th scope="col" className="yx-credits-num">{t("dashboard.col.cycleHours")}</th>
                      <th scope="col">{t("dashboard.col.onPace")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.teachers.map((x) => (
                      <tr key={x.id}>
                        <th scope="row">
                          <Link to={`/admin/credits/${x.id}`}>{x.name}</Link>
                        </th>
                        <td>{x.teacherNo}</td>
                        <td className="yx-credits-num">{num(x.yearHours)}</td>
                        <td className="yx-credits-num">{num(x.cycleHours)}</td>
                        <td>{x.onPace == null ? "—" : t(x.onPace ? "dashboard.yes" : "dashboard.no")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollX>
            )}
          </ChartCard>
        </Row>
      ) : (
        <section className="yx-card" aria-label={t("dashboard.below")}>
          <h2 className="yx-card-title">{t("dashboard.below")}</h2>
          {d.children.length === 0 ? (
            <EmptyState>{t("dashboard.noUnits")}</EmptyState>
          ) : (
            <ScrollX label={t("common.scrollTable")}>
              <table className="yx-table" data-testid="dashboard-units">
                <thead>
                  <tr>
                    <th scope="col">{t("dashboard.col.unit")}</th>
                    <th scope="col" className="yx-credits-num">{t("dashboard.col.teachers")}</th>
                    <th scope="col" className="yx-credits-num">{t("dashboard.col.onPacePercent")}</th>
                    <th scope="col" className="yx-credits-num">{t("dashboard.col.hoursThisYear")}</th>
                    <th scope="col" className="yx-credits-num">{t("dashboard.col.assignedPercent")}</th>
                    <th scope="col" className="yx-credits-num">{t("dashboard.col.ruralOnPacePercent")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.children.map((c) => (
                    <tr key={c.id} data-testid="dashboard-unit">
                      <th scope="row">
                        <Link to={drill(c.id)}>{c.name}</Link> <span className="yx-muted">{kindOf(c.kind)}</span>
                      </th>
                      <td className="yx-credits-num">{c.figures ? num(c.figures.teachers) : "—"}</td>
                      <td className="yx-credits-num">{pct(c.figures?.onPacePercent)}</td>
                      <td className="yx-credits-num">{c.figures ? num(c.figures.hoursThisYear) : "—"}</td>
                      <td className="yx-credits-num">{pct(c.figures?.assignedPercent)}</td>
                      <td className="yx-credits-num">{pct(c.figures?.rural.onPacePercent)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollX>
          )}
        </section>
      )}
    </div>
  );
}
