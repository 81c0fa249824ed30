import { asc, desc, inArray, sql } from "drizzle-orm";
import { ZCreditPolicy, type TCreditPolicy } from "@yanxiu/domain/credits";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../audit/append.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { creditAward, creditPolicy, creditStatusBasis } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { isProvinceAdmin } from "./common.ts";
import { schemeInEffectOn } from "./scheme-store.ts";
import { computeRollups } from "../rollups/compute-rollups.ts";
import { chinaDay, currentPolicy, ledgerColumns, ledgerEntry, lockTeacherStatus, statusRow, statusTotals, writeTeacherStatuses, type TStatusLedgerEntry } from "./status.ts";

/** The tenant's current credit policy and every version before it, newest first, and the credit scheme in effect if any. */
export async function getPolicy(opts: { db: Database; actor: TActor }) {
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const { scheme, version, rules: withScheme } = await currentPolicy(tx);
    const { scheme: _engine, ...rules } = withScheme;
    const current = { version, rules: rules as TCreditPolicy };
    const versions = await tx
      .select({ version: creditPolicy.version, rules: creditPolicy.rules, actorId: creditPolicy.actorId, createdAt: creditPolicy.createdAt })
      .from(creditPolicy)
      .orderBy(desc(creditPolicy.version));
    // Under a credit scheme in effect, `current.rules` are the scheme's figures and `scheme` names it (decision 025).
    return { current, scheme, versions: versions.map((v) => ({ ...v, rules: v.rules as TCreditPolicy })) };
  });
}

/** A form's fields (strings) or a policy object; category limits come as `min.<category>` / `max.<category>`. */
export function policyFromForm(input: unknown): unknown {
  if (typeof input !== "object" || input === null) return input;
  const o = input as Record<string, unknown>;
  if (!("cycleStartYear" in o) || typeof o.cycleStartYear !== "string") return input;
  const num = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v === "" ? undefined : v);
  const categoryLimits: Record<string, { min?: unknown; max?: unknown }> = {};
  for (const [k, v] of Object.entries(o)) {
    const m = /^(min|max)\.(\w+)$/.exec(k);
    if (!m || num(v) === undefined) continue;
    (categoryLimits[m[2]!] ??= {})[m[1] as "min" | "max"] = num(v);
  }
  return {
    cycleStartYear: num(o.cycleStartYear),
    cycleYears: num(o.cycleYears),
    requiredHours: num(o.requiredHours),
    yearlyMinimum: num(o.yearlyMinimum),
    categoryLimits,
  };
}

/**
 * Saves a new version of the credit policy (province admins only) and recomputes every teacher's status
 * under it. The recompute runs here, synchronously, in batches of `batchSize` teachers, each batch its
 * own transaction (see recomputeTenantStatuses); old versions stay as they were.
 */
export async function setPolicy(opts: { db: Database; actor: TActor; input: unknown; today?: string; batchSize?: number }) {
  const { actor } = opts;
  if (!isProvinceAdmin(actor)) throw new AppError("forbidden", "credit policy is set by province admins");
  const rules = parseInput(ZCreditPolicy, policyFromForm(opts.input));
  const version = await opts.db.withTenant(actor.tenantId, async (tx) => {
    // One writer at a time, so two saves cannot both take version n+1.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`credit-policy:${actor.tenantId}`}))`);
    // Under a published credit scheme the policy counts for nothing (decision 025): saving one would mislead.
    if (await schemeInEffectOn(tx, opts.today ?? chinaDay())) throw new AppError("conflict", "a credit scheme is in effect; edit the scheme instead");
    const [last] = await tx.select({ version: creditPolicy.version }).from(creditPolicy).orderBy(desc(creditPolicy.version)).limit(1);
    const next = (last?.version ?? 0) + 1;
    await tx.insert(creditPolicy).values({ tenantId: actor.tenantId, version: next, rules, actorId: actor.actorId });
    await appendAudit(tx, actor, { action: "credits.setPolicy", target: `creditPolicy:${next}`, data: { rules } });
    return next;
  });
  const recomputed = await recomputeTenantStatuses({ db: opts.db, tenantId: actor.tenantId, today: opts.today, batchSize: opts.batchSize });
  // Rollups judge every teacher under one policy; awards move them under the current one, so they are
  // rebuilt under the new one now rather than at the nightly reconcile (which would report the change as drift).
  await computeRollups({ db: opts.db, tenantId: actor.tenantId, today: opts.today });
  return { version, rules, recomputed };
}

