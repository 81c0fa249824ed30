import type { Readable } from "node:stream";
import { and, asc, count, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { escapeLike } from "@yanxiu/domain/list-page";
import {
  completionCheck,
  maxAssessmentItems,
  passScore,
  ZAssessmentItemInput,
  ZAssessmentItemRef,
  ZAssessmentQuery,
  ZPassMarkInput,
  ZSetScoresInput,
  type TAssessmentKind,
} from "@yanxiu/domain/projects-running";
import { ZProjectRef } from "@yanxiu/domain/projects";
import type { Database, Tx } from "@yanxiu/db/client";
import { nomination, projectAssessmentItem, projectCreditRun, projectScore, teacherProfile, trainingProject } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { joinPerson, personColumns } from "../common/person.ts";
import type { TActor } from "../org/scope.ts";
import { xlsxStream } from "../platform/xlsx/xlsx.ts";
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
