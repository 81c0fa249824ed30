import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { unitLabel } from "@yanxiu/domain/credit-scheme";
import { t } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import { SchemeExplanation } from "../components/credit-scheme/explanation.tsx";
import { LearnerShell, LearningErrorBoundary } from "../components/learning/shell.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export const meta: MetaFunction = () => [{ title: t("scheme.why.title") }];

/** 为何是 X 学分: the signed-in teacher's own totals under the scheme in effect, explained line by line. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const { actor, shell } = requireUser(context, request);
  const r = await load(context.services.credits.explainCredits({ actor }));
  return { shell, evaluation: r.evaluation };
}

export default function WhyCredits() {
  const d = useLoaderData<typeof loader>();
  const e = d.evaluation;
  return (
    <LearnerShell shell={d.shell}>
      <div className="yx-stack yx-credits yx-why">
        <p>
          <Link to="/my/credits">{t("scheme.why.back")}</Link>
        </p>
        <h1>{e ? t("scheme.why.heading", { amount: e.cycleTotal.counted, unit: unitLabel[e.scheme.unit] }) : t("scheme.why.title")}</h1>
        {e ? <SchemeExplanation e={e} day={e.asOf} /> : <EmptyState>{t("scheme.why.none")}</EmptyState>}
      </div>
    </LearnerShell>
  );
}

export const ErrorBoundary = LearningErrorBoundary;
