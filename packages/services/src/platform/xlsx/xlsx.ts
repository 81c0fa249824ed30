import { createReadStream, createWriteStream } from "node:fs";
import { type FileHandle, open, rm, stat } from "node:fs/promises";
import { posix } from "node:path";
import { PassThrough, pipeline, Readable, Transform, type Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { TextDecoder } from "node:util";
import { createInflateRaw } from "node:zlib";
import ExcelJS from "exceljs";
import { AppError, isAppError } from "@yanxiu/domain/errors";
import { FormulaCell, isBlankRow, startsLikeFormula, rosterColumns, rosterLimits, type TRosterKey } from "@yanxiu/domain/roster";

/**
 * Spreadsheet I/O for the teacher roster import: a streaming reader for uploads (.xlsx or .csv) and
 * streaming writers for the template, the rejected-rows report and exports. Rules for what a row
 * means live in @yanxiu/domain/roster; this file only moves cells in and out of files.
 */

export type TSheetRow = { rowNumber: number; cells: unknown[] };
export type TRejectedRow = { rowNumber: number; cells: string[]; reasons: string[] };

type TRows<T> = AsyncIterable<T> | Iterable<T>;

/** Excel refuses to open a file with a longer cell, so neither side of the import handles one. */
const maxCellChars = 32_767;
/** Excel's column limit; a CSV line wider than this is not a roster. */
const maxColumns = 16_384;

/**
 * The import shows a file error's message to the admin who uploaded it, so it says in Chinese what to
 * fix; what the parser tripped on goes in `cause`, for the logs.
 */
function badFile(message: string, cause?: unknown): AppError {
  const e = new AppError("badRequest", message);
  if (cause !== undefined) e.cause = cause;
  return e;
}

/**
 * Yields every row of the upload's first worksheet (its first tab) in file order, with 1-based
 * spreadsheet row numbers (row 1 is the header row). An .xlsx does not store empty rows, so they are
 * not yielded; a blank .csv line is, with no cells. Cells are plain values: string, number, boolean
 * or null (.csv cells are all strings), or a FormulaCell for a cell holding a formula. Styles are not
 * read, so a date typed into an .xlsx arrives as its Excel serial number; the roster has no date
 * column. Rows are streamed, so memory stays flat however long the sheet is.
 *
 * Throws AppError("badRequest") for a file that is not a readable spreadsheet of that kind, and
 * AppError("payloadTooLarge") past rosterLimits (bytes, or non-blank rows after the header), so the
 * job can end with a reason instead of a crash.
 */
export async function* readRosterRows(filePath: string, kind: "xlsx" | "csv"): AsyncGenerator<TSheetRow, void, undefined> {
  const info = await stat(filePath);
  if (!info.isFile()) throw new AppError("internal", `not a regular file: ${filePath}`);
  if (info.size === 0) throw badFile("文件是空的。");
  if (info.size > rosterLimits.maxFileBytes) {
    throw new AppError("payloadTooLarge", `文件超过 ${rosterLimits.maxFileBytes / 1024 / 1024} MB，请拆分后分批导入。`);
  }

  let dataRows = 0;
  for await (const row of kind === "xlsx" ? readXlsx(filePath, info.size) : readCsv(filePath)) {
    if (row.rowNumber > 1 && !isBlankRow(row.cells) && ++dataRows > rosterLimits.maxRows) {
      throw new AppError("payloadTooLarge", `文件超过 ${rosterLimits.maxRows} 行，请拆分后分批导入。`);
    }
    yield row;
  }
}

/** Inflated sizes past which an upload is a zip bomb, not a roster (200,000 rows need far less). */
const inflateLimits = { part: 16 * 1024 * 1024, sharedStrings: 256 * 1024 * 1024, sheet: 1024 * 1024 * 1024 };

type TZipEntry = { name: string; flags: number; method: number; compressedSize: number; localHeaderOffset: number };

/** The parts of ExcelJS's streaming reader used here; ExcelJS is pinned to 4.4.0, whose reader has them. */
type TReaderParts = {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Iterable<{ eventType: string; value: TWorksheetReader }>;
  workbookRels?: { Id: string; Type: string; Target: string }[];
  model?: { sheets?: { rId: string }[] };
};
type TWorksheetReader = ExcelJS.stream.xlsx.WorksheetReader;

/**
 * An upload is a file on disk, so the zip is read the way unzip tools read it: through its central
 * directory, taking only the parts the first worksheet needs, in the order they are needed, and
 * giving them to ExcelJS's own XML readers. ExcelJS's whole-file streaming reader is not used
 * because it reads the zip front to back with unzipper, which copies sheets that precede their shared
 * strings (the order Excel writes) to temp files it leaves behind when a read fails, can lose the last
 * parts of a zip (unzipper ends before they are read), and finds entries written with a data
 * descriptor by searching the compressed bytes for a signature that they can contain.
 */
async function* readXlsx(filePath: string, size: number): AsyncGenerator<TSheetRow> {
  const file = await open(filePath, "r");
  let sheetData: Readable | undefined;
  try {
    const head = await readAt(file, 0, Math.min(size, 8));
    if (head.equals(oleSignature)) throw badFile("这是旧版 .xls 文件或加了密码的表格：请在 Excel 中另存为 .xlsx（不设密码）后再导入。");
    const zip = await readZipDirectory(file, size);
    const part = (name: string | undefined) => (name === undefined ? undefined : (zip.get(name) ?? zip.get(name.toLowerCase())));
    const inflate = async (entry: TZipEntry, limit: number) => decodeXml(await inflateEntry(filePath, file, size, entry, limit));
    const whole = async (entry: TZipEntry) => Readable.from([await streamToString(await inflate(entry, inflateLimits.part))]);

    const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "ignore",
      worksheets: "emit",
    });
    const book = reader as unknown as TReaderParts;
    const relationships = async (partName: string) => {
      const entry = part(relsPathOf(partName));
      book.workbookRels = [];
      if (entry) await book._parseRels(await whole(entry));
      return book.workbookRels ?? [];
    };

    const officeDocument = (await relationships("")).find((r) => r.Type.endsWith("/officeDocument"));
    const workbookName = resolveTarget("", officeDocument?.Target) ?? "xl/workbook.xml";
    const workbookEntry = part(workbookName);
    if (!workbookEntry) throw badFile("文件无法读取：不是有效的 .xlsx 表格。", new Error(`no ${workbookName}`));
    // Read last, so that ExcelJS keeps the workbook's relationships.
    const rels = await relationships(workbookName);
    await book._parseWorkbook(await whole(workbookEntry));

    const dir = posix.dirname(workbookName);
    // The first tab is the first <sheet> in workbook.xml; a chart sheet there has no rows to read.
    const sheetRel = (book.model?.sheets ?? [])
      .map((sheet) => rels.find((r) => r.Id === sheet.rId))
      .find((r) => r?.Type.endsWith("/worksheet"));
    const sheetEntry = part(resolveTarget(dir, sheetRel?.Target));
    if (!sheetEntry) throw badFile("文件无法读取：.xlsx 中没有工作表。");

    // Where the relationship is missing, the conventional name is tried, as ExcelJS itself does.
    const sharedStringsName = resolveTarget(dir, rels.find((r) => r.Type.endsWith("/sharedStrings"))?.Target);
    const sharedStrings = part(sharedStringsName ?? posix.join(dir, "sharedStrings.xml"));
    if (sharedStrings) {
      for await (const _ of book._parseSharedStrings(await inflate(sharedStrings, inflateLimits.sharedStrings))) {
        // The cache fills as the part is read; nothing is yielded per string.
      }
    }

    sheetData = await inflate(sheetEntry, inflateLimits.sheet);
    let sheet: TWorksheetReader | undefined;
    for (const event of book._parseWorksheet(sheetData, "1")) if (event.eventType === "worksheet") sheet = event.value;
    if (!sheet) throw new Error("ExcelJS emitted no worksheet");

    let lastRowNumber = 0;
    for await (const row of sheet) {
      // Some writers leave out a row's r attribute; such a row follows the one before it.
      const rowNumber = Number.isInteger(row.number) && row.number > 0 ? row.number : lastRowNumber + 1;
      lastRowNumber = rowNumber;
      yield { rowNumber, cells: rowCells(row) };
    }
  } catch (e) {
    if (isAppError(e)) throw e;
    // Zip, inflate and XML errors (TypeErrors included, from ExcelJS on odd XML) all mean the bytes
    // are not a workbook; none of them is worth a retry.
    throw badFile("文件无法读取：不是有效的 .xlsx 表格。", e);
  } finally {
    sheetData?.destroy();
    await file.close();
  }
}

