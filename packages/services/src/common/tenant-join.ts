import { Column, and, eq, is, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * A join condition between two tenant tables: `left = right` and both rows in the same tenant
 * (`left`'s table's `tenantId = right`'s table's `tenantId`). Every foreign key on tenant data includes
 * `tenant_id`, so a join that compared the ids alone would not use those keys and could pair rows across tenants.
 * `tenantEq(user.id, course.ownerId)` reads "the course's owner". Works with `alias()`ed tables too.
 */
export function tenantEq(left: AnyPgColumn, right: AnyPgColumn): SQL {
  return and(eq(tenantIdOf(left), tenantIdOf(right)), eq(left, right)) as SQL;
}

function tenantIdOf(column: AnyPgColumn): AnyPgColumn {
  const tenantId: unknown = (column.table as unknown as Record<string, unknown>).tenantId;
  // A table without tenantId is a programming error, found the first time the query is built.
  if (!is(tenantId, Column)) throw new Error(`tenantEq: the table of ${column.name} has no tenantId`);
  return tenantId as AnyPgColumn;
}
