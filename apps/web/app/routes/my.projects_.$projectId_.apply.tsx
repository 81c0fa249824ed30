import { Form, Link, useActionData, useLoaderData, useNavigation, type MetaFunction } from "@remix-run/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { errorsUnder } from "../lib/authoring.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { answersFrom } from "../lib/project-form.server.ts";
import { InfoAnswersFields } from "../components/projects/info-answers.tsx";
import { confirmOn } from "../components/projects/action-banner.tsx";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("projects.apply.title", { name: data.project.name }) : t("projects.apply.listTitle") }];

/**
 * 报名 (自主报名, decision 028): the project's facts and its 信息表; the application then waits on the teacher's school.
 * In 两轮报名 (decision 035) the teacher also chooses a class: round 1 takes every class, round 2 only those with
 * seats left. A pending application may be withdrawn (撤回); one 未录取 or withdrawn may be made again.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const d = await load(context.services.projects.applicationForm({ actor, query: { projectId: params.projectId } }));
  return { ...d, shell };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const form = await readForm(request);
  const s = context.services.projects;
  if (form.intent === "retract") return runIntent("retract", () => s.retractApplication({ actor, input: { nominationId: form.nominationId } }));
  if (form.intent !== "apply") fail("badRequest");
  let applied = false;
  const r = await runIntent("apply", async () => {
    await s.applyToProject({ actor, input: { projectId: params.projectId, classId: form.classId, answers: answersFrom(form) } });
    applied = true;
  });
  return applied ? redirect("/my/projects?applied=1") : r;
}

const say = (key: string, fallback: string) => {
  const text = t(key as TMessageKey);
  return text === key ? fallback : text;
};

export default function ApplyToProject() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const answerErrors = errorsUnder(r, "apply", "answers");
  const tr = d.twoRound;
  const classError = r && !r.ok ? r.fieldErrors?.classId?.[0] : undefined;
  const mine = d.mine;
  const canApply = (!mine || mine.canApplyAgain) && !d.refusal && (!tr || tr.round !== null);
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
        {tr ? (
          <p data-testid="apply-round">
            {t("projects.apply.roundNow", {
              phase: t(`projects.rounds.phase.${tr.phase}` as TMessageKey),
              r1: t("projects.rounds.dates", { from: tr.rounds.round1Opens, to: tr.rounds.round1Closes }),
              r2: t("projects.rounds.dates", { from: tr.rounds.round2Opens, to: tr.rounds.round2Closes }),
            })}
          </p>
        ) : null}
        {d.project.description ? <p>{d.project.description}</p> : null}
        {r && !r.ok ? (
          <p className="yx-alert" role="alert">
            {classError ?? r.message}
          </p>
        ) : r?.ok && r.intent === "retract" ? (
          <p className="yx-success" role="status">
            {t("projects.apply.retracted")}
          </p>
        ) : null}
        {mine ? (
          <div data-testid="apply-mine" className="yx-stack-tight">
            <p>
              {t("projects.apply.mine", { state: say(`projects.nomination.${mine.state}`, mine.state) })}
              {mine.className ? ` · ${t("projects.apply.mineClass", { name: mine.className })}` : null}
              {mine.state === "notAdmitted" && mine.reason ? (
                <>
                  <br />
                  <span className="yx-muted">{t("projects.apply.mineReason", { reason: mine.reason })}</span>
                </>
              ) : null}
            </p>
            {mine.canApplyAgain && canApply ? <p className="yx-muted">{t("projects.apply.again")}</p> : null}
            {mine.state === "reviewing" && mine.applied ? (
              <Form method="post" onSubmit={confirmOn(t("projects.apply.retractConfirm"))}>
                <input type="hidden" name="intent" value="retract" />
                <input type="hidden" name="nominationId" value={mine.id} />
                <button type="submit" className="yx-danger" disabled={busy} data-testid="apply-retract">
                  {t("projects.apply.retract")}
                </button>
              </Form>
            ) : null}
          </div>
        ) : null}
        {d.refusal && (!mine || mine.canApplyAgain) ? <p className="yx-muted">{d.refusal}</p> : null}
        {tr && tr.round === null && (!mine || mine.canApplyAgain) ? <p className="yx-muted">{t("projects.apply.noRoundOpen")}</p> : null}
        {canApply ? (
          <Card title={t("projects.apply.formTitle")}>
            <Form method="post" className="yx-stack">
              <input type="hidden" name="intent" value="apply" />
              {tr ? (
                <fieldset className="yx-stack-tight" data-testid="apply-classes">
                  <legend>{t("projects.apply.classTitle")}</legend>
                  {tr.classes.map((c) => (
                    <label key={c.id} className={c.refusal ? "yx-muted" : undefined} data-testid="apply-class">
                      <input type="radio" name="classId" value={c.id} required disabled={c.refusal !== null} /> {c.name}
                      <span className="yx-muted">
                        {" "}
                        {c.refusal ??
                          (tr.round === 1 ? t("projects.apply.round1Seats", { cap: c.cap, n: c.applicants }) : t("projects.apply.round2Seats", { cap: c.cap, n: c.seatsLeft }))}
                      </span>
                    </label>
                  ))}
                </fieldset>
              ) : null}
              <p className="yx-muted">{t("projects.apply.help")}</p>
              <InfoAnswersFields fields={d.infoForm} errors={answerErrors} />
              <p>
                <button type="submit" className="yx-primary" disabled={busy} data-testid="apply-submit">
                  {t("projects.apply.submit")}
                </button>
              </p>
            </Form>
          </Card>
        ) : null}
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
