import { and, eq, like, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { AppError } from "@yanxiu/domain/errors";
import { adminScope, can, type TAction, type TGrant } from "@yanxiu/domain/permissions";
import type { Tx } from "@yanxiu/db/client";
import { orgUnit } from "@yanxiu/db/schema";

export type TActor = { tenantId: string; actorId: string; grants: TGrant[]; ip?: string | null };

/** `path LIKE prefix%` with the prefix's own wildcards escaped (ids never hold them; belt and braces). */
export function underPath(col: AnyPgColumn, prefix: string): SQL {
  return like(col, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/** A SQL condition limiting `pathCol` to the actor's administered subtrees (false when they administer nothing). */
export function inScope(pathCol: AnyPgColumn, grants: TGrant[]): SQL {
  const scope = adminScope(grants);
  if (scope === "all") return sql`true`;
  if (scope.length === 0) return sql`false`;
  return or(...scope.map((p) => underPath(pathCol, p)))!;
}

/**
 * The unit, if it exists in this tenant AND the actor may do `action` on it. Anything else is notFound:
 * a unit outside your subtree is indistinguishable from one that does not exist.
 */
export async function loadUnitFor(tx: Tx, actor: TActor, id: string, action: TAction) {
  const rows = await tx.select().from(orgUnit).where(and(eq(orgUnit.id, id))).limit(1);
  const unit = rows[0];
  if (!unit || !can(actor.grants, action, unit.path)) throw new AppError("notFound", `org unit ${id}`);
  return unit;
}
