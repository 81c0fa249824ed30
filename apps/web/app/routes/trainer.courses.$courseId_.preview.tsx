import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Alert, Button, Descriptions, Tag } from "antd";
import { t } from "@yanxiu/ui/i18n";
import { AppShell, Card, EmptyState } from "@yanxiu/ui/layout";
import { CourseCover } from "../components/learning/course-cover.tsx";
import { PdfViewer } from "../components/learning/pdf-viewer.tsx";
import { QuizQuestions } from "../components/learning/quiz-unit.tsx";
import { courseFactItems, formatTime } from "../components/learning/shell.tsx";
import { RouteErrorBoundary } from "../components/route-error.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { iso } from "../lib/iso.ts";

/**
 * 预览: the version being edited (the draft, else the published one) as a teacher will see it — the course page
 * and each unit's content, the way the catalogue and the player show them. Nothing is enrolled or recorded, and
 * a quiz shows its questions without taking answers. Read with the editor's own access (the owner, or an admin
 * of the province).
 */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const r = await load(context.services.authoring.getCourseForEdit({ actor, courseId: params.courseId ?? "" }));
  const v = r.version;
  return {
    courseId: r.course.id,
    number: v.number,
    facts: {
      title: v.title,
      summary: v.summary,
      coverFileId: v.coverFileId,
      categoryName: r.options.categories.find((c) => c.id === v.categoryId)?.name ?? "",
      institutionName: r.options.institutions.find((i) => i.id === v.institutionId)?.name ?? "",
      creditHours: v.creditHours,
      stages: v.stages,
      subjects: v.subjects,
      enrollmentMode: v.enrollmentMode,
      enrollOpensAt: iso(v.enrollOpensAt),
      enrollClosesAt: iso(v.enrollClosesAt),
      studyStartsAt: iso(v.studyStartsAt),
      studyEndsAt: iso(v.studyEndsAt),
    },
    sections: r.content.sections.map((s) => ({
      id: s.id,
      title: s.title,
      units: s.units.map((u) => ({ id: u.id, kind: u.kind, title: u.title, creditHours: u.creditHours, required: u.required, config: u.config as Record<string, unknown> })),
    })),
  };
}

type TUnit = ReturnType<typeof useLoaderData<typeof loader>>["sections"][number]["units"][number];

type TQuestion = { id: string; kind: "single" | "multiple" | "trueFalse"; prompt: string; options: { id: string; text: string }[] };

function UnitContent(props: { unit: TUnit }) {
  const c = props.unit.config;
  const fileId = typeof c.fileId === "string" ? c.fileId : null;
  switch (props.unit.kind) {
    case "video":
      return fileId ? <video className="yx-learning-video-el" controls preload="metadata" src={`/files/${fileId}`} /> : <p className="yx-muted">{t("authoring.preview.noFile")}</p>;
    case "document":
      return fileId ? <PdfViewer src={`/files/${fileId}`} /> : <p className="yx-muted">{t("authoring.preview.noFile")}</p>;
    case "quiz": {
      const questions = (Array.isArray(c.questions) ? c.questions : []) as TQuestion[];
      return (
        <div className="yx-stack">
          <p className="yx-muted">{t("authoring.preview.quizInfo", { count: questions.length, attempts: Number(c.attemptLimit ?? 1) })}</p>
          <QuizQuestions questions={questions} testId="preview-question" disabled />
        </div>
      );
    }
    case "assignment":
      return <p className="yx-learning-summary">{String(c.instructions ?? "")}</p>;
    case "discussion":
      return <p className="yx-learning-summary">{String(c.prompt ?? "")}</p>;
    case "liveSession":
      return (
        <div className="yx-stack">
          <p>
            {t("learning.live.startsAt")}：{typeof c.startsAt === "string" ? formatTime(c.startsAt) : ""}
          </p>
          <p>{t("learning.live.duration", { minutes: Number(c.durationMinutes ?? 0) })}</p>
        </div>
      );
    case "offlineSession":
      return (
        <p>
          {typeof c.startsAt === "string" && typeof c.endsAt === "string"
            ? t("authoring.preview.offline", { from: formatTime(c.startsAt), to: formatTime(c.endsAt), place: String(c.place ?? "") })
            : null}
        </p>
      );
    default:
      return null;
  }
}

