import type { HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { errorCodes, isAppError, type TErrorCode } from "@yanxiu/domain/errors";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";

/**
 * Throw from a loader or action to refuse the request with the status for `code`. A page shows its error
 * boundary with the message for the code; a resource route (a download, an API) answers this JSON body,
 * `{ code, message }`, with the status. A thrown Response, not `data()`: Remix answers a resource route's
 * thrown `data()` with a generic `{"message":"Unexpected Server Error"}` and logs it as an error.
 */
export function fail(code: TErrorCode): never {
  throw Response.json({ code, message: t(errorMessageKey(code)) }, { status: errorCodes[code].status });
}

/**
 * Awaits a service call in a loader: an AppError becomes the matching HTTP response (a foreign or missing
 * record is a 404 page), anything else stays a 500 for the error boundary.
 */
export async function load<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isAppError(e) && e.code !== "internal") fail(e.code);
    throw e;
  }
}

const legacyDataRequest = "should not be making ?_data requests";

/**
 * What Remix logs for an error (entry.server.tsx's `handleError`). A refused request — a 4xx thrown as a
 * Response, a route error response or an AppError, and Remix's warning about a `?_data` request (only
 * clients other than this app's pages send one) — is not an error: server/app.ts logs every 4xx answer
 * as one line, so nothing more is logged here. Anything else is logged with its stack, as Remix does.
 */
export const handleServerError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (error instanceof Error && error.message.includes(legacyDataRequest)) return;
  if (isRouteErrorResponse(error) || error instanceof Response) {
    if (error.status < 500) return;
  } else if (isAppError(error) && error.status < 500) {
    // Thrown past load(), Remix answers it with a 500, which server/app.ts does not log: say it here, once.
    console.warn(`[web] ${request.method} ${new URL(request.url).pathname}: refused (${error.code}) without load()`);
    return;
  }
  console.error(isRouteErrorResponse(error) && (error as { error?: unknown }).error ? (error as { error?: unknown }).error : error);
};
