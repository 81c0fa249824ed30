import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "@yanxiu/domain/errors";
import { checkRosterHeaders, FormulaCell, normalizeCell, parseRosterRow, rosterCellsByKey, rosterColumns } from "@yanxiu/domain/roster";
import { demoProvinces } from "../../seed/seed-demo.ts";
import { zipOf, type TTestEntry } from "./zip-of.testing.ts";
import {
  readRosterRows,
  rosterTemplateExample,
  writeRejectedRowsReport,
  writeRosterTemplate,
  writeXlsxFromRows,
  xlsxBytes,
  xlsxStream,
  type TSheetRow,
} from "./xlsx.ts";

let dir: string;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "yanxiu-roster-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// A stream "error" nobody listens to, or a rejection nobody awaits, would take the worker down.
const stray: unknown[] = [];
const onStray = (e: unknown) => stray.push(e);
beforeEach(() => {
  stray.length = 0;
  process.on("uncaughtException", onStray);
  process.on("unhandledRejection", onStray);
});
afterEach(async () => {
  // Give late events and rejections a moment to surface before checking for them.
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.off("uncaughtException", onStray);
  process.off("unhandledRejection", onStray);
  expect(stray).toEqual([]);
});

function file(ext: string): string {
  return path.join(dir, `f${++n}.${ext}`);
}

/** Reads a whole file, failing the test (instead of hanging it) if reading takes more than 10 s. */
async function readAll(filePath: string, kind: "xlsx" | "csv"): Promise<TSheetRow[]> {
  const read = (async () => {
    const rows: TSheetRow[] = [];
    for await (const row of readRosterRows(filePath, kind)) rows.push(row);
    return rows;
  })();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("reading hung")), 10_000);
  });
  try {
    return await Promise.race([read, hung]);
  } finally {
    clearTimeout(timer);
  }
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

async function expectBadRequest(filePath: string, kind: "xlsx" | "csv") {
  const e = await errorOf(readAll(filePath, kind));
  expect(isAppError(e) && e.code).toBe("badRequest");
}

const headers = rosterColumns.map((c) => c.header);
const column = (i: number) => String.fromCharCode(65 + i);

/** The parts of a zip by name, inflated: what Excel or LibreOffice reads. */
function unzip(bytes: Buffer): Map<string, string> {
  let end = bytes.length - 22;
  while (bytes.readUInt32LE(end) !== 0x06054b50) end--;
  const parts = new Map<string, string>();
  let p = bytes.readUInt32LE(end + 16);
  for (let n = bytes.readUInt16LE(end + 10); n > 0; n--) {
    const method = bytes.readUInt16LE(p + 10);
    const size = bytes.readUInt32LE(p + 20);
    const nameLength = bytes.readUInt16LE(p + 28);
    const name = bytes.toString("utf8", p + 46, p + 46 + nameLength);
    const local = bytes.readUInt32LE(p + 42);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    parts.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return parts;
}

type TStoredCell = { type: string; text: string; quotePrefix: boolean; bold: boolean };

/** How each cell of the first sheet is stored: its type, its text, and whether its style has quotePrefix or a bold font. */
function sheetOf(f: string): { formulas: number; cells: Record<string, TStoredCell> } {
  const parts = unzip(readFileSync(f));
  const sheet = parts.get("xl/worksheets/sheet1.xml")!;
  const styles = parts.get("xl/styles.xml")!;
  const fonts = [...styles.match(/<fonts[^>]*>([\s\S]*?)<\/fonts>/)![1]!.matchAll(/<font>([\s\S]*?)<\/font>|<font\/>/g)].map((m) => /<b\/>/.test(m[0]));
  const xfs = [...styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)![1]!.matchAll(/<xf [^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => ({
    quotePrefix: /\squotePrefix="1"/.test(m[0]),
    bold: fonts[Number(/fontId="(\d+)"/.exec(m[0])?.[1] ?? 0)] ?? false,
  }));
  const decode = (x: string) => x.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const cells: Record<string, TStoredCell> = {};
  for (const m of sheet.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!)?.[1];
    const body = m[2] ?? "";
    const text = [...body.matchAll(/<(?:t|v)(?: [^>]*)?>([\s\S]*?)<\/(?:t|v)>/g)].map((t) => decode(t[1]!)).join("");
    const xf = xfs[Number(attr("s") ?? 0)]!;
    cells[attr("r")!] = { type: attr("t") ?? "n", text, quotePrefix: xf.quotePrefix, bold: xf.bold };
  }
  return { formulas: (sheet.match(/<f[ >]/g) ?? []).length, cells };
}

describe("roster template", () => {
  it("the template's headers are accepted and its example row parses", async () => {
    const f = file("xlsx");
    await writeRosterTemplate(f);
    const rows = await readAll(f, "xlsx");
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 2]);
    const check = checkRosterHeaders(rows[0]!.cells);
    if (!check.ok) throw new Error(`template headers refused: ${JSON.stringify(check)}`);
    const parsed = parseRosterRow(rosterCellsByKey(check.columnIndex, rows[1]!.cells));
    expect(parsed).toMatchObject({ ok: true, row: { teacherNo: "HN0001", name: "王芳", phone: "13800138000" } });
  });

  it("the example row's school code is a school code as the org tree writes them (a real demo school)", async () => {
    const f = file("xlsx");
    await writeRosterTemplate(f);
    const rows = await readAll(f, "xlsx");
    const schoolCode = rows[1]!.cells[headers.indexOf("学校代码")];
    const demoSchools = demoProvinces.flatMap((p) => p.orgs).filter((o) => o.kind === "school");
    expect(demoSchools.map((o) => o.code)).toContain(schoolCode);
    expect(schoolCode).toMatch(/^\d{10}$/);
  });

  it("the example phone number is stored as text, so Excel keeps all 11 digits", async () => {
    const f = file("xlsx");
    await writeRosterTemplate(f);
    const rows = await readAll(f, "xlsx");
    expect(rows[1]!.cells[headers.indexOf("手机号")]).toBe(rosterTemplateExample.phone);
  });

  it("the header row is bold and the columns have widths", async () => {
    const f = file("xlsx");
    await writeRosterTemplate(f);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBeGreaterThan(8);
  });
});

