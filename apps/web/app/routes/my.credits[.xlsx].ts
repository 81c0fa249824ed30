import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxResponse } from "../lib/xlsx-response.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** GET /my/credits.xlsx — the signed-in teacher's 学时明细 (streamed). */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  return xlsxResponse(load(context.services.credits.exportLedger({ actor })));
}
