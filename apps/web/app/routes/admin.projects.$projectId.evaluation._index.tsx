import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Tag } from "antd";
import { maxBriefChars, responseRate, type TReportStatus } from "@yanxiu/domain/project-evaluation";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState, ScrollX } from "@yanxiu/ui/layout";
import { FileUpload } from "../components/file-upload.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { useProjectFrame } from "./admin.projects.$projectId.tsx";

/**
 * 培训效果评估: the project's questionnaires (state, answers, response rate; open/close; build a new one), the
 * 绩效评估报告 (due day, overdue state, upload a PDF or write it) and the two settings (briefs per year, days
 * after the end the report is due).
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const s = context.services.projects;
  const query = { projectId: params.projectId };
  const [list, report] = await Promise.all([load(s.listQuestionnaires({ actor, query })), load(s.reportView({ actor, query }))]);
  return { ...list, report: { ...report, report: report.report ? { ...report.report, updatedAt: String(report.report.updatedAt) } : null } };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const f = await readForm(request);
  const s = context.services.projects;
  const projectId = params.projectId;
  switch (f.intent) {
    case "open":
    case "close":
      return runIntent(f.intent, () => s.setQuestionnaireState({ actor, input: { questionnaireId: f.questionnaireId, to: f.intent === "open" ? "open" : "closed" } }).then(() => String(f.intent)));
    case "report":
      return runIntent("report", () => s.submitReport({ actor, input: { projectId, fileId: f.fileId, body: f.body } }).then(() => "report"));
    case "settings":
      return runIntent("settings", () => s.updateEvaluationSettings({ actor, input: { projectId, briefsPerYear: f.briefsPerYear, reportDueDays: f.reportDueDays } }).then(() => "settings"));
  }
  fail("badRequest");
}

const statusColor: Record<TReportStatus, string> = { notYet: "default", due: "processing", overdue: "error", submitted: "success", submittedLate: "warning" };
const stateColor: Record<string, string> = { draft: "default", open: "processing", closed: "success" };

export function QuestionnaireStateTag({ state }: { state: string }) {
  return <Tag color={stateColor[state]}>{t(`evaluation.q.state.${state}` as TMessageKey)}</Tag>;
}

export function ReportStatusTag({ status }: { status: TReportStatus }) {
  return (
    <Tag color={statusColor[status]} data-testid="report-status">
      {t(`evaluation.report.status.${status}`)}
    </Tag>
  );
}

export default function ProjectEvaluation() {
  const d = useLoaderData<typeof loader>();
  const { project: p } = useProjectFrame();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const err = (k: string) => (r && !r.ok ? (r.fieldErrors[k]?.[0] ?? null) : null);
  const rep = d.report;
  const confirmOn = (message: string) => (e: React.FormEvent) => {
    if (!window.confirm(message)) e.preventDefault();
  };
  const runs = p.state === "published" || p.state === "running";
  return (
    <>
      {r?.ok ? (
        <p className="yx-success" role="status">
          {t(`evaluation.done.${r.message ?? r.intent}` as TMessageKey)}
        </p>
      ) : r ? (
        <p className="yx-alert" role="alert">
          {r.message ?? t(errorMessageKey(r.code))}
        </p>
      ) : null}
      {rep.status === "overdue" ? (
        <p className="yx-alert" role="alert" data-testid="report-overdue">
          {t("evaluation.report.overdueBanner", { due: rep.dueOn })}
        </p>
      ) : null}
      <Card title={t("evaluation.q.listTitle")} testId="questionnaires">
        <p className="yx-muted">{t("evaluation.q.anonymousHint", { trainees: d.trainees })}</p>
        {d.questionnaires.length === 0 ? (
          <EmptyState>{t("evaluation.q.none")}</EmptyState>
        ) : (
          <ScrollX label={t("evaluation.q.listTitle")}>
            <table className="yx-table">
              <thead>
                <tr>
                  <th scope="col">{t("evaluation.q.col.title")}</th>
                  <th scope="col">{t("evaluation.q.col.state")}</th>
                  <th scope="col">{t("evaluation.q.col.questions")}</th>
                  <th scope="col">{t("evaluation.q.col.responses")}</th>
                  <th scope="col">{t("evaluation.q.col.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {d.questionnaires.map((q) => (
                  <tr key={q.id} data-testid="questionnaire-row">
                    <td>
                      <Link to={q.id}>{q.title}</Link>
                    </td>
                    <td>
                      <QuestionnaireStateTag state={q.state} />
                    </td>
                    <td>{q.questions}</td>
                    <td>{t("evaluation.q.responses", { n: q.responses, trainees: d.trainees, rate: responseRate(q.responses, d.trainees) })}</td>
                    <td>
                      {d.manages ? (
                        <div className="yx-inline-form">
                          <Link to={q.id}>{q.state === "draft" ? t("evaluation.q.edit") : t("evaluation.q.results")}</Link>
                          {q.state !== "open" && runs ? (
                            <Form method="post" onSubmit={confirmOn(t(q.state === "draft" ? "evaluation.q.confirmOpen" : "evaluation.q.confirmReopen", { title: q.title }))}>
                              <input type="hidden" name="intent" value="open" />
                              <input type="hidden" name="questionnaireId" value={q.id} />
                              <button type="submit" className="yx-primary" disabled={busy} data-testid="questionnaire-open">
                                {t(q.state === "draft" ? "evaluation.q.open" : "evaluation.q.reopen")}
                              </button>
                            </Form>
                          ) : null}
                          {q.state === "open" ? (
                            <Form method="post" onSubmit={confirmOn(t("evaluation.q.confirmClose", { title: q.title }))}>
                              <input type="hidden" name="intent" value="close" />
                              <input type="hidden" name="questionnaireId" value={q.id} />
                              <button type="submit" disabled={busy}>
                                {t("evaluation.q.close")}
                              </button>
                            </Form>
                          ) : null}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        )}
        {d.manages && p.state !== "closed" ? (
          <p>
            <Link to="new" className="yx-button-link" data-testid="questionnaire-new">
              {t("evaluation.q.new")}
            </Link>
          </p>
        ) : null}
        {d.manages && !runs ? <p className="yx-muted">{t("evaluation.q.openHint")}</p> : null}
      </Card>
      <Card title={t("evaluation.report.title")} testId="report">
        <dl className="yx-facts">
          <dt>{t("evaluation.report.due")}</dt>
          <dd>
            {rep.dueOn} <ReportStatusTag status={rep.status} />
          </dd>
          {rep.report ? (
            <>
              <dt>{t("evaluation.report.submittedOn")}</dt>
              <dd>{rep.report.submittedOn}</dd>
              {rep.report.fileId ? (
                <>
                  <dt>{t("evaluation.report.file")}</dt>
                  <dd>
                    <a href={`/files/${rep.report.fileId}`} target="_blank" rel="noreferrer">
                      {rep.report.fileName}
                    </a>
                  </dd>
                </>
              ) : null}
            </>
          ) : null}
        </dl>
        {rep.report?.body ? (
          <div className="yx-brief" data-testid="report-body">
            {rep.report.body.split(/\n\s*\n/).map((para, i) => (
              <p key={i} className="yx-brief-p">
                {para}
              </p>
            ))}
          </div>
        ) : null}
        {rep.manages && p.state !== "draft" && p.state !== "pendingApproval" ? (
          <Form method="post" className="yx-stack" key={rep.report?.updatedAt ?? "none"}>
            <input type="hidden" name="intent" value="report" />
            <FileUpload
              purpose="projectReport"
              name="fileId"
              label={t("evaluation.report.upload")}
              defaultFile={rep.report?.fileId ? { id: rep.report.fileId, originalName: rep.report.fileName ?? "", mime: "application/pdf", size: rep.report.fileSize ?? 0, durationSeconds: null } : null}
            />
            {err("fileId") ? <span className="yx-field-error">{err("fileId")}</span> : null}
            <label className="yx-field" htmlFor="report-body">
              {t("evaluation.report.body")}
              <textarea id="report-body" name="body" rows={6} maxLength={maxBriefChars} defaultValue={rep.report?.body ?? ""} aria-invalid={err("body") ? true : undefined} />
              {err("body") ? <span className="yx-field-error">{err("body")}</span> : null}
            </label>
            <div className="yx-inline-form yx-eval-actions">
              <button type="submit" className="yx-primary" disabled={busy} data-testid="report-submit">
                {rep.report ? t("evaluation.report.replace") : t("evaluation.report.submit")}
              </button>
            </div>
          </Form>
        ) : null}
      </Card>
      {d.manages ? (
        <section id="settings">
          <Card title={t("evaluation.settings.title")} testId="evaluation-settings">
            <Form method="post" className="yx-form-grid">
              <input type="hidden" name="intent" value="settings" />
              <label htmlFor="briefs-per-year">
                {t("evaluation.settings.briefsPerYear")}
                <input id="briefs-per-year" name="briefsPerYear" inputMode="numeric" defaultValue={p.briefsPerYear ?? 4} aria-invalid={err("briefsPerYear") ? true : undefined} />
                {err("briefsPerYear") ? <span className="yx-field-error">{err("briefsPerYear")}</span> : null}
              </label>
              <label htmlFor="report-due-days">
                {t("evaluation.settings.reportDueDays")}
                <input id="report-due-days" name="reportDueDays" inputMode="numeric" defaultValue={p.reportDueDays ?? 15} aria-invalid={err("reportDueDays") ? true : undefined} />
                {err("reportDueDays") ? <span className="yx-field-error">{err("reportDueDays")}</span> : null}
              </label>
              <div className="yx-inline-form">
                <button type="submit" disabled={busy || p.state === "closed"}>
                  {t("evaluation.settings.save")}
                </button>
              </div>
            </Form>
          </Card>
        </section>
      ) : null}
    </>
  );
}
