import { randomUUID } from "node:crypto";
import { eq, inArray, or, sql } from "drizzle-orm";
import { effectiveEntries, titleDayFingerprint } from "@yanxiu/domain/credits";
import { AppError, isAppError } from "@yanxiu/domain/errors";
import {
  checkHoursHeaders,
  hoursCellsByKey,
  hoursImportColumns,
  hoursImportLimits,
  hoursImportRef,
  isHoursHeaderRow,
  isHoursTemplateExample,
  parseHoursRow,
  statedCreditsCheck,
  type THoursImportIssue,
  type THoursImportRow,
} from "@yanxiu/domain/hours-import";
import { can, isAdministrator, type TGrant } from "@yanxiu/domain/permissions";
import { isBlankRow, maskIdNumberCell, normalizeCell } from "@yanxiu/domain/roster";
import { creditAward, hoursImport, teacherProfile } from "@yanxiu/db/schema";
import type { Database, Tx } from "@yanxiu/db/client";
import { appendAudit } from "../audit/append.ts";
import { loadGrants } from "../auth/session.ts";
import { maskIdNumber } from "@yanxiu/domain/id-number";
import type { IdNumberHasher } from "../platform/id-number-hash.ts";
import { chinaDay, currentPolicy, ledgerColumns, ledgerEntry, recomputeTeacherStatuses } from "../credits/status.ts";
import { fileKey, type FileStore } from "../platform/files.ts";
import { readRosterRows, xlsxBytes, type TSheetRow } from "../platform/xlsx/xlsx.ts";

type TTeacher = { userId: string; teacherNo: string; name: string; phone: string; orgPath: string };
/** 教师编号和手机号; 教师编号、身份证号和手机号. */
const joinLabels = (xs: readonly string[]) => (xs.length <= 2 ? xs.join("和") : `${xs.slice(0, -1).join("、")}和${xs.at(-1)}`);

type TKeys = { teacherNo: string | null; idNumber: string | null; phone: string | null; name: string | null };
/** `note`: a row that is imported but not quite as written (its stated 学分 differ from the scheme's, decision 039). */
type TLine = { rowNumber: number; shown: string[]; reasons: string[]; skipped: string | null; note: string | null; row: THoursImportRow | null; keys: TKeys; teacher: TTeacher | null };

export type THoursImportSummary = {
  status: "done" | "refused" | "failed";
  total: number;
  written: number;
  skipped: number;
  refused: number;
  teachers: number;
  error: string | null;
};

/** How many non-blank rows (a title, instructions) may sit above the header row. */
const maxRowsAboveHeader = 10;
const chunk = 2000;

function chunks<T>(xs: readonly T[], n = chunk): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * Runs a bulk 学时 import (decision 029). All or nothing:
 * 1. every row is read and checked (columns, values, the teacher it names by 教师编号 or 手机号, the admin's
 *    scope, 姓名 when given, duplicates within the file); progress is stored as it goes;
 * 2. if any row is refused, nothing is written: the import ends `refused` with every problem by row number;
 * 3. otherwise one transaction, under a per-tenant lock, skips rows already in the ledger (same teacher,
 *    normalized title and day, an award that still counts), appends the rest as `external` awards whose
 *    source_ref is unique per (import, row), recomputes the teachers' statuses and rollups, and marks the
 *    import `done`. A job retried after a crash starts over: the ledger's unique key (and the import's
 *    `done` status when the first run committed) means nothing is written twice.
 */
