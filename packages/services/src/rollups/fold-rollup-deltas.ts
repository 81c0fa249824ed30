import { sql } from "drizzle-orm";
import type { Database, Tx } from "@yanxiu/db/client";
import { lockRollupsShared } from "./apply-rollup-delta.ts";

export type TFoldRun = { tenantId: string; units: number; hourKeys: number };

/** Sums of the figure columns a delta moves, as `<c> = org_rollup.<c> + excluded.<c>`. */
const figureColumns = [
  "hours_this_year",
  "hours_this_cycle",
  "teachers_on_pace",
  "rural_teachers_on_pace",
  "completions",
  "enrollments",
  "assigned_completions",
  "assigned_enrollments",
] as const;

/**
 * Folds the tenant's rollup deltas into org_rollup and org_rollup_hours, in the caller's transaction
 * (decision 033): the committed deltas are deleted and their sums added to the rows, in one statement per
 * table, so what org_rollup_now and org_rollup_hours_now show does not change — only where it is kept.
 *
 * Deltas committed while this runs are not visible to its DELETE and wait for the next fold; readers
 * add them meanwhile. Folds of one tenant queue on their own advisory lock (two at once would only wait on
 * each other's rows), and take the shared side of the rollup lock, so a full run neither interleaves nor
 * is interleaved. The rows are upserted in org unit order, the hours rows in key order.
 */
export async function foldRollupDeltasIn(tx: Tx, tenantId: string): Promise<TFoldRun> {
  await lockRollupsShared(tx, tenantId);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`org-rollup-fold:${tenantId}`}))`);
  const cols = sql.raw(figureColumns.join(", "));
  const sums = sql.raw(figureColumns.map((c) => `sum(${c})`).join(", "));
  const set = sql.raw(figureColumns.map((c) => `${c} = org_rollup.${c} + excluded.${c}`).join(", "));
  const units = await tx.execute(sql`
    with d as (delete from org_rollup_delta where tenant_id = ${tenantId} returning *),
         s as (select org_unit_id, ${sums} from d group by org_unit_id)
    insert into org_rollup (tenant_id, org_unit_id, ${cols}, as_of)
    select ${tenantId}::uuid, s.*, (select as_of from org_rollup where tenant_id = ${tenantId} and as_of is not null limit 1)
    from s order by org_unit_id
    on conflict (tenant_id, org_unit_id) do update set ${set}
    returning org_unit_id`);
  const hours = await tx.execute(sql`
    with d as (delete from org_rollup_hours_delta where tenant_id = ${tenantId} returning *),
         s as (select org_unit_id, month, category, sum(hours) as hours from d group by org_unit_id, month, category)
    insert into org_rollup_hours (tenant_id, org_unit_id, month, category, hours)
    select ${tenantId}::uuid, s.org_unit_id, s.month, s.category, s.hours
    from s order by org_unit_id, month, category
    on conflict (tenant_id, org_unit_id, month, category) do update set hours = org_rollup_hours.hours + excluded.hours
    returning org_unit_id`);
  return { tenantId, units: units.length, hourKeys: hours.length };
}

/** foldRollupDeltasIn in a transaction of its own. */
export function foldRollupDeltas(opts: { db: Database; tenantId: string }): Promise<TFoldRun> {
  return opts.db.withTenant(opts.tenantId, (tx) => foldRollupDeltasIn(tx, opts.tenantId));
}

/**
 * One pass of the worker's fold loop: every tenant with deltas waiting (one probe for all of them), each
 * folded in its own short transaction. `tenantIds` narrows it (tests). Returns what was folded.
 */
export async function foldPendingRollups(opts: { db: Database; tenantIds?: ReadonlySet<string> }): Promise<TFoldRun[]> {
  const pending = (await opts.db.tenantsWithRollupDeltas()).filter((id) => !opts.tenantIds || opts.tenantIds.has(id));
  const runs: TFoldRun[] = [];
  for (const tenantId of pending) runs.push(await foldRollupDeltas({ db: opts.db, tenantId }));
  return runs;
}
