import { z } from "zod";
import { awardCategories, organiserLevels, type TAwardCategory, type TOrganiserLevel } from "./credits.ts";
import { categoryLabel, convertAward, levelLabel, roleLabel, roundAmount, schemeRoles, type TCreditScheme, type TSchemeRole } from "./credit-scheme.ts";
import { parseIdNumber } from "./id-number.ts";
import { headerMatcher, isFormulaCell, normalizeCell } from "./roster.ts";

/**
 * Bulk 学时 from another platform's list (decision 029): the columns, what each accepts, and one row's check.
 * Pure: matching rows to teachers, the scope and the ledger are the service's.
 *
 * Matching keys are 教师编号, 身份证号 and 手机号. A 身份证号 is checked here (parseIdNumber) and matched by the
 * service against the keyed hash the roster import keeps (decision 037); the number itself is never stored.
 */
export const hoursImportColumns = [
  { key: "teacherNo", header: "教师编号", required: false },
  { key: "idNumber", header: "身份证号", required: false },
  { key: "phone", header: "手机号", required: false },
  { key: "name", header: "姓名", required: false },
  { key: "title", header: "项目名称", required: true },
  /** 学时 or 学分 (or both): a row must give one (decision 039). */
  { key: "hours", header: "学时", required: false },
  /** 学分 as a 学分-native platform states them, kept on the award and counted as stated under a 学分 scheme (decision 039). */
  { key: "credits", header: "学分", required: false },
  { key: "category", header: "类别", required: true },
  { key: "level", header: "级别", required: true },
  { key: "completedOn", header: "完成日期", required: true },
  { key: "platform", header: "来源平台", required: false },
  /** 主持 / 参与 / 辅导: the ledger's role, which a scheme may convert at its own rate; blank is 参与. */
  { key: "role", header: "角色", required: false },
] as const;
export type THoursImportKey = (typeof hoursImportColumns)[number]["key"];

/** The columns that name the teacher; a file needs at least one of them. */
export const hoursImportTeacherKeys = ["teacherNo", "idNumber", "phone"] as const satisfies readonly THoursImportKey[];

/** The columns that give the amount; a file needs at least one of them, a row at least one value. */
export const hoursImportAmountKeys = ["hours", "credits"] as const satisfies readonly THoursImportKey[];

export const hoursImportLimits = { maxRows: 50_000, maxFileBytes: 20 * 1024 * 1024, maxHoursPerRow: 500, maxCreditsPerRow: 100, shownIssues: 300 } as const;

const headerAliases: Record<THoursImportKey, readonly string[]> = {
  teacherNo: ["教师编号", "教师编码", "教职工编号", "工号"],
  idNumber: ["身份证号", "身份证号码", "身份证", "证件号码", "证件号"],
  phone: ["手机号", "手机号码", "手机", "移动电话", "联系电话"],
  name: ["姓名", "教师姓名", "学员姓名"],
  title: ["项目名称", "培训项目", "培训项目名称", "培训名称", "研修项目", "课程名称", "活动名称"],
  hours: ["学时", "学时数", "认定学时", "获得学时", "获得学时数"],
  credits: ["学分", "学分数", "获得学分", "认定学分", "获得学分数", "认定学分数", "credits", "credit"],
  category: ["类别", "学时类别", "培训类别", "研修类别", "培训形式"],
  level: ["级别", "培训级别", "项目级别", "组织级别"],
  completedOn: ["完成日期", "完成时间", "结业日期", "结业时间", "认定日期", "培训结束日期"],
  platform: ["来源平台", "平台", "来源", "数据来源"],
  role: ["角色", "参与角色", "担任角色", "身份"],
};

/** The ledger's roles by the words lists use for them. */
export const roleByLabel: Readonly<Record<string, TSchemeRole>> = {
  主持: "lead",
  主持人: "lead",
  主讲: "lead",
  主讲人: "lead",
  负责人: "lead",
  参与: "participant",
  参与者: "participant",
  参加: "participant",
  学员: "participant",
  辅导: "assistant",
  辅导教师: "assistant",
  助教: "assistant",
};

