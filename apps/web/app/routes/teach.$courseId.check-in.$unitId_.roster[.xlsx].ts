import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxResponse } from "../lib/xlsx-response.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** GET /teach/:courseId/check-in/:unitId/roster.xlsx — one offline session's attendance (streamed). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  return xlsxResponse(load(context.services.classwork.exportCheckInRoster({ actor, courseId: params.courseId ?? "", unitId: params.unitId ?? "" })));
}
