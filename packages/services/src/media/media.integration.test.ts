import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TGrant } from "@yanxiu/domain/permissions";
import { seedFixtureCourse } from "../courses/test-fixtures.ts";
import { createFileStore } from "../platform/files.ts";
import type { TActor } from "../org/scope.ts";
import { assignmentSubmission, course, courseUnit, courseVersion, enrollment, storedFile } from "@yanxiu/db/schema";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { openFile, storeUpload } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-media-"));
const files = createFileStore(dir);
afterAll(async () => {
  await db.close();
  await owner.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const webm = fixture("lesson.webm");
const pdf = fixture("sample.pdf");

/** The bytes arrive in small pieces, as from a socket. */
const chunked = (bytes: Buffer, n = 1024) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += n) yield bytes.subarray(i, i + n);
    })(),
  );
const readAll = async (s: Readable) => Buffer.concat((await s.toArray()) as Buffer[]);
const code = (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string }) => e.code ?? String(e));

/** Every file under the store's root (including half-written .part files). */
const storedPaths = () => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(dir, p)).isFile());
const rowCount = async (tenantId: string) => (await db.withTenant(tenantId, (tx) => tx.select().from(storedFile))).length;

const actorOf = (tenantId: string, id: string, roles: TGrant["role"][]): TActor => ({
  tenantId,
  actorId: id,
  grants: roles.map((role) => ({ role, orgUnitId: null, orgPath: null })),
});

let tenantId: string;
let institutionId: string;
let trainer: TActor;
let teacher: TActor;
let otherTeacher: TActor;
let admin: TActor;
let foreign: TActor;

beforeAll(async () => {
  tenantId = (await seedTenant(owner, buildTenant())).id;
  institutionId = (await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "发展中心", code: `MD${tenantId.slice(0, 6)}` })).id;
  const user = async (role: TGrant["role"]) => actorOf(tenantId, (await seedUser(owner, tenantId, buildUser({ roles: [{ role }] }))).id, [role]);
  trainer = await user("trainer");
  teacher = await user("teacher");
  otherTeacher = await user("teacher");
  admin = await user("provinceAdmin");
  const otherTenant = (await seedTenant(owner, buildTenant())).id;
  const stranger = await seedUser(owner, otherTenant, buildUser({ roles: [{ role: "provinceAdmin" }] }));
  foreign = actorOf(otherTenant, stranger.id, ["provinceAdmin"]);
});

/** A published course whose video unit shows `fileId`, and the teacher enrolled on it. */
async function courseShowing(fileId: string, enrolled: TActor) {
  const c = await seedFixtureCourse(db, tenantId, { ownerId: trainer.actorId, institutionId, kinds: ["video"], status: "draft" });
  await db.withTenant(tenantId, async (tx) => {
    await tx.update(courseUnit).set({ config: { fileId, durationSeconds: 4 } }).where(eq(courseUnit.id, c.units.video!));
    await tx.update(courseVersion).set({ status: "published", submittedAt: new Date(), publishedAt: new Date() }).where(eq(courseVersion.id, c.versionId));
    await tx.update(course).set({ status: "published", publishedVersionId: c.versionId, draftVersionId: null }).where(eq(course.id, c.courseId));
    await tx.insert(enrollment).values({ tenantId, courseId: c.courseId, teacherId: enrolled.actorId, versionId: c.versionId, source: "self" });
  });
  return c;
}

