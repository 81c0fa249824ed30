import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { ActionBanner } from "../components/projects/action-banner.tsx";
import { RouteErrorBoundary } from "../components/route-error.tsx";

/**
 * 出勤: one row per trainee, one column per concentrated day (签 = checked in with the code, 补 = marked by hand),
 * 报到 day, days attended against required; .xlsx export; a form to mark or unmark a day by hand.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  return load(context.services.projects.attendanceGrid({ actor, query: { projectId: params.projectId } }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const f = await readForm(request);
  if (f.intent !== "mark" && f.intent !== "unmark") fail("badRequest");
  return runIntent("mark", () =>
    context.services.projects.markAttendance({ actor, input: { projectId: params.projectId, nominationId: f.nominationId, day: f.day, present: f.intent === "mark" ? "on" : "" } }),
  );
}

export default function AttendancePage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="yx-stack">
      <ActionBanner r={r} done={() => "projects.attendance.done"} />
      <div className="yx-toolbar">
        <p className="yx-muted">{t("projects.attendance.legend", { n: d.project.requiredDays })}</p>
        <a href={`/admin/projects/${d.project.id}/attendance.xlsx`} download>
          {t("projects.attendance.export")}
        </a>
      </div>
      {d.rows.length === 0 ? (
        <EmptyState>{t("projects.attendance.empty")}</EmptyState>
      ) : (
        <ScrollX label={t("projects.tabs.attendance")}>
          <table className="yx-table" data-testid="attendance-grid">
            <thead>
              <tr>
                <th>{t("projects.col.name")}</th>
                <th>{t("projects.col.class")}</th>
                <th>{t("projects.attendance.registered")}</th>
                {d.days.map((day) => (
                  <th key={day}>{day.slice(5)}</th>
                ))}
                <th>{t("projects.attendance.total")}</th>
                <th>{t("projects.attendance.met")}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((row) => (
                <tr key={row.nominationId} data-testid="attendance-row">
                  <td>
                    {row.name} <span className="yx-muted">{row.school ?? ""}</span>
                  </td>
                  <td>{row.className || "—"}</td>
                  <td>{row.progress.registeredOn ?? "—"}</td>
                  {d.days.map((day) => (
                    <td key={day}>{row.attended[day] ? t(row.attended[day] === "code" ? "projects.attendance.code" : "projects.attendance.manual") : ""}</td>
                  ))}
                  <td data-testid="attendance-total">
                    {row.progress.attended} / {row.progress.required}
                  </td>
                  <td>{row.progress.met ? t("projects.attendance.yes") : t("projects.attendance.no")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      )}
      {d.canRun && d.rows.length > 0 ? (
        <Card title={t("projects.attendance.mark")}>
          <Form method="post" className="yx-form-grid">
            <label>
              {t("projects.attendance.trainee")}
              <select name="nominationId">
                {d.rows.map((row) => (
                  <option key={row.nominationId} value={row.nominationId}>
                    {row.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("projects.schedule.day")}
              <input name="day" type="date" required min={d.project.startsOn} max={d.project.endsOn} defaultValue={d.days[0] ?? d.project.startsOn} />
            </label>
            <button type="submit" name="intent" value="mark" disabled={busy}>
              {t("projects.attendance.markPresent")}
            </button>
            <button type="submit" name="intent" value="unmark" disabled={busy}>
              {t("projects.attendance.markAbsent")}
            </button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