/** The ledger's categories by the labels the UI shows (credits.category.*), then the names other platforms use. */
export const categoryByLabel: Readonly<Record<string, TAwardCategory>> = {
  集中培训: "concentrated",
  网络研修: "online",
  校本研修: "schoolBased",
  跟岗研修: "shadowing",
  送教下乡: "outreach",
  学历提升: "degree",
  工作室研修: "studio",
  "双师/支教": "coTeaching",
  自主研修: "selfStudy",
  面授培训: "concentrated",
  集中面授: "concentrated",
  网络培训: "online",
  线上培训: "online",
  在线研修: "online",
  远程培训: "online",
  校本培训: "schoolBased",
  跟岗学习: "shadowing",
  名师工作室: "studio",
  支教: "coTeaching",
  双师课堂: "coTeaching",
  自主学习: "selfStudy",
};

/** Organiser levels by the UI's labels (credits.level.*); districts rank with counties. */
export const levelByLabel: Readonly<Record<string, TOrganiserLevel>> = {
  国家级: "national",
  省级: "provincial",
  市级: "city",
  县级: "county",
  校级: "school",
  区级: "county",
  县区级: "county",
  区县级: "county",
  市州级: "city",
  地市级: "city",
};

const hoursHeaders = headerMatcher(hoursImportColumns, headerAliases);

/** A row is the header when it names at least three of the columns (a title row above it names none). */
export function isHoursHeaderRow(cells: readonly unknown[]): boolean {
  return hoursHeaders.isHeaderRow(cells);
}

export type THoursHeaderCheck =
  | { ok: true; columnIndex: Partial<Record<THoursImportKey, number>>; notes: string[] }
  | { ok: false; reason: string };

/** Matches the header row: order free, aliases accepted, other columns ignored with a note, duplicates refused. */
export function checkHoursHeaders(headers: readonly unknown[]): THoursHeaderCheck {
  const columnIndex: Partial<Record<THoursImportKey, number>> = {};
  const notes: string[] = [];
  const duplicate: string[] = [];
  for (let i = 0; i < headers.length; i++) {
    const shown = normalizeCell(headers[i]);
    if (shown === "") continue;
    const key = hoursHeaders.keyOf(shown);
    if (!key) notes.push(`已忽略“${shown.slice(0, 40)}”列：不是学时导入的列`);
    else if (columnIndex[key] !== undefined) duplicate.push(shown);
    else columnIndex[key] = i;
  }
  const missing: string[] = hoursImportColumns.filter((c) => c.required && columnIndex[c.key] === undefined).map((c) => c.header);
  if (hoursImportAmountKeys.every((k) => columnIndex[k] === undefined)) missing.unshift("学时或学分（至少一列）");
  if (hoursImportTeacherKeys.every((k) => columnIndex[k] === undefined)) missing.unshift("教师编号、身份证号或手机号（至少一列）");
  const parts = [missing.length ? `缺少列：${missing.join("、")}` : "", duplicate.length ? `重复的列：${duplicate.join("、")}` : ""].filter(Boolean);
  if (parts.length) return { ok: false, reason: `表头与模板不一致（${parts.join("；")}）。请使用学时导入模板。` };
  return { ok: true, columnIndex, notes };
}

export function hoursCellsByKey(columnIndex: Partial<Record<THoursImportKey, number>>, cells: readonly unknown[]): Partial<Record<THoursImportKey, unknown>> {
  const out: Partial<Record<THoursImportKey, unknown>> = {};
  for (const { key } of hoursImportColumns) {
    const i = columnIndex[key];
    if (i !== undefined) out[key] = cells[i];
  }
  return out;
}

