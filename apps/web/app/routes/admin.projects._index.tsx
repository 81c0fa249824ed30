import { Form, Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Tag } from "antd";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { projectStates, type TProjectState } from "@yanxiu/domain/projects";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { PageNumbers } from "../components/list-page.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { seesFederation } from "@yanxiu/domain/federation";

export const meta: MetaFunction = () => [{ title: t("projects.list.title") }];

/**
 * 培训项目: the projects the admin sees, one service call with the filters as they stand in the URL. A plain
 * table, not antd's Table: rc-table measures the scrollbar by inserting a style element without the page's
 * CSP nonce (decision 016), which the browser refuses.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const list = await load(context.services.projects.listProjects({ actor, query }));
  // Only the province's admins see the traffic with the platform (a link; the page calls its own service).
  return { ...list, seesFederation: seesFederation(actor.grants) };
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
      <p>
        <Link to="/admin/projects/new" className="yx-button yx-primary" data-testid="project-new">
          {t("projects.new")}
        </Link>
      </p>
      {d.seesFederation ? (
        <p>
          <Link to="/admin/projects/federation">{t("federation.link")}</Link>
        </p>
      ) : null}
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
          <EmptyState>{filtered ? t("projects.list.emptyFiltered") : t("projects.list.emptyHint")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="project-list">
              <thead>
                <tr>
                  <th scope="col">{t("projects.col.name")}</th>
                  <th scope="col">{t("projects.col.level")}</th>
                  <th scope="col">{t("projects.col.owner")}</th>
                  <th scope="col">{t("projects.col.form")}</th>
                  <th scope="col">{t("projects.col.dates")}</th>
                  <th scope="col" className="yx-credits-num">{t("projects.col.hours")}</th>
                  <th scope="col" className="yx-credits-num">{t("projects.col.capacity")}</th>
                  <th scope="col">{t("projects.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/admin/projects/${r.id}`}>{r.name}</Link>
                      {r.national ? <Tag color="purple" data-testid="national-tag">{t("national.tag")}</Tag> : null}
                    </th>
                    <td>{t(`projects.level.${r.level}` as TMessageKey)}</td>
                    <td>{r.ownerName}</td>
                    <td>{t(`projects.form.${r.form}` as TMessageKey)}</td>
                    <td>{t("projects.dates", { from: r.startsOn, to: r.endsOn })}</td>
                    <td className="yx-credits-num">{r.plannedHours}</td>
                    <td className="yx-credits-num">{r.capacity === 0 ? t("projects.unlimited") : r.capacity}</td>
                    <td>
                      <ProjectStateTag state={r.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        <PageNumbers total={d.total} page={q.page} size={q.size} sizes={listPageSizes} hrefFor={hrefFor} />
      </Card>
    </div>
  );
}
