import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request, { role: "admin" });
  const bytes = await context.services.imports.rosterTemplate();
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent("教师名册导入模板.xlsx")}`,
    },
  });
}