const teacherNoPattern = /^[A-Z0-9-]{1,32}$/;
const phonePattern = /^1[3-9][0-9]{9}$/;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export const ZHoursImportRow = z
  .object({
    teacherNo: z.string().regex(teacherNoPattern).nullable(),
    phone: z.string().regex(phonePattern).nullable(),
    /** The 18-character form; the service matches its keyed hash and never stores it. */
    idNumber: z.string().regex(/^\d{17}[\dX]$/).nullable(),
    name: z.string().min(1).max(40).nullable(),
    title: z.string().min(1).max(200),
    /** Raw 学时; 0 when the row states only 学分. */
    hours: z.number().min(0).max(hoursImportLimits.maxHoursPerRow),
    /** 学分 as the list states them, or null. */
    credits: z.number().positive().max(hoursImportLimits.maxCreditsPerRow).nullable(),
    category: z.enum(awardCategories),
    organiserLevel: z.enum(organiserLevels),
    completedOn: z.string().regex(dayPattern),
    platform: z.string().min(1).max(60).nullable(),
    role: z.enum(schemeRoles),
  })
  .strict()
  .refine((r) => r.hours > 0 || r.credits != null, "学时或学分至少填写一项");
export type THoursImportRow = z.infer<typeof ZHoursImportRow>;

/** On failure, the teacher keys that did parse, so the import can report a row's unknown teacher with its other problems. */
export type THoursRowResult =
  | { ok: true; row: THoursImportRow }
  | { ok: false; reasons: string[]; keys: { teacherNo: string | null; idNumber: string | null; phone: string | null; name: string | null } };

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f]/;

