import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { and, asc, count, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { AppError, isAppError } from "@yanxiu/domain/errors";
import { escapeLike } from "@yanxiu/domain/list-page";
import {
  completionCheck,
  maxAssessmentItems,
  passScore,
  ZAssessmentItemInput,
  ZAssessmentItemRef,
  ZAssessmentQuery,
  ZPassMarkInput,
  ZScoreValue,
  ZSetScoresInput,
  type TAssessmentKind,
} from "@yanxiu/domain/projects-running";
import { ZProjectRef } from "@yanxiu/domain/projects";
import { headerMatcher, isFormulaCell } from "@yanxiu/domain/roster";
import type { Database, Tx } from "@yanxiu/db/client";
import { nomination, projectAssessmentItem, projectCreditRun, projectScore, teacherProfile, trainingProject } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { joinPerson, personColumns } from "../common/person.ts";
import type { TActor } from "../org/scope.ts";
import { readRosterRows, xlsxStream } from "../platform/xlsx/xlsx.ts";
import { loadRunningFor, loadTrainee, needRun, type TRunningContext } from "./running-common.ts";

/**
 * 考核 (decision 031): a project's assessment items (作业, 考试, 研修成果 …), the pass mark on the total, and each
 * trainee's scores, entered by those who run the project (its managers and its implementing unit, as the
 * schedule). The total is the plain sum; blank is not submitted. Once 学时认定 is confirmed the scores are what
 * the confirmation read, so they are read-only from then on (`scoresLocked`).
 */

export type TAssessmentItem = { id: string; name: string; kind: TAssessmentKind; maxScore: number; required: boolean; dueOn: string | null };

/** The items of a project in the order they were added. */
export async function assessmentItemsOf(tx: Tx, projectId: string): Promise<TAssessmentItem[]> {
  return tx
    .select({
      id: projectAssessmentItem.id,
      name: projectAssessmentItem.name,
      kind: projectAssessmentItem.kind,
      maxScore: projectAssessmentItem.maxScore,
      required: projectAssessmentItem.required,
      dueOn: projectAssessmentItem.dueOn,
    })
    .from(projectAssessmentItem)
    .where(eq(projectAssessmentItem.projectId, projectId))
    .orderBy(asc(projectAssessmentItem.createdAt), asc(projectAssessmentItem.id));
}

/** Scores of the given trainees (all of the project's when `nominationIds` is omitted), by nomination then item. */
export async function scoresOf(tx: Tx, projectId: string, nominationIds?: readonly string[]): Promise<Map<string, Record<string, number>>> {
  if (nominationIds && nominationIds.length === 0) return new Map();
  const rows = await tx
    .select({ nominationId: projectScore.nominationId, itemId: projectScore.itemId, score: projectScore.score })
    .from(projectScore)
    .where(and(eq(projectScore.projectId, projectId), nominationIds ? inArray(projectScore.nominationId, [...nominationIds]) : undefined));
  const by = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const m = by.get(r.nominationId) ?? {};
    m[r.itemId] = Number(r.score);
    by.set(r.nominationId, m);
  }
  return by;
}

async function confirmed(tx: Tx, projectId: string): Promise<boolean> {
  const [run] = await tx.select({ id: projectCreditRun.projectId }).from(projectCreditRun).where(eq(projectCreditRun.projectId, projectId)).limit(1);
  return Boolean(run);
}

/** Changing items, the pass mark or scores: the running right, a running project, and no 学时认定 yet. */
async function needOpen(tx: Tx, ctx: TRunningContext): Promise<void> {
  needRun(ctx);
  if (await confirmed(tx, ctx.project.id)) throw new AppError("scoresLocked", `project ${ctx.project.id}: 学时 confirmed, scores are read-only`);
}

