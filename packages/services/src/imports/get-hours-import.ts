import { desc, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { THoursImportIssue } from "@yanxiu/domain/hours-import";
import { adminScope, isAdministrator } from "@yanxiu/domain/permissions";
import { hoursImport } from "@yanxiu/db/schema";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";

/** Province admins (or a tenant-wide grant): they see every 学时 import and may open its list. */
export function seesAllHoursImports(actor: TActor): boolean {
  return adminScope(actor.grants) === "all" || actor.grants.some((g) => g.role === "provinceAdmin");
}

/** A 学时 import is visible to whoever started it and to province admins; to anyone else it does not exist. */
export async function getHoursImport(opts: { db: Database; actor: TActor; id: string }) {
  const { actor } = opts;
  if (!isAdministrator(actor.grants) || !/^[0-9a-f-]{36}$/i.test(opts.id)) throw new AppError("notFound", `import ${opts.id}`);
  const rows = await opts.db.withTenant(actor.tenantId, (tx) => tx.select().from(hoursImport).where(eq(hoursImport.id, opts.id)).limit(1));
  const row = rows[0];
  if (!row || (row.actorId !== actor.actorId && !seesAllHoursImports(actor))) throw new AppError("notFound", `import ${opts.id}`);
  return { ...row, issues: row.issues as THoursImportIssue[] };
}

/** The actor's recent 学时 imports (a province admin sees everyone's), newest first. */
export async function listHoursImports(opts: { db: Database; actor: TActor; limit?: number }) {
  const { actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "not an administrator");
  const all = seesAllHoursImports(actor);
  return opts.db.withTenant(actor.tenantId, (tx) =>
    tx
      .select({ id: hoursImport.id, fileName: hoursImport.fileName, status: hoursImport.status, written: hoursImport.writtenRows, skipped: hoursImport.skippedRows, refused: hoursImport.refusedRows, createdAt: hoursImport.createdAt })
      .from(hoursImport)
      .where(all ? undefined : eq(hoursImport.actorId, actor.actorId))
      .orderBy(desc(hoursImport.createdAt))
      .limit(Math.min(opts.limit ?? 20, 100)),
  );
}
