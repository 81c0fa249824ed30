import { and, asc, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import type { Database } from "@yanxiu/db/client";
import { loadGrants } from "../auth/session.ts";
import { orgUnit } from "@yanxiu/db/schema";
import type { TCoTeachingActor } from "./common.ts";

/**
 * The schools the co-teaching form offers: every active school of the province for a trainer or master
 * teacher; for an admin, the schools inside their scope (the rule createCoTeachingSession applies).
 * Anyone else is forbidden (they cannot schedule one).
 */
export async function coTeachingFormOptions(opts: { db: Database; actor: TCoTeachingActor }): Promise<{ schools: { id: string; name: string; code: string }[] }> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const grants = await loadGrants(tx, actor.actorId);
    // The rule createCoTeachingSession applies: trainers and master teachers anywhere, admins in their scope.
    const everywhere = grants.some((g) => g.role === "trainer" || g.role === "masterTeacher");
    const admins = grants.filter((g) => g.role === "provinceAdmin" || g.role === "orgAdmin");
    if (!everywhere && admins.length === 0) throw new AppError("forbidden", "may not schedule co-teaching");
    const rows = await tx
      .select({ id: orgUnit.id, name: orgUnit.name, code: orgUnit.code, path: orgUnit.path })
      .from(orgUnit)
      .where(and(eq(orgUnit.kind, "school"), eq(orgUnit.status, "active")))
      .orderBy(asc(orgUnit.name), asc(orgUnit.id))
      .limit(1000);
    const schools = rows.filter((r) => everywhere || can(admins, "org.view", r.path)).map(({ path: _p, ...r }) => r);
    return { schools };
  });
}