/** Adds an item, or changes one (its max never below a score already entered). */
export async function saveAssessmentItem(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZAssessmentItemInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId, { lock: true });
    await needOpen(tx, ctx);
    const row = { name: input.name, kind: input.kind, maxScore: input.maxScore, required: input.required, dueOn: input.dueOn ?? null, updatedBy: actor.actorId, updatedAt: new Date() };
    let itemId = input.itemId;
    if (itemId) {
      const [top] = await tx
        .select({ max: sql<string | null>`max(${projectScore.score})` })
        .from(projectScore)
        .where(and(eq(projectScore.projectId, input.projectId), eq(projectScore.itemId, itemId)));
      if (top?.max !== null && top?.max !== undefined && Number(top.max) > input.maxScore) {
        throw new AppError("badRequest", "max below a score", { maxScore: [`已有成绩 ${Number(top.max)} 分，满分不能低于它`] });
      }
      const done = await tx
        .update(projectAssessmentItem)
        .set(row)
        .where(and(eq(projectAssessmentItem.projectId, input.projectId), eq(projectAssessmentItem.id, itemId)))
        .returning({ id: projectAssessmentItem.id });
      if (done.length === 0) throw new AppError("notFound", `assessment item ${itemId}`);
    } else {
      const [n] = await tx.select({ n: count() }).from(projectAssessmentItem).where(eq(projectAssessmentItem.projectId, input.projectId));
      if ((n?.n ?? 0) >= maxAssessmentItems) throw new AppError("badRequest", "too many items", { name: [`最多 ${maxAssessmentItems} 个考核项目`] });
      const [made] = await tx
        .insert(projectAssessmentItem)
        .values({ tenantId: actor.tenantId, projectId: input.projectId, createdBy: actor.actorId, ...row })
        .returning({ id: projectAssessmentItem.id });
      itemId = made!.id;
    }
    await appendAudit(tx, actor, {
      action: input.itemId ? "projects.assessment.itemUpdate" : "projects.assessment.itemCreate",
      target: `assessmentItem:${itemId}`,
      orgPath: ctx.ownerPath,
      data: { name: input.name, kind: input.kind, maxScore: input.maxScore, required: input.required },
    });
    return { itemId };
  });
}

/** Removes an item nobody has a score in yet (a scored item stays: the scores are the record). */
export async function deleteAssessmentItem(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZAssessmentItemRef, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId, { lock: true });
    await needOpen(tx, ctx);
    const [used] = await tx.select({ n: count() }).from(projectScore).where(and(eq(projectScore.projectId, input.projectId), eq(projectScore.itemId, input.itemId)));
    if (used?.n) throw new AppError("conflict", `assessment item ${input.itemId} has scores`);
    const gone = await tx
      .delete(projectAssessmentItem)
      .where(and(eq(projectAssessmentItem.projectId, input.projectId), eq(projectAssessmentItem.id, input.itemId)))
      .returning({ name: projectAssessmentItem.name });
    if (gone.length === 0) throw new AppError("notFound", `assessment item ${input.itemId}`);
    await appendAudit(tx, actor, { action: "projects.assessment.itemDelete", target: `assessmentItem:${input.itemId}`, orgPath: ctx.ownerPath, data: { name: gone[0]!.name } });
    return { itemId: input.itemId };
  });
}

/** The pass mark: a percentage of the items' maximum total (0 = no score rule). */
export async function setPassMark(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZPassMarkInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId, { lock: true });
    await needOpen(tx, ctx);
    await tx.update(trainingProject).set({ passPercent: input.passPercent, updatedAt: new Date() }).where(eq(trainingProject.id, input.projectId));
    await appendAudit(tx, actor, { action: "projects.assessment.passMark", target: `project:${input.projectId}`, orgPath: ctx.ownerPath, data: { from: ctx.project.passPercent, to: input.passPercent } });
    return { passPercent: input.passPercent };
  });
}

/**
 * One trainee's row of the grid: a score per item (blank clears it: not submitted). Each score 0 … the item's
 * max; the items must be this project's. Takes the project's row lock, so it queues behind (and then sees) a
 * confirmation of 学时认定, after which it is refused. Every change goes to the audit trail with before/after.
 */
export async function setScores(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZSetScoresInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId, { lock: true });
    await needOpen(tx, ctx);
    await loadTrainee(tx, input.projectId, input.nominationId);
    const items = new Map((await assessmentItemsOf(tx, input.projectId)).map((i) => [i.id, i]));
    const errors: string[] = [];
    input.item.forEach((id, k) => {
      const item = items.get(id);
      if (!item) throw new AppError("notFound", `assessment item ${id}`);
      const s = input.score[k];
      if (s !== null && s !== undefined && s > item.maxScore) errors.push(`${item.name}：成绩不能超过满分 ${item.maxScore}`);
    });
    if (errors.length) throw new AppError("badRequest", "score over max", { score: errors });
    const before = (await scoresOf(tx, input.projectId, [input.nominationId])).get(input.nominationId) ?? {};
    const changes: { itemId: string; from: number | null; to: number | null }[] = [];
    for (const [k, itemId] of input.item.entries()) {
      const to = input.score[k] ?? null;
      const from = before[itemId] ?? null;
      if (from === to) continue;
      changes.push({ itemId, from, to });
      if (to === null) {
        await tx.delete(projectScore).where(and(eq(projectScore.nominationId, input.nominationId), eq(projectScore.itemId, itemId)));
      } else {
        const row = { score: String(to), updatedBy: actor.actorId, updatedAt: new Date() };
        await tx
          .insert(projectScore)
          .values({ tenantId: actor.tenantId, nominationId: input.nominationId, itemId, projectId: input.projectId, ...row })
          .onConflictDoUpdate({ target: [projectScore.tenantId, projectScore.nominationId, projectScore.itemId], set: row });
      }
    }
    if (changes.length) {
      await appendAudit(tx, actor, { action: "projects.assessment.scores", target: `nomination:${input.nominationId}`, orgPath: ctx.ownerPath, data: { changes } });
    }
    return { nominationId: input.nominationId, changed: changes.length };
  });
}

