import { z } from "zod";
import { chinaDay } from "./china-time.ts";
import { maskIdNumber, parseIdNumber } from "./id-number.ts";

/**
 * Teacher roster import: the rules for one uploaded row, with no I/O. A worker reads the file,
 * checks the headers and parses each row here, then checks what needs the database itself
 * (duplicates, unknown school codes, schools outside the importer's subtree).
 */

export const stageIds = ["preschool", "primary", "juniorSecondary", "seniorSecondary", "vocational", "special"] as const;
export type TStage = (typeof stageIds)[number];
export const ZStage = z.enum(stageIds);

export const backboneLevels = ["national", "provincial", "city", "county", "school"] as const;
export type TBackboneLevel = (typeof backboneLevels)[number];
export const ZBackboneLevel = z.enum(backboneLevels);

export const genders = ["male", "female"] as const;
export type TGender = (typeof genders)[number];

/** The template's columns in template order; uploads may order them differently. */
export const rosterColumns = [
  { key: "teacherNo", header: "教师编号", required: true },
  { key: "name", header: "姓名", required: true },
  { key: "gender", header: "性别", required: true },
  { key: "phone", header: "手机号", required: true },
  { key: "email", header: "邮箱", required: false },
  { key: "schoolCode", header: "学校代码", required: true },
  { key: "stages", header: "学段", required: true },
  { key: "subjects", header: "学科", required: false },
  { key: "title", header: "职称", required: false },
  { key: "backboneLevel", header: "骨干级别", required: false },
  /** Optional; kept only as a keyed hash, for matching lists from other platforms (decision 037). */
  { key: "idNumber", header: "身份证号", required: false },
] as const;
export type TRosterKey = (typeof rosterColumns)[number]["key"];

export const rosterLimits = { maxRows: 200_000, maxFileBytes: 20 * 1024 * 1024 } as const;

// The template's labels first; then the names rosters from schools use for the same stage.
const stageByLabel: Record<string, TStage> = {
  学前: "preschool",
  小学: "primary",
  初中: "juniorSecondary",
  高中: "seniorSecondary",
  中职: "vocational",
  职业教育: "vocational",
  特殊教育: "special",
  幼儿园: "preschool",
  学前教育: "preschool",
  初级中学: "juniorSecondary",
  高级中学: "seniorSecondary",
  普通高中: "seniorSecondary",
  职高: "vocational",
  中等职业教育: "vocational",
  特教: "special",
};

const backboneByLabel: Record<string, TBackboneLevel> = {
  国家级: "national",
  省级: "provincial",
  市级: "city",
  县级: "county",
  校级: "school",
  // Districts (区) rank with counties in 三级三类; 市州 and 地市 are the city level.
  区级: "county",
  县区级: "county",
  区县级: "county",
  市州级: "city",
  地市级: "city",
};

/** What rosters write in 骨干级别 for a teacher who is not a backbone teacher. */
const noBackboneLabels: ReadonlySet<string> = new Set(["无", "暂无", "否", "非骨干", "不是", "—", "-", "/"]);

const genderByLabel: Record<string, TGender> = { 男: "male", 女: "female" };

const maxSubjectLength = 20;
// Not in the template's rules, but a row with dozens of subjects is a pasted paragraph, not data.
const maxSubjects = 20;

const teacherNoPattern = /^[A-Z0-9-]{1,32}$/;
const schoolCodePattern = /^[A-Za-z0-9-]{4,32}$/;
const phonePattern = /^1[3-9][0-9]{9}$/;

export const ZRosterRow = z
  .object({
    teacherNo: z.string().regex(teacherNoPattern),
    name: z.string().trim().min(1).max(40),
    gender: z.enum(genders),
    phone: z.string().regex(phonePattern),
    email: z.email().max(254).nullable(),
    schoolCode: z.string().regex(schoolCodePattern),
    stages: z.array(ZStage).min(1),
    subjects: z.array(z.string().min(1).max(maxSubjectLength)).max(maxSubjects),
    title: z.string().min(1).max(20).nullable(),
    backboneLevel: ZBackboneLevel.nullable(),
    /** The 18-character form (parseIdNumber); the import stores only its keyed hash. */
    idNumber: z.string().regex(/^\d{17}[\dX]$/).nullable(),
  })
  .strict();
export type TRosterRow = z.infer<typeof ZRosterRow>;

// Invisible characters that survive copy-and-paste from web pages and chat apps; trim() keeps them.
const invisible = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * A spreadsheet cell that holds a formula. A roster takes what was typed, not a result computed from
 * other cells (the cached result may be stale, or missing when a tool wrote the file), so a row with
 * one is refused with a reason. `formula` is the text after "=", empty for a cell that shares
 * another cell's formula.
 */
