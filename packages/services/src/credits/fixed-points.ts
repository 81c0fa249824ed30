import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { adminRoles, adminScope, can } from "@yanxiu/domain/permissions";
import { AppError } from "@yanxiu/domain/errors";
import { escapeLike } from "@yanxiu/domain/list-page";
import {
  claimableItems,
  claimQueuePageSize,
  claimRefusal,
  claimSteps,
  nextClaimState,
  normaliseClaimTitle,
  ZClaimDecisionInput,
  ZClaimQueueQuery,
  ZFixedPointClaimInput,
  ZResubmitClaimInput,
  type TApprovalLevel,
  type TClaimStatus,
  type TClaimTrailAction,
} from "@yanxiu/domain/fixed-points";
import { schemeCycleOf, type TCreditScheme, type TCreditUnit, type TFixedPointKind } from "@yanxiu/domain/credit-scheme";
import type { TAwardCategory, TOrganiserLevel } from "@yanxiu/domain/credits";
import type { Database, Tx } from "@yanxiu/db/client";
import { creditAward, fixedPointClaim, fixedPointClaimFile, fixedPointDecision, orgUnit, storedFile, teacherProfile, user } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { notifyOne } from "../notifications/notify.ts";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { inScope, type TActor } from "../org/scope.ts";
import { answeringUnit, answeringUnitOf } from "../org/answering-unit.ts";
import { publishedSchemes, schemeInEffectOn } from "./scheme-store.ts";
import { chinaDay, recomputeTeacherStatus } from "./status.ts";

/**
 * 定额项目申报 (decision 032). A teacher claims one of the fixed-point items of the scheme in effect (a paper,
 * a 课题 …) with its evidence; the claim is certified step by step along the item's approval chain, each step
 * by the admins of that level's unit on the teacher's path — or, when that unit has no admin (the demo schools),
 * by the nearest unit above that has one, acting for it and recorded as such. 通过 moves it on, 退回 sends it
 * back for the teacher to edit and resubmit (a new round), 不予认定 ends it. The last step's 通过 writes the
 * award (source `fixedPoint`, `fixed_point` = the kind, 0 raw 学时: the scheme values it) and the teacher's
 * status and rollups in the same transaction.
 */

const pathIds = (path: string) => path.split("/").filter(Boolean);

/** The teacher's own profile (the actor submits for themselves): only teachers claim. */
async function ownProfile(tx: Tx, actor: TActor) {
  const [p] = await tx
    .select({ userId: teacherProfile.userId, orgPath: teacherProfile.orgPath, schoolId: teacherProfile.schoolId })
    .from(teacherProfile)
    .where(eq(teacherProfile.userId, actor.actorId))
    .limit(1);
  if (!p) throw new AppError("forbidden", "only teachers claim fixed-point items");
  return p;
}

/**
 * Moves every waiting claim of the tenant to whoever acts for its step now (answeringUnitOf's rule, in one
 * statement): called in the transaction that gives a unit its first admin (the claims that waited at the
 * county for the school go back to the school) or takes one away (claims leave a unit nobody can act for).
 * Decisions already taken keep the acting unit they recorded. Returns how many claims moved.
 */
export async function rerouteWaitingClaims(tx: Tx): Promise<number> {
  const moved = await tx.execute(sql`
    with now_acting as (
      select c.tenant_id, c.id, ${answeringUnitOf(sql`su.path`)} as acting
      from fixed_point_claim c
      join org_unit su on su.tenant_id = c.tenant_id and su.id = c.step_unit_ids[c.step + 1]
      where c.status = 'pending'
    )
    update fixed_point_claim c set acting_unit_id = n.acting, updated_at = now()
    from now_acting n
    where c.tenant_id = n.tenant_id and c.id = n.id and c.acting_unit_id is distinct from n.acting
    returning c.id`);
  return moved.length;
}

/**
 * After teachers move school (a transfer, or a roster import that changes their school): their claims follow them.
 * A pending claim's steps still to come, and every step of a returned claim (a resubmission starts over), become
 * the units of the same levels on the teacher's new path; the steps already passed keep the units that decided
 * them, and a level the new path lacks keeps its old unit. Then whoever answers for each claim's current step
 * acts for it (rerouteWaitingClaims). Run in the transaction of the move. Returns how many claims moved.
 */