const searchOf = (q: string | undefined) =>
  q ? or(ilike(teacherProfile.name, `%${escapeLike(q)}%`), ilike(teacherProfile.teacherNo, `${escapeLike(q)}%`)) : undefined;

/** Trainees (approved) of the project, by name; one page of them when `page` is given. */
async function traineePage(tx: Tx, projectId: string, q: string | undefined, page?: { page: number; size: number }) {
  const where = and(eq(nomination.projectId, projectId), eq(nomination.state, "approved"), searchOf(q));
  const base = tx.select({ nominationId: nomination.id, ...personColumns }).from(nomination).$dynamic();
  const query = joinPerson(base, nomination.teacherId).where(where).orderBy(asc(personColumns.name), asc(nomination.id)).$dynamic();
  const rows = page ? await query.limit(page.size).offset((page.page - 1) * page.size) : await query;
  const totalQ = tx.select({ n: count() }).from(nomination).$dynamic();
  const [total] = page ? await joinPerson(totalQ, nomination.teacherId).where(where) : [{ n: rows.length }];
  return { rows, total: total?.n ?? 0 };
}

/** The 考核成绩 tab: the items, the pass mark, and one page of trainees with their scores and totals. */
export async function assessmentPage(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const query = parseInput(ZAssessmentQuery, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, query.projectId);
    if (!ctx.runs) throw new AppError("notFound", `project ${query.projectId}: assessment`);
    const p = ctx.project;
    const items = await assessmentItemsOf(tx, p.id);
    const locked = await confirmed(tx, p.id);
    const { rows, total } = await traineePage(tx, p.id, query.q, query);
    const scores = await scoresOf(tx, p.id, rows.map((r) => r.nominationId));
    const [scored] = await tx.select({ n: sql<number>`count(distinct ${projectScore.nominationId})::int` }).from(projectScore).where(eq(projectScore.projectId, p.id));
    return {
      project: { id: p.id, name: p.name, passPercent: p.passPercent, requiredDays: p.requiredDays },
      items,
      maxTotal: items.reduce((s, i) => s + i.maxScore, 0),
      passScore: passScore(items, p.passPercent),
      locked,
      canEdit: ctx.runs && (p.state === "published" || p.state === "running") && !locked,
      scoredTrainees: scored?.n ?? 0,
      query,
      total,
      rows: rows.map((r) => {
        const s = scores.get(r.nominationId) ?? {};
        const check = completionCheck({ requiredDays: 0, attended: 0, items, scores: s, passPercent: p.passPercent });
        return { nominationId: r.nominationId, name: r.name, teacherNo: r.teacherNo, school: r.school, scores: s, total: check.total, missing: check.missing, passed: !check.reasons.includes("score") };
      }),
    };
  });
}

/** The grid as .xlsx: every trainee (or those the search finds), a column per item, the total. */
export async function exportScores(opts: { db: Database; actor: TActor; query: unknown }): Promise<{ stream: Readable; fileName: string }> {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  const g = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, projectId);
    if (!ctx.runs) throw new AppError("notFound", `project ${projectId}: assessment`);
    const items = await assessmentItemsOf(tx, projectId);
    const { rows } = await traineePage(tx, projectId, undefined);
    return { name: ctx.project.name, items, rows, scores: await scoresOf(tx, projectId) };
  });
  const headers = ["教师编号", "姓名", "学校", ...g.items.map((i) => `${i.name}（满分 ${i.maxScore}${i.required ? "，必考" : ""}）`), "总分"];
  const rows = g.rows.map((r) => {
    const s = g.scores.get(r.nominationId) ?? {};
    const total = g.items.reduce((t, i) => t + Math.round((s[i.id] ?? 0) * 10), 0) / 10;
    return [r.teacherNo ?? "", r.name, r.school ?? "", ...g.items.map((i) => (s[i.id] === undefined ? "" : s[i.id]!)), total];
  });
  return { stream: xlsxStream([{ name: "考核成绩", headers, rows }]), fileName: `${g.name}-考核成绩.xlsx` };
}

