import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { questionsFromFields, type TQuestion, type TQuestionResult } from "@yanxiu/domain/project-evaluation";
import { Chart } from "@yanxiu/ui/charts";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { QuestionnaireBuilder } from "../components/projects/questionnaire-builder.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { QuestionnaireStateTag } from "./admin.projects.$projectId.evaluation._index.tsx";

/**
 * One questionnaire: while a draft, its builder; once opened, its results — the response rate, a chart per
 * question (option counts, the 1–5 distribution with its mean), the text answers, and the .xlsx.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const s = context.services.projects;
  const q = await load(s.getQuestionnaire({ actor, query: { questionnaireId: params.questionnaireId } }));
  if (q.questionnaire.projectId !== params.projectId || !q.manages) fail("notFound");
  const results = q.questionnaire.state === "draft" ? null : await load(s.questionnaireResults({ actor, query: { questionnaireId: params.questionnaireId } }));
  return { questionnaire: q.questionnaire, results };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const form = await readForm(request);
  if (form.intent !== "update") fail("badRequest");
  const s = context.services.projects;
  return runIntent("update", async () => {
    const current = await s.getQuestionnaire({ actor, query: { questionnaireId: params.questionnaireId } });
    if (current.questionnaire.projectId !== params.projectId) fail("notFound");
    await s.updateQuestionnaire({ actor, input: { questionnaireId: params.questionnaireId, title: form.title, intro: form.intro, questions: questionsFromFields(form, current.questionnaire.questions) } });
    return "update";
  });
}

const targetText = (q: { target: TQuestion["target"] }) => (q.target.kind === "project" ? t("evaluation.q.target.project") : `${t(`evaluation.q.target.${q.target.kind}`)}：${q.target.label}`);

function QuestionResult({ r, i }: { r: TQuestionResult; i: number }) {
  const title = `${i + 1}. ${r.text}`;
  return (
    <section className="yx-result" data-testid="question-result" aria-label={title}>
      <h3>{title}</h3>
      <p className="yx-muted">
        {targetText(r)} · {t(`evaluation.q.kind.${r.kind}`)} · {t("evaluation.result.answered", { n: r.answered })}
        {r.kind === "scale" ? (
          <strong data-testid="scale-mean"> · {r.mean === null ? t("evaluation.result.noMean") : t("evaluation.result.mean", { mean: r.mean.toFixed(2) })}</strong>
        ) : null}
      </p>
      {r.kind === "single" || r.kind === "multiple" ? (
        <Chart kind="bar" integer label={title} height={200} categories={r.options.map((o) => o.label)} series={[{ name: t("evaluation.result.people"), data: r.options.map((o) => o.count) }]} valueHeader={t("evaluation.result.people")} />
      ) : r.kind === "scale" ? (
        <Chart kind="bar" integer label={title} height={200} categories={r.counts.map((_, k) => t("evaluation.result.point", { n: k + 1 }))} series={[{ name: t("evaluation.result.people"), data: r.counts }]} valueHeader={t("evaluation.result.people")} />
      ) : r.kind !== "text" ? null : r.texts.length === 0 ? (
        <EmptyState>{t("evaluation.result.noText")}</EmptyState>
      ) : (
        <ul className="yx-result-texts" data-testid="text-answers">
          {r.texts.map((text, k) => (
            <li key={k}>{text}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function QuestionnairePage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const q = d.questionnaire;
  const fieldErrors = r && !r.ok ? r.fieldErrors : {};
  return (
    <>
      <p>
        <Link to=".." relative="path">{t("evaluation.q.back")}</Link>
      </p>
      <h2>
        {q.title} <QuestionnaireStateTag state={q.state} />
      </h2>
      {r?.ok ? (
        <p className="yx-success" role="status">
          {t("evaluation.done.update")}
        </p>
      ) : r && !fieldErrors.questions && !fieldErrors.title ? (
        <p className="yx-alert" role="alert">
          {r.message ?? t(errorMessageKey(r.code))}
        </p>
      ) : null}
      {d.results ? (
        <>
          <Card title={t("evaluation.result.title")} testId="results">
            <p data-testid="response-rate">{t("evaluation.result.rate", { respondents: d.results.respondents, trainees: d.results.trainees, rate: d.results.rate })}</p>
            <p className="yx-muted">{t("evaluation.q.anonymousNote")}</p>
            <p>
              <a href={`/admin/projects/${q.projectId}/evaluation/${q.id}.xlsx`} download data-testid="results-xlsx">
                {t("evaluation.result.export")}
              </a>
            </p>
          </Card>
          <Card title={t("evaluation.result.questions")}>
            <div className="yx-stack">
              {d.results.results.map((res, i) => (
                <QuestionResult key={res.key} r={res as TQuestionResult} i={i} />
              ))}
            </div>
          </Card>
        </>
      ) : (
        <Card title={t("evaluation.q.editTitle")}>
          <p className="yx-muted">{t("evaluation.q.builderHint")}</p>
          <QuestionnaireBuilder key={r?.ok ? "saved" : "editing"} intent="update" title={q.title} intro={q.intro} questions={q.questions as TQuestion[]} busy={busy} error={fieldErrors.questions?.[0] ?? null} fieldErrors={fieldErrors} />
        </Card>
      )}
    </>
  );
}
