import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import type { TGrant } from "@yanxiu/domain/permissions";
import type { Database, OwnerDatabase } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import { createProducer } from "../../platform/queue.ts";
import type { Redis } from "../../platform/redis.ts";
import { enrollment } from "@yanxiu/db/schema";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "../../seed/factories.ts";

/**
 * A province for the classwork tests (integration tests only): two counties with a school each, a
 * trainer at a development centre, teachers, a county admin, and a producer whose queues nobody else
 * reads.
 */
export async function seedClassworkWorld(owner: OwnerDatabase, redis: Redis) {
  const tenant = await seedTenant(owner, buildTenant());
  const tenantId = tenant.id;
  const s = tenant.slug.slice(2, 8);
  const province = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `CP${s}` });
  const countyA = await seedOrgUnit(owner, tenantId, { kind: "county", name: "甲县", code: `CA${s}`, parentId: province.id });
  const countyB = await seedOrgUnit(owner, tenantId, { kind: "county", name: "乙县", code: `CB${s}`, parentId: province.id });
  const schoolA = await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲县一中", code: `SA${s}`, parentId: countyA.id });
  const schoolB = await seedOrgUnit(owner, tenantId, { kind: "school", name: "乙县一中", code: `SB${s}`, parentId: countyB.id });
  const center = await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "教师发展中心", code: `DC${s}`, parentId: province.id });
  const trainer = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "trainer", orgUnitId: center.id }] }));
  const teacherAt = async (schoolId: string, stage: "primary" | "juniorSecondary" = "primary") => {
    const t = buildTeacher({ stages: [stage] });
    const r = await seedTeacher(owner, tenantId, schoolId, t);
    const actor: TActor = { tenantId, actorId: r.userId, grants: [{ role: "teacher", orgUnitId: schoolId, orgPath: null }] };
    return { userId: r.userId, teacherNo: t.teacherNo, name: t.name, actor };
  };
  const countyAdminB = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: countyB.id }] }));
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  return {
    tenantId,
    units: { province, countyA, countyB, schoolA, schoolB, center },
    owner: { tenantId, actorId: trainer.id, grants: [{ role: "trainer", orgUnitId: center.id, orgPath: center.path }] as TGrant[] } satisfies TActor,
    countyAdminB: { tenantId, actorId: countyAdminB.id, grants: [{ role: "orgAdmin", orgUnitId: countyB.id, orgPath: countyB.path }] as TGrant[] } satisfies TActor,
    teacherAt,
    prefix,
    producer: createProducer(redis, { prefix }),
    progressQueue: new Queue("progress", { connection: redis, prefix }),
  };
}

export async function enrol(db: Database, tenantId: string, c: { courseId: string; versionId: string }, teacherId: string) {
  const [row] = await db.withTenant(tenantId, (tx) =>
    tx.insert(enrollment).values({ tenantId, courseId: c.courseId, versionId: c.versionId, teacherId, source: "self" }).returning(),
  );
  return row!;
}

export const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? String(e),
  );
