import { eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import { nextNomination, takesNominations, ZReplaceNominationInput } from "@yanxiu/domain/projects";
import type { Database } from "@yanxiu/db/client";
import { nomination } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { recordDecision, uniqueViolation } from "./common.ts";
import { alreadyNominated, checkAnswers, teacherUnder } from "./nominate-teacher.ts";
import { loadNominationFor } from "./review-nomination.ts";

/**
 * 调换: the nominating unit replaces a returned nominee with another of its teachers (or the same one with
 * corrected answers) inside the same seat. The returned nomination becomes replaced and its seat passes to the
 * new one in the same transaction, so no other unit can take it in between; the new one starts its reviews
 * again from the first level.
 */
export async function replaceNomination(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZReplaceNominationInput, opts.input);
  return opts.db
    .withTenant(actor.tenantId, async (tx) => {
      const { ctx, n, unitPath, chain } = await loadNominationFor(tx, actor, input.nominationId);
      if (!can(actor.grants, "org.view", unitPath)) throw new AppError("forbidden", `nomination ${n.id}: only the nominating unit replaces`);
      if (!takesNominations(ctx.project)) throw new AppError("projectStateConflict", `project ${ctx.project.id} takes no nominations now`);
      const old = nextNomination(n, "replace", chain);
      if (!old) throw new AppError("nominationStateConflict", `nomination ${n.id} is ${n.state}: only a returned one is replaced`);
      const answers = checkAnswers(ctx, input.answers);
      const teacher = await teacherUnder(tx, input.teacherId, unitPath);
      await tx.update(nomination).set({ ...old, updatedAt: new Date() }).where(eq(nomination.id, n.id));
      const [row] = await tx
        .insert(nomination)
        .values({
          tenantId: actor.tenantId,
          projectId: n.projectId,
          allocationId: n.allocationId,
          nominatingUnitId: n.nominatingUnitId,
          teacherId: teacher.userId,
          answers,
          state: "reviewing",
          awaitingUnitId: chain[0]!,
          replacesId: n.id,
          createdBy: actor.actorId,
        })
        .returning({ id: nomination.id });
      const nominationId = row!.id;
      await recordDecision(tx, actor, { projectId: n.projectId, nominationId: n.id, allocationId: n.allocationId, action: "nomination.replaced", fromState: n.state, toState: old.state, atUnitId: n.nominatingUnitId, data: { by: nominationId } });
      await recordDecision(tx, actor, { projectId: n.projectId, nominationId, allocationId: n.allocationId, action: "nomination.create", toState: "reviewing", atUnitId: n.nominatingUnitId, data: { replaces: n.id } });
      await appendAudit(tx, actor, { action: "projects.replaceNomination", target: `nomination:${nominationId}`, orgPath: unitPath, data: { replaces: n.id, teacherId: teacher.userId } });
      return { nominationId, replaced: n.id, awaitingUnitId: chain[0]! };
    })
    .catch((e: unknown) => {
      if (uniqueViolation(e, "nomination_teacher_idx")) throw alreadyNominated();
      if (uniqueViolation(e, "nomination_replaces_idx")) throw new AppError("nominationStateConflict", "already replaced");
      throw e;
    });
}
