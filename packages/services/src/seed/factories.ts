import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { TRole } from "@yanxiu/domain/roles";
import type { Database, OwnerDatabase, TenantRow } from "@yanxiu/db/client";
import { hashPassword } from "../auth/password.ts";
import { orgUnit, roleAssignment, teacherProfile, user } from "@yanxiu/db/schema";
import type { TRosterLike } from "../people/types.ts";
import { upsertTeacher } from "../people/upsert-teacher.ts";

/**
 * buildX makes an object in memory; seedX writes it (idempotently, by its natural key), so the demo seed
 * and the tests share one way of making data.
 */

export type TOrgUnitKind = (typeof orgUnit.$inferInsert)["kind"];

export function buildTenant(overrides: Partial<{ slug: string; name: string; code: string }> = {}) {
  const n = randomUUID().slice(0, 8);
  return { slug: `t-${n}`, name: `测试省${n}`, code: "99", ...overrides };
}

export async function seedTenant(
  owner: OwnerDatabase,
  values: { slug: string; name: string; code: string; kind?: "province" | "platform"; status?: "active" | "suspended" },
): Promise<TenantRow> {
  return owner.upsertTenant(values);
}

export async function seedOrgUnit(
  db: Database,
  tenantId: string,
  values: { kind: TOrgUnitKind; name: string; code: string; parentId?: string | null; attributes?: Record<string, unknown> },
) {
  return db.withTenant(tenantId, async (tx) => {
    const existing = await tx.select().from(orgUnit).where(eq(orgUnit.code, values.code)).limit(1);
    if (existing[0]) return existing[0];
    let parentPath = "/";
    if (values.parentId) {
      const parent = await tx.select({ path: orgUnit.path }).from(orgUnit).where(eq(orgUnit.id, values.parentId));
      if (!parent[0]) throw new Error(`parent org unit ${values.parentId} not found`);
      parentPath = parent[0].path;
    }
    const id = randomUUID();
    const rows = await tx
      .insert(orgUnit)
      .values({
        tenantId,
        id,
        parentId: values.parentId ?? null,
        kind: values.kind,
        name: values.name,
        code: values.code,
        path: `${parentPath}${id}/`,
        attributes: values.attributes ?? {},
      })
      .returning();
    return rows[0]!;
  });
}

export type TBuildUser = {
  login: string;
  displayName: string;
  password: string;
  roles: { role: TRole; orgUnitId?: string | null }[];
  status?: "active" | "disabled";
};

export function buildUser(overrides: Partial<TBuildUser> = {}): TBuildUser {
  const n = randomUUID().slice(0, 8);
  return { login: `user-${n}`, displayName: `用户${n}`, password: `pw-${n}-long`, roles: [{ role: "teacher" }], ...overrides };
}

/** Creates the user (or updates name, password and status of an existing login) and grants the roles. */
export async function seedUser(db: Database, tenantId: string, u: TBuildUser) {
  const passwordHash = await hashPassword(u.password);
  return db.withTenant(tenantId, async (tx) => {
    const rows = await tx
      .insert(user)
      .values({ tenantId, login: u.login, displayName: u.displayName, passwordHash, status: u.status ?? "active" })
      .onConflictDoUpdate({
        target: [user.tenantId, user.login],
        set: { displayName: u.displayName, passwordHash, status: u.status ?? "active" },
      })
      .returning();
    const row = rows[0]!;
    for (const r of u.roles) {
      await tx
        .insert(roleAssignment)
        .values({ tenantId, userId: row.id, role: r.role, orgUnitId: r.orgUnitId ?? null })
        .onConflictDoNothing();
    }
    return row;
  });
}

export async function countUsers(db: Database, tenantId: string): Promise<number> {
  const rows = await db.withTenant(tenantId, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(user));
  return rows[0]?.n ?? 0;
}

export async function findUserByLogin(db: Database, tenantId: string, login: string) {
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.select().from(user).where(and(eq(user.tenantId, tenantId), eq(user.login, login))),
  );
  return rows[0] ?? null;
}

let teacherSeq = 0;
export function buildTeacher(overrides: Partial<TRosterLike> = {}): TRosterLike {
  teacherSeq += 1;
  const n = `${Date.now() % 100000}${teacherSeq}`.padStart(8, "0");
  return {
    teacherNo: `T${n}`,
    name: `教师${n}`,
    gender: teacherSeq % 2 ? "female" : "male",
    phone: `13${n.slice(-9).padStart(9, "0")}`,
    email: null,
    stages: ["primary"],
    subjects: ["语文"],
    title: "一级教师",
    backboneLevel: null,
    ...overrides,
  };
}

/** Writes a teacher at a school (by 教师编号, so running it again updates rather than duplicates). */
export async function seedTeacher(db: Database, tenantId: string, schoolId: string, t: TRosterLike = buildTeacher()) {
  return db.withTenant(tenantId, async (tx) => {
    const [school] = await tx.select().from(orgUnit).where(eq(orgUnit.id, schoolId));
    if (!school) throw new Error(`school ${schoolId} not found`);
    const rural = (school.attributes as { area?: string }).area === "rural";
    return upsertTeacher(tx, { tenantId, actorId: null, row: t, school: { id: school.id, path: school.path, rural } });
  });
}

/** Gives an existing user (a demo account with a known password) a teacher profile at a school. */
export async function attachTeacherProfile(db: Database, tenantId: string, userId: string, schoolId: string, t: TRosterLike) {
  await db.withTenant(tenantId, async (tx) => {
    const [school] = await tx.select().from(orgUnit).where(eq(orgUnit.id, schoolId));
    if (!school) throw new Error(`school ${schoolId} not found`);
    const rural = (school.attributes as { area?: string }).area === "rural";
    await tx
      .insert(teacherProfile)
      .values({ tenantId, userId, ...t, schoolId, orgPath: school.path, rural })
      .onConflictDoUpdate({ target: [teacherProfile.tenantId, teacherProfile.userId], set: { ...t, schoolId, orgPath: school.path, rural } });
  });
}
