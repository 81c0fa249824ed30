import { and, desc, eq, inArray, max, sql } from "drizzle-orm";
import { evaluateScheme, ZCreditSchemeHistory, type TCreditScheme, type TSchemeEvaluation } from "@yanxiu/domain/credit-scheme";
import { creditSchemePresets } from "@yanxiu/domain/credit-scheme-presets";
import { parseSchemeForm, ZExplainCredits, ZPublishScheme, ZSchemePreviewQuery, ZStartSchemeDraft, type TSchemePresetKey } from "@yanxiu/domain/credit-scheme-form";
import { pageOffset } from "@yanxiu/domain/list-page";
import { adminRoles } from "@yanxiu/domain/permissions";
import { AppError } from "@yanxiu/domain/errors";
import type { Database, Tx } from "@yanxiu/db/client";
import { creditSchemeVersion, teacherProfile, user } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { computeRollups } from "../rollups/compute-rollups.ts";
import { isProvinceAdmin, loadTeacherInScope } from "./common.ts";
import { recomputeTenantStatuses } from "./policy.ts";
import { previewTenantSchemeChange, schemeAwardsOf } from "./scheme.ts";
import { publishedSchemes, schemeInEffectOn, type TSchemeRef } from "./scheme-store.ts";
import { chinaDay } from "./status.ts";

/**
 * A tenant's credit scheme as versions (issue 17, decision 025): one editable draft, published versions that
 * never change, the one in effect on a day read by every status computation (status.ts `currentPolicy`).
 * Province admins edit, preview and publish; city and county admins read.
 */

const isAdmin = (actor: TActor) => actor.grants.some((g) => (adminRoles as readonly string[]).includes(g.role));
function mustRead(actor: TActor) {
  if (!isAdmin(actor)) throw new AppError("forbidden", "credit schemes are read by admins");
}
function mustEdit(actor: TActor) {
  if (!isProvinceAdmin(actor)) throw new AppError("forbidden", "credit schemes are edited by province admins");
}

type TDraftRow = typeof creditSchemeVersion.$inferSelect;

async function draftRow(tx: Tx): Promise<TDraftRow | null> {
  const [row] = await tx.select().from(creditSchemeVersion).where(eq(creditSchemeVersion.status, "draft")).limit(1);
  return row ?? null;
}