describe("reading xlsx", () => {
  it("a 2,000-row file reads back every row in order with its spreadsheet row number", async () => {
    const f = file("xlsx");
    const data = Array.from({ length: 2000 }, (_, i) => [`T${String(i).padStart(5, "0")}`, `教师${i}`, `1380000${String(i).padStart(4, "0")}`]);
    await writeXlsxFromRows(f, ["教师编号", "姓名", "手机号"], data);
    const rows = await readAll(f, "xlsx");
    expect(rows).toHaveLength(2001);
    expect(rows[0]).toEqual({ rowNumber: 1, cells: ["教师编号", "姓名", "手机号"] });
    rows.slice(1).forEach((r, i) => {
      expect(r.rowNumber).toBe(i + 2);
      expect(r.cells).toEqual(data[i]);
    });
  });

  it("full-width digits survive the round trip and parse as a phone number", async () => {
    const f = file("xlsx");
    await writeXlsxFromRows(f, ["手机号"], [["１３８００１３８０００"]]);
    const rows = await readAll(f, "xlsx");
    expect(rows[1]!.cells).toEqual(["１３８００１３８０００"]);
    expect(normalizeCell(rows[1]!.cells[0])).toBe("13800138000");
  });

  it("a workbook saved the usual way (shared strings, number cells, rich text, links) reads as plain values, and a formula as its formula", async () => {
    const f = file("xlsx");
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("名单");
    sheet.addRow(["手机号", "姓名", "学段", "学科", "邮箱", "空"]);
    sheet.addRow([
      13800138000,
      { richText: [{ text: "王", font: { bold: true } }, { text: "芳" }] },
      { formula: 'CONCAT("初","中")', result: "初中" },
      { formula: "1+1", result: 2 },
      { text: "wang@example.com", hyperlink: "mailto:wang@example.com" },
      null,
    ]);
    await wb.xlsx.writeFile(f);
    const rows = await readAll(f, "xlsx");
    expect(rows[1]!.cells).toEqual([13800138000, "王芳", new FormulaCell('CONCAT("初","中")'), new FormulaCell("1+1"), "wang@example.com"]);
    expect(normalizeCell(rows[1]!.cells[0])).toBe("13800138000");
  });

  it("a formula cell reads as its formula whether or not the file holds a result, and a shared one too", async () => {
    const f = file("xlsx");
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const cells = '<c r="A1"><f>1+1</f></c><c r="B1" t="str"><f>A1&amp;"级"</f><v>2级</v></c><c r="C1"><f t="shared" ref="C1:C2" si="0">A1*2</f><v>4</v></c><c r="D1" t="inlineStr"><is><t>=1+1</t></is></c>';
    writeFileSync(
      f,
      zipOf([
        { name: "xl/workbook.xml", data: `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>` },
        {
          name: "xl/_rels/workbook.xml.rels",
          data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        },
        { name: "xl/worksheets/sheet1.xml", data: `<worksheet ${ns}><sheetData><row r="1">${cells}</row><row r="2"><c r="C2"><f t="shared" si="0"/><v>4</v></c></row></sheetData></worksheet>` },
      ]),
    );
    expect(await readAll(f, "xlsx")).toEqual([
      // Text that only looks like a formula is text.
      { rowNumber: 1, cells: [new FormulaCell("1+1"), new FormulaCell('A1&"级"'), new FormulaCell("A1*2"), "=1+1"] },
      { rowNumber: 2, cells: [null, null, new FormulaCell("")] },
    ]);
  });

  it("empty cells inside a row are null and empty rows are skipped, keeping row numbers", async () => {
    const f = file("xlsx");
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("名单");
    sheet.getCell("A1").value = "教师编号";
    sheet.getCell("C1").value = "手机号";
    sheet.getCell("A4").value = "HN0001";
    await wb.xlsx.writeFile(f);
    const rows = await readAll(f, "xlsx");
    expect(rows).toEqual([
      { rowNumber: 1, cells: ["教师编号", null, "手机号"] },
      { rowNumber: 4, cells: ["HN0001"] },
    ]);
  });

  it("only the first worksheet is read", async () => {
    const f = file("xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("名单").addRow(["教师编号"]);
    wb.addWorksheet("说明").addRow(["请勿导入这一页"]);
    await wb.xlsx.writeFile(f);
    const rows = await readAll(f, "xlsx");
    expect(rows).toEqual([{ rowNumber: 1, cells: ["教师编号"] }]);
  });

  it("the first tab is read even when its sheet comes second in the file, with shared strings last as Excel writes them", async () => {
    const f = file("xlsx");
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = (id: string, type: string, target: string) =>
      `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
    writeFileSync(
      f,
      zipOf([
        {
          name: "xl/workbook.xml",
          data: `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="2" r:id="rId2"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        },
        {
          name: "xl/_rels/workbook.xml.rels",
          data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel("rId1", "worksheet", "worksheets/sheet1.xml")}${rel("rId2", "worksheet", "worksheets/sheet2.xml")}${rel("rId3", "sharedStrings", "sharedStrings.xml")}</Relationships>`,
        },
        { name: "xl/worksheets/sheet1.xml", data: `<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>` },
        {
          name: "xl/worksheets/sheet2.xml",
          data: `<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><t>手机号</t></is></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>13800138000</v></c></row></sheetData></worksheet>`,
        },
        { name: "xl/sharedStrings.xml", data: `<sst ${ns}><si><t>请勿导入这一页</t></si><si><t>教师编号</t></si><si><r><t>HN</t></r><r><t>0001</t></r></si></sst>` },
      ]),
    );
    expect(await readAll(f, "xlsx")).toEqual([
      { rowNumber: 1, cells: ["教师编号", "手机号"] },
      { rowNumber: 2, cells: ["HN0001", 13800138000] },
    ]);
  });

  it("the first tab is found when the workbook points at its sheets by absolute path, as openpyxl writes them", async () => {
    const f = file("xlsx");
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = (id: string, target: string) =>
      `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${target}"/>`;
    const sheet = (text: string) =>
      `<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row></sheetData></worksheet>`;
    writeFileSync(
      f,
      zipOf([
        {
          name: "xl/workbook.xml",
          data: `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="5" r:id="rId1"/><sheet name="说明" sheetId="1" r:id="rId2"/></sheets></workbook>`,
        },
        {
          name: "xl/_rels/workbook.xml.rels",
          data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel("rId1", "/xl/worksheets/sheet2.xml")}${rel("rId2", "/xl/worksheets/sheet1.xml")}</Relationships>`,
        },
        { name: "xl/worksheets/sheet1.xml", data: sheet("说明页") },
        { name: "xl/worksheets/sheet2.xml", data: sheet("教师编号") },
      ]),
    );
    expect(await readAll(f, "xlsx")).toEqual([{ rowNumber: 1, cells: ["教师编号"] }]);
  });

  it("text cells keep their text in a small workbook whose shared strings come after the sheet, every time", async () => {
    const f = file("xlsx");
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    writeFileSync(
      f,
      zipOf([
        { name: "xl/workbook.xml", data: `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>` },
        {
          name: "xl/_rels/workbook.xml.rels",
          data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        },
        { name: "xl/worksheets/sheet1.xml", data: `<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>` },
        { name: "xl/theme/theme1.xml", data: "<theme/>" },
        { name: "xl/styles.xml", data: `<styleSheet ${ns}/>` },
        { name: "xl/sharedStrings.xml", data: `<sst ${ns}><si><t>教师编号</t></si><si><t>姓名</t></si></sst>` },
        { name: "docProps/core.xml", data: "<coreProperties/>" },
        { name: "docProps/app.xml", data: "<Properties/>" },
      ]),
    );
    // The parts that follow the sheet used to be dropped now and then, depending on timing.
    for (let i = 0; i < 20; i++) {
      expect(await readAll(f, "xlsx")).toEqual([{ rowNumber: 1, cells: ["教师编号", "姓名"] }]);
    }
  });

  it("a workbook written by a streaming writer reads back, even when another part's bytes contain a zip signature", async () => {
    const f = file("xlsx");
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const signatures = Buffer.concat(Array.from({ length: 64 }, () => Buffer.from([0x50, 0x4b, 0x07, 0x08, 0x50, 0x4b, 0x03, 0x04])));
    writeFileSync(
      f,
      zipOf([
        { name: "xl/media/image1.png", data: signatures, dataDescriptor: true },
        { name: "xl/workbook.xml", data: `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`, deflate: true, dataDescriptor: true },
        {
          name: "xl/_rels/workbook.xml.rels",
          data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
          deflate: true,
          dataDescriptor: true,
        },
        {
          name: "xl/worksheets/sheet1.xml",
          data: `<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>教师编号</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>HN0001</t></is></c></row></sheetData></worksheet>`,
          deflate: true,
          dataDescriptor: true,
        },
      ]),
    );
    expect(await readAll(f, "xlsx")).toEqual([
      { rowNumber: 1, cells: ["教师编号"] },
      { rowNumber: 2, cells: ["HN0001"] },
    ]);
  });

  describe("Chinese text survives whatever byte offsets its characters land on", () => {
    // Two, three and four UTF-8 bytes per character, so a chunk boundary falls inside one somewhere.
    const alphabet = [..."语文数学英语物理化学生物历史地理道德与法治初中高中小学学前幼儿园骨干教师王芳李明张伟赵静黄磊陈雪胡文斌邓丽君曾志远贺晓燕罗嘉é𠮷𩸽·（）、"];
    /** Thousands of cells of 1 to 60 characters, the same every run. */
    function cjkGrid(rows: number, columns: number): string[][] {
      let seed = 13;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
      return Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () => Array.from({ length: 1 + (next() % 60) }, () => alphabet[next() % alphabet.length]).join("")),
      );
    }
    const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const workbookParts = (sharedStrings: boolean): TTestEntry[] => [
      { name: "xl/workbook.xml", data: `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>` },
      {
        name: "xl/_rels/workbook.xml.rels",
        data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>${sharedStrings ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : ""}</Relationships>`,
      },
    ];
    async function expectRoundTrip(f: string, grid: string[][]) {
      const rows = await readAll(f, "xlsx");
      expect(rows).toHaveLength(grid.length);
      const damaged = rows.flatMap((r, i) => r.cells.map((c, j) => ({ at: `${column(j)}${i + 1}`, c, want: grid[i]![j] })).filter((x) => x.c !== x.want));
      expect(damaged.slice(0, 5)).toEqual([]);
      expect(rows.map((r) => r.cells)).toEqual(grid);
      expect(rows.some((r) => r.cells.some((c) => String(c).includes("\uFFFD")))).toBe(false);
    }

    it("in a workbook from ExcelJS's writer, with shared strings", async () => {
      const grid = cjkGrid(3000, 4);
      const f = file("xlsx");
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet("名单");
      for (const r of grid) sheet.addRow(r);
      await wb.xlsx.writeFile(f);
      await expectRoundTrip(f, grid);
    });

    it("in a workbook from the platform's streaming writer, with strings in the cells", async () => {
      const grid = cjkGrid(3000, 4);
      const f = file("xlsx");
      await writeXlsxFromRows(f, grid[0]!, grid.slice(1));
      await expectRoundTrip(f, grid);
    });

    it("in a hand-built workbook with inline strings, deflated", async () => {
      const grid = cjkGrid(2500, 5);
      const body = grid
        .map((r, i) => `<row r="${i + 1}">${r.map((c, j) => `<c r="${column(j)}${i + 1}" t="inlineStr"><is><t>${xml(c)}</t></is></c>`).join("")}</row>`)
        .join("");
      const f = file("xlsx");
      writeFileSync(f, zipOf([...workbookParts(false), { name: "xl/worksheets/sheet1.xml", data: `<worksheet ${ns}><sheetData>${body}</sheetData></worksheet>`, deflate: true }]));
      await expectRoundTrip(f, grid);
    });

    it("in a hand-built workbook with shared strings, stored without compression", async () => {
      const grid = cjkGrid(2500, 5);
      const strings = grid.flat();
      const body = grid.map((r, i) => `<row r="${i + 1}">${r.map((_, j) => `<c r="${column(j)}${i + 1}" t="s"><v>${i * r.length + j}</v></c>`).join("")}</row>`).join("");
      const f = file("xlsx");
      writeFileSync(
        f,
        zipOf([
          ...workbookParts(true),
          { name: "xl/worksheets/sheet1.xml", data: `<worksheet ${ns}><sheetData>${body}</sheetData></worksheet>` },
          { name: "xl/sharedStrings.xml", data: `<sst ${ns} count="${strings.length}">${strings.map((s) => `<si><t>${xml(s)}</t></si>`).join("")}</sst>` },
        ]),
      );
      await expectRoundTrip(f, grid);
    });

    it("in a hand-built workbook whose parts start with a byte order mark, UTF-8 or UTF-16", async () => {
      const sheet = `<?xml version="1.0"?><worksheet ${ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>教师编号</t></is></c><c r="B1" t="s"><v>0</v></c></row></sheetData></worksheet>`;
      const strings = `<sst ${ns}><si><t>学段</t></si></sst>`;
      const f = file("xlsx");
      writeFileSync(
        f,
        zipOf([
          ...workbookParts(true),
          { name: "xl/worksheets/sheet1.xml", data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sheet, "utf16le")]), deflate: true },
          { name: "xl/sharedStrings.xml", data: `\uFEFF${strings}` },
        ]),
      );
      expect(await readAll(f, "xlsx")).toEqual([{ rowNumber: 1, cells: ["教师编号", "学段"] }]);
    });
  });

  it("a reader stopped after the header row stops cleanly", async () => {
    const f = file("xlsx");
    await writeXlsxFromRows(f, ["教师编号"], Array.from({ length: 5000 }, (_, i) => [`T${i}`]));
    for await (const row of readRosterRows(f, "xlsx")) {
      expect(row.rowNumber).toBe(1);
      break;
    }
    const c = file("csv");
    writeFileSync(c, "教师编号\nT1\nT2\n");
    for await (const row of readRosterRows(c, "csv")) {
      expect(row.cells).toEqual(["教师编号"]);
      break;
    }
  });

  it("a file larger than the upload limit is refused before it is read", async () => {
    const f = file("xlsx");
    writeFileSync(f, "");
    truncateSync(f, 20 * 1024 * 1024 + 1);
    const e = await errorOf(readAll(f, "xlsx"));
    expect(isAppError(e) && e.code).toBe("payloadTooLarge");
  });
});

