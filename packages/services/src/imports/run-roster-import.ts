import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { AppError, isAppError } from "@yanxiu/domain/errors";
import { can, isAdministrator, type TGrant } from "@yanxiu/domain/permissions";
import {
  checkRosterHeaders,
  isBlankRow,
  isRosterHeaderRow,
  normalizeCell,
  parseRosterRow,
  rosterCellsByKey,
  rosterColumns,
  rosterImportCounts,
  rosterLimits,
  type TRosterImportCounts,
  type TRosterRow,
} from "@yanxiu/domain/roster";
import { loadGrants } from "../auth/session.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { fileKey, type FileStore } from "../platform/files.ts";
import { upsertTeachers } from "../people/upsert-teacher.ts";
import { readRosterRows, rosterTemplateExample, writeRejectedRowsReport, type TRejectedRow, type TSheetRow } from "../platform/xlsx/xlsx.ts";
import { orgUnit, rosterImport, teacherProfile } from "@yanxiu/db/schema";

type TSchool = { id: string; path: string; rural: boolean; kind: string; status: string };
type TPending = { rowNumber: number; row: TRosterRow; cells: string[]; school: TSchool };

/** The template's example row, left in by an admin who filled the template below it: not a teacher. */
function isTemplateExample(cells: Partial<Record<string, unknown>>): boolean {
  return rosterColumns.every((c) => normalizeCell(cells[c.key]) === normalizeCell(rosterTemplateExample[c.key]));
}

/** How many non-blank rows (a title, instructions) may sit above the header row. */
const maxRowsAboveHeader = 10;

