import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@yanxiu/db/client";
import { certificate, creditAward, teacherProfile, user } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

export const ZCertificateId = z.uuid("notFound");

/**
 * A verification code as printed in the QR code: letters and digits only (128 random bits in base32 is
 * 26 of them). Anything else is answered as "not found" without asking the database.
 */
export const ZVerifyCode = z.string().regex(/^[A-Za-z0-9]{8,64}$/, "notFound");

/**
 * One certificate with what it says: the award's title, 学时 and date, the teacher's name (the roster's
 * 姓名, else the account's display name) and whether a later ledger entry reversed the award.
 */
export async function loadCertificate(tx: Tx, where: { id: string } | { verifyCode: string }) {
  const [row] = await tx
    .select({
      id: certificate.id,
      teacherId: certificate.teacherId,
      number: certificate.number,
      verifyCode: certificate.verifyCode,
      status: certificate.status,
      fileKey: certificate.fileKey,
      issuedAt: certificate.issuedAt,
      title: creditAward.title,
      hours: creditAward.hours,
      countsFor: creditAward.countsFor,
      name: sql<string>`coalesce(${teacherProfile.name}, ${user.displayName})`,
      orgPath: teacherProfile.orgPath,
      reversed: sql<boolean>`exists (select 1 from ${creditAward} r where r.tenant_id = ${certificate.tenantId} and r.reverses_award_id = ${certificate.awardId})`,
    })
    .from(certificate)
    .innerJoin(creditAward, tenantEq(creditAward.id, certificate.awardId))
    .innerJoin(user, tenantEq(user.id, certificate.teacherId))
    .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, certificate.teacherId))
    .where("id" in where ? eq(certificate.id, where.id) : eq(certificate.verifyCode, where.verifyCode))
    .limit(1);
  return row ? { ...row, hours: Number(row.hours) } : null;
}
