import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { rosterImportCounts } from "@yanxiu/domain/roster";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";

import { ImportNotesCard, ImportProgressCard } from "../components/spreadsheet-import.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const imp = await load(context.services.imports.getRosterImport({ actor, id: params.id ?? "" }));
  return {
    id: imp.id,
    fileName: imp.fileName,
    status: imp.status,
    total: imp.totalRows,
    ...rosterImportCounts(imp),
    notes: imp.notes,
    hasReport: !!imp.reportKey,
    error: imp.error,
  };
}

export default function ImportProgress() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="yx-stack">
      <h1>{t("import.progressTitle", { file: d.fileName })}</h1>
      <ImportProgressCard title={t(`import.status.${d.status}` as TMessageKey)} status={d.status} checked={d.checked} total={d.total} label={t("import.progress")}>
        <p data-testid="import-counts" aria-live="polite">
          {t("import.detail", { checked: d.checked, total: d.total ?? "?", written: d.written, rejected: d.rejected })}
        </p>
        {d.status === "done" ? (
          <p data-testid="import-outcome">{t("import.outcome", { created: d.created, updated: d.updated, unchanged: d.unchanged })}</p>
        ) : null}
        {d.error ? <p className="yx-alert" role="alert">{d.error}</p> : null}
        {d.status === "done" && d.hasReport ? (
          <p>
            <a href={`/admin/import/${d.id}/report`} download>{t("import.downloadReport", { rejected: d.rejected })}</a>
          </p>
        ) : null}
        {d.status === "done" ? (
          <p>
            <Link to="/admin/people">{t("import.seePeople")}</Link> · <Link to="/admin/import">{t("import.another")}</Link>
          </p>
        ) : null}
      </ImportProgressCard>
      <ImportNotesCard title={t("import.notes")} testId="import-notes" notes={d.notes} />
    </div>
  );
}