/** One writer of the tenant's scheme versions at a time (draft saves and publishing). */
async function lockSchemes(tx: Tx, tenantId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`credit-scheme:${tenantId}`}))`);
}

/** The versions page: every published version, the one in effect today, and the draft if any. */
export async function schemeOverview(opts: { db: Database; actor: TActor; today?: string }) {
  mustRead(opts.actor);
  const today = opts.today ?? chinaDay();
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const rows = await tx
      .select({ id: creditSchemeVersion.id, status: creditSchemeVersion.status, scheme: creditSchemeVersion.scheme, template: creditSchemeVersion.template, publishedAt: creditSchemeVersion.publishedAt, updatedAt: creditSchemeVersion.updatedAt, publishedByName: user.displayName })
      .from(creditSchemeVersion)
      .leftJoin(user, and(eq(user.tenantId, creditSchemeVersion.tenantId), eq(user.id, creditSchemeVersion.publishedBy)))
      .orderBy(desc(creditSchemeVersion.version));
    const inEffect = await schemeInEffectOn(tx, today);
    const view = (r: (typeof rows)[number]) => ({ id: r.id, scheme: r.scheme as TCreditScheme, template: r.template, publishedAt: r.publishedAt, updatedAt: r.updatedAt, publishedByName: r.publishedByName });
    return {
      today,
      canEdit: isProvinceAdmin(opts.actor),
      inEffect: inEffect ? { ref: inEffect.ref, scheme: inEffect.scheme } : null,
      versions: rows.filter((r) => r.status === "published").map(view),
      draft: rows.filter((r) => r.status === "draft").map(view)[0] ?? null,
    };
  });
}

/** The draft to edit (province admins), or null when there is none. */
export async function getSchemeDraft(opts: { db: Database; actor: TActor }) {
  mustEdit(opts.actor);
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const row = await draftRow(tx);
    return row ? { id: row.id, scheme: row.scheme as TCreditScheme, template: row.template, updatedAt: row.updatedAt } : null;
  });
}

/** The key and number a new draft takes: the tenant's key (all versions share it) and the next number. */
async function nextIdentity(tx: Tx, fallbackKey: string) {
  const [last] = await tx.select({ scheme: creditSchemeVersion.scheme, version: creditSchemeVersion.version }).from(creditSchemeVersion).where(eq(creditSchemeVersion.status, "published")).orderBy(desc(creditSchemeVersion.version)).limit(1);
  const [top] = await tx.select({ v: max(creditSchemeVersion.version) }).from(creditSchemeVersion);
  return { key: last ? (last.scheme as TCreditScheme).key : fallbackKey, version: (top?.v ?? 0) + 1, published: last != null };
}

/**
 * Starts (or restarts) the draft: a copy of the version in effect today (or the newest published), or one of
 * the presets (从模板载入). It takes the tenant's key, the next version number and today as its effective date;
 * an existing draft is replaced.
 */
export async function startSchemeDraft(opts: { db: Database; actor: TActor; input: unknown; today?: string }) {
  mustEdit(opts.actor);
  const { from } = parseInput(ZStartSchemeDraft, opts.input);
  const today = opts.today ?? chinaDay();
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    await lockSchemes(tx, opts.actor.tenantId);
    let base: TCreditScheme;
    if (from === "current") {
      const current = (await schemeInEffectOn(tx, today)) ?? (await publishedSchemes(tx)).at(-1) ?? null;
      if (!current) throw new AppError("notFound", "no published scheme to copy");
      base = current.scheme;
    } else base = creditSchemePresets[from as TSchemePresetKey];
    const id = await nextIdentity(tx, base.key);
    const { effectiveTo: _drop, ...rest } = base;
    const scheme: TCreditScheme = { ...rest, key: id.key, version: id.version, effectiveFrom: today };
    const old = await draftRow(tx);
    if (old) await tx.delete(creditSchemeVersion).where(eq(creditSchemeVersion.id, old.id));
    const [row] = await tx
      .insert(creditSchemeVersion)
      .values({ tenantId: opts.actor.tenantId, version: id.version, status: "draft", effectiveFrom: today, scheme, template: from === "current" ? null : from, createdBy: opts.actor.actorId })
      .returning({ id: creditSchemeVersion.id });
    return { id: row!.id, version: id.version };
  });
}

/**
 * Saves the draft from the form's fields (province admins). Every problem comes back keyed by the field's
 * name (`conversions.2.rate` …) in a badRequest; nothing is saved unless the whole scheme is valid.
 */
export async function saveSchemeDraft(opts: { db: Database; actor: TActor; input: unknown }) {
  mustEdit(opts.actor);
  if (typeof opts.input !== "object" || opts.input === null || Array.isArray(opts.input)) throw new AppError("badRequest", "form fields expected");
  const fields = opts.input as Record<string, unknown>;
  if (Object.keys(fields).length > 2000) throw new AppError("badRequest", "too many fields");
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    await lockSchemes(tx, opts.actor.tenantId);
    const row = await draftRow(tx);
    if (!row) throw new AppError("notFound", "no draft");
    const current = row.scheme as TCreditScheme;
    const parsed = parseSchemeForm(fields, { key: current.key, version: row.version });
    if (!parsed.ok) throw new AppError("badRequest", "invalid scheme", parsed.errors);
    await tx
      .update(creditSchemeVersion)
      .set({ scheme: parsed.scheme, effectiveFrom: parsed.scheme.effectiveFrom, updatedAt: new Date() })
      .where(eq(creditSchemeVersion.id, row.id));
    return { id: row.id, scheme: parsed.scheme };
  });
}

/** Throws the draft away (province admins). */
export async function discardSchemeDraft(opts: { db: Database; actor: TActor }) {
  mustEdit(opts.actor);
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const row = await draftRow(tx);
    if (!row) throw new AppError("notFound", "no draft");
    await tx.delete(creditSchemeVersion).where(eq(creditSchemeVersion.id, row.id));
    return { discarded: row.version };
  });
}

/** The draft against what is in effect on its effective date (or today, if later): the scheme the change replaces. */
async function draftAndCurrent(tx: Tx, today: string) {
  const row = await draftRow(tx);
  if (!row) throw new AppError("notFound", "no draft");
  const draft = row.scheme as TCreditScheme;
  const asOf = draft.effectiveFrom > today ? draft.effectiveFrom : today;
  const current = (await schemeInEffectOn(tx, asOf))?.scheme ?? null;
  return { row, draft, current, asOf };
}

/**
 * 预览: who changes status if the draft is published, judged on its effective date (or today): counts per
 * transition and flag, and a page of the teachers whose status or a flag changes, with their names. With no
 * scheme in effect, the draft is compared with itself (no change) and `current` is null.
 */
export async function previewSchemeDraft(opts: { db: Database; actor: TActor; query?: unknown; today?: string }) {
  mustEdit(opts.actor);
  const query = parseInput(ZSchemePreviewQuery, opts.query ?? {});
  const today = opts.today ?? chinaDay();
  const { draft, current, asOf } = await opts.db.withTenant(opts.actor.tenantId, (tx) => draftAndCurrent(tx, today));
  const preview = await previewTenantSchemeChange({ db: opts.db, actor: opts.actor, input: { current: current ?? draft, next: draft, asOf } });
  const changed = preview.changes.filter((c) => c.statusChanged || c.flagsChanged.length > 0);
  const slice = changed.slice(pageOffset(query), pageOffset(query) + query.size);
  const names = await opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    if (slice.length === 0) return new Map<string, { name: string; teacherNo: string }>();
    const rows = await tx.select({ id: teacherProfile.userId, name: teacherProfile.name, teacherNo: teacherProfile.teacherNo }).from(teacherProfile).where(inArray(teacherProfile.userId, slice.map((c) => c.teacherId)));
    return new Map(rows.map((r) => [r.id, r]));
  });
  return {
    query,
    asOf,
    draft: { version: draft.version, name: draft.name, unit: draft.unit, effectiveFrom: draft.effectiveFrom },
    current: current ? { version: current.version, name: current.name, unit: current.unit } : null,
    total: preview.total,
    changed: changed.length,
    countChanged: preview.changes.length - changed.length,
    transitions: preview.transitions,
    flags: preview.flags,
    teachers: slice.map((c) => ({ ...c, name: names.get(c.teacherId)?.name ?? null, teacherNo: names.get(c.teacherId)?.teacherNo ?? null })),
  };
}

/**
 * 发布: the draft becomes a published version (province admins, with the confirmation). It must extend the
 * history (`ZCreditSchemeHistory`: same key, next number, a later effective date) and, once the tenant has a
 * version, start today or later (the past was judged under what was in effect then). Audited. When it is in
 * effect today, every teacher's status and the rollups are recomputed now, as a policy change does; a later
 * effective date takes effect as statuses are next recomputed (decision 025).
 */
export async function publishSchemeDraft(opts: { db: Database; actor: TActor; input: unknown; today?: string; batchSize?: number }) {
  mustEdit(opts.actor);
  parseInput(ZPublishScheme, opts.input);
  const today = opts.today ?? chinaDay();
  const { actor } = opts;
  const published = await opts.db.withTenant(actor.tenantId, async (tx) => {
    await lockSchemes(tx, actor.tenantId);
    const row = await draftRow(tx);
    if (!row) throw new AppError("notFound", "no draft");
    const draft = row.scheme as TCreditScheme;
    const history = (await publishedSchemes(tx)).map((v) => v.scheme);
    if (history.length > 0 && draft.effectiveFrom < today) throw new AppError("badRequest", "a new version cannot start in the past", { effectiveFrom: ["生效日期不能早于今天"] });
    const check = ZCreditSchemeHistory.safeParse([...history, draft]);
    if (!check.success) {
      const mine = check.error.issues.filter((i) => i.path[0] === history.length);
      const msg = (mine[0] ?? check.error.issues[0])!.message;
      throw new AppError("badRequest", "the draft does not extend the published versions", { [String(mine[0]?.path[1] ?? "form")]: [msg] });
    }
    await tx.update(creditSchemeVersion).set({ status: "published", publishedBy: actor.actorId, publishedAt: new Date(), updatedAt: new Date() }).where(eq(creditSchemeVersion.id, row.id));
    await appendAudit(tx, actor, { action: "credits.publishScheme", target: `creditScheme:${draft.version}`, data: { key: draft.key, version: draft.version, effectiveFrom: draft.effectiveFrom, scheme: draft } });
    return draft;
  });
  let recomputed: number | null = null;
  if (published.effectiveFrom <= today) {
    recomputed = await recomputeTenantStatuses({ db: opts.db, tenantId: actor.tenantId, today, batchSize: opts.batchSize });
    await computeRollups({ db: opts.db, tenantId: actor.tenantId, today });
  }
  return { version: published.version, effectiveFrom: published.effectiveFrom, recomputed };
}

/**
 * 为何是 X 学分: a teacher's totals under the scheme in effect today, line by line (the engine's evaluation,
 * award titles included): the actor's own, or a teacher an admin has in scope (else notFound). Null scheme
 * when the tenant has none in effect (the simple 学时 policy applies; nothing to explain beyond 我的学时).
 */
export async function explainCredits(opts: { db: Database; actor: TActor; input?: unknown; today?: string }): Promise<{ scheme: TSchemeRef | null; evaluation: TSchemeEvaluation | null; teacher: { id: string; name: string } | null }> {
  const { teacherId } = parseInput(ZExplainCredits, opts.input ?? {});
  const today = opts.today ?? chinaDay();
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const teacher = teacherId && teacherId !== opts.actor.actorId ? await loadTeacherInScope(tx, opts.actor, teacherId) : null;
    const id = teacher?.userId ?? opts.actor.actorId;
    const inEffect = await schemeInEffectOn(tx, today);
    if (!inEffect) return { scheme: null, evaluation: null, teacher: teacher ? { id: teacher.userId, name: teacher.name } : null };
    const awards = (await schemeAwardsOf(tx, [id])).get(id) ?? [];
    // Facts (hire date, 班主任 …) are not stored yet: as for every status, evaluated without them.
    return { scheme: inEffect.ref, evaluation: evaluateScheme(inEffect.scheme, {}, awards, today), teacher: teacher ? { id: teacher.userId, name: teacher.name } : null };
  });
}
