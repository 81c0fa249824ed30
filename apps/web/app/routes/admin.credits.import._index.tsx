import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";

import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { SpreadsheetUploadCard } from "../components/spreadsheet-import.tsx";
import { startSpreadsheetImport, uploadLimitMb } from "../lib/spreadsheet-upload.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const recent = await load(context.services.imports.listHoursImports({ actor }));
  return {
    maxMb: uploadLimitMb(),
    recent: recent.map((r) => ({ id: r.id, fileName: r.fileName, status: r.status, written: r.written, skipped: r.skipped, refused: r.refused })),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  return startSpreadsheetImport(request, (file) => context.services.imports.startHoursImport({ actor, ...file }), (id) => `/admin/credits/import/${id}`);
}

export default function HoursImportPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="yx-stack">
      <CreditsAdminNav />
      <h1>{t("hoursImport.title")}</h1>
      <p className="yx-muted">{t("hoursImport.intro")}</p>
      <Card title={t("hoursImport.step1")}>
        <p>{t("hoursImport.templateHelp")}</p>
        <ul className="yx-list">
          <li>{t("hoursImport.rules.match")}</li>
          <li>{t("hoursImport.rules.values")}</li>
          <li>{t("hoursImport.rules.credits")}</li>
          <li>{t("hoursImport.rules.creditsBoth")}</li>
          <li>{t("hoursImport.rules.allOrNothing")}</li>
        </ul>
        <a href="/admin/credits/import/template" download>{t("hoursImport.downloadTemplate")}</a>
      </Card>
      <SpreadsheetUploadCard title={t("hoursImport.step2")} fileLabel={t("hoursImport.file", { mb: d.maxMb })} startLabel={t("hoursImport.start")} uploadingLabel={t("hoursImport.uploading")} refusedCode={result?.code} />
      <Card title={t("hoursImport.recent")}>
        {d.recent.length === 0 ? <EmptyState>{t("hoursImport.none")}</EmptyState> : null}
        <ul className="yx-list">
          {d.recent.map((r) => (
            <li key={r.id}>
              <Link to={`/admin/credits/import/${r.id}`}>{r.fileName}</Link>{" "}
              <span className="yx-muted">
                {t(`hoursImport.status.${r.status}` as TMessageKey)} · {t("hoursImport.recentCounts", { written: r.written, skipped: r.skipped, refused: r.refused })}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