/** Old .xls files and password-protected workbooks are OLE compound files, not zips. */
const oleSignature = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const zipSignature = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, end64: 0x06064b50, end64Locator: 0x07064b50 };
const maxZipEntries = 10_000;

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await file.read(buf, 0, length, position);
  if (bytesRead !== length) throw new Error("zip structure runs past the end of the file");
  return buf;
}

async function readZipDirectory(file: FileHandle, size: number): Promise<Map<string, TZipEntry>> {
  // The end record is the last 22 bytes, unless a comment of up to 64 KiB follows it.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(file, size - tailLength, tailLength);
  let end = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === zipSignature.end) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("no zip end-of-central-directory record");
  let count = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = await readAt(file, size - tailLength + end - 20, 20);
    if (locator.readUInt32LE(0) !== zipSignature.end64Locator) throw new Error("no zip64 locator");
    const end64 = await readAt(file, Number(locator.readBigUInt64LE(8)), 56);
    if (end64.readUInt32LE(0) !== zipSignature.end64) throw new Error("no zip64 end record");
    count = Number(end64.readBigUInt64LE(32));
    directorySize = Number(end64.readBigUInt64LE(40));
    directoryOffset = Number(end64.readBigUInt64LE(48));
  }
  if (count > maxZipEntries || directoryOffset + directorySize > size) throw new Error("implausible zip directory");

  const directory = await readAt(file, directoryOffset, directorySize);
  const entries = new Map<string, TZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (directory.readUInt32LE(p) !== zipSignature.central) throw new Error("broken zip directory");
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    const entry: TZipEntry = {
      name: directory.toString("utf8", p + 46, p + 46 + nameLength).replace(/^\/+/, ""),
      flags: directory.readUInt16LE(p + 8),
      method: directory.readUInt16LE(p + 10),
      compressedSize: directory.readUInt32LE(p + 20),
      localHeaderOffset: directory.readUInt32LE(p + 42),
    };
    const uncompressedSize = directory.readUInt32LE(p + 24);
    // Zip64 moves sizes and offsets that do not fit 32 bits into an extra field, in a fixed order.
    for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength; x += 4 + directory.readUInt16LE(x + 2)) {
      if (directory.readUInt16LE(x) !== 0x0001) continue;
      let q = x + 4;
      if (uncompressedSize === 0xffffffff) q += 8;
      if (entry.compressedSize === 0xffffffff) {
        entry.compressedSize = Number(directory.readBigUInt64LE(q));
        q += 8;
      }
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = Number(directory.readBigUInt64LE(q));
    }
    p += 46 + nameLength + extraLength + commentLength;
    entries.set(entry.name, entry);
    // Part names are case-insensitive in OOXML; a second, lower-cased key finds "XL/Workbook.xml" too.
    if (!entries.has(entry.name.toLowerCase())) entries.set(entry.name.toLowerCase(), entry);
  }
  return entries;
}

