import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { and, eq, inArray } from "drizzle-orm";
import { AppError, isAppError } from "@yanxiu/domain/errors";
import { isFormulaCell } from "@yanxiu/domain/roster";
import { ZAllocateQuotaInput, ZProjectRef } from "@yanxiu/domain/projects";
import type { Database } from "@yanxiu/db/client";
import { orgUnit, quotaAllocation } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { readRosterRows, xlsxStream } from "../platform/xlsx/xlsx.ts";
import { allocateWithin } from "./allocate-quota.ts";
import { loadProjectFor } from "./common.ts";
import { quotaRows } from "./quota-table.ts";

/**
 * The 名额分配表 as .xlsx (decision 014: written by writeXlsxTo, read by the roster reader that decodes before
 * ExcelJS and refuses formulas). The export is the table as the actor sees it; the import sets seats row by
 * row through the same allocation rule as the form, in one transaction: every row goes in, or none does and
 * the answer lists each refused row with its reasons.
 */

/** The columns; an import needs the first four (by header text), the rest are figures it ignores. */
export const quotaSheetHeaders = ["单位编码", "单位名称", "上级单位编码", "名额类别", "分得名额", "已下发", "本级已用", "本级剩余", "合计已用", "合计剩余"] as const;
const levelNames: Record<string, string> = { province: "省", city: "市", county: "县", school: "校" };

export async function exportQuotaTable(opts: { db: Database; actor: TActor; query: unknown }): Promise<{ stream: Readable; fileName: string }> {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  const { name, rows, codes } = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, projectId);
    const table = await quotaRows(tx, actor, ctx);
    const unitIds = [...new Set(table.rows.map((r) => r.orgUnitId))];
    const units = unitIds.length ? await tx.select({ id: orgUnit.id, code: orgUnit.code }).from(orgUnit).where(inArray(orgUnit.id, unitIds)) : [];
    return { name: ctx.project.name, rows: table.rows, codes: new Map(units.map((u) => [u.id, u.code])) };
  });
  const unitOf = new Map(rows.map((r) => [r.id, r.orgUnitId]));
  const cells = rows.map((r) => [
    codes.get(r.orgUnitId) ?? "",
    `${"　".repeat(Math.min(r.depth, 4))}${r.unitName}（${levelNames[r.unitKind] ?? ""}）`,
    r.parentId ? (codes.get(unitOf.get(r.parentId) ?? "") ?? "") : "",
    r.quotaKey,
    r.seats,
    r.allocated,
    r.used,
    r.remaining,
    r.usedInSubtree,
    r.remainingInSubtree,
  ]);
  return { stream: xlsxStream([{ name: "名额分配表", headers: [...quotaSheetHeaders], rows: cells }]), fileName: `${name}-名额分配表.xlsx` };
}

export type TQuotaImportRow = { rowNumber: number; unitCode: string; parentCode: string; quotaKey: string; seats: string; reasons: string[] };
export type TQuotaImportResult = { ok: true; applied: number; unchanged: number } | { ok: false; rows: TQuotaImportRow[]; message?: string };

/** Quota sheets are small (one row per unit of a province at most): refuse anything bigger before reading. */
const maxQuotaFileBytes = 2 * 1024 * 1024;
const maxQuotaRows = 20_000;

class RolledBack extends Error {}

const cellText = (v: unknown) => (v == null ? "" : typeof v === "number" ? String(v) : String(v).trim());