describe("uploads are checked while they stream in", () => {
  it("a WebM lesson is stored with its 4 s duration and reads back byte for byte", async () => {
    const f = await storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: "第一课.webm", body: chunked(webm) });
    expect(f).toMatchObject({ mime: "video/webm", size: webm.length, originalName: "第一课.webm", durationSeconds: 4 });
    const [row] = await db.withTenant(tenantId, (tx) => tx.select().from(storedFile).where(eq(storedFile.id, f.id)));
    expect(row).toMatchObject({ ownerId: trainer.actorId, purpose: "courseVideo", durationSeconds: 4, key: `${tenantId}/media/${f.id}.webm` });
    const opened = await openFile({ db, files, actor: trainer, id: f.id });
    expect(opened).toMatchObject({ status: 200, mime: "video/webm", size: webm.length, start: 0, end: webm.length - 1 });
    expect((await readAll(opened.stream)).equals(webm)).toBe(true);
  });

  it("MP4s with moov at the start or the end both give 4 s; a PDF is stored without duration", async () => {
    for (const name of ["lesson.mp4", "lesson-moov-at-end.mp4"]) {
      const f = await storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: name, body: chunked(fixture(name), 333) });
      expect(f).toMatchObject({ mime: "video/mp4", durationSeconds: 4 });
    }
    const d = await storeUpload({ db, files, actor: trainer, purpose: "courseDocument", originalName: "C:\\资料\\讲义.pdf", body: chunked(pdf, 100) });
    expect(d).toMatchObject({ mime: "application/pdf", durationSeconds: null, originalName: "讲义.pdf", size: pdf.length });
  });

  it("a renamed executable is refused by its bytes, whatever its name, and nothing is left", async () => {
    const before = await rowCount(tenantId);
    const storedBefore = storedPaths().length;
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00", "latin1"), Buffer.alloc(4000, 0x41)]);
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: "lesson.mp4", body: chunked(exe) }))).toBe("fileTypeRefused");
    // A real PDF is still not a video.
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: "lesson.mp4", body: chunked(pdf) }))).toBe("fileTypeRefused");
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: "empty.mp4", body: chunked(Buffer.alloc(0)) }))).toBe("fileTypeRefused");
    expect(await rowCount(tenantId)).toBe(before);
    expect(storedPaths().length).toBe(storedBefore);
  });

  it("a file over the limit is refused part-way through the stream and nothing is left", async () => {
    const before = await rowCount(tenantId);
    const storedBefore = storedPaths();
    const big = Buffer.concat([webm, Buffer.alloc(200_000)]);
    let pulled = 0;
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < big.length; i += 1000) {
          pulled += 1;
          yield big.subarray(i, i + 1000);
        }
      })(),
    );
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: "big.webm", body, maxBytes: 10_000 }))).toBe("fileTooLarge");
    expect(pulled).toBeGreaterThan(10); // it had streamed up to the limit
    expect(pulled).toBeLessThan(big.length / 2000); // and stopped reading soon after
    // An announced size over the limit is refused before a byte is read.
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "courseCover", originalName: "c.png", body: chunked(webm), declaredBytes: 6 * 1024 ** 2 }))).toBe("fileTooLarge");
    expect(await rowCount(tenantId)).toBe(before);
    expect(storedPaths()).toEqual(storedBefore);
  });

  it("corrupt media is refused and nothing is left", async () => {
    const before = await rowCount(tenantId);
    const storedBefore = storedPaths();
    const truncatedMp4 = fixture("lesson-moov-at-end.mp4").subarray(0, 10_000);
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: "cut.mp4", body: chunked(truncatedMp4) }))).toBe("corruptMedia");
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: "cut.webm", body: chunked(webm.subarray(0, 48)) }))).toBe("corruptMedia");
    const noEof = pdf.subarray(0, pdf.indexOf("%%EOF"));
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "courseDocument", originalName: "cut.pdf", body: chunked(noEof) }))).toBe("corruptMedia");
    expect(await rowCount(tenantId)).toBe(before);
    expect(storedPaths()).toEqual(storedBefore);
  });

  it("a 绩效评估报告 may be a Word document as Word, LibreOffice or another writer saved it; a spreadsheet or a damaged zip is not, and nothing is left", async () => {
    const docxMime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    for (const name of ["report-word.docx", "report-libreoffice.docx", "report-document-first.docx"]) {
      const bytes = fixture(name);
      const f = await storeUpload({ db, files, actor: admin, purpose: "projectReport", originalName: `绩效评估报告-${name}`, body: chunked(bytes, 500) });
      expect(f).toMatchObject({ mime: docxMime, size: bytes.length, durationSeconds: null });
      const [row] = await db.withTenant(tenantId, (tx) => tx.select().from(storedFile).where(eq(storedFile.id, f.id)));
      expect(row!.key).toBe(`${tenantId}/media/${f.id}.docx`);
    }
    const before = await rowCount(tenantId);
    const storedBefore = storedPaths();
    const docx = fixture("report-word.docx");
    // Only the report takes Word: course documents and slides are shown in the browser's PDF viewer.
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "courseDocument", originalName: "讲义.docx", body: chunked(docx) }))).toBe("fileTypeRefused");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("表").addRow(["姓名"]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await code(storeUpload({ db, files, actor: admin, purpose: "projectReport", originalName: "报告.docx", body: chunked(xlsx) }))).toBe("fileTypeRefused");
    expect(await code(storeUpload({ db, files, actor: admin, purpose: "projectReport", originalName: "报告.docx", body: chunked(docx.subarray(0, 5000)) }))).toBe("corruptMedia");
    expect(await rowCount(tenantId)).toBe(before);
    expect(storedPaths()).toEqual(storedBefore);
  });

  it("a cover or proof image is accepted only when its structure decodes: a real JPEG, PNG and WebP are, a JPEG magic number followed by SVG text is not", async () => {
    for (const [name, mime] of [["cover.jpg", "image/jpeg"], ["cover.png", "image/png"], ["cover.webp", "image/webp"]] as const) {
      const f = await storeUpload({ db, files, actor: trainer, purpose: "courseCover", originalName: name, body: chunked(fixture(name), 100) });
      expect(f).toMatchObject({ mime, size: fixture(name).length, durationSeconds: null });
    }
    const before = await rowCount(tenantId);
    const storedBefore = storedPaths();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script></svg>');
    const polyglot = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), svg]);
    expect(await code(storeUpload({ db, files, actor: teacher, purpose: "creditProof", originalName: "证明.jpg", body: chunked(polyglot) }))).toBe("corruptMedia");
    // A JPEG start with a comment segment hiding the SVG, but no frame header, does not decode either.
    const comment = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0, svg.length + 2]), svg, Buffer.from([0xff, 0xd9])]);
    expect(await code(storeUpload({ db, files, actor: teacher, purpose: "creditProof", originalName: "证明.jpg", body: chunked(comment) }))).toBe("corruptMedia");
    // A PNG signature followed by SVG text, and a real PNG cut before its header's checksum.
    const png = fixture("cover.png");
    expect(await code(storeUpload({ db, files, actor: teacher, purpose: "assignment", originalName: "a.png", body: chunked(Buffer.concat([png.subarray(0, 8), svg])) }))).toBe("corruptMedia");
    expect(await code(storeUpload({ db, files, actor: teacher, purpose: "assignment", originalName: "a.png", body: chunked(png.subarray(0, 30)) }))).toBe("corruptMedia");
    expect(await code(storeUpload({ db, files, actor: teacher, purpose: "assignment", originalName: "a.webp", body: chunked(Buffer.concat([fixture("cover.webp").subarray(0, 12), svg])) }))).toBe("corruptMedia");
    expect(await rowCount(tenantId)).toBe(before);
    expect(storedPaths()).toEqual(storedBefore);
  });

  it("only authors upload course media; anyone hands in an assignment file", async () => {
    expect(await code(storeUpload({ db, files, actor: teacher, purpose: "courseVideo", originalName: "l.webm", body: chunked(webm) }))).toBe("forbidden");
    expect(await code(storeUpload({ db, files, actor: trainer, purpose: "poster", originalName: "l.webm", body: chunked(webm) }))).toBe("badRequest");
    const f = await storeUpload({ db, files, actor: teacher, purpose: "assignment", originalName: "作业.pdf", body: chunked(pdf) });
    expect(f.mime).toBe("application/pdf");
  });

  it("a teacher (a studio host is no course author) uploads live slides, readable by them until a session shows them", async () => {
    const f = await storeUpload({ db, files, actor: teacher, purpose: "liveSlides", originalName: "课件.pdf", body: chunked(pdf) });
    expect(f.mime).toBe("application/pdf");
    expect(await code(openFile({ db, files, actor: otherTeacher, id: f.id }))).toBe("notFound");
    const mine = await openFile({ db, files, actor: teacher, id: f.id });
    mine.stream.destroy();
    expect(mine.size).toBe(pdf.length);
  });
});

