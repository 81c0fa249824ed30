import { and, eq, isNull, sql } from "drizzle-orm";
import type { TGrant } from "@yanxiu/domain/permissions";
import type { Database, OwnerDatabase } from "@yanxiu/db/client";
import { federationInbox, federationOutbox, nationalTrainee, quotaAllocation, trainingProject } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";
import { nominateTeacher } from "../projects/nominate-teacher.ts";
import { reviewNomination } from "../projects/review-nomination.ts";
import { seedProjectWorld } from "../projects/test-setup.ts";
import { buildTenant, buildUser, seedTenant, seedUser } from "../seed/factories.ts";
import { deliverFederationMessage } from "./deliver.ts";

/**
 * For the federation tests (integration only): a platform-kind tenant of the test's own (so tests run side by
 * side) with its operator, and provinces made by the project tests' world (an org tree with admins).
 */
export async function seedPlatform(owner: OwnerDatabase) {
  const tenant = await seedTenant(owner, { ...buildTenant({ name: `平台${Math.random().toString(36).slice(2, 6)}` }), kind: "platform" });
  const op = await seedUser(owner, tenant.id, buildUser({ roles: [{ role: "platformOperator" }] }));
  const operator: TActor = { tenantId: tenant.id, actorId: op.id, grants: [{ role: "platformOperator", orgUnitId: null, orgPath: null }] as TGrant[] };
  const staffAccount = async () => {
    const u = await seedUser(owner, tenant.id, buildUser({ roles: [{ role: "trainer" }] }));
    return { tenantId: tenant.id, actorId: u.id, grants: [{ role: "trainer", orgUnitId: null, orgPath: null }] as TGrant[] } satisfies TActor;
  };
  return { tenantId: tenant.id, operator, staffAccount };
}

export const seedProvince = seedProjectWorld;

export function nationalFacts(over: Record<string, unknown> = {}) {
  return { name: `国培计划名师名校长${Math.random().toString(36).slice(2, 6)}`, category: "leadingTeacher", form: "blended", startsOn: "2026-03-01", endsOn: "2026-12-31", plannedHours: "120", creditCategory: "concentrated", ...over };
}

/** Delivers every pending message of these tenants (what the worker does), until none is left; returns how many. */
export async function deliverPending(db: Database, tenantIds: readonly string[]): Promise<number> {
  let n = 0;
  for (let round = 0; round < 10; round++) {
    let moved = 0;
    for (const t of tenantIds) {
      const rows = await db.withTenant(t, (tx) => tx.select({ id: federationOutbox.id }).from(federationOutbox).where(eq(federationOutbox.state, "pending")));
      for (const r of rows) {
        await deliverFederationMessage({ db, fromTenantId: t, messageId: r.id });
        moved++;
      }
    }
    n += moved;
    if (moved === 0) break;
  }
  return n;
}

/** The province's mirror of a national project. */
export async function mirrorOf(db: Database, provinceTenantId: string, nationalProjectId: string) {
  return db.withTenant(provinceTenantId, async (tx) => {
    const [p] = await tx.select().from(trainingProject).where(and(eq(trainingProject.nationalProjectId, nationalProjectId))).limit(1);
    if (!p) return null;
    const [root] = await tx.select().from(quotaAllocation).where(and(eq(quotaAllocation.projectId, p.id), isNull(quotaAllocation.parentId))).limit(1);
    return { project: p, root: root! };
  });
}

/** A school nominates a teacher into the province's seats; the province admin passes every step up to 入选. */
export async function nominateAndApprove(db: Database, world: Awaited<ReturnType<typeof seedProjectWorld>>, projectId: string, rootAllocationId: string, school: { id: string }) {
  const teacher = await world.teacherAt(school);
  const schoolAdmin = school.id === world.units.schoolA1.id ? world.admins.schoolA1 : school.id === world.units.schoolA2.id ? world.admins.schoolA2 : world.admins.schoolB1;
  const { nominationId } = await nominateTeacher({ db, actor: schoolAdmin, input: { projectId, allocationId: rootAllocationId, nominatingUnitId: school.id, teacherId: teacher.userId } });
  for (let i = 0; i < 6; i++) {
    const r = await reviewNomination({ db, actor: world.admins.province, input: { nominationId, decision: "pass" } });
    if (r.state !== "reviewing") break;
  }
  return { teacher, nominationId };
}

/** A tenant's outbox rows, its inbox rows and a national project's trainee refs (for tests outside this package). */
export const outboxRows = (db: Database, tenantId: string) => db.withTenant(tenantId, (tx) => tx.select().from(federationOutbox));
export const inboxRows = (db: Database, tenantId: string) => db.withTenant(tenantId, (tx) => tx.select().from(federationInbox));
export const traineeRefs = (db: Database, tenantId: string, projectId: string) =>
  db.withTenant(tenantId, async (tx) => (await tx.select({ ref: nationalTrainee.ref }).from(nationalTrainee).where(eq(nationalTrainee.projectId, projectId))).map((r) => r.ref));
export const countInbox = (db: Database, tenantId: string) => db.withTenant(tenantId, async (tx) => (await tx.select({ n: sql<number>`count(*)::int` }).from(federationInbox))[0]!.n);
export const countDelivered = (db: Database, tenantId: string) =>
  db.withTenant(tenantId, async (tx) => (await tx.select({ n: sql<number>`count(*)::int` }).from(federationOutbox).where(eq(federationOutbox.state, "delivered")))[0]!.n);
/** Writes a row straight into a tenant's outbox, bypassing the contract (what a tampered or buggy row looks like). */
export const insertRawOutbox = (owner: OwnerDatabase, tenantId: string, row: { id: string; toTenantId: string; kind: string; payload: unknown }) =>
  owner.withTenant(tenantId, (tx) => tx.insert(federationOutbox).values({ tenantId, version: 1, ...row }));
