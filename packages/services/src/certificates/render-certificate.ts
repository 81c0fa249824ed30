import { and, eq, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { Database } from "@yanxiu/db/client";
import { certificateFileKey, type FileStore } from "../platform/files.ts";
import { certificate } from "@yanxiu/db/schema";
import { certificatePdf, type TCertificateFonts } from "./pdf.ts";
import { loadCertificate, ZCertificateId } from "./common.ts";

export type RenderCertificateOptions = {
  db: Database;
  files: FileStore;
  tenantId: string;
  certificateId: string;
  /** The tenant's own address (`http://hunan.localhost:3000`): the QR code points at `<it>/verify/<code>`. */
  verifyBaseUrl: string;
  fonts?: TCertificateFonts;
};

export type TRenderResult = { status: "issued" | "alreadyIssued"; fileKey: string; teacherId: string };

/**
 * Writes a pending certificate's PDF to the file store and marks it issued. Idempotent: an issued
 * certificate is left alone, and of two renders racing, one marks it issued (the file under the key is the
 * same certificate either way, replaced atomically).
 */
export async function renderCertificate(opts: RenderCertificateOptions): Promise<TRenderResult> {
  const { db, tenantId } = opts;
  const parsed = ZCertificateId.safeParse(opts.certificateId);
  if (!parsed.success) throw new AppError("notFound", `certificate ${opts.certificateId}`);
  const id = parsed.data;
  const tenant = await db.findTenant({ id: tenantId });
  if (!tenant) throw new AppError("tenantNotFound", `tenant ${tenantId}`);
  const row = await db.withTenant(tenantId, (tx) => loadCertificate(tx, { id }));
  if (!row) throw new AppError("notFound", `certificate ${id}`);
  if (row.status === "issued" && row.fileKey) return { status: "alreadyIssued", fileKey: row.fileKey, teacherId: row.teacherId };

  const key = certificateFileKey(tenantId, id);
  const verifyUrl = `${opts.verifyBaseUrl.replace(/\/+$/, "")}/verify/${encodeURIComponent(row.verifyCode)}`;
  const pdf = await certificatePdf(
    { name: row.name, title: row.title, hours: row.hours, date: row.countsFor, issuer: tenant.name, number: row.number, verifyUrl },
    { fonts: opts.fonts, createdAt: new Date(`${row.countsFor}T00:00:00+08:00`) },
  );
  await opts.files.put(key, Buffer.from(pdf));
  const updated = await db.withTenant(tenantId, (tx) =>
    tx
      .update(certificate)
      .set({ status: "issued", fileKey: key, issuedAt: sql`now()` })
      .where(and(eq(certificate.id, id), eq(certificate.status, "pending")))
      .returning({ id: certificate.id }),
  );
  return { status: updated.length ? "issued" : "alreadyIssued", fileKey: key, teacherId: row.teacherId };
}