describe("downloads honour HTTP ranges", () => {
  let id: string;
  beforeAll(async () => {
    id = (await storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: "l.webm", body: chunked(webm) })).id;
  });

  it("bytes=0-99, bytes=100- and bytes=-50 return exactly those bytes", async () => {
    const first = await openFile({ db, files, actor: trainer, id, range: "bytes=0-99" });
    expect(first).toMatchObject({ status: 206, start: 0, end: 99, size: webm.length });
    expect((await readAll(first.stream)).equals(webm.subarray(0, 100))).toBe(true);

    const rest = await openFile({ db, files, actor: trainer, id, range: "bytes=100-" });
    expect(rest).toMatchObject({ status: 206, start: 100, end: webm.length - 1 });
    expect((await readAll(rest.stream)).equals(webm.subarray(100))).toBe(true);

    const last = await openFile({ db, files, actor: trainer, id, range: "bytes=-50" });
    expect(last).toMatchObject({ status: 206, start: webm.length - 50, end: webm.length - 1 });
    expect((await readAll(last.stream)).equals(webm.subarray(webm.length - 50))).toBe(true);
  });

  it("a range beyond the file is unsatisfiable (416) and says the size", async () => {
    await expect(openFile({ db, files, actor: trainer, id, range: `bytes=${webm.length}-` })).rejects.toMatchObject({ code: "rangeNotSatisfiable", status: 416, size: webm.length });
  });

  it("several ranges are served whole", async () => {
    const whole = await openFile({ db, files, actor: trainer, id, range: "bytes=0-1,5-9" });
    expect(whole.status).toBe(200);
    expect((await readAll(whole.stream)).length).toBe(webm.length);
  });
});