/** An entry's bytes, inflated, as a stream that fails (rather than grows) past `limit` bytes. */
async function inflateEntry(filePath: string, file: FileHandle, size: number, entry: TZipEntry, limit: number): Promise<Readable> {
  if (entry.flags & 0x1) throw badFile("这是加了密码的表格：请在 Excel 中取消密码后另存为 .xlsx 再导入。");
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`zip compression method ${entry.method}`);
  const header = await readAt(file, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== zipSignature.local) throw new Error(`no local header for ${entry.name}`);
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + entry.compressedSize > size) throw new Error(`${entry.name} runs past the end of the file`);
  const raw = entry.compressedSize === 0 ? Readable.from([]) : createReadStream(filePath, { start, end: start + entry.compressedSize - 1 });
  let inflated = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      inflated += chunk.length;
      if (inflated > limit) done(new AppError("payloadTooLarge", "文件解压后过大，请拆分后分批导入。"));
      else done(null, chunk);
    },
  });
  // pipeline destroys every stage with the first error, so it reaches whoever reads `limited`.
  const noop = () => {};
  return entry.method === 8 ? pipeline(raw, createInflateRaw(), limited, noop) : pipeline(raw, limited, noop);
}

/**
 * An XML part's bytes as text, decoded across chunk boundaries. ExcelJS decodes each chunk it is
 * given on its own, so a character whose bytes straddle two inflated chunks became U+FFFD (a 学科
 * saved as "\uFFFD\uFFFD\uFFFD文"), depending only on byte offsets; given strings, it uses them as they
 * are. XML parts are UTF-8 unless they start with a UTF-16 byte order mark; the BOM is dropped.
 * Bytes that are not valid in that encoding make the file unreadable rather than quietly replaced.
 */
