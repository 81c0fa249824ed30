import { openCertificateFile, verifyCertificate } from "@yanxiu/services/certificates";
import type { CertificatesServices } from "../../app/services/certificates.ts";
import type { TServiceDeps } from "./deps.ts";

export function createCertificatesServices(deps: TServiceDeps): CertificatesServices {
  const { db, files } = deps;
  return {
    verify: (opts) => verifyCertificate({ ...opts, db }),
    openFile: (opts) => openCertificateFile({ ...opts, db, files }),
  };
}