describe("downloads check access first", () => {
  it("another tenant and an unrelated teacher get notFound; an enrolled teacher may watch", async () => {
    const f = await storeUpload({ db, files, actor: trainer, purpose: "courseVideo", originalName: "l.webm", body: chunked(webm) });
    expect(await code(openFile({ db, files, actor: foreign, id: f.id }))).toBe("notFound");
    expect(await code(openFile({ db, files, actor: teacher, id: f.id }))).toBe("notFound");
    expect(await code(openFile({ db, files, actor: teacher, id: "not-a-uuid" }))).toBe("notFound");
    await courseShowing(f.id, teacher);
    const opened = await openFile({ db, files, actor: teacher, id: f.id, range: "bytes=0-9" });
    expect((await readAll(opened.stream)).equals(webm.subarray(0, 10))).toBe(true);
    expect(await code(openFile({ db, files, actor: otherTeacher, id: f.id }))).toBe("notFound");
    // Reviewers and other authors may see course media.
    const reviewer = actorOf(tenantId, randomUUID(), ["reviewer"]);
    expect(await code(openFile({ db, files, actor: reviewer, id: f.id }).then((o) => o.stream.destroy()))).toBe("ok");
  });

  it("a cover is for anyone signed in to the tenant, and for no other tenant", async () => {
    const f = await storeUpload({ db, files, actor: trainer, purpose: "courseCover", originalName: "封面.png", body: chunked(fixture("cover.png")) });
    expect(await code(openFile({ db, files, actor: otherTeacher, id: f.id }).then((o) => o.stream.destroy()))).toBe("ok");
    expect(await code(openFile({ db, files, actor: foreign, id: f.id }))).toBe("notFound");
  });

  it("an assignment file is for its uploader, the course owner of the submission, and admins", async () => {
    const f = await storeUpload({ db, files, actor: teacher, purpose: "assignment", originalName: "作业.pdf", body: chunked(pdf) });
    expect(await code(openFile({ db, files, actor: trainer, id: f.id }))).toBe("notFound"); // not yet handed in
    expect(await code(openFile({ db, files, actor: otherTeacher, id: f.id }))).toBe("notFound");
    const c = await seedFixtureCourse(db, tenantId, { ownerId: trainer.actorId, institutionId, kinds: ["assignment"], status: "published" });
    await db.withTenant(tenantId, async (tx) => {
      const [e] = await tx.insert(enrollment).values({ tenantId, courseId: c.courseId, teacherId: teacher.actorId, versionId: c.versionId, source: "self" }).returning();
      await tx.insert(assignmentSubmission).values({ tenantId, id: randomUUID(), enrollmentId: e!.id, unitId: c.units.assignment!, body: "见附件", fileId: f.id });
    });
    for (const who of [teacher, trainer, admin]) {
      expect(await code(openFile({ db, files, actor: who, id: f.id }).then((o) => o.stream.destroy()))).toBe("ok");
    }
    expect(await code(openFile({ db, files, actor: otherTeacher, id: f.id }))).toBe("notFound");
    expect(await code(openFile({ db, files, actor: foreign, id: f.id }))).toBe("notFound");
  });
});
