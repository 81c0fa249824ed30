import { Link, useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";

import { load } from "../lib/errors.server.ts";
import { usePolling } from "../lib/use-polling.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const e = await load(context.services.exports.getPeopleExport({ actor, id: params.id ?? "" }));
  const list = (e.query as { list?: string }).list;
  const back = list === "creditStatus" ? "/admin/credits" : list === "staff" ? "/admin/accounts" : list === "auditLog" ? "/admin/audit" : "/admin/people";
  return { id: e.id, status: e.status, total: e.totalRows, written: e.writtenRows, error: e.error, ready: !!e.fileKey, back };
}

export default function ExportProgress() {
  const d = useLoaderData<typeof loader>();
  usePolling(d.status === "queued" || d.status === "running");
  const pct = d.total ? Math.min(100, Math.round((d.written / d.total) * 100)) : d.status === "done" ? 100 : 0;
  return (
    <div className="yx-stack">
      <h1>{t("export.title")}</h1>
      <Card title={t(`export.status.${d.status}` as TMessageKey)}>
        <progress className="yx-progress" max={100} value={pct} aria-label={t("export.progress")} data-testid="export-progress">
          {pct}%
        </progress>
        <p aria-live="polite" data-testid="export-counts">{t("export.detail", { written: d.written, total: d.total ?? "?" })}</p>
        {d.error ? <p className="yx-alert" role="alert">{d.error}</p> : null}
        {d.ready ? (
          <p>
            <a href={`/admin/exports/${d.id}/file`} download>{t("export.download")}</a>
          </p>
        ) : null}
        <p>
          <Link to={d.back}>{t(d.back === "/admin/credits" ? "export.back.creditStatus" : d.back === "/admin/accounts" ? "export.back.staff" : d.back === "/admin/audit" ? "export.back.auditLog" : "person.back")}</Link>
        </p>
      </Card>
    </div>
  );
}
