import { Form, Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stageIds } from "@yanxiu/domain/roster";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { myBadge, StudioFacts } from "../components/studios/fields.tsx";

import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

const filterKeys = ["q", "subject", "stage", "mine", "after"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const params = new URL(request.url).searchParams;
  // Empty fields of the filter form mean "any".
  const query: Record<string, string> = {};
  for (const k of filterKeys) {
    const v = params.get(k)?.trim();
    if (v) query[k] = v;
  }
  const page = await load(context.services.studios.listStudios({ actor, query }));
  const rest = new URLSearchParams(Object.entries(query).filter(([k]) => k !== "after"));
  return {
    shell,
    query,
    canCreate: page.canCreate,
    filtered: Object.keys(query).some((k) => k !== "after"),
    items: page.items,
    nextHref: page.next ? `/studios?${new URLSearchParams([...rest, ["after", page.next]])}` : null,
    firstHref: query.after ? `/studios?${rest}` : null,
  };
}

export default function Studios() {
  const d = useLoaderData<typeof loader>();
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
        <Card title={t("studios.list.filters")}>
          <Form method="get" className="yx-filters" aria-label={t("studios.list.filters")}>
            <label>
              {t("studios.list.q")}
              <input name="q" type="search" defaultValue={d.query.q ?? ""} placeholder={t("studios.list.qPlaceholder")} maxLength={50} />
            </label>
            <label>
              {t("studios.list.subject")}
              <input name="subject" defaultValue={d.query.subject ?? ""} maxLength={20} />
            </label>
            <label>
              {t("studios.list.stage")}
              <select name="stage" defaultValue={d.query.stage ?? ""}>
                <option value="">{t("studios.list.any")}</option>
                {stageIds.map((s) => (
                  <option key={s} value={s}>
                    {t(`stage.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="yx-check">
              <input type="checkbox" name="mine" value="1" defaultChecked={!!d.query.mine} /> {t("studios.list.mine")}
            </label>
            <button type="submit" className="yx-primary">
              {t("studios.list.search")}
            </button>
            <Link to="/studios">{t("studios.list.reset")}</Link>
          </Form>
        </Card>
        <section aria-label={t("studios.list.results")} className="yx-stack">
          {d.items.length === 0 ? (
            <EmptyState>{d.filtered ? t("studios.list.empty") : t("studios.list.emptyAll")}</EmptyState>
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
          <nav className="yx-pager" aria-label={t("common.pagination")}>
            {d.firstHref ? <Link to={d.firstHref}>{t("studios.list.first")}</Link> : null}
            {d.nextHref ? (
              <Link to={d.nextHref} rel="next">
                {t("studios.list.next")}
              </Link>
            ) : null}
          </nav>
        </section>
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
