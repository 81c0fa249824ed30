import type { LoaderFunctionArgs } from "@remix-run/node";
import { dashboardLabel } from "../lib/dashboard-label.ts";
import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** One dashboard chart's data as .xlsx (?chart=…&unit=…&year=…): the same scope as the page. */
export async function loader({ context, request }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const sp = new URL(request.url).searchParams;
  const query = { chart: sp.get("chart"), unit: sp.get("unit"), year: sp.get("year") };
  const year = Number(sp.get("year")) || new Date().getFullYear();
  const s = await load(context.services.rollups.dashboardSheet({ actor, query, label: dashboardLabel(year) }));
  const name = `${s.unitName}-${dashboardLabel(s.year)(`chart.${s.chart}`)}.xlsx`;
  return new Response(new Uint8Array(s.bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="dashboard-${s.chart}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
