import { data } from "@remix-run/node";
import { errorCodes, type TErrorCode } from "@yanxiu/domain/errors";

/** Throw from a loader or action to show the root error page with the message for `code`. */
export function fail(code: TErrorCode): never {
  throw data({ code }, { status: errorCodes[code].status });
}
