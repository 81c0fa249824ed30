import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxResponse } from "../lib/xlsx-response.server.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** GET /live/:sessionId/attendance.xlsx — the session's attendance for its host and co-hosts (streamed). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  return xlsxResponse(load(context.services.live.exportLiveAttendance({ actor, sessionId: params.sessionId ?? "" })));
}
