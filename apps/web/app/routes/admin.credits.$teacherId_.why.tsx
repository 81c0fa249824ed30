import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { unitLabel } from "@yanxiu/domain/credit-scheme";
import { t } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import { SchemeExplanation } from "../components/credit-scheme/explanation.tsx";
import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** A teacher's 为何是 X 学分 as an admin in scope sees it (anyone else, or another tenant's id: 404). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  const r = await load(context.services.credits.explainCredits({ actor, input: { teacherId: params.teacherId ?? "" } }));
  return { teacherId: params.teacherId ?? "", teacher: r.teacher, evaluation: r.evaluation };
}

export default function TeacherWhy() {
  const d = useLoaderData<typeof loader>();
  const e = d.evaluation;
  return (
    <div className="yx-stack yx-why">
      <CreditsAdminNav />
      <p>
        <Link to={`/admin/credits/${d.teacherId}`}>← {d.teacher?.name ?? ""}</Link>
      </p>
      <h1>{e ? `${t("scheme.why.teacher", { name: d.teacher?.name ?? "" })}：${t("scheme.why.amount", { amount: e.cycleTotal.counted, unit: unitLabel[e.scheme.unit] })}` : t("scheme.why.title")}</h1>
      {e ? <SchemeExplanation e={e} day={e.asOf} /> : <EmptyState>{t("scheme.why.none")}</EmptyState>}
    </div>
  );
}
