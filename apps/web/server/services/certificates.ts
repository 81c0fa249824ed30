import type { CertificatesServices } from "../../app/services/certificates.ts";
import type { TServiceDeps } from "./deps.ts";

export function createCertificatesServices(deps: TServiceDeps): CertificatesServices {
  void deps;
  return {};
}
