import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Tag } from "antd";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";

import { PageNumbers } from "../components/list-page.tsx";
import { runIntent } from "../lib/action-result.server.ts";
import { chinaDateTime } from "../lib/china-time.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { usePolling } from "../lib/use-polling.ts";

export const meta: MetaFunction = () => [{ title: t("report.title") }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const sp = new URL(request.url).searchParams;
  const [form, list, schedule] = await Promise.all([
    load(context.services.reports.annualReportForm({ actor })),
    load(context.services.reports.listAnnualReports({ actor, query: { page: sp.get("page") ?? "", size: sp.get("size") ?? "" } })),
    load(context.services.reports.getAnnualReportSchedule({ actor })),
  ]);
  const unit = sp.get("unit");
  const year = Number(sp.get("year"));
  return {
    form,
    // The dashboard's link carries its unit and year: the form starts on them when they are on offer.
    chosen: { unit: form.units.some((u) => u.id === unit) ? unit! : form.root.id, year: form.years.includes(year) ? year : form.thisYear },
    schedule: { enabled: schedule.enabled, day: schedule.day, canEdit: schedule.canEdit },
    total: list.total,
    query: list.query,
    rows: list.rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null })),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "schedule")
    return runIntent("schedule", async () => {
      await context.services.reports.setAnnualReportSchedule({ actor, input: { enabled: form.enabled, day: form.day } });
      return t("report.auto.saved");
    });
  return runIntent("request", async () => {
    const r = await context.services.reports.requestAnnualReport({ actor, input: { unit: form.unit, year: form.year, below: form.below } });
    return r.count > 1 ? t("report.queuedMany", { count: r.count }) : t("report.queued");
  });
}

const januaryDays = Array.from({ length: 28 }, (_, i) => i + 1);

/** 自动生成 (decision 038): the province admin switches the year-end reports on or off and picks the day of January; others read it. */
function ScheduleCard({ schedule, result, busy }: { schedule: { enabled: boolean; day: number; canEdit: boolean }; result: ReturnType<typeof useActionData<typeof action>>; busy: boolean }) {
  const mine = result?.intent === "schedule" ? result : undefined;
  return (
    <Card title={t("report.auto.title")}>
      <p className="yx-muted">{t("report.auto.intro")}</p>
      <p data-testid="report-schedule-state">{schedule.enabled ? t("report.auto.on", { day: schedule.day }) : t("report.auto.off")}</p>
      {mine ? (
        <p className={mine.ok ? "yx-success" : "yx-alert"} role={mine.ok ? "status" : "alert"} data-testid="report-schedule-result">
          {mine.message}
        </p>
      ) : null}
      {schedule.canEdit ? (
        // Keyed by the stored values so that a save shows what was stored, not what the inputs still hold.
        <Form method="post" className="yx-filters" aria-label={t("report.auto.title")} key={`${schedule.enabled}-${schedule.day}`}>
          <input type="hidden" name="intent" value="schedule" />
          <label className="yx-check">
            <input type="checkbox" name="enabled" defaultChecked={schedule.enabled} data-testid="report-schedule-enabled" />
            {t("report.auto.enabled")}
          </label>
          <label>
            {t("report.auto.day")}
            <select name="day" defaultValue={schedule.day} aria-invalid={mine && !mine.ok && mine.fieldErrors.day ? true : undefined}>
              {januaryDays.map((day) => (
                <option key={day} value={day}>
                  {t("report.auto.dayOption", { day })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy} style={{ width: "auto" }}>
            {t("report.auto.save")}
          </button>
        </Form>
      ) : (
        <p className="yx-muted">{t("report.auto.readonly")}</p>
      )}
    </Card>
  );
}

const statusColor: Record<string, string> = { queued: "default", running: "processing", done: "success", failed: "error" };
const kb = (bytes: number | null) => Math.max(1, Math.round((bytes ?? 0) / 1024));

export default function AnnualReportsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  usePolling(d.rows.some((r) => r.status === "queued" || r.status === "running"), 1000);
  const hrefFor = (page: number, size: number) => `/admin/reports?page=${page}&size=${size}`;
  return (
    <div className="yx-stack">
      <h1>{t("report.title")}</h1>
      <p className="yx-muted">
        {t("report.intro")}
        {t("report.historyNote")}
      </p>
      <Card title={t("report.new")}>
        {result && result.intent === "request" ? (
          <p className={result.ok ? "yx-success" : "yx-alert"} role={result.ok ? "status" : "alert"} data-testid="report-result">
            {result.message}
          </p>
        ) : null}
        <Form method="post" className="yx-filters" aria-label={t("report.new")}>
          <label>
            {t("report.unit")}
            <select name="unit" defaultValue={d.chosen.unit} aria-invalid={result && result.intent === "request" && !result.ok && result.fieldErrors.unit ? true : undefined}>
              {d.form.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {"\u3000".repeat(Math.max(0, u.depth - (d.form.units[0]?.depth ?? 1)))}
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("report.year")}
            <select name="year" defaultValue={d.chosen.year}>
              {d.form.years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label className="yx-check">
            <input type="checkbox" name="below" data-testid="report-below" />
            {t("report.below")}
          </label>
          <button type="submit" className="yx-primary" disabled={busy} style={{ width: "auto" }}>
            {busy ? t("report.submitting") : t("report.submit")}
          </button>
        </Form>
      </Card>
      <ScheduleCard schedule={d.schedule} result={result} busy={busy} />
      <Card title={t("report.list")}>
        {d.rows.length === 0 ? (
          <EmptyState>{t("report.none")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="report-list">
              <thead>
                <tr>
                  <th scope="col">{t("report.col.unit")}</th>
                  <th scope="col">{t("report.col.year")}</th>
                  <th scope="col">{t("report.col.status")}</th>
                  <th scope="col">{t("report.col.file")}</th>
                  <th scope="col">{t("report.col.by")}</th>
                  <th scope="col">{t("report.col.at")}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.id} data-testid="report-row">
                    <th scope="row">{r.unit.name}</th>
                    <td>{r.year}</td>
                    <td>
                      <Tag color={statusColor[r.status]}>{t(`report.status.${r.status}` as TMessageKey)}</Tag>
                      {r.status === "queued" || r.status === "running" ? (
                        <>
                          <progress className="yx-progress" max={100} value={r.progress} aria-label={t("report.progressOf", { unit: r.unit.name, year: r.year })} />
                          <span className="yx-muted" aria-live="polite">{t("report.step", { step: r.step ?? t("report.status.queued"), pct: r.progress })}</span>
                        </>
                      ) : null}
                      {r.error ? (
                        <p className="yx-alert" role="alert">
                          {r.error}
                        </p>
                      ) : null}
                    </td>
                    <td>
                      {r.ready ? (
                        <>
                          <a href={`/admin/reports/${r.id}/pdf`} download aria-label={t("report.downloadOf", { unit: r.unit.name, year: r.year })} data-testid="report-download">
                            {t("report.download")}
                          </a>
                          <div className="yx-muted">{t("report.size", { pages: r.pages ?? 0, kb: kb(r.bytes) })}</div>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>{r.auto ? <Tag color="blue">{t("report.auto.tag")}</Tag> : r.requestedBy}</td>
                    <td>{chinaDateTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        <PageNumbers total={d.total} page={d.query.page} size={d.query.size} sizes={listPageSizes} hrefFor={hrefFor} />
      </Card>
    </div>
  );
}
