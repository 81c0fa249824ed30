import { eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import { nextProjectState, ZProjectDecisionInput, ZProjectRef, type TProjectAction } from "@yanxiu/domain/projects";
import type { Database } from "@yanxiu/db/client";
import { trainingProject } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { loadProjectFor, needManage, parentPath, recordDecision, type TProjectContext } from "./common.ts";

async function move(opts: { db: Database; actor: TActor; projectId: string; action: TProjectAction; reason?: string; check: (ctx: TProjectContext) => void }) {
  const { actor, projectId, action } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, projectId, { lock: true });
    opts.check(ctx);
    const p = ctx.project;
    const to = nextProjectState(p, action);
    if (!to) throw new AppError("projectStateConflict", `project ${projectId} is ${p.state}: cannot ${action}`);
    await tx
      .update(trainingProject)
      .set({ state: to, updatedAt: new Date(), ...(to === "published" ? { publishedAt: new Date() } : {}) })
      .where(eq(trainingProject.id, projectId));
    await recordDecision(tx, actor, { projectId, action: `project.${action}`, fromState: p.state, toState: to, atUnitId: p.ownerUnitId, reason: opts.reason ?? "" });
    await appendAudit(tx, actor, { action: `projects.${action}`, target: `project:${projectId}`, orgPath: ctx.ownerPath, data: { from: p.state, to, reason: opts.reason || undefined } });
    return { projectId, state: to };
  });
}

/**
 * Publishes a draft (its managers): at once, or — when the project asks for 上级审核 — it waits for the
 * level above (pendingApproval).
 */
export async function publishProject(opts: { db: Database; actor: TActor; input: unknown }) {
  const { projectId } = parseInput(ZProjectRef, opts.input);
  return move({ ...opts, projectId, action: "submit", check: needManage });
}

/**
 * 上级审核: an admin of the level above the owner approves (published) or returns it to draft with a reason.
 * The owner unit's own admins cannot approve their project: their scope ends at the owner.
 */
export async function decideProjectApproval(opts: { db: Database; actor: TActor; input: unknown }) {
  const input = parseInput(ZProjectDecisionInput, opts.input);
  return move({
    ...opts,
    projectId: input.projectId,
    action: input.decision,
    reason: input.reason,
    check: (ctx) => {
      const above = parentPath(ctx.ownerPath);
      if (!above || !can(opts.actor.grants, "org.view", above)) throw new AppError("forbidden", `project ${ctx.project.id}: approval is the level above's`);
    },
  });
}

/** Starts a published project (实施中). */
export async function startProject(opts: { db: Database; actor: TActor; input: unknown }) {
  const { projectId } = parseInput(ZProjectRef, opts.input);
  return move({ ...opts, projectId, action: "start", check: needManage });
}

/** Closes a running project. */
export async function closeProject(opts: { db: Database; actor: TActor; input: unknown }) {
  const { projectId } = parseInput(ZProjectRef, opts.input);
  return move({ ...opts, projectId, action: "close", check: needManage });
}
