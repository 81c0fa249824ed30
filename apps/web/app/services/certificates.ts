/** The certificates services routes may call (types only; implemented in server/services/certificates.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type CertificatesServices = {};