export async function followMovedTeachers(tx: Tx, teacherIds: readonly string[]): Promise<number> {
  if (teacherIds.length === 0) return 0;
  const claims = await tx
    .select({ id: fixedPointClaim.id, teacherId: fixedPointClaim.teacherId, chain: fixedPointClaim.chain, stepUnitIds: fixedPointClaim.stepUnitIds, step: fixedPointClaim.step, status: fixedPointClaim.status })
    .from(fixedPointClaim)
    .where(and(inArray(fixedPointClaim.teacherId, [...teacherIds]), inArray(fixedPointClaim.status, ["pending", "returned"])))
    .for("update");
  if (claims.length === 0) return 0;
  const profiles = await tx
    .select({ userId: teacherProfile.userId, orgPath: teacherProfile.orgPath })
    .from(teacherProfile)
    .where(inArray(teacherProfile.userId, [...new Set(claims.map((c) => c.teacherId))]));
  const units = await tx
    .select({ id: orgUnit.id, kind: orgUnit.kind, path: orgUnit.path })
    .from(orgUnit)
    .where(inArray(orgUnit.id, [...new Set(profiles.flatMap((p) => pathIds(p.orgPath)))]));
  const pathOf = new Map(profiles.map((p) => [p.userId, p.orgPath]));
  let moved = 0;
  for (const c of claims) {
    const path = pathOf.get(c.teacherId);
    if (!path) continue;
    const onPath = units.filter((u) => path.startsWith(u.path));
    const from = c.status === "pending" ? c.step : 0;
    const next = c.stepUnitIds.map((u, i) => (i < from ? u : (claimSteps([c.chain[i] as TApprovalLevel], onPath)?.[0]?.unitId ?? u)));
    if (next.every((u, i) => u === c.stepUnitIds[i])) continue;
    await tx.update(fixedPointClaim).set({ stepUnitIds: next, updatedAt: new Date() }).where(eq(fixedPointClaim.id, c.id));
    moved++;
  }
  if (moved) await rerouteWaitingClaims(tx);
  return moved;
}

/** The units a claim by a teacher at `orgPath` goes through for `chain`, and who acts for the first. */
async function resolveChain(tx: Tx, orgPath: string, chain: readonly TApprovalLevel[]) {
  const units = await tx.select({ id: orgUnit.id, kind: orgUnit.kind, path: orgUnit.path }).from(orgUnit).where(inArray(orgUnit.id, pathIds(orgPath)));
  const steps = claimSteps(chain, units);
  if (!steps) throw new AppError("badRequest", "no step of the chain is on the teacher's path", { kind: ["本校所在的单位无法审核这一项目，请联系管理员"] });
  return { steps, first: units.find((u) => u.id === steps[0]!.unitId)! };
}

/** Every file must be a credit proof the teacher uploaded. */
async function checkFiles(tx: Tx, actor: TActor, fileIds: readonly string[]) {
  const rows = await tx
    .select({ id: storedFile.id })
    .from(storedFile)
    .where(and(inArray(storedFile.id, [...fileIds]), eq(storedFile.ownerId, actor.actorId), eq(storedFile.purpose, "creditProof")));
  if (rows.length !== new Set(fileIds).size) throw new AppError("badRequest", "evidence file", { evidence: ["请上传证明材料"] });
}

