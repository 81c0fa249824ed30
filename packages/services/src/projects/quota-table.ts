import { asc, eq, inArray, sql } from "drizzle-orm";
import { quotaSubtreeTotals, seatHoldingStates, ZQuotaTableQuery } from "@yanxiu/domain/projects";
import type { Database, Tx } from "@yanxiu/db/client";
import { nomination, orgUnit, quotaAllocation } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { inScope, type TActor } from "../org/scope.ts";
import { loadProjectFor, type TProjectContext } from "./common.ts";

/**
 * The 名额分配表 of a project as the actor may see it: every allocation for its managers, the allocations
 * inside their own subtree for the admins below. Each row: the unit, the key, the seats it got, what it handed
 * down, what its own nominations hold and what is left, and the same over its whole subtree. One query for the
 * rows with their figures (grouped sums, not a query per row); the subtree totals are added up in memory.
 */
export async function quotaTable(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZQuotaTableQuery, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => quotaRows(tx, actor, await loadProjectFor(tx, actor, projectId)));
}

/** The table's rows for a loaded project, inside the caller's transaction. */
export async function quotaRows(tx: Tx, actor: TActor, ctx: TProjectContext) {
  const projectId = ctx.project.id;
  const handed = tx
    .select({ parentId: quotaAllocation.parentId, n: sql<number>`sum(${quotaAllocation.seats})::int`.as("handed_n") })
    .from(quotaAllocation)
    .where(eq(quotaAllocation.projectId, projectId))
    .groupBy(quotaAllocation.parentId)
    .as("handed");
  const held = tx
    .select({ allocationId: nomination.allocationId, n: sql<number>`count(*)::int`.as("held_n") })
    .from(nomination)
    .where(sql`${nomination.projectId} = ${projectId} and ${inArray(nomination.state, [...seatHoldingStates])}`)
    .groupBy(nomination.allocationId)
    .as("held");
  const rows = await tx
    .select({
      id: quotaAllocation.id,
      parentId: quotaAllocation.parentId,
      orgUnitId: quotaAllocation.orgUnitId,
      unitName: orgUnit.name,
      unitKind: orgUnit.kind,
      unitPath: orgUnit.path,
      quotaKey: quotaAllocation.quotaKey,
      seats: quotaAllocation.seats,
      allocated: sql<number>`coalesce(${handed.n}, 0)`,
      used: sql<number>`coalesce(${held.n}, 0)`,
    })
    .from(quotaAllocation)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, quotaAllocation.orgUnitId))
    .leftJoin(handed, eq(handed.parentId, quotaAllocation.id))
    .leftJoin(held, eq(held.allocationId, quotaAllocation.id))
    .where(ctx.manages ? eq(quotaAllocation.projectId, projectId) : sql`${quotaAllocation.projectId} = ${projectId} and ${inScope(orgUnit.path, actor.grants)}`)
    .orderBy(asc(orgUnit.path), asc(quotaAllocation.quotaKey));
  const ownerDepth = ctx.ownerPath.split("/").filter(Boolean).length;
  return {
    project: { id: ctx.project.id, name: ctx.project.name, state: ctx.project.state, capacity: ctx.project.capacity, quotaKeys: ctx.project.quotaKeys },
    rows: quotaSubtreeTotals(rows).map(({ unitPath, ...r }) => ({ ...r, depth: unitPath.split("/").filter(Boolean).length - ownerDepth })),
  };
}
