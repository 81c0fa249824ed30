import type { TActor } from "@yanxiu/services/org";
import type { TCertificateFile, TVerifiedCertificate } from "@yanxiu/services/certificates";

/** The certificates services routes may call (types only; implemented in server/services/certificates.ts). */
export type CertificatesServices = {
  /** The public check behind /verify/<code>: anything but a valid certificate of this tenant is notFound. */
  verify(opts: { tenantId: string; code: string }): Promise<TVerifiedCertificate>;
  /** The PDF for its teacher or an admin over them; pending is `conflict`, anything else notFound. */
  openFile(opts: { actor: TActor; certificateId: string }): Promise<TCertificateFile>;
};

export type { TCertificateFile, TVerifiedCertificate };
