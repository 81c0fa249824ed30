import { and, eq, sql } from "drizzle-orm";
import type { AnyPgColumn, PgSelect } from "drizzle-orm/pg-core";
import { orgUnit, teacherProfile, user } from "@yanxiu/db/schema";

/**
 * A list's person: joins the account (`user`), the teacher's roster profile and their school (`orgUnit`;
 * both left, since not everyone is a teacher) onto a query whose rows name a user by `tenantId` and `userId`.
 * Takes a `$dynamic()` query; select `personColumns` or the tables' own columns.
 */
export function joinPerson<T extends PgSelect>(query: T, tenantId: AnyPgColumn, userId: AnyPgColumn) {
  return query
    .innerJoin(user, and(eq(user.tenantId, tenantId), eq(user.id, userId)))
    .leftJoin(teacherProfile, and(eq(teacherProfile.tenantId, tenantId), eq(teacherProfile.userId, userId)))
    .leftJoin(orgUnit, and(eq(orgUnit.tenantId, teacherProfile.tenantId), eq(orgUnit.id, teacherProfile.schoolId)));
}

/** What a list shows of a person (after `joinPerson`): the roster name and school for teachers, the account name otherwise. */
export const personColumns = {
  name: sql<string>`coalesce(${teacherProfile.name}, ${user.displayName})`,
  teacherNo: sql<string | null>`${teacherProfile.teacherNo}`,
  school: sql<string | null>`${orgUnit.name}`,
};
