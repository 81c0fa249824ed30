import { Link } from "@remix-run/react";
import { Alert, Col, List, Row, Space } from "antd";
import type { TAdminHome } from "@yanxiu/services/home";
import { Chart } from "@yanxiu/ui/charts";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import type { TRole } from "@yanxiu/domain/roles";
import { HomeCard, HomeEmpty, Kpi, timeOf } from "./parts.tsx";

type TAdminHomeView = Omit<TAdminHome, "kpis" | "importAlerts"> & {
  kpis: Omit<TAdminHome["kpis"], "computedAt"> & { computedAt: Date | string | null };
  importAlerts: (Omit<TAdminHome["importAlerts"][number], "createdAt"> & { createdAt: Date | string })[];
};

export function AdminKpis({ home }: { home: TAdminHomeView }) {
  const k = home.kpis;
  const asOf = k.computedAt ? t("home.admin.kpi.computedAt", { time: timeOf(k.computedAt) }) : t("home.admin.kpi.notComputed");
  const dash = "—";
  return (
    <Row gutter={[12, 12]} className="yx-home-kpis" data-testid="home-kpis">
      <Col xs={12} md={8} xl={{ flex: "20%" }}>
        <Kpi title={t("home.admin.kpi.teachers")} value={k.teachers} href="/admin/people" testId="kpi-teachers" />
      </Col>
      <Col xs={12} md={8} xl={{ flex: "20%" }}>
        <Kpi title={t("home.admin.kpi.onPace")} value={k.onPacePercent ?? dash} suffix={k.onPacePercent == null ? undefined : "%"} note={asOf} href="/admin/credits" testId="kpi-on-pace" />
      </Col>
      <Col xs={12} md={8} xl={{ flex: "20%" }}>
        <Kpi title={t("home.admin.kpi.hours", { year: home.year })} value={k.hoursThisYear ?? dash} note={asOf} href="/admin/rollups" testId="kpi-hours" />
      </Col>
      <Col xs={12} md={12} xl={{ flex: "20%" }}>
        <Kpi title={t("home.admin.kpi.courses")} value={k.activeCourses} testId="kpi-courses" />
      </Col>
      <Col xs={24} md={12} xl={{ flex: "20%" }}>
        <Kpi title={t("home.admin.kpi.sessions")} value={k.sessionsThisWeek} testId="kpi-sessions" />
      </Col>
    </Row>
  );
}

export function AdminCharts({ home }: { home: TAdminHomeView }) {
  const areas = home.onPaceByArea.filter((a) => a.onPacePercent != null);
  const anyHours = home.hoursByMonth.some((m) => m.hours !== 0);
  const paceLabel = t("home.admin.chart.onPace");
  const hoursLabel = t("home.admin.chart.hours", { year: home.year });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <HomeCard title={paceLabel} extra={<Link to="/admin/dashboard">{t("dashboard.title")}</Link>} testId="chart-on-pace">
          {areas.length === 0 ? (
            <HomeEmpty>{t("home.admin.chart.onPaceEmpty")}</HomeEmpty>
          ) : (
            <Chart
              kind="bar"
              label={paceLabel}
              valueHeader={t("home.admin.chart.area")}
              categories={areas.map((a) => a.name)}
              series={[{ name: t("home.admin.chart.onPaceSeries"), data: areas.map((a) => a.onPacePercent) }]}
              unit="%"
              max={100}
              testId="chart"
            />
          )}
        </HomeCard>
      </Col>
      <Col xs={24} lg={12}>
        <HomeCard title={hoursLabel} extra={<Link to="/admin/dashboard">{t("dashboard.title")}</Link>} testId="chart-hours">
          {anyHours ? null : <p className="yx-muted yx-home-chart-note">{t("home.admin.chart.hoursEmpty")}</p>}
          <Chart
            kind="line"
            label={hoursLabel}
            valueHeader={t("home.admin.chart.month")}
            categories={home.hoursByMonth.map((m) => t("home.admin.chart.monthN", { month: m.month }))}
            series={[{ name: t("home.admin.chart.hoursSeries"), data: home.hoursByMonth.map((m) => m.hours) }]}
            testId="chart"
          />
        </HomeCard>
      </Col>
    </Row>
  );
}

