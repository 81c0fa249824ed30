import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useEffect, useState } from "react";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { chinaDateTime } from "../lib/china-time.ts";
import { fail, load } from "../lib/errors.server.ts";
import { usePolling } from "../lib/use-polling.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction = () => [{ title: t("rollups.title") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const unit = new URL(request.url).searchParams.get("unit");
  const r = await load(context.services.rollups.readRollup({ actor, orgUnitId: unit }));
  const figures = (f: (typeof r.rows)[number]["figures"]) => (f ? { ...f, computedAt: f.computedAt.toISOString() } : null);
  return {
    unit: r.unit,
    figures: figures(r.figures),
    rows: r.rows.filter((x) => x.depth > 0).map((x) => ({ ...x, figures: figures(x.figures) })),
    canRecompute: r.canRecompute,
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const { intent } = await readForm(request);
  if (intent !== "recompute") fail("badRequest");
  return runIntent("recompute", () => context.services.rollups.requestRollup({ actor }));
}

type TFigures = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["figures"]>;

const pct = (p: number | null) => (p == null ? "—" : `${p}%`);
const hours = (h: number) => h.toLocaleString("zh-CN", { maximumFractionDigits: 1 });
function Figures({ f }: { f: TFigures }) {
  const items: [TMessageKey, string][] = [
    ["rollups.teachers", f.teachers.toLocaleString("zh-CN")],
    ["rollups.enrollments", f.enrollments.toLocaleString("zh-CN")],
    ["rollups.completions", f.completions.toLocaleString("zh-CN")],
    ["rollups.hoursThisYear", hours(f.hoursThisYear)],
    ["rollups.hoursThisCycle", hours(f.hoursThisCycle)],
    ["rollups.onPace", pct(f.onPacePercent)],
    ["rollups.ruralOnPace", pct(f.ruralOnPacePercent)],
  ];
  return (
    <dl className="yx-rollups-figures" data-testid="rollup-figures">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{t(k)}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function Rollups() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  // After "立即重新计算", re-read every second until the new figures are there (at most half a minute).
  const [waitingSince, setWaitingSince] = useState<string | null>(null);
  useEffect(() => {
    if (r?.ok && r.intent === "recompute") setWaitingSince(d.figures?.computedAt ?? "");
    // Only a new action result starts the wait.
  }, [r]);
  useEffect(() => {
    if (waitingSince == null) return;
    if ((d.figures?.computedAt ?? "") !== waitingSince) setWaitingSince(null);
    const stop = window.setTimeout(() => setWaitingSince(null), 30_000);
    return () => window.clearTimeout(stop);
  }, [d.figures?.computedAt, waitingSince]);
  usePolling(waitingSince != null, 1000);

  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <h1>
        {t("rollups.title")} · {d.unit.name}
      </h1>
      <p className="yx-muted">
        {t("rollups.intro")}{" "}
        <a href={`/admin/rollups.xlsx?unit=${d.unit.id}`} download data-testid="rollups-export">
          {t("rollups.export")}
        </a>
      </p>
      <Card title={`${d.unit.name}（${t(`orgKind.${d.unit.kind}` as TMessageKey)}）`}>
        {d.figures ? (
          <>
            <Figures f={d.figures} />
            <p className="yx-muted" data-testid="rollup-computed-at">
              {t("rollups.computedAt", { at: chinaDateTime(d.figures.computedAt) })}
            </p>
          </>
        ) : (
          <EmptyState>{t("rollups.notYet")}</EmptyState>
        )}
        {d.canRecompute ? (
          <Form method="post" className="yx-row">
            <input type="hidden" name="intent" value="recompute" />
            <button type="submit" disabled={busy || waitingSince != null}>
              {waitingSince != null ? t("rollups.recomputing") : t("rollups.recompute")}
            </button>
            {r && !r.ok ? (
              <span className="yx-alert" role="alert">
                {t(errorMessageKey(r.code))}
              </span>
            ) : null}
          </Form>
        ) : null}
      </Card>
      <Card title={t("rollups.below")}>
        {d.rows.length === 0 ? (
          <EmptyState>{t("rollups.noUnits")}</EmptyState>
        ) : (
          <div className="yx-credits-scroll">
            <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="rollup-rows">
              <thead>
                <tr>
                  <th scope="col">{t("rollups.unit")}</th>
                  <th scope="col" className="yx-credits-num">{t("rollups.teachers")}</th>
                  <th scope="col" className="yx-credits-num">{t("rollups.enrollments")}</th>
                  <th scope="col" className="yx-credits-num">{t("rollups.completions")}</th>
                  <th scope="col" className="yx-credits-num">{t("rollups.hoursThisYear")}</th>
                  <th scope="col" className="yx-credits-num">{t("rollups.hoursThisCycle")}</th>
                  <th scope="col" className="yx-credits-num">{t("rollups.onPace")}</th>
                  <th scope="col" className="yx-credits-num">{t("rollups.ruralOnPace")}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((u) => (
                  <tr key={u.id} data-testid="rollup-row">
                    <th scope="row" className={u.depth > 1 ? "yx-rollups-nested" : undefined}>
                      <Link to={`?unit=${u.id}`}>{u.name}</Link> <span className="yx-muted">{t(`orgKind.${u.kind}` as TMessageKey)}</span>
                    </th>
                    {u.figures ? (
                      <>
                        <td className="yx-credits-num">{u.figures.teachers}</td>
                        <td className="yx-credits-num">{u.figures.enrollments}</td>
                        <td className="yx-credits-num">{u.figures.completions}</td>
                        <td className="yx-credits-num">{hours(u.figures.hoursThisYear)}</td>
                        <td className="yx-credits-num">{hours(u.figures.hoursThisCycle)}</td>
                        <td className="yx-credits-num">{pct(u.figures.onPacePercent)}</td>
                        <td className="yx-credits-num">{pct(u.figures.ruralOnPacePercent)}</td>
                      </>
                    ) : (
                      <td colSpan={7} className="yx-muted">
                        {t("rollups.notYet")}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
</ScrollX>
          </div>
        )}
      </Card>
    </div>
  );
}
