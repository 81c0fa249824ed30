import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { answersFromFields, scaleMax, scaleMin, type TQuestion } from "@yanxiu/domain/project-evaluation";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { BriefArticle } from "../components/projects/briefs.tsx";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("evaluation.my.title", { name: data.project.name }) : t("evaluation.my.titleShort") }];

/**
 * A trainee's 简报与评估 for one project (phone first): the open questionnaires, one answered at a time
 * (`?q=<id>`), anonymously and once; then the project's briefs. Linked from 我的培训项目.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request);
  const s = context.services.projects;
  const query = { projectId: params.projectId };
  const [briefs, list] = await Promise.all([load(s.listBriefs({ actor, query })), load(s.listQuestionnaires({ actor, query }))]);
  const chosen = new URL(request.url).searchParams.get("q");
  const current = chosen ? await load(s.getQuestionnaire({ actor, query: { questionnaireId: chosen } })) : null;
  if (current && current.questionnaire.projectId !== params.projectId) fail("notFound");
  return {
    project: briefs.project,
    trainee: briefs.trainee,
    briefs: briefs.briefs.map((b) => ({ id: b.id, title: b.title, body: b.body, imageIds: b.imageIds, postedOn: b.postedOn, authorName: b.authorName })),
    questionnaires: list.questionnaires.filter((q) => q.state === "open").map((q) => ({ id: q.id, title: q.title, answered: q.answered, questions: q.questions })),
    current: current ? { ...current.questionnaire, answered: current.answered } : null,
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const form = await readForm(request);
  if (form.intent !== "answer") fail("badRequest");
  return runIntent("answer", () => context.services.projects.answerQuestionnaire({ actor, input: { questionnaireId: form.questionnaireId, answers: answersFromFields(form) } }).then(() => "answer"));
}

function QuestionField({ q, i, error }: { q: TQuestion; i: number; error: string | null }) {
  const name = `a.${q.key}`;
  const errId = `err-${q.key}`;
  const legend = (
    <legend>
      {i + 1}. {q.text}
      {q.required ? <span className="yx-required"> *</span> : null}
      {q.target.kind !== "project" ? <span className="yx-muted">（{q.target.label}）</span> : null}
    </legend>
  );
  const described = error ? errId : undefined;
  return (
    <fieldset className="yx-answer" data-testid="answer-question" aria-describedby={described} aria-invalid={error ? true : undefined}>
      {legend}
      {q.kind === "single" || q.kind === "multiple" ? (
        <div className="yx-answer-options">
          {q.options.map((o) => (
            <label key={o.id} className="yx-answer-option">
              <input type={q.kind === "single" ? "radio" : "checkbox"} name={name} value={o.id} required={q.kind === "single" && q.required} /> {o.label}
            </label>
          ))}
        </div>
      ) : q.kind === "scale" ? (
        <div className="yx-answer-scale" role="radiogroup" aria-label={q.text}>
          {Array.from({ length: scaleMax - scaleMin + 1 }, (_, k) => scaleMin + k).map((n) => (
            <label key={n} className="yx-answer-point">
              <input type="radio" name={name} value={n} required={q.required} />
              <span>{n}</span>
            </label>
          ))}
          <span className="yx-muted yx-answer-scale-hint">{t("evaluation.my.scaleHint")}</span>
        </div>
      ) : (
        <textarea name={name} rows={4} maxLength={q.maxLength} required={q.required} aria-label={q.text} />
      )}
      {error ? (
        <span id={errId} className="yx-field-error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

export default function MyProjectEvaluation() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const cur = d.current;
  const answered = cur?.answered || r?.ok;
  return (
    <div className="yx-stack yx-my-evaluation">
      <p>
        <Link to="/my/credits">{t("evaluation.my.back")}</Link>
      </p>
      <h1>{d.project.name}</h1>
      {cur ? (
        <Card title={cur.title} testId="answer-card">
          {answered ? (
            <p className="yx-success" role="status" data-testid="answer-done">
              {t("evaluation.my.thanks")}
            </p>
          ) : cur.state !== "open" ? (
            <p className="yx-muted">{t("evaluation.my.notOpen")}</p>
          ) : !d.trainee ? (
            <p className="yx-muted">{t("evaluation.my.notTrainee")}</p>
          ) : (
            <Form method="post" className="yx-stack" data-testid="answer-form">
              <input type="hidden" name="intent" value="answer" />
              <input type="hidden" name="questionnaireId" value={cur.id} />
              {cur.intro ? <p className="yx-muted">{cur.intro}</p> : null}
              <p className="yx-muted">{t("evaluation.my.anonymous")}</p>
              {r && !r.ok && !Object.keys(r.fieldErrors).some((k) => k.startsWith("a.")) ? (
                <p className="yx-alert" role="alert">
                  {r.message ?? t(errorMessageKey(r.code))}
                </p>
              ) : null}
              {(cur.questions as TQuestion[]).map((q, i) => (
                <QuestionField key={q.key} q={q} i={i} error={r && !r.ok ? (r.fieldErrors[`a.${q.key}`]?.[0] ?? null) : null} />
              ))}
              <button type="submit" className="yx-primary yx-answer-submit" disabled={busy} data-testid="answer-submit">
                {t("evaluation.my.submit")}
              </button>
            </Form>
          )}
          <p>
            <Link to=".">{t("evaluation.my.backToList")}</Link>
          </p>
        </Card>
      ) : (
        <Card title={t("evaluation.my.questionnaires")} testId="my-questionnaires">
          {d.questionnaires.length === 0 ? (
            <EmptyState>{t("evaluation.my.noQuestionnaire")}</EmptyState>
          ) : (
            <ul className="yx-stack-tight">
              {d.questionnaires.map((q) => (
                <li key={q.id} data-testid="my-questionnaire">
                  {q.answered ? (
                    <>
                      {q.title} · <span className="yx-muted">{t("evaluation.my.answered")}</span>
                    </>
                  ) : (
                    <Link to={`?q=${q.id}`}>{t("evaluation.my.answer", { title: q.title, n: q.questions })}</Link>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
      <Card title={t("evaluation.my.briefs")} testId="my-briefs">
        {d.briefs.length === 0 ? (
          <EmptyState>{t("evaluation.brief.none")}</EmptyState>
        ) : (
          <div className="yx-stack">
            {d.briefs.map((b) => (
              <BriefArticle key={b.id} b={b} />
            ))}
          </div>
        )}
      </Card>
    </div>
  );
}
