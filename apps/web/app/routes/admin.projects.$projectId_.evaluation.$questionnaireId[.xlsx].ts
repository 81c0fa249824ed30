import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { xlsxResponse } from "../lib/xlsx-response.server.ts";

/** GET /admin/projects/:projectId/evaluation/:questionnaireId.xlsx — a questionnaire's results (summary and text answers). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  return xlsxResponse(load(context.services.projects.exportQuestionnaireResults({ actor, query: { questionnaireId: params.questionnaireId } })));
}
