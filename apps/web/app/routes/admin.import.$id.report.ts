import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../lib/admin.server.ts";
import { load } from "../lib/errors.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireAdmin(context, request);
  const report = await load(context.services.imports.readRosterImportReport({ actor, id: params.id ?? "" }));
  return new Response(createReadableStreamFromReadable(report.stream), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="rejected-rows.xlsx"; filename*=UTF-8''${encodeURIComponent(report.fileName)}`,
    },
  });
}
