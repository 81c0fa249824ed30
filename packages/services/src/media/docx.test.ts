import fs from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { zipOf } from "../platform/xlsx/zip-of.testing.ts";
import { docxReader, zipVerdict } from "./docx.ts";

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const verdict = (bytes: Buffer, chunk = 1000) => {
  const r = docxReader();
  for (let i = 0; i < bytes.length; i += chunk) r.push(bytes.subarray(i, i + chunk));
  return r.finish();
};

/** A zip no office program wrote (entries deflated), with an optional archive comment after its end record. */
function zip(entries: [string, string][], comment = ""): Buffer {
  const z = zipOf(entries.map(([name, data]) => ({ name, data, deflate: true })));
  const c = Buffer.from(comment);
  const out = Buffer.concat([z, c]);
  out.writeUInt16LE(c.length, z.length - 2);
  return out;
}

const wordParts: [string, string][] = [
  ["[Content_Types].xml", "<Types/>"],
  ["_rels/.rels", "<Relationships/>"],
  ["word/document.xml", "<w:document>绩效评估报告</w:document>"],
];

describe("a Word document is a zip with Word's parts in its central directory", () => {
  it("accepts what Word, LibreOffice and another writer saved, in any chunking", () => {
    for (const name of ["report-word.docx", "report-libreoffice.docx", "report-document-first.docx"]) {
      for (const chunk of [7, 1000, 1 << 20]) {
        const v = verdict(fixture(name), chunk);
        expect(v.ok, `${name} in ${chunk}-byte chunks`).toBe(true);
        if (v.ok) expect(v.names).toContain("word/document.xml");
      }
    }
    // One made here, with a zip comment after the directory.
    expect(verdict(zip(wordParts, "由 WPS 文字 保存")).ok).toBe(true);
  });

  it("refuses a spreadsheet, a plain archive and a zip with only some of Word's parts as not Word", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("名册").addRow(["姓名", "学校"]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect(verdict(xlsx)).toEqual({ ok: false, reason: "notWord" });
    expect(verdict(zip([["readme.txt", "hello"]]))).toEqual({ ok: false, reason: "notWord" });
    expect(verdict(zip([wordParts[0]!, wordParts[2]!]))).toEqual({ ok: false, reason: "notWord" });
    expect(verdict(zip([wordParts[0]!, wordParts[1]!, ["word/media/a.png", "x"]]))).toEqual({ ok: false, reason: "notWord" });
  });

  it("refuses a cut-off, padded or doctored zip as damaged", () => {
    const doc = fixture("report-word.docx");
    expect(verdict(doc.subarray(0, Math.floor(doc.length / 2)))).toEqual({ ok: false, reason: "notZip" });
    expect(verdict(doc.subarray(0, doc.length - 1))).toEqual({ ok: false, reason: "notZip" });
    // Bytes after the end record (the comment length no longer says where the file ends).
    expect(verdict(Buffer.concat([doc, Buffer.from("<script>alert(1)</script>")]))).toEqual({ ok: false, reason: "notZip" });
    // Junk inserted before the directory: its stated offset no longer points at it.
    const made = zip(wordParts);
    const cdAt = made.readUInt32LE(made.length - 6);
    expect(verdict(Buffer.concat([made.subarray(0, cdAt), Buffer.alloc(64), made.subarray(cdAt)]))).toEqual({ ok: false, reason: "notZip" });
    // An entry count the directory does not hold.
    const lying = Buffer.from(made);
    lying.writeUInt16LE(9, lying.length - 12);
    expect(verdict(lying)).toEqual({ ok: false, reason: "notZip" });
    // Zip64 markers (no report needs one; Word never writes one under 4 GB).
    const z64 = Buffer.from(made);
    z64.writeUInt32LE(0xffffffff, z64.length - 6);
    expect(verdict(z64)).toEqual({ ok: false, reason: "zip64" });
    expect(zipVerdict(Buffer.alloc(10), 10)).toEqual({ ok: false, reason: "notZip" });
    expect(zipVerdict(Buffer.alloc(0), 0)).toEqual({ ok: false, reason: "notZip" });
  });
});
