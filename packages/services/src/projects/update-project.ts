import { and, eq, isNull } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { allocationRefusal, projectEditRefusal, ZUpdateProjectInput } from "@yanxiu/domain/projects";
import type { Database } from "@yanxiu/db/client";
import { quotaAllocation, trainingProject } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { loadProjectFor, needManage, nodeFigures, recordDecision } from "./common.ts";

/** JSON with object keys sorted: jsonb hands back the 信息表 with its keys in its own order. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(",")}]`
    : v !== null && typeof v === "object"
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(",")}}`
      : JSON.stringify(v);
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * Edits a project's facts (its managers). A draft changes freely; once published, planned 学时, their
 * category, the enrolment mode, the 信息表 and the quota keys are fixed (projectEditRefusal; a trigger guards
 * the table too). A new capacity resizes the root allocation, never below what it already handed down or holds.
 */
export async function updateProject(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZUpdateProjectInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, input.projectId, { lock: true });
    needManage(ctx);
    const p = ctx.project;
    const { projectId, ...facts } = input;
    const current: Record<string, unknown> = { ...p, plannedHours: Number(p.plannedHours) };
    const changed = Object.keys(facts).filter((k) => !same(current[k], (facts as Record<string, unknown>)[k]));
    const refusal = projectEditRefusal(p.state, changed);
    if (refusal) throw new AppError("projectStateConflict", refusal);
    if (changed.length === 0) return { projectId, changed };
    if (changed.includes("capacity")) {
      const [root] = await tx
        .select()
        .from(quotaAllocation)
        .where(and(eq(quotaAllocation.projectId, projectId), isNull(quotaAllocation.parentId)))
        .for("update");
      const figures = await nodeFigures(tx, root!);
      // The root has no parent: its limit is only what it already handed down or holds.
      const why = allocationRefusal({ seats: Number.MAX_SAFE_INTEGER, allocated: 0, used: 0 }, figures, facts.capacity);
      if (why) throw new AppError("badRequest", "capacity below allocated", { capacity: [why] });
      await tx.update(quotaAllocation).set({ seats: facts.capacity, updatedAt: new Date() }).where(eq(quotaAllocation.id, root!.id));
    }
    await tx
      .update(trainingProject)
      .set({ ...facts, plannedHours: String(facts.plannedHours), needsApproval: p.level !== "province" && facts.needsApproval, updatedAt: new Date() })
      .where(eq(trainingProject.id, projectId));
    await recordDecision(tx, actor, { projectId, action: "project.update", fromState: p.state, toState: p.state, atUnitId: p.ownerUnitId, data: { changed } });
    await appendAudit(tx, actor, { action: "projects.update", target: `project:${projectId}`, orgPath: ctx.ownerPath, data: { changed } });
    return { projectId, changed };
  });
}
