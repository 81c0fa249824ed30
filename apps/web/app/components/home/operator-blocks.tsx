import { Link } from "@remix-run/react";
import { Col, Row, Tag } from "antd";
import type { TOperatorHome } from "@yanxiu/services/home";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { HomeCard, HomeEmpty, Kpi } from "./parts.tsx";
import { ScrollX } from "@yanxiu/ui/layout";

export function OperatorKpis({ home }: { home: TOperatorHome }) {
  const k = home.totals;
  return (
    <Row gutter={[12, 12]} data-testid="home-kpis">
      <Col xs={12} md={8} xl={{ flex: "20%" }}>
        <Kpi title={t("home.platform.kpi.tenants")} value={k.tenants} testId="kpi-tenants" />
      </Col>
      <Col xs={12} md={8} xl={{ flex: "20%" }}>
        <Kpi title={t("home.platform.kpi.suspended")} value={k.suspended} testId="kpi-suspended" />
      </Col>
      <Col xs={12} md={8} xl={{ flex: "20%" }}>
        <Kpi title={t("home.platform.kpi.teachers")} value={k.teachers} testId="kpi-teachers" />
      </Col>
      <Col xs={12} md={12} xl={{ flex: "20%" }}>
        <Kpi title={t("home.platform.kpi.online")} value={k.online} testId="kpi-online" />
      </Col>
      <Col xs={24} md={12} xl={{ flex: "20%" }}>
        <Kpi title={t("home.platform.kpi.failed")} value={k.failedJobs} testId="kpi-failed" />
      </Col>
    </Row>
  );
}

/**
 * 省份租户: each province's status and counts; 进入管理 opens the console (开通, 暂停, 恢复). Plain tables in a
 * scrolling box: antd's Table measures its scrollbar with an injected <style>, which the CSP refuses.
 */
export function TenantsCard({ home }: { home: TOperatorHome }) {
  return (
    <HomeCard title={t("home.platform.tenants.title")} extra={<Link to="/platform/tenants">{t("home.admin.open")}</Link>} testId="home-tenants">
      {home.tenants.length === 0 ? (
        <HomeEmpty>{t("home.platform.tenantsEmpty")}</HomeEmpty>
      ) : (
        <div className="yx-home-table-wrap"><ScrollX label={t("common.scrollTable")}><div className="yx-home-table">
          <table className="yx-table">
            <thead>
              <tr>
                <th scope="col">{t("home.platform.col.name")}</th>
                <th scope="col">{t("home.platform.col.status")}</th>
                <th scope="col" className="yx-num">{t("home.platform.col.orgUnits")}</th>
                <th scope="col" className="yx-num">{t("home.platform.col.teachers")}</th>
                <th scope="col" className="yx-num">{t("home.platform.col.online")}</th>
              </tr>
            </thead>
            <tbody>
              {home.tenants.map((r) => (
                <tr key={r.id} data-slug={r.slug}>
                  <th scope="row">
                    {r.name} <span className="yx-muted">{r.slug}</span>
                  </th>
                  <td>
                    <Tag color={r.healthy ? "success" : "error"}>{t(r.healthy ? "home.platform.status.active" : "home.platform.status.suspended")}</Tag>
                  </td>
                  <td className="yx-num">{r.orgUnits}</td>
                  <td className="yx-num">{r.teachers}</td>
                  <td className="yx-num">{r.activeUsers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div></ScrollX></div>
      )}
    </HomeCard>
  );
}

const queueStates = ["waiting", "active", "delayed", "failed", "completed"] as const;

/** 任务队列: the job counts of each queue the worker consumes; the console (Bull Board) is outside Remix, a full page load. */
export function QueuesCard({ home }: { home: TOperatorHome }) {
  return (
    <HomeCard title={t("ops.queues.title")} extra={<Link to="/platform/queues" reloadDocument>{t("home.platform.queue.open")}</Link>} testId="home-queues">
      <div className="yx-home-table-wrap"><ScrollX label={t("common.scrollTable")}><div className="yx-home-table">
        <table className="yx-table">
          <thead>
            <tr>
              <th scope="col">{t("home.platform.queue.col.name")}</th>
              {queueStates.map((s) => (
                <th key={s} scope="col" className="yx-num">
                  {t(`home.platform.queue.col.${s}` as TMessageKey)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {home.queues.map((q) => (
              <tr key={q.name} data-queue={q.name}>
                <th scope="row">{q.name}</th>
                {queueStates.map((s) => (
                  <td key={s} className="yx-num">
                    {s === "failed" && q.counts.failed > 0 ? <Tag color="error">{q.counts.failed}</Tag> : q.counts[s]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div></ScrollX></div>
    </HomeCard>
  );
}