export async function importQuotaTable(opts: { db: Database; actor: TActor; input: { projectId: unknown; fileName: string; bytes: Uint8Array } }): Promise<TQuotaImportResult> {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, { projectId: opts.input.projectId });
  if (opts.input.bytes.byteLength > maxQuotaFileBytes) throw new AppError("payloadTooLarge", "名额分配表不能超过 2 MB", { file: ["名额分配表不能超过 2 MB"] });
  if (!/\.xlsx$/i.test(opts.input.fileName)) throw new AppError("badRequest", "not xlsx", { file: ["请上传 .xlsx 文件（可先导出名额分配表，在其中修改分得名额）"] });
  const read = await readSheet(opts.input.bytes).catch((e: unknown) => {
    if (isAppError(e)) throw new AppError(e.code, e.message, { file: [e.message] });
    throw e;
  });
  const rows = read;
  if (rows.length === 0) return { ok: false, rows: [], message: "表中没有名额行" };
  const bad = rows.filter((r) => r.reasons.length > 0);
  if (bad.length > 0) return { ok: false, rows: bad };
  let result: TQuotaImportResult = { ok: true, applied: 0, unchanged: 0 };
  try {
    await opts.db.withTenant(actor.tenantId, async (tx) => {
      const ctx = await loadProjectFor(tx, actor, projectId);
      const codes = [...new Set(rows.flatMap((r) => [r.unitCode, r.parentCode]))];
      const units = await tx.select({ id: orgUnit.id, code: orgUnit.code, path: orgUnit.path }).from(orgUnit).where(inArray(orgUnit.code, codes));
      const byCode = new Map(units.map((u) => [u.code, u]));
      const table = await quotaRows(tx, actor, ctx);
      const depthOf = (r: TQuotaImportRow) => byCode.get(r.unitCode)?.path.split("/").length ?? 0;
      const current = (r: TQuotaImportRow) => {
        const u = byCode.get(r.unitCode);
        return table.rows.find((x) => x.orgUnitId === u?.id && x.quotaKey === r.quotaKey)?.seats ?? 0;
      };
      // Shrinking first, deepest first (a parent cannot shrink below what its children still hold); then
      // growing, shallowest first (a child's seats come out of what its parent just got).
      const shrink = rows.filter((r) => Number(r.seats) < current(r)).sort((a, b) => depthOf(b) - depthOf(a));
      const grow = rows.filter((r) => Number(r.seats) >= current(r)).sort((a, b) => depthOf(a) - depthOf(b));
      let applied = 0;
      let unchanged = 0;
      for (const r of [...shrink, ...grow]) {
        const unit = byCode.get(r.unitCode);
        const parentUnit = byCode.get(r.parentCode);
        if (!unit) r.reasons.push(`单位编码「${r.unitCode}」不存在`);
        if (!parentUnit) r.reasons.push(`上级单位编码「${r.parentCode}」不存在`);
        if (!unit || !parentUnit) continue;
        // The parent's allocation: the one of the parent unit with this key, or its pooled one (one indexed
        // read per row, not the whole table again: a province's sheet has thousands of rows).
        const candidates = await tx
          .select({ id: quotaAllocation.id, quotaKey: quotaAllocation.quotaKey })
          .from(quotaAllocation)
          .where(and(eq(quotaAllocation.projectId, projectId), eq(quotaAllocation.orgUnitId, parentUnit.id), inArray(quotaAllocation.quotaKey, [r.quotaKey, ""])));
        const parent = candidates.find((x) => x.quotaKey === r.quotaKey) ?? candidates.find((x) => x.quotaKey === "");
        if (!parent) {
          r.reasons.push("上级单位还没有本项目的名额");
          continue;
        }
        const input = ZAllocateQuotaInput.safeParse({ projectId, parentAllocationId: parent.id, orgUnitId: unit.id, quotaKey: r.quotaKey, seats: r.seats });
        if (!input.success) {
          r.reasons.push(...input.error.issues.map((i) => i.message));
          continue;
        }
        try {
          const done = await allocateWithin(tx, actor, ctx, input.data);
          if (done.changed) applied++;
          else unchanged++;
        } catch (e) {
          if (!isAppError(e)) throw e;
          const reasons = Object.values(e.fieldErrors ?? {}).flat();
          r.reasons.push(...(reasons.length ? reasons : [e.code === "notFound" ? "上级单位不在你的管理范围内" : e.code === "projectStateConflict" ? "项目当前的状态不能分配名额" : "无法分配"]));
        }
      }
      const refused = rows.filter((r) => r.reasons.length > 0);
      if (refused.length > 0) {
        result = { ok: false, rows: refused.sort((a, b) => a.rowNumber - b.rowNumber) };
        throw new RolledBack();
      }
      await appendAudit(tx, actor, { action: "projects.importQuota", target: `project:${projectId}`, orgPath: ctx.ownerPath, data: { rows: rows.length, applied } });
      result = { ok: true, applied, unchanged };
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
  }
  return result;
}

/** The sheet's data rows by header text; a row's own problems (formula, not a number) are its reasons. */
async function readSheet(bytes: Uint8Array): Promise<TQuotaImportRow[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "yx-quota-"));
  const filePath = path.join(dir, "quota.xlsx");
  try {
    await writeFile(filePath, bytes);
    const out: TQuotaImportRow[] = [];
    let cols: { unit: number; parent: number; key: number; seats: number } | null = null;
    for await (const row of readRosterRows(filePath, "xlsx")) {
      if (!cols) {
        const headers = row.cells.map(cellText);
        const at = (h: string) => headers.indexOf(h);
        cols = { unit: at("单位编码"), parent: at("上级单位编码"), key: at("名额类别"), seats: at("分得名额") };
        if (cols.unit < 0 || cols.parent < 0 || cols.seats < 0) throw new AppError("badRequest", "表头须包含：单位编码、上级单位编码、分得名额（请先导出名额分配表，在其中修改）");
        continue;
      }
      const c = cols;
      const raw = [row.cells[c.unit], row.cells[c.parent], c.key >= 0 ? row.cells[c.key] : "", row.cells[c.seats]];
      if (raw.every((v) => cellText(v) === "")) continue;
      if (out.length >= maxQuotaRows) throw new AppError("payloadTooLarge", `名额分配表不能超过 ${maxQuotaRows} 行`);
      const reasons: string[] = [];
      if (raw.some(isFormulaCell)) reasons.push("单元格是公式，请改为直接填写数值");
      const [unitCode, parentCode, quotaKey, seats] = raw.map((v) => (isFormulaCell(v) ? "" : cellText(v)));
      // The owner's own row carries the project's capacity, which is set on the project, not here.
      if (parentCode === "" && reasons.length === 0) continue;
      if (!unitCode) reasons.push("请填写单位编码");
      if (!/^\d{1,6}$/.test(seats!)) reasons.push("分得名额须为不小于 0 的整数");
      out.push({ rowNumber: row.rowNumber, unitCode: unitCode!, parentCode: parentCode!, quotaKey: quotaKey!, seats: seats!, reasons });
    }
    if (!cols) throw new AppError("badRequest", "表中没有表头");
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
