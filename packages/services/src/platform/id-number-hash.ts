import { createHmac } from "node:crypto";

/**
 * The keyed hash a teacher's 身份证号 is kept as (decision 037): HMAC-SHA256 over the tenant id and the
 * 18-character number, hex. A 身份证号 has little entropy (region, birth date, sequence), so a plain hash would be
 * reversed by trying them all; without the key (ID_NUMBER_KEY, outside the database) a dump reveals nothing. The
 * tenant id in the message makes the same person's hash differ between provinces.
 */
export type IdNumberHasher = (tenantId: string, idNumber: string) => string;

export function idNumberHasher(key: string): IdNumberHasher {
  if (key.length < 32) throw new Error("ID_NUMBER_KEY must be at least 32 characters");
  return (tenantId, idNumber) => createHmac("sha256", key).update(`${tenantId}:${idNumber}`).digest("hex");
}
