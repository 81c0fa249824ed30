import { and, asc, ilike, or } from "drizzle-orm";
import type { Database } from "@yanxiu/db/client";
import { orgUnit } from "@yanxiu/db/schema";
import { inScope, type TActor } from "./scope.ts";

/** Units in the actor's scope whose name or code contains the query. */
export async function searchOrgUnits(opts: { db: Database; actor: TActor; q: string; limit?: number }) {
  const q = opts.q.trim().slice(0, 64).replace(/[\\%_]/g, (c) => `\\${c}`);
  if (!q) return [];
  return opts.db.withTenant(opts.actor.tenantId, (tx) =>
    tx
      .select()
      .from(orgUnit)
      .where(and(inScope(orgUnit.path, opts.actor.grants), or(ilike(orgUnit.name, `%${q}%`), ilike(orgUnit.code, `%${q}%`))))
      .orderBy(asc(orgUnit.name))
      .limit(opts.limit ?? 50),
  );
}