function decodeXml(bytes: Readable): Readable {
  let decoder: TextDecoder | undefined;
  const decode = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? "utf-16le" : chunk[0] === 0xfe && chunk[1] === 0xff ? "utf-16be" : "utf-8", { fatal: true });
        const text = decoder.decode(chunk, { stream: true });
        done(null, text === "" ? undefined : text);
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done) {
      try {
        const text = decoder?.decode() ?? "";
        done(null, text === "" ? undefined : text);
      } catch (e) {
        done(e as Error);
      }
    },
  });
  return pipeline(bytes, decode, () => {});
}

async function streamToString(stream: Readable): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += chunk as string;
  return text;
}

/** Where a relationship's target lives in the zip: relative to the part's folder, or absolute. */
function resolveTarget(fromDir: string, target: string | undefined): string | undefined {
  if (!target) return undefined;
  let t = target;
  try {
    t = decodeURIComponent(target);
  } catch {
    // A stray % is taken literally.
  }
  const joined = t.startsWith("/") ? t : posix.join("/", fromDir, t);
  return posix.normalize(joined).replace(/^\/+/, "");
}

/** The relationships of "xl/workbook.xml" are in "xl/_rels/workbook.xml.rels"; the package's own in "_rels/.rels". */
function relsPathOf(partName: string): string {
  return posix.join(posix.dirname(partName), "_rels", `${posix.basename(partName)}.rels`).replace(/^\.\//, "");
}

function rowCells(row: ExcelJS.Row): unknown[] {
  // Row.values is 1-based and sparse: index 0 and empty cells are holes.
  const values = row.values as unknown[];
  const cells: unknown[] = [];
  for (let i = 1; i < values.length; i++) cells.push(plainValue(values[i]));
  return cells;
}

function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return o.richText.map((part: { text?: unknown }) => (typeof part?.text === "string" ? part.text : "")).join("");
  // A formula is not read as its cached result (stale, or absent when a tool wrote the file): the
  // import refuses the row and says so.
  if ("formula" in o || "sharedFormula" in o) return new FormulaCell(typeof o.formula === "string" ? o.formula : "");
  if ("text" in o) return plainValue(o.text);
  if (typeof o.error === "string") return o.error;
  return null;
}

/**
 * RFC 4180 with what spreadsheet apps actually write: a UTF-8 BOM, CRLF or LF (or a lone CR) line
 * ends, quoted fields with "" for a quote and commas or newlines inside. Excel on Chinese Windows
 * saves CSV as GB18030 (GBK), so a first chunk that is not valid UTF-8 selects that instead.
 */
async function* readCsv(filePath: string): AsyncGenerator<TSheetRow> {
  const input = createReadStream(filePath, { highWaterMark: 64 * 1024 });
  let decoder: TextDecoder | null = null;
  const parser = new CsvParser();
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      decoder ??= pickDecoder(chunk);
      yield* parser.push(decodeChunk(decoder, chunk, true));
    }
    if (decoder) yield* parser.push(decodeChunk(decoder, undefined, false));
    yield* parser.end();
  } finally {
    input.destroy();
  }
}

function pickDecoder(first: Buffer): TextDecoder {
  try {
    // stream: true tolerates a character cut at the chunk's end.
    new TextDecoder("utf-8", { fatal: true }).decode(first, { stream: true });
    // ignoreBOM: false means the decoder drops a leading BOM rather than handing it on as text.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  } catch {
    return new TextDecoder("gb18030", { fatal: true });
  }
}

function decodeChunk(decoder: TextDecoder, chunk: Buffer | undefined, stream: boolean): string {
  let text: string;
  try {
    text = decoder.decode(chunk, { stream });
  } catch (e) {
    throw badFile("CSV 文件的编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV，或使用 .xlsx。", e);
  }
  // Text files have no NULs; a file with them is binary that was named .csv.
  if (text.includes("\u0000")) throw badFile("文件无法读取：不是有效的 .csv 表格。");
  return text;
}

