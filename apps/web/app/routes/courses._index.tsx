import { Form, Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stageIds } from "@yanxiu/domain/roster";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { LearnerShell, LearningErrorBoundary, windowText } from "../components/learning/shell.tsx";
import { iso } from "../lib/iso.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

const filterKeys = ["q", "stage", "subject", "categoryId", "minHours", "maxHours", "openNow", "after"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const params = new URL(request.url).searchParams;
  // Empty fields of the filter form mean "any".
  const query: Record<string, string> = {};
  for (const k of filterKeys) {
    const v = params.get(k)?.trim();
    if (v) query[k] = v;
  }
  const [page, categories] = await Promise.all([load(context.services.learning.catalogue({ actor, query })), load(context.services.learning.listCategories({ actor }))]);
  const rest = new URLSearchParams(Object.entries(query).filter(([k]) => k !== "after"));
  return {
    shell,
    query,
    categories,
    items: page.items.map((i) => ({
      courseId: i.courseId,
      title: i.title,
      categoryName: i.categoryName,
      creditHours: i.creditHours,
      institutionName: i.institutionName,
      enrollOpensAt: iso(i.enrollOpensAt),
      enrollClosesAt: iso(i.enrollClosesAt),
      enrolled: i.enrolled,
      refusal: i.refusal,
    })),
    nextHref: page.next ? `/courses?${new URLSearchParams([...rest, ["after", page.next]])}` : null,
    firstHref: query.after ? `/courses?${rest}` : null,
  };
}

export default function Catalogue() {
  const d = useLoaderData<typeof loader>();
  return (
    <LearnerShell shell={d.shell}>
      <h1>{t("learning.catalogue.title")}</h1>
      <Card title={t("learning.catalogue.filters")}>
        <Form method="get" className="yx-filters" aria-label={t("learning.catalogue.filters")}>
          <label>
            {t("learning.catalogue.q")}
            <input name="q" type="search" defaultValue={d.query.q ?? ""} placeholder={t("learning.catalogue.qPlaceholder")} maxLength={50} />
          </label>
          <label>
            {t("learning.catalogue.stage")}
            <select name="stage" defaultValue={d.query.stage ?? ""}>
              <option value="">{t("learning.catalogue.any")}</option>
              {stageIds.map((s) => (
                <option key={s} value={s}>
                  {t(`stage.${s}`)}
                </option>
              ))}
            </select>
          </label>
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
          <button type="submit" className="yx-primary">
            {t("learning.catalogue.search")}
          </button>
          <Link to="/courses">{t("learning.catalogue.reset")}</Link>
        </Form>
      </Card>
      <section aria-label={t("learning.catalogue.results")} className="yx-stack">
        {d.items.length === 0 ? (
          <EmptyState>{t("learning.catalogue.empty")}</EmptyState>
        ) : (
          <ul className="yx-grid yx-learning-cards" data-testid="catalogue-results">
            {d.items.map((c) => (
              <li key={c.courseId} className="yx-card yx-learning-card" data-testid="course-card">
                <h2 className="yx-card-title">
                  <Link to={`/courses/${c.courseId}`}>{c.title}</Link>
                  {c.enrolled ? <span className="yx-badge">{t("learning.course.enrolled")}</span> : null}
                </h2>
                <dl className="yx-facts">
                  <dt>{t("learning.course.category")}</dt>
                  <dd>{c.categoryName}</dd>
                  <dt>{t("learning.course.hours")}</dt>
                  <dd>{t("learning.course.hoursValue", { hours: c.creditHours })}</dd>
                  <dt>{t("learning.course.institution")}</dt>
                  <dd>{c.institutionName}</dd>
                  <dt>{t("learning.course.enrollWindow")}</dt>
                  <dd>{windowText(c.enrollOpensAt, c.enrollClosesAt)}</dd>
                </dl>
                {!c.enrolled && c.refusal ? <p className="yx-muted">{t(`learning.refusal.${c.refusal}`)}</p> : null}
              </li>
            ))}
          </ul>
        )}
        <nav className="yx-pager" aria-label={t("learning.catalogue.results")}>
          {d.firstHref ? <Link to={d.firstHref}>{t("learning.catalogue.first")}</Link> : null}
          {d.nextHref ? (
            <Link to={d.nextHref} rel="next">
              {t("learning.catalogue.next")}
            </Link>
          ) : null}
        </nav>
      </section>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
