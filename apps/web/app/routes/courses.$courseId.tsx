import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { TEnrollRefusal } from "@yanxiu/domain/courses";
import { toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { LearnerShell, LearningErrorBoundary, UnitStateBadge, formatDay, windowText } from "../components/learning/shell.tsx";
import { fail, load } from "../lib/errors.server.ts";
import { iso } from "../lib/iso.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const d = await load(context.services.learning.courseDetail({ actor, input: { courseId: params.courseId ?? "" } }));
  const f = d.facts;
  return {
    shell,
    courseId: d.courseId,
    facts: {
      title: f.title,
      summary: f.summary,
      categoryName: f.categoryName,
      institutionName: f.institutionName,
      creditHours: f.creditHours,
      stages: f.stages,
      subjects: f.subjects,
      enrollmentMode: f.enrollmentMode,
      enrollOpensAt: iso(f.enrollOpensAt),
      enrollClosesAt: iso(f.enrollClosesAt),
      studyStartsAt: iso(f.studyStartsAt),
      studyEndsAt: iso(f.studyEndsAt),
    },
    outline: d.outline,
    enrollment: d.enrollment
      ? { source: d.enrollment.source, deadline: iso(d.enrollment.deadline), progressPercent: d.enrollment.progressPercent, nextUnitId: d.enrollment.nextUnitId }
      : null,
    refusal: d.refusal,
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const { actor } = requireUser(context, request);
  const courseId = params.courseId ?? "";
  try {
    await context.services.learning.selfEnroll({ actor, input: { courseId } });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "notFound") fail("notFound");
    if (err.code !== "badRequest") throw e;
    const refusal = err.fieldErrors?.courseId?.[0] as TEnrollRefusal | undefined;
    return data({ refusal: refusal ?? null, code: err.code }, { status: 400 });
  }
  return redirect(`/learn/${courseId}`);
}

export default function CoursePage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const f = d.facts;
  const refusal = r?.refusal ?? d.refusal;
  return (
    <LearnerShell shell={d.shell}>
      <p>
        <Link to="/courses">{t("learning.course.back")}</Link>
      </p>
      <h1>{f.title}</h1>
      <div className="yx-learning-course-action">
        {d.enrollment ? (
          <>
            <progress className="yx-progress" max={100} value={d.enrollment.progressPercent} aria-label={t("learning.course.yourProgress")} />
            <span>{t("learning.my.progress", { percent: d.enrollment.progressPercent })}</span>
            <Link className="yx-learning-button yx-primary" to={`/learn/${d.courseId}`}>
              {t("learning.course.continue")}
            </Link>
          </>
        ) : refusal ? (
          <p className="yx-warning" role="status" data-testid="enroll-refusal">
            {t(`learning.refusal.${refusal}`)}
          </p>
        ) : (
          <Form method="post">
            <button type="submit" className="yx-primary" disabled={busy}>
              {t("learning.course.enroll")}
            </button>
          </Form>
        )}
        {r && !r.refusal ? <p className="yx-alert">{t(errorMessageKey(r.code))}</p> : null}
      </div>
      <Card title={t("learning.course.summary")}>
        <dl className="yx-facts">
          <dt>{t("learning.course.category")}</dt>
          <dd>{f.categoryName}</dd>
          <dt>{t("learning.course.hours")}</dt>
          <dd>{t("learning.course.hoursValue", { hours: f.creditHours })}</dd>
          <dt>{t("learning.course.institution")}</dt>
          <dd>{f.institutionName}</dd>
          <dt>{t("learning.course.stages")}</dt>
          <dd>{f.stages.map((s) => t(`stage.${s}` as Parameters<typeof t>[0])).join("、") || t("learning.course.anytime")}</dd>
          <dt>{t("learning.course.subjects")}</dt>
          <dd>{f.subjects.join("、") || t("learning.course.anytime")}</dd>
          <dt>{t("learning.course.mode")}</dt>
          <dd>{t(`learning.course.mode.${f.enrollmentMode}`)}</dd>
          <dt>{t("learning.course.enrollWindow")}</dt>
          <dd>{windowText(f.enrollOpensAt, f.enrollClosesAt)}</dd>
          <dt>{t("learning.course.studyWindow")}</dt>
          <dd>{windowText(f.studyStartsAt, f.studyEndsAt)}</dd>
          {d.enrollment?.deadline ? (
            <>
              <dt>{t("learning.course.deadline")}</dt>
              <dd>{formatDay(d.enrollment.deadline)}</dd>
            </>
          ) : null}
        </dl>
        {f.summary ? <p className="yx-learning-summary">{f.summary}</p> : null}
      </Card>
      <Card title={t("learning.course.outline")}>
        {d.outline.map((s) => (
          <section key={s.id} aria-label={s.title}>
            <h3>{s.title}</h3>
            <ol className="yx-list yx-learning-outline">
              {s.units.map((u) => (
                <li key={u.id}>
                  <span className="yx-learning-kind">{t(`learning.kind.${u.kind}`)}</span>
                  {d.enrollment ? <Link to={`/learn/${d.courseId}/${u.id}`}>{u.title}</Link> : <span>{u.title}</span>}
                  <span className="yx-muted">
                    {t("learning.course.hoursValue", { hours: u.creditHours })} · {u.required ? t("learning.course.required") : t("learning.course.optional")}
                  </span>
                  {d.enrollment ? <UnitStateBadge unitId={u.id} state={u.state} /> : null}
                </li>
              ))}
            </ol>
          </section>
        ))}
      </Card>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
