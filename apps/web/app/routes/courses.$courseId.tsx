import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Descriptions, Progress, Tag } from "antd";
import type { TEnrollRefusal } from "@yanxiu/domain/courses";
import { toAppError } from "@yanxiu/domain/errors";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { CourseCover } from "../components/learning/course-cover.tsx";
import { LearnerShell, LearningErrorBoundary, UnitStateBadge, courseFactItems, formatDay } from "../components/learning/shell.tsx";
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
      coverFileId: f.coverFileId,
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
  const facts = [
    ...courseFactItems(f, <span data-testid="course-hours">{t("learning.course.hoursValue", { hours: f.creditHours })}</span>),
    ...(d.enrollment?.deadline ? [{ key: "deadline", label: t("learning.course.deadline"), children: formatDay(d.enrollment.deadline) }] : []),
  ];
  return (
    <LearnerShell shell={d.shell}>
      <p>
        <Link to="/courses">{t("learning.course.back")}</Link>
      </p>
      <div className="yx-course-head">
        <CourseCover title={f.title} categoryName={f.categoryName} coverFileId={f.coverFileId} size="banner" />
        <div>
          <h1>{f.title}</h1>
          <div className="yx-course-card-tags">
            <Tag color="blue">{f.categoryName}</Tag>
            <Tag>{t("learning.course.hoursValue", { hours: f.creditHours })}</Tag>
            {d.enrollment ? <Tag color="processing" className="yx-tag-readable">{t("learning.course.enrolled")}</Tag> : null}
          </div>
          {f.summary ? <p className="yx-learning-summary">{f.summary}</p> : null}
          <div className="yx-learning-course-action">
            {d.enrollment ? (
              <>
                <Progress
                  className="yx-course-progress"
                  percent={d.enrollment.progressPercent}
                  format={(p) => `${p}%`}
                  aria-label={t("learning.course.yourProgress")}
                  data-testid="course-progress"
                />
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
        </div>
      </div>
      <Card title={t("learning.course.facts")}>
        <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, xl: 3 }} items={facts} data-testid="course-facts" />
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
