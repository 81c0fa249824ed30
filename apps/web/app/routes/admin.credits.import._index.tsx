import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  data,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  MaxPartSizeExceededError,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { toAppError, type TErrorCode } from "@yanxiu/domain/errors";
import { hasNulByte, limits } from "@yanxiu/domain/limits";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";

import { CreditsAdminNav } from "../components/credits-ledger.tsx";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const recent = await load(context.services.imports.listHoursImports({ actor }));
  return {
    maxMb: Math.round(limits.uploadBytes / 1024 / 1024),
    recent: recent.map((r) => ({ id: r.id, fileName: r.fileName, status: r.status, written: r.written, skipped: r.skipped, refused: r.refused })),
  };
}

type TUploadResult = { code: TErrorCode | "fileTooLarge" | "noFile" | "notSpreadsheet" | "emptyFile" };

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: limits.uploadBytes }));
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return data<TUploadResult>({ code: "fileTooLarge" }, { status: 413 });
    return data<TUploadResult>({ code: "badRequest" }, { status: 400 });
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return data<TUploadResult>({ code: "noFile" }, { status: 400 });
  if (hasNulByte(file.name)) return data<TUploadResult>({ code: "badRequest" }, { status: 400 });
  try {
    const { id } = await context.services.imports.startHoursImport({ actor, fileName: file.name, body: Buffer.from(await file.arrayBuffer()) });
    return redirect(`/admin/credits/import/${id}`);
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const specific = ["notSpreadsheet", "emptyFile", "fileTooLarge"].includes(err.message) ? (err.message as TUploadResult["code"]) : err.code;
    return data<TUploadResult>({ code: specific }, { status: err.status });
  }
}

const errorText = (code: string) => {
  const key = `import.error.${code}` as TMessageKey;
  return t(key) !== key ? t(key) : t(`error.${code}` as TMessageKey);
};

export default function HoursImportPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
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
          <li>{t("hoursImport.rules.allOrNothing")}</li>
        </ul>
        <a href="/admin/credits/import/template" download>{t("hoursImport.downloadTemplate")}</a>
      </Card>
      <Card title={t("hoursImport.step2")}>
        {result ? <p className="yx-alert" role="alert">{errorText(result.code)}</p> : null}
        <Form method="post" encType="multipart/form-data" className="yx-inline-form">
          <label>
            {t("hoursImport.file", { mb: d.maxMb })} <input type="file" name="file" accept=".xlsx,.csv" required />
          </label>
          <button type="submit" className="yx-primary" disabled={busy} style={{ width: "auto" }}>
            {busy ? t("hoursImport.uploading") : t("hoursImport.start")}
          </button>
        </Form>
      </Card>
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
