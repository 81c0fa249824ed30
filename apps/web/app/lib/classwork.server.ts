import type { Readable } from "node:stream";
import { createReadableStreamFromReadable, data } from "@remix-run/node";
import { toAppError, type TErrorCode } from "@yanxiu/domain/errors";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";

export type TClassworkResult = { ok: true; intent?: string; message?: string } | { ok: false; intent?: string; error: TErrorCode; message: string; fieldErrors: Record<string, string[]> };

/**
 * Runs one service call for a classwork form and answers JSON: `{ ok }` or `{ error, message }` with the
 * Chinese text the form shows inline (the field's own reason for bad input, the error code's text
 * otherwise; `messages` overrides a code's text where the generic one would mislead).
 */
export async function classworkAction(
  fn: () => Promise<string | void>,
  opts: { intent?: string; messages?: Partial<Record<TErrorCode, TMessageKey>> } = {},
) {
  try {
    const message = await fn();
    return data<TClassworkResult>({ ok: true, intent: opts.intent, message: message ?? undefined });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const fieldErrors = err.fieldErrors ?? {};
    const reason = Object.values(fieldErrors)[0]?.[0];
    const override = opts.messages?.[err.code];
    const message = override ? t(override) : err.code === "badRequest" && reason ? reason : t(errorMessageKey(err.code));
    return data<TClassworkResult>({ ok: false, intent: opts.intent, error: err.code, message, fieldErrors }, { status: err.status });
  }
}

/** An .xlsx response streamed from a service. */
export async function xlsxResponse(p: Promise<{ stream: Readable; fileName: string }>) {
  const { stream, fileName } = await p;
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName.replace(/[\\/:*?"<>|]/g, "_"))}`,
      "Cache-Control": "no-store",
    },
  });
}
