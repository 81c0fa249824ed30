import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";

import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const report = await load(context.services.imports.readHoursImportReport({ actor, id: params.id ?? "" }));
  return new Response(createReadableStreamFromReadable(report.stream), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="hours-import-report.xlsx"; filename*=UTF-8''${encodeURIComponent(report.fileName)}`,
    },
  });
}
