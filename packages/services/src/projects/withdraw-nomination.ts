import { eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { nextNomination, ZWithdrawNominationInput } from "@yanxiu/domain/projects";
import type { Database } from "@yanxiu/db/client";
import { nomination, projectClassMember } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { needManage, recordDecision } from "./common.ts";
import { loadNominationFor } from "./review-nomination.ts";
import { afterFederationCommit } from "../federation/send.ts";
import { nomineeMessagesFor } from "../federation/province.ts";
import type { Producer } from "../platform/queue.ts";

/**
 * 退出培训: after review, the project's managers take an approved trainee out, with a reason. The seat stays
 * spent (classes are formed and credit may already have been given; decision 020); the trail keeps why.
 */
export async function withdrawNomination(opts: { db: Database; actor: TActor; input: unknown; producer?: Producer }) {
  const { actor } = opts;
  const input = parseInput(ZWithdrawNominationInput, opts.input);
  const out = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const { ctx, n, chain } = await loadNominationFor(tx, actor, input.nominationId);
    needManage(ctx);
    if (ctx.project.state === "closed") throw new AppError("projectStateConflict", `project ${ctx.project.id} is closed`);
    const next = nextNomination(n, "withdraw", chain);
    if (!next) throw new AppError("nominationStateConflict", `nomination ${n.id} is ${n.state}: only an approved trainee withdraws`);
    await tx.update(nomination).set({ ...next, lastReason: input.reason, updatedAt: new Date() }).where(eq(nomination.id, n.id));
    // A withdrawn trainee leaves their class (decision 023); the days they attended stay as they were.
    await tx.delete(projectClassMember).where(eq(projectClassMember.nominationId, n.id));
    await recordDecision(tx, actor, { projectId: n.projectId, nominationId: n.id, allocationId: n.allocationId, action: "nomination.withdraw", fromState: n.state, toState: next.state, atUnitId: ctx.project.ownerUnitId, reason: input.reason });
    await appendAudit(tx, actor, { action: "projects.withdraw", target: `nomination:${n.id}`, orgPath: ctx.ownerPath, data: { reason: input.reason } });
    const messageIds = await nomineeMessagesFor(tx, actor, ctx.project, n.id, "withdrawn", input.reason);
    return { nominationId: n.id, state: next.state, messageIds };
  });
  await afterFederationCommit(opts.producer, actor.tenantId, out.messageIds);
  return { nominationId: out.nominationId, state: out.state };
}
