import { data } from "@remix-run/node";
import { errorMessageKey, t, type TMessageKey } from "@yanxiu/ui/i18n";
import { toAppError, type TErrorCode } from "@yanxiu/domain/errors";

/**
 * What every form's action answers: `{ ok, intent, message? }`, or `{ ok: false, intent, code, message,
 * fieldErrors }` with the Chinese text the form shows — the field's own reason for bad input, the code's text
 * otherwise.
 */
export type TActionResult =
  | { ok: true; intent: string; message?: string }
  | { ok: false; intent: string; code: TErrorCode; message: string; fieldErrors: Record<string, string[]> };

/**
 * Runs one service call for a form intent. A string the call returns is the success message. Expected
 * failures (bad input, conflict, not found) come back as data the form shows next to its fields, with
 * `messages` overriding a code's text where the generic one would mislead; anything unexpected goes to the
 * error boundary.
 */
export async function runIntent(intent: string, fn: () => Promise<unknown>, opts: { messages?: Partial<Record<TErrorCode, TMessageKey>> } = {}) {
  try {
    const r = await fn();
    return data<TActionResult>({ ok: true, intent, message: typeof r === "string" ? r : undefined });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    const fieldErrors = err.fieldErrors ?? {};
    const reason = Object.values(fieldErrors)[0]?.[0];
    const override = opts.messages?.[err.code];
    const message = override ? t(override) : err.code === "badRequest" && reason ? reason : t(errorMessageKey(err.code));
    return data<TActionResult>({ ok: false, intent, code: err.code, message, fieldErrors }, { status: err.status });
  }
}
