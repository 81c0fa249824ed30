import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TGrant } from "@yanxiu/domain/permissions";
import type { Database } from "@yanxiu/db/client";
import { certificateFileKey, createFileStore } from "../platform/files.ts";
import { pdfPagesText } from "../platform/pdf-reader.testing.ts";
import type { TActor } from "../org/scope.ts";
import { certificate, creditAward } from "@yanxiu/db/schema";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { openCertificateFile, renderCertificate, verifyCertificate } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-certificates-"));
const files = createFileStore(dir);
afterAll(async () => {
  await db.close();
  await owner.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const codeOf = (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string }) => e.code ?? String(e));
const newCode = () => randomUUID().replaceAll("-", "");
const base = "http://cert.localhost:3000";

/** A course award and its pending certificate, written the way the completion worker writes them. */
async function seedAward(db: Database, tenantId: string, teacherId: string, title = "初中语文群文阅读教学设计与实践专题研修") {
  return db.withTenant(tenantId, async (tx) => {
    const [award] = await tx
      .insert(creditAward)
      .values({ tenantId, teacherId, source: "courseCompletion", sourceRef: randomUUID(), title, hours: "12.5", category: "online", organiserLevel: "provincial", countsFor: "2026-03-05" })
      .returning();
    const [cert] = await tx
      .insert(certificate)
      .values({ tenantId, awardId: award!.id, teacherId, number: `YX2026-${randomUUID().slice(0, 8)}`, verifyCode: newCode() })
      .returning();
    return { award: award!, cert: cert! };
  });
}

/** The text a PDF reader extracts from page 1 (pdf.js, an independent reader of what pdf-lib wrote). */
const pdfText = async (bytes: Buffer): Promise<string> => (await pdfPagesText(bytes))[0] ?? "";

let tenantId: string;
let tenantName: string;
let teacher: { userId: string; name: string; actor: TActor };
let otherTeacher: TActor;
let countyAdminA: TActor;
let countyAdminB: TActor;
let otherTenant: { id: string; code: string };

beforeAll(async () => {
  const t = await seedTenant(owner, buildTenant());
  tenantId = t.id;
  tenantName = t.name;
  const s = t.slug.slice(2, 8);
  const province = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `CEP${s}` });
  const countyA = await seedOrgUnit(owner, tenantId, { kind: "county", name: "甲县", code: `CEA${s}`, parentId: province.id });
  const countyB = await seedOrgUnit(owner, tenantId, { kind: "county", name: "乙县", code: `CEB${s}`, parentId: province.id });
  const school = await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲县一中", code: `CES${s}`, parentId: countyA.id });
  const grant = (role: TGrant["role"], unit: { id: string; path: string }): TGrant[] => [{ role, orgUnitId: unit.id, orgPath: unit.path }];
  const t1 = await seedTeacher(owner, tenantId, school.id, buildTeacher({ name: "欧阳晓燕" }));
  teacher = { userId: t1.userId, name: "欧阳晓燕", actor: { tenantId, actorId: t1.userId, grants: grant("teacher", school) } };
  const t2 = await seedTeacher(owner, tenantId, school.id, buildTeacher({ name: "李明" }));
  otherTeacher = { tenantId, actorId: t2.userId, grants: grant("teacher", school) };
  const a = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: countyA.id }] }));
  countyAdminA = { tenantId, actorId: a.id, grants: grant("orgAdmin", countyA) };
  const b = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: countyB.id }] }));
  countyAdminB = { tenantId, actorId: b.id, grants: grant("orgAdmin", countyB) };

  const t9 = await seedTenant(owner, buildTenant());
  const s9 = t9.slug.slice(2, 8);
  const p9 = await seedOrgUnit(owner, t9.id, { kind: "province", name: "省", code: `CXP${s9}` });
  const school9 = await seedOrgUnit(owner, t9.id, { kind: "school", name: "一中", code: `CXS${s9}`, parentId: p9.id });
  const x = await seedTeacher(owner, t9.id, school9.id, buildTeacher({ name: "王芳" }));
  const { cert } = await seedAward(db, t9.id, x.userId);
  await renderCertificate({ db, files, tenantId: t9.id, certificateId: cert.id, verifyBaseUrl: base });
  otherTenant = { id: t9.id, code: cert.verifyCode };
});

