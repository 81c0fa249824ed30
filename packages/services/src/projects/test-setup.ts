import { afterAll, beforeAll } from "vitest";
import type { TGrant } from "@yanxiu/domain/permissions";
import { createDatabase, type Database, type OwnerDatabase } from "@yanxiu/db/client";
import { nomination, projectAttendance } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase, testUrls } from "../testing.ts";
import { createProject } from "./create-project.ts";
import { publishProject, startProject } from "./project-lifecycle.ts";

/**
 * A province for the project tests (integration tests only): 省 → 市 → two counties → schools (two in county A,
 * one in county B), a training institution, an admin at every unit and teachers made on demand.
 */
export async function seedProjectWorld(owner: OwnerDatabase) {
  const tenant = await seedTenant(owner, buildTenant());
  const tenantId = tenant.id;
  const s = tenant.slug.slice(2, 8);
  const province = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `PP${s}` });
  const city = await seedOrgUnit(owner, tenantId, { kind: "city", name: "长沙市", code: `PC${s}`, parentId: province.id });
  const countyA = await seedOrgUnit(owner, tenantId, { kind: "county", name: "岳麓区", code: `PKA${s}`, parentId: city.id });
  const countyB = await seedOrgUnit(owner, tenantId, { kind: "county", name: "芙蓉区", code: `PKB${s}`, parentId: city.id });
  const schoolA1 = await seedOrgUnit(owner, tenantId, { kind: "school", name: "岳麓一中", code: `PSA1${s}`, parentId: countyA.id });
  const schoolA2 = await seedOrgUnit(owner, tenantId, { kind: "school", name: "岳麓二中", code: `PSA2${s}`, parentId: countyA.id });
  const schoolB1 = await seedOrgUnit(owner, tenantId, { kind: "school", name: "芙蓉一中", code: `PSB1${s}`, parentId: countyB.id });
  const institution = await seedOrgUnit(owner, tenantId, { kind: "trainingInstitution", name: "师范大学", code: `PI${s}`, parentId: province.id });
  const adminAt = async (unit: { id: string; path: string }, role: "provinceAdmin" | "orgAdmin" = "orgAdmin"): Promise<TActor> => {
    const u = await seedUser(owner, tenantId, buildUser({ roles: [{ role, orgUnitId: unit.id }] }));
    return { tenantId, actorId: u.id, grants: [{ role, orgUnitId: unit.id, orgPath: unit.path }] as TGrant[] };
  };
  const teacherAt = async (school: { id: string }) => {
    const t = buildTeacher();
    const r = await seedTeacher(owner, tenantId, school.id, t);
    const actor: TActor = { tenantId, actorId: r.userId, grants: [{ role: "teacher", orgUnitId: school.id, orgPath: null }] };
    return { userId: r.userId, name: t.name, actor };
  };
  return {
    tenantId,
    units: { province, city, countyA, countyB, schoolA1, schoolA2, schoolB1, institution },
    teacherAt,
    admins: {
      province: await adminAt(province, "provinceAdmin"),
      city: await adminAt(city),
      countyA: await adminAt(countyA),
      countyB: await adminAt(countyB),
      schoolA1: await adminAt(schoolA1),
      schoolA2: await adminAt(schoolA2),
      schoolB1: await adminAt(schoolB1),
    },
  };
}

export type TProjectWorld = Awaited<ReturnType<typeof seedProjectWorld>>;

/**
 * The setup the project rule tests share (it registers vitest hooks): the owner and app handles, `racer`
 * (races need connections of their own: the shared handle has four), all closed after the file; and two
 * provinces seeded before the tests, handed to `seeded`: `w`, and `other` for the cross-tenant checks.
 */
export function projectTestSetup(seeded: (worlds: { w: TProjectWorld; other: TProjectWorld }) => void) {
  const owner = testOwnerDatabase();
  const db = testDatabase();
  const racer = createDatabase(testUrls.database, { max: 8, appName: "yanxiu-test-race" });
  afterAll(async () => {
    await Promise.all([db.close(), owner.close(), racer.close()]);
  });
  beforeAll(async () => {
    seeded({ w: await seedProjectWorld(owner), other: await seedProjectWorld(owner) });
  });
  return { owner, db, racer };
}

/** Facts of a province nomination project (a form post's shape), with overrides. */
export function projectFacts(over: Record<string, unknown> = {}) {
  return {
    name: `初中语文骨干教师培训${Math.random().toString(36).slice(2, 8)}`,
    category: "backbone",
    form: "blended",
    startsOn: "2026-03-01",
    endsOn: "2026-06-30",
    plannedHours: "48",
    creditCategory: "concentrated",
    targetRoles: ["teacher"],
    subjects: ["语文"],
    stages: ["juniorSecondary"],
    capacity: "10",
    enrolmentMode: "nomination",
    requiredDays: "30",
    infoForm: [
      { key: "title", label: "职称", kind: "select", required: true, options: ["一级教师", "高级教师"] },
      { key: "awards", label: "近三年获奖", kind: "text", maxLength: 200 },
    ],
    ...over,
  };
}

/**
 * A running province project of `w` (48 planned 学时, 3 required days, ended 2026-06-30) whose approved trainees
 * attended `days[i]` days each (written as the owner, as the check-in would), plus one withdrawn trainee; `put`
 * adds more. The 学时认定 and 必修课程 tests start from it.
 */
export async function runningProjectWith(ctx: { db: Database; owner: OwnerDatabase; w: TProjectWorld }, days: readonly number[]) {
  const { db, owner, w } = ctx;
  const a = w.admins.province;
  const { projectId, rootAllocationId } = await createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts({ requiredDays: "3", endsOn: "2026-06-30" }) } });
  await publishProject({ db, actor: a, input: { projectId } });
  await startProject({ db, actor: a, input: { projectId } });
  const put = async (state: "approved" | "withdrawn", attended: number) => {
    const t = await w.teacherAt(w.units.schoolA1);
    const [n] = await owner.withTenant(w.tenantId, (tx) =>
      tx
        .insert(nomination)
        .values({ tenantId: w.tenantId, projectId, allocationId: rootAllocationId, nominatingUnitId: w.units.schoolA1.id, teacherId: t.userId, state, createdBy: a.actorId })
        .returning({ id: nomination.id }),
    );
    for (let d = 0; d < attended; d++) {
      await owner.withTenant(w.tenantId, (tx) =>
        tx.insert(projectAttendance).values({ tenantId: w.tenantId, nominationId: n!.id, projectId, day: `2026-03-0${d + 1}`, method: "manual", recordedBy: a.actorId }),
      );
    }
    return { ...t, nominationId: n!.id };
  };
  const trainees = [];
  for (const d of days) trainees.push(await put("approved", d));
  const withdrawn = await put("withdrawn", 3);
  return { projectId, trainees, withdrawn, admin: a, put };
}
