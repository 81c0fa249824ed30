import { AppError } from "@yanxiu/domain/errors";
import type { Database } from "@yanxiu/db/client";
import { loadCertificate, ZVerifyCode } from "./common.ts";

/** What the public verification page may show: nothing beyond what is printed on the certificate's face. */
export type TVerifiedCertificate = { number: string; name: string; title: string; hours: number; date: string };

/**
 * The public check behind `/verify/<code>` (no sign-in): an issued certificate of THIS tenant whose award
 * still stands. A malformed code, an unknown one, another tenant's, a pending or a revoked certificate
 * are all the same notFound, so the page reveals nothing else.
 */
export async function verifyCertificate(opts: { db: Database; tenantId: string; code: string }): Promise<TVerifiedCertificate> {
  const code = ZVerifyCode.safeParse(opts.code);
  if (!code.success) throw new AppError("notFound", "certificate code");
  const row = await opts.db.withTenant(opts.tenantId, (tx) => loadCertificate(tx, { verifyCode: code.data }));
  if (!row || row.status !== "issued" || row.reversed) throw new AppError("notFound", "certificate code");
  return { number: row.number, name: row.name, title: row.title, hours: row.hours, date: row.countsFor };
}