class CsvParser {
  private row: string[] = [];
  private field = "";
  private inQuotes = false;
  /** Inside quotes, a quote either ends the field or starts a "" pair; the next character decides. */
  private quoteSeen = false;
  /** A CR ended the last row; an LF right after it belongs to the same line end. */
  private afterCR = false;
  private rowNumber = 0;
  private rowHasContent = false;

  *push(text: string): Generator<TSheetRow> {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.afterCR) {
        this.afterCR = false;
        if (ch === "\n") continue;
      }
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.append('"');
            continue;
          }
          this.inQuotes = false;
          // Fall through: the character after a closing quote is read as outside quotes.
        } else if (ch === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          this.append(ch);
          continue;
        }
      }
      if (ch === '"' && this.field === "") {
        this.inQuotes = true;
        this.rowHasContent = true;
      } else if (ch === ",") {
        this.endField();
      } else if (ch === "\n" || ch === "\r") {
        this.afterCR = ch === "\r";
        yield this.endRow();
      } else {
        this.append(ch);
      }
    }
  }

  *end(): Generator<TSheetRow> {
    if (this.inQuotes && !this.quoteSeen) throw badFile("CSV 文件中有未闭合的引号（\"），请检查后重新导出。");
    this.inQuotes = false;
    this.quoteSeen = false;
    // The newline after the last row does not start another one.
    if (this.rowHasContent || this.row.length > 0 || this.field !== "") yield this.endRow();
  }

  private append(ch: string) {
    if (this.field.length >= maxCellChars) throw badFile(`CSV 文件中有超过 ${maxCellChars} 个字符的单元格。`);
    this.field += ch;
    this.rowHasContent = true;
  }

  private endField() {
    if (this.row.length >= maxColumns) throw badFile(`CSV 文件超过 ${maxColumns} 列。`);
    this.row.push(this.field);
    this.field = "";
    this.rowHasContent = true;
  }

  private endRow(): TSheetRow {
    const blank = !this.rowHasContent && this.row.length === 0 && this.field === "";
    if (!blank) this.endField();
    const cells = this.row;
    this.row = [];
    this.field = "";
    this.rowHasContent = false;
    this.rowNumber += 1;
    return { rowNumber: this.rowNumber, cells };
  }
}

/**
 * The template's example row; it passes parseRosterRow, and an import can spot it left in. Its school
 * code is written as the org tree writes them (county code + four digits: 长沙市岳麓区第一中学).
 */
export const rosterTemplateExample: Readonly<Record<TRosterKey, string>> = {
  teacherNo: "HN0001",
  name: "王芳",
  gender: "女",
  phone: "13800138000",
  email: "wangfang@example.com",
  schoolCode: "4301040001",
  stages: "初中、高中",
  subjects: "语文",
  title: "一级教师",
  backboneLevel: "市级",
  idNumber: "",
};

const columnWidths: Record<TRosterKey, number> = {
  teacherNo: 14,
  name: 12,
  gender: 8,
  phone: 16,
  email: 26,
  schoolCode: 16,
  stages: 18,
  subjects: 18,
  title: 14,
  backboneLevel: 12,
  idNumber: 22,
};

/** Columns whose digits must stay text when someone types a new row in Excel (leading zeros, 11-digit phones). */
const textColumns: ReadonlySet<TRosterKey> = new Set(["teacherNo", "phone", "schoolCode", "idNumber"]);

/** How far down the template's dropdowns reach. */
const templateRows = 5000;

const listColumns: Partial<Record<TRosterKey, string[]>> = {
  gender: ["男", "女"],
  backboneLevel: ["国家级", "省级", "市级", "县级", "校级"],
};

/** The roster template: header row (bold; required columns also red), widths, and one example row. */
export async function writeRosterTemplate(filePath: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("教师名单", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = rosterColumns.map((c) => ({
    header: c.header,
    key: c.key,
    width: columnWidths[c.key],
    style: textColumns.has(c.key) ? { numFmt: "@" } : {},
  }));
  const headerRow = sheet.getRow(1);
  rosterColumns.forEach((c, i) => {
    headerRow.getCell(i + 1).font = c.required ? { bold: true, color: { argb: "FFC00000" } } : { bold: true };
  });
  sheet.addRow(rosterColumns.map((c) => rosterTemplateExample[c.key]));
  // One range per column, not a validation per cell: cells created for validations would write
  // hundreds of empty rows into the template.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  rosterColumns.forEach((c, i) => {
    const list = listColumns[c.key];
    if (!list) return;
    const letter = sheet.getColumn(i + 1).letter;
    validations.add(`${letter}2:${letter}${templateRows}`, { type: "list", allowBlank: !c.required, formulae: [`"${list.join(",")}"`] });
  });
  await workbook.xlsx.writeFile(filePath);
}

