import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { hoursImportLimits } from "@yanxiu/domain/hours-import";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, ScrollX } from "@yanxiu/ui/layout";

import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { ImportNotesCard, ImportProgressCard } from "../components/spreadsheet-import.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const imp = await load(context.services.imports.getHoursImport({ actor, id: params.id ?? "" }));
  return {
    id: imp.id,
    fileName: imp.fileName,
    status: imp.status,
    total: imp.totalRows,
    checked: imp.checkedRows,
    written: imp.writtenRows,
    skipped: imp.skippedRows,
    refused: imp.refusedRows,
    teachers: imp.teacherCount,
    notes: imp.notes,
    issues: imp.issues,
    hasReport: !!imp.reportKey,
    error: imp.error,
  };
}

export default function HoursImportProgress() {
  const d = useLoaderData<typeof loader>();
  const finished = d.status === "done" || d.status === "refused";
  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <h1>{t("hoursImport.progressTitle", { file: d.fileName })}</h1>
      <ImportProgressCard title={t(`hoursImport.status.${d.status}` as TMessageKey)} testId="hours-import-status" status={d.status} checked={d.checked} total={d.total} label={t("hoursImport.progress")}>
        <p aria-live="polite">{t("hoursImport.detail", { checked: d.checked, total: d.total ?? "?" })}</p>
        {d.status === "done" ? (
          <p className="yx-success" role="status" data-testid="hours-import-outcome">
            {t("hoursImport.outcome", { written: d.written, teachers: d.teachers, skipped: d.skipped })}
          </p>
        ) : null}
        {d.status === "refused" ? (
          <p className="yx-alert" role="alert" data-testid="hours-import-refused">
            {t("hoursImport.refusedAlert", { refused: d.refused })}
          </p>
        ) : null}
        {d.error ? <p className="yx-alert" role="alert">{d.error}</p> : null}
        {finished ? (
          <p>
            {d.hasReport ? (
              <>
                <a href={`/admin/credits/import/${d.id}/report`} download>{t("hoursImport.downloadReport")}</a> ·{" "}
              </>
            ) : null}
            <Link to="/admin/credits">{t("hoursImport.seeStatus")}</Link> · <Link to="/admin/credits/import">{t("hoursImport.another")}</Link>
          </p>
        ) : null}
      </ImportProgressCard>
      {d.issues.length ? (
        <Card title={t("hoursImport.rowsHeading")} testId="hours-import-rows">
          <ScrollX label={t("common.scrollTable")}>
            <table className="yx-table">
              <thead>
                <tr>
                  <th scope="col" className="yx-nowrap">{t("hoursImport.row")}</th>
                  <th scope="col" className="yx-nowrap">{t("hoursImport.result")}</th>
                  <th scope="col">{t("hoursImport.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {d.issues.map((i) => (
                  <tr key={i.rowNumber} data-testid="hours-import-row">
                    <td className="yx-nowrap">{i.rowNumber}</td>
                    <td className="yx-nowrap">
                      <span className={i.outcome === "refused" ? "yx-badge yx-badge-danger" : i.outcome === "noted" ? "yx-badge yx-badge-warning" : "yx-badge"}>{t(`hoursImport.outcome.${i.outcome}` as TMessageKey)}</span>
                    </td>
                    <td className="yx-wrap">{i.reasons.join("；")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
          {d.issues.length >= hoursImportLimits.shownIssues ? <p className="yx-muted">{t("hoursImport.rowsMore", { shown: hoursImportLimits.shownIssues })}</p> : null}
        </Card>
      ) : null}
      <ImportNotesCard title={t("hoursImport.notes")} testId="hours-import-notes" notes={d.notes} />
    </div>
  );
}