export class FormulaCell {
  constructor(readonly formula: string) {}
  toString(): string {
    return `=${this.formula}`;
  }
}

export function isFormulaCell(v: unknown): v is FormulaCell {
  return v instanceof FormulaCell;
}

/**
 * One cell as the text a person sees: numbers without exponent notation (a phone number typed into
 * a number cell must not become "1.38e10"), NFKC so full-width digits and letters count as
 * half-width, trimmed, inner whitespace collapsed to one space. A formula reads as its formula.
 */
export function normalizeCell(v: unknown): string {
  return rawText(v).normalize("NFKC").replace(invisible, "").replace(/\s+/gu, " ").trim();
}

function rawText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return dateText(v);
  if (v instanceof FormulaCell) return v.toString();
  return "";
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) return "";
  if (Object.is(n, -0)) return "0";
  // String() switches to exponent notation from 1e21; long digit strings typed as numbers get there.
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString();
  return String(n);
}

/** Spreadsheet dates carry wall-clock time in UTC fields; a date without a time reads as just the date. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return "";
  const iso = d.toISOString();
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return time === "00:00:00" ? date : `${date} ${time}`;
}

export function isBlankRow(cells: readonly unknown[] | Readonly<Record<string, unknown>>): boolean {
  const values = Array.isArray(cells) ? cells : Object.values(cells);
  return values.every((v) => normalizeCell(v) === "");
}

/** A column of the upload the roster does not take, with the note the import shows for it. */
export type TIgnoredColumn = { column: number; header: string; note: string };

export type TRosterHeaderCheck =
  | { ok: true; columnIndex: Partial<Record<TRosterKey, number>>; ignored: TIgnoredColumn[] }
  | { ok: false; missing: string[]; unknown: string[]; duplicate: string[] };

/** The other names school rosters give the template's columns (compared after headerText). */
const headerAliases: Record<TRosterKey, readonly string[]> = {
  teacherNo: ["教师编号", "教师编码", "教职工编号"],
  name: ["姓名", "教师姓名"],
  gender: ["性别"],
  phone: ["手机号", "手机号码", "手机", "移动电话", "联系电话"],
  email: ["邮箱", "电子邮箱", "电子邮件", "邮箱地址", "email", "e-mail"],
  schoolCode: ["学校代码", "学校编码", "学校标识码"],
  stages: ["学段", "任教学段"],
  subjects: ["学科", "任教学科"],
  title: ["职称", "专业技术职务"],
  backboneLevel: ["骨干级别", "骨干等级", "骨干教师级别", "骨干教师等级"],
  idNumber: ["身份证号", "身份证号码", "身份证", "公民身份号码", "证件号码", "证件号"],
};

/** Why a column that rosters often carry is not imported; any other column is "not a roster column". */
const ignoredBecause: Record<string, string> = {
  学校名称: "学校以学校代码为准",
  学校: "学校以学校代码为准",
  单位名称: "学校以学校代码为准",
  所在学校: "学校以学校代码为准",
};

/**
 * A header cell as compared: normalized, without spaces, without the * that marks a required column,
 * without a note in brackets (性别（男/女）) or a trailing colon, lower-case (Email).
 */
export function headerText(v: unknown): string {
  return normalizeCell(v)
    .replace(/[\s*]/g, "")
    .replace(/\([^()]*\)$/u, "")
    .replace(/[:：]$/u, "")
    .toLowerCase();
}

/**
 * An import's header matching, from its columns (in order) and the other names each goes by: the key a header
 * cell names, and whether a row is the header row — one that names at least three of the columns (a title row
 * merged across the columns, or a line of instructions above the header, names fewer; a data row none).
 */
export function headerMatcher<K extends string>(columns: readonly { key: K }[], aliases: Readonly<Record<K, readonly string[]>>) {
  const byText = new Map<string, K>(columns.flatMap((c) => aliases[c.key].map((alias) => [headerText(alias), c.key] as [string, K])));
  const keyOf = (cell: unknown): K | undefined => byText.get(headerText(cell));
  return {
    keyOf,
    isHeaderRow(cells: readonly unknown[]): boolean {
      const keys = new Set<K>();
      for (const c of cells) {
        const key = keyOf(c);
        if (key) keys.add(key);
      }
      return keys.size >= 3;
    },
  };
}

const rosterHeaders = headerMatcher(rosterColumns, headerAliases);