/**
 * The rows an import refused, for the person who uploaded them: 行号, the roster's columns (cells in
 * rosterColumns order, as uploaded) and 原因. The import's notes (title rows skipped, columns
 * ignored), if any, follow on a second sheet, 说明.
 */
export async function writeRejectedRowsReport(filePath: string, rows: TRows<TRejectedRow>, notes: readonly string[] = []): Promise<void> {
  const headers = ["行号", ...rosterColumns.map((c) => c.header), "原因"];
  // Cells are padded or cut to the roster's columns so 原因 always lands in its own column.
  const cells = mapRows(rows, (r) => [r.rowNumber, ...rosterColumns.map((_, i) => r.cells[i] ?? ""), r.reasons.join("；")]);
  const sheets = [{ name: "未导入的行", headers, rows: cells }];
  if (notes.length) sheets.push({ name: "说明", headers: ["说明"], rows: mapRows(notes, (n) => [n]) });
  await writeSheets(filePath, sheets);
}

/** A plain sheet of text cells with a bold header row (people exports and the like). */
export async function writeXlsxFromRows(filePath: string, headers: string[], rows: TRows<(string | number)[]>): Promise<void> {
  await writeSheets(filePath, [{ name: "Sheet1", headers, rows }]);
}

async function* mapRows<T, U>(rows: TRows<T>, f: (row: T) => U): AsyncGenerator<U> {
  for await (const row of rows) yield f(row);
}

export type TCell = string | number;
export type TSheetSpec = { name: string; headers: string[]; rows: TRows<readonly TCell[]> };

/**
 * The sheets as an .xlsx stream for a download, written as it is read: rows are pulled from their source
 * only as the zip drains. A failure while writing (the rows' source included) destroys the stream with
 * that error, so the response ends instead of hanging and nothing is left unhandled.
 */
export function xlsxStream(sheets: TSheetSpec[]): Readable {
  const out = new PassThrough();
  writeXlsxTo(out, sheets).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}

/** The sheets as a whole .xlsx in memory, for small sheets (a page's figures) sent or stored in one piece. */
export async function xlsxBytes(sheets: TSheetSpec[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on("end", resolve));
  await writeXlsxTo(out, sheets);
  if (!out.writableEnded) out.end();
  await done;
  return Buffer.concat(chunks);
}

/**
 * Streams rows into an .xlsx so an export of 200,000 teachers never sits in memory whole. The file
 * stream is ours so that a write error rejects here instead of surfacing as an unhandled "error";
 * a failed export leaves no half-written file behind.
 */
async function writeSheets(filePath: string, sheets: TSheetSpec[]): Promise<void> {
  const out = createWriteStream(filePath);
  let outError: unknown;
  const outFailed = new Promise<never>((_, reject) => {
    out.on("error", (e) => {
      outError = e;
      reject(e);
    });
  });
  outFailed.catch(() => {});
  try {
    await Promise.race([writeXlsxTo(out, sheets, () => outError), outFailed]);
    await Promise.race([finished(out), outFailed]);
  } catch (e) {
    out.destroy();
    await rm(filePath, { force: true });
    throw e;
  }
}

/**
 * Writes sheets of text and number cells with a bold header row as an .xlsx to `out`; resolves when
 * the workbook is complete. Every platform export goes through here (the caller owns `out`).
 *
 * Text is stored as an inline string (t="inlineStr"), never as a formula or a formula's result, so no
 * spreadsheet app runs it when the file is opened. Text that an app would run as a formula once
 * someone edits the cell (= + - @ at the start) gets Excel's quote-prefix style (quotePrefix="1",
 * the hidden apostrophe Excel itself sets when you type '=1+1) rather than a visible "'" prepended to
 * what the person typed. `failed` lets the caller stop the rows when its stream has failed.
 */
