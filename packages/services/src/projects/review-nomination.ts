import { eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import { isQualificationStep, nextNomination, reviewChain, ZReviewNominationInput } from "@yanxiu/domain/projects";
import type { Database, Tx } from "@yanxiu/db/client";
import { nomination, orgUnit, projectClass, projectClassMember } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import type { TActor } from "../org/scope.ts";
import { loadProjectFor, recordDecision } from "./common.ts";
import { afterFederationCommit } from "../federation/send.ts";
import { nomineeMessagesFor } from "../federation/province.ts";
import type { Producer } from "../platform/queue.ts";
import { enrolProjectCourses } from "./project-courses.ts";

/**
 * A nomination with its nominating unit's path, locked (every decision on it is serialised), if the actor
 * sees its project and it is in the actor's part of it: the project's managers see all, other admins those
 * nominated inside their subtree. Anything else is notFound.
 */
export async function loadNominationFor(tx: Tx, actor: TActor, nominationId: string) {
  const [row] = await tx
    .select({ n: nomination, unitPath: orgUnit.path })
    .from(nomination)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, nomination.nominatingUnitId))
    .where(eq(nomination.id, nominationId))
    .limit(1)
    .for("update", { of: nomination });
  if (!row) throw new AppError("notFound", `nomination ${nominationId}`);
  const ctx = await loadProjectFor(tx, actor, row.n.projectId).catch(() => {
    throw new AppError("notFound", `nomination ${nominationId}`);
  });
  if (!ctx.manages && !can(actor.grants, "org.view", row.unitPath)) throw new AppError("notFound", `nomination ${nominationId}`);
  const chain = reviewChain(row.unitPath, ctx.ownerPath, { applied: row.n.applied }) ?? [];
  return { ctx, n: row.n, unitPath: row.unitPath, chain };
}

async function decide(opts: { db: Database; actor: TActor; input: unknown; only?: "qualification"; producer?: Producer }) {
  const { actor } = opts;
  const input = parseInput(ZReviewNominationInput, opts.input);
  const out = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const { ctx, n, chain } = await loadNominationFor(tx, actor, input.nominationId);
    if (n.state !== "reviewing" || !n.awaitingUnitId) throw new AppError("nominationStateConflict", `nomination ${n.id} is ${n.state}`);
    const [at] = await tx.select({ path: orgUnit.path }).from(orgUnit).where(eq(orgUnit.id, n.awaitingUnitId)).limit(1);
    // The step belongs to the awaiting unit: its admins (or those above it) decide, nobody below.
    if (!at || !can(actor.grants, "org.view", at.path)) throw new AppError("forbidden", `nomination ${n.id} waits on another unit`);
    const qualification = isQualificationStep(n.awaitingUnitId, chain);
    if (opts.only === "qualification" && !qualification) throw new AppError("nominationStateConflict", `nomination ${n.id} is not at 资质复审`);
    const next = nextNomination(n, input.decision, chain);
    if (!next) throw new AppError("nominationStateConflict", `nomination ${n.id}: ${input.decision} does not apply`);
    await tx
      .update(nomination)
      .set({ ...next, lastReason: input.decision === "return" ? input.reason : n.lastReason, updatedAt: new Date() })
      .where(eq(nomination.id, n.id));
    const action = `nomination.${qualification ? "qualify" : "review"}.${input.decision}`;
    await recordDecision(tx, actor, { projectId: ctx.project.id, nominationId: n.id, allocationId: n.allocationId, action, fromState: n.state, toState: next.state, atUnitId: n.awaitingUnitId, reason: input.reason });
    await appendAudit(tx, actor, { action: `projects.${qualification ? "qualify" : "review"}`, target: `nomination:${n.id}`, orgPath: at.path, data: { decision: input.decision, reason: input.reason || undefined } });
    // 两轮报名 (decision 035): an application that reaches 入选 joins the class it applied for (unless cancelled).
    if (next.state === "approved" && n.classId) {
      const [c] = await tx.select({ id: projectClass.id, cancelledAt: projectClass.cancelledAt }).from(projectClass).where(eq(projectClass.id, n.classId)).limit(1);
      if (c && !c.cancelledAt) await tx.insert(projectClassMember).values({ tenantId: actor.tenantId, nominationId: n.id, projectId: n.projectId, classId: c.id }).onConflictDoNothing();
    }
    // A national project's mirror: the nominee who reaches 入选 is sent to the national project, in this transaction.
    const messageIds = next.state === "approved" ? await nomineeMessagesFor(tx, actor, ctx.project, n.id, "approved") : [];
    // 入选 after the class list was published: into the project's catalog courses at once (decision 036).
    if (next.state === "approved") await enrolProjectCourses(tx, { tenantId: actor.tenantId, projectId: ctx.project.id, nominationIds: [n.id] });
    return { nominationId: n.id, state: next.state, awaitingUnitId: next.awaitingUnitId, step: qualification ? ("qualification" as const) : ("review" as const), messageIds };
  });
  await afterFederationCommit(opts.producer, actor.tenantId, out.messageIds);
  const { messageIds: _sent, ...result } = out;
  return result;
}

/** 审核: the unit the nomination waits on passes it up (or, at the owner, to 入选) or returns it with a reason. */
export async function reviewNomination(opts: { db: Database; actor: TActor; input: unknown; producer?: Producer }) {
  return decide(opts);
}

/** 资质复审: the owner's step, refused for a nomination still waiting on a level below. */
export async function qualifyNomination(opts: { db: Database; actor: TActor; input: unknown; producer?: Producer }) {
  return decide({ ...opts, only: "qualification" });
}
