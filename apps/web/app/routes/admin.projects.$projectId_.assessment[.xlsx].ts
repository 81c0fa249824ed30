import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { xlsxResponse } from "../lib/xlsx-response.server.ts";

/** GET /admin/projects/:projectId/assessment.xlsx — the 考核成绩 grid (a column per item, the total). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  return xlsxResponse(load(context.services.projects.exportScores({ actor, query: { projectId: params.projectId } })));
}
