import { sql } from "drizzle-orm";
import type { AnyPgColumn, PgSelect } from "drizzle-orm/pg-core";
import { orgUnit, teacherProfile, user } from "@yanxiu/db/schema";
import { tenantEq } from "./tenant-join.ts";

/**
 * A list's person: joins the account (`user`), the teacher's roster profile and their school (`orgUnit`;
 * both left, since not everyone is a teacher) onto a query whose rows name a user by `userId` (in their own tenant).
 * Takes a `$dynamic()` query; select `personColumns` or the tables' own columns.
 */
export function joinPerson<T extends PgSelect>(query: T, userId: AnyPgColumn) {
  return query
    .innerJoin(user, tenantEq(user.id, userId))
    .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, userId))
    .leftJoin(orgUnit, tenantEq(orgUnit.id, teacherProfile.schoolId));
}

/** What a list shows of a person (after `joinPerson`): the roster name and school for teachers, the account name otherwise. */
export const personColumns = {
  name: sql<string>`coalesce(${teacherProfile.name}, ${user.displayName})`,
  teacherNo: sql<string | null>`${teacherProfile.teacherNo}`,
  school: sql<string | null>`${orgUnit.name}`,
};
