import { eq } from "drizzle-orm";
import { reversalRefusal, ZReverseAwardInput } from "@yanxiu/domain/credits";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../audit/append.ts";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { creditAward } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadTeacherInScope } from "./common.ts";
import { ledgerOf, lockTeacherStatus, recomputeTeacherStatus } from "./status.ts";

/**
 * Cancels an award (a province admin, or an org admin above the teacher): the ledger is append-only, so
 * the correction is a `reversal` row with the negated 学时, the same category and day, the reason and
 * the actor. Its source_ref is the award's id, so the unique key allows one reversal per award; a
 * reversal itself cannot be reversed. The teacher's status is recomputed in the same transaction.
 */
export async function reverseAward(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { awardId, reason } = parseInput(ZReverseAwardInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [award] = await tx.select().from(creditAward).where(eq(creditAward.id, awardId)).limit(1);
    if (!award) throw new AppError("notFound", `award ${awardId}`);
    const teacher = await loadTeacherInScope(tx, actor, award.teacherId);
    // Two admins reversing at once: the second waits here and then finds the first's reversal.
    await lockTeacherStatus(tx, actor.tenantId, [award.teacherId]);
    const refusal = reversalRefusal(award, await ledgerOf(tx, award.teacherId));
    if (refusal) throw new AppError(refusal, `award ${awardId}`);
    const [row] = await tx
      .insert(creditAward)
      .values({
        tenantId: actor.tenantId,
        teacherId: award.teacherId,
        source: "reversal",
        sourceRef: award.id,
        title: award.title,
        hours: String(-Number(award.hours)),
        category: award.category,
        organiserLevel: award.organiserLevel,
        role: award.role,
        countsFor: award.countsFor,
        evidence: [{ kind: "award", awardId: award.id }],
        reversesAwardId: award.id,
        reason,
        actorId: actor.actorId,
      })
      .returning({ id: creditAward.id });
    const totals = await recomputeTeacherStatus(tx, {
      tenantId: actor.tenantId,
      teacherId: award.teacherId,
      landed: [{ teacherId: award.teacherId, hours: String(-Number(award.hours)), category: award.category, countsFor: award.countsFor }],
    });
    await appendAudit(tx, actor, {
      action: "credits.reverseAward",
      target: `creditAward:${award.id}`,
      orgPath: teacher.orgPath,
      data: { reversalId: row!.id, teacherId: award.teacherId, hours: Number(award.hours), reason },
    });
    return { reversalId: row!.id, totals };
  });
}
