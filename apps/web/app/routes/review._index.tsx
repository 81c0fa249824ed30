import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { AppShell, Card } from "@yanxiu/ui/layout";

import { chinaDateTime } from "../lib/china-time.ts";
import { load } from "../lib/errors.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { RowsTable } from "../components/rows-table.tsx";
import { requireUser, shellOf } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const queue = await load(context.services.authoring.listReviewQueue({ actor }));
  return { ...shellOf(context), queue: queue.map((q) => ({ ...q, submittedAt: q.submittedAt?.toISOString() ?? null })) };
}

export default function ReviewQueue() {
  const d = useLoaderData<typeof loader>();
  const done = useSearchParams()[0].get("done");
  return (
    <AppShell tenantName={d.tenantName} user={d.user}>
      <div className="yx-stack">
        <h1>{t("authoring.review.title")}</h1>
        {done === "approve" || done === "sendBack" ? (
          <p className="yx-success" role="status" data-testid="review-done">
            {t(done === "approve" ? "authoring.review.approved" : "authoring.review.sentBack")}
          </p>
        ) : null}
        <Card title={t("authoring.review.title")}>
          <RowsTable
            rows={d.queue}
            empty={t("authoring.review.empty")}
            testId="review-queue"
            head={
              <>
                <th scope="col">{t("authoring.review.col.title")}</th>
                <th scope="col">{t("authoring.review.col.version")}</th>
                <th scope="col">{t("authoring.review.col.owner")}</th>
                <th scope="col">{t("authoring.review.col.submittedAt")}</th>
                <th scope="col">
                  <span className="yx-sr-only">{t("authoring.review.open")}</span>
                </th>
              </>
            }
            row={(q) => (
              <tr key={q.versionId} data-testid="review-row">
                <td>{q.title}</td>
                <td>{t("authoring.list.versionN", { n: q.number })}</td>
                <td>{q.ownerName}</td>
                <td>
                  <time dateTime={q.submittedAt ?? undefined}>{chinaDateTime(q.submittedAt)}</time>
                </td>
                <td>
                  {q.own ? (
                    <span className="yx-muted">{t("authoring.review.own")}</span>
                  ) : (
                    <Link to={`/review/${q.courseId}`} data-testid="open-review">
                      {t("authoring.review.open")}
                    </Link>
                  )}
                </td>
              </tr>
            )}
          />
        </Card>
      </div>
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