describe("certificate PDF", () => {
  it("renders a one-page PDF with the Chinese name in an embedded font subset, and marks the certificate issued", async () => {
    const { cert } = await seedAward(db, tenantId, teacher.userId);
    const r = await renderCertificate({ db, files, tenantId, certificateId: cert.id, verifyBaseUrl: `${base}/` });
    expect(r).toEqual({ status: "issued", fileKey: certificateFileKey(tenantId, cert.id), teacherId: cert.teacherId });

    const bytes = fs.readFileSync(files.localPath(r.fileKey));
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const raw = bytes.toString("latin1");
    expect(raw).toContain("/FontFile2");
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DroidSansFallback/);
    // A subset: kilobytes, not the 4 MB font.
    expect(bytes.length).toBeLessThan(200_000);

    const text = await pdfText(bytes);
    expect(text).toContain("欧阳晓燕");
    expect(text).toContain("初中语文群文阅读教学设计");
    expect(text).toContain("结业证书");
    expect(text).toContain("12.5");
    expect(text).toContain(cert.number);
    expect(text).toContain(tenantName);
    expect(text).toContain("2026年3月5日");

    const [row] = await db.withTenant(tenantId, (tx) => tx.select().from(certificate).where(eq(certificate.id, cert.id)));
    expect(row).toMatchObject({ status: "issued", fileKey: r.fileKey });
    expect(row!.issuedAt).toBeInstanceOf(Date);
  });

  it("rendering an issued certificate again changes nothing, and two renders at once issue it once", async () => {
    const { cert } = await seedAward(db, tenantId, teacher.userId, "班主任工作专题");
    const both = await Promise.all([1, 2].map(() => renderCertificate({ db, files, tenantId, certificateId: cert.id, verifyBaseUrl: base })));
    expect(both.map((b) => b.status).sort()).toEqual(expect.arrayContaining(["issued"]));
    const [first] = await db.withTenant(tenantId, (tx) => tx.select().from(certificate).where(eq(certificate.id, cert.id)));
    const mtime = fs.statSync(files.localPath(first!.fileKey!)).mtimeMs;

    const again = await renderCertificate({ db, files, tenantId, certificateId: cert.id, verifyBaseUrl: base });
    expect(again.status).toBe("alreadyIssued");
    const [after] = await db.withTenant(tenantId, (tx) => tx.select().from(certificate).where(eq(certificate.id, cert.id)));
    expect(after!.issuedAt).toEqual(first!.issuedAt);
    expect(fs.statSync(files.localPath(first!.fileKey!)).mtimeMs).toBe(mtime);
  });

  it("a certificate of another tenant or a made-up id is not found", async () => {
    const { cert } = await seedAward(db, tenantId, teacher.userId, "跨省");
    expect(await codeOf(renderCertificate({ db, files, tenantId: otherTenant.id, certificateId: cert.id, verifyBaseUrl: base }))).toBe("notFound");
    expect(await codeOf(renderCertificate({ db, files, tenantId, certificateId: randomUUID(), verifyBaseUrl: base }))).toBe("notFound");
    expect(await codeOf(renderCertificate({ db, files, tenantId, certificateId: "nope", verifyBaseUrl: base }))).toBe("notFound");
  });
});

