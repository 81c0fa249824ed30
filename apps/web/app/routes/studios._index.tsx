import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPageSizes } from "@yanxiu/domain/list-page";
import { t } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { listHref, ListFilters, PageNumbers, StageFilter } from "../components/list-page.tsx";
import { myBadge, StudioFacts } from "../components/studios/fields.tsx";

import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { readListQuery } from "../lib/list-query.server.ts";

const filterKeys = ["q", "subject", "stage", "mine"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const query = readListQuery(request, [...filterKeys, "page", "size"]);
  const page = await load(context.services.studios.listStudios({ actor, query }));
  return {
    shell,
    query,
    paging: { page: page.query.page, size: page.query.size },
    total: page.total,
    canCreate: page.canCreate,
    filtered: filterKeys.some((k) => query[k]),
    items: page.items,
  };
}

export default function Studios() {
  const d = useLoaderData<typeof loader>();
  const filters = Object.fromEntries(filterKeys.map((k) => [k, d.query[k]]));
  const pageHref = (page: number, size: number) => listHref("/studios", filters, { page, size }, { size: 20 });
  return (
    <LearnerShell shell={d.shell}>
      <div className="yx-stack">
        <h1>{t("studios.list.title")}</h1>
        <p className="yx-muted">{t("studios.list.intro")}</p>
        {d.canCreate ? (
          <p>
            <Link to="/studios/new" className="yx-learning-button yx-primary" data-testid="create-studio">
              {t("studios.list.create")}
            </Link>
          </p>
        ) : null}
        <ListFilters
          title={t("studios.list.filters")}
          search={{ label: t("studios.list.q"), placeholder: t("studios.list.qPlaceholder"), value: d.query.q }}
          submitText={t("studios.list.search")}
          reset={{ to: "/studios", text: t("studios.list.reset") }}
        >
          <label>
            {t("studios.list.subject")}
            <input name="subject" defaultValue={d.query.subject ?? ""} maxLength={20} />
          </label>
          <StageFilter label={t("studios.list.stage")} anyText={t("studios.list.any")} value={d.query.stage} />
          {/* A new search keeps the page size and starts again at page 1. */}
          {d.paging.size !== 20 ? <input type="hidden" name="size" value={d.paging.size} /> : null}
          <label className="yx-check">
            <input type="checkbox" name="mine" value="1" defaultChecked={!!d.query.mine} /> {t("studios.list.mine")}
          </label>
        </ListFilters>
        <section aria-label={t("studios.list.results")} className="yx-stack">
          {d.items.length === 0 ? (
            <EmptyState>
              {d.filtered ? (
                <>
                  {t("studios.list.empty")} <Link to="/studios">{t("studios.list.reset")}</Link>
                </>
              ) : d.total > 0 ? (
                <>
                  {t("common.pastLastPage")} <Link to={pageHref(1, d.paging.size)}>{t("common.backToFirstPage")}</Link>
                </>
              ) : (
                t(d.canCreate ? "studios.list.emptyAllAdmin" : "studios.list.emptyAll")
              )}
            </EmptyState>
          ) : (
            <ul className="yx-grid yx-learning-cards" data-testid="studio-results">
              {d.items.map((s) => {
                const badge = myBadge(s.myStatus, s.myRole);
                return (
                  <li key={s.id} className="yx-card yx-learning-card" data-testid="studio-card">
                    <h2 className="yx-card-title">
                      <Link to={`/studios/${s.id}`}>{s.name}</Link>
                      {badge ? <span className="yx-badge">{t(badge)}</span> : null}
                    </h2>
                    <StudioFacts s={s} />
                  </li>
                );
              })}
            </ul>
          )}
          <PageNumbers total={d.total} page={d.paging.page} size={d.paging.size} sizes={listPageSizes} hrefFor={pageHref} />
        </section>
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
