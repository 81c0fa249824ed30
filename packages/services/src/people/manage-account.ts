import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@yanxiu/domain/errors";
import { can, type TAction } from "@yanxiu/domain/permissions";
import { appendAudit } from "../audit/append.ts";
import { hashPassword, temporaryPassword } from "../auth/password.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { orgUnit, session, teacherProfile, teacherTransfer, user, roleAssignment } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";
import { parseInput } from "../common/parse-input.ts";
import { followMovedTeachers } from "../credits/fixed-points.ts";
import { publishSessionsEnded, type Redis } from "../platform/redis.ts";
import { tenantEq } from "../common/tenant-join.ts";

const ZUserId = z.object({ userId: z.uuid("notFound") });

/** The teacher, if the actor may do `action` on people at their school; otherwise notFound, as if absent. */
async function loadTeacherFor(tx: Tx, actor: TActor, userId: string, action: TAction) {
  const [row] = await tx
    .select({ profile: teacherProfile, user, schoolName: orgUnit.name, schoolCode: orgUnit.code })
    .from(teacherProfile)
    .innerJoin(user, tenantEq(user.id, teacherProfile.userId))
    .innerJoin(orgUnit, tenantEq(orgUnit.id, teacherProfile.schoolId))
    .where(eq(teacherProfile.userId, userId))
    .limit(1);
  if (!row || !can(actor.grants, action, row.profile.orgPath)) throw new AppError("notFound", `teacher ${userId}`);
  return row;
}

export async function getTeacher(opts: { db: Database; actor: TActor; userId: string }) {
  const { userId } = parseInput(ZUserId, { userId: opts.userId });
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => {
    const row = await loadTeacherFor(tx, opts.actor, userId, "people.view");
    const transfers = await tx
      .select({ movedAt: teacherTransfer.movedAt, toSchool: orgUnit.name })
      .from(teacherTransfer)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, teacherTransfer.toSchoolId))
      .where(eq(teacherTransfer.userId, userId))
      .orderBy(teacherTransfer.movedAt);
    return { ...row, transfers };
  });
}

/**
 * Sets a temporary password that must be changed at the next sign-in, and ends the person's sessions.
 * Returns the password so the admin can hand it over; only its hash is stored.
 */
export async function resetPassword(opts: { db: Database; redis?: Redis; actor: TActor; input: unknown }): Promise<{ password: string; userId: string }> {
  const { userId } = parseInput(ZUserId, opts.input);
  const password = temporaryPassword();
  const hash = await hashPassword(password);
  const { actor } = opts;
  await opts.db.withTenant(actor.tenantId, async (tx) => {
    const t = await loadTeacherFor(tx, actor, userId, "people.edit");
    await tx.update(user).set({ passwordHash: hash, mustChangePassword: true }).where(eq(user.id, userId));
    await tx.delete(session).where(eq(session.userId, userId));
    await appendAudit(tx, actor, { action: "account.resetPassword", target: `user:${userId}`, orgPath: t.profile.orgPath });
  });
  // Their open pages' sockets close on every realtime process.
  if (opts.redis) await publishSessionsEnded(opts.redis, { tenantId: actor.tenantId, userId });
  return { password, userId };
}

const ZStatusInput = z.object({ userId: z.uuid("notFound"), status: z.enum(["active", "disabled"]) }).strict();

/** Deactivating ends every session of the person at once, and (given `redis`) closes their sockets. */
export async function setAccountStatus(opts: { db: Database; redis?: Redis; actor: TActor; input: unknown }): Promise<{ userId: string; status: "active" | "disabled" }> {
  const input = parseInput(ZStatusInput, opts.input);
  const { actor } = opts;
  if (input.userId === actor.actorId) throw new AppError("badRequest", "cannot change own status", { userId: ["self"] });
  await opts.db.withTenant(actor.tenantId, async (tx) => {
    const t = await loadTeacherFor(tx, actor, input.userId, "people.edit");
    await tx.update(user).set({ status: input.status }).where(eq(user.id, input.userId));
    if (input.status === "disabled") await tx.delete(session).where(eq(session.userId, input.userId));
    await appendAudit(tx, actor, { action: input.status === "disabled" ? "account.deactivate" : "account.reactivate", target: `user:${input.userId}`, orgPath: t.profile.orgPath });
  });
  if (input.status === "disabled" && opts.redis) await publishSessionsEnded(opts.redis, { tenantId: actor.tenantId, userId: input.userId });
  return input;
}

