import { asc, inArray, sql } from "drizzle-orm";
import {
  evaluateScheme,
  previewSchemeChange,
  schemeAwardsFromLedger,
  ZEvaluateSchemeInput,
  ZPreviewSchemeInput,
  type TSchemeAward,
  type TSchemeEvaluation,
  type TSchemePreview,
} from "@yanxiu/domain/credit-scheme";
import { AppError } from "@yanxiu/domain/errors";
import type { Database, Tx } from "@yanxiu/db/client";
import { creditAward } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";
import { parseInput } from "../common/parse-input.ts";
import { isProvinceAdmin, loadTeacherInScope } from "./common.ts";
import { chinaDay } from "./status.ts";

/**
 * A credit scheme (issue 17) applied to the real ledger. The scheme comes in with the call: the table of
 * scheme versions arrives in a later slice with the admin form, and then these read it instead. Nothing is
 * written: every figure is recomputed from the raw 学时, which is what makes a scheme change safe.
 */

const ledgerRowColumns = {
  teacherId: creditAward.teacherId,
  id: creditAward.id,
  title: creditAward.title,
  hours: creditAward.hours,
  category: creditAward.category,
  organiserLevel: creditAward.organiserLevel,
  role: creditAward.role,
  countsFor: creditAward.countsFor,
  source: creditAward.source,
  reversesAwardId: creditAward.reversesAwardId,
  evidence: creditAward.evidence,
  fixedPoint: creditAward.fixedPoint,
  statedCredits: creditAward.statedCredits,
};

/** The engine's awards of each teacher in `teacherIds`, read under the transaction's tenant. */
export async function schemeAwardsOf(tx: Tx, teacherIds: readonly string[]): Promise<Map<string, TSchemeAward[]>> {
  const out = new Map<string, TSchemeAward[]>(teacherIds.map((id) => [id, []]));
  if (teacherIds.length === 0) return out;
  const rows = await tx
    .select(ledgerRowColumns)
    .from(creditAward)
    .where(inArray(creditAward.teacherId, [...teacherIds]))
    .orderBy(asc(creditAward.teacherId), asc(creditAward.countsFor), asc(creditAward.id));
  const byTeacher = new Map<string, typeof rows>();
  for (const r of rows) byTeacher.set(r.teacherId, [...(byTeacher.get(r.teacherId) ?? []), r]);
  for (const [teacherId, list] of byTeacher) out.set(teacherId, schemeAwardsFromLedger(list.map((r) => ({ ...r, hours: Number(r.hours), statedCredits: r.statedCredits == null ? null : Number(r.statedCredits) }))));
  return out;
}

/**
 * One teacher's totals under `scheme`, explained line by line: the actor's own when no teacherId is given,
 * else a teacher the actor administers (anyone else, or another tenant's teacher, is notFound).
 */
export async function evaluateTeacherScheme(opts: { db: Database; actor: TActor; input: unknown }): Promise<TSchemeEvaluation> {
  const input = parseInput(ZEvaluateSchemeInput, opts.input);
  const asOf = input.asOf ?? chinaDay();
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const teacherId = input.teacherId && input.teacherId !== opts.actor.actorId ? (await loadTeacherInScope(tx, opts.actor, input.teacherId)).userId : opts.actor.actorId;
    const awards = (await schemeAwardsOf(tx, [teacherId])).get(teacherId) ?? [];
    return evaluateScheme(input.scheme, input.facts ?? {}, awards, asOf);
  });
}

/**
 * Who changes status if `next` replaces `current` (province admins only): every teacher of the tenant
 * (a profile or an award), `batchSize` per transaction in id order, merged into one preview.
 */
export async function previewTenantSchemeChange(opts: { db: Database; actor: TActor; input: unknown; batchSize?: number }): Promise<TSchemePreview> {
  if (!isProvinceAdmin(opts.actor)) throw new AppError("forbidden", "a scheme change is previewed by province admins");
  const input = parseInput(ZPreviewSchemeInput, opts.input);
  const asOf = input.asOf ?? chinaDay();
  const batchSize = opts.batchSize ?? 500;
  const total: TSchemePreview = { total: 0, changed: 0, transitions: {}, flags: {}, changes: [] };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const part = await opts.db.withTenant(opts.actor.tenantId, async (tx) => {
      const idRows = await tx.execute<{ id: string }>(
        sql`select id::text as id from (select user_id as id from teacher_profile union select teacher_id from credit_award) s where id > ${after}::uuid order by id limit ${batchSize}`,
      );
      const ids = [...idRows].map((r) => r.id);
      const awards = await schemeAwardsOf(tx, ids);
      // Facts (hire date, 班主任 …) are not stored yet: every teacher is evaluated without them.
      return { ids, preview: previewSchemeChange(input.current, input.next, ids.map((teacherId) => ({ teacherId, facts: {}, awards: awards.get(teacherId) ?? [] })), asOf) };
    });
    mergePreview(total, part.preview);
    if (part.ids.length < batchSize) return total;
    after = part.ids[part.ids.length - 1]!;
  }
}

function mergePreview(into: TSchemePreview, p: TSchemePreview) {
  into.total += p.total;
  into.changed += p.changed;
  for (const [k, n] of Object.entries(p.transitions)) into.transitions[k] = (into.transitions[k] ?? 0) + n;
  for (const [f, c] of Object.entries(p.flags) as [keyof TSchemePreview["flags"], { gained: number; lost: number }][]) {
    const t = (into.flags[f] ??= { gained: 0, lost: 0 });
    t.gained += c.gained;
    t.lost += c.lost;
  }
  into.changes.push(...p.changes);
}
