import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { listPageSizes } from "@yanxiu/domain/list-page";
import type { TTeacherSort } from "@yanxiu/domain/org";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { listHref, PageNumbers, SortHeader } from "../components/list-page.tsx";
import { readForm } from "../lib/admin.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { maskPhone } from "@yanxiu/domain/roster";

const stageIds = ["preschool", "primary", "juniorSecondary", "seniorSecondary", "vocational", "special"] as const;
const filterKeys = ["orgUnitId", "stage", "subject", "title", "rural", "q"] as const;
const pagingKeys = ["page", "size", "sort", "dir"] as const;
const defaults = { size: 50, sort: "name", dir: "asc" };

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const url = new URL(request.url);
  const query: Record<string, string> = {};
  for (const k of [...filterKeys, ...pagingKeys]) {
    const v = url.searchParams.get(k);
    if (v) query[k] = v;
  }
  const page = await load(context.services.people.listTeacherPage({ actor, query }));
  // Lists show a masked phone (the whole number is on the person's page), and only that leaves the server.
  return { ...page, teachers: page.teachers.map((p) => ({ ...p, phone: maskPhone(p.phone) })), filtered: filterKeys.some((k) => query[k]) };
}

/** Exports the list as it is filtered now; the export runs as a job with its own progress page. */
export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const form = await readForm(request);
  const query = Object.fromEntries(filterKeys.filter((k) => typeof form[k] === "string" && form[k]).map((k) => [k, form[k]]));
  const { id } = await load(context.services.exports.startPeopleExport({ actor, query }));
  return redirect(`/admin/exports/${id}`);
}

export default function People() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const q = d.query;
  const filters = Object.fromEntries(filterKeys.map((k) => [k, q[k]]));
  const pageHref = (page: number, size: number) => listHref("/admin/people", filters, { page, size, sort: q.sort, dir: q.dir }, defaults);
  const sortHref = (sort: TTeacherSort, dir: "asc" | "desc") => listHref("/admin/people", filters, { page: 1, size: q.size, sort, dir }, defaults);
  return (
    <div className="yx-stack">
      <div className="yx-toolbar">
        <h1>{t("admin.people.title")}</h1>
        <Form method="post">
          {filterKeys.map((k) => (params.get(k) ? <input key={k} type="hidden" name={k} value={params.get(k)!} /> : null))}
          <button type="submit">{t("export.button")}</button>
        </Form>
      </div>
      <Form method="get" className="yx-filters" role="search" aria-label={t("admin.people.filters")}>
        {params.get("orgUnitId") ? <input type="hidden" name="orgUnitId" value={params.get("orgUnitId")!} /> : null}
        {/* A new search keeps the order and page size, and starts again at page 1. */}
        {q.sort !== defaults.sort ? <input type="hidden" name="sort" value={q.sort} /> : null}
        {q.dir !== defaults.dir ? <input type="hidden" name="dir" value={q.dir} /> : null}
        {q.size !== defaults.size ? <input type="hidden" name="size" value={q.size} /> : null}
        <label>
          {t("admin.people.search")}
          <input name="q" defaultValue={params.get("q") ?? ""} placeholder={t("admin.people.searchHint")} />
        </label>
        <label>
          {t("admin.people.stage")}
          <select name="stage" defaultValue={params.get("stage") ?? ""}>
            <option value="">{t("common.all")}</option>
            {stageIds.map((s) => (
              <option key={s} value={s}>{t(`stage.${s}` as TMessageKey)}</option>
            ))}
          </select>
        </label>
        <label>
          {t("admin.people.subject")}
          <input name="subject" defaultValue={params.get("subject") ?? ""} />
        </label>
        <label>
          {t("admin.people.titleFilter")}
          <input name="title" defaultValue={params.get("title") ?? ""} />
        </label>
        <label>
          {t("admin.people.rural")}
          <select name="rural" defaultValue={params.get("rural") ?? ""}>
            <option value="">{t("common.all")}</option>
            <option value="yes">{t("area.rural")}</option>
            <option value="no">{t("area.urban")}</option>
          </select>
        </label>
        <button type="submit">{t("common.filter")}</button>
        {d.filtered ? <Link to="/admin/people">{t("common.clearFilters")}</Link> : null}
      </Form>
      <Card title={t("admin.people.listTitle")}>
        {d.teachers.length === 0 ? (
          <EmptyState>
            {d.filtered ? (
              <>
                {t("admin.people.noMatch")} <Link to="/admin/people">{t("common.clearFilters")}</Link>
              </>
            ) : d.total > 0 ? (
              <>
                {t("common.pastLastPage")} <Link to={pageHref(1, q.size)}>{t("common.backToFirstPage")}</Link>
              </>
            ) : (
              <>
                {t("admin.people.empty")} <Link to="/admin/import">{t("admin.people.goImport")}</Link>
              </>
            )}
          </EmptyState>
        ) : null}
        {d.teachers.length > 0 ? (
          <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table" data-testid="teacher-list">
            <thead>
              <tr>
                <SortHeader label={t("admin.people.teacherNo")} column="teacherNo" sort={q.sort} dir={q.dir} hrefFor={sortHref} />
                <SortHeader label={t("admin.people.name")} column="name" sort={q.sort} dir={q.dir} hrefFor={sortHref} />
                <SortHeader label={t("admin.people.school")} column="school" sort={q.sort} dir={q.dir} hrefFor={sortHref} />
                <th scope="col">{t("admin.people.stage")}</th>
                <th scope="col">{t("admin.people.subject")}</th>
                <th scope="col">{t("admin.people.titleFilter")}</th>
                <th scope="col">{t("admin.people.phone")}</th>
              </tr>
            </thead>
            <tbody>
              {d.teachers.map((p) => (
                <tr key={p.userId}>
                  <td>{p.teacherNo}</td>
                  <td>
                    <Link to={`/admin/people/${p.userId}`}>{p.name}</Link>
                    {p.rural ? <span className="yx-badge">{t("area.rural")}</span> : null}
                  </td>
                  <td>{p.schoolName}</td>
                  <td>{p.stages.map((s) => t(`stage.${s}` as TMessageKey)).join("、")}</td>
                  <td>{p.subjects.join("、")}</td>
                  <td>{p.title ?? ""}</td>
                  <td>{p.phone}</td>
                </tr>
              ))}
            </tbody>
          </table>
</ScrollX>
        ) : null}
        <PageNumbers total={d.total} page={q.page} size={q.size} sizes={listPageSizes} hrefFor={pageHref} />
      </Card>
    </div>
  );
}