/**
 * Whether a row is the header row: it names at least three of the roster's columns. School rosters
 * often have a title row (merged across the columns) or a line of instructions above the header;
 * neither names three columns on its own, and a data row names none.
 */
export function isRosterHeaderRow(cells: readonly unknown[]): boolean {
  return rosterHeaders.isHeaderRow(cells);
}

/**
 * Matches an upload's header row to the template. Order is free; the other names schools use for a
 * column are accepted; blank header cells are ignored. A column the roster does not take (学校名称,
 * 身份证号, …) is ignored, and named with a note so the admin sees that its data was not imported;
 * a column named twice is an error, because which one holds the data would be a guess. Optional
 * columns may be left out, required ones may not.
 */
export function checkRosterHeaders(headers: readonly unknown[]): TRosterHeaderCheck {
  const columnIndex: Partial<Record<TRosterKey, number>> = {};
  const ignored: TIgnoredColumn[] = [];
  const duplicate: string[] = [];
  // A for loop, not forEach: spreadsheet rows can be sparse arrays.
  for (let i = 0; i < headers.length; i++) {
    const header = normalizeCell(headers[i]);
    if (header === "") continue;
    const key = rosterHeaders.keyOf(header);
    if (!key) ignored.push({ column: i, header, note: `已忽略“${header}”列：${ignoredBecause[headerText(header)] ?? "不是名册的列"}` });
    else if (columnIndex[key] !== undefined) duplicate.push(header);
    else columnIndex[key] = i;
  }
  const missing = rosterColumns.filter((c) => c.required && columnIndex[c.key] === undefined).map((c) => c.header);
  if (missing.length || duplicate.length) return { ok: false, missing, unknown: missing.length ? ignored.map((c) => c.header) : [], duplicate };
  return { ok: true, columnIndex, ignored };
}

/** Picks a data row's cells by the column positions `checkRosterHeaders` found. */
export function rosterCellsByKey(
  columnIndex: Partial<Record<TRosterKey, number>>,
  cells: readonly unknown[],
): Partial<Record<TRosterKey, unknown>> {
  const out: Partial<Record<TRosterKey, unknown>> = {};
  for (const { key } of rosterColumns) {
    const i = columnIndex[key];
    if (i !== undefined) out[key] = cells[i];
  }
  return out;
}

export type TRosterRowResult = { ok: true; row: TRosterRow } | { ok: false; reasons: string[] };

type TField<T> = { value: T } | { reason: string };

const header = Object.fromEntries(rosterColumns.map((c) => [c.key, c.header])) as Record<TRosterKey, string>;

function missing<T>(key: TRosterKey): TField<T> {
  return { reason: `缺少${header[key]}` };
}

function splitList(s: string): string[] {
  return [...new Set(s.split(/[、,，;；\s]+/u).filter((x) => x !== ""))];
}

const fields = {
  teacherNo(s: string): TField<string> {
    if (s === "") return missing("teacherNo");
    const v = s.toUpperCase();
    return teacherNoPattern.test(v) ? { value: v } : { reason: "教师编号格式不正确（1–32位字母、数字或-）" };
  },
  name(s: string): TField<string> {
    if (s === "") return missing("name");
    return s.length <= 40 ? { value: s } : { reason: "姓名过长（最多40字）" };
  },
  gender(s: string): TField<TGender> {
    if (s === "") return missing("gender");
    const v = genderByLabel[s];
    return v ? { value: v } : { reason: `性别无法识别：${s}（应为男或女）` };
  },
  phone(s: string): TField<string> {
    if (s === "") return missing("phone");
    // People write 138 0013 8000, 138-0013-8000 or +86 13800138000; all mean the same number.
    const v = s.replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "");
    return phonePattern.test(v) ? { value: v } : { reason: "手机号格式不正确" };
  },
  email(s: string): TField<string | null> {
    if (s === "") return { value: null };
    const v = s.toLowerCase();
    return ZRosterRow.shape.email.safeParse(v).success ? { value: v } : { reason: "邮箱格式不正确" };
  },
  schoolCode(s: string): TField<string> {
    if (s === "") return missing("schoolCode");
    return schoolCodePattern.test(s) ? { value: s } : { reason: "学校代码格式不正确（4–32位字母、数字或-）" };
  },
  stages(s: string): TField<TStage[]> {
    const labels = splitList(s);
    if (labels.length === 0) return missing("stages");
    const unknownLabels = labels.filter((l) => !stageByLabel[l]);
    if (unknownLabels.length) return { reason: `学段无法识别：${unknownLabels.join("、")}` };
    return { value: [...new Set(labels.map((l) => stageByLabel[l]!))] };
  },
  subjects(s: string): TField<string[]> {
    const items = splitList(s);
    const tooLong = items.filter((x) => x.length > maxSubjectLength);
    if (tooLong.length) return { reason: `学科名称过长（每项最多${maxSubjectLength}字）：${tooLong.join("、")}` };
    if (items.length > maxSubjects) return { reason: `学科过多（最多${maxSubjects}项）` };
    return { value: items };
  },
  title(s: string): TField<string | null> {
    if (s === "") return { value: null };
    return s.length <= 20 ? { value: s } : { reason: "职称过长（最多20字）" };
  },
  backboneLevel(s: string): TField<TBackboneLevel | null> {
    if (s === "" || noBackboneLabels.has(s)) return { value: null };
    // 县级骨干, 省级骨干教师: the level is what comes before 骨干.
    const v = backboneByLabel[s.replace(/骨干(教师)?$/u, "")];
    return v ? { value: v } : { reason: `骨干级别无法识别：${s}（应为国家级、省级、市级、县级或校级）` };
  },
  idNumber(s: string, today: string): TField<string | null> {
    if (s === "") return { value: null };
    const r = parseIdNumber(s, today);
    return r.ok ? { value: r.value } : { reason: r.reason };
  },
} satisfies { [K in TRosterKey]: (s: string, today: string) => TField<unknown> };

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f]/;

