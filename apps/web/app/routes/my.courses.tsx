import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Descriptions, Progress, Tag } from "antd";
import { t } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import { CourseCover } from "../components/learning/course-cover.tsx";
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
      coverFileId: i.coverFileId,
      categoryName: i.categoryName,
      creditHours: i.creditHours,
      nextUnitTitle: i.nextUnitTitle,
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
            <li key={c.courseId} className="yx-card yx-my-course" data-testid="my-course">
              <CourseCover title={c.title} categoryName={c.categoryName} coverFileId={c.coverFileId} size="thumb" />
              <div className="yx-my-course-body">
                <h2 className="yx-card-title">
                  <Link to={`/courses/${c.courseId}`}>{c.title}</Link>
                  <Tag className={`yx-learning-source-${c.source}`}>{t(`learning.source.${c.source}`)}</Tag>
                  {c.status === "completed" ? <Tag color="success" className="yx-tag-readable">{t("learning.my.completed")}</Tag> : null}
                </h2>
                <Progress className="yx-course-progress" percent={c.progressPercent} format={(p) => `${p}%`} aria-label={t("learning.my.progress", { percent: c.progressPercent })} />
                <Descriptions
                  size="small"
                  column={{ xs: 1, sm: 2, lg: 3 }}
                  items={[
                    { key: "hours", label: t("learning.my.hours"), children: t("learning.course.hoursValue", { hours: c.creditHours }) },
                    ...(c.deadline ? [{ key: "deadline", label: t("learning.my.deadlineLabel"), children: formatDay(c.deadline) }] : []),
                    ...(c.nextUnitTitle && c.progressPercent < 100 ? [{ key: "next", label: t("learning.my.next"), children: c.nextUnitTitle }] : []),
                  ]}
                />
                <p>
                  <Link className="yx-learning-button yx-primary" to={c.nextUnitId ? `/learn/${c.courseId}/${c.nextUnitId}` : `/learn/${c.courseId}`}>
                    {t("learning.my.continue")}
                  </Link>
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
