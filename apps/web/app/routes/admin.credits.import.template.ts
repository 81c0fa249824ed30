import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireUser(context, request, { role: "admin" });
  const bytes = await context.services.imports.hoursTemplate();
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="hours-template.xlsx"; filename*=UTF-8''${encodeURIComponent("学时导入模板.xlsx")}`,
    },
  });
}