/** A pending or approved claim of the teacher with the same kind and title (normalised) stands in the way. */
async function refuseDuplicate(tx: Tx, a: { tenantId: string; teacherId: string; kind: TFixedPointKind; titleKey: string; except?: string }) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`fixed-point:${a.tenantId}`}), hashtext(${`${a.teacherId}|${a.kind}|${a.titleKey}`}))`);
  const [hit] = await tx
    .select({ id: fixedPointClaim.id })
    .from(fixedPointClaim)
    .where(
      and(
        eq(fixedPointClaim.teacherId, a.teacherId),
        eq(fixedPointClaim.kind, a.kind),
        eq(fixedPointClaim.titleKey, a.titleKey),
        inArray(fixedPointClaim.status, ["pending", "approved"]),
        a.except ? sql`${fixedPointClaim.id} <> ${a.except}` : undefined,
      ),
    )
    .limit(1);
  if (hit) throw new AppError("duplicateAward", `claim ${hit.id}`);
}

/** A claim counts in the current cycle only: an item from before it would be certified and then count nothing. */
function refuseBeforeCycle(scheme: TCreditScheme, happenedOn: string, today: string) {
  const { start } = schemeCycleOf(scheme, today);
  if (happenedOn < start) throw new AppError("badRequest", "before the cycle", { happenedOn: [`只能申报本周期（${start} 起）内的项目`] });
}

/** The items the teacher may claim today (the scheme in effect), or none. */
export async function fixedPointItems(opts: { db: Database; actor: TActor; today?: string }) {
  const today = opts.today ?? chinaDay();
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const s = await schemeInEffectOn(tx, today);
    return { today, scheme: s ? { key: s.ref.key, version: s.ref.version, name: s.ref.name, unit: s.ref.unit } : null, items: s ? claimableItems(s.scheme) : [] };
  });
}

/** Submits a claim for the actor (a teacher); returns its id. */
export async function submitFixedPointClaim(opts: { db: Database; actor: TActor; input: unknown; today?: string }) {
  const { actor } = opts;
  const input = parseInput(ZFixedPointClaimInput, opts.input);
  const today = opts.today ?? chinaDay();
  if (input.happenedOn > today) throw new AppError("badRequest", "in the future", { happenedOn: ["日期不能晚于今天"] });
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const me = await ownProfile(tx, actor);
    const inEffect = await schemeInEffectOn(tx, today);
    if (!inEffect) throw new AppError("badRequest", "no scheme in effect", { kind: ["本省尚未发布学分方案，暂不能申报定额项目"] });
    const item = inEffect.scheme.fixedPoints.find((f) => f.kind === input.kind);
    refuseBeforeCycle(inEffect.scheme, input.happenedOn, today);
    const refusal = claimRefusal(item, input);
    if (refusal) throw new AppError("badRequest", "claim does not fit the item", refusal);
    await checkFiles(tx, actor, input.evidence.map((e) => e.fileId));
    const titleKey = normaliseClaimTitle(input.title);
    if (!titleKey) throw new AppError("badRequest", "title", { title: ["请填写名称"] });
    await refuseDuplicate(tx, { tenantId: actor.tenantId, teacherId: me.userId, kind: input.kind, titleKey });
    const { steps, first } = await resolveChain(tx, me.orgPath, item!.approvalChain);
    const actingUnitId = await answeringUnit(tx, first.path);
    const [row] = await tx
      .insert(fixedPointClaim)
      .values({
        tenantId: actor.tenantId,
        teacherId: me.userId,
        kind: input.kind,
        level: input.level,
        category: item!.category,
        title: input.title,
        titleKey,
        happenedOn: input.happenedOn,
        description: input.description,
        schemeVersion: inEffect.ref.version,
        schemeKey: inEffect.ref.key,
        unit: inEffect.ref.unit,
        value: String(item!.valueByLevel[input.level]!),
        yearlyCap: item!.yearlyCap != null ? String(item!.yearlyCap) : null,
        chain: steps.map((s) => s.level),
        stepUnitIds: steps.map((s) => s.unitId),
        actingUnitId,
      })
      .returning({ id: fixedPointClaim.id });
    const id = row!.id;
    await tx.insert(fixedPointClaimFile).values(input.evidence.map((e) => ({ tenantId: actor.tenantId, claimId: id, round: 1, fileId: e.fileId, label: e.label })));
    await tx.insert(fixedPointDecision).values({ tenantId: actor.tenantId, claimId: id, round: 1, step: 0, action: "submit", level: steps[0]!.level, forUnitId: steps[0]!.unitId, actorId: actor.actorId });
    await appendAudit(tx, actor, { action: "credits.submitFixedPoint", target: `fixedPointClaim:${id}`, orgPath: me.orgPath, data: { kind: input.kind, level: input.level } });
    return { id };
  });
}

/**
 * A returned claim, edited and sent again: a new round from the first step, the chain and scheme version it
 * was submitted under kept (the item is checked against that version), its new evidence beside the old.
 */
export async function resubmitFixedPointClaim(opts: { db: Database; actor: TActor; input: unknown; today?: string }) {
  const { actor } = opts;
  const input = parseInput(ZResubmitClaimInput, opts.input);
  const today = opts.today ?? chinaDay();
  if (input.happenedOn > today) throw new AppError("badRequest", "in the future", { happenedOn: ["日期不能晚于今天"] });
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [c] = await tx.select().from(fixedPointClaim).where(eq(fixedPointClaim.id, input.claimId)).for("update").limit(1);
    if (!c || c.teacherId !== actor.actorId) throw new AppError("notFound", `claim ${input.claimId}`);
    if (c.status !== "returned") throw new AppError("claimStateConflict", `claim ${c.id} is ${c.status}`);
    if (input.kind !== c.kind) throw new AppError("badRequest", "kind changed", { kind: ["重新提交时不能更换项目，请另行申报"] });
    const version = (await publishedSchemes(tx)).find((v) => v.scheme.version === c.schemeVersion);
    const item = version?.scheme.fixedPoints.find((f) => f.kind === c.kind);
    if (version) refuseBeforeCycle(version.scheme, input.happenedOn, today);
    const refusal = claimRefusal(item, input);
    if (refusal) throw new AppError("badRequest", "claim does not fit the item", refusal);
    await checkFiles(tx, actor, input.evidence.map((e) => e.fileId));
    const titleKey = normaliseClaimTitle(input.title);
    if (!titleKey) throw new AppError("badRequest", "title", { title: ["请填写名称"] });
    await refuseDuplicate(tx, { tenantId: actor.tenantId, teacherId: c.teacherId, kind: c.kind, titleKey, except: c.id });
    const [first] = await tx.select({ path: orgUnit.path }).from(orgUnit).where(eq(orgUnit.id, c.stepUnitIds[0]!)).limit(1);
    const round = c.round + 1;
    await tx
      .update(fixedPointClaim)
      .set({
        level: input.level,
        title: input.title,
        titleKey,
        happenedOn: input.happenedOn,
        description: input.description,
        value: String(item!.valueByLevel[input.level]!),
        round,
        step: 0,
        status: "pending",
        actingUnitId: await answeringUnit(tx, first!.path),
        updatedAt: new Date(),
      })
      .where(eq(fixedPointClaim.id, c.id));
    await tx.insert(fixedPointClaimFile).values(input.evidence.map((e) => ({ tenantId: actor.tenantId, claimId: c.id, round, fileId: e.fileId, label: e.label })));
    await tx.insert(fixedPointDecision).values({ tenantId: actor.tenantId, claimId: c.id, round, step: 0, action: "resubmit", level: c.chain[0] as TApprovalLevel, forUnitId: c.stepUnitIds[0]!, actorId: actor.actorId });
    const [p] = await tx.select({ orgPath: teacherProfile.orgPath }).from(teacherProfile).where(eq(teacherProfile.userId, c.teacherId)).limit(1);
    await appendAudit(tx, actor, { action: "credits.resubmitFixedPoint", target: `fixedPointClaim:${c.id}`, orgPath: p?.orgPath ?? null, data: { round } });
    return { id: c.id, round };
  });
}

/** The ids of the units the actor administers; a tenant-wide admin grant stands for the root units. */
async function actorAdminUnitIds(tx: Tx, actor: TActor): Promise<string[]> {
  const admin = actor.grants.filter((g) => (adminRoles as readonly string[]).includes(g.role));
  const ids = admin.flatMap((g) => (g.orgUnitId && g.orgPath !== null ? [g.orgUnitId] : []));
  if (admin.some((g) => g.orgPath === null)) {
    const roots = await tx.select({ id: orgUnit.id }).from(orgUnit).where(isNull(orgUnit.parentId));
    ids.push(...roots.map((r) => r.id));
  }
  return [...new Set(ids)];
}

/** Decides the step a claim waits at: 通过, 退回 or 不予认定. The last step's 通过 writes the award. */
export async function decideFixedPointClaim(opts: { db: Database; actor: TActor; input: unknown; today?: string }) {
  const { actor } = opts;
  const input = parseInput(ZClaimDecisionInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [c] = await tx.select().from(fixedPointClaim).where(eq(fixedPointClaim.id, input.claimId)).for("update").limit(1);
    if (!c) throw new AppError("notFound", `claim ${input.claimId}`);
    const [teacher] = await tx.select({ orgPath: teacherProfile.orgPath }).from(teacherProfile).where(eq(teacherProfile.userId, c.teacherId)).limit(1);
    if (!teacher || !can(actor.grants, "people.view", teacher.orgPath)) throw new AppError("notFound", `claim ${input.claimId}`);
    // A decision on what the admin saw: a claim that moved on since (another admin, a double click) is refused.
    if (c.status !== "pending" || c.round !== input.round || c.step !== input.step) throw new AppError("claimStateConflict", `claim ${c.id} is ${c.status} at ${c.round}/${c.step}`);
    // The step is the acting unit's: its admins decide, nobody above or below it.
    if (!c.actingUnitId || !(await actorAdminUnitIds(tx, actor)).includes(c.actingUnitId)) throw new AppError("forbidden", `claim ${c.id} waits at another level`);
    const next = nextClaimState({ status: c.status, step: c.step, steps: c.stepUnitIds.length }, input.decision);
    if (!next) throw new AppError("claimStateConflict", `claim ${c.id}: ${input.decision} does not apply`);
    const level = c.chain[c.step] as TApprovalLevel;
    await tx.insert(fixedPointDecision).values({
      tenantId: actor.tenantId,
      claimId: c.id,
      round: c.round,
      step: c.step,
      action: input.decision,
      level,
      forUnitId: c.stepUnitIds[c.step]!,
      actingUnitId: c.actingUnitId,
      actorId: actor.actorId,
      reason: input.reason ?? null,
    });
    let awardId: string | null = null;
    let actingUnitId: string | null = null;
    if (next.final) {
      const [award] = await tx
        .insert(creditAward)
        .values({
          tenantId: actor.tenantId,
          teacherId: c.teacherId,
          source: "fixedPoint",
          sourceRef: c.id,
          title: c.title,
          hours: "0",
          category: c.category,
          organiserLevel: c.level,
          countsFor: c.happenedOn,
          fixedPoint: c.kind,
          evidence: (await tx.select({ fileId: fixedPointClaimFile.fileId }).from(fixedPointClaimFile).where(and(eq(fixedPointClaimFile.claimId, c.id), eq(fixedPointClaimFile.round, c.round)))).map((f) => ({
            kind: "file",
            fileId: f.fileId,
          })),
          actorId: actor.actorId,
        })
        .returning({ id: creditAward.id });
      awardId = award!.id;
      await recomputeTeacherStatus(tx, {
        tenantId: actor.tenantId,
        teacherId: c.teacherId,
        ...(opts.today ? { today: opts.today } : {}),
        landed: [{ teacherId: c.teacherId, hours: "0", category: c.category, countsFor: c.happenedOn }],
      });
    } else if (next.status === "pending") {
      const [u] = await tx.select({ path: orgUnit.path }).from(orgUnit).where(eq(orgUnit.id, c.stepUnitIds[next.step]!)).limit(1);
      actingUnitId = await answeringUnit(tx, u!.path);
    }
    await tx
      .update(fixedPointClaim)
      .set({ status: next.status, step: next.step, actingUnitId, awardId: awardId ?? c.awardId, lastReason: input.decision === "pass" ? c.lastReason : (input.reason ?? null), updatedAt: new Date() })
      .where(eq(fixedPointClaim.id, c.id));
    // The teacher learns of every decision (decision 034), in this transaction: no notice without the decision.
    const facts = { claimTitle: c.title, itemKind: c.kind, level };
    const about = { userId: c.teacherId, link: "/my/credits/fixed-points", dedupeKey: `fixedPoint:${c.id}:${c.round}:${c.step}:${input.decision}` };
    if (next.final) await notifyOne(tx, actor.tenantId, { ...about, kind: "fixedPointApproved", params: { ...facts, value: Number(c.value), unit: c.unit } });
    else if (input.decision === "pass") await notifyOne(tx, actor.tenantId, { ...about, kind: "fixedPointPassed", params: { ...facts, nextLevel: c.chain[next.step] as TApprovalLevel } });
    else await notifyOne(tx, actor.tenantId, { ...about, kind: input.decision === "return" ? "fixedPointReturned" : "fixedPointRejected", params: { ...facts, reason: input.reason ?? "" } });
    await appendAudit(tx, actor, {
      action: `credits.fixedPoint.${input.decision}`,
      target: `fixedPointClaim:${c.id}`,
      orgPath: teacher.orgPath,
      data: { round: c.round, step: c.step, level, actingUnitId: c.actingUnitId, ...(awardId ? { awardId } : {}), ...(input.reason ? { reason: input.reason } : {}) },
    });
    return { claimId: c.id, status: next.status, step: next.step, awardId };
  });
}

export type TClaimSummary = {
  id: string;
  teacherId: string;
  kind: TFixedPointKind;
  level: TOrganiserLevel;
  category: TAwardCategory;
  title: string;
  happenedOn: string;
  value: number;
  unit: TCreditUnit;
  status: TClaimStatus;
  round: number;
  step: number;
  chain: TApprovalLevel[];
  createdAt: Date;
  updatedAt: Date;
  lastReason: string | null;
};

const summary = (c: typeof fixedPointClaim.$inferSelect): TClaimSummary => ({
  id: c.id,
  teacherId: c.teacherId,
  kind: c.kind,
  level: c.level,
  category: c.category,
  title: c.title,
  happenedOn: c.happenedOn,
  value: Number(c.value),
  unit: c.unit,
  status: c.status,
  round: c.round,
  step: c.step,
  chain: c.chain as TApprovalLevel[],
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  lastReason: c.lastReason,
});

/**
 * Pending claims waiting at a unit the actor administers (their level), of teachers in their scope, oldest
 * first; a name or exact 教师编号 narrows it; numbered pages with the total.
 */
export async function fixedPointQueue(opts: { db: Database; actor: TActor; query?: unknown }) {
  const { actor } = opts;
  const query = parseInput(ZClaimQueueQuery, opts.query ?? {});
  if (adminScope(actor.grants) !== "all" && (adminScope(actor.grants) as string[]).length === 0) throw new AppError("forbidden", "admins only");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const units = await actorAdminUnitIds(tx, actor);
    const c = fixedPointClaim;
    const where: SQL[] = [eq(c.status, "pending"), units.length ? inArray(c.actingUnitId, units) : sql`false`, inScope(teacherProfile.orgPath, actor.grants)];
    if (query.q) where.push(or(ilike(teacherProfile.name, `%${escapeLike(query.q)}%`), eq(teacherProfile.teacherNo, query.q))!);
    const [n] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(c)
      .innerJoin(teacherProfile, tenantEq(teacherProfile.userId, c.teacherId))
      .where(and(...where));
    const rows = await tx
      .select({ claim: c, teacherName: teacherProfile.name, teacherNo: teacherProfile.teacherNo, schoolName: orgUnit.name })
      .from(c)
      .innerJoin(teacherProfile, tenantEq(teacherProfile.userId, c.teacherId))
      .innerJoin(orgUnit, tenantEq(orgUnit.id, teacherProfile.schoolId))
      .where(and(...where))
      .orderBy(asc(c.createdAt), asc(c.id))
      .limit(claimQueuePageSize)
      .offset((query.page - 1) * claimQueuePageSize);
    return {
      query,
      total: n?.n ?? 0,
      pageSize: claimQueuePageSize,
      claims: rows.map((r) => ({ ...summary(r.claim), teacherName: r.teacherName, teacherNo: r.teacherNo, schoolName: r.schoolName })),
    };
  });
}

export type TClaimTrailEntry = {
  round: number;
  step: number;
  action: TClaimTrailAction;
  level: TApprovalLevel;
  forUnitName: string;
  /** Set when an admin of another unit (above) acted for the step's unit. */
  actingUnitName: string | null;
  actorName: string;
  reason: string | null;
  at: Date;
};

/** A claim with its steps, its evidence (every round) and its trail, for whoever reads it. */
async function claimDetail(tx: Tx, actor: TActor, c: typeof fixedPointClaim.$inferSelect) {
  const unitIds = [...new Set([...c.stepUnitIds, ...(c.actingUnitId ? [c.actingUnitId] : [])])];
  const trail = await tx
    .select({ d: fixedPointDecision, actorName: user.displayName })
    .from(fixedPointDecision)
    .innerJoin(user, tenantEq(user.id, fixedPointDecision.actorId))
    .where(eq(fixedPointDecision.claimId, c.id))
    .orderBy(asc(fixedPointDecision.createdAt), asc(fixedPointDecision.id));
  for (const t of trail) {
    unitIds.push(t.d.forUnitId);
    if (t.d.actingUnitId) unitIds.push(t.d.actingUnitId);
  }
  const units = new Map((await tx.select({ id: orgUnit.id, name: orgUnit.name }).from(orgUnit).where(inArray(orgUnit.id, [...new Set(unitIds)]))).map((u) => [u.id, u.name]));
  const files = await tx
    .select({ round: fixedPointClaimFile.round, fileId: fixedPointClaimFile.fileId, label: fixedPointClaimFile.label, name: storedFile.originalName, size: storedFile.size })
    .from(fixedPointClaimFile)
    .innerJoin(storedFile, tenantEq(storedFile.id, fixedPointClaimFile.fileId))
    .where(eq(fixedPointClaimFile.claimId, c.id))
    .orderBy(desc(fixedPointClaimFile.round), asc(fixedPointClaimFile.createdAt));
  const mayDecide = c.status === "pending" && c.actingUnitId != null && (await actorAdminUnitIds(tx, actor)).includes(c.actingUnitId);
  return {
    ...summary(c),
    description: c.description,
    schemeVersion: c.schemeVersion,
    yearlyCap: c.yearlyCap != null ? Number(c.yearlyCap) : null,
    awardId: c.awardId,
    steps: c.chain.map((level, i) => ({ level: level as TApprovalLevel, unitName: units.get(c.stepUnitIds[i]!) ?? "" })),
    actingUnitName: c.actingUnitId && c.actingUnitId !== c.stepUnitIds[c.step] ? (units.get(c.actingUnitId) ?? null) : null,
    files: files.map((f) => ({ ...f, href: `/files/${f.fileId}`, current: f.round === c.round })),
    trail: trail.map(
      (t): TClaimTrailEntry => ({
        round: t.d.round,
        step: t.d.step,
        action: t.d.action,
        level: t.d.level,
        forUnitName: units.get(t.d.forUnitId) ?? "",
        actingUnitName: t.d.actingUnitId && t.d.actingUnitId !== t.d.forUnitId ? (units.get(t.d.actingUnitId) ?? null) : null,
        actorName: t.actorName,
        reason: t.d.reason,
        at: t.d.createdAt,
      }),
    ),
    mayDecide,
  };
}
export type TClaimDetail = Awaited<ReturnType<typeof claimDetail>>;

/** The actor's own claims, newest first, each with its steps, evidence and trail. */
export async function myFixedPointClaims(opts: { db: Database; actor: TActor }): Promise<TClaimDetail[]> {
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const rows = await tx.select().from(fixedPointClaim).where(eq(fixedPointClaim.teacherId, opts.actor.actorId)).orderBy(desc(fixedPointClaim.createdAt), desc(fixedPointClaim.id));
    const out: TClaimDetail[] = [];
    for (const c of rows) out.push(await claimDetail(tx, opts.actor, c));
    return out;
  });
}

/** One claim: its teacher's, or an admin's whose scope holds the teacher; anyone else (another tenant too): notFound. */
export async function getFixedPointClaim(opts: { db: Database; actor: TActor; claimId: string }) {
  const { actor } = opts;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(opts.claimId)) throw new AppError("notFound", "claim");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [c] = await tx.select().from(fixedPointClaim).where(eq(fixedPointClaim.id, opts.claimId)).limit(1);
    if (!c) throw new AppError("notFound", `claim ${opts.claimId}`);
    const [t] = await tx
      .select({ name: teacherProfile.name, teacherNo: teacherProfile.teacherNo, orgPath: teacherProfile.orgPath, schoolName: orgUnit.name })
      .from(teacherProfile)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, teacherProfile.schoolId))
      .where(eq(teacherProfile.userId, c.teacherId))
      .limit(1);
    if (!t || (c.teacherId !== actor.actorId && !can(actor.grants, "people.view", t.orgPath))) throw new AppError("notFound", `claim ${opts.claimId}`);
    return { ...(await claimDetail(tx, actor, c)), teacherName: t.name, teacherNo: t.teacherNo, schoolName: t.schoolName };
  });
}
