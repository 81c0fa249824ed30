import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";

import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** An annual quality report's PDF (decision 030), for an admin whose scope holds its unit; 404 until written. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request, { role: "admin" }).actor;
  const { stream, fileName } = await load(context.services.reports.readAnnualReportFile({ actor, id: params.id ?? "" }));
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="report.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    },
  });
}
