import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { CreditsAdminNav } from "../components/credits-ledger.tsx";

import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const params = new URL(request.url).searchParams;
  const query = { behind: params.get("behind") ?? undefined, after: params.get("after") ?? undefined };
  const r = await load(context.services.credits.cycleStatusList({ actor, query }));
  return {
    behind: query.behind === "1",
    cycle: r.cycle,
    year: r.year,
    requiredHours: r.requiredHours,
    yearlyMinimum: r.yearlyMinimum,
    expectedByNow: r.expectedByNow,
    expectedThisYear: r.expectedThisYear,
    teachers: r.teachers,
    next: r.next,
  };
}

export default function CycleStatus() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const withParams = (after: string | null) => {
    const p = new URLSearchParams();
    if (d.behind) p.set("behind", "1");
    if (after) p.set("after", after);
    return `?${p.toString()}`;
  };
  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <h1>{t("credits.admin.status.heading")}</h1>
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
      </p>
      <Form method="get" className="yx-filters" role="search">
        <label className="yx-check">
          <input type="checkbox" name="behind" value="1" defaultChecked={d.behind} /> {t("credits.admin.status.behindOnly")}
        </label>
        <button type="submit">{t("credits.admin.status.filter")}</button>
      </Form>
      <Card title={t("credits.admin.status.heading")}>
        {d.teachers.length === 0 ? (
          <EmptyState>{t("credits.admin.status.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
          <table className="yx-table" data-testid="cycle-status-list">
            <thead>
              <tr>
                <th scope="col">{t("credits.admin.status.name")}</th>
                <th scope="col">{t("credits.admin.status.school")}</th>
                <th scope="col" className="yx-credits-num">{t("credits.admin.status.cycleHours")}</th>
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
        <nav className="yx-pager" aria-label={t("common.pagination")}>
          {params.get("after") ? <Link to={withParams(null)}>{t("credits.admin.status.first")}</Link> : null}
          {d.next ? (
            <Link to={withParams(d.next)} rel="next">
              {t("credits.admin.status.next")}
            </Link>
          ) : null}
        </nav>
      </Card>
    </div>
  );
}
