import { randomUUID } from "node:crypto";
import type { Database, OwnerDatabase } from "@yanxiu/db/client";
import { seedCreditWorld } from "../credits/test-setup.ts";
import type { TActor } from "../org/scope.ts";
import { storedFile } from "@yanxiu/db/schema";
import { buildTeacher, seedTeacher, seedUser, buildUser } from "../seed/factories.ts";

/**
 * A province for the studio tests (integration tests only): the credit tests' org tree and admins, a
 * master teacher with a known login, and teachers made on demand.
 */
export async function seedStudioWorld(owner: OwnerDatabase) {
  const w = await seedCreditWorld(owner);
  const { tenantId } = w;
  const teacher = async (schoolId = w.units.schoolA.id) => {
    const t = buildTeacher();
    const r = await seedTeacher(owner, tenantId, schoolId, t);
    const actor: TActor = { tenantId, actorId: r.userId, grants: [{ role: "teacher", orgUnitId: schoolId, orgPath: null }] };
    return { userId: r.userId, login: t.teacherNo.toLowerCase(), name: t.name, actor };
  };
  const mu = buildUser({ roles: [{ role: "masterTeacher", orgUnitId: w.units.schoolA.id }] });
  const m = await seedUser(owner, tenantId, mu);
  const master = { userId: m.id, login: mu.login, actor: { tenantId, actorId: m.id, grants: [{ role: "masterTeacher", orgUnitId: w.units.schoolA.id, orgPath: null }] } as TActor };
  return { ...w, teacher, master };
}

/** A stored studio file owned by `ownerId` (no bytes needed: the services only check the row). */
export async function seedStudioFile(db: Database, tenantId: string, ownerId: string, mime = "application/pdf"): Promise<string> {
  const id = randomUUID();
  const ext = mime === "application/pdf" ? "pdf" : "mp4";
  await db.withTenant(tenantId, (tx) =>
    tx.insert(storedFile).values({ tenantId, id, ownerId, purpose: "studioResource", mime, key: `${tenantId}/media/${id}.${ext}`, size: 1, originalName: `资源.${ext}` }),
  );
  return id;
}
