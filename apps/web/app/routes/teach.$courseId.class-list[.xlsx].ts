import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxResponse } from "../lib/xlsx-response.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** GET /teach/:courseId/class-list.xlsx — the class list as a spreadsheet (streamed). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  return xlsxResponse(load(context.services.classwork.exportClassList({ actor, courseId: params.courseId ?? "" })));
}
