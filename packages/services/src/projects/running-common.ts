import { and, eq, inArray } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import type { Tx } from "@yanxiu/db/client";
import { nomination, orgUnit, projectClassPlan } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";
import { loadProjectFor, type TProjectContext } from "./common.ts";

/**
 * Who runs a project (编班, schedule, attendance; decision 023): its managers (admins over the owner unit) and
 * the admins of its implementing unit (实施单位), if one is set. Everyone else who sees the project reads only.
 */
export type TRunningContext = TProjectContext & {
  plan: typeof projectClassPlan.$inferSelect | null;
  implementingUnit: { id: string; name: string; path: string } | null;
  runs: boolean;
};

export async function loadRunningFor(tx: Tx, actor: TActor, projectId: string, opts: { lock?: boolean } = {}): Promise<TRunningContext> {
  return runningOf(tx, actor, await loadProjectFor(tx, actor, projectId, opts));
}

/** The running rights for a project already loaded (the project frame reads them with its facts). */
export async function runningOf(tx: Tx, actor: TActor, ctx: TProjectContext): Promise<TRunningContext> {
  const projectId = ctx.project.id;
  const [plan] = await tx.select().from(projectClassPlan).where(eq(projectClassPlan.projectId, projectId)).limit(1);
  let implementingUnit: TRunningContext["implementingUnit"] = null;
  if (plan?.implementingUnitId) {
    const [u] = await tx.select({ id: orgUnit.id, name: orgUnit.name, path: orgUnit.path }).from(orgUnit).where(eq(orgUnit.id, plan.implementingUnitId)).limit(1);
    implementingUnit = u ?? null;
  }
  const runs = ctx.manages || (implementingUnit !== null && can(actor.grants, "org.view", implementingUnit.path));
  return { ...ctx, plan: plan ?? null, implementingUnit, runs };
}

/** Running needs the right, and a project that is published or running (not a draft, not closed). */
export function needRun(ctx: TRunningContext): void {
  if (!ctx.runs) throw new AppError("forbidden", `project ${ctx.project.id}: run`);
  if (ctx.project.state !== "published" && ctx.project.state !== "running") {
    throw new AppError("projectStateConflict", `project ${ctx.project.id} is ${ctx.project.state}`);
  }
}

/** The plan row, made on first use (the key is the project: concurrent first uses agree on one row). */
export async function ensurePlan(tx: Tx, tenantId: string, projectId: string) {
  await tx.insert(projectClassPlan).values({ tenantId, projectId }).onConflictDoNothing();
  const [plan] = await tx.select().from(projectClassPlan).where(eq(projectClassPlan.projectId, projectId)).for("update").limit(1);
  return plan!;
}

/** An approved trainee (nomination) of this project, or notFound. */
export async function loadTrainee(tx: Tx, projectId: string, nominationId: string, states: readonly ("approved" | "withdrawn")[] = ["approved"]) {
  const [n] = await tx
    .select()
    .from(nomination)
    .where(and(eq(nomination.id, nominationId), eq(nomination.projectId, projectId), inArray(nomination.state, [...states])))
    .limit(1);
  if (!n) throw new AppError("notFound", `trainee ${nominationId}`);
  return n;
}