/** A row above the header, as the note that says it was skipped. */
function skippedRowNote(r: TSheetRow): string {
  const text = r.cells.map(normalizeCell).filter(Boolean).join(" ");
  return `已跳过表头上方的第 ${r.rowNumber} 行：${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}

/**
 * `written` = `created` + `updated` + `unchanged`: teachers new to the province, teachers whose details
 * changed, and teachers already exactly as in the file (importing the same file again).
 */
/** The counts as the import's row stores them (`rosterImportCounts` reads them back). */
function countColumns(c: TRosterImportCounts) {
  return { checkedRows: c.checked, writtenRows: c.written, rejectedRows: c.rejected, createdRows: c.created, updatedRows: c.updated, unchangedRows: c.unchanged };
}

export type TImportSummary = {
  status: "done" | "failed";
  total: number;
  checked: number;
  written: number;
  rejected: number;
  created: number;
  updated: number;
  unchanged: number;
  error: string | null;
};

/**
 * Runs a roster import. Two streaming passes over the file: the first checks the header and counts the
 * rows (so the progress bar has a total), the second validates each row and writes the valid ones in one
 * transaction per batch, upserting on 教师编号. A crash mid-way leaves whole batches only; running the job
 * again starts over and, because rows are upserted, ends with the same teachers, never duplicates (a
 * teacher a crashed run already wrote then counts as unchanged rather than new).
 */
export async function runRosterImport(opts: { db: Database; files: FileStore; tenantId: string; importId: string; batchSize?: number }): Promise<TImportSummary> {
  const { db, tenantId, importId } = opts;
  const batchSize = opts.batchSize ?? 500;
  const [imp] = await db.withTenant(tenantId, (tx) => tx.select().from(rosterImport).where(eq(rosterImport.id, importId)));
  if (!imp) throw new AppError("notFound", `import ${importId}`);
  if (imp.status === "done" || imp.status === "failed") {
    return { status: imp.status, total: imp.totalRows ?? 0, ...rosterImportCounts(imp), error: imp.error };
  }
  const update = (values: Partial<typeof rosterImport.$inferInsert>, tx?: Tx) =>
    tx
      ? tx.update(rosterImport).set(values).where(eq(rosterImport.id, importId))
      : db.withTenant(tenantId, (t) => t.update(rosterImport).set(values).where(eq(rosterImport.id, importId)));

  const grants: TGrant[] = await db.withTenant(tenantId, (tx) => loadGrants(tx, imp.actorId));
  const counters = { total: 0, checked: 0, written: 0, rejected: 0, created: 0, updated: 0, unchanged: 0 };
  try {
    if (!isAdministrator(grants)) throw new AppError("badRequest", "导入人已没有管理权限。");
    await update({ status: "running", checkedRows: 0, writtenRows: 0, rejectedRows: 0, createdRows: 0, updatedRows: 0, unchangedRows: 0, notes: [], totalRows: null, error: null });
    const kind = imp.fileKey.endsWith(".csv") ? "csv" : "xlsx";
    const path = opts.files.localPath(imp.fileKey);

    // Pass 1: find the header row and count the rows. Schools put a title (often merged across the
    // columns) or a line of instructions above the header; the header is the first row that names
    // the roster's columns. When none does, the first row is taken, and the check below says why
    // it is not a header.
    let header: TSheetRow | null = null;
    const above: TSheetRow[] = [];
    let headerIndex: Parameters<typeof rosterCellsByKey>[0] | null = null;
    for await (const r of readRosterRows(path, kind)) {
      if (!header) {
        if (isBlankRow(r.cells)) continue;
        if (isRosterHeaderRow(r.cells)) header = r;
        else if (above.push(r) >= maxRowsAboveHeader) break;
        if (header) {
          const check = checkRosterHeaders(header.cells);
          headerIndex = check.ok ? check.columnIndex : null;
        }
        continue;
      }
      if (!isBlankRow(r.cells) && !(headerIndex && isTemplateExample(rosterCellsByKey(headerIndex, r.cells)))) counters.total++;
      if (counters.total > rosterLimits.maxRows) throw new AppError("payloadTooLarge", `文件超过 ${rosterLimits.maxRows} 行，请拆分后分批导入。`);
    }
    if (!header && above.length === 0) throw new AppError("badRequest", "文件是空的，没有表头。请使用导入模板。");
    // A row that passes the check names the roster's columns, so it is `header` whenever the check passes.
    const headerCandidate = header ?? above[0]!;
    const check = checkRosterHeaders(headerCandidate.cells);
    if (!check.ok) {
      const parts = [
        check.missing.length ? `缺少列：${check.missing.join("、")}` : "",
        check.unknown.length ? `无法识别的列：${check.unknown.join("、")}` : "",
        check.duplicate.length ? `重复的列：${check.duplicate.join("、")}` : "",
      ].filter(Boolean);
      throw new AppError("badRequest", `表头与模板不一致（${parts.join("；")}）。请使用导入模板。`);
    }
    const headerRow = headerCandidate.rowNumber;
    const notes = [...above.filter((r) => r.rowNumber < headerRow).map(skippedRowNote), ...check.ignored.map((c) => c.note)];
    if (counters.total === 0) throw new AppError("badRequest", "文件中没有教师数据。");
    await update({ totalRows: counters.total, notes });

    // Pass 2: validate and write.
    const schools = new Map<string, TSchool | null>();
    const seenNo = new Map<string, number>();
    const seenPhone = new Map<string, { rowNumber: number; teacherNo: string }>();
    const rejected: TRejectedRow[] = [];
    let batch: TPending[] = [];

    const school = async (code: string): Promise<TSchool | null> => {
      if (!schools.has(code)) {
        const [s] = await db.withTenant(tenantId, (tx) => tx.select().from(orgUnit).where(eq(orgUnit.code, code)).limit(1));
        schools.set(code, s ? { id: s.id, path: s.path, rural: (s.attributes as { area?: string }).area === "rural", kind: s.kind, status: s.status } : null);
      }
      return schools.get(code)!;
    };

    const flush = async () => {
      if (batch.length === 0) return;
      const pending = batch;
      batch = [];
      await db.withTenant(tenantId, async (tx) => {
        // A phone already used by a different teacher in the tenant is refused, not silently shared.
        const phones = pending.map((p) => p.row.phone);
        const owners = await tx.select({ phone: teacherProfile.phone, teacherNo: teacherProfile.teacherNo }).from(teacherProfile).where(inArray(teacherProfile.phone, phones));
        const ownerOf = new Map(owners.map((o) => [o.phone, o.teacherNo]));
        const accepted: TPending[] = [];
        for (const p of pending) {
          const owner = ownerOf.get(p.row.phone);
          if (owner && owner !== p.row.teacherNo) rejected.push({ rowNumber: p.rowNumber, cells: p.cells, reasons: [`手机号已被本省另一位教师（${owner}）使用`] });
          else accepted.push(p);
        }
        const results = await upsertTeachers(tx, { tenantId, actorId: imp.actorId, items: accepted.map((p) => ({ row: p.row, school: p.school })) });
        counters.written += accepted.length;
        for (const r of results) {
          if (r.created) counters.created++;
          else if (r.changed) counters.updated++;
          else counters.unchanged++;
        }
        counters.rejected = rejected.length;
        await update(countColumns(counters), tx);
      });
    };

    for await (const r of readRosterRows(path, kind)) {
      if (r.rowNumber <= headerRow || isBlankRow(r.cells)) continue;
      const cells = rosterCellsByKey(check.columnIndex, r.cells);
      if (isTemplateExample(cells)) continue;
      counters.checked++;
      const shown = rosterColumns.map((c) => normalizeCell(cells[c.key]));
      const res = parseRosterRow(cells);
      const reasons = res.ok ? [] : [...res.reasons];
      let target: TSchool | null = null;
      if (res.ok) {
        const row = res.row;
        const dupNo = seenNo.get(row.teacherNo);
        if (dupNo) reasons.push(`教师编号与第 ${dupNo} 行重复`);
        const dupPhone = seenPhone.get(row.phone);
        if (dupPhone && dupPhone.teacherNo !== row.teacherNo) reasons.push(`手机号与第 ${dupPhone.rowNumber} 行重复`);
        target = await school(row.schoolCode);
        if (!target) reasons.push(`学校代码不存在：${row.schoolCode}`);
        else if (target.kind !== "school") reasons.push(`代码 ${row.schoolCode} 不是学校`);
        else if (target.status !== "active") reasons.push(`学校已停用：${row.schoolCode}`);
        else if (!can(grants, "people.import", target.path)) reasons.push(`学校不在你的管理范围内：${row.schoolCode}`);
        if (!dupNo) seenNo.set(row.teacherNo, r.rowNumber);
        if (!dupPhone) seenPhone.set(row.phone, { rowNumber: r.rowNumber, teacherNo: row.teacherNo });
      }
      if (reasons.length || !res.ok || !target) {
        rejected.push({ rowNumber: r.rowNumber, cells: shown, reasons });
      } else {
        batch.push({ rowNumber: r.rowNumber, row: res.row, cells: shown, school: target });
      }
      if (batch.length >= batchSize) await flush();
      else if (counters.checked % batchSize === 0) {
        counters.rejected = rejected.length;
        await update({ checkedRows: counters.checked, rejectedRows: counters.rejected });
      }
    }
    await flush();

    let reportKey: string | null = null;
    if (rejected.length) {
      rejected.sort((a, b) => a.rowNumber - b.rowNumber);
      reportKey = fileKey(tenantId, "reports", randomUUID(), "xlsx");
      await writeRejectedRowsReport(await opts.files.prepareLocal(reportKey), rejected, notes);
    }
    counters.rejected = rejected.length;
    await update({
      status: "done",
      ...countColumns(counters),
      reportKey,
      finishedAt: sql`now()` as unknown as Date,
    });
    return { status: "done", ...counters, error: null };
  } catch (e) {
    // A file the import cannot use ends the import with a reason the admin can act on; anything else
    // (the database went away) is left for the job's retry, which starts over.
    if (isAppError(e) && !e.retryable) {
      const message = /[\u4e00-\u9fff]/.test(e.message) ? e.message : "文件无法读取：不是有效的 .xlsx 或 .csv 表格。";
      await update({ status: "failed", error: message, finishedAt: sql`now()` as unknown as Date });
      return { status: "failed", ...counters, error: message };
    }
    throw e;
  }
}