describe("verification", () => {
  it("a certificate verifies by its code, showing only name, course, 学时, date and number; a made-up code does not", async () => {
    const { cert } = await seedAward(db, tenantId, teacher.userId, "信息技术应用能力提升");
    // Not rendered yet: nobody holds its code, and it is not confirmed.
    expect(await codeOf(verifyCertificate({ db, tenantId, code: cert.verifyCode }))).toBe("notFound");
    await renderCertificate({ db, files, tenantId, certificateId: cert.id, verifyBaseUrl: base });
    const v = await verifyCertificate({ db, tenantId, code: cert.verifyCode });
    expect(v).toEqual({ number: cert.number, name: "欧阳晓燕", title: "信息技术应用能力提升", hours: 12.5, date: "2026-03-05" });

    expect(await codeOf(verifyCertificate({ db, tenantId, code: newCode() }))).toBe("notFound");
    expect(await codeOf(verifyCertificate({ db, tenantId, code: "'; drop table certificate; --" }))).toBe("notFound");
    expect(await codeOf(verifyCertificate({ db, tenantId, code: "" }))).toBe("notFound");
  });

  it("a code from another tenant does not verify on this tenant (it does on its own)", async () => {
    expect(await codeOf(verifyCertificate({ db, tenantId, code: otherTenant.code }))).toBe("notFound");
    expect((await verifyCertificate({ db, tenantId: otherTenant.id, code: otherTenant.code })).name).toBe("王芳");
  });

  it("a certificate whose award was reversed no longer verifies", async () => {
    const { award, cert } = await seedAward(db, tenantId, teacher.userId, "撤销的课程");
    await renderCertificate({ db, files, tenantId, certificateId: cert.id, verifyBaseUrl: base });
    expect(await codeOf(verifyCertificate({ db, tenantId, code: cert.verifyCode }))).toBe("ok");
    await db.withTenant(tenantId, (tx) =>
      tx.insert(creditAward).values({
        tenantId, teacherId: teacher.userId, source: "reversal", sourceRef: award.id, title: award.title, hours: "-12.5",
        category: "online", organiserLevel: "provincial", countsFor: "2026-03-05", reversesAwardId: award.id, reason: "重复记录", actorId: countyAdminA.actorId,
      }),
    );
    expect(await codeOf(verifyCertificate({ db, tenantId, code: cert.verifyCode }))).toBe("notFound");
    expect(await codeOf(openCertificateFile({ db, files, actor: teacher.actor, certificateId: cert.id }))).toBe("notFound");
  });
});

describe("download", () => {
  it("the teacher and an admin over their school download the PDF; another teacher, an admin elsewhere and another tenant do not", async () => {
    const { cert } = await seedAward(db, tenantId, teacher.userId, "下载测试");
    await renderCertificate({ db, files, tenantId, certificateId: cert.id, verifyBaseUrl: base });

    const mine = await openCertificateFile({ db, files, actor: teacher.actor, certificateId: cert.id });
    const chunks: Buffer[] = [];
    for await (const c of mine.stream) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(mine).toMatchObject({ size: bytes.length, number: cert.number, title: "下载测试" });

    const admin = await openCertificateFile({ db, files, actor: countyAdminA, certificateId: cert.id });
    admin.stream.destroy();
    expect(await codeOf(openCertificateFile({ db, files, actor: otherTeacher, certificateId: cert.id }))).toBe("notFound");
    expect(await codeOf(openCertificateFile({ db, files, actor: countyAdminB, certificateId: cert.id }))).toBe("notFound");
    const foreign: TActor = { ...teacher.actor, tenantId: otherTenant.id };
    expect(await codeOf(openCertificateFile({ db, files, actor: foreign, certificateId: cert.id }))).toBe("notFound");
    expect(await codeOf(openCertificateFile({ db, files, actor: teacher.actor, certificateId: "x" }))).toBe("notFound");
  });

  it("a certificate not rendered yet is a conflict for its teacher, and still not found for others", async () => {
    const { cert } = await seedAward(db, tenantId, teacher.userId, "尚未生成");
    expect(await codeOf(openCertificateFile({ db, files, actor: teacher.actor, certificateId: cert.id }))).toBe("conflict");
    expect(await codeOf(openCertificateFile({ db, files, actor: otherTeacher, certificateId: cert.id }))).toBe("notFound");
  });
});
