import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxResponse } from "../lib/xlsx-response.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** GET /admin/credits/:teacherId/ledger.xlsx — a teacher's 学时明细 for an administrator over them (streamed). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  return xlsxResponse(load(context.services.credits.exportLedger({ actor, teacherId: params.teacherId ?? "" })));
}
