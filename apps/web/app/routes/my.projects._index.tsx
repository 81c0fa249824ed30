import { Link, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";

export const meta: MetaFunction = () => [{ title: t("projects.apply.listTitle") }];

/**
 * 可报名的培训项目 (自主报名, decision 028): the projects of the teacher's province, city, county or school that take
 * applications now, each with its facts and what the teacher can do — 报名, why not (a subject, a stage), or where
 * their application stands. Phone first.
 */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const d = await load(context.services.projects.openProjects({ actor }));
  return { ...d, shell };
}

const say = (key: string, fallback: string) => {
  const text = t(key as TMessageKey);
  return text === key ? fallback : text;
};

export default function OpenProjects() {
  const d = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <LearnerShell shell={d.shell}>
      <div className="yx-stack">
        <p>
          <Link to="/my/credits">{t("projects.my.back")}</Link>
        </p>
        <h1>{t("projects.apply.listTitle")}</h1>
        {params.get("applied") ? (
          <p className="yx-success" role="status">
            {t("projects.apply.done")}
          </p>
        ) : null}
        {d.projects.length === 0 ? (
          <EmptyState>{d.teacher ? t("projects.apply.none") : t("projects.apply.notTeacher")}</EmptyState>
        ) : (
          d.projects.map((p) => (
            <Card key={p.id} title={p.name} testId="open-project">
              <dl className="yx-facts">
                <dt>{t("projects.apply.owner")}</dt>
                <dd>{p.ownerName}</dd>
                <dt>{t("projects.apply.dates")}</dt>
                <dd>{t("projects.dates", { from: p.startsOn, to: p.endsOn })}</dd>
                <dt>{t("projects.apply.hours")}</dt>
                <dd>
                  {p.plannedHours}（{say(`credits.category.${p.creditCategory}`, p.creditCategory)}）
                </dd>
                {p.subjects.length ? (
                  <>
                    <dt>{t("projects.apply.subjects")}</dt>
                    <dd>{p.subjects.join("、")}</dd>
                  </>
                ) : null}
              </dl>
              {p.mine ? (
                <p data-testid="open-project-mine">
                  {t("projects.apply.mine", { state: say(`projects.nomination.${p.mine.state}`, p.mine.state) })}
                  {p.mine.className ? `（${p.mine.className}）` : ""}
                </p>
              ) : null}
              {p.mine && !p.mine.canApplyAgain ? (
                p.mine.applied ? (
                  <p>
                    <Link to={`/my/projects/${p.id}/apply`}>{t("projects.apply.details")}</Link>
                  </p>
                ) : null
              ) : p.refusal ? (
                <p className="yx-muted">{p.refusal}</p>
              ) : (
                <p>
                  <Link to={`/my/projects/${p.id}/apply`} className="yx-button yx-primary" data-testid="open-project-apply">
                    {t("projects.apply.cta")}
                  </Link>
                </p>
              )}
            </Card>
          ))
        )}
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
