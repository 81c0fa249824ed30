import { Link } from "@remix-run/react";
import { Col, Row, Table, Tag } from "antd";
import type { TOperatorHome } from "@yanxiu/services/home";
import { t } from "@yanxiu/ui/i18n";
import { HomeCard, Kpi } from "./parts.tsx";

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

/** 省份租户: each province's status and counts; 进入管理 opens the console (开通, 暂停, 恢复). */
export function TenantsCard({ home }: { home: TOperatorHome }) {
  return (
    <HomeCard title={t("home.platform.tenants.title")} extra={<Link to="/platform/tenants">{t("home.admin.open")}</Link>} testId="home-tenants">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={home.tenants}
        locale={{ emptyText: t("home.platform.tenantsEmpty") }}
        columns={[
          { key: "name", title: t("home.platform.col.name"), render: (_: unknown, r) => `${r.name}（${r.slug}）` },
          {
            key: "status",
            title: t("home.platform.col.status"),
            render: (_: unknown, r) => <Tag color={r.healthy ? "success" : "error"}>{t(r.healthy ? "home.platform.status.active" : "home.platform.status.suspended")}</Tag>,
          },
          { key: "orgUnits", title: t("home.platform.col.orgUnits"), dataIndex: "orgUnits", align: "right" },
          { key: "teachers", title: t("home.platform.col.teachers"), dataIndex: "teachers", align: "right" },
          { key: "online", title: t("home.platform.col.online"), dataIndex: "activeUsers", align: "right" },
        ]}
      />
    </HomeCard>
  );
}

/** 任务队列: the job counts of each queue the worker consumes; the console (Bull Board) is outside Remix, a full page load. */
export function QueuesCard({ home }: { home: TOperatorHome }) {
  const n = (v: number, warn = false) => (warn && v > 0 ? <Tag color="error">{v}</Tag> : v);
  return (
    <HomeCard title={t("ops.queues.title")} extra={<Link to="/platform/queues" reloadDocument>{t("home.platform.queue.open")}</Link>} testId="home-queues">
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={home.queues}
        columns={[
          { key: "name", title: t("home.platform.queue.col.name"), dataIndex: "name" },
          { key: "waiting", title: t("home.platform.queue.col.waiting"), align: "right", render: (_: unknown, q) => n(q.counts.waiting) },
          { key: "active", title: t("home.platform.queue.col.active"), align: "right", render: (_: unknown, q) => n(q.counts.active) },
          { key: "delayed", title: t("home.platform.queue.col.delayed"), align: "right", render: (_: unknown, q) => n(q.counts.delayed) },
          { key: "failed", title: t("home.platform.queue.col.failed"), align: "right", render: (_: unknown, q) => n(q.counts.failed, true) },
          { key: "completed", title: t("home.platform.queue.col.completed"), align: "right", render: (_: unknown, q) => n(q.counts.completed) },
        ]}
      />
    </HomeCard>
  );
}
