import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";

import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const { stream, fileName } = await load(context.services.exports.readPeopleExportFile({ actor, id: params.id ?? "" }));
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    },
  });
}
