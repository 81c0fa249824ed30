import { data } from "@remix-run/node";
import { errorCodes, isAppError, type TErrorCode } from "@yanxiu/domain/errors";

/** Throw from a loader or action to show the root error page with the message for `code`. */
export function fail(code: TErrorCode): never {
  throw data({ code }, { status: errorCodes[code].status });
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