const ZTransferInput = z.object({ userId: z.uuid("notFound"), schoolCode: z.string().trim().min(1, "required").max(32) }).strict();

/** Moves a teacher to another school in the actor's scope: same person, history and credits; the move is recorded. */
export async function transferTeacher(opts: { db: Database; actor: TActor; input: unknown }) {
  const input = parseInput(ZTransferInput, opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const t = await loadTeacherFor(tx, actor, input.userId, "people.edit");
    const [school] = await tx.select().from(orgUnit).where(eq(orgUnit.code, input.schoolCode)).limit(1);
    if (!school || school.kind !== "school" || school.status !== "active" || !can(actor.grants, "people.edit", school.path)) {
      throw new AppError("badRequest", "no such school in scope", { schoolCode: ["schoolNotFound"] });
    }
    if (school.id === t.profile.schoolId) return { transferred: false };
    await tx
      .update(teacherProfile)
      .set({ schoolId: school.id, orgPath: school.path, rural: (school.attributes as { area?: string }).area === "rural", updatedAt: new Date() })
      .where(eq(teacherProfile.userId, input.userId));
    await tx.update(roleAssignment).set({ orgUnitId: school.id }).where(and(eq(roleAssignment.userId, input.userId), eq(roleAssignment.role, "teacher")));
    await tx.insert(teacherTransfer).values({ tenantId: actor.tenantId, userId: input.userId, fromSchoolId: t.profile.schoolId, toSchoolId: school.id, actorId: actor.actorId });
    // Their 定额项目 claims follow them to the new school's chain (decision 032's addendum).
    const claimsMoved = await followMovedTeachers(tx, [input.userId]);
    await appendAudit(tx, actor, { action: "account.transfer", target: `user:${input.userId}`, orgPath: school.path, data: { from: t.profile.schoolId, to: school.id, ...(claimsMoved ? { claimsMoved } : {}) } });
    return { transferred: true };
  });
}

const ZUpdateProfileInput = z
  .object({
    userId: z.uuid("notFound"),
    name: z.string().trim().min(1, "required").max(40, "tooLong"),
    phone: z
      .string()
      .trim()
      .transform((s) => s.normalize("NFKC").replace(/[\s-]/g, ""))
      .pipe(z.string().regex(/^1[3-9]\d{9}$/, "phone")),
    email: z.union([z.literal(""), z.email("email")]).transform((s) => (s ? s.toLowerCase() : null)),
    title: z.string().trim().max(20, "tooLong").transform((s) => s || null),
    stages: z.array(z.enum(["preschool", "primary", "juniorSecondary", "seniorSecondary", "vocational", "special"])).min(1, "required"),
    subjects: z
      .string()
      .max(200)
      .transform((s) => s.split(/[、,，;；\s]+/).map((x) => x.trim()).filter(Boolean))
      .pipe(z.array(z.string().max(20, "tooLong")).max(20, "tooLong")),
  })
  .strict();

/** Edits a teacher's profile (not the 教师编号 or the school: those are the import key and a transfer). */
export async function updateTeacherProfile(opts: { db: Database; actor: TActor; input: unknown }) {
  const input = parseInput(ZUpdateProfileInput, opts.input);
  const { actor } = opts;
  await opts.db.withTenant(actor.tenantId, async (tx) => {
    const t = await loadTeacherFor(tx, actor, input.userId, "people.edit");
    const clash = await tx.select({ teacherNo: teacherProfile.teacherNo }).from(teacherProfile).where(eq(teacherProfile.phone, input.phone)).limit(2);
    if (clash.some((c) => c.teacherNo !== t.profile.teacherNo)) throw new AppError("conflict", "phone taken", { phone: ["phoneTaken"] });
    const { userId, ...fields } = input;
    await tx.update(teacherProfile).set({ ...fields, updatedAt: new Date() }).where(eq(teacherProfile.userId, userId));
    await tx.update(user).set({ displayName: input.name }).where(eq(user.id, userId));
    await appendAudit(tx, actor, { action: "account.updateProfile", target: `user:${userId}`, orgPath: t.profile.orgPath });
  });
}