export async function writeXlsxTo(out: Writable, sheets: TSheetSpec[], failed: () => unknown = () => undefined): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  let zipError: unknown;
  (workbook as unknown as { zip?: NodeJS.EventEmitter }).zip?.on("error", (e: unknown) => {
    zipError ??= e;
  });
  const check = () => {
    const e = failed() ?? zipError;
    if (e) throw e;
  };
  const styles = withQuotePrefix(workbook);
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
    writeInlineStrings(sheet);
    sheet.columns = spec.headers.map((h) => ({ width: Math.min(40, Math.max(10, h.length * 2 + 4)) }));
    addRow(sheet, spec.headers, styles.header);
    let n = 0;
    for await (const cells of spec.rows) {
      check();
      addRow(sheet, cells, styles.body);
      // ExcelJS buffers without backpressure; let the zip stream drain now and then.
      if (++n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    sheet.commit();
  }
  await workbook.commit();
  check();
}

type TCellStyles = { plain: Partial<ExcelJS.Style>; quoted: Partial<ExcelJS.Style> };

function addRow(sheet: ExcelJS.Worksheet, cells: readonly TCell[], styles: TCellStyles) {
  const row = sheet.addRow(cells.map((c) => (typeof c === "string" ? clip(c) : c)));
  cells.forEach((c, i) => {
    row.getCell(i + 1).style = typeof c === "string" && startsLikeFormula(c) ? styles.quoted : styles.plain;
  });
  row.commit();
}

function clip(s: string): string {
  return s.length > maxCellChars ? s.slice(0, maxCellChars) : s;
}

/**
 * ExcelJS (pinned to 4.4.0) writes a text cell as t="str", which is the type of a formula's text
 * result, and its rich text (the one way it writes an inline string) reads back as runs instead of
 * text. So each row's XML is rewritten on its way to the zip: a t="str" cell without a formula (the
 * only kind written here) becomes t="inlineStr" with the same, already escaped, text.
 */
function writeInlineStrings(sheet: ExcelJS.Worksheet) {
  const stream = (sheet as unknown as { stream: { write(chunk: unknown, ...rest: unknown[]): unknown } }).stream;
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => write(typeof chunk === "string" ? chunk.replace(formulaTextCell, inlineStringCell) : chunk, ...rest);
}

const formulaTextCell = /<c ([^>]*?)t="str">(?:<v>([^<]*)<\/v>|<v\/>)<\/c>/g;

function inlineStringCell(_: string, attributes: string, text = ""): string {
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : "";
  return `<c ${attributes}t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

type TStylesPart = {
  addStyleModel(model: unknown, cellType?: unknown): number;
  model: { styles: string[] };
  index: { style: Record<string, number> };
};

/**
 * ExcelJS (pinned to 4.4.0) has no quotePrefix style attribute. Its styles part keeps each cell format
 * as rendered XML, deduplicated by that XML, so a style model with `quotePrefix: true` is registered as
 * the same format without it plus quotePrefix="1" on the <xf>.
 */
function withQuotePrefix(workbook: ExcelJS.stream.xlsx.WorkbookWriter): { header: TCellStyles; body: TCellStyles } {
  const part = (workbook as unknown as { styles: TStylesPart }).styles;
  const addStyleModel = part.addStyleModel.bind(part);
  const quoted = new WeakMap<object, number>();
  part.addStyleModel = (model, cellType) => {
    if (!model || typeof model !== "object" || !(model as { quotePrefix?: boolean }).quotePrefix) return addStyleModel(model, cellType);
    let id = quoted.get(model);
    if (id === undefined) {
      const { quotePrefix: _, ...rest } = model as { quotePrefix?: boolean };
      const xml = part.model.styles[addStyleModel(rest, cellType)]!.replace(/^<xf /, '<xf quotePrefix="1" ');
      id = part.index.style[xml] ??= part.model.styles.push(xml) - 1;
      quoted.set(model, id);
    }
    return id;
  };
  const bold = { font: { bold: true } };
  // One object per kind of cell: ExcelJS caches a style's id by the object.
  return {
    header: { plain: bold, quoted: { ...bold, quotePrefix: true } as Partial<ExcelJS.Style> },
    body: { plain: {}, quoted: { quotePrefix: true } as Partial<ExcelJS.Style> },
  };
}
