import { Form, Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Table, Tag } from "antd";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { projectStates, type TProjectState } from "@yanxiu/domain/projects";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { PageNumbers } from "../components/list-page.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction = () => [{ title: t("projects.list.title") }];

/** 培训项目: the projects the admin sees, one service call with the filters as they stand in the URL. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return load(context.services.projects.listProjects({ actor, query }));
}

const stateColor: Record<TProjectState, string> = { draft: "default", pendingApproval: "warning", published: "processing", running: "success", closed: "default" };

export function ProjectStateTag({ state }: { state: TProjectState }) {
  return <Tag color={stateColor[state]}>{t(`projects.state.${state}` as TMessageKey)}</Tag>;
}

export default function Projects() {
  const d = useLoaderData<typeof loader>();
  const q = d.query;
  const hrefFor = (page: number, size: number) => {
    const p = new URLSearchParams();
    if (q.q) p.set("q", q.q);
    if (q.state) p.set("state", q.state);
    if (page > 1) p.set("page", String(page));
    if (size !== 20) p.set("size", String(size));
    return `?${p}`;
  };
  const filtered = Boolean(q.q || q.state);
  return (
    <div className="yx-stack">
      <h1>{t("projects.list.title")}</h1>
      <p className="yx-muted">{t("projects.list.intro")}</p>
      <Form method="get" className="yx-filters" aria-label={t("projects.list.filters")}>
        <label>
          {t("projects.list.q")}
          <input name="q" type="search" defaultValue={q.q ?? ""} placeholder={t("projects.list.qPlaceholder")} maxLength={50} />
        </label>
        <label>
          {t("projects.list.state")}
          <select name="state" defaultValue={q.state ?? ""}>
            <option value="">{t("common.all")}</option>
            {projectStates.map((s) => (
              <option key={s} value={s}>
                {t(`projects.state.${s}` as TMessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("common.filter")}</button>
        {filtered ? <Link to="/admin/projects">{t("common.clearFilters")}</Link> : null}
      </Form>
      <Card title={t("projects.list.title")}>
        {d.items.length === 0 ? (
          <EmptyState>{filtered ? t("projects.list.emptyFiltered") : t("projects.list.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <Table
              data-testid="project-list"
              rowKey="id"
              pagination={false}
              dataSource={d.items}
              columns={[
                { title: t("projects.col.name"), dataIndex: "name", render: (name: string, r) => <Link to={`/admin/projects/${r.id}`}>{name}</Link> },
                { title: t("projects.col.level"), dataIndex: "level", render: (l: string) => t(`projects.level.${l}` as TMessageKey) },
                { title: t("projects.col.owner"), dataIndex: "ownerName" },
                { title: t("projects.col.form"), dataIndex: "form", render: (f: string) => t(`projects.form.${f}` as TMessageKey) },
                { title: t("projects.col.dates"), key: "dates", render: (_: unknown, r) => t("projects.dates", { from: r.startsOn, to: r.endsOn }) },
                { title: t("projects.col.hours"), dataIndex: "plannedHours", align: "right" },
                { title: t("projects.col.capacity"), dataIndex: "capacity", align: "right", render: (c: number) => (c === 0 ? t("projects.unlimited") : c) },
                { title: t("projects.col.state"), dataIndex: "state", render: (s: TProjectState) => <ProjectStateTag state={s} /> },
              ]}
            />
          </ScrollX>
        )}
        <PageNumbers total={d.total} page={q.page} size={q.size} sizes={listPageSizes} hrefFor={hrefFor} />
      </Card>
    </div>
  );
}
