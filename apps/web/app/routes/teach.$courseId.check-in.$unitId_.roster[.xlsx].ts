import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor, xlsxResponse } from "../lib/classwork.server.ts";
import { load } from "../lib/errors.server.ts";

/** GET /teach/:courseId/check-in/:unitId/roster.xlsx — one offline session's attendance (streamed). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireActor(context, request);
  return xlsxResponse(load(context.services.classwork.exportCheckInRoster({ actor, courseId: params.courseId ?? "", unitId: params.unitId ?? "" })));
}
