import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Tag } from "antd";
import { awardCategories } from "@yanxiu/domain/credits";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { creditListFilters, maxSplitParts } from "@yanxiu/domain/project-credits";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { usePolling } from "../lib/use-polling.ts";
import { PageNumbers } from "../components/list-page.tsx";
import { ActionBanner, confirmOn } from "../components/projects/action-banner.tsx";
import { RouteErrorBoundary } from "../components/route-error.tsx";

/**
 * 学时认定 (decision 027): who met the project's rules, the owner's exceptions with reasons, one confirmation with
 * the split across categories (学时分发), then the worker's progress as it writes the awards into the ledger.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const query = { ...Object.fromEntries(new URL(request.url).searchParams), projectId: params.projectId };
  return load(context.services.projects.projectCredits({ actor, query }));
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const f = await readForm(request);
  const projectId = params.projectId;
  const s = context.services.projects;
  switch (f.intent) {
    case "exception":
      return runIntent("exception", () => s.setCreditException({ actor, input: { projectId, nominationId: f.nominationId, award: f.award, hours: f.hours, reason: f.reason } }));
    case "clear":
      return runIntent("clear", () => s.clearCreditException({ actor, input: { projectId, nominationId: f.nominationId } }));
    case "confirm":
      return runIntent("confirm", () => s.confirmProjectCredits({ actor, input: { projectId, category: f["category[]"], hours: f["hours[]"] } }));
    case "resume":
      return runIntent("resume", () => s.resumeProjectCredits({ actor, input: { projectId } }));
    default:
      fail("badRequest");
  }
}

const done: Record<string, TMessageKey> = {
  exception: "projects.credits.exceptionSaved",
  clear: "projects.credits.exceptionCleared",
  confirm: "projects.credits.confirmed",
  resume: "projects.credits.resumed",
};
const category = (c: string) => t(`credits.category.${c}` as TMessageKey);

export default function ProjectCredits() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const run = d.run;
  usePolling(Boolean(run && !run.finishedAt), 1000);
  const q = d.query;
  const hrefFor = (page: number, size: number) => {
    const s = new URLSearchParams();
    if (q.q) s.set("q", q.q);
    if (q.show !== "all") s.set("show", q.show);
    if (page > 1) s.set("page", String(page));
    if (size !== 50) s.set("size", String(size));
    return `?${s}`;
  };
  const c = d.counts;
  const filtered = Boolean(q.q) || q.show !== "all";
  const pct = run && run.total ? Math.round(((run.awarded + run.skipped) / run.total) * 100) : 100;
  return (
    <div className="yx-stack">
      <ActionBanner r={r} done={(intent) => done[intent] ?? "projects.credits.confirmed"} />
      <Card title={t("projects.tabs.credits")}>
        <p>{t("projects.credits.rule", { hours: d.project.plannedHours, category: category(d.project.creditCategory), days: d.project.requiredDays })}</p>
        {d.assessment.items > 0 ? (
          <p data-testid="credits-score-rule">{t("projects.credits.scoreRule", { items: d.assessment.items, required: d.assessment.required, max: d.assessment.maxTotal, pass: d.assessment.passScore })}</p>
        ) : null}
        {d.requiredCourses > 0 ? <p data-testid="credits-course-rule">{t("projects.credits.courseRule", { n: d.requiredCourses })}</p> : null}
        <p data-testid="credits-summary">{t("projects.credits.summary", c)}</p>
        {c.withdrawn > 0 ? <p className="yx-muted">{t("projects.credits.withdrawn", { n: c.withdrawn })}</p> : null}
        {!run && !d.ended ? <p className="yx-warning">{t("projects.credits.notEnded", { endsOn: d.project.endsOn })}</p> : null}
      </Card>

      {run ? (
        <Card title={t("projects.credits.runTitle")}>
          <p>{t("projects.credits.runBy", { who: run.confirmedBy ?? "—", at: new Date(run.confirmedAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" }), countsFor: run.countsFor })}</p>
          <p>{t("projects.credits.runSplit", { split: run.split.map((p) => `${category(p.category)} ${p.hours}`).join(" + ") })}</p>
          <progress className="yx-progress" max={100} value={pct} aria-label={t("projects.credits.runTitle")} data-testid="credits-progress">
            {pct}%
          </progress>
          <p aria-live="polite" data-testid="credits-counts">
            {run.finishedAt ? t("projects.credits.finished") : t("projects.credits.progress", { awarded: run.awarded, skipped: run.skipped, total: run.total })}
          </p>
          {run.finishedAt && run.skipped ? <p className="yx-muted">{t("projects.credits.progress", { awarded: run.awarded, skipped: run.skipped, total: run.total })}</p> : null}
          {!run.finishedAt && d.canManage ? (
            <Form method="post">
              <button type="submit" name="intent" value="resume" disabled={busy}>
                {t("projects.credits.resume")}
              </button>
            </Form>
          ) : null}
        </Card>
      ) : null}

      {d.canConfirm ? (
        <Card title={t("projects.credits.confirmTitle")}>
          <Form method="post" className="yx-stack" onSubmit={confirmOn(t("projects.credits.confirmAsk", { n: c.toAward, hours: c.hours }))}>
            <p className="yx-muted">{t("projects.credits.splitHelp")}</p>
            <table className="yx-table yx-split-table">
              <thead>
                <tr>
                  <th scope="col">{t("projects.credits.category")}</th>
                  <th scope="col">{t("projects.credits.hours")}</th>
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: maxSplitParts }, (_, i) => (
                  <tr key={i}>
                    <td>
                      <select name="category[]" aria-label={t("projects.credits.rowCategory", { n: i + 1 })} defaultValue={i === 0 ? d.project.creditCategory : ""}>
                        <option value="">—</option>
                        {awardCategories.map((k) => (
                          <option key={k} value={k}>
                            {category(k)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input name="hours[]" aria-label={t("projects.credits.rowHours", { n: i + 1 })} inputMode="decimal" size={6} defaultValue={i === 0 ? String(d.project.plannedHours) : ""} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              <button type="submit" name="intent" value="confirm" className="yx-primary" disabled={busy} data-testid="credits-confirm">
                {t("projects.credits.confirm")}
              </button>
            </p>
          </Form>
        </Card>
      ) : null}

      <Form method="get" className="yx-filters" aria-label={t("projects.credits.search")}>
        <label>
          {t("projects.credits.search")}
          <input name="q" type="search" defaultValue={q.q ?? ""} maxLength={50} />
        </label>
        <label>
          {t("projects.credits.show")}
          <select name="show" defaultValue={q.show}>
            {creditListFilters.filter((k) => k !== "coursesMissing" || d.requiredCourses > 0 || q.show === k).map((k) => (
              <option key={k} value={k}>
                {t(`projects.credits.filter.${k}` as TMessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("common.filter")}</button>
        {filtered ? <Link to=".">{t("common.clearFilters")}</Link> : null}
      </Form>

      <Card title={t("projects.credits.listTitle", { total: d.total })}>
        {d.rows.length === 0 ? (
          <EmptyState>{filtered ? t("projects.credits.emptyFiltered") : t("projects.credits.empty")}</EmptyState>
        ) : (
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table" data-testid="credits-list">
              <thead>
                <tr>
                  <th scope="col">{t("projects.credits.col.trainee")}</th>
                  <th scope="col">{t("projects.credits.col.attended")}</th>
                  {d.assessment.items > 0 ? <th scope="col">{t("projects.credits.col.score")}</th> : null}
                  {d.requiredCourses > 0 ? <th scope="col">{t("projects.credits.col.courses")}</th> : null}
                  <th scope="col">{t("projects.credits.col.proposal")}</th>
                  <th scope="col">{t("projects.credits.col.hours")}</th>
                  <th scope="col">{t("projects.credits.col.exception")}</th>
                  <th scope="col">{run ? t("projects.credits.col.state") : t("projects.credits.col.action")}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((row) => (
                  <tr key={row.nominationId} data-testid="credits-row">
                    <th scope="row">
                      {row.name}
                      <div className="yx-muted">
                        {row.teacherNo ?? ""} · {row.school ?? ""}
                      </div>
                    </th>
                    <td>
                      {row.attended} / {row.required}
                    </td>
                    {d.assessment.items > 0 ? <td data-testid="credits-score">{row.total}</td> : null}
                    {d.requiredCourses > 0 ? (
                      <td data-testid="credits-courses" className={row.courses.done < row.courses.of ? "yx-warning" : undefined}>
                        {row.courses.done} / {row.courses.of}
                      </td>
                    ) : null}
                    <td data-testid="credits-proposal">
                      {row.met ? <Tag color="success">{t("projects.credits.met")}</Tag> : <Tag>{t("projects.credits.notMet")}</Tag>}
                      {row.reasons.length ? <div className="yx-muted">{row.reasons.map((k) => t(`projects.credits.reason.${k}` as TMessageKey)).join("、")}</div> : null}
                    </td>
                    <td data-testid="credits-hours">{row.decision.award ? row.decision.hours : t("projects.credits.none")}</td>
                    <td>
                      {row.exception ? (
                        <>
                          <Tag color={row.exception.award ? "processing" : "default"}>{t(row.exception.award ? "projects.credits.exceptionAward" : "projects.credits.exceptionSkip")}</Tag> {row.exception.reason}
                        </>
                      ) : (
                        t("projects.credits.none")
                      )}
                    </td>
                    <td>
                      {run ? (
                        row.state ? (
                          t(`projects.credits.state.${row.state}` as TMessageKey)
                        ) : (
                          t("projects.credits.none")
                        )
                      ) : d.canConfirm ? (
                        <ExceptionForm nominationId={row.nominationId} exception={row.exception} busy={busy} />
                      ) : (
                        t("projects.credits.none")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        <PageNumbers total={d.total} page={q.page} size={q.size} sizes={listPageSizes} hrefFor={hrefFor} />
      </Card>
    </div>
  );
}

function ExceptionForm(props: { nominationId: string; exception: { award: boolean; hours: number | null; reason: string } | null; busy: boolean }) {
  const e = props.exception;
  return (
    <details>
      <summary>{t("projects.credits.setException")}</summary>
      <Form method="post" className="yx-stack-tight">
        <input type="hidden" name="nominationId" value={props.nominationId} />
        <label className="yx-check">
          <input type="checkbox" name="award" defaultChecked={e?.award ?? false} /> {t("projects.credits.exceptionAwardLabel")}
        </label>
        <label>
          {t("projects.credits.exceptionHours")}
          <input name="hours" inputMode="decimal" size={6} defaultValue={e?.hours ?? ""} />
        </label>
        <label>
          {t("projects.credits.exceptionReason")}
          <input name="reason" required maxLength={200} defaultValue={e?.reason ?? ""} />
        </label>
        <p className="yx-inline-form">
          <button type="submit" name="intent" value="exception" disabled={props.busy}>
            {t("projects.credits.saveException")}
          </button>
          {e ? (
            <button type="submit" name="intent" value="clear" disabled={props.busy} formNoValidate>
              {t("projects.credits.clearException")}
            </button>
          ) : null}
        </p>
      </Form>
    </details>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
