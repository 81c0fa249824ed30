import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { sessionKinds } from "@yanxiu/domain/projects-running";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { ActionBanner, confirmOn } from "../components/projects/action-banner.tsx";
import { RouteErrorBoundary } from "../components/route-error.tsx";

/**
 * 日程: the project's sessions in time order — concentrated days (with the check-in screen the unit projects) and
 * references to a course, a studio live session or an offline session — and a form to add one.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  return load(context.services.projects.schedulePage({ actor, query: { projectId: params.projectId } }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const f = await readForm(request);
  const s = context.services.projects;
  if (f.intent === "create") {
    const { intent: _intent, ...input } = f;
    return runIntent("create", () => s.createSession({ actor, input: { ...input, projectId: params.projectId } }));
  }
  if (f.intent === "delete") return runIntent("delete", () => s.deleteSession({ actor, input: { sessionId: f.sessionId } }));
  if (f.intent === "required") return runIntent("required", () => s.setSessionRequired({ actor, input: { sessionId: f.sessionId, required: f.required } }));
  fail("badRequest");
}

export default function SchedulePage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const err = (k: string) => (r && !r.ok ? (r.fieldErrors[k]?.[0] ?? null) : null);
  return (
    <div className="yx-stack">
      <ActionBanner r={r} done={(i) => `projects.schedule.done.${i}` as TMessageKey} />
      {d.project.requiredDays > 0 ? <p className="yx-muted">{t("projects.schedule.required", { n: d.project.requiredDays })}</p> : null}
      {d.sessions.length === 0 ? (
        <EmptyState>{t("projects.schedule.empty")}</EmptyState>
      ) : (
        <ScrollX label={t("projects.tabs.schedule")}>
          <table className="yx-table" data-testid="sessions">
            <thead>
              <tr>
                <th>{t("projects.schedule.day")}</th>
                <th>{t("projects.schedule.title")}</th>
                <th>{t("projects.schedule.kind")}</th>
                <th>{t("projects.schedule.place")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.sessions.map((s) => (
                <tr key={s.id} data-testid="session-row">
                  <td>
                    {s.day} {s.startsAt}–{s.endsAt}
                  </td>
                  <td>
                    {s.title}
                    {s.required ? (
                      <>
                        {" "}
                        <span className="yx-badge" data-testid="session-required">
                          {t("projects.schedule.mandatory")}
                        </span>
                      </>
                    ) : null}
                    {s.kind === "course" && s.refId ? <div className="yx-muted">{s.courseTitle ? t("projects.schedule.course", { title: s.courseTitle }) : t("projects.schedule.courseMissing")}</div> : null}
                  </td>
                  <td>{t(`projects.schedule.kind.${s.kind}` as TMessageKey)}</td>
                  <td>{s.place || "—"}</td>
                  <td>
                    <div className="yx-inline-form">
                      {s.kind === "concentrated" ? (
                        <>
                          <Link to={`../check-in/${s.id}`} relative="path">
                            {t("projects.schedule.screen")}
                          </Link>
                          <span className="yx-muted">{t("projects.schedule.checkedIn", { n: s.checkedIn })}</span>
                        </>
                      ) : null}
                      {d.canRun && s.kind === "course" && s.refId && (s.required || s.courseTitle) ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="required" />
                          <input type="hidden" name="sessionId" value={s.id} />
                          <input type="hidden" name="required" value={s.required ? "false" : "true"} />
                          <button type="submit" className="yx-link-button" disabled={busy}>
                            {t(s.required ? "projects.schedule.unsetMandatory" : "projects.schedule.setMandatory")}
                          </button>
                        </Form>
                      ) : null}
                      {d.canRun && s.checkedIn === 0 ? (
                        <Form method="post" onSubmit={confirmOn(t("projects.schedule.deleteConfirm"))}>
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="sessionId" value={s.id} />
                          <button type="submit" className="yx-link-button" disabled={busy}>
                            {t("projects.schedule.delete")}
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      )}
      {d.canRun ? (
        <Card title={t("projects.schedule.add")}>
          <Form method="post" className="yx-form-grid">
            <input type="hidden" name="intent" value="create" />
            <label>
              {t("projects.schedule.title")}
              <input name="title" required maxLength={60} aria-invalid={err("title") ? true : undefined} />
              {err("title") ? <span className="yx-field-error">{err("title")}</span> : null}
            </label>
            <label>
              {t("projects.schedule.kind")}
              <select name="kind" defaultValue="concentrated">
                {sessionKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`projects.schedule.kind.${k}` as TMessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("projects.schedule.day")}
              <input name="day" type="date" required min={d.project.startsOn} max={d.project.endsOn} defaultValue={d.project.startsOn} />
              {err("day") ? <span className="yx-field-error">{err("day")}</span> : null}
            </label>
            <label>
              {t("projects.schedule.startsAt")}
              <input name="startsAt" type="time" required defaultValue="09:00" />
            </label>
            <label>
              {t("projects.schedule.endsAt")}
              <input name="endsAt" type="time" required defaultValue="17:00" />
              {err("endsAt") ? <span className="yx-field-error">{err("endsAt")}</span> : null}
            </label>
            <label>
              {t("projects.schedule.place")}
              <input name="place" maxLength={80} />
            </label>
            <label>
              {t("projects.schedule.refId")}
              <input name="refId" maxLength={36} aria-describedby="refId-help" />
              <span id="refId-help" className="yx-muted">
                {t("projects.schedule.refIdCourse")}
              </span>
              {err("refId") ? <span className="yx-field-error">{err("refId")}</span> : null}
            </label>
            <label className="yx-check">
              <input type="checkbox" name="required" /> {t("projects.schedule.mandatoryLabel")}
              {err("required") ? <span className="yx-field-error">{err("required")}</span> : null}
            </label>
            <button type="submit" className="yx-primary" disabled={busy}>
              {t("projects.schedule.submit")}
            </button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
