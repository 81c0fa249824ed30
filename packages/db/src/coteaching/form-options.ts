import { and, asc, eq, like, or } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { Database } from "../client.ts";
import { loadGrants } from "../auth/session.ts";
import { orgUnit } from "../schema.ts";
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
    const everywhere = grants.some((g) => g.role === "trainer" || g.role === "masterTeacher" || (g.role === "provinceAdmin" && !g.orgPath));
    const scopes = grants.filter((g) => (g.role === "provinceAdmin" || g.role === "orgAdmin") && g.orgPath).map((g) => g.orgPath!);
    if (!everywhere && scopes.length === 0) throw new AppError("forbidden", "may not schedule co-teaching");
    const inScope = everywhere ? undefined : or(...scopes.map((p) => like(orgUnit.path, `${p}%`)));
    const schools = await tx
      .select({ id: orgUnit.id, name: orgUnit.name, code: orgUnit.code })
      .from(orgUnit)
      .where(and(eq(orgUnit.kind, "school"), eq(orgUnit.status, "active"), inScope))
      .orderBy(asc(orgUnit.name), asc(orgUnit.id))
      .limit(1000);
    return { schools };
  });
}
