import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import { LearnerShell, LearningErrorBoundary, formatDay } from "../components/learning/shell.tsx";
import { load } from "../lib/errors.server.ts";
import { iso } from "../lib/iso.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const { items } = await load(context.services.learning.myCourses({ actor }));
  return {
    shell,
    items: items.map((i) => ({
      courseId: i.courseId,
      title: i.title,
      source: i.source,
      status: i.status,
      deadline: iso(i.deadline),
      progressPercent: i.progressPercent,
      nextUnitId: i.nextUnitId,
    })),
  };
}

export default function MyCourses() {
  const d = useLoaderData<typeof loader>();
  return (
    <LearnerShell shell={d.shell}>
      <h1>{t("learning.my.title")}</h1>
      {d.items.length === 0 ? (
        <div className="yx-card">
          <EmptyState>{t("learning.my.empty")}</EmptyState>
          <Link to="/courses">{t("learning.my.browse")}</Link>
        </div>
      ) : (
        <ul className="yx-stack yx-learning-my" aria-label={t("learning.my.title")}>
          {d.items.map((c) => (
            <li key={c.courseId} className="yx-card yx-learning-my-item" data-testid="my-course">
              <h2 className="yx-card-title">
                <Link to={`/courses/${c.courseId}`}>{c.title}</Link>
                <span className={`yx-badge yx-learning-source-${c.source}`}>{t(`learning.source.${c.source}`)}</span>
                {c.status === "completed" ? <span className="yx-badge">{t("learning.my.completed")}</span> : null}
              </h2>
              <div className="yx-learning-progress-row">
                <progress className="yx-progress" max={100} value={c.progressPercent} aria-label={t("learning.my.progress", { percent: c.progressPercent })} />
                <span>{t("learning.my.progress", { percent: c.progressPercent })}</span>
              </div>
              {c.deadline ? <p className="yx-muted">{t("learning.my.deadline", { date: formatDay(c.deadline) })}</p> : null}
              <Link className="yx-learning-button yx-primary" to={c.nextUnitId ? `/learn/${c.courseId}/${c.nextUnitId}` : `/learn/${c.courseId}`}>
                {t("learning.my.continue")}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