export async function runHoursImport(opts: {
  db: Database;
  files: FileStore;
  tenantId: string;
  importId: string;
  today?: string;
  /** Hashes a 身份证号 to match the roster's (decision 037); null when the deployment has no ID_NUMBER_KEY. */
  idNumbers: IdNumberHasher | null;
}): Promise<THoursImportSummary> {
  const { db, tenantId, importId } = opts;
  const today = opts.today ?? chinaDay();
  const [imp] = await db.withTenant(tenantId, (tx) => tx.select().from(hoursImport).where(eq(hoursImport.id, importId)));
  if (!imp) throw new AppError("notFound", `import ${importId}`);
  if (imp.status === "done" || imp.status === "refused" || imp.status === "failed") {
    return { status: imp.status, total: imp.totalRows ?? 0, written: imp.writtenRows, skipped: imp.skippedRows, refused: imp.refusedRows, teachers: imp.teacherCount, error: imp.error };
  }
  const update = (values: Partial<typeof hoursImport.$inferInsert>, tx?: Tx) =>
    tx
      ? tx.update(hoursImport).set(values).where(eq(hoursImport.id, importId))
      : db.withTenant(tenantId, (t) => t.update(hoursImport).set(values).where(eq(hoursImport.id, importId)));

  try {
    const grants: TGrant[] = await db.withTenant(tenantId, (tx) => loadGrants(tx, imp.actorId));
    if (!isAdministrator(grants)) throw new AppError("badRequest", "导入人已没有管理权限。");
    await update({ status: "running", checkedRows: 0, writtenRows: 0, skippedRows: 0, refusedRows: 0, teacherCount: 0, totalRows: null, error: null, notes: [], issues: [] });
    const kind = imp.fileKey.endsWith(".csv") ? "csv" : "xlsx";
    const path = opts.files.localPath(imp.fileKey);

    // Read the whole list (at most maxRows rows): everything is checked before anything is written.
    let header: TSheetRow | null = null;
    const above: TSheetRow[] = [];
    const data: TSheetRow[] = [];
    for await (const r of readRosterRows(path, kind)) {
      if (!header) {
        if (isBlankRow(r.cells)) continue;
        if (isHoursHeaderRow(r.cells)) header = r;
        else if (above.push(r) >= maxRowsAboveHeader) break;
        continue;
      }
      if (isBlankRow(r.cells)) continue;
      data.push(r);
      if (data.length > hoursImportLimits.maxRows) throw new AppError("payloadTooLarge", `文件超过 ${hoursImportLimits.maxRows} 行，请拆分后分批导入。`);
    }
    if (!header && above.length === 0) throw new AppError("badRequest", "文件是空的，没有表头。请使用学时导入模板。");
    const check = checkHoursHeaders((header ?? above[0]!).cells);
    if (!check.ok) throw new AppError("badRequest", check.reason);
    const notes = [...above.map((r) => `已跳过表头上方的第 ${r.rowNumber} 行`), ...check.notes];
    const lines: TLine[] = [];
    for (const r of data) {
      const cells = hoursCellsByKey(check.columnIndex, r.cells);
      if (isHoursTemplateExample(cells)) {
        notes.push(`已跳过第 ${r.rowNumber} 行：模板中的示例行`);
        continue;
      }
      const res = parseHoursRow(cells, today);
      lines.push({
        rowNumber: r.rowNumber,
        // The report goes back to the importer; a 身份证号 in it is masked all the same.
        shown: hoursImportColumns.map((c) => (c.key === "idNumber" ? maskIdNumberCell(cells[c.key]) : normalizeCell(cells[c.key]).slice(0, 200))),
        reasons: res.ok ? [] : res.reasons,
        skipped: null,
        note: null,
        row: res.ok ? res.row : null,
        keys: res.ok ? { teacherNo: res.row.teacherNo, idNumber: res.row.idNumber, phone: res.row.phone, name: res.row.name } : res.keys,
        teacher: null,
      });
    }
    if (lines.length === 0) throw new AppError("badRequest", "文件中没有学时数据。");
    await update({ totalRows: lines.length, notes });

    // The teachers the rows name, read by the keys the file holds (row-level security keeps it to this tenant).
    // A 身份证号 is looked up by its keyed hash only (the roster keeps nothing else of it).
    const idHash = new Map<string, string>();
    if (opts.idNumbers) for (const l of lines) if (l.keys.idNumber && !idHash.has(l.keys.idNumber)) idHash.set(l.keys.idNumber, opts.idNumbers(tenantId, l.keys.idNumber));
    const nos = [...new Set(lines.flatMap((l) => (l.keys.teacherNo ? [l.keys.teacherNo] : [])))];
    const phones = [...new Set(lines.flatMap((l) => (l.keys.phone ? [l.keys.phone] : [])))];
    const hashes = [...new Set(idHash.values())];
    const byNo = new Map<string, TTeacher>();
    const byPhone = new Map<string, TTeacher>();
    const byIdHash = new Map<string, TTeacher>();
    // Stated 学分 are judged against the scheme in effect today, the one every status is computed under (decision 039).
    let scheme: Parameters<typeof statedCreditsCheck>[0] = null;
    await db.withTenant(tenantId, async (tx) => {
      scheme = (await currentPolicy(tx, today)).rules.scheme ?? null;
      const cols = { userId: teacherProfile.userId, teacherNo: teacherProfile.teacherNo, name: teacherProfile.name, phone: teacherProfile.phone, orgPath: teacherProfile.orgPath, idNumberHash: teacherProfile.idNumberHash };
      for (let i = 0; i < Math.max(nos.length, phones.length, hashes.length); i += chunk) {
        const n = nos.slice(i, i + chunk);
        const p = phones.slice(i, i + chunk);
        const h = hashes.slice(i, i + chunk);
        const where = [n.length ? inArray(teacherProfile.teacherNo, n) : undefined, p.length ? inArray(teacherProfile.phone, p) : undefined, h.length ? inArray(teacherProfile.idNumberHash, h) : undefined].filter((w) => w !== undefined);
        for (const { idNumberHash, ...t } of await tx.select(cols).from(teacherProfile).where(or(...where))) {
          byNo.set(t.teacherNo, t);
          byPhone.set(t.phone, t);
          if (idNumberHash) byIdHash.set(idNumberHash, t);
        }
      }
    });

    // A row's stated 学分 against that scheme: refused where they would count nothing, noted where they differ from
    // the scheme's conversion of the row's 学时 (statedCreditsCheck); before the match, so a row's problems come at once.
    for (const l of lines) {
      if (!l.row) continue;
      const stated = statedCreditsCheck(scheme, l.row);
      if (stated.refused) l.reasons.push(stated.refused);
      l.note = stated.note;
    }

    const seen = new Map<string, number>();
    let checked = 0;
    for (const l of lines) {
      checked++;
      if (checked % 1000 === 0) await update({ checkedRows: checked });
      // Rows with other problems are matched too, so each row's problems are all reported at once.
      // The first key the row gives (教师编号, then 身份证号, then 手机号) must name a teacher; every key that names
      // one must name the same.
      const { teacherNo, idNumber, phone, name } = l.keys;
      const hash = idNumber ? idHash.get(idNumber) : undefined;
      const t1 = teacherNo ? byNo.get(teacherNo) : undefined;
      const t3 = hash ? byIdHash.get(hash) : undefined;
      const t2 = phone ? byPhone.get(phone) : undefined;
      const before = l.reasons.length;
      if (teacherNo && !t1) l.reasons.push(`教师编号未匹配到教师：${teacherNo}`);
      else if (!teacherNo && idNumber && !opts.idNumbers && !phone) l.reasons.push("本平台未配置身份证号密钥，无法凭身份证号匹配教师：请填写教师编号或手机号");
      else if (!teacherNo && hash && !t3) l.reasons.push(`身份证号未匹配到教师：${maskIdNumber(idNumber!)}（该教师的身份证号可能尚未随名册导入登记）`);
      else if (!teacherNo && !hash && phone && !t2) l.reasons.push(`手机号未匹配到教师：${phone}`);
      else {
        const named = ([["教师编号", t1], ["身份证号", t3], ["手机号", t2]] as const).filter(([, t]) => t);
        if (new Set(named.map(([, t]) => t!.userId)).size > 1) l.reasons.push(`${joinLabels(named.map(([k]) => k))}对应的不是同一位教师`);
      }
      const teacher = l.reasons.length > before ? undefined : (t1 ?? t3 ?? t2);
      if (!teacher) continue;
      if (!can(grants, "people.edit", teacher.orgPath)) {
        l.reasons.push("该教师不在你的管理范围内");
        continue;
      }
      if (name && name !== teacher.name) l.reasons.push(`姓名与匹配到的教师不一致（系统中为 ${teacher.name}）`);
      const row = l.row;
      if (l.reasons.length || !row) continue;
      l.teacher = teacher;
      const fp = titleDayFingerprint(teacher.userId, row.title, row.completedOn);
      const first = seen.get(fp);
      if (first) l.skipped = `与第 ${first} 行重复（同一教师、项目和日期），已跳过`;
      else seen.set(fp, l.rowNumber);
    }

    const refused = lines.filter((l) => l.reasons.length);
    if (refused.length) {
      const reportKey = await writeReport(opts.files, tenantId, lines, "refused");
      const summary = { status: "refused" as const, total: lines.length, written: 0, skipped: 0, refused: refused.length, teachers: 0, error: null };
      await update({ status: "refused", checkedRows: lines.length, refusedRows: refused.length, issues: issuesOf(lines), reportKey, finishedAt: sql`now()` as unknown as Date });
      return summary;
    }

    return await db.withTenant(tenantId, async (tx) => {
      // Two imports (or an import and a teacher's claim) for the same teachers at once: the second waits here,
      // then sees what the first wrote.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`hours-import:${tenantId}`}))`);
      const teacherIds = [...new Set(lines.filter((l) => !l.skipped).map((l) => l.teacher!.userId))];
      const inLedger = new Set<string>();
      for (const ids of chunks(teacherIds)) {
        const rows = (await tx.select({ teacherId: creditAward.teacherId, ...ledgerColumns }).from(creditAward).where(inArray(creditAward.teacherId, ids))).map((r) => ({ ...ledgerEntry(r), teacherId: r.teacherId }));
        const counting = new Set(effectiveEntries(rows).map((e) => e.id));
        for (const r of rows) if (counting.has(r.id)) inLedger.add(titleDayFingerprint(r.teacherId, r.title ?? "", r.countsFor));
      }
      for (const l of lines) {
        if (!l.skipped && inLedger.has(titleDayFingerprint(l.teacher!.userId, l.row!.title, l.row!.completedOn))) l.skipped = "学时记录中已有同一项目（同一教师、项目和日期），已跳过";
      }
      const writing = lines.filter((l) => !l.skipped);
      const landed: { teacherId: string; hours: string; category: string; countsFor: string }[] = [];
      for (const part of chunks(writing, 1000)) {
        landed.push(
          ...(await tx
            .insert(creditAward)
            .values(
              part.map((l) => ({
                tenantId,
                teacherId: l.teacher!.userId,
                source: "external" as const,
                sourceRef: hoursImportRef(importId, l.rowNumber),
                title: l.row!.title,
                hours: String(l.row!.hours),
                statedCredits: l.row!.credits == null ? null : String(l.row!.credits),
                category: l.row!.category,
                organiserLevel: l.row!.organiserLevel,
                role: l.row!.role,
                countsFor: l.row!.completedOn,
                evidence: [{ kind: "file", fileId: imp.fileId }],
                reason: `批量导入（${imp.fileName.slice(0, 80)} 第 ${l.rowNumber} 行${l.row!.platform ? `，来源：${l.row!.platform}` : ""}）`,
                actorId: imp.actorId,
              })),
            )
            .onConflictDoNothing()
            .returning({ teacherId: creditAward.teacherId, hours: creditAward.hours, category: creditAward.category, countsFor: creditAward.countsFor })),
        );
      }
      const landedTeachers = [...new Set(landed.map((l) => l.teacherId))];
      await recomputeTeacherStatuses(tx, { tenantId, teacherIds: landedTeachers, today, landed });
      const skipped = lines.length - writing.length;
      const reportKey = await writeReport(opts.files, tenantId, lines, "done");
      await update(
        {
          status: "done",
          checkedRows: lines.length,
          writtenRows: landed.length,
          skippedRows: skipped,
          refusedRows: 0,
          teacherCount: landedTeachers.length,
          issues: issuesOf(lines),
          reportKey,
          finishedAt: sql`now()` as unknown as Date,
        },
        tx,
      );
      await appendAudit(tx, { tenantId, actorId: imp.actorId }, { action: "credits.hoursImportDone", target: `hoursImport:${importId}`, data: { written: landed.length, skipped, teachers: landedTeachers.length } });
      return { status: "done" as const, total: lines.length, written: landed.length, skipped, refused: 0, teachers: landedTeachers.length, error: null };
    });
  } catch (e) {
    // A file the import cannot use ends it with a reason the admin can act on; anything else (the database went
    // away) is left for the job's retry, which starts over and, the write being one transaction, finds nothing half-done.
    if (isAppError(e) && !e.retryable) {
      const message = /[\u4e00-\u9fff]/.test(e.message) ? e.message : "文件无法读取：不是有效的 .xlsx 或 .csv 表格。";
      await update({ status: "failed", error: message, finishedAt: sql`now()` as unknown as Date });
      return { status: "failed", total: 0, written: 0, skipped: 0, refused: 0, teachers: 0, error: message };
    }
    throw e;
  }
}

