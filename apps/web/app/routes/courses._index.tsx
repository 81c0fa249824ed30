import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
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
        <Pager
          label={t("learning.catalogue.results")}
          back={d.firstHref ? { to: d.firstHref, text: t("learning.catalogue.first") } : null}
          next={d.nextHref ? { to: d.nextHref, text: t("learning.catalogue.next") } : null}
        />
      </section>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