/**
 * Recomputes teacher_credit_status for every teacher of the tenant (everyone with a profile or an award)
 * under the current policy, `batchSize` teachers per transaction in id order. Each batch locks its
 * teachers' status (lockTeacherStatus) so an award written meanwhile is never overwritten with stale
 * totals. Safe to run again at any time (a later job may take it over for very large tenants).
 */
export async function recomputeTenantStatuses(opts: { db: Database; tenantId: string; today?: string; batchSize?: number }): Promise<number> {
  const batchSize = opts.batchSize ?? 200;
  const today = opts.today ?? chinaDay();
  let after = "00000000-0000-0000-0000-000000000000";
  let done = 0;
  for (;;) {
    const n = await opts.db.withTenant(opts.tenantId, async (tx) => {
      const idRows = await tx.execute<{ id: string }>(
        sql`select id::text as id from (select user_id as id from teacher_profile union select teacher_id from credit_award) s where id > ${after}::uuid order by id limit ${batchSize}`,
      );
      const ids = [...idRows].map((r) => r.id);
      if (ids.length === 0) return 0;
      await lockTeacherStatus(tx, opts.tenantId, ids);
      const policy = (await currentPolicy(tx, today)).rules;
      const ledger = await tx
        .select({ teacherId: creditAward.teacherId, ...ledgerColumns })
        .from(creditAward)
        .where(inArray(creditAward.teacherId, ids))
        .orderBy(asc(creditAward.teacherId));
      const byTeacher = new Map<string, TStatusLedgerEntry[]>();
      for (const { teacherId, ...r } of ledger) byTeacher.set(teacherId, [...(byTeacher.get(teacherId) ?? []), ledgerEntry(r)]);
      await writeTeacherStatuses(
        tx,
        ids.map((teacherId) => statusRow(opts.tenantId, teacherId, statusTotals(policy, byTeacher.get(teacherId) ?? [], today))),
      );
      after = ids[ids.length - 1]!;
      return ids.length;
    });
    done += n;
    if (n < batchSize) break;
  }
  await opts.db.withTenant(opts.tenantId, (tx) => recordStatusBasis(tx, opts.tenantId, today));
  return done;
}

/** What every stored status is computed under on `today`: the scheme version in effect, the policy version, the credit year. */
async function statusBasisOn(tx: Tx, today: string) {
  const p = await currentPolicy(tx, today);
  return { schemeVersion: p.scheme?.version ?? null, policyVersion: p.version, creditYear: statusTotals(p.rules, [], today).year };
}

async function recordStatusBasis(tx: Tx, tenantId: string, today: string) {
  const basis = { ...(await statusBasisOn(tx, today)), computedOn: today, updatedAt: new Date() };
  await tx.insert(creditStatusBasis).values({ tenantId, ...basis }).onConflictDoUpdate({ target: creditStatusBasis.tenantId, set: basis });
}

/**
 * The nightly check (the rollup job runs it before its reconcile): when the statuses were computed under another
 * scheme version, policy version or credit year than today's — a scheme published for a later day has reached it,
 * a new credit year has begun, or nothing was recorded yet — every status is recomputed now. Returns how many
 * teachers were recomputed (0: the stored statuses were current).
 */
export async function refreshStaleStatuses(opts: { db: Database; tenantId: string; today?: string; batchSize?: number }): Promise<number> {
  const today = opts.today ?? chinaDay();
  const stale = await opts.db.withTenant(opts.tenantId, async (tx) => {
    const [stored] = await tx.select().from(creditStatusBasis).limit(1);
    const now = await statusBasisOn(tx, today);
    return !stored || stored.schemeVersion !== now.schemeVersion || stored.policyVersion !== now.policyVersion || stored.creditYear !== now.creditYear;
  });
  if (!stale) return 0;
  const n = await recomputeTenantStatuses({ db: opts.db, tenantId: opts.tenantId, today, batchSize: opts.batchSize });
  // The rollups follow the statuses, as after a published change (decision 025).
  await computeRollups({ db: opts.db, tenantId: opts.tenantId, today });
  return n;
}