describe("files that are not spreadsheets", () => {
  it("random bytes are refused as a bad request", async () => {
    const f = file("xlsx");
    writeFileSync(f, randomBytes(64 * 1024));
    await expectBadRequest(f, "xlsx");
  });

  it("random bytes that start like a zip are refused as a bad request", async () => {
    const f = file("xlsx");
    writeFileSync(f, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(64 * 1024)]));
    await expectBadRequest(f, "xlsx");
  });

  it("an empty file is refused as a bad request", async () => {
    const f = file("xlsx");
    writeFileSync(f, "");
    await expectBadRequest(f, "xlsx");
    const c = file("csv");
    writeFileSync(c, "");
    await expectBadRequest(c, "csv");
  });

  it("a text file renamed .xlsx is refused as a bad request", async () => {
    const f = file("xlsx");
    writeFileSync(f, "教师编号,姓名\nHN0001,王芳\n");
    await expectBadRequest(f, "xlsx");
  });

  it("a zip that is not a workbook is refused as a bad request", async () => {
    const f = file("xlsx");
    writeFileSync(f, zipOf([{ name: "readme.txt", data: "hello" }, { name: "word/document.xml", data: "<w:document/>" }]));
    await expectBadRequest(f, "xlsx");
  });

  it("a workbook whose sheet is not XML is refused as a bad request", async () => {
    const f = file("xlsx");
    writeFileSync(f, zipOf([{ name: "xl/worksheets/sheet1.xml", data: "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"str\"><v>x</v></c></row><<<" }]));
    await expectBadRequest(f, "xlsx");
  });

  it("a workbook cut off part way is refused as a bad request", async () => {
    const whole = file("xlsx");
    await writeXlsxFromRows(whole, ["教师编号"], Array.from({ length: 3000 }, (_, i) => [`T${i}`]));
    const bytes = readFileSync(whole);
    for (const fraction of [0.1, 0.5, 0.9]) {
      const f = file("xlsx");
      writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * fraction)));
      await expectBadRequest(f, "xlsx");
    }
  });

  it("an old .xls file renamed .xlsx is refused with a message saying to save it as .xlsx", async () => {
    const f = file("xlsx");
    writeFileSync(f, Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), randomBytes(4096)]));
    const e = await errorOf(readAll(f, "xlsx"));
    expect(isAppError(e) && e.code).toBe("badRequest");
    expect(isAppError(e) && e.message).toContain("另存为 .xlsx");
  });

  it("a zip bomb is refused as too large instead of being inflated", async () => {
    const f = file("xlsx");
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    // 17 MiB of XML whitespace deflates to about 17 KiB.
    writeFileSync(f, zipOf([{ name: "xl/workbook.xml", data: `<workbook ${ns}>${" ".repeat(17 * 1024 * 1024)}</workbook>`, deflate: true }]));
    const e = await errorOf(readAll(f, "xlsx"));
    expect(isAppError(e) && e.code).toBe("payloadTooLarge");
  });

  it("a binary file named .csv is refused as a bad request", async () => {
    const f = file("csv");
    writeFileSync(f, Buffer.concat([Buffer.from("教师编号,姓名\n"), Buffer.from([0, 1, 2, 3, 0])]));
    await expectBadRequest(f, "csv");
  });

  it("a csv with a quote that is never closed is refused as a bad request", async () => {
    const f = file("csv");
    writeFileSync(f, '教师编号,姓名\nHN0001,"王芳\nHN0002,李明\n');
    await expectBadRequest(f, "csv");
  });
});

