export { renderCertificate, type RenderCertificateOptions, type TRenderResult } from "./render-certificate.ts";
export { verifyCertificate, type TVerifiedCertificate } from "./verify-certificate.ts";
export { openCertificateFile, type TCertificateFile } from "./open-certificate.ts";
export { certificatePdf, defaultCertificateFonts, type TCertificateFields, type TCertificateFonts } from "./pdf.ts";
