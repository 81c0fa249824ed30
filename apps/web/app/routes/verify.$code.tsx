import { useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "@yanxiu/domain/errors";
import { t } from "@yanxiu/ui/i18n";
import { fail } from "../lib/errors.server.ts";
import { RouteErrorBoundary } from "../components/route-error.tsx";

/**
 * GET /verify/:code — public (no sign-in), what a certificate's QR code opens. The tenant is the host's,
 * like every page; the page shows only what the certificate itself prints. Any code that is not a valid
 * certificate of this province is the same 404 page, with nothing else said.
 */
export async function loader({ context, params }: LoaderFunctionArgs) {
  if (!context.tenant) fail("tenantNotFound");
  try {
    const cert = await context.services.certificates.verifyCertificate({ tenantId: context.tenant.id, code: params.code ?? "" });
    return data({ found: true as const, cert });
  } catch (e) {
    if (isAppError(e) && e.code === "notFound") return data({ found: false as const, cert: null }, { status: 404 });
    throw e;
  }
}

/** Verification links are personal: never indexed, never cached by a shared cache. */
export const headers: HeadersFunction = () => ({ "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.found ? t("certificates.verify.valid") : t("certificates.verify.notFound")} · ${t("app.name")}` },
  { name: "robots", content: "noindex, nofollow" },
];

function dateOf(day: string): string {
  const [y, m, d] = day.split("-");
  return t("certificates.verify.dateValue", { y: y ?? "", m: Number(m), d: Number(d) });
}

export default function VerifyCertificate() {
  const d = useLoaderData<typeof loader>();
  if (!d.found) {
    return (
      <main className="yx-auth yx-certificates-verify" data-testid="certificate-not-found">
        <h1>{t("certificates.verify.notFound")}</h1>
        <p className="yx-muted">{t("certificates.verify.notFoundHint")}</p>
      </main>
    );
  }
  const c = d.cert;
  return (
    <main className="yx-auth yx-certificates-verify" data-testid="certificate-valid">
      <h1 className="yx-certificates-valid">{t("certificates.verify.valid")}</h1>
      <dl className="yx-certificates-facts">
        <dt>{t("certificates.field.name")}</dt>
        <dd data-testid="certificate-name">{c.name}</dd>
        <dt>{t("certificates.field.title")}</dt>
        <dd>{c.title}</dd>
        <dt>{t("certificates.field.hours")}</dt>
        <dd>{t("certificates.verify.hoursValue", { hours: c.hours })}</dd>
        <dt>{t("certificates.field.date")}</dt>
        <dd>{dateOf(c.date)}</dd>
        <dt>{t("certificates.field.number")}</dt>
        <dd>{c.number}</dd>
      </dl>
    </main>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
