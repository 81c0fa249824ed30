import { and, desc, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { adminScope } from "@yanxiu/domain/permissions";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { rosterImport } from "@yanxiu/db/schema";

/** An import is visible to whoever started it and to tenant-wide admins; to anyone else it does not exist. */
export async function getRosterImport(opts: { db: Database; actor: TActor; id: string }) {
  const { actor } = opts;
  if (!/^[0-9a-f-]{36}$/i.test(opts.id)) throw new AppError("notFound", `import ${opts.id}`);
  const rows = await opts.db.withTenant(actor.tenantId, (tx) => tx.select().from(rosterImport).where(eq(rosterImport.id, opts.id)).limit(1));
  const row = rows[0];
  if (!row || (row.actorId !== actor.actorId && adminScope(actor.grants) !== "all")) throw new AppError("notFound", `import ${opts.id}`);
  return row;
}

export async function listRosterImports(opts: { db: Database; actor: TActor; limit?: number }) {
  const { actor } = opts;
  const all = adminScope(actor.grants) === "all";
  return opts.db.withTenant(actor.tenantId, (tx) =>
    tx
      .select()
      .from(rosterImport)
      .where(all ? undefined : and(eq(rosterImport.actorId, actor.actorId)))
      .orderBy(desc(rosterImport.createdAt))
      .limit(opts.limit ?? 20),
  );
}
