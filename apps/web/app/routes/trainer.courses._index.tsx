import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";

import { listHref, PageNumbers } from "../components/list-page.tsx";
import { load } from "../lib/errors.server.ts";
import { readListQuery } from "../lib/list-query.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const query = readListQuery(request, ["page", "size"]);
  const r = await load(context.services.authoring.listMyCourses({ actor, query }));
  return {
    ...shellOf(context),
    query: r.query,
    total: r.total,
    items: r.items.map((i) => ({ ...i, updatedAt: i.updatedAt.toISOString() })),
  };
}

export default function MyCourses() {
  const d = useLoaderData<typeof loader>();
  const pageHref = (page: number, size: number) => listHref("/trainer/courses", {}, { page, size }, { size: 50 });
  return (
    <AppShell tenantName={d.tenantName} user={d.user}>
      <div className="yx-stack">
        <div className="yx-toolbar">
          <h1>{t("authoring.list.title")}</h1>
          <Link to="/trainer/courses/new" className="yx-authoring-button" data-testid="new-course">
            {t("authoring.list.new")}
          </Link>
        </div>
        <Card title={t("authoring.list.title")}>
          {d.total === 0 ? (
            <EmptyState>{t("authoring.list.empty")}</EmptyState>
          ) : d.items.length === 0 ? null : (
            <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="my-courses">
              <thead>
                <tr>
                  <th scope="col">{t("authoring.list.col.title")}</th>
                  <th scope="col">{t("authoring.list.col.status")}</th>
                  <th scope="col">{t("authoring.list.col.version")}</th>
                  <th scope="col">{t("authoring.list.col.enrolled")}</th>
                  <th scope="col">{t("authoring.list.col.owner")}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((c) => (
                  <tr key={c.courseId} data-testid="my-course-row">
                    <td>
                      <Link to={`/trainer/courses/${c.courseId}`}>{c.title}</Link>
                    </td>
                    <td>
                      <span className={`yx-badge yx-authoring-status-${c.courseStatus}`} data-testid="course-status">
                        {t(`authoring.courseStatus.${c.courseStatus}` as TMessageKey)}
                      </span>
                    </td>
                    <td>
                      {t("authoring.list.versionN", { n: c.versionNumber })} · {t(`authoring.versionStatus.${c.versionStatus}` as TMessageKey)}
                    </td>
                    <td>{c.enrolled}</td>
                    <td>{c.ownerName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
</ScrollX>
          )}
          {d.items.length === 0 && d.total > 0 ? (
            <EmptyState>
              {t("common.pastLastPage")} <Link to={pageHref(1, d.query.size)}>{t("common.backToFirstPage")}</Link>
            </EmptyState>
          ) : null}
          <PageNumbers total={d.total} page={d.query.page} size={d.query.size} sizes={listPageSizes} hrefFor={pageHref} />
        </Card>
      </div>
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
