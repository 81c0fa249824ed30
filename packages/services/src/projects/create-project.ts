import { AppError } from "@yanxiu/domain/errors";
import { isAdministrator } from "@yanxiu/domain/permissions";
import { organiserLevelOfProject, projectLevelOf, ZCreateProjectInput } from "@yanxiu/domain/projects";
import type { Database } from "@yanxiu/db/client";
import { quotaAllocation, trainingProject } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { managesProject, recordDecision, unitById } from "./common.ts";

/**
 * Creates a draft project owned by an org unit the actor administers: its kind gives the level (a province
 * admin may create at any level of the province, a county admin at the county or one of its schools). The
 * root of the 名额分配表 is made with it: the owner's allocation of the project's capacity.
 */
export async function createProject(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZCreateProjectInput, opts.input);
  if (!isAdministrator(actor.grants)) throw new AppError("forbidden", "only admins create projects");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const owner = await unitById(tx, input.ownerUnitId);
    const level = owner ? projectLevelOf(owner.kind) : null;
    if (!owner || owner.status !== "active" || !managesProject(actor.grants, owner.path)) {
      throw new AppError("badRequest", "owner unit out of scope", { ownerUnitId: ["所选机构不在你的管理范围内"] });
    }
    if (!level) throw new AppError("badRequest", "owner unit kind", { ownerUnitId: ["培训项目须由省、市、县或学校主办"] });
    const { ownerUnitId, ...facts } = input;
    const [row] = await tx
      .insert(trainingProject)
      .values({
        tenantId: actor.tenantId,
        ownerUnitId,
        level,
        ...facts,
        plannedHours: String(facts.plannedHours),
        organiserLevel: organiserLevelOfProject(level),
        // A province's own project has nobody above it inside the tenant.
        needsApproval: level !== "province" && facts.needsApproval,
        createdBy: actor.actorId,
      })
      .returning({ id: trainingProject.id });
    const projectId = row!.id;
    const [root] = await tx
      .insert(quotaAllocation)
      .values({ tenantId: actor.tenantId, projectId, orgUnitId: ownerUnitId, parentId: null, quotaKey: "", seats: input.capacity, createdBy: actor.actorId })
      .returning({ id: quotaAllocation.id });
    await recordDecision(tx, actor, { projectId, action: "project.create", toState: "draft", atUnitId: ownerUnitId });
    await appendAudit(tx, actor, { action: "projects.create", target: `project:${projectId}`, orgPath: owner.path, data: { name: input.name, level } });
    return { projectId, rootAllocationId: root!.id };
  });
}

