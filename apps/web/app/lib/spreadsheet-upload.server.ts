import { data, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, MaxPartSizeExceededError } from "@remix-run/node";
import { toAppError, type TErrorCode } from "@yanxiu/domain/errors";
import { hasNulByte, limits } from "@yanxiu/domain/limits";

/** Why an upload was not started, as the page shows it (spreadsheetUploadError). */
export type TUploadResult = { code: TErrorCode | "fileTooLarge" | "noFile" | "notSpreadsheet" | "emptyFile" };

/**
 * The action of a page that starts an import from one uploaded spreadsheet (the roster, bulk 学时): reads the
 * multipart body within the upload limit, refuses a missing file or a name with NUL, hands the bytes to
 * `start` (one service call), and redirects to the import's progress page. A refusal comes back as a code.
 */
export async function startSpreadsheetImport(request: Request, start: (file: { fileName: string; body: Buffer }) => Promise<{ id: string }>, progressPath: (id: string) => string) {
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
    const { id } = await start({ fileName: file.name, body: Buffer.from(await file.arrayBuffer()) });
    return redirect(progressPath(id));
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const specific = ["notSpreadsheet", "emptyFile", "fileTooLarge"].includes(err.message) ? (err.message as TUploadResult["code"]) : err.code;
    return data<TUploadResult>({ code: specific }, { status: err.status });
  }
}

/** The most an upload may weigh, in MB, for the form's label. */
export const uploadLimitMb = () => Math.round(limits.uploadBytes / 1024 / 1024);
