import { sql } from "drizzle-orm";
import type { Database } from "@yanxiu/db/client";
import { appendAudit } from "../audit/append.ts";
import { refreshStaleStatuses } from "../credits/policy.ts";
import { chinaDay, currentPolicy } from "../credits/status.ts";
import { foldRollupDeltasIn } from "./fold-rollup-deltas.ts";
import { keepPaceHistory } from "./pace-history.ts";
import { lockRollupsExclusive, rebuildRollups, rollupFiguresSql, rollupHoursSql, type TRollupRun } from "./compute-rollups.ts";

/** Columns that awards and completions move as they land: any difference in them is drift. */
const incremental = ["hours_this_year", "hours_this_cycle", "teachers_on_pace", "rural_teachers_on_pace", "completions", "assigned_completions"] as const;
/** Columns only the full run writes (people, enrolments made): their change since `as_of` is a refresh, not drift. */
const refreshed = ["teachers", "rural_teachers", "enrollments", "assigned_enrollments"] as const;

export type TRollupDrift = {
  /** The day the stored rows were judged for, and compared against. */
  asOf: string;
  /** Org units whose stored figures differ from a full computation for `asOf` in an incremental column. */
  units: number;
  /** Sum of absolute differences per incremental column. */
  columns: Record<(typeof incremental)[number], number>;
  /** 学时 by month and category: keys that differ, and the sum of absolute differences. */
  hours: { keys: number; total: number };
  /** Units whose people or enrolment counts changed since `asOf` (imports, moves): refreshed by this run. */
  refreshedUnits: number;
};

export type TReconcileRun = TRollupRun & { asOf: string; drift: TRollupDrift | null; zero: boolean; statusesRecomputed: number; paceHistory: number[] };

/**
 * The nightly reconcile: recomputes the tenant's rollups from the ledger and the teachers' statuses for
 * the day the stored rows are about (`as_of`), reports every difference from what awards moved
 * incrementally during the day (it should be zero), then rebuilds the rows for `today`, all under the
 * exclusive rollup lock (awards in flight finish first; new ones wait a moment). The report goes to the
 * job's result and log and to the audit log (`rollups.reconcile`, seen by province admins and on the
 * dashboard). Before any run there is nothing to compare: `drift` is null.
 */
export async function reconcileRollups(opts: { db: Database; tenantId: string; today?: string }): Promise<TReconcileRun> {
  const { tenantId } = opts;
  const today = opts.today ?? chinaDay();
  const run = await opts.db.withTenant(tenantId, async (tx) => {
    await lockRollupsExclusive(tx, tenantId);
    // What awards moved since the last fold is compared too: fold it into the rows first (decision 033).
    await foldRollupDeltasIn(tx, tenantId);
    const policy = (await currentPolicy(tx, today)).rules;
    const [ref] = await tx.execute<{ as_of: string }>(sql`select as_of::text as as_of from org_rollup where tenant_id = ${tenantId} and as_of is not null limit 1`);
    let drift: TRollupDrift | null = null;
    if (ref) {
      const diff = (c: string) => sql.raw(`abs(coalesce(s.${c}, 0) - coalesce(f.${c}, 0))`);
      const [d] = await tx.execute<Record<string, string>>(sql`
        select
          count(*) filter (where ${sql.join(incremental.map((c) => sql`${diff(c)} <> 0`), sql` or `)})::int as units,
          count(*) filter (where ${sql.join(refreshed.map((c) => sql`${diff(c)} <> 0`), sql` or `)} or s.backbone is distinct from f.backbone)::int as refreshed_units,
          ${sql.join(
            incremental.map((c) => sql`coalesce(sum(${diff(c)}), 0)::text as ${sql.raw(c)}`),
            sql`, `,
          )}
        from (select * from org_rollup where tenant_id = ${tenantId}) s
        full join (${rollupFiguresSql(tenantId, policy, ref.as_of)}) f on f.org_unit_id = s.org_unit_id`);
      const [h] = await tx.execute<{ keys: number; total: string }>(sql`
        select count(*) filter (where abs(coalesce(s.hours, 0) - coalesce(f.hours, 0)) <> 0)::int as keys,
               coalesce(sum(abs(coalesce(s.hours, 0) - coalesce(f.hours, 0))), 0)::text as total
        from (select * from org_rollup_hours where tenant_id = ${tenantId}) s
        full join (${rollupHoursSql(tenantId)}) f on f.org_unit_id = s.org_unit_id and f.month = s.month and f.category = s.category`);
      drift = {
        asOf: ref.as_of,
        units: Number(d!.units),
        columns: Object.fromEntries(incremental.map((c) => [c, Number(d![c])])) as TRollupDrift["columns"],
        hours: { keys: Number(h!.keys), total: Number(h!.total) },
        refreshedUnits: Number(d!.refreshed_units),
      };
    }
    const run = await rebuildRollups(tx, tenantId, policy, today);
    const zero = drift == null || (drift.units === 0 && drift.hours.keys === 0);
    await appendAudit(tx, { tenantId, actorId: null }, { action: "rollups.reconcile", target: `tenant:${tenantId}`, data: { asOf: today, checked: drift, zero, units: run.units } });
    return { ...run, asOf: today, drift, zero };
  });
  // Then, if today is judged under another scheme version, policy or credit year than the stored statuses were
  // (a scheme published for a later day has reached it; a new credit year began), every status and the rollups
  // are recomputed — after the drift check, so a scheme change is not reported as drift.
  const statusesRecomputed = await refreshStaleStatuses({ db: opts.db, tenantId, today });
  // And a closed year's on-pace history (decision 038): the year just ended, and any earlier one the ledger
  // has moved since (late imports, reversals).
  const paceHistory = await keepPaceHistory({ db: opts.db, tenantId, today });
  return { ...run, statusesRecomputed, paceHistory };
}
