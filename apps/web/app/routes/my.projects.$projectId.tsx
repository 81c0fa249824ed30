import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { runIntent, type TActionResult } from "../lib/action-result.server.ts";
import { readForm } from "../lib/admin.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.project.name : t("projects.my.class") }];

/**
 * A trainee's project, phone first: their class, 班主任 and mentors (once the list is published), days attended
 * against required, the schedule, and a code box on each concentrated session open for check-in now.
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const d = await load(context.services.projects.myProject({ actor, query: { projectId: params.projectId } }));
  return { ...d, shell };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const f = await readForm(request);
  if (f.intent !== "checkIn") fail("badRequest");
  return runIntent(
    "checkIn",
    async () => {
      const r = await context.services.projects.checkInToSession({ actor, input: { sessionId: f.sessionId, code: f.code ?? "" } });
      return t(r.alreadyRecorded ? "projects.my.doneAgain" : "projects.my.done");
    },
    { messages: { tooManyAttempts: "projects.my.tooMany" } },
  );
}

export default function MyProjectPage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>() as TActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const p = d.progress;
  return (
    <LearnerShell shell={d.shell}>
      <div className="yx-stack yx-my-project">
        <p>
          <Link to="/my/credits">{t("projects.my.back")}</Link>
        </p>
        <h1>{d.project.name}</h1>
        <p className="yx-muted">{t("projects.dates", { from: d.project.startsOn, to: d.project.endsOn })}</p>
        {r ? (
          <p className={r.ok ? "yx-success" : "yx-alert"} role={r.ok ? "status" : "alert"} data-testid="check-in-result">
            {r.message}
          </p>
        ) : null}
        {d.trainee.state === "withdrawn" ? <p className="yx-alert">{t("projects.my.withdrawn")}</p> : null}
        <Card title={p.required > 0 ? t("projects.my.progress", { attended: p.attended, required: p.required }) : t("projects.my.progressNone", { attended: p.attended })} testId="my-progress">
          {p.required > 0 ? <progress max={p.required} value={Math.min(p.attended, p.required)} style={{ width: "100%" }} /> : null}
          <p>{p.registeredOn ? t("projects.my.registered", { day: p.registeredOn }) : t("projects.my.notRegistered")}</p>
          {d.credit ? (
            <p className="yx-success" data-testid="my-project-credit">
              {d.credit.awarded ? t("projects.my.credits", { hours: d.credit.hours, countsFor: d.credit.countsFor }) : t("projects.my.creditsPending", { hours: d.credit.hours })}
            </p>
          ) : null}
        </Card>
        {d.requiredCourses.length > 0 ? (
          <Card title={t("projects.my.requiredCourses", { done: d.requiredCourses.filter((c) => c.status === "completed").length, of: d.requiredCourses.length })} testId="my-required-courses">
            <p className="yx-muted">{t("projects.my.requiredCoursesNote")}</p>
            <ul className="yx-stack-tight">
              {d.requiredCourses.map((c) => (
                <li key={c.courseId} data-testid="my-required-course">
                  <strong>{c.title}</strong>{" "}
                  <span className={c.status === "completed" ? "yx-success" : "yx-muted"}>{t(`projects.my.course.${c.status ?? "none"}` as TMessageKey)}</span>
                  {c.status && c.status !== "withdrawn" ? (
                    <div>
                      <Link to={`/learn/${c.courseId}`}>{t("projects.my.course.open")}</Link>
                    </div>
                  ) : c.status === "withdrawn" ? (
                    <div>
                      <Link to={`/courses/${c.courseId}`}>{t("projects.my.course.open")}</Link>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        {d.assessment.items.length > 0 ? (
          <Card title={t("projects.my.assessmentTitle")} testId="my-assessment">
            <ul className="yx-stack-tight">
              {d.assessment.items.map((i) => (
                <li key={i.id} data-testid="my-score">
                  <strong>{i.name}</strong> <span className="yx-muted">{t(`projects.assessment.kind.${i.kind}` as TMessageKey)}{i.required ? ` · ${t("projects.assessment.required")}` : ""}{i.dueOn ? ` · ${i.dueOn}` : ""}</span>
                  <div>{i.score === null ? <span className="yx-muted">{t("projects.my.notSubmitted")}</span> : `${i.score} / ${i.maxScore}`}</div>
                </li>
              ))}
            </ul>
            <p data-testid="my-score-total">{t("projects.my.total", { total: d.assessment.total, max: d.assessment.maxTotal, pass: d.assessment.passScore })}</p>
            {d.assessment.reasons.length === 0 ? (
              <p className="yx-success">{t("projects.my.ruleMet")}</p>
            ) : (
              <p className="yx-muted">{d.assessment.reasons.map((k) => t(`projects.credits.reason.${k}` as TMessageKey)).join("、")}</p>
            )}
          </Card>
        ) : null}
        <Card title={t("projects.my.class")} testId="my-class">
          {d.klass ? (
            <dl className="yx-facts">
              <dt>{t("projects.col.class")}</dt>
              <dd>{t("projects.my.classSize", { name: d.klass.name, n: d.klass.size })}</dd>
              <dt>{t("projects.classes.headTeacher")}</dt>
              <dd>{d.klass.headTeacher?.name ?? t("projects.classes.noHead")}</dd>
              <dt>{t("projects.classes.mentors")}</dt>
              <dd>
                {d.klass.mentors.length === 0
                  ? t("projects.classes.noMentors")
                  : d.klass.mentors.map((m) => (
                      <div key={m.name + (m.school ?? "")}>
                        {m.name}
                        {m.school ? <span className="yx-muted">（{m.school}）</span> : null}
                        {m.hostsStudio ? <span className="yx-badge">{t("projects.classes.studioHost")}</span> : null}
                      </div>
                    ))}
              </dd>
            </dl>
          ) : (
            <p className="yx-muted">{t("projects.my.noClass")}</p>
          )}
        </Card>
        <Card title={t("projects.my.schedule")} testId="my-schedule">
          <ul className="yx-stack-tight">
            {d.sessions.map((s) => (
              <li key={s.id} data-testid="my-session">
                <strong>{s.title}</strong> <span className="yx-muted">{t(`projects.schedule.kind.${s.kind}` as TMessageKey)}</span>
                {s.required ? <span className="yx-badge">{t("projects.schedule.mandatory")}</span> : null}
                <div className="yx-muted">
                  {s.day} {s.startsAt}–{s.endsAt} {s.place}
                </div>
                {s.attended && s.kind === "concentrated" ? <div className="yx-success">{t("projects.my.attended")}</div> : null}
                {s.canCheckIn ? (
                  <Form method="post" className="yx-inline-form">
                    <input type="hidden" name="intent" value="checkIn" />
                    <input type="hidden" name="sessionId" value={s.id} />
                    <label htmlFor={`code-${s.id}`} className="yx-sr-only">
                      {t("projects.my.code")}
                    </label>
                    <input id={`code-${s.id}`} name="code" inputMode="numeric" pattern="[0-9]{6}" maxLength={6} autoComplete="one-time-code" required placeholder={t("projects.my.code")} style={{ width: "8em" }} />
                    <button type="submit" className="yx-primary" disabled={busy}>
                      {t("projects.my.checkIn")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
