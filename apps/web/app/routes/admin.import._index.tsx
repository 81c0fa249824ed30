import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";

import { SpreadsheetUploadCard } from "../components/spreadsheet-import.tsx";
import { startSpreadsheetImport, uploadLimitMb } from "../lib/spreadsheet-upload.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const recent = await load(context.services.imports.listRosterImports({ actor }));
  return {
    maxMb: uploadLimitMb(),
    recent: recent.map((r) => ({ id: r.id, fileName: r.fileName, status: r.status, written: r.writtenRows, rejected: r.rejectedRows, at: r.createdAt.toISOString() })),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  return startSpreadsheetImport(request, (file) => context.services.imports.startRosterImport({ actor, ...file }), (id) => `/admin/import/${id}`);
}

const statusKey = (s: string) => `import.status.${s}` as TMessageKey;

export default function ImportPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="yx-stack">
      <h1>{t("import.title")}</h1>
      <Card title={t("import.step1")}>
        <p>{t("import.templateHelp")}</p>
        <a href="/admin/import/template" download>{t("import.downloadTemplate")}</a>
      </Card>
      <SpreadsheetUploadCard title={t("import.step2")} fileLabel={t("import.file", { mb: d.maxMb })} startLabel={t("import.start")} uploadingLabel={t("import.uploading")} refusedCode={result?.code} />
      <Card title={t("import.recent")}>
        {d.recent.length === 0 ? <EmptyState>{t("import.none")}</EmptyState> : null}
        <ul className="yx-list">
          {d.recent.map((r) => (
            <li key={r.id}>
              <Link to={`/admin/import/${r.id}`}>{r.fileName}</Link>{" "}
              <span className="yx-muted">
                {t(statusKey(r.status))} · {t("import.counts", { written: r.written, rejected: r.rejected })}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
