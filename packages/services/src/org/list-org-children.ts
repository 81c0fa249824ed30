import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { adminScope } from "@yanxiu/domain/permissions";
import type { Database } from "@yanxiu/db/client";
import { orgUnit, teacherProfile } from "@yanxiu/db/schema";
import { inScope, loadUnitFor, underPath, type TActor } from "./scope.ts";

export type TOrgNode = {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  code: string;
  path: string;
  status: string;
  attributes: Record<string, unknown>;
  teacherCount: number;
  childCount: number;
};

/**
 * One level of the tree, lazily: the children of `parentId` (or the actor's scope roots) with how many
 * teachers each subtree holds, plus the breadcrumb to the parent. Works the same for 20 or 20,000 schools.
 */
export async function listOrgChildren(opts: { db: Database; actor: TActor; parentId?: string | null }) {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    let parent = null;
    let where;
    if (opts.parentId) {
      parent = await loadUnitFor(tx, actor, opts.parentId, "org.view");
      where = eq(orgUnit.parentId, parent.id);
    } else {
      const scope = adminScope(actor.grants);
      where = scope === "all" ? isNull(orgUnit.parentId) : inScope(orgUnit.path, actor.grants);
      if (scope !== "all") {
        // The roots of the scope are the granted units themselves.
        where = and(where, sql`${orgUnit.path} in (${sql.join(scope.map((p) => sql`${p}`), sql`, `)})`);
      }
    }
    const units = await tx.select().from(orgUnit).where(where).orderBy(asc(orgUnit.kind), asc(orgUnit.name));
    const nodes: TOrgNode[] = [];
    for (const u of units) {
      const [t] = await tx.select({ n: sql<number>`count(*)::int` }).from(teacherProfile).where(underPath(teacherProfile.orgPath, u.path));
      const [c] = await tx.select({ n: sql<number>`count(*)::int` }).from(orgUnit).where(eq(orgUnit.parentId, u.id));
      nodes.push({ ...u, attributes: u.attributes as Record<string, unknown>, teacherCount: t?.n ?? 0, childCount: c?.n ?? 0 });
    }
    let breadcrumb: { id: string; name: string }[] = [];
    if (parent) {
      const ids = parent.path.split("/").filter(Boolean);
      const rows = await tx.select({ id: orgUnit.id, name: orgUnit.name, path: orgUnit.path }).from(orgUnit).where(sql`${orgUnit.id} in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
      // Only the part of the path the actor may see.
      breadcrumb = ids
        .map((id) => rows.find((r) => r.id === id))
        .filter((r): r is NonNullable<typeof r> => !!r && nodesVisible(actor, r.path))
        .map((r) => ({ id: r.id, name: r.name }));
    }
    return { parent, breadcrumb, nodes };
  });
}

function nodesVisible(actor: TActor, path: string): boolean {
  const scope = adminScope(actor.grants);
  return scope === "all" || scope.some((p) => path.startsWith(p));
}