/** The rows the page lists: refused ones first, then skipped ones, by row number, at most `shownIssues`. */
function issuesOf(lines: readonly TLine[]): THoursImportIssue[] {
  const refused = lines.filter((l) => l.reasons.length).map((l) => ({ rowNumber: l.rowNumber, outcome: "refused" as const, reasons: l.reasons }));
  const skipped = lines.filter((l) => !l.reasons.length && l.skipped).map((l) => ({ rowNumber: l.rowNumber, outcome: "skipped" as const, reasons: [l.skipped!] }));
  const noted = lines.filter((l) => !l.reasons.length && !l.skipped && l.note).map((l) => ({ rowNumber: l.rowNumber, outcome: "noted" as const, reasons: [l.note!] }));
  return [...refused, ...skipped, ...noted].slice(0, hoursImportLimits.shownIssues);
}

/** The per-row report (.xlsx): every row as read, with its outcome and why. */
async function writeReport(files: FileStore, tenantId: string, lines: readonly TLine[], status: "done" | "refused"): Promise<string> {
  const outcome = (l: TLine) => (l.reasons.length ? "未通过" : l.skipped ? "已跳过（重复）" : status === "done" ? "已导入" : "可导入（因其他行有问题，整份文件未导入）");
  const bytes = await xlsxBytes([
    {
      name: "逐行结果",
      headers: ["行号", ...hoursImportColumns.map((c) => c.header), "结果", "说明"],
      rows: lines.map((l) => [l.rowNumber, ...l.shown, outcome(l), l.reasons.length ? l.reasons.join("；") : (l.skipped ?? l.note ?? "")]),
    },
  ]);
  const key = fileKey(tenantId, "reports", randomUUID(), "xlsx");
  await files.put(key, bytes);
  return key;
}
