import { Form, Link, useLoaderData } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { TCycleStatusSort } from "@yanxiu/domain/credits";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { listHref, PageNumbers, SortHeader } from "../components/list-page.tsx";

import { readForm } from "../lib/admin.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { readListQuery } from "../lib/list-query.server.ts";

const defaults = { size: 50, sort: "name", dir: "asc" };

/** 教师周期学时: one service call with the filters, page and order as they stand in the URL. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const query = readListQuery(request, ["behind", "q", "page", "size", "sort", "dir"]);
  const r = await load(context.services.credits.cycleStatusList({ actor, query }));
  return {
    query: r.query,
    total: r.total,
    cycle: r.cycle,
    year: r.year,
    requiredHours: r.requiredHours,
    unit: r.unit,
    yearlyMinimum: r.yearlyMinimum,
    expectedByNow: r.expectedByNow,
    expectedThisYear: r.expectedThisYear,
    teachers: r.teachers,
  };
}

/** Exports the whole list as it is filtered now (every page); the export runs as a job with its own progress page. */
export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const form = await readForm(request);
  const query = Object.fromEntries((["behind", "q"] as const).filter((k) => typeof form[k] === "string" && form[k]).map((k) => [k, form[k]]));
  const { id } = await load(context.services.exports.startPeopleExport({ actor, query, list: "creditStatus" }));
  return redirect(`/admin/exports/${id}`);
}

export default function CycleStatus() {
  const d = useLoaderData<typeof loader>();
  const q = d.query;
  const filters = { behind: q.behind, q: q.q };
  const pageHref = (page: number, size: number) => listHref("/admin/credits", filters, { page, size, sort: q.sort, dir: q.dir }, defaults);
  const sortHref = (sort: TCycleStatusSort, dir: "asc" | "desc") => listHref("/admin/credits", filters, { page: 1, size: q.size, sort, dir }, defaults);
  const filtered = Boolean(q.behind || q.q);
  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <div className="yx-toolbar">
        <h1>{t("credits.admin.status.heading")}</h1>
        <Form method="post">
          {q.behind ? <input type="hidden" name="behind" value="1" /> : null}
          {q.q ? <input type="hidden" name="q" value={q.q} /> : null}
          <button type="submit" data-testid="export-credit-status">{t("export.button")}</button>
        </Form>
      </div>
      <p className="yx-muted">
        {t("credits.admin.status.summary", {
          start: d.cycle.startYear,
          end: d.cycle.endYear,
          required: d.requiredHours,
          expected: d.expectedByNow,
          year: d.year,
          expectedYear: d.expectedThisYear,
          minimum: d.yearlyMinimum,
        })}
        {d.unit === "credits" ? <> {t("credits.admin.status.inCredits")}</> : null}
      </p>
      <Form method="get" className="yx-filters" role="search">
        {/* A new search keeps the order and page size, and starts again at page 1. */}
        {q.sort !== defaults.sort ? <input type="hidden" name="sort" value={q.sort} /> : null}
        {q.dir !== defaults.dir ? <input type="hidden" name="dir" value={q.dir} /> : null}
        {q.size !== defaults.size ? <input type="hidden" name="size" value={q.size} /> : null}
        <label>
          {t("credits.admin.status.search")}
          <input name="q" type="search" defaultValue={q.q ?? ""} placeholder={t("credits.admin.status.searchHint")} maxLength={64} />
        </label>
        <label className="yx-check">
          <input type="checkbox" name="behind" value="1" defaultChecked={q.behind} /> {t("credits.admin.status.behindOnly")}
        </label>
        <button type="submit">{t("credits.admin.status.filter")}</button>
        {filtered ? <Link to="/admin/credits">{t("common.clearFilters")}</Link> : null}
      </Form>
      <Card title={t("credits.admin.status.heading")}>
        {d.teachers.length === 0 ? (
          <EmptyState>
            {q.behind && !q.q ? (
              t("credits.admin.status.noneBehind")
            ) : filtered ? (
              <>
                {t("credits.admin.status.empty")} <Link to="/admin/credits">{t("common.clearFilters")}</Link>
              </>
            ) : d.total > 0 ? (
              <>
                {t("common.pastLastPage")} <Link to={pageHref(1, q.size)}>{t("common.backToFirstPage")}</Link>
              </>
            ) : (
              t("credits.admin.status.emptyAll")
            )}
          </EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="cycle-status-list">
              <thead>
                <tr>
                  <SortHeader label={t("credits.admin.status.name")} column="name" sort={q.sort} dir={q.dir} hrefFor={sortHref} />
                  <SortHeader label={t("credits.admin.status.school")} column="school" sort={q.sort} dir={q.dir} hrefFor={sortHref} />
                  <SortHeader label={t("credits.admin.status.cycleHours")} column="cycleHours" sort={q.sort} dir={q.dir} hrefFor={sortHref} className="yx-credits-num" />
                  <th scope="col" className="yx-credits-num">{t("credits.admin.status.yearHours", { year: d.year })}</th>
                  <th scope="col">{t("credits.admin.status.pace")}</th>
                </tr>
              </thead>
              <tbody>
                {d.teachers.map((p) => (
                  <tr key={p.teacherId} data-testid="cycle-status-row">
                    <td>
                      <Link to={`/admin/credits/${p.teacherId}`}>{p.name}</Link>
                    </td>
                    <td>{p.schoolName}</td>
                    <td className="yx-credits-num">
                      {p.cycleHours} / {d.requiredHours}
                    </td>
                    <td className="yx-credits-num">{p.yearHours}</td>
                    <td>
                      <span className={`yx-badge ${p.onPace ? "yx-credits-pace-onTrack" : "yx-credits-pace-behind"}`}>
                        {p.onPace ? t("credits.admin.status.onPace") : t("credits.admin.status.behind")}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        <PageNumbers total={d.total} page={q.page} size={q.size} sizes={listPageSizes} hrefFor={pageHref} />
      </Card>
    </div>
  );
}
