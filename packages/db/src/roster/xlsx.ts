import { createReadStream, createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { finished } from "node:stream/promises";
import { TextDecoder } from "node:util";
import ExcelJS from "exceljs";
import { AppError, isAppError } from "@yanxiu/domain/errors";
import { escapeSpreadsheetCell, rosterColumns, rosterLimits, type TRosterKey } from "@yanxiu/domain/roster";

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

function badFile(message: string): AppError {
  return new AppError("badRequest", message);
}

/**
 * Yields every row of the upload's first worksheet in file order, with 1-based spreadsheet row
 * numbers (row 1 is the header row). Cells are plain values: string, number, boolean, Date or null.
 * Rows are streamed, so memory stays flat however long the sheet is.
 *
 * Throws AppError("badRequest") for a file that is not a readable spreadsheet of that kind, and
 * AppError("payloadTooLarge") past rosterLimits, so the job can end with a reason instead of a crash.
 */
export async function* readRosterRows(filePath: string, kind: "xlsx" | "csv"): AsyncGenerator<TSheetRow, void, undefined> {
  const info = await stat(filePath);
  if (!info.isFile()) throw badFile(`not a file: ${filePath}`);
  if (info.size === 0) throw badFile("the file is empty");
  if (info.size > rosterLimits.maxFileBytes) throw new AppError("payloadTooLarge", `file of ${info.size} bytes`);

  let count = 0;
  for await (const row of kind === "xlsx" ? readXlsx(filePath) : readCsv(filePath)) {
    // One header row plus maxRows data rows.
    if (++count > rosterLimits.maxRows + 1) throw new AppError("payloadTooLarge", `more than ${rosterLimits.maxRows} rows`);
    yield row;
  }
}

/**
 * The read stream is ours, not ExcelJS's: a read error on a stream ExcelJS opened itself has no
 * listener and would crash the process, and the unzip stream it is piped into never hears of it and
 * waits forever. So every wait below races against the read stream failing.
 */
async function* readXlsx(filePath: string): AsyncGenerator<TSheetRow> {
  const input = createReadStream(filePath);
  let inputError: unknown;
  const inputFailed = new Promise<never>((_, reject) => {
    input.on("error", (e) => {
      inputError = e;
      reject(e);
    });
  });
  inputFailed.catch(() => {});
  const race = <T>(p: Promise<T>) => Promise.race([p, inputFailed]);

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    worksheets: "emit",
  });
  let foundSheet = false;
  try {
    const sheets = reader[Symbol.asyncIterator]();
    for (;;) {
      const next = await race(sheets.next());
      if (next.done) break;
      const sheet = next.value;
      if (foundSheet || !isFirstSheet(reader, sheet)) {
        releaseSheet(sheet);
        continue;
      }
      foundSheet = true;
      const rows = sheet[Symbol.asyncIterator]();
      let lastRowNumber = 0;
      for (;;) {
        const r = await race(rows.next());
        if (r.done) break;
        // Some writers leave out the row's r attribute; then the row follows the previous one.
        const rowNumber = Number.isInteger(r.value.number) && r.value.number > 0 ? r.value.number : lastRowNumber + 1;
        lastRowNumber = rowNumber;
        yield { rowNumber, cells: rowCells(r.value) };
      }
    }
  } catch (e) {
    if (isAppError(e) || e === inputError) throw e;
    // ExcelJS and its unzip and XML parsers throw whatever they trip on (TypeErrors included) when
    // the bytes are not a workbook; none of it is worth a retry.
    throw badFile(`not a readable xlsx file: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    input.destroy();
  }
  if (!foundSheet) throw badFile("not an xlsx workbook: no worksheet found");
}

type TWorksheetReader = ExcelJS.stream.xlsx.WorksheetReader;

/**
 * Worksheets arrive in zip order, which need not be tab order; the first tab is the first sheet in
 * workbook.xml. Without workbook.xml (it comes first in every file Excel, WPS or ExcelJS writes) the
 * first sheet to arrive is taken.
 */
function isFirstSheet(reader: ExcelJS.stream.xlsx.WorkbookReader, sheet: TWorksheetReader): boolean {
  const sheets = (reader as unknown as { model?: { sheets?: { id: number | string }[] } }).model?.sheets;
  const first = sheets?.[0];
  if (!first) return true;
  return String((sheet as unknown as { id: number | string }).id) === String(first.id);
}

/** A sheet parked in a temp file holds an open read stream until someone reads it; we never will. */
function releaseSheet(sheet: TWorksheetReader): void {
  const source = (sheet as unknown as { iterator?: { destroy?: () => void } }).iterator;
  if (typeof source?.destroy === "function") source.destroy();
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
  if ("formula" in o || "sharedFormula" in o) return plainValue(o.result);
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
  } catch {
    throw badFile(`not a readable csv file: text is neither UTF-8 nor GB18030`);
  }
  // Text files have no NULs; a file with them is binary that was named .csv.
  if (text.includes("\u0000")) throw badFile("not a readable csv file: binary content");
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
    if (this.inQuotes && !this.quoteSeen) throw badFile("not a readable csv file: a quoted field is never closed");
    this.inQuotes = false;
    this.quoteSeen = false;
    // The newline after the last row does not start another one.
    if (this.rowHasContent || this.row.length > 0 || this.field !== "") yield this.endRow();
  }

  private append(ch: string) {
    if (this.field.length >= maxCellChars) throw badFile(`not a readable csv file: a cell longer than ${maxCellChars} characters`);
    this.field += ch;
    this.rowHasContent = true;
  }

  private endField() {
    if (this.row.length >= maxColumns) throw badFile(`not a readable csv file: more than ${maxColumns} columns`);
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

/** The template's example row; it passes parseRosterRow, and an import can spot it left in. */
export const rosterTemplateExample: Readonly<Record<TRosterKey, string>> = {
  teacherNo: "HN0001",
  name: "王芳",
  gender: "女",
  phone: "13800138000",
  email: "wangfang@example.com",
  schoolCode: "HN-CS-0001",
  stages: "初中、高中",
  subjects: "语文",
  title: "一级教师",
  backboneLevel: "市级",
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
};

/** Columns whose digits must stay text when someone types a new row in Excel (leading zeros, 11-digit phones). */
const textColumns: ReadonlySet<TRosterKey> = new Set(["teacherNo", "phone", "schoolCode"]);

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
 * rosterColumns order, as uploaded) and 原因.
 */
export async function writeRejectedRowsReport(filePath: string, rows: TRows<TRejectedRow>): Promise<void> {
  const headers = ["行号", ...rosterColumns.map((c) => c.header), "原因"];
  await writeSheet(filePath, "未导入的行", headers, mapRows(rows, (r) => [
    r.rowNumber,
    // Padded or cut to the roster's columns so 原因 always lands in its own column.
    ...rosterColumns.map((_, i) => r.cells[i] ?? ""),
    r.reasons.join("；"),
  ]));
}

/** A plain sheet of text cells with a bold header row (people exports and the like). */
export async function writeXlsxFromRows(filePath: string, headers: string[], rows: TRows<string[]>): Promise<void> {
  await writeSheet(filePath, "Sheet1", headers, rows);
}

async function* mapRows<T, U>(rows: TRows<T>, f: (row: T) => U): AsyncGenerator<U> {
  for await (const row of rows) yield f(row);
}

function safeText(s: string): string {
  return escapeSpreadsheetCell(s.length > maxCellChars ? s.slice(0, maxCellChars) : s);
}

/**
 * Streams rows into an .xlsx so an export of 200,000 teachers never sits in memory whole. The file
 * stream is ours so that a write error rejects here instead of surfacing as an unhandled "error";
 * a failed export leaves no half-written file behind.
 */
async function writeSheet(filePath: string, sheetName: string, headers: string[], rows: TRows<readonly (string | number)[]>): Promise<void> {
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
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    (workbook as unknown as { zip?: NodeJS.EventEmitter }).zip?.on("error", (e: unknown) => {
      outError ??= e;
    });
    const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = headers.map((h) => ({ width: Math.min(40, Math.max(10, h.length * 2 + 4)) }));
    const headerRow = sheet.addRow(headers.map(safeText));
    headerRow.font = { bold: true };
    headerRow.commit();
    let n = 0;
    for await (const cells of rows) {
      if (outError) throw outError;
      sheet.addRow(cells.map((c) => (typeof c === "string" ? safeText(c) : c))).commit();
      // ExcelJS buffers without backpressure; let the zip stream drain now and then.
      if (++n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    sheet.commit();
    await Promise.race([workbook.commit(), outFailed]);
    await Promise.race([finished(out), outFailed]);
  } catch (e) {
    out.destroy();
    await rm(filePath, { force: true });
    throw e;
  }
}
