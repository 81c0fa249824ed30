import { and, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import { allocationRefusal, childQuotaKeyRefusal, projectLevelOf, ZAllocateQuotaInput, type TAllocateQuotaInput } from "@yanxiu/domain/projects";
import type { Database, Tx } from "@yanxiu/db/client";
import { quotaAllocation } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { loadAllocation, loadProjectFor, nodeFigures, recordDecision, uniqueViolation, unitById, type TProjectContext } from "./common.ts";

/**
 * Sets the seats an org unit below gets from a parent allocation (the 名额分配表: province → city → county →
 * school). The actor administers the parent allocation's unit; the child is an active city, county or school
 * inside it. The parent's row is locked first, so concurrent allocations from one parent are serialised and
 * none can hand out seats another already took; the child's row is locked next, so its own nominations and
 * allocations cannot grow while it shrinks.
 */
export async function allocateQuota(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZAllocateQuotaInput, opts.input);
  return opts.db
    .withTenant(actor.tenantId, async (tx) => allocateWithin(tx, actor, await loadProjectFor(tx, actor, input.projectId), input))
    .catch((e: unknown) => {
      // Two first allocations to one unit at once: the unique key lets one in; the other tries again as an update.
      if (uniqueViolation(e, "quota_allocation_unit_key")) throw new AppError("conflict", "allocation made concurrently; retry");
      throw e;
    });
}

/**
 * One allocation inside the caller's transaction (the form's, or one row of a 名额分配表 import). Every refusal
 * is an AppError thrown before anything is written for this row, so an import can collect them and roll back.
 */
export async function allocateWithin(tx: Tx, actor: TActor, ctx: TProjectContext, input: TAllocateQuotaInput) {
  const p = ctx.project;
  if (p.state === "closed") throw new AppError("projectStateConflict", `project ${p.id} is closed`);
  if (p.enrolmentMode === "selfEnrolment") throw new AppError("projectStateConflict", `project ${p.id} takes no nominations`);
  const parent = await loadAllocation(tx, p.id, input.parentAllocationId, { lock: true });
  if (!parent || !can(actor.grants, "org.view", parent.unitPath)) throw new AppError("notFound", `allocation ${input.parentAllocationId}`);
  const child = await unitById(tx, input.orgUnitId);
  if (!child || child.status !== "active" || !child.path.startsWith(parent.unitPath) || child.path === parent.unitPath || !projectLevelOf(child.kind)) {
    throw new AppError("badRequest", "child unit", { orgUnitId: ["只能向本级以下的市、县或学校分配名额"] });
  }
  const quotaKey = input.quotaKey || parent.allocation.quotaKey;
  const keyWhy = childQuotaKeyRefusal(parent.allocation.quotaKey, quotaKey, p.quotaKeys);
  if (keyWhy) throw new AppError("badRequest", "quota key", { quotaKey: [keyWhy] });
  const [existing] = await tx
    .select()
    .from(quotaAllocation)
    .where(and(eq(quotaAllocation.projectId, p.id), eq(quotaAllocation.orgUnitId, child.id), eq(quotaAllocation.quotaKey, quotaKey)))
    .for("update");
  if (existing && existing.parentId !== parent.allocation.id) {
    throw new AppError("badRequest", "allocated elsewhere", { orgUnitId: ["该机构的名额由其他上级分配"] });
  }
  const childFigures = existing ? await nodeFigures(tx, existing) : null;
  const why = allocationRefusal(parent.node, childFigures, input.seats);
  if (why) throw new AppError(why.startsWith("名额不足") ? "quotaExceeded" : "badRequest", why, { seats: [why] });
  let allocationId: string;
  if (existing) {
    if (existing.seats === input.seats) return { allocationId: existing.id, seats: input.seats, changed: false };
    await tx.update(quotaAllocation).set({ seats: input.seats, updatedAt: new Date() }).where(eq(quotaAllocation.id, existing.id));
    allocationId = existing.id;
  } else {
    const [row] = await tx
      .insert(quotaAllocation)
      .values({ tenantId: actor.tenantId, projectId: p.id, orgUnitId: child.id, parentId: parent.allocation.id, quotaKey, seats: input.seats, createdBy: actor.actorId })
      .returning({ id: quotaAllocation.id });
    allocationId = row!.id;
  }
  const data = { orgUnitId: child.id, quotaKey, from: existing?.seats ?? 0, to: input.seats };
  await recordDecision(tx, actor, { projectId: p.id, action: "quota.allocate", allocationId, atUnitId: parent.allocation.orgUnitId, data });
  await appendAudit(tx, actor, { action: "projects.allocateQuota", target: `allocation:${allocationId}`, orgPath: parent.unitPath, data: { projectId: p.id, ...data } });
  return { allocationId, seats: input.seats, changed: true };
}