describe("reading csv", () => {
  it("a BOM, CRLF line ends, and quoted fields with commas, quotes and newlines are read as Excel would", async () => {
    const f = file("csv");
    const text = '\uFEFF教师编号,姓名,职称\r\nHN0001,"王, 芳","说""明"\r\nHN0002,"李\r\n明",\r\n\r\nHN0003,张三,"一级"\r\n';
    writeFileSync(f, text);
    const rows = await readAll(f, "csv");
    expect(rows).toEqual([
      { rowNumber: 1, cells: ["教师编号", "姓名", "职称"] },
      { rowNumber: 2, cells: ["HN0001", "王, 芳", '说"明'] },
      { rowNumber: 3, cells: ["HN0002", "李\r\n明", ""] },
      { rowNumber: 4, cells: [] },
      { rowNumber: 5, cells: ["HN0003", "张三", "一级"] },
    ]);
    expect(checkRosterHeaders(rows[0]!.cells)).toMatchObject({ ok: false, unknown: [] });
  });

  it("more than 200,000 teacher rows are refused, blank lines not counted", async () => {
    const atLimit = file("csv");
    writeFileSync(atLimit, `教师编号\n${"T\n".repeat(200_000)}\n\n\n`);
    expect(await readAll(atLimit, "csv")).toHaveLength(200_004);
    const over = file("csv");
    writeFileSync(over, `教师编号\n${"T\n".repeat(200_001)}`);
    const e = await errorOf(readAll(over, "csv"));
    expect(isAppError(e) && e.code).toBe("payloadTooLarge");
    expect(isAppError(e) && e.message).toBe("文件超过 200000 行，请拆分后分批导入。");
  });

  it("a file error tells the admin in Chinese what to fix", async () => {
    const f = file("csv");
    writeFileSync(f, '教师编号,姓名\nHN0001,"王芳\n');
    const e = await errorOf(readAll(f, "csv"));
    expect(isAppError(e) && e.message).toBe('CSV 文件中有未闭合的引号（"），请检查后重新导出。');
  });

  it("LF line ends and a last line without a newline are read", async () => {
    const f = file("csv");
    writeFileSync(f, "a,b\n1,2\n3,4");
    expect(await readAll(f, "csv")).toEqual([
      { rowNumber: 1, cells: ["a", "b"] },
      { rowNumber: 2, cells: ["1", "2"] },
      { rowNumber: 3, cells: ["3", "4"] },
    ]);
  });

  it("full-width digits and long digit strings stay exactly as written", async () => {
    const f = file("csv");
    writeFileSync(f, "手机号,教师编号\n１３８００１３８０００,000123\n");
    const rows = await readAll(f, "csv");
    expect(rows[1]!.cells).toEqual(["１３８００１３８０００", "000123"]);
  });

  it("a CSV saved by Excel on Chinese Windows (GBK) is read", async () => {
    const f = file("csv");
    // 教师编号,姓名\nHN0001,王芳\n in GBK.
    const gbk = Buffer.from("bdcccaa6b1e0bac52cd0d5c3fb0a484e303030312ccdf5b7bc0a", "hex");
    writeFileSync(f, gbk);
    expect(await readAll(f, "csv")).toEqual([
      { rowNumber: 1, cells: ["教师编号", "姓名"] },
      { rowNumber: 2, cells: ["HN0001", "王芳"] },
    ]);
  });

  it("a CSV larger than one read chunk keeps every row, even one split across chunks", async () => {
    const f = file("csv");
    const lines = ["教师编号,姓名,职称"];
    for (let i = 0; i < 5000; i++) lines.push(`T${i},"教师${i}\r\n第二行","说""${i}"""`);
    writeFileSync(f, `\uFEFF${lines.join("\r\n")}\r\n`);
    const rows = await readAll(f, "csv");
    expect(rows).toHaveLength(5001);
    expect(rows[4321]).toEqual({ rowNumber: 4322, cells: ["T4320", "教师4320\r\n第二行", '说"4320"'] });
  });
});

