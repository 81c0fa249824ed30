import { renderCertificate } from "@yanxiu/services/certificates";
import { publishUserEvent } from "@yanxiu/services/redis";
import { AppError } from "@yanxiu/domain/errors";
import { certificateJob } from "@yanxiu/domain/jobs";
import type { TWorkerDeps } from "./deps.ts";
import { handler } from "./handlers.ts";

/** `{slug}` in the template becomes the tenant's slug: each province's certificates point at its own host. */
export function tenantBaseUrl(template: string, slug: string): string {
  return template.replaceAll("{slug}", slug);
}

/** Renders a certificate's PDF once its award exists (the completion handler queues it); an issued one is left alone. */
export function createCertificateHandler(deps: TWorkerDeps & { publicUrlTemplate: string }) {
  return handler(certificateJob, deps, async (p) => {
    const tenant = await deps.db.findTenant({ id: p.tenantId });
    if (!tenant) throw new AppError("tenantNotFound", `unknown tenant ${p.tenantId}`);
    const r = await renderCertificate({ db: deps.db, files: deps.files, tenantId: p.tenantId, certificateId: p.certificateId, verifyBaseUrl: tenantBaseUrl(deps.publicUrlTemplate, tenant.slug) });
    if (r.status === "issued") await publishUserEvent(deps.redis, { tenantId: p.tenantId, userId: r.teacherId, kind: "certificateIssued" });
    return r.status;
  });
}
