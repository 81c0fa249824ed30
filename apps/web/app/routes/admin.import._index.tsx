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

import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const recent = await load(context.services.imports.listRosterImports({ actor }));
  return {
    maxMb: Math.round(limits.uploadBytes / 1024 / 1024),
    recent: recent.map((r) => ({ id: r.id, fileName: r.fileName, status: r.status, written: r.writtenRows, rejected: r.rejectedRows, at: r.createdAt.toISOString() })),
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
    const { id } = await context.services.imports.startRosterImport({ actor, fileName: file.name, body: Buffer.from(await file.arrayBuffer()) });
    return redirect(`/admin/import/${id}`);
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const specific = ["notSpreadsheet", "emptyFile", "fileTooLarge"].includes(err.message) ? (err.message as TUploadResult["code"]) : err.code;
    return data<TUploadResult>({ code: specific }, { status: err.status });
  }
}

const statusKey = (s: string) => `import.status.${s}` as TMessageKey;

export default function ImportPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const busy = nav.state === "submitting";
  return (
    <div className="yx-stack">
      <h1>{t("import.title")}</h1>
      <Card title={t("import.step1")}>
        <p>{t("import.templateHelp")}</p>
        <a href="/admin/import/template" download>{t("import.downloadTemplate")}</a>
      </Card>
      <Card title={t("import.step2")}>
        {result ? <p className="yx-alert" role="alert">{t(`import.error.${result.code}` as TMessageKey) !== `import.error.${result.code}` ? t(`import.error.${result.code}` as TMessageKey) : t(`error.${result.code}` as TMessageKey)}</p> : null}
        <Form method="post" encType="multipart/form-data" className="yx-inline-form">
          <label>
            {t("import.file", { mb: d.maxMb })} <input type="file" name="file" accept=".xlsx,.csv" required />
          </label>
          <button type="submit" className="yx-primary" disabled={busy} style={{ width: "auto" }}>
            {busy ? t("import.uploading") : t("import.start")}
          </button>
        </Form>
      </Card>
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
