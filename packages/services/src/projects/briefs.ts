import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { chinaDay } from "@yanxiu/domain/china-time";
import { AppError } from "@yanxiu/domain/errors";
import { briefProgress, ZBriefInput, ZBriefRef, ZBriefUpdateInput, ZEvaluationSettingsInput } from "@yanxiu/domain/project-evaluation";
import { ZProjectRef } from "@yanxiu/domain/projects";
import type { Database, Tx } from "@yanxiu/db/client";
import { projectBrief, storedFile, teacherProfile, trainingProject, user } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import type { TActor } from "../org/scope.ts";
import { loadProjectFor, needManage, type TProjectContext } from "./common.ts";
import { loadProjectForReader } from "./evaluation-access.ts";

/**
 * 培训简报 (issue 16, decision 024): the project's managers post, edit and delete briefs (plain paragraphs and
 * uploaded images); its admins and trainees read them; each year's count is shown against the project's
 * required number.
 */

function needOpen(ctx: TProjectContext): void {
  if (ctx.project.state === "draft" || ctx.project.state === "pendingApproval") throw new AppError("projectStateConflict", `project ${ctx.project.id} is ${ctx.project.state}`);
}

/**
 * The images a brief may name: the ones it already had, and the writer's own brief-image uploads; anything
 * else (another person's file, another purpose, another tenant's id, which RLS hides) is a field error.
 */
async function checkImages(tx: Tx, actor: TActor, ids: readonly string[], kept: readonly string[]): Promise<void> {
  const fresh = ids.filter((id) => !kept.includes(id));
  if (fresh.length === 0) return;
  const rows = await tx
    .select({ id: storedFile.id })
    .from(storedFile)
    .where(and(inArray(storedFile.id, fresh), eq(storedFile.purpose, "projectBrief"), eq(storedFile.ownerId, actor.actorId)));
  if (rows.length !== fresh.length) throw new AppError("badRequest", "brief image not usable", { imageIds: ["图片不可用，请重新上传"] });
}

export async function listBriefs(opts: { db: Database; actor: TActor; query: unknown; now?: Date }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectForReader(tx, actor, projectId);
    const rows = await tx
      .select({
        id: projectBrief.id,
        title: projectBrief.title,
        body: projectBrief.body,
        imageIds: projectBrief.imageIds,
        postedOn: projectBrief.postedOn,
        updatedAt: projectBrief.updatedAt,
        authorName: sql<string>`coalesce(${teacherProfile.name}, ${user.displayName}, '')`,
      })
      .from(projectBrief)
      .leftJoin(user, tenantEq(user.id, projectBrief.createdBy))
      .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, projectBrief.createdBy))
      .where(eq(projectBrief.projectId, projectId))
      .orderBy(desc(projectBrief.postedOn), desc(projectBrief.createdAt))
      .limit(500);
    const today = chinaDay(opts.now);
    const year = Number(today.slice(0, 4));
    const years = [...new Set([year, ...rows.map((r) => Number(r.postedOn.slice(0, 4)))])].sort((a, b) => b - a);
    return {
      project: { id: ctx.project.id, name: ctx.project.name, state: ctx.project.state, briefsPerYear: ctx.project.briefsPerYear, reportDueDays: ctx.project.reportDueDays },
      briefs: rows,
      progress: years.map((y) => briefProgress(rows.map((r) => r.postedOn), ctx.project.briefsPerYear, y)),
      manages: ctx.manages,
      trainee: ctx.trainee,
    };
  });
}

export async function postBrief(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const { actor } = opts;
  const input = parseInput(ZBriefInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, input.projectId);
    needManage(ctx);
    needOpen(ctx);
    await checkImages(tx, actor, input.imageIds, []);
    const [row] = await tx
      .insert(projectBrief)
      .values({ tenantId: actor.tenantId, projectId: input.projectId, title: input.title, body: input.body, imageIds: input.imageIds, postedOn: chinaDay(opts.now), createdBy: actor.actorId, updatedBy: actor.actorId })
      .returning({ id: projectBrief.id });
    await appendAudit(tx, actor, { action: "projects.brief.post", target: `brief:${row!.id}`, orgPath: ctx.ownerPath, data: { projectId: input.projectId, title: input.title } });
    return { briefId: row!.id };
  });
}

async function loadBrief(tx: Tx, projectId: string, briefId: string) {
  const [b] = await tx
    .select()
    .from(projectBrief)
    .where(and(eq(projectBrief.id, briefId), eq(projectBrief.projectId, projectId)))
    .limit(1);
  if (!b) throw new AppError("notFound", `brief ${briefId}`);
  return b;
}

export async function updateBrief(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZBriefUpdateInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, input.projectId);
    needManage(ctx);
    const b = await loadBrief(tx, input.projectId, input.briefId);
    await checkImages(tx, actor, input.imageIds, b.imageIds);
    await tx
      .update(projectBrief)
      .set({ title: input.title, body: input.body, imageIds: input.imageIds, updatedBy: actor.actorId, updatedAt: new Date() })
      .where(eq(projectBrief.id, b.id));
    await appendAudit(tx, actor, { action: "projects.brief.update", target: `brief:${b.id}`, orgPath: ctx.ownerPath, data: { projectId: input.projectId, title: input.title } });
    return { briefId: b.id };
  });
}

export async function deleteBrief(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZBriefRef, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, input.projectId);
    needManage(ctx);
    const b = await loadBrief(tx, input.projectId, input.briefId);
    await tx.delete(projectBrief).where(eq(projectBrief.id, b.id));
    await appendAudit(tx, actor, { action: "projects.brief.delete", target: `brief:${b.id}`, orgPath: ctx.ownerPath, data: { projectId: input.projectId, title: b.title } });
    return { briefId: b.id };
  });
}

/** The project's evaluation settings: briefs required per year, days after the end the report is due. */
export async function updateEvaluationSettings(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZEvaluationSettingsInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, input.projectId, { lock: true });
    needManage(ctx);
    if (ctx.project.state === "closed") throw new AppError("projectStateConflict", `project ${ctx.project.id} is closed`);
    await tx.update(trainingProject).set({ briefsPerYear: input.briefsPerYear, reportDueDays: input.reportDueDays, updatedAt: new Date() }).where(eq(trainingProject.id, input.projectId));
    await appendAudit(tx, actor, { action: "projects.evaluation.settings", target: `project:${input.projectId}`, orgPath: ctx.ownerPath, data: { briefsPerYear: input.briefsPerYear, reportDueDays: input.reportDueDays } });
    return { briefsPerYear: input.briefsPerYear, reportDueDays: input.reportDueDays };
  });
}
