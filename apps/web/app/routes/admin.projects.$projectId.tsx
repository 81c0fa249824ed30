import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Descriptions, Table } from "antd";
import type { TProjectState } from "@yanxiu/domain/projects";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { ProjectStateTag } from "./admin.projects._index.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.project.name : t("projects.list.title") }];

/** A project and its 名额分配表 as the admin may see it: one service call. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const page = await load(context.services.projects.projectPage({ actor, query: { projectId: params.projectId } }));
  const p = page.project;
  return {
    project: { id: p.id, name: p.name, description: p.description, level: p.level, category: p.category, form: p.form, state: p.state, startsOn: p.startsOn, endsOn: p.endsOn, plannedHours: p.plannedHours, creditCategory: p.creditCategory, targetRoles: p.targetRoles, subjects: p.subjects, stages: p.stages, capacity: p.capacity, enrolmentMode: p.enrolmentMode, needsApproval: p.needsApproval, requiredDays: p.requiredDays, ownerName: p.ownerName },
    quota: page.quota,
  };
}

type TQuotaRow = ReturnType<typeof useLoaderData<typeof loader>>["quota"][number];
type TQuotaNode = TQuotaRow & { children?: TQuotaNode[] };

/** The rows as a tree (antd Table's tree data): each under its parent; a row whose parent is not shown is a root. */
function asTree(rows: TQuotaRow[]): TQuotaNode[] {
  const nodes = new Map(rows.map((r) => [r.id, { ...r } as TQuotaNode]));
  const roots: TQuotaNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

const label = (key: string) => t(key as TMessageKey);

export default function ProjectPage() {
  const { project: p, quota } = useLoaderData<typeof loader>();
  return (
    <div className="yx-stack">
      <p>
        <Link to="/admin/projects">{t("projects.back")}</Link>
      </p>
      <h1>
        {p.name} <ProjectStateTag state={p.state as TProjectState} />
      </h1>
      {p.description ? <p className="yx-muted">{p.description}</p> : null}
      <Card title={t("projects.facts")}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: "owner", label: t("projects.col.owner"), children: `${p.ownerName}（${label(`projects.level.${p.level}`)}）` },
            { key: "category", label: t("projects.fact.category"), children: label(`projects.category.${p.category}`) },
            { key: "form", label: t("projects.col.form"), children: label(`projects.form.${p.form}`) },
            { key: "dates", label: t("projects.col.dates"), children: t("projects.dates", { from: p.startsOn, to: p.endsOn }) },
            { key: "hours", label: t("projects.col.hours"), children: `${p.plannedHours}（${label(`credits.category.${p.creditCategory}`)}）` },
            { key: "capacity", label: t("projects.col.capacity"), children: p.capacity === 0 ? t("projects.unlimited") : p.capacity },
            { key: "targets", label: t("projects.fact.targets"), children: p.targetRoles.map((r) => label(`projects.target.${r}`)).join("、") },
            { key: "subjects", label: t("projects.fact.subjects"), children: p.subjects.join("、") || "—" },
            { key: "stages", label: t("projects.fact.stages"), children: p.stages.map((s) => label(`stage.${s}`)).join("、") || "—" },
            { key: "enrolment", label: t("projects.fact.enrolment"), children: label(`projects.enrolment.${p.enrolmentMode}`) },
            { key: "approval", label: t("projects.fact.approval"), children: p.needsApproval ? t("projects.fact.approvalYes") : t("projects.fact.approvalNo") },
            { key: "days", label: t("projects.fact.requiredDays"), children: t("projects.fact.requiredDaysValue", { days: p.requiredDays }) },
          ]}
        />
      </Card>
      <Card title={t("projects.quota.title")}>
        <p className="yx-muted">{t("projects.quota.intro")}</p>
        {quota.length === 0 ? (
          <EmptyState>{t("projects.quota.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <Table
              data-testid="quota-table"
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={asTree(quota)}
              expandable={{ defaultExpandAllRows: true }}
              columns={[
                { title: t("projects.quota.unit"), dataIndex: "unitName" },
                { title: t("projects.quota.key"), dataIndex: "quotaKey", render: (k: string) => k || t("projects.quota.keyAll") },
                { title: t("projects.quota.seats"), dataIndex: "seats", align: "right" },
                { title: t("projects.quota.allocated"), dataIndex: "allocated", align: "right" },
                { title: t("projects.quota.used"), dataIndex: "used", align: "right" },
                { title: t("projects.quota.remaining"), dataIndex: "remaining", align: "right" },
                { title: t("projects.quota.usedInSubtree"), dataIndex: "usedInSubtree", align: "right" },
                { title: t("projects.quota.remainingInSubtree"), dataIndex: "remainingInSubtree", align: "right" },
              ]}
            />
          </ScrollX>
        )}
      </Card>
    </div>
  );
}
