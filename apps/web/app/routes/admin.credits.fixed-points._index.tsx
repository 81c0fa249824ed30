import { Form, Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { unitLabel } from "@yanxiu/domain/credit-scheme";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { Pager } from "../components/list-page.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** 定额项目认定: the claims waiting at the admin's level in their scope, oldest first, searchable by name or 教师编号. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const url = new URL(request.url);
  const query = { q: url.searchParams.get("q") ?? undefined, page: url.searchParams.get("page") ?? undefined };
  const r = await load(context.services.credits.fixedPointQueue({ actor, query }));
  return {
    q: r.query.q ?? "",
    page: r.query.page,
    total: r.total,
    pages: Math.max(1, Math.ceil(r.total / r.pageSize)),
    claims: r.claims.map((c) => ({
      id: c.id,
      teacherName: c.teacherName,
      teacherNo: c.teacherNo,
      schoolName: c.schoolName,
      kind: c.kind,
      level: c.level,
      title: c.title,
      happenedOn: c.happenedOn,
      value: c.value,
      unit: c.unit,
      step: c.step,
      chain: c.chain,
      round: c.round,
    })),
  };
}

export default function FixedPointQueue() {
  const d = useLoaderData<typeof loader>();
  const href = (page: number) => `?${new URLSearchParams({ ...(d.q ? { q: d.q } : {}), ...(page > 1 ? { page: String(page) } : {}) }).toString()}`;
  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <h1>{t("fixedPoints.admin.heading")}</h1>
      <p className="yx-muted">{t("fixedPoints.admin.intro")}</p>
      <Form method="get" className="yx-inline-form" role="search">
        <label>
          <span className="yx-sr-only">{t("fixedPoints.admin.search")}</span>
          <input name="q" type="search" defaultValue={d.q} maxLength={64} placeholder={t("fixedPoints.admin.search")} />
        </label>
        <button type="submit">{t("fixedPoints.admin.searchButton")}</button>
        {d.q ? <Link to="?">{t("fixedPoints.admin.reset")}</Link> : null}
      </Form>
      <Card title={t("fixedPoints.admin.total", { total: d.total })} testId="fixed-point-queue">
        {d.claims.length === 0 ? (
          <EmptyState>{t("fixedPoints.admin.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table">
              <thead>
                <tr>
                  <th scope="col">{t("fixedPoints.admin.teacher")}</th>
                  <th scope="col">{t("fixedPoints.admin.item")}</th>
                  <th scope="col" className="yx-credits-num">{t("fixedPoints.admin.value")}</th>
                  <th scope="col">{t("fixedPoints.admin.date")}</th>
                  <th scope="col">{t("fixedPoints.admin.step")}</th>
                  <th scope="col">{t("credits.ledger.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {d.claims.map((c) => (
                  <tr key={c.id} data-testid="queued-claim">
                    <td>
                      {c.teacherName}
                      <div className="yx-muted">
                        {c.teacherNo} · {c.schoolName}
                      </div>
                    </td>
                    <td>
                      {/* The title opens the claim too: on a phone the last column is off to the side. */}
                      <Link to={`/admin/credits/fixed-points/${c.id}`}>{c.title}</Link>
                      <div className="yx-muted">
                        {t(`credits.fixedPoint.${c.kind}` as TMessageKey)} · {t(`credits.level.${c.level}` as TMessageKey)}
                      </div>
                    </td>
                    <td className="yx-credits-num">
                      {c.value} {unitLabel[c.unit]}
                    </td>
                    <td>{c.happenedOn}</td>
                    <td>
                      {c.chain.map((l, i) => (
                        <span key={i} className={i === c.step ? "yx-badge" : "yx-muted"}>
                          {i > 0 ? " → " : ""}
                          {t(`fixedPoints.level.${l}` as TMessageKey)}
                        </span>
                      ))}
                      {c.round > 1 ? <div className="yx-muted">{t("fixedPoints.round", { round: c.round })}</div> : null}
                    </td>
                    <td>
                      <Link to={`/admin/credits/fixed-points/${c.id}`} data-testid="open-claim">
                        {t("fixedPoints.admin.open")}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        {d.pages > 1 ? (
          <>
            <p className="yx-muted">{t("fixedPoints.admin.page", { page: d.page, pages: d.pages })}</p>
            <Pager
              label={t("common.pagination")}
              back={d.page > 1 ? { to: href(d.page - 1), text: t("fixedPoints.admin.prev"), rel: "prev" } : null}
              next={d.page < d.pages ? { to: href(d.page + 1), text: t("fixedPoints.admin.next") } : null}
            />
          </>
        ) : null}
      </Card>
    </div>
  );
}
