import { and, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { adminScope, can, type TGrant } from "@yanxiu/domain/permissions";
import { seatHoldingStates, type TProjectState, type TQuotaNode } from "@yanxiu/domain/projects";
import type { Tx } from "@yanxiu/db/client";
import { nomination, orgUnit, projectDecision, quotaAllocation, trainingProject } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * What the project services share: one place that decides who sees and who manages a project, loading a
 * project, an allocation with its figures, and writing the decision trail.
 */

export type TProjectRow = typeof trainingProject.$inferSelect;
export type TAllocationRow = typeof quotaAllocation.$inferSelect;

/** Admins over the owner unit (its own and those above it) manage the project. */
export function managesProject(grants: readonly TGrant[], ownerPath: string): boolean {
  return can(grants, "org.view", ownerPath);
}

/**
 * Who sees a project: its managers always; once published, every admin inside the owner's subtree (a county
 * sees its province's projects, to allocate and nominate). Drafts stay with their managers.
 */
export function seesProject(grants: readonly TGrant[], ownerPath: string, state: TProjectState): boolean {
  if (managesProject(grants, ownerPath)) return true;
  if (state === "draft" || state === "pendingApproval") return false;
  const scope = adminScope(grants);
  return scope !== "all" && scope.some((p) => p.startsWith(ownerPath));
}

/** The path of the unit above (the owner's parent), or null for a root. */
export function parentPath(path: string): string | null {
  const ids = path.split("/").filter(Boolean);
  return ids.length <= 1 ? null : `/${ids.slice(0, -1).join("/")}/`;
}

export type TProjectContext = { project: TProjectRow; ownerPath: string; ownerName: string; manages: boolean };

/**
 * The project, if it is in this tenant and the actor sees it; anything else is notFound (a project of another
 * province or a draft of another county is indistinguishable from none).
 */
export async function loadProjectFor(tx: Tx, actor: TActor, projectId: string, opts: { lock?: boolean } = {}): Promise<TProjectContext> {
  const q = tx
    .select({ project: trainingProject, ownerPath: orgUnit.path, ownerName: orgUnit.name })
    .from(trainingProject)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, trainingProject.ownerUnitId))
    .where(eq(trainingProject.id, projectId))
    .limit(1);
  const [row] = opts.lock ? await q.for("update", { of: trainingProject }) : await q;
  if (!row || !seesProject(actor.grants, row.ownerPath, row.project.state)) throw new AppError("notFound", `project ${projectId}`);
  return { ...row, manages: managesProject(actor.grants, row.ownerPath) };
}

export function needManage(ctx: TProjectContext): void {
  if (!ctx.manages) throw new AppError("forbidden", `project ${ctx.project.id}: manage`);
}

/** An org unit of this tenant by id (no scope check). */
export async function unitById(tx: Tx, id: string) {
  const [u] = await tx.select().from(orgUnit).where(eq(orgUnit.id, id)).limit(1);
  return u ?? null;
}

/**
 * An allocation of the project with its unit and its figures: seats, what it handed down (its children's
 * seats) and what its nominations hold. `lock` takes the row lock that serialises every change to this
 * node's figures (a child allocation, a nomination), so two writers never both see the last seat free.
 */
export async function loadAllocation(tx: Tx, projectId: string, allocationId: string, opts: { lock?: boolean } = {}) {
  const q = tx
    .select({ allocation: quotaAllocation, unitPath: orgUnit.path, unitName: orgUnit.name })
    .from(quotaAllocation)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, quotaAllocation.orgUnitId))
    .where(and(eq(quotaAllocation.id, allocationId), eq(quotaAllocation.projectId, projectId)))
    .limit(1);
  const [row] = opts.lock ? await q.for("update", { of: quotaAllocation }) : await q;
  if (!row) return null;
  return { ...row, node: await nodeFigures(tx, row.allocation) };
}

/** Seats, handed down and held, read after the node's lock is taken (so they cannot change under it). */
export async function nodeFigures(tx: Tx, a: TAllocationRow): Promise<TQuotaNode> {
  const [handed] = await tx
    .select({ n: sql<number>`coalesce(sum(${quotaAllocation.seats}), 0)::int` })
    .from(quotaAllocation)
    .where(eq(quotaAllocation.parentId, a.id));
  const [held] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(nomination)
    .where(and(eq(nomination.allocationId, a.id), inArray(nomination.state, [...seatHoldingStates])));
  return { seats: a.seats, allocated: handed?.n ?? 0, used: held?.n ?? 0 };
}

/** One row of the decision trail, in the caller's transaction. */
export async function recordDecision(
  tx: Tx,
  actor: TActor,
  d: { projectId: string; action: string; nominationId?: string; allocationId?: string; fromState?: string | null; toState?: string | null; atUnitId?: string | null; reason?: string; data?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(projectDecision).values({
    tenantId: actor.tenantId,
    projectId: d.projectId,
    nominationId: d.nominationId ?? null,
    allocationId: d.allocationId ?? null,
    action: d.action,
    fromState: d.fromState ?? null,
    toState: d.toState ?? null,
    atUnitId: d.atUnitId ?? null,
    actorId: actor.actorId,
    reason: d.reason ?? "",
    data: d.data ?? {},
    // The wall clock, not the transaction's start: a replacement writes two rows in one transaction, in order.
    occurredAt: sql`clock_timestamp()`,
  });
}

export const uniqueViolation = (e: unknown, constraint?: string) => {
  const c = e as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } };
  const code = c?.code ?? c?.cause?.code;
  const name = c?.constraint_name ?? c?.cause?.constraint_name;
  return code === "23505" && (!constraint || name === constraint);
};
