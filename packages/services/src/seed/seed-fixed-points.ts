import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { PDFDocument, rgb } from "pdf-lib";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { fixedPointClaim, fixedPointClaimFile, storedFile } from "@yanxiu/db/schema";
import { chinaDay } from "@yanxiu/domain/china-time";
import { submitFixedPointClaim } from "../credits/fixed-points.ts";
import type { FileStore } from "../platform/files.ts";
import { defaultPdfFonts, embedTypeface, useNodeDeflate } from "../platform/pdf-text.ts";

/** A one-page A4 PDF that says what it stands for: the demo's evidence, openable like an uploaded proof. */
export async function demoEvidencePdf(title: string, lines: readonly string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  useNodeDeflate(doc);
  const face = await embedTypeface(doc, defaultPdfFonts, title);
  const page = doc.addPage([595.28, 841.89]);
  const ink = rgb(0.12, 0.14, 0.18);
  face.draw(page, title, { x: 72, y: 740, size: 22, color: ink, bold: true });
  lines.forEach((line, i) => face.draw(page, line, { x: 72, y: 700 - i * 24, size: 13, color: ink }));
  face.draw(page, "演示数据：由 npm start 生成，仅供体验审核流程。", { x: 72, y: 90, size: 10, color: rgb(0.45, 0.47, 0.5) });
  return Buffer.from(await doc.save());
}

/**
 * One pending 定额项目 claim (decision 032) for the demo teacher, so an admin sees the queue on `npm start`: a
 * provincial paper, waiting at the county (论文: county → province). Submitted through the service, as the
 * teacher would. With a file store (npm start passes the platform's), its two evidence files are written as
 * small PDFs, so an admin can open them; a data folder seeded before that gets them on the next start.
 * Left alone once the teacher has any claim.
 */
export async function seedDemoFixedPointClaim(owner: OwnerDatabase, tenantId: string, teacher: { id: string; schoolId: string }, files?: FileStore) {
  const id = await claimOnce(owner, tenantId, teacher);
  if (files) await writeMissingEvidence(owner, tenantId, id, files);
  return id;
}

async function writeMissingEvidence(owner: OwnerDatabase, tenantId: string, claimId: string, files: FileStore) {
  const rows = await owner.withTenant(tenantId, (tx) =>
    tx
      .select({ label: fixedPointClaimFile.label, key: storedFile.key, name: storedFile.originalName })
      .from(fixedPointClaimFile)
      .innerJoin(storedFile, eq(storedFile.id, fixedPointClaimFile.fileId))
      .where(eq(fixedPointClaimFile.claimId, claimId)),
  );
  for (const r of rows) {
    if (await files.exists(r.key)) continue;
    const pdf = await demoEvidencePdf(r.label, [`文件：${r.name ?? r.label}`, "论文：“双减”背景下初中语文分层作业设计", "刊物：《湖湘教育》本年第 4 期"]);
    await files.put(r.key, pdf);
    await owner.withTenant(tenantId, (tx) => tx.update(storedFile).set({ size: pdf.length }).where(eq(storedFile.key, r.key)));
  }
}

async function claimOnce(owner: OwnerDatabase, tenantId: string, teacher: { id: string; schoolId: string }) {
  const [existing] = await owner.withTenant(tenantId, (tx) => tx.select({ id: fixedPointClaim.id }).from(fixedPointClaim).where(eq(fixedPointClaim.teacherId, teacher.id)).limit(1));
  if (existing) return existing.id;
  const file = async (name: string) => {
    const id = randomUUID();
    await owner.withTenant(tenantId, (tx) =>
      tx.insert(storedFile).values({ tenantId, id, ownerId: teacher.id, purpose: "creditProof", mime: "application/pdf", key: `${tenantId}/media/${id}.pdf`, size: 1, originalName: name }),
    );
    return id;
  };
  const actor = { tenantId, actorId: teacher.id, grants: [{ role: "teacher" as const, orgUnitId: teacher.schoolId, orgPath: null }] };
  const { id } = await submitFixedPointClaim({
    db: owner,
    actor,
    input: {
      kind: "paper",
      level: "provincial",
      title: "“双减”背景下初中语文分层作业设计",
      happenedOn: chinaDay(),
      description: "发表于省级期刊《湖湘教育》本年第 4 期，独立作者。",
      evidence: [
        { label: "刊物封面及目录", fileId: await file("刊物封面及目录.pdf") },
        { label: "论文正文", fileId: await file("论文正文.pdf") },
      ],
    },
  });
  return id;
}
