import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { TRosterLike } from "./types.ts";
import type { Tx } from "../client.ts";
import { roleAssignment, teacherProfile, teacherTransfer, user } from "../schema.ts";

/**
 * A password hash no password matches: imported accounts cannot sign in until an admin sets a first
 * password (which must be changed at first sign-in). Hashing 100,000 imported passwords with argon2 would
 * take the worker most of an hour; this takes nothing.
 */
export const unusablePasswordHash = "!unset";

/**
 * Creates or updates one teacher by 教师编号, in the caller's transaction. A changed school is a transfer:
 * the profile moves, a transfer row records it, and the user (history, credits) stays the same.
 */
export async function upsertTeacher(
  tx: Tx,
  opts: { tenantId: string; actorId: string | null; row: TRosterLike; school: { id: string; path: string; rural: boolean } },
): Promise<{ userId: string; created: boolean; transferred: boolean }> {
  const { tenantId, row, school } = opts;
  const existing = await tx
    .select({ userId: teacherProfile.userId, schoolId: teacherProfile.schoolId })
    .from(teacherProfile)
    .where(eq(teacherProfile.teacherNo, row.teacherNo))
    .limit(1);
  const profile = {
    name: row.name,
    gender: row.gender,
    phone: row.phone,
    email: row.email,
    schoolId: school.id,
    orgPath: school.path,
    stages: row.stages,
    subjects: row.subjects,
    title: row.title,
    backboneLevel: row.backboneLevel,
    rural: school.rural,
    updatedAt: new Date(),
  };
  const found = existing[0];
  if (found) {
    await tx.update(teacherProfile).set(profile).where(eq(teacherProfile.userId, found.userId));
    await tx.update(user).set({ displayName: row.name }).where(eq(user.id, found.userId));
    const transferred = found.schoolId !== school.id;
    if (transferred) {
      await tx.insert(teacherTransfer).values({ tenantId, userId: found.userId, fromSchoolId: found.schoolId, toSchoolId: school.id, actorId: opts.actorId });
      await tx
        .update(roleAssignment)
        .set({ orgUnitId: school.id })
        .where(and(eq(roleAssignment.userId, found.userId), eq(roleAssignment.role, "teacher")));
    }
    return { userId: found.userId, created: false, transferred };
  }
  const userId = randomUUID();
  await tx.insert(user).values({
    tenantId,
    id: userId,
    login: row.teacherNo.toLowerCase(),
    passwordHash: unusablePasswordHash,
    displayName: row.name,
    mustChangePassword: true,
  });
  await tx.insert(roleAssignment).values({ tenantId, userId, role: "teacher", orgUnitId: school.id });
  await tx.insert(teacherProfile).values({ tenantId, userId, teacherNo: row.teacherNo, ...profile });
  await tx.insert(teacherTransfer).values({ tenantId, userId, fromSchoolId: null, toSchoolId: school.id, actorId: opts.actorId });
  return { userId, created: true, transferred: false };
}
