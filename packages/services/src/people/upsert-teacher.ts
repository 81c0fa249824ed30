import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type { TRosterLike } from "./types.ts";
import type { Tx } from "@yanxiu/db/client";
import { roleAssignment, teacherProfile, teacherTransfer, user } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * A password hash no password matches: imported accounts cannot sign in until an admin sets a first
 * password (which must be changed at first sign-in). Hashing 100,000 imported passwords with argon2 would
 * take the worker most of an hour; this takes nothing.
 */
export const unusablePasswordHash = "!unset";

export type TTeacherUpsert = { row: TRosterLike; school: { id: string; path: string; rural: boolean } };
/** `changed` is false for a teacher who was already exactly as given (nothing was written for them). */
export type TTeacherUpsertResult = { userId: string; created: boolean; transferred: boolean; changed: boolean };

/**
 * Creates or updates teachers by 教师编号, in the caller's transaction, a batch at a time: a handful of
 * statements per batch, not per row (the import writes 100,000 rows). A changed school is a transfer: the
 * profile moves, a transfer row records it, and the user (history, credits) stays the same.
 * A teacher already exactly as given is left alone (no write, updated_at kept), so an import run again
 * can say who was new, who changed and who did not. The batch must not repeat a 教师编号.
 */
export async function upsertTeachers(
  tx: Tx,
  opts: { tenantId: string; actorId: string | null; items: TTeacherUpsert[] },
): Promise<TTeacherUpsertResult[]> {
  const { tenantId, items } = opts;
  if (items.length === 0) return [];
  const existing = await tx
    .select({
      userId: teacherProfile.userId,
      teacherNo: teacherProfile.teacherNo,
      schoolId: teacherProfile.schoolId,
      name: teacherProfile.name,
      gender: teacherProfile.gender,
      phone: teacherProfile.phone,
      email: teacherProfile.email,
      orgPath: teacherProfile.orgPath,
      stages: teacherProfile.stages,
      subjects: teacherProfile.subjects,
      title: teacherProfile.title,
      backboneLevel: teacherProfile.backboneLevel,
      rural: teacherProfile.rural,
      displayName: user.displayName,
    })
    .from(teacherProfile)
    .innerJoin(user, tenantEq(user.id, teacherProfile.userId))
    .where(inArray(teacherProfile.teacherNo, items.map((i) => i.row.teacherNo)));
  const byNo = new Map(existing.map((e) => [e.teacherNo, e]));
  const profileOf = (i: TTeacherUpsert) => ({
    name: i.row.name,
    gender: i.row.gender,
    phone: i.row.phone,
    email: i.row.email,
    schoolId: i.school.id,
    orgPath: i.school.path,
    stages: i.row.stages,
    subjects: i.row.subjects,
    title: i.row.title,
    backboneLevel: i.row.backboneLevel,
    rural: i.school.rural,
  });

  const results: TTeacherUpsertResult[] = [];
  const fresh: (TTeacherUpsert & { userId: string })[] = [];
  const known: (TTeacherUpsert & { userId: string; fromSchoolId: string })[] = [];
  for (const i of items) {
    const e = byNo.get(i.row.teacherNo);
    if (!e) fresh.push({ ...i, userId: randomUUID() });
    else if (isSame(e, profileOf(i))) results.push({ userId: e.userId, created: false, transferred: false, changed: false });
    else known.push({ ...i, userId: e.userId, fromSchoolId: e.schoolId });
  }

  if (fresh.length) {
    await tx.insert(user).values(
      fresh.map((i) => ({ tenantId, id: i.userId, login: i.row.teacherNo.toLowerCase(), passwordHash: unusablePasswordHash, displayName: i.row.name, mustChangePassword: true })),
    );
    await tx.insert(roleAssignment).values(fresh.map((i) => ({ tenantId, userId: i.userId, role: "teacher" as const, orgUnitId: i.school.id })));
    await tx.insert(teacherProfile).values(fresh.map((i) => ({ tenantId, userId: i.userId, teacherNo: i.row.teacherNo, ...profileOf(i) })));
    await tx.insert(teacherTransfer).values(fresh.map((i) => ({ tenantId, userId: i.userId, fromSchoolId: null, toSchoolId: i.school.id, actorId: opts.actorId })));
    for (const i of fresh) results.push({ userId: i.userId, created: true, transferred: false, changed: true });
  }

  if (known.length) {
    const rows = JSON.stringify(known.map((i) => ({ user_id: i.userId, ...snake(profileOf(i)) })));
    await tx.execute(sql`
      update teacher_profile t set name = x.name, gender = x.gender, phone = x.phone, email = x.email, school_id = x.school_id,
        org_path = x.org_path, stages = x.stages, subjects = x.subjects, title = x.title, backbone_level = x.backbone_level,
        rural = x.rural, updated_at = now()
      from jsonb_to_recordset(${rows}::jsonb) as x(user_id uuid, name text, gender text, phone text, email text, school_id uuid,
        org_path text, stages text[], subjects text[], title text, backbone_level text, rural boolean)
      where t.user_id = x.user_id`);
    await tx.execute(sql`
      update "user" u set display_name = x.name
      from jsonb_to_recordset(${rows}::jsonb) as x(user_id uuid, name text)
      where u.id = x.user_id and u.display_name <> x.name`);
    const moved = known.filter((i) => i.fromSchoolId !== i.school.id);
    if (moved.length) {
      await tx.insert(teacherTransfer).values(moved.map((i) => ({ tenantId, userId: i.userId, fromSchoolId: i.fromSchoolId, toSchoolId: i.school.id, actorId: opts.actorId })));
      const m = JSON.stringify(moved.map((i) => ({ user_id: i.userId, school_id: i.school.id })));
      await tx.execute(sql`
        update role_assignment r set org_unit_id = x.school_id
        from jsonb_to_recordset(${m}::jsonb) as x(user_id uuid, school_id uuid)
        where r.user_id = x.user_id and r.role = 'teacher'`);
    }
    for (const i of known) results.push({ userId: i.userId, created: false, transferred: i.fromSchoolId !== i.school.id, changed: true });
  }
  return results;
}

type TProfile = { name: string; gender: string; phone: string; email: string | null; schoolId: string; orgPath: string; stages: string[]; subjects: string[]; title: string | null; backboneLevel: string | null; rural: boolean };

/** Whether the stored teacher already is the profile (the order of 学段 carries no meaning; that of 学科 may). */
function isSame(stored: TProfile & { displayName: string }, p: TProfile): boolean {
  const sorted = (a: string[]) => [...a].sort().join("\u0000");
  return (
    stored.displayName === p.name &&
    stored.name === p.name &&
    stored.gender === p.gender &&
    stored.phone === p.phone &&
    stored.email === p.email &&
    stored.schoolId === p.schoolId &&
    stored.orgPath === p.orgPath &&
    sorted(stored.stages) === sorted(p.stages) &&
    stored.subjects.join("\u0000") === p.subjects.join("\u0000") &&
    stored.title === p.title &&
    stored.backboneLevel === p.backboneLevel &&
    stored.rural === p.rural
  );
}

function snake(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

/** One teacher: the batch path with a batch of one. */
export async function upsertTeacher(
  tx: Tx,
  opts: { tenantId: string; actorId: string | null; row: TRosterLike; school: { id: string; path: string; rural: boolean } },
): Promise<TTeacherUpsertResult> {
  const [r] = await upsertTeachers(tx, { tenantId: opts.tenantId, actorId: opts.actorId, items: [{ row: opts.row, school: opts.school }] });
  return r!;
}
