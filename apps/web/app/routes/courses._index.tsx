import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Card, Col, Row, Tag } from "antd";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import { CourseCover } from "../components/learning/course-cover.tsx";
import { LearnerShell, LearningErrorBoundary, windowText } from "../components/learning/shell.tsx";
import { ListFilters, Pager, StageFilter } from "../components/list-page.tsx";
import { iso } from "../lib/iso.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { keysetPageLinks, readListQuery } from "../lib/list-query.server.ts";

const filterKeys = ["q", "stage", "subject", "categoryId", "minHours", "maxHours", "openNow", "after"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const query = readListQuery(request, filterKeys);
  const [page, categories] = await Promise.all([load(context.services.learning.catalogue({ actor, query })), load(context.services.learning.listCategories({ actor }))]);
  return {
    shell,
    query,
    categories,
    total: page.total,
    items: page.items.map((i) => ({
      courseId: i.courseId,
      title: i.title,
      summary: i.summary,
      coverFileId: i.coverFileId,
      stages: i.stages,
      subjects: i.subjects,
      enrollmentCount: i.enrollmentCount,
      enrollmentStatus: i.enrollmentStatus,
      categoryName: i.categoryName,
      creditHours: i.creditHours,
      institutionName: i.institutionName,
      enrollOpensAt: iso(i.enrollOpensAt),
      enrollClosesAt: iso(i.enrollClosesAt),
      enrolled: i.enrolled,
      refusal: i.refusal,
    })),
    ...keysetPageLinks("/courses", query, page.next),
  };
}

export default function Catalogue() {
  const d = useLoaderData<typeof loader>();
  return (
    <LearnerShell shell={d.shell}>
      <h1>{t("learning.catalogue.title")}</h1>
      <ListFilters
        title={t("learning.catalogue.filters")}
        search={{ label: t("learning.catalogue.q"), placeholder: t("learning.catalogue.qPlaceholder"), value: d.query.q }}
        submitText={t("learning.catalogue.search")}
        reset={{ to: "/courses", text: t("learning.catalogue.reset") }}
      >
        <StageFilter label={t("learning.catalogue.stage")} anyText={t("learning.catalogue.any")} value={d.query.stage} />
        <label>
          {t("learning.catalogue.subject")}
          <input name="subject" defaultValue={d.query.subject ?? ""} maxLength={20} />
        </label>
        <label>
          {t("learning.catalogue.category")}
          <select name="categoryId" defaultValue={d.query.categoryId ?? ""}>
            <option value="">{t("learning.catalogue.any")}</option>
            {d.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("learning.catalogue.minHours")}
          <input name="minHours" type="number" min={0} max={500} step={0.5} defaultValue={d.query.minHours ?? ""} className="yx-learning-hours" />
        </label>
        <label>
          {t("learning.catalogue.maxHours")}
          <input name="maxHours" type="number" min={0} max={500} step={0.5} defaultValue={d.query.maxHours ?? ""} className="yx-learning-hours" />
        </label>
        <label className="yx-check">
          <input type="checkbox" name="openNow" value="1" defaultChecked={!!d.query.openNow} /> {t("learning.catalogue.openNow")}
        </label>
      </ListFilters>
      <section aria-label={t("learning.catalogue.results")} className="yx-stack">
        <p className="yx-course-total" data-testid="catalogue-total">
          {t("learning.catalogue.total", { total: d.total })}
        </p>
        {d.items.length === 0 ? (
          <EmptyState>{t("learning.catalogue.empty")}</EmptyState>
        ) : (
          <Row gutter={[16, 16]} role="list" data-testid="catalogue-results">
            {d.items.map((c) => (
              <Col key={c.courseId} xs={24} sm={12} lg={8} xxl={6} role="listitem">
                <CourseCard c={c} />
              </Col>
            ))}
          </Row>
        )}
        <Pager
          label={t("learning.catalogue.results")}
          back={d.firstHref ? { to: d.firstHref, text: t("learning.catalogue.first") } : null}
          next={d.nextHref ? { to: d.nextHref, text: t("learning.catalogue.next") } : null}
        />
      </section>
    </LearnerShell>
  );
}

type TCatalogueItem = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

/** One course of the catalogue: cover, title, summary, 学段/学科, 学时, how many are on it, and the viewer's enrolment. */
function CourseCard({ c }: { c: TCatalogueItem }) {
  return (
    <Card className="yx-course-card" data-testid="course-card" cover={<CourseCover title={c.title} categoryName={c.categoryName} coverFileId={c.coverFileId} />}>
      <h2 className="yx-course-card-title">
        <Link to={`/courses/${c.courseId}`}>{c.title}</Link>
      </h2>
      <p className={c.summary ? "yx-course-card-summary" : "yx-course-card-summary yx-muted"} data-testid="course-summary">
        {c.summary || t("learning.catalogue.noSummary")}
      </p>
      <div className="yx-course-card-tags">
        <Tag color="blue">{c.categoryName}</Tag>
        {c.stages.map((s) => (
          <Tag key={s}>{t(`stage.${s}` as TMessageKey)}</Tag>
        ))}
        {c.subjects.map((s) => (
          <Tag key={s}>{s}</Tag>
        ))}
      </div>
      <p className="yx-course-card-numbers">
        <strong data-testid="course-hours">{t("learning.course.hoursValue", { hours: c.creditHours })}</strong>
        <span data-testid="course-enrolments" data-count={c.enrollmentCount}>
          {t("learning.catalogue.enrolments", { count: c.enrollmentCount })}
        </span>
      </p>
      <p className="yx-muted yx-course-card-meta">
        {c.institutionName} · {t("learning.course.enrollWindow")} {windowText(c.enrollOpensAt, c.enrollClosesAt)}
      </p>
      {c.enrollmentStatus ? (
        <Tag color={c.enrollmentStatus === "completed" ? "success" : "processing"} className="yx-tag-readable" data-testid="course-enrolment" data-status={c.enrollmentStatus}>
          {c.enrollmentStatus === "completed" ? t("learning.catalogue.completed") : t("learning.course.enrolled")}
        </Tag>
      ) : c.refusal ? (
        <p className="yx-muted">{t(`learning.refusal.${c.refusal}`)}</p>
      ) : null}
    </Card>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
