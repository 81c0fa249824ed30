import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";

import { load } from "../lib/errors.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const page = new URL(request.url).searchParams.get("page") ?? undefined;
  const r = await load(context.services.authoring.listMyCourses({ actor, query: page ? { page } : {} }));
  return {
    ...shellOf(context),
    page: r.page,
    pages: r.pages,
    total: r.total,
    items: r.items.map((i) => ({ ...i, updatedAt: i.updatedAt.toISOString() })),
  };
}

export default function MyCourses() {
  const d = useLoaderData<typeof loader>();
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
          {d.items.length === 0 ? (
            <EmptyState>{t("authoring.list.empty")}</EmptyState>
          ) : (
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
          {d.pages > 1 ? (
            <nav className="yx-pager" aria-label={t("common.pagination")}>
              {d.page > 1 ? <Link to={`?page=${d.page - 1}`}>{t("authoring.list.prev")}</Link> : null}
              <span>{t("authoring.list.page", { page: d.page, pages: d.pages, total: d.total })}</span>
              {d.page < d.pages ? <Link to={`?page=${d.page + 1}`}>{t("authoring.list.next")}</Link> : null}
            </nav>
          ) : null}
        </Card>
      </div>
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
