import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** 学时统计 as .xlsx (?unit=…): the unit and the two levels below it, the same scope as the page. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const unit = new URL(request.url).searchParams.get("unit");
  const s = await load(context.services.rollups.rollupSheet({ actor, orgUnitId: unit }));
  return new Response(new Uint8Array(s.bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="rollups.xlsx"; filename*=UTF-8''${encodeURIComponent(`${s.unitName}-学时统计.xlsx`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
