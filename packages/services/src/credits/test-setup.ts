import { randomUUID } from "node:crypto";
import type { TGrant } from "@yanxiu/domain/permissions";
import type { Database, OwnerDatabase } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { creditAward, storedFile } from "@yanxiu/db/schema";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "../seed/factories.ts";

/**
 * A province for the credit tests (integration tests only): two counties with a school each, teachers,
 * a province admin, and an admin per county.
 */
export async function seedCreditWorld(owner: OwnerDatabase) {
  const tenant = await seedTenant(owner, buildTenant());
  const tenantId = tenant.id;
  const s = tenant.slug.slice(2, 8);
  const province = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `RP${s}` });
  const countyA = await seedOrgUnit(owner, tenantId, { kind: "county", name: "甲县", code: `RA${s}`, parentId: province.id });
  const countyB = await seedOrgUnit(owner, tenantId, { kind: "county", name: "乙县", code: `RB${s}`, parentId: province.id });
  const schoolA = await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲县一中", code: `RSA${s}`, parentId: countyA.id });
  const schoolB = await seedOrgUnit(owner, tenantId, { kind: "school", name: "乙县一中", code: `RSB${s}`, parentId: countyB.id });
  const teacherAt = async (schoolId: string, name?: string) => {
    const t = buildTeacher(name ? { name } : {});
    const r = await seedTeacher(owner, tenantId, schoolId, t);
    const actor: TActor = { tenantId, actorId: r.userId, grants: [{ role: "teacher", orgUnitId: schoolId, orgPath: null }] };
    return { userId: r.userId, name: t.name, actor };
  };
  const adminAt = async (role: "provinceAdmin" | "orgAdmin", unit: { id: string; path: string }): Promise<TActor> => {
    const u = await seedUser(owner, tenantId, buildUser({ roles: [{ role, orgUnitId: unit.id }] }));
    return { tenantId, actorId: u.id, grants: [{ role, orgUnitId: unit.id, orgPath: unit.path }] as TGrant[] };
  };
  return {
    tenantId,
    units: { province, countyA, countyB, schoolA, schoolB },
    teacherAt,
    provinceAdmin: await adminAt("provinceAdmin", province),
    countyAdminA: await adminAt("orgAdmin", countyA),
    countyAdminB: await adminAt("orgAdmin", countyB),
  };
}

/** A stored credit proof owned by `ownerId` (no bytes needed: the services only check the row). */
export async function seedProof(db: Database, tenantId: string, ownerId: string, name = "证书.pdf"): Promise<string> {
  const id = randomUUID();
  await db.withTenant(tenantId, (tx) =>
    tx.insert(storedFile).values({ tenantId, id, ownerId, purpose: "creditProof", mime: "application/pdf", key: `${tenantId}/media/${id}.pdf`, size: 1, originalName: name }),
  );
  return id;
}

/** An award written straight into the ledger, as the completion worker would. */
export async function seedAward(
  db: Database,
  tenantId: string,
  teacherId: string,
  a: { hours: number; countsFor: string; title?: string; category?: "online" | "concentrated" | "schoolBased"; evidence?: unknown[]; sourceRef?: string },
): Promise<string> {
  const [row] = await db.withTenant(tenantId, (tx) =>
    tx
      .insert(creditAward)
      .values({
        tenantId,
        teacherId,
        source: "courseCompletion",
        sourceRef: a.sourceRef ?? randomUUID(),
        title: a.title ?? "网络研修课程",
        hours: String(a.hours),
        category: a.category ?? "online",
        organiserLevel: "provincial",
        countsFor: a.countsFor,
        evidence: a.evidence ?? [],
      })
      .returning({ id: creditAward.id }),
  );
  return row!.id;
}

export const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? String(e),
  );
