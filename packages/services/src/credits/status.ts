import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { defaultCreditPolicy, ZCreditPolicy, type TCreditTotals } from "@yanxiu/domain/credits";
import { paceStandard, policyOfScheme, statusTotals, type TStatusLedgerEntry, type TStatusRules } from "@yanxiu/domain/credit-status";
import type { Tx } from "@yanxiu/db/client";
import { creditAward, creditPolicy, teacherCreditStatus } from "@yanxiu/db/schema";
import { schemeInEffectAmong, type TSchemeRef } from "./scheme-store.ts";
import { applyRollupDelta, type TRollupDelta } from "../rollups/apply-rollup-delta.ts";

import { chinaDay } from "@yanxiu/domain/china-time";

// Re-exported so the many callers of credits' chinaDay keep their import; the one function is the domain's.
export { chinaDay };
// The pure status rules live in the domain (decision 038: the yearly history judges with the same ones).
export { policyOfScheme, statusTotals, type TStatusLedgerEntry, type TStatusRules };

/**
 * The tenant's rules on `day`: the credit scheme in effect that day when there is one (decision 025), else
 * its current credit policy (newest version), else the national default. `version` is the policy's.
 */
export async function currentPolicy(tx: Tx, day: string = chinaDay()): Promise<{ version: number; rules: TStatusRules; scheme: TSchemeRef | null }> {
  // The latest policy and the published scheme versions started by `day`, in one round trip: every award reads them.
  const [read] = await tx.execute<{ policy: { version: number; rules: unknown } | null; schemes: { id: string; scheme: unknown }[] }>(sql`
    select (select json_build_object('version', p.version, 'rules', p.rules) from ${creditPolicy} p order by p.version desc limit 1) as policy,
           coalesce((select json_agg(json_build_object('id', v.id, 'scheme', v.scheme) order by v.version)
                     from credit_scheme_version v where v.status = 'published' and v.effective_from <= ${day}::date), '[]'::json) as schemes`);
  const row = read?.policy ?? null;
  const version = row?.version ?? 0;
  const inEffect = schemeInEffectAmong(read?.schemes ?? [], day);
  if (inEffect) return { version, rules: policyOfScheme(inEffect.scheme, day), scheme: inEffect.ref };
  if (!row) return { version: 0, rules: defaultCreditPolicy, scheme: null };
  return { version: row.version, rules: ZCreditPolicy.parse(row.rules), scheme: null };
}

/**
 * What the plan asks by `day` under `policy` (creditPace's figures, the same for every teacher), and the
 * pace verdict as SQL over a teacher's cycle and year 学时 (expressions already 0 for a stale or missing
 * status row): the admin list and the rollup judge pace with it, so they say what 我的学时 says.
 * The predicate is creditPace's "not behind": cycle ≥ expectedByNow and (year ≥ expectedThisYear or the
 * cycle requirement is met). Category minimums only tell "done" from "onTrack", which these do not show.
 */
export function paceOn(policy: TStatusRules, day: string) {
  const p = paceStandard(policy, day);
  return {
    cycle: p.cycle,
    year: p.year,
    expectedByNow: p.expectedByNow,
    expectedThisYear: p.expectedThisYear,
    requiredHours: p.requiredHours,
    // isOnPace (packages/domain credit-status.ts) as SQL, for the list and the rollups.
    onPaceSql: (cycleHours: SQL, yearHours: SQL) =>
      sql<boolean>`(${cycleHours} >= ${p.expectedByNow} and (${yearHours} >= ${p.expectedThisYear} or ${cycleHours} >= ${p.requiredHours}))`,
  };
}

/** The ledger's columns the pure sums read; `ledgerEntry` makes one row of them a `TLedgerEntry`. */
export const ledgerColumns = {
  id: creditAward.id,
  title: creditAward.title,
  organiserLevel: creditAward.organiserLevel,
  role: creditAward.role,
  evidence: creditAward.evidence,
  hours: creditAward.hours,
  category: creditAward.category,
  countsFor: creditAward.countsFor,
  source: creditAward.source,
  reversesAwardId: creditAward.reversesAwardId,
  fixedPoint: creditAward.fixedPoint,
  statedCredits: creditAward.statedCredits,
};

export function ledgerEntry(r: Omit<TStatusLedgerEntry, "hours" | "statedCredits"> & { hours: string; statedCredits?: string | null }): TStatusLedgerEntry {
  return { ...r, hours: Number(r.hours), statedCredits: r.statedCredits == null ? null : Number(r.statedCredits) };
}

/** A teacher's ledger rows as the pure sums take them. */
export async function ledgerOf(tx: Tx, teacherId: string): Promise<TStatusLedgerEntry[]> {
  const rows = await tx.select(ledgerColumns).from(creditAward).where(eq(creditAward.teacherId, teacherId));
  return rows.map(ledgerEntry);
}

/**
 * Recomputes one teacher's row in teacher_credit_status from the ledger under the current policy, and
 * moves the org rollups on the teacher's path by the change (applyRollupDelta), with the 学时 of the
 * ledger rows just appended (`landed`) by month and category.
 * Call it in the same transaction that appends to the ledger, so the three never disagree.
 */
