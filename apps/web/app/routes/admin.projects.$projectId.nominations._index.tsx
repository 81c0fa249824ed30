import { Form, Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Tag } from "antd";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { nominationStates, type TNominationState } from "@yanxiu/domain/projects";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { PageNumbers } from "../components/list-page.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { useProjectFrame } from "./admin.projects.$projectId.tsx";

/**
 * 推荐与审核: the nominations the admin sees (the project's managers: all; a county: its own subtree), filtered
 * by name or 教师编号, state and "waiting on me" (each level's review queue), a numbered page with the total.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const query = { ...Object.fromEntries(new URL(request.url).searchParams), projectId: params.projectId };
  const r = await load(context.services.projects.listNominations({ actor, query }));
  return {
    query: { q: r.query.q ?? "", state: r.query.state ?? "", awaitingMe: r.query.awaitingMe, page: r.query.page, size: r.query.size },
    total: r.total,
    items: r.items.map((n) => ({
      id: n.id,
      teacherName: n.teacherName ?? "",
      teacherNo: n.teacherNo ?? "",
      schoolName: n.schoolName ?? "",
      unitName: n.nominatingUnitName,
      awaitingUnitName: n.awaitingUnitName,
      quotaKey: n.quotaKey,
      state: n.state,
      lastReason: n.lastReason,
    })),
  };
}

const stateColor: Record<TNominationState, string> = { reviewing: "processing", approved: "success", returned: "warning", replaced: "default", withdrawn: "default", notAdmitted: "default", retracted: "default" };

export function NominationStateTag({ state }: { state: TNominationState }) {
  return <Tag color={stateColor[state]}>{t(`projects.nomination.${state}` as TMessageKey)}</Tag>;
}

export default function ProjectNominations() {
  const d = useLoaderData<typeof loader>();
  const { project: p } = useProjectFrame();
  const q = d.query;
  const open = (p.state === "published" || p.state === "running") && p.enrolmentMode !== "selfEnrolment";
  const hrefFor = (page: number, size: number) => {
    const s = new URLSearchParams();
    if (q.q) s.set("q", q.q);
    if (q.state) s.set("state", q.state);
    if (q.awaitingMe) s.set("awaitingMe", "1");
    if (page > 1) s.set("page", String(page));
    if (size !== 50) s.set("size", String(size));
    return `?${s}`;
  };
  const filtered = Boolean(q.q || q.state);
  return (
    <>
      <p className="yx-muted">{t("projects.nominations.intro")}</p>
      {open ? (
        <p>
          <Link to="new" className="yx-button yx-primary" data-testid="nominate-link">
            {t("projects.nominations.nominate")}
          </Link>
        </p>
      ) : (
        <p className="yx-muted">{t("projects.nominations.closedHint")}</p>
      )}
      <Form method="get" className="yx-filters" aria-label={t("projects.nominations.filters")}>
        <label>
          {t("projects.nominations.q")}
          <input name="q" type="search" defaultValue={q.q} maxLength={50} />
        </label>
        <label>
          {t("projects.nominations.state")}
          <select name="state" defaultValue={q.state}>
            <option value="">{t("common.all")}</option>
            {nominationStates.map((s) => (
              <option key={s} value={s}>
                {t(`projects.nomination.${s}` as TMessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="yx-check">
          <input type="checkbox" name="awaitingMe" value="1" defaultChecked={q.awaitingMe} /> {t("projects.nominations.awaitingMe")}
        </label>
        <button type="submit">{t("common.filter")}</button>
        {filtered || q.awaitingMe ? <Link to=".">{t("common.clearFilters")}</Link> : null}
      </Form>
      <Card title={`${t("projects.nominations.title")}（${t("projects.nominations.total", { total: d.total })}）`}>
        {d.items.length === 0 ? (
          <EmptyState>{q.awaitingMe ? t("projects.nominations.emptyAwaiting") : filtered ? t("projects.nominations.emptyFiltered") : t("projects.nominations.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="nomination-list">
              <thead>
                <tr>
                  <th scope="col">{t("projects.nominations.col.teacher")}</th>
                  <th scope="col">{t("projects.nominations.col.unit")}</th>
                  {p.quotaKeys.length > 0 ? <th scope="col">{t("projects.nominations.col.key")}</th> : null}
                  <th scope="col">{t("projects.nominations.col.state")}</th>
                  <th scope="col">{t("projects.nominations.col.step")}</th>
                  <th scope="col">{t("projects.nominations.col.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((n) => (
                  <tr key={n.id} data-testid="nomination-row">
                    <th scope="row">
                      <Link to={n.id}>{n.teacherName}</Link>
                      <div className="yx-muted">
                        {n.teacherNo} · {n.schoolName}
                      </div>
                    </th>
                    <td>{n.unitName}</td>
                    {p.quotaKeys.length > 0 ? <td>{n.quotaKey || t("projects.quota.keyAll")}</td> : null}
                    <td>
                      <NominationStateTag state={n.state} />
                    </td>
                    <td>{n.awaitingUnitName ? t("projects.nominations.awaiting", { unit: n.awaitingUnitName }) : "—"}</td>
                    <td>{n.lastReason || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        <PageNumbers total={d.total} page={q.page} size={q.size} sizes={listPageSizes} hrefFor={hrefFor} />
      </Card>
    </>
  );
}
