import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "@yanxiu/domain/errors";
import { t } from "@yanxiu/ui/i18n";

import { load } from "../lib/errors.server.ts";
import { requireUser } from "../lib/guard.server.ts";

/** A file name of letters, digits and dashes for clients that ignore `filename*`. */
const asciiName = (number: string) => `certificate-${number.replace(/[^A-Za-z0-9-]/g, "") || "pdf"}.pdf`;

/** GET /my/certificates/:id.pdf — the certificate for its teacher (or an admin over them); not rendered yet is a 409. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const actor = requireUser(context, request).actor;
  const file = await load(
    context.services.certificates.openCertificateFile({ actor, certificateId: params.id ?? "" }).catch((e: unknown) => {
      if (isAppError(e) && e.code === "conflict") {
        throw new Response(t("certificates.download.pending"), { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      }
      throw e;
    }),
  );
  const name = t("certificates.download.fileName", { title: file.title, number: file.number }).replace(/[\\/:*?"<>|\r\n]/g, "_");
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(file.size),
      "Content-Disposition": `attachment; filename="${asciiName(file.number)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