/** Every problem of the row at once, so a person can fix a rejected row in one pass. `today` bounds a 身份证号's birth date. */
export function parseRosterRow(cells: Readonly<Partial<Record<TRosterKey, unknown>>>, today: string = chinaDay()): TRosterRowResult {
  const reasons: string[] = [];
  const row: Record<string, unknown> = {};
  for (const { key } of rosterColumns) {
    const cell = cells[key];
    if (isFormulaCell(cell)) {
      const shown = normalizeCell(cell);
      reasons.push(`${header[key]}是公式${shown === "=" ? "" : `（${shown}）`}，请改为直接填写（可在 Excel 中复制后选择性粘贴为数值）`);
      continue;
    }
    // Excel keeps 15 significant digits: an 18-digit 身份证号 typed into a number cell has already lost its last ones.
    if (key === "idNumber" && typeof cell === "number") {
      reasons.push("身份证号被存成了数字，后几位已丢失：请把该列设为文本格式后重新填写");
      continue;
    }
    const text = normalizeCell(cell);
    // Control characters (a NUL, an escape) are never part of a name or a code, and Postgres refuses NUL in text.
    if (controlCharacter.test(text)) {
      reasons.push(`${header[key]}含有不可见的控制字符`);
      continue;
    }
    const result: TField<unknown> = fields[key](text, today);
    if ("reason" in result) reasons.push(result.reason);
    else row[key] = result.value;
  }
  if (reasons.length) return { ok: false, reasons };
  // The field rules above and ZRosterRow must agree; if they drift, fail loudly rather than import bad data.
  return { ok: true, row: ZRosterRow.parse(row) };
}

/**
 * Whether a spreadsheet app would run this text as a formula once someone edits its cell: it starts
 * with = + - @ (or a tab or carriage return before one). Exports store such text with the quote-prefix
 * style, so it stays text without a visible "'" added to what the person typed.
 */
export function startsLikeFormula(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s);
}

/**
 * A phone number as lists show it (138****0003): enough to tell people apart, not enough to call them. The
 * whole number is on the person's own page, for the administrators in whose scope they are.
 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  return phone.length >= 7 ? `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}` : "*".repeat(phone.length);
}

/** What an import has counted: rows checked, written (created, updated or unchanged) and rejected. */
export type TRosterImportCounts = { checked: number; written: number; rejected: number; created: number; updated: number; unchanged: number };

/** The counts as an import's row stores them (`checkedRows` …), for its progress page and its summary. */
export function rosterImportCounts(row: Record<`${keyof TRosterImportCounts}Rows`, number>): TRosterImportCounts {
  const { checkedRows: checked, writtenRows: written, rejectedRows: rejected, createdRows: created, updatedRows: updated, unchangedRows: unchanged } = row;
  return { checked, written, rejected, created, updated, unchanged };
}

/** A 身份证号 cell as an import's report shows it back: masked (region and last four), whatever the cell holds. */
export function maskIdNumberCell(cell: unknown): string {
  return maskIdNumber(normalizeCell(cell).replace(/\s/g, "").slice(0, 40));
}
