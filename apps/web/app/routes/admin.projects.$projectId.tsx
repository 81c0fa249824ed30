import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Descriptions } from "antd";
import type { TProjectState } from "@yanxiu/domain/projects";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { ProjectStateTag } from "./admin.projects._index.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.project.name : t("projects.list.title") }];

/** A project and its 名额分配表 as the admin may see it: one service call. (A plain table: see the list page.) */
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
const numbers = ["seats", "allocated", "used", "remaining", "usedInSubtree", "remainingInSubtree"] as const;

/** The rows depth first, each under its parent (a row whose parent is not shown starts a branch of its own). */
function inTreeOrder(rows: TQuotaRow[]): TQuotaRow[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, TQuotaRow[]>();
  for (const r of rows) {
    const parent = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: TQuotaRow[] = [];
  const walk = (parent: string | null) => {
    for (const r of children.get(parent) ?? []) {
      out.push(r);
      walk(r.id);
    }
  };
  walk(null);
  return out;
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
            <table className="yx-table" data-testid="quota-table">
              <thead>
                <tr>
                  <th scope="col">{t("projects.quota.unit")}</th>
                  <th scope="col">{t("projects.quota.key")}</th>
                  {numbers.map((k) => (
                    <th key={k} scope="col" className="yx-credits-num">
                      {t(`projects.quota.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {inTreeOrder(quota).map((r) => (
                  <tr key={r.id} data-testid="quota-row">
                    <th scope="row" className={`yx-projects-depth-${Math.min(r.depth, 4)}`}>
                      {r.unitName}
                    </th>
                    <td>{r.quotaKey || t("projects.quota.keyAll")}</td>
                    {numbers.map((k) => (
                      <td key={k} className="yx-credits-num">
                        {r[k]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
      </Card>
    </div>
  );
}
