import { desc, eq, sql, type SQL } from "drizzle-orm";
import { creditPace, creditTotals, defaultCreditPolicy, ZCreditPolicy, type TCreditPolicy, type TCreditTotals, type TLedgerEntry } from "@yanxiu/domain/credits";
import type { Tx } from "@yanxiu/db/client";
import { creditAward, creditPolicy, teacherCreditStatus } from "@yanxiu/db/schema";
import { applyRollupDelta, type TRollupDelta } from "../rollups/apply-rollup-delta.ts";

/** Today's date in China (YYYY-MM-DD): the day an award counts for and the year totals are about. */
export function chinaDay(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The tenant's current credit policy (its newest version), or the national default when it has none. */
export async function currentPolicy(tx: Tx): Promise<{ version: number; rules: TCreditPolicy }> {
  const [row] = await tx.select().from(creditPolicy).orderBy(desc(creditPolicy.version)).limit(1);
  if (!row) return { version: 0, rules: defaultCreditPolicy };
  return { version: row.version, rules: ZCreditPolicy.parse(row.rules) };
}

/**
 * What the plan asks by `day` under `policy` (creditPace's figures, the same for every teacher), and the
 * pace verdict as SQL over a teacher's cycle and year 学时 (expressions already 0 for a stale or missing
 * status row): the admin list and the rollup judge pace with it, so they say what 我的学时 says.
 * The predicate is creditPace's "not behind": cycle ≥ expectedByNow and (year ≥ expectedThisYear or the
 * cycle requirement is met). Category minimums only tell "done" from "onTrack", which these do not show.
 */
export function paceOn(policy: TCreditPolicy, day: string) {
  const p = creditPace(policy, day, { cycleHours: 0, yearHours: 0 });
  return {
    cycle: p.cycle,
    year: p.year,
    expectedByNow: p.expectedByNow,
    expectedThisYear: p.expectedThisYear,
    onPaceSql: (cycleHours: SQL, yearHours: SQL) =>
      sql<boolean>`(${cycleHours} >= ${p.expectedByNow} and (${yearHours} >= ${p.expectedThisYear} or ${cycleHours} >= ${policy.requiredHours}))`,
  };
}

/** The ledger's columns the pure sums read; `ledgerEntry` makes one row of them a `TLedgerEntry`. */
export const ledgerColumns = {
  id: creditAward.id,
  hours: creditAward.hours,
  category: creditAward.category,
  countsFor: creditAward.countsFor,
  source: creditAward.source,
  reversesAwardId: creditAward.reversesAwardId,
};

export function ledgerEntry(r: Omit<TLedgerEntry, "hours"> & { hours: string }): TLedgerEntry {
  return { ...r, hours: Number(r.hours) };
}

/** A teacher's ledger rows as the pure sums take them. */
export async function ledgerOf(tx: Tx, teacherId: string): Promise<TLedgerEntry[]> {
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
  opts: { tenantId: string; teacherId: string; today?: string; policy?: TCreditPolicy; landed: NonNullable<TRollupDelta["awards"]> },
) {
  await lockTeacherStatus(tx, opts.tenantId, [opts.teacherId]);
  const policy = opts.policy ?? (await currentPolicy(tx)).rules;
  const totals = creditTotals(policy, await ledgerOf(tx, opts.teacherId), opts.today ?? chinaDay());
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