describe("writing reports and exports", () => {
  it("the rejected-rows report has the row numbers, the roster's columns and the reasons", async () => {
    const f = file("xlsx");
    async function* rejected() {
      yield { rowNumber: 3, cells: ["HN0001", "王芳", "女", "12345"], reasons: ["手机号格式不正确", "缺少学校代码"] };
      yield { rowNumber: 7, cells: ["=cmd|' /C calc'!A0", "@SUM(A1)"], reasons: ["缺少性别"] };
    }
    await writeRejectedRowsReport(f, rejected());
    const rows = await readAll(f, "xlsx");
    expect(rows[0]!.cells).toEqual(["行号", ...headers, "原因"]);
    const reasonColumn = headers.length + 1;
    expect(rows[1]!.cells[0]).toBe(3);
    expect(rows[1]!.cells.slice(1, 5)).toEqual(["HN0001", "王芳", "女", "12345"]);
    expect(rows[1]!.cells[reasonColumn]).toBe("手机号格式不正确；缺少学校代码");
    expect(rows[2]!.cells[0]).toBe(7);
    expect(rows[2]!.cells[reasonColumn]).toBe("缺少性别");
  });

  it("formula-like text in an export is stored as text with Excel's quote-prefix style, not as a formula and without a stray apostrophe", async () => {
    const f = file("xlsx");
    const risky = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "\t=1"];
    await writeXlsxFromRows(f, ["=姓名", "手机号"], [[...risky, "王芳", "13800138000", "'quoted"]]);
    const sheet = sheetOf(f);
    expect(sheet.formulas).toBe(0);
    expect(sheet.cells.A1).toEqual({ type: "inlineStr", text: "=姓名", quotePrefix: true, bold: true });
    expect(sheet.cells.B1).toEqual({ type: "inlineStr", text: "手机号", quotePrefix: false, bold: true });
    risky.forEach((text, i) => expect(sheet.cells[`${column(i)}2`]).toEqual({ type: "inlineStr", text, quotePrefix: true, bold: false }));
    expect(sheet.cells.F2).toEqual({ type: "inlineStr", text: "王芳", quotePrefix: false, bold: false });
    expect(sheet.cells.G2).toEqual({ type: "inlineStr", text: "13800138000", quotePrefix: false, bold: false });
    expect(sheet.cells.H2).toEqual({ type: "inlineStr", text: "'quoted", quotePrefix: false, bold: false });
    // And it reads back as the text itself.
    expect((await readAll(f, "xlsx"))[1]!.cells).toEqual([...risky, "王芳", "13800138000", "'quoted"]);
  });

  it("formula-like text in the rejected-rows report is stored the same way, reasons included", async () => {
    const f = file("xlsx");
    await writeRejectedRowsReport(f, [{ rowNumber: 2, cells: ["=1+1", "+1", "-1", "@x", "王芳"], reasons: ['=HYPERLINK("x")'] }]);
    const sheet = sheetOf(f);
    expect(sheet.formulas).toBe(0);
    expect(sheet.cells.A2).toMatchObject({ type: "n", text: "2" });
    expect(["=1+1", "+1", "-1", "@x"].map((_, i) => sheet.cells[`${column(i + 1)}2`])).toEqual(
      ["=1+1", "+1", "-1", "@x"].map((text) => ({ type: "inlineStr", text, quotePrefix: true, bold: false })),
    );
    expect(sheet.cells[`${column(headers.length + 1)}2`]).toEqual({ type: "inlineStr", text: '=HYPERLINK("x")', quotePrefix: true, bold: false });
  });

  it("an export that fails part way rejects and leaves no file behind", async () => {
    const f = file("xlsx");
    async function* failing() {
      yield ["a"];
      throw new Error("database went away");
    }
    await expect(writeXlsxFromRows(f, ["h"], failing())).rejects.toThrow("database went away");
    expect(existsSync(f)).toBe(false);
  });

  it("a download stream and in-memory bytes hold the same sheets, and both read back", async () => {
    const sheets = () => [
      { name: "汇总", headers: ["机构", "人数"], rows: [["长沙市", 3] as const, ["=1+1", 0] as const] },
      { name: "文字回答", headers: ["回答"], rows: [["很好"]] },
    ];
    const streamed = file("xlsx");
    const chunks: Buffer[] = [];
    for await (const c of xlsxStream(sheets())) chunks.push(c as Buffer);
    writeFileSync(streamed, Buffer.concat(chunks));
    const whole = file("xlsx");
    writeFileSync(whole, await xlsxBytes(sheets()));
    for (const f of [streamed, whole]) {
      expect((await readAll(f, "xlsx")).map((r) => r.cells)).toEqual([["机构", "人数"], ["长沙市", 3], ["=1+1", 0]]);
      expect(sheetOf(f).formulas).toBe(0);
    }
  });

  it("a download whose rows fail part way ends with that error instead of hanging", async () => {
    async function* failing() {
      yield ["a"];
      throw new Error("database went away");
    }
    const read = (async () => {
      for await (const _ of xlsxStream([{ name: "Sheet1", headers: ["h"], rows: failing() }])) {
        // Drain.
      }
    })();
    await expect(read).rejects.toThrow("database went away");
    await expect(xlsxBytes([{ name: "Sheet1", headers: ["h"], rows: failing() }])).rejects.toThrow("database went away");
  });

  it("an export to a folder that does not exist rejects instead of crashing", async () => {
    const f = path.join(dir, "missing", "out.xlsx");
    await expect(writeXlsxFromRows(f, ["h"], [["a"]])).rejects.toMatchObject({ code: "ENOENT" });
  });
});