export default function CoursePreview() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const f = d.facts;
  const units = d.sections.flatMap((s) => s.units);
  const current = units.find((u) => u.id === params.get("unit")) ?? null;
  const index = current ? units.indexOf(current) : -1;
  const href = (unitId: string | null) => (unitId ? `?unit=${unitId}` : "?");
  const facts = courseFactItems(f);
  return (
    <AppShell>
      <Alert
        type="info"
        showIcon
        data-testid="preview-banner"
        message={t("authoring.preview.banner", { number: d.number })}
        action={
          <Link to={`/trainer/courses/${d.courseId}`} className="yx-preview-back">
            {t("authoring.preview.back")}
          </Link>
        }
      />
      <h1 className="yx-sr-only">{t("authoring.preview.title", { title: f.title })}</h1>
      <div className="yx-learning-player yx-preview">
        <section className="yx-learning-main" aria-label={current ? current.title : t("authoring.preview.overview")}>
          {current ? (
            <>
              <p className="yx-learning-eyebrow">
                <Link to={href(null)}>{f.title}</Link>
              </p>
              <h2 className="yx-preview-unit-title">
                {current.title} <span className="yx-badge">{t(`learning.kind.${current.kind}`)}</span>
              </h2>
              <p className="yx-muted">
                {t("learning.course.hoursValue", { hours: current.creditHours })} · {current.required ? t("learning.course.required") : t("learning.course.optional")}
              </p>
              <div className="yx-card yx-learning-content" data-testid="preview-unit">
                <UnitContent key={current.id} unit={current} />
              </div>
              <nav className="yx-pager yx-learning-prevnext" aria-label={t("learning.player.outline")}>
                {index > 0 ? <Link to={href(units[index - 1]!.id)} rel="prev">{t("learning.player.prev")}</Link> : <span />}
                {index < units.length - 1 ? <Link to={href(units[index + 1]!.id)} rel="next">{t("learning.player.next")}</Link> : null}
              </nav>
            </>
          ) : (
            <>
              <div className="yx-course-head">
                <CourseCover title={f.title} categoryName={f.categoryName} coverFileId={f.coverFileId} size="banner" />
                <div>
                  <h2 className="yx-preview-course-title">{f.title}</h2>
                  <div className="yx-course-card-tags">
                    <Tag color="blue">{f.categoryName}</Tag>
                    <Tag>{t("learning.course.hoursValue", { hours: f.creditHours })}</Tag>
                  </div>
                  {f.summary ? <p className="yx-learning-summary">{f.summary}</p> : null}
                  <Button type="primary" disabled>
                    {t("authoring.preview.enrollDisabled")}
                  </Button>
                </div>
              </div>
              <Card title={t("learning.course.facts")}>
                <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2, xl: 2 }} items={facts} />
              </Card>
            </>
          )}
        </section>
        <aside className="yx-learning-sidebar" aria-label={t("learning.player.outline")}>
          <h2>{t("learning.player.outline")}</h2>
          {units.length === 0 ? <EmptyState>{t("authoring.preview.noUnits")}</EmptyState> : null}
          <p>
            <Link to={href(null)} aria-current={current ? undefined : "page"}>
              {t("authoring.preview.overview")}
            </Link>
          </p>
          {d.sections.map((s) => (
            <section key={s.id} aria-label={s.title}>
              <h3>{s.title}</h3>
              <ol className="yx-learning-units">
                {s.units.map((u) => (
                  <li key={u.id} className={u.id === current?.id ? "yx-learning-unit-current" : undefined}>
                    <Link to={href(u.id)} aria-current={u.id === current?.id ? "page" : undefined}>
                      <span className="yx-learning-kind">{t(`learning.kind.${u.kind}`)}</span> {u.title}
                    </Link>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </aside>
      </div>
    </AppShell>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
