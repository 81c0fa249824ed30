import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { CreditTotals, CreditsAdminNav, formatHours, LedgerTable, toLedgerData, toTotalsData, type TLedgerRowData } from "../components/credits-ledger.tsx";
import { readForm } from "../lib/admin.server.ts";
import { runIntent } from "../lib/action-result.server.ts";
import { fail, load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const d = await load(context.services.credits.teacherCredits({ actor, teacherId: params.teacherId ?? "" }));
  return { teacher: d.teacher, totals: toTotalsData(d.totals), ledger: toLedgerData(d.ledger), scheme: d.scheme ? { unit: d.scheme.unit, name: d.scheme.name, version: d.scheme.version } : null };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const { intent, ...input } = await readForm(request);
  if (intent !== "reverse") fail("badRequest");
  return runIntent("reverse", () => context.services.credits.reverseAward({ actor, input }));
}

export default function TeacherCredits() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const reverseForm = (row: TLedgerRowData) =>
    row.source === "reversal" || row.reversedBy ? null : (
      <Form
        method="post"
        className="yx-inline-form yx-credits-reverse"
        onSubmit={(e) => {
          if (!window.confirm(t("credits.admin.teacher.confirmReverse", { title: row.title, hours: formatHours(row.hours) }))) e.preventDefault();
        }}
      >
        <input type="hidden" name="intent" value="reverse" />
        <input type="hidden" name="awardId" value={row.id} />
        <label>
          <span className="yx-sr-only">{t("credits.admin.teacher.reason")}</span>
          <input name="reason" required maxLength={500} placeholder={t("credits.admin.teacher.reason")} />
        </label>
        <button type="submit" className="yx-danger" disabled={busy}>
          {t("credits.admin.teacher.reverse")}
        </button>
      </Form>
    );
  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <p>
        <Link to="/admin/credits">{t("credits.admin.teacher.back")}</Link>
      </p>
      <h1>
        {t("credits.admin.teacher.heading", { name: d.teacher.name })} <span className="yx-muted">{d.teacher.schoolName}</span>
      </h1>
      {r?.ok ? (
        <p className="yx-success" role="status">{t("credits.admin.teacher.reversedOk")}</p>
      ) : r ? (
        <p className="yx-alert" role="alert">{r.fieldErrors.reason?.[0] ?? t(errorMessageKey(r.code))}</p>
      ) : null}
      <CreditTotals totals={d.totals} scheme={d.scheme} whyHref={`/admin/credits/${d.teacher.id}/why`} />
      <Card title={t("credits.ledger.heading")}>
        {d.ledger.length ? (
          <p>
            <a href={`/admin/credits/${d.teacher.id}/ledger.xlsx`} download data-testid="ledger-export">
              {t("credits.ledger.export")}
            </a>
          </p>
        ) : null}
        <LedgerTable rows={d.ledger} action={reverseForm} />
      </Card>
    </div>
  );
}