export async function recomputeTeacherStatus(
  tx: Tx,
  opts: { tenantId: string; teacherId: string; today?: string; policy?: TStatusRules; landed: NonNullable<TRollupDelta["awards"]> },
) {
  await lockTeacherStatus(tx, opts.tenantId, [opts.teacherId]);
  const today = opts.today ?? chinaDay();
  const policy = opts.policy ?? (await currentPolicy(tx, today)).rules;
  const totals = statusTotals(policy, await ledgerOf(tx, opts.teacherId), today);
  const [before] = await tx
    .select({ cycleStartYear: teacherCreditStatus.cycleStartYear, cycleHours: teacherCreditStatus.cycleHours, year: teacherCreditStatus.year, yearHours: teacherCreditStatus.yearHours })
    .from(teacherCreditStatus)
    .where(eq(teacherCreditStatus.teacherId, opts.teacherId));
  const after = statusRow(opts.tenantId, opts.teacherId, totals);
  await writeTeacherStatuses(tx, [after]);
  await applyRollupDelta(tx, {
    tenantId: opts.tenantId,
    policy,
    statuses: [{ teacherId: opts.teacherId, before: before ?? null, after }],
    awards: opts.landed,
  });
  return totals;
}

/**
 * recomputeTeacherStatus for many teachers in one go (a batch of the worker's 学时分发): one lock statement,
 * one read of their ledgers and of their stored totals, one upsert, one rollup delta — a handful of
 * statements per batch instead of per teacher. Same transaction rule: call it where the ledger rows landed.
 */
export async function recomputeTeacherStatuses(
  tx: Tx,
  opts: { tenantId: string; teacherIds: readonly string[]; today?: string; policy?: TStatusRules; landed: NonNullable<TRollupDelta["awards"]> },
): Promise<void> {
  const ids = [...new Set(opts.teacherIds)].sort();
  if (ids.length === 0) return;
  await lockTeacherStatus(tx, opts.tenantId, ids);
  const today = opts.today ?? chinaDay();
  const policy = opts.policy ?? (await currentPolicy(tx, today)).rules;
  const ledger = await tx
    .select({ teacherId: creditAward.teacherId, ...ledgerColumns })
    .from(creditAward)
    .where(inArray(creditAward.teacherId, ids));
  const byTeacher = new Map<string, TStatusLedgerEntry[]>();
  for (const { teacherId, ...r } of ledger) {
    const list = byTeacher.get(teacherId) ?? [];
    list.push(ledgerEntry(r));
    byTeacher.set(teacherId, list);
  }
  const before = new Map(
    (
      await tx
        .select({
          teacherId: teacherCreditStatus.teacherId,
          cycleStartYear: teacherCreditStatus.cycleStartYear,
          cycleHours: teacherCreditStatus.cycleHours,
          year: teacherCreditStatus.year,
          yearHours: teacherCreditStatus.yearHours,
        })
        .from(teacherCreditStatus)
        .where(inArray(teacherCreditStatus.teacherId, ids))
    ).map(({ teacherId, ...figures }) => [teacherId, figures]),
  );
  const after = ids.map((teacherId) => statusRow(opts.tenantId, teacherId, statusTotals(policy, byTeacher.get(teacherId) ?? [], today)));
  await writeTeacherStatuses(tx, after);
  await applyRollupDelta(tx, {
    tenantId: opts.tenantId,
    policy,
    statuses: after.map((a) => ({ teacherId: a.teacherId, before: before.get(a.teacherId) ?? null, after: a })),
    awards: opts.landed,
  });
}

/**
 * Serialises recomputations of the same teachers' status until the transaction ends: with it, a policy
 * change's batch recompute and an award's recompute cannot interleave and leave stale totals (whoever
 * takes the lock second reads the other's committed ledger and policy). Locks are taken in id order so
 * two batches cannot deadlock.
 */
export async function lockTeacherStatus(tx: Tx, tenantId: string, teacherIds: readonly string[]) {
  if (teacherIds.length === 0) return;
  const ids = sql.join([...new Set(teacherIds)].sort().map((id) => sql`${id}`), sql`, `);
  await tx.execute(
    sql`select count(pg_advisory_xact_lock(hashtext(${`credit-status:${tenantId}`}), hashtext(s.id))) from (select unnest(array[${ids}]::text[]) as id order by 1) s`,
  );
}

/** A teacher's stored totals (`teacher_credit_status`) as computed from their ledger. */
export function statusRow(tenantId: string, teacherId: string, totals: TCreditTotals) {
  return {
    tenantId,
    teacherId,
    cycleStartYear: totals.cycle.startYear,
    cycleHours: String(totals.cycleHours),
    yearHours: String(totals.yearHours),
    year: totals.year,
    onPace: totals.pace !== "behind",
    updatedAt: new Date(),
  };
}

/** Writes teachers' stored totals, replacing what was there (one statement for any number of teachers). */
export async function writeTeacherStatuses(tx: Tx, rows: ReturnType<typeof statusRow>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insert(teacherCreditStatus)
    .values(rows)
    .onConflictDoUpdate({
      target: [teacherCreditStatus.tenantId, teacherCreditStatus.teacherId],
      set: {
        cycleStartYear: sql`excluded.cycle_start_year`,
        cycleHours: sql`excluded.cycle_hours`,
        yearHours: sql`excluded.year_hours`,
        year: sql`excluded.year`,
        onPace: sql`excluded.on_pace`,
        updatedAt: sql`now()`,
      },
    });
}
