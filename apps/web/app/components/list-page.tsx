import type { ReactNode } from "react";
import { Form, Link, useNavigate } from "@remix-run/react";
import { Pagination } from "antd";
import { stageIds } from "@yanxiu/domain/roster";
import { t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";

/**
 * The pieces of a browsable list page (课程目录, 名师工作室): a filter form that reloads the page with GET and a
 * pager. Each page brings its own words and fields, and its results.
 */

type TPagerLink = { to: string; text: string };

/** A way back (to the first page, or `rel="prev"` to the previous one) and a way on (`rel="next"`). */
export function Pager(props: { label: string; className?: string; back: (TPagerLink & { rel?: "prev" }) | null; next: TPagerLink | null }) {
  const { back, next } = props;
  return (
    <nav className={props.className ?? "yx-pager"} aria-label={props.label}>
      {back ? (
        <Link to={back.to} rel={back.rel}>
          {back.text}
        </Link>
      ) : null}
      {next ? (
        <Link to={next.to} rel="next">
          {next.text}
        </Link>
      ) : null}
    </nav>
  );
}

/** The filter form: a free-text search first, the page's own fields, then search and reset (the bare list). */
export function ListFilters(props: {
  title: string;
  search: { label: string; placeholder: string; value: string | undefined };
  submitText: string;
  reset: TPagerLink;
  children: ReactNode;
}) {
  const { search, reset } = props;
  return (
    <Card title={props.title}>
      <Form method="get" className="yx-filters" aria-label={props.title}>
        <label>
          {search.label}
          <input name="q" type="search" defaultValue={search.value ?? ""} placeholder={search.placeholder} maxLength={50} />
        </label>
        {props.children}
        <button type="submit" className="yx-primary">
          {props.submitText}
        </button>
        <Link to={reset.to}>{reset.text}</Link>
      </Form>
    </Card>
  );
}

/** A filter on one school stage (学段), or any. */
export function StageFilter(props: { label: string; anyText: string; value: string | undefined }) {
  return (
    <label>
      {props.label}
      <select name="stage" defaultValue={props.value ?? ""}>
        <option value="">{props.anyText}</option>
        {stageIds.map((s) => (
          <option key={s} value={s}>
            {t(`stage.${s}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Page numbers for a list that knows its total (antd Pagination): every page is a link that keeps the page's
 * filters in the URL, so it works before (and without) JavaScript; 共 N 条 says how many there are; the page
 * size can be changed (the change reloads the first page at the new size).
 */
export function PageNumbers(props: { total: number; page: number; size: number; sizes: readonly number[]; hrefFor: (page: number, size: number) => string }) {
  const navigate = useNavigate();
  if (props.total === 0) return null;
  return (
    <nav aria-label={t("common.pagination")} className="yx-page-numbers">
      <Pagination
        total={props.total}
        current={props.page}
        pageSize={props.size}
        pageSizeOptions={props.sizes.map(String)}
        showSizeChanger={props.sizes.length > 1}
        showTotal={(total) => t("common.totalRows", { total })}
        onShowSizeChange={(_, size) => navigate(props.hrefFor(1, size))}
        itemRender={(page, type, original) => {
          if (type === "page" || type === "prev" || type === "next") {
            const label = type === "page" ? String(page) : type === "prev" ? t("common.prevPage") : t("common.nextPage");
            return (
              <Link to={props.hrefFor(page, props.size)} aria-label={type === "page" ? t("common.pageN", { page }) : label} rel={type === "page" ? undefined : type}>
                {type === "page" ? page : label}
              </Link>
            );
          }
          return original;
        }}
      />
    </nav>
  );
}

/**
 * A column header that sorts the list: a link (keeping the filters, back to page 1) that sorts by this column,
 * ascending first, or the other way when it already sorts by it; `aria-sort` says how the list is sorted now.
 */
export function SortHeader<S extends string>(props: {
  label: string;
  column: S;
  sort: S;
  dir: "asc" | "desc";
  hrefFor: (sort: S, dir: "asc" | "desc") => string;
  className?: string;
}) {
  const active = props.sort === props.column;
  const nextDir = active && props.dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" className={props.className} aria-sort={active ? (props.dir === "asc" ? "ascending" : "descending") : "none"}>
      <Link to={props.hrefFor(props.column, nextDir)} className="yx-sort-link">
        {props.label}
        <span aria-hidden="true" className={active ? "yx-sort-mark yx-sort-active" : "yx-sort-mark"}>
          {active ? (props.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
        <span className="yx-sr-only">{nextDir === "asc" ? t("common.sortAsc") : t("common.sortDesc")}</span>
      </Link>
    </th>
  );
}

/**
 * The query string of a list page: its filters as they are, then page, size, sort and dir only where they differ
 * from the list's defaults (so the bare list keeps its bare URL).
 */
export function listHref(
  path: string,
  filters: Record<string, string | boolean | undefined | null>,
  paging: { page: number; size: number; sort?: string; dir?: string },
  defaults: { size: number; sort?: string; dir?: string },
): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (v === true) p.set(k, "1");
    else if (typeof v === "string" && v !== "") p.set(k, v);
  }
  if (paging.sort && paging.sort !== defaults.sort) p.set("sort", paging.sort);
  if (paging.dir && paging.dir !== (defaults.dir ?? "asc")) p.set("dir", paging.dir);
  if (paging.size !== defaults.size) p.set("size", String(paging.size));
  if (paging.page > 1) p.set("page", String(paging.page));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}
