import { data } from "@remix-run/node";
import { toAppError, type TErrorCode } from "@yanxiu/domain/errors";

export type TActionResult = { ok: true; intent: string } | { ok: false; intent: string; code: TErrorCode; fieldErrors: Record<string, string[]> };

/**
 * Runs one service call for a form intent. Expected failures (bad input, conflict, not found) come back
 * as data the form shows next to its fields; anything unexpected goes to the error boundary.
 */
export async function runIntent(intent: string, fn: () => Promise<unknown>) {
  try {
    await fn();
    return data<TActionResult>({ ok: true, intent });
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "internal" || err.code === "unavailable") throw e;
    return data<TActionResult>({ ok: false, intent, code: err.code, fieldErrors: err.fieldErrors ?? {} }, { status: err.status });
  }
}