function validDay(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/**
 * A day as platforms export it: 2025-07-31, 2025/7/31, 2025.7.31, 2025年7月31日, a date cell (with or without a
 * time), or an Excel serial day number (a date column formatted as a number).
 */
export function parseImportDay(s: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/u.exec(s);
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact) return validDay(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  if (/^\d{5}$/.test(s)) {
    // Excel's day 1 is 1900-01-01 and it counts a 1900-02-29 that never was: day 25569 is 1970-01-01.
    const ms = (Number(s) - 25569) * 86_400_000;
    return new Date(ms).toISOString().slice(0, 10);
  }
  return null;
}

type TAmount = { ok: true; value: number | null } | { ok: false; reason: string };

/**
 * A 学时 or 学分 cell: blank (null), or a positive decimal with at most `decimals` places and at most `max`.
 * A unit word after the number is dropped ("12学时", "2 学分"); "2,5" is refused with a hint, not read as 25.
 */
export function parseAmount(text: string | undefined, label: string, unit: RegExp, decimals: number, max: number): TAmount {
  const t = (text ?? "").replace(unit, "").trim();
  if (!t) return { ok: true, value: null };
  if (/^\d+,\d+$/.test(t)) return { ok: false, reason: `${label}不是数字：${t.slice(0, 20)}（小数点请用“.”）` };
  if (/^[-−]\s*\d+(\.\d+)?$/.test(t)) return { ok: false, reason: `${label}必须大于 0` };
  if (!/^\d+(\.\d+)?$/.test(t)) return { ok: false, reason: `${label}不是数字：${t.slice(0, 20)}` };
  const value = Number(t);
  if (!Number.isFinite(value) || value > max) return { ok: false, reason: `${label}过大（每行最多 ${max}）` };
  if (value <= 0) return { ok: false, reason: `${label}必须大于 0` };
  const f = 10 ** decimals;
  if (Math.abs(Math.round(value * f) - value * f) > 1e-6) return { ok: false, reason: `${label}最多保留${decimals === 1 ? "一" : "两"}位小数` };
  return { ok: true, value };
}

/** Columns kept as written (full-width brackets stay, unlike codes and numbers, which NFKC folds); duplicates are still found by the folded form. */
const freeText: ReadonlySet<THoursImportKey> = new Set(["title", "platform"]);
// Invisible characters that survive copy-and-paste from web pages; trim() keeps them.
const invisible = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Every problem of one row at once, in Chinese, so a person fixes the file in one pass. `today` bounds 完成日期. */
export function parseHoursRow(cells: Readonly<Partial<Record<THoursImportKey, unknown>>>, today: string): THoursRowResult {
  const reasons: string[] = [];
  const text: Partial<Record<THoursImportKey, string>> = {};
  /** Cells already refused (a formula, a control character): not also "missing". */
  const unread = new Set<THoursImportKey>();
  for (const c of hoursImportColumns) {
    const cell = cells[c.key];
    if (isFormulaCell(cell)) {
      reasons.push(`${c.header}是公式，请改为直接填写（可在 Excel 中复制后选择性粘贴为数值）`);
      unread.add(c.key);
      continue;
    }
    const v = freeText.has(c.key) && typeof cell === "string" ? cell.replace(invisible, "").replace(/\s+/gu, " ").trim() : normalizeCell(cell);
    if (controlCharacter.test(v)) {
      reasons.push(`${c.header}含有不可见的控制字符`);
      unread.add(c.key);
      continue;
    }
    text[c.key] = v;
  }
  const teacherNoText = (text.teacherNo ?? "").toUpperCase();
  const phoneText = (text.phone ?? "").replace(/[\s-]/g, "").replace(/^(\+86|0086)/, "");
  const idText = (text.idNumber ?? "").toUpperCase();
  let teacherNo: string | null = null;
  let phone: string | null = null;
  let idNumber: string | null = null;
  if (teacherNoText) {
    if (teacherNoPattern.test(teacherNoText)) teacherNo = teacherNoText;
    else reasons.push("教师编号格式不正确（1–32位字母、数字或-）");
  }
  if (phoneText) {
    if (phonePattern.test(phoneText)) phone = phoneText;
    else reasons.push("手机号格式不正确");
  }
  if (typeof cells.idNumber === "number") reasons.push("身份证号被存成了数字，后几位已丢失：请把该列设为文本格式后重新填写");
  else if (idText) {
    const id = parseIdNumber(idText, today);
    if (id.ok) idNumber = id.value;
    else reasons.push(id.reason);
  }
  if (!teacherNoText && !phoneText && !idText) reasons.push("缺少教师编号、身份证号或手机号");
  const name = text.name ?? "";
  if (name.length > 40) reasons.push("姓名过长（最多40字）");
  const title = text.title ?? "";
  if (!title) reasons.push("缺少项目名称");
  else if (title.length > 200) reasons.push("项目名称过长（最多200字）");

  // 学时, 学分 or both (decision 039); a column the file lacks is not "missing" in a row.
  const hours = parseAmount(text.hours, "学时", /(学时|课时)$/u, 1, hoursImportLimits.maxHoursPerRow);
  const credits = parseAmount(text.credits, "学分", /(学分|分)$/u, 2, hoursImportLimits.maxCreditsPerRow);
  for (const a of [hours, credits]) if (!a.ok) reasons.push(a.reason);
  if (hours.ok && credits.ok && hours.value == null && credits.value == null && !unread.has("hours") && !unread.has("credits")) {
    const has = { hours: "hours" in cells, credits: "credits" in cells };
    reasons.push(has.hours && has.credits ? "缺少学时和学分（至少填写一项）" : has.credits ? "缺少学分" : "缺少学时");
  }

  const category = categoryByLabel[(text.category ?? "").replace(/\s/g, "")];
  if (!text.category) reasons.push("缺少类别");
  else if (!category) reasons.push(`类别无法识别：${text.category.slice(0, 20)}（应为集中培训、网络研修、校本研修等）`);

  const level = levelByLabel[(text.level ?? "").replace(/\s/g, "")];
  if (!text.level) reasons.push("缺少级别");
  else if (!level) reasons.push(`级别无法识别：${text.level.slice(0, 20)}（应为国家级、省级、市级、县级或校级）`);

  let completedOn: string | null = null;
  if (!text.completedOn) reasons.push("缺少完成日期");
  else {
    completedOn = parseImportDay(text.completedOn);
    if (!completedOn) reasons.push(`完成日期无法识别：${text.completedOn.slice(0, 20)}（应为 2025-07-31 这样的日期）`);
    else if (completedOn > today) reasons.push("完成日期不能晚于今天");
    else if (completedOn < "2000-01-01") reasons.push("完成日期过早");
  }
  const platform = text.platform ?? "";
  if (platform.length > 60) reasons.push("来源平台过长（最多60字）");
  const roleText = (text.role ?? "").replace(/\s/g, "");
  const role = roleText === "" ? "participant" : roleByLabel[roleText];
  if (!role) reasons.push(`角色无法识别：${roleText.slice(0, 20)}（应为主持、参与或辅导）`);

  if (reasons.length) return { ok: false, reasons, keys: { teacherNo, idNumber, phone, name: name && name.length <= 40 ? name : null } };
  return {
    ok: true,
    row: ZHoursImportRow.parse({
      teacherNo,
      phone,
      idNumber,
      name: name || null,
      title,
      hours: hours.ok ? (hours.value ?? 0) : 0,
      credits: credits.ok ? credits.value : null,
      category: category!,
      organiserLevel: level!,
      completedOn: completedOn!,
      platform: platform || null,
      role: role!,
    }),
  };
}

/** The template's example row (it passes parseHoursRow); an import skips it when it was left in. */
export const hoursTemplateExample: Readonly<Record<THoursImportKey, string>> = {
  teacherNo: "HN0001",
  idNumber: "",
  phone: "13800138000",
  name: "王芳",
  title: "2025年暑期教师研修",
  hours: "10",
  credits: "",
  category: "网络研修",
  level: "国家级",
  completedOn: "2025-08-31",
  platform: "国家智慧教育平台",
  role: "参与",
};

export function isHoursTemplateExample(cells: Readonly<Partial<Record<THoursImportKey, unknown>>>): boolean {
  return hoursImportColumns.every((c) => cells[c.key] === undefined || normalizeCell(cells[c.key]) === hoursTemplateExample[c.key]);
}

/** One row of an import's outcome as the page lists it. */
export type THoursImportIssue = { rowNumber: number; outcome: "refused" | "skipped" | "noted"; reasons: string[] };

/** The source_ref of the award a row writes: unique per (import, row), so a retried job writes nothing twice. */
export function hoursImportRef(importId: string, rowNumber: number): string {
  return `hoursImport:${importId}:${rowNumber}`;
}

/**
 * A row's stated 学分 against the scheme in effect today (decision 039): they count as stated under a 学分 scheme,
 * so a row is refused when they would count nothing — the tenant counts in 学时 (no scheme, or a 学时 scheme) and
 * the row has no 学时, or the scheme's rate for the row's category × level × role is 0. When the row also gives
 * 学时 that the scheme converts to a different figure, the row is kept (the stated 学分 win) with a note.
 */
export function statedCreditsCheck(
  scheme: Pick<TCreditScheme, "conversions" | "defaultRate" | "unit" | "rounding"> | null,
  row: Pick<THoursImportRow, "hours" | "credits" | "category" | "organiserLevel" | "role">,
): { refused: string | null; note: string | null } {
  if (row.credits == null) return { refused: null, note: null };
  const what = `${categoryLabel[row.category]}（${levelLabel[row.organiserLevel]}，${roleLabel[row.role]}）`;
  if (!scheme || scheme.unit !== "credits") {
    if (row.hours > 0) return { refused: null, note: `本省按学时计，名单中的 ${row.credits} 学分仅作记录，按 ${row.hours} 学时计入` };
    return { refused: `本省按学时计（${scheme ? "现行学分方案的单位是学时" : "未启用学分方案"}），只有学分无法计入：请填写学时`, note: null };
  }
  const c = convertAward(scheme, { category: row.category, level: row.organiserLevel, role: row.role, hours: row.hours, statedCredits: undefined });
  if (c.rate === 0 || (c.rate == null && c.excluded)) return { refused: `本省学分方案中${what}不计学分，名单中的 ${row.credits} 学分无法计入`, note: null };
  if (row.hours > 0) {
    const converted = roundAmount(scheme, row.hours * c.rate!);
    if (Math.abs(converted - row.credits) > 1e-9) return { refused: null, note: `学分与本省方案不一致：${row.hours} 学时按方案折算为 ${converted} 学分，按名单认定的 ${row.credits} 学分计入` };
  }
  return { refused: null, note: null };
}
