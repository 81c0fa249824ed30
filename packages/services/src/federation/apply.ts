import { and, eq, isNull, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { TFederationMessage } from "@yanxiu/domain/federation";
import type { Tx } from "@yanxiu/db/client";
import { creditAward, federationInbox, nationalProject, nationalQuota, nationalTrainee, nomination, orgUnit, projectDecision, quotaAllocation, teacherProfile, trainingProject } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { recomputeTeacherStatus } from "../credits/status.ts";

export type TApplyContext = { tenantId: string; fromTenantId: string; messageId: string; message: TFederationMessage };

/**
 * Applies one message on the receiving side, inside the receiver's `withTenant` (the caller's transaction,
 * which also holds the inbox row). Reads and writes this tenant only. Returns the outcome word for the inbox.
 */
export async function applyFederationMessage(tx: Tx, ctx: TApplyContext): Promise<string> {
  const m = ctx.message;
  switch (m.kind) {
    case "nationalQuota":
      return applyNationalQuota(tx, ctx, m);
    case "nomineeApproved":
      return applyNomineeApproved(tx, ctx, m);
    case "nomineeWithdrawn":
      return applyNomineeWithdrawn(tx, ctx, m);
    case "trainingCompleted":
      return applyTrainingCompleted(tx, ctx, m);
  }
}

type Msg<K extends TFederationMessage["kind"]> = Extract<TFederationMessage, { kind: K }>;

/**
 * Province side: create or update the mirror of a national project — a published nomination project owned by
 * the province's root unit, its root allocation holding the seats the province got. From there the province's
 * own services (allocate, nominate, review, 资质复审) run unchanged inside the province.
 */
async function applyNationalQuota(tx: Tx, ctx: TApplyContext, m: Msg<"nationalQuota">): Promise<string> {
  // Quota messages may arrive out of order (a retried older one after a newer one): apply only a newer revision.
  const [newest] = await tx
    .select({ rev: sql<number | null>`max((${federationInbox.payload}->>'revision')::int)` })
    .from(federationInbox)
    .where(and(eq(federationInbox.kind, "nationalQuota"), sql`${federationInbox.payload}->>'projectId' = ${m.projectId}`, eq(federationInbox.fromTenantId, ctx.fromTenantId), sql`${federationInbox.outcome} <> 'applying'`));
  if (newest?.rev != null && newest.rev >= m.revision) return `ignored: revision ${m.revision} ≤ ${newest.rev}`;

  const [mirror] = await tx.select().from(trainingProject).where(eq(trainingProject.nationalProjectId, m.projectId)).limit(1).for("update");
  if (mirror && mirror.nationalTenantId !== ctx.fromTenantId) throw new AppError("badRequest", `national project ${m.projectId} belongs to another tenant`);
  if (!mirror) {
    const [root] = await tx.select().from(orgUnit).where(and(eq(orgUnit.kind, "province"), isNull(orgUnit.parentId))).limit(1);
    // A province without its root unit cannot own the mirror yet: not the message's fault, so retried.
    if (!root) throw new AppError("unavailable", "the province has no root org unit yet");
    const [p] = await tx
      .insert(trainingProject)
      .values({
        tenantId: ctx.tenantId,
        ownerUnitId: root.id,
        level: "province",
        name: m.name,
        description: m.description,
        category: m.category,
        form: m.form,
        startsOn: m.startsOn,
        endsOn: m.endsOn,
        plannedHours: String(m.plannedHours),
        creditCategory: m.creditCategory,
        organiserLevel: "national",
        targetRoles: ["teacher"],
        capacity: m.seats,
        enrolmentMode: "nomination",
        needsApproval: false,
        state: "published",
        publishedAt: new Date(),
        createdBy: null,
        nationalTenantId: ctx.fromTenantId,
        nationalProjectId: m.projectId,
      })
      .returning({ id: trainingProject.id });
    const [a] = await tx
      .insert(quotaAllocation)
      .values({ tenantId: ctx.tenantId, projectId: p!.id, orgUnitId: root.id, parentId: null, quotaKey: "", seats: m.seats, createdBy: null })
      .returning({ id: quotaAllocation.id });
    await tx.insert(projectDecision).values({ tenantId: ctx.tenantId, projectId: p!.id, allocationId: a!.id, action: "project.national.create", toState: "published", atUnitId: root.id, actorId: null, data: { messageId: ctx.messageId, seats: m.seats }, occurredAt: sql`clock_timestamp()` });
    await appendAudit(tx, { tenantId: ctx.tenantId, actorId: null }, { action: "projects.nationalMirror", target: `project:${p!.id}`, orgPath: root.path, data: { nationalProjectId: m.projectId, seats: m.seats } });
    return `created ${p!.id}`;
  }
  // The facts fixed once published (planned 学时 and their category) stay; name, dates and seats follow the national side.
  await tx
    .update(trainingProject)
    .set({ name: m.name, description: m.description, startsOn: m.startsOn, endsOn: m.endsOn, capacity: m.seats, updatedAt: new Date() })
    .where(eq(trainingProject.id, mirror.id));
  // The root's row lock, as every change to its figures takes (decision 020): nominations queue behind it.
  const [root] = await tx.select().from(quotaAllocation).where(and(eq(quotaAllocation.projectId, mirror.id), isNull(quotaAllocation.parentId))).limit(1).for("update");
  await tx.update(quotaAllocation).set({ seats: m.seats, updatedAt: new Date() }).where(eq(quotaAllocation.id, root!.id));
  await tx.insert(projectDecision).values({ tenantId: ctx.tenantId, projectId: mirror.id, allocationId: root!.id, action: "quota.national.set", atUnitId: root!.orgUnitId, actorId: null, data: { messageId: ctx.messageId, from: root!.seats, to: m.seats }, occurredAt: sql`clock_timestamp()` });
  return `updated ${mirror.id}`;
}

/** The national project, in this (platform) tenant, and the sending province's quota in it; anything else is refused. */
async function nationalProjectFor(tx: Tx, ctx: TApplyContext, projectId: string) {
  const [p] = await tx.select({ id: nationalProject.id }).from(nationalProject).where(eq(nationalProject.id, projectId)).limit(1);
  if (!p) throw new AppError("badRequest", `no national project ${projectId}`);
  const [q] = await tx.select({ id: nationalQuota.id }).from(nationalQuota).where(and(eq(nationalQuota.projectId, projectId), eq(nationalQuota.provinceTenantId, ctx.fromTenantId))).limit(1);
  if (!q) throw new AppError("badRequest", `tenant ${ctx.fromTenantId} has no quota in national project ${projectId}`);
}

/** National side: the nominee joins (or re-joins) the project's list — name, school, subject, province, ref; nothing else. */
async function applyNomineeApproved(tx: Tx, ctx: TApplyContext, m: Msg<"nomineeApproved">): Promise<string> {
  await nationalProjectFor(tx, ctx, m.projectId);
  const [row] = await tx
    .insert(nationalTrainee)
    .values({ tenantId: ctx.tenantId, projectId: m.projectId, homeTenantId: ctx.fromTenantId, ref: m.ref, name: m.name, school: m.school, subject: m.subject, homeProvince: m.homeProvince })
    .onConflictDoUpdate({
      target: [nationalTrainee.tenantId, nationalTrainee.projectId, nationalTrainee.homeTenantId, nationalTrainee.ref],
      set: { name: m.name, school: m.school, subject: m.subject, homeProvince: m.homeProvince, state: sql`case when ${nationalTrainee.state} = 'completed' then 'completed' else 'enrolled' end`, updatedAt: new Date() },
    })
    .returning({ id: nationalTrainee.id });
  return `trainee ${row!.id}`;
}

async function applyNomineeWithdrawn(tx: Tx, ctx: TApplyContext, m: Msg<"nomineeWithdrawn">): Promise<string> {
  await nationalProjectFor(tx, ctx, m.projectId);
  const rows = await tx
    .update(nationalTrainee)
    .set({ state: "withdrawn", updatedAt: new Date() })
    .where(and(eq(nationalTrainee.projectId, m.projectId), eq(nationalTrainee.homeTenantId, ctx.fromTenantId), eq(nationalTrainee.ref, m.ref), sql`${nationalTrainee.state} <> 'completed'`))
    .returning({ id: nationalTrainee.id });
  return rows.length ? `withdrawn ${rows[0]!.id}` : "ignored: unknown or completed";
}

/**
 * Home province: the completion becomes an award in the teacher's ledger through the same path as every
 * award — one row per (teacher, source, source_ref), here `external` / `national:<project>`, so a second
 * message for the same trainee awards nothing — and the teacher's status is recomputed in the same transaction.
 */
async function applyTrainingCompleted(tx: Tx, ctx: TApplyContext, m: Msg<"trainingCompleted">): Promise<string> {
  const [mirror] = await tx
    .select({ id: trainingProject.id })
    .from(trainingProject)
    .where(and(eq(trainingProject.nationalProjectId, m.projectId), eq(trainingProject.nationalTenantId, ctx.fromTenantId)))
    .limit(1);
  if (!mirror) throw new AppError("badRequest", `no mirror of national project ${m.projectId}`);
  const [n] = await tx
    .select({ teacherId: nomination.teacherId, state: nomination.state, orgPath: teacherProfile.orgPath })
    .from(nomination)
    .innerJoin(teacherProfile, and(eq(teacherProfile.tenantId, nomination.tenantId), eq(teacherProfile.userId, nomination.teacherId)))
    .where(and(eq(nomination.id, m.ref), eq(nomination.projectId, mirror.id)))
    .limit(1);
  if (!n) throw new AppError("badRequest", `no nominee ${m.ref} in national project ${m.projectId}`);
  // 退出培训 stops further credit (decision 020).
  if (n.state !== "approved") return `ignored: nomination is ${n.state}`;
  const [award] = await tx
    .insert(creditAward)
    .values({
      tenantId: ctx.tenantId,
      teacherId: n.teacherId,
      source: "external",
      sourceRef: `national:${m.projectId}`,
      title: m.title,
      hours: String(m.hours),
      category: m.creditCategory,
      organiserLevel: "national",
      countsFor: m.completedOn,
      evidence: [],
      actorId: null,
    })
    .onConflictDoNothing()
    .returning({ id: creditAward.id });
  if (!award) return "ignored: already awarded";
  await recomputeTeacherStatus(tx, {
    tenantId: ctx.tenantId,
    teacherId: n.teacherId,
    landed: [{ teacherId: n.teacherId, hours: String(m.hours), category: m.creditCategory, countsFor: m.completedOn }],
  });
  await appendAudit(tx, { tenantId: ctx.tenantId, actorId: null }, { action: "credits.nationalAward", target: `creditAward:${award.id}`, orgPath: n.orgPath, data: { nationalProjectId: m.projectId, hours: m.hours, messageId: ctx.messageId } });
  return `awarded ${award.id}`;
}