// ─── .xlsx import of scores by 教师编号 ──────────────────────────────────────────────────────────────

const maxScoreFileBytes = 5 * 1024 * 1024;
const cellText = (v: unknown) => (v == null ? "" : typeof v === "number" ? String(v) : String(v).trim());

export type TScoreImportRow = { rowNumber: number; teacherNo: string; reasons: string[] };
export type TScoreImportResult = { ok: true; trainees: number; changed: number } | { ok: false; rows: TScoreImportRow[]; message?: string };

class RolledBack extends Error {}

/**
 * Scores from a sheet (the export, filled in, is the template): a 教师编号 column, a column per item named as the
 * item (the export's「（满分 …）」note is ignored; `headerMatcher` as the roster's), blank cells clear a score.
 * All or nothing, as the roster import: every row is checked (a trainee of this project, each score 0 … max with
 * one decimal, no formula, no trainee twice) and any problem returns the rows with their reasons and writes
 * nothing; otherwise every row is written in one transaction, with one audit event per trainee changed.
 */
export async function importScores(opts: { db: Database; actor: TActor; input: { projectId: unknown; fileName: string; bytes: Uint8Array } }): Promise<TScoreImportResult> {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, { projectId: opts.input.projectId });
  if (opts.input.bytes.byteLength > maxScoreFileBytes) throw new AppError("payloadTooLarge", "file too large", { file: ["成绩表不能超过 5 MB"] });
  if (!/\.xlsx$/i.test(opts.input.fileName)) throw new AppError("badRequest", "not xlsx", { file: ["请上传 .xlsx 文件（可先导出成绩，在其中填写）"] });
  let result: TScoreImportResult = { ok: true, trainees: 0, changed: 0 };
  try {
    await opts.db.withTenant(actor.tenantId, async (tx) => {
      const ctx = await loadRunningFor(tx, actor, projectId, { lock: true });
      if (!ctx.runs) throw new AppError("notFound", `project ${projectId}: assessment`);
      await needOpen(tx, ctx);
      const items = await assessmentItemsOf(tx, projectId);
      if (items.length === 0) throw new AppError("badRequest", "no items", { file: ["请先添加考核项目"] });
      const sheet = await readScoreSheet(opts.input.bytes, items).catch((e: unknown) => {
        if (isAppError(e)) throw new AppError(e.code, e.message, { file: [e.message] });
        throw e;
      });
      if (sheet.rows.length === 0) {
        result = { ok: false, rows: [], message: "表中没有成绩行" };
        throw new RolledBack();
      }
      const trainees = new Map(
        (
          await tx
            .select({ nominationId: nomination.id, teacherNo: teacherProfile.teacherNo })
            .from(nomination)
            .innerJoin(teacherProfile, and(eq(teacherProfile.tenantId, nomination.tenantId), eq(teacherProfile.userId, nomination.teacherId)))
            .where(and(eq(nomination.projectId, projectId), eq(nomination.state, "approved"), inArray(teacherProfile.teacherNo, [...new Set(sheet.rows.map((r) => r.teacherNo))])))
        ).map((t) => [t.teacherNo, t.nominationId]),
      );
      const seen = new Map<string, number>();
      for (const r of sheet.rows) {
        if (!r.teacherNo) r.reasons.push("请填写教师编号");
        else if (!trainees.has(r.teacherNo)) r.reasons.push(`教师编号「${r.teacherNo}」不是本项目的学员`);
        const first = seen.get(r.teacherNo);
        if (r.teacherNo && first !== undefined) r.reasons.push(`与第 ${first} 行是同一学员`);
        else seen.set(r.teacherNo, r.rowNumber);
      }
      const bad = sheet.rows.filter((r) => r.reasons.length > 0);
      if (bad.length > 0) {
        result = { ok: false, rows: bad.map((r) => ({ rowNumber: r.rowNumber, teacherNo: r.teacherNo, reasons: r.reasons })) };
        throw new RolledBack();
      }
      const ids = sheet.rows.map((r) => trainees.get(r.teacherNo)!);
      const before = await scoresOf(tx, projectId, ids);
      let changed = 0;
      for (const r of sheet.rows) {
        const nominationId = trainees.get(r.teacherNo)!;
        const had = before.get(nominationId) ?? {};
        const changes: { itemId: string; from: number | null; to: number | null }[] = [];
        for (const [itemId, to] of Object.entries(r.scores)) {
          const from = had[itemId] ?? null;
          if (from === to) continue;
          changes.push({ itemId, from, to });
          if (to === null) {
            await tx.delete(projectScore).where(and(eq(projectScore.nominationId, nominationId), eq(projectScore.itemId, itemId)));
          } else {
            const row = { score: String(to), updatedBy: actor.actorId, updatedAt: new Date() };
            await tx
              .insert(projectScore)
              .values({ tenantId: actor.tenantId, nominationId, itemId, projectId, ...row })
              .onConflictDoUpdate({ target: [projectScore.tenantId, projectScore.nominationId, projectScore.itemId], set: row });
          }
        }
        if (changes.length) {
          changed++;
          await appendAudit(tx, actor, { action: "projects.assessment.scores", target: `nomination:${nominationId}`, orgPath: ctx.ownerPath, data: { changes, import: opts.input.fileName.slice(0, 200) } });
        }
      }
      result = { ok: true, trainees: sheet.rows.length, changed };
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
  }
  return result;
}

/** The sheet's rows: 教师编号 and, per item column found, the score (null = blank); a row's own problems are its reasons. */
async function readScoreSheet(bytes: Uint8Array, items: readonly TAssessmentItem[]) {
  type K = "teacherNo" | "name" | `item:${string}`;
  const columns: { key: K }[] = [{ key: "teacherNo" }, { key: "name" }, ...items.map((i) => ({ key: `item:${i.id}` as K }))];
  const aliases = Object.fromEntries([
    ["teacherNo", ["教师编号", "编号", "工号"]],
    ["name", ["姓名", "教师姓名", "学员姓名"]],
    ...items.map((i) => [`item:${i.id}`, [i.name]]),
  ]) as Record<K, string[]>;
  const headers = headerMatcher(columns, aliases);
  const dir = await mkdtemp(path.join(os.tmpdir(), "yx-scores-"));
  const filePath = path.join(dir, "scores.xlsx");
  try {
    await writeFile(filePath, bytes);
    const rows: (TScoreImportRow & { scores: Record<string, number | null> })[] = [];
    let cols: Map<K, number> | null = null;
    for await (const row of readRosterRows(filePath, "xlsx")) {
      if (!cols) {
        // Rows above the header (a title, a line of instructions) are skipped, as in the roster import.
        if (!headers.isHeaderRow(row.cells) && !row.cells.some((c) => headers.keyOf(c) === "teacherNo")) continue;
        cols = new Map();
        for (let i = 0; i < row.cells.length; i++) {
          const key = headers.keyOf(row.cells[i]);
          if (!key) continue;
          if (cols.has(key)) throw new AppError("badRequest", `表头「${cellText(row.cells[i])}」出现了两次`);
          cols.set(key, i);
        }
        if (!cols.has("teacherNo")) throw new AppError("badRequest", "表头须包含「教师编号」（可先导出成绩，在其中填写）");
        if (![...cols.keys()].some((k) => k.startsWith("item:"))) throw new AppError("badRequest", `表头中没有考核项目（本项目的考核项目：${items.map((i) => i.name).join("、")}）`);
        continue;
      }
      const c = cols;
      const itemCells = items.filter((i) => c.has(`item:${i.id}`)).map((i) => ({ item: i, v: row.cells[c.get(`item:${i.id}`)!] }));
      const teacherNoCell = row.cells[c.get("teacherNo")!];
      if (cellText(teacherNoCell) === "" && itemCells.every((x) => cellText(x.v) === "")) continue;
      if (rows.length >= 20_000) throw new AppError("payloadTooLarge", "成绩表不能超过 20000 行");
      const reasons: string[] = [];
      const scores: Record<string, number | null> = {};
      if (isFormulaCell(teacherNoCell) || itemCells.some((x) => isFormulaCell(x.v))) reasons.push("单元格是公式，请改为直接填写数值");
      for (const { item, v } of itemCells) {
        if (isFormulaCell(v)) continue;
        const parsed = ZScoreValue.safeParse(cellText(v));
        if (!parsed.success) reasons.push(`${item.name}：${parsed.error.issues[0]?.message ?? "成绩无效"}`);
        else if (parsed.data !== null && parsed.data > item.maxScore) reasons.push(`${item.name}：成绩不能超过满分 ${item.maxScore}`);
        else scores[item.id] = parsed.data;
      }
      rows.push({ rowNumber: row.rowNumber, teacherNo: isFormulaCell(teacherNoCell) ? "" : cellText(teacherNoCell), reasons, scores });
    }
    if (!cols) throw new AppError("badRequest", "表中没有表头（须包含「教师编号」和考核项目的名称）");
    return { rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
