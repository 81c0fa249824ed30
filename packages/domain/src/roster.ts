import { z } from "zod";

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
] as const;
export type TRosterKey = (typeof rosterColumns)[number]["key"];

export const rosterLimits = { maxRows: 200_000, maxFileBytes: 20 * 1024 * 1024 } as const;

const stageByLabel: Record<string, TStage> = {
  学前: "preschool",
  小学: "primary",
  初中: "juniorSecondary",
  高中: "seniorSecondary",
  中职: "vocational",
  职业教育: "vocational",
  特殊教育: "special",
};

const backboneByLabel: Record<string, TBackboneLevel> = {
  国家级: "national",
  省级: "provincial",
  市级: "city",
  县级: "county",
  校级: "school",
};

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
  })
  .strict();
export type TRosterRow = z.infer<typeof ZRosterRow>;

// Invisible characters that survive copy-and-paste from web pages and chat apps; trim() keeps them.
const invisible = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * One cell as the text a person sees: numbers without exponent notation (a phone number typed into
 * a number cell must not become "1.38e10"), NFKC so full-width digits and letters count as
 * half-width, trimmed, inner whitespace collapsed to one space.
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

export type TRosterHeaderCheck =
  | { ok: true; columnIndex: Partial<Record<TRosterKey, number>> }
  | { ok: false; missing: string[]; unknown: string[]; duplicate: string[] };

/**
 * Matches an upload's header row to the template. Order is free; blank header cells are ignored;
 * an unknown or repeated header is an error, because its column's data would otherwise be dropped
 * or be ambiguous without anyone noticing. Optional columns may be left out.
 */
export function checkRosterHeaders(headers: readonly unknown[]): TRosterHeaderCheck {
  const keyByHeader = new Map<string, TRosterKey>(rosterColumns.map((c) => [c.header, c.key]));
  const columnIndex: Partial<Record<TRosterKey, number>> = {};
  const unknown: string[] = [];
  const duplicate: string[] = [];
  // A for loop, not forEach: spreadsheet rows can be sparse arrays.
  for (let i = 0; i < headers.length; i++) {
    const header = normalizeCell(headers[i]);
    if (header === "") continue;
    const key = keyByHeader.get(header);
    if (!key) unknown.push(header);
    else if (columnIndex[key] !== undefined) duplicate.push(header);
    else columnIndex[key] = i;
  }
  const missing = rosterColumns.filter((c) => c.required && columnIndex[c.key] === undefined).map((c) => c.header);
  if (missing.length || unknown.length || duplicate.length) return { ok: false, missing, unknown, duplicate };
  return { ok: true, columnIndex };
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
    if (s === "") return { value: null };
    const v = backboneByLabel[s];
    return v ? { value: v } : { reason: `骨干级别无法识别：${s}（应为国家级、省级、市级、县级或校级）` };
  },
} satisfies { [K in TRosterKey]: (s: string) => TField<unknown> };

/** Every problem of the row at once, so a person can fix a rejected row in one pass. */
export function parseRosterRow(cells: Readonly<Partial<Record<TRosterKey, unknown>>>): TRosterRowResult {
  const reasons: string[] = [];
  const row: Record<string, unknown> = {};
  for (const { key } of rosterColumns) {
    const result: TField<unknown> = fields[key](normalizeCell(cells[key]));
    if ("reason" in result) reasons.push(result.reason);
    else row[key] = result.value;
  }
  if (reasons.length) return { ok: false, reasons };
  // The field rules above and ZRosterRow must agree; if they drift, fail loudly rather than import bad data.
  return { ok: true, row: ZRosterRow.parse(row) };
}

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab or carriage return before one) as a
 * formula, so text we export from user input gets a leading quote that makes it plain text.
 */
export function escapeSpreadsheetCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
