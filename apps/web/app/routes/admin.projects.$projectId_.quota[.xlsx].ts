import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";
import { xlsxResponse } from "../lib/xlsx-response.server.ts";

/** GET /admin/projects/:projectId/quota.xlsx — the 名额分配表 as the admin sees it (codes, seats and figures). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { actor } = requireUser(context, request, { role: "admin" });
  return xlsxResponse(load(context.services.projects.exportQuotaTable({ actor, query: { projectId: params.projectId } })));
}