export function AdminAlerts({ home }: { home: TAdminHomeView }) {
  const r = home.pendingRequests;
  const none = r.count === 0 && home.importAlerts.length === 0 && home.overdueReports.length === 0 && home.kpis.computedAt;
  return (
    <HomeCard title={t("home.admin.alerts")} testId="home-alerts">
      <Space direction="vertical" size={8} className="yx-home-alerts">
        {r.count > 0 ? (
          <Alert
            type="warning"
            showIcon
            message={t(r.more ? "home.admin.alerts.requestsMore" : "home.admin.alerts.requests", { count: r.count })}
            action={<Link to="/admin/credits/requests">{t("home.admin.alerts.review")}</Link>}
          />
        ) : null}
        {home.importAlerts.map((i) => (
          <Alert
            key={i.id}
            type={i.status === "failed" ? "error" : "warning"}
            showIcon
            message={i.status === "failed" ? t("home.admin.alerts.importFailed", { file: i.fileName }) : t("home.admin.alerts.importRejected", { file: i.fileName, count: i.rejectedRows })}
            description={timeOf(i.createdAt)}
            action={<Link to={`/admin/import/${i.id}`}>{t("home.admin.alerts.importOpen")}</Link>}
          />
        ))}
        {home.overdueReports.map((p) => (
          <Alert
            key={p.id}
            type="error"
            showIcon
            data-testid="home-report-overdue"
            message={t("home.admin.alerts.reportOverdue", { name: p.name, due: p.dueOn })}
            action={<Link to={`/admin/projects/${p.id}/evaluation`}>{t("home.admin.alerts.reportGo")}</Link>}
          />
        ))}
        {home.kpis.computedAt ? null : (
          <Alert type="info" showIcon message={t("home.admin.alerts.rollup")} action={<Link to="/admin/rollups">{t("home.admin.alerts.rollupGo")}</Link>} />
        )}
        {none ? <HomeEmpty>{t("home.admin.alerts.none")}</HomeEmpty> : null}
      </Space>
    </HomeCard>
  );
}

const shortcuts: Record<"provinceAdmin" | "orgAdmin", [TMessageKey, TMessageKey, string][]> = {
  provinceAdmin: [
    ["home.admin.org.title", "home.admin.org.body", "/admin/org"],
    ["home.admin.people.title", "home.admin.people.body", "/admin/people"],
    ["home.admin.credits.title", "home.admin.credits.body", "/admin/credits"],
    ["home.admin.rollups.title", "home.admin.rollups.body", "/admin/rollups"],
    ["home.reviewer.queue.title", "home.reviewer.queue.body", "/review"],
    ["home.admin.studios.title", "home.admin.studios.body", "/studios"],
  ],
  orgAdmin: [
    ["home.admin.org.title", "home.admin.org.body", "/admin/org"],
    ["home.admin.people.title", "home.admin.people.body", "/admin/people"],
    ["home.admin.credits.title", "home.admin.credits.body", "/admin/credits"],
    ["home.admin.rollups.title", "home.admin.rollups.body", "/admin/rollups"],
    ["home.admin.studios.title", "home.admin.studios.body", "/studios"],
  ],
};

/** 常用管理: where an administrator's work is, one 进入管理 each (组织机构 first). */
export function AdminShortcuts({ role }: { role: TRole }) {
  const list = shortcuts[role === "provinceAdmin" ? "provinceAdmin" : "orgAdmin"];
  return (
    <HomeCard title={t("home.admin.shortcuts")} testId="home-shortcuts">
      <List
        size="small"
        dataSource={list}
        renderItem={([title, body, href]) => (
          <List.Item key={href} actions={[<Link key="go" to={href}>{t("home.admin.open")}</Link>]}>
            <List.Item.Meta title={t(title)} description={t(body)} />
          </List.Item>
        )}
      />
    </HomeCard>
  );
}
