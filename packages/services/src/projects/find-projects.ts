import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { adminScope, can, isAdministrator } from "@yanxiu/domain/permissions";
import { escapeLike, pageOffset } from "@yanxiu/domain/list-page";
import { ZProjectQuery, ZProjectRef } from "@yanxiu/domain/projects";
import type { Database, Tx } from "@yanxiu/db/client";
import { orgUnit, quotaAllocation, trainingProject } from "@yanxiu/db/schema";
import { AppError } from "@yanxiu/domain/errors";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { inScope, type TActor } from "../org/scope.ts";
import { loadProjectFor, parentPath, type TProjectContext } from "./common.ts";
import { quotaRows } from "./quota-table.ts";
import { runningOf } from "./running-common.ts";

/**
 * The projects an admin sees (seesProject, as SQL): those owned inside their scope, and the published ones
 * owned above it. Newest first, a numbered page with the total.
 */
export async function listProjects(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const query = parseInput(ZProjectQuery, opts.query ?? {});
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "projects");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const scope = adminScope(actor.grants);
    // A unit above one's scope is one whose path is a prefix of a scope path.
    const above = scope === "all" ? sql`false` : or(...scope.map((p) => sql`${p} like ${orgUnit.path} || '%'`)) ?? sql`false`;
    const where: SQL[] = [sql`(${inScope(orgUnit.path, actor.grants)} or (${above} and ${trainingProject.state} in ('published', 'running', 'closed')))`];
    if (query.state) where.push(eq(trainingProject.state, query.state));
    if (query.q) where.push(ilike(trainingProject.name, `%${escapeLike(query.q)}%`));
    const filter = and(...where);
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(trainingProject)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, trainingProject.ownerUnitId))
      .where(filter);
    const items = await tx
      .select({
        id: trainingProject.id,
        name: trainingProject.name,
        level: trainingProject.level,
        category: trainingProject.category,
        form: trainingProject.form,
        state: trainingProject.state,
        startsOn: trainingProject.startsOn,
        endsOn: trainingProject.endsOn,
        plannedHours: trainingProject.plannedHours,
        capacity: trainingProject.capacity,
        ownerName: orgUnit.name,
        national: sql<boolean>`${trainingProject.nationalProjectId} is not null`,
      })
      .from(trainingProject)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, trainingProject.ownerUnitId))
      .where(filter)
      .orderBy(desc(trainingProject.createdAt), desc(trainingProject.id))
      .limit(query.size)
      .offset(pageOffset(query));
    return { query, total: counted?.n ?? 0, items: items.map((i) => ({ ...i, plannedHours: Number(i.plannedHours) })) };
  });
}

/** One project with what the actor may do with it, and its root allocation (the start of the 名额分配表). */
export async function getProject(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => projectFacts(tx, actor, await loadProjectFor(tx, actor, projectId)));
}

/** The project page: its facts and the actor's rights with the 名额分配表 as they see it, in one unit of work. */
export async function projectPage(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, projectId);
    return { ...(await projectFacts(tx, actor, ctx)), quota: (await quotaRows(tx, actor, ctx)).rows };
  });
}

async function projectFacts(tx: Tx, actor: TActor, ctx: TProjectContext) {
  const projectId = ctx.project.id;
  const [root] = await tx
    .select({ id: quotaAllocation.id })
    .from(quotaAllocation)
    .where(and(eq(quotaAllocation.projectId, projectId), sql`${quotaAllocation.parentId} is null`))
    .limit(1);
  const p = ctx.project;
  const above = parentPath(ctx.ownerPath);
  return {
    project: { ...p, plannedHours: Number(p.plannedHours), ownerName: ctx.ownerName },
    rootAllocationId: root?.id ?? null,
    perms: {
      edit: ctx.manages && p.state !== "closed" && p.state !== "pendingApproval",
      publish: ctx.manages && p.state === "draft",
      approve: p.state === "pendingApproval" && above !== null && can(actor.grants, "org.view", above),
      withdraw: ctx.manages,
      /** 编班, 日程 and 出勤: the managers and the implementing unit's admins (decision 023). */
      run: (await runningOf(tx, actor, ctx)).runs,
    },
  };
}
