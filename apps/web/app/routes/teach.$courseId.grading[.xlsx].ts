import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxResponse } from "../lib/xlsx-response.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** GET /teach/:courseId/grading.xlsx — the submissions awaiting a grade (streamed). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  return xlsxResponse(load(context.services.classwork.exportGradingQueue({ actor, courseId: params.courseId ?? "" })));
}
