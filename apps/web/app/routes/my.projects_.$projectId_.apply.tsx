import { Form, Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { errorsUnder } from "../lib/authoring.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { answersFrom } from "../lib/project-form.server.ts";
import { InfoAnswersFields } from "../components/projects/info-answers.tsx";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("projects.apply.title", { name: data.project.name }) : t("projects.apply.listTitle") }];

/** 报名 (自主报名, decision 028): the project's facts and its 信息表; the application then waits on the teacher's school. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const d = await load(context.services.projects.applicationForm({ actor, query: { projectId: params.projectId } }));
  return { ...d, shell };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const form = await readForm(request);
  let applied = false;
  const r = await runIntent("apply", async () => {
    await context.services.projects.applyToProject({ actor, input: { projectId: params.projectId, answers: answersFrom(form) } });
    applied = true;
  });
  return applied ? redirect("/my/projects?applied=1") : r;
}

export default function ApplyToProject() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const answerErrors = errorsUnder(r, "apply", "answers");
  const say = (key: string, fallback: string) => {
    const text = t(key as TMessageKey);
    return text === key ? fallback : text;
  };
  return (
    <LearnerShell shell={d.shell}>
      <div className="yx-stack">
        <p>
          <Link to="/my/projects">{t("projects.apply.back")}</Link>
        </p>
        <h1>{t("projects.apply.title", { name: d.project.name })}</h1>
        <p className="yx-muted">
          {d.project.ownerName} · {t("projects.dates", { from: d.project.startsOn, to: d.project.endsOn })} ·{" "}
          {t("projects.apply.hoursOf", { hours: d.project.plannedHours, category: say(`credits.category.${d.project.creditCategory}`, d.project.creditCategory) })}
        </p>
        {d.project.description ? <p>{d.project.description}</p> : null}
        {r && !r.ok ? (
          <p className="yx-alert" role="alert">
            {r.message}
          </p>
        ) : null}
        {d.mine ? (
          <p data-testid="apply-mine">{t("projects.apply.mine", { state: say(`projects.nomination.${d.mine.state}`, d.mine.state) })}</p>
        ) : d.refusal ? (
          <p className="yx-muted">{d.refusal}</p>
        ) : (
          <Card title={t("projects.apply.formTitle")}>
            <Form method="post" className="yx-stack">
              <p className="yx-muted">{t("projects.apply.help")}</p>
              <InfoAnswersFields fields={d.infoForm} errors={answerErrors} />
              <p>
                <button type="submit" className="yx-primary" disabled={busy} data-testid="apply-submit">
                  {t("projects.apply.submit")}
                </button>
              </p>
            </Form>
          </Card>
        )}
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
