import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import type { TGrant } from "@yanxiu/domain/permissions";
import { listAuditEvents } from "../audit/index.ts";
import { listTeachers } from "../people/index.ts";
import { orgUnit, teacherProfile } from "@yanxiu/db/schema";
import { buildTenant, buildTeacher, seedOrgUnit, seedTeacher, seedTenant, seedUser, buildUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { createOrgUnit, deactivateOrgUnit, listOrgChildren, moveOrgUnit, renameOrgUnit, searchOrgUnits, type TActor } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

// province ─ city ─┬─ county A ─ school A1 (2 teachers), school A2 (rural, 1 teacher)
//                  └─ county B ─ school B1 (1 teacher)
let tenantId: string;
const u: Record<string, { id: string; path: string }> = {};
let province: TActor;
let countyA: TActor;
let teacherIds: string[] = [];

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    return (e as AppError).code ?? String(e);
  }
}

beforeAll(async () => {
  const t = await seedTenant(owner, buildTenant());
  tenantId = t.id;
  const mk = async (key: string, kind: Parameters<typeof seedOrgUnit>[2]["kind"], parent: string | null, attributes?: Record<string, unknown>) => {
    const row = await seedOrgUnit(owner, tenantId, { kind, name: key, code: `${key}-${t.slug}`.slice(0, 32), parentId: parent ? u[parent]!.id : null, attributes });
    u[key] = { id: row.id, path: row.path };
  };
  await mk("province", "province", null);
  await mk("city", "city", "province");
  await mk("countyA", "county", "city");
  await mk("countyB", "county", "city");
  await mk("schoolA1", "school", "countyA");
  await mk("schoolA2", "school", "countyA", { area: "rural" });
  await mk("schoolB1", "school", "countyB");
  teacherIds = [
    (await seedTeacher(owner, tenantId, u.schoolA1!.id, buildTeacher({ name: "甲一" }))).userId,
    (await seedTeacher(owner, tenantId, u.schoolA1!.id, buildTeacher({ name: "甲二", subjects: ["数学"] }))).userId,
    (await seedTeacher(owner, tenantId, u.schoolA2!.id, buildTeacher({ name: "甲三" }))).userId,
    (await seedTeacher(owner, tenantId, u.schoolB1!.id, buildTeacher({ name: "乙一" }))).userId,
  ];
  const pa = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: u.province!.id }] }));
  const ca = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: u.countyA!.id }] }));
  const grant = (role: TGrant["role"], key: string): TGrant[] => [{ role, orgUnitId: u[key]!.id, orgPath: u[key]!.path }];
  province = { tenantId, actorId: pa.id, grants: grant("provinceAdmin", "province"), ip: "10.1.1.1" };
  countyA = { tenantId, actorId: ca.id, grants: grant("orgAdmin", "countyA"), ip: "10.1.1.2" };
});

describe("org tree administration", () => {
  it("the tree shows each subtree's teacher count", async () => {
    const root = await listOrgChildren({ db, actor: province });
    expect(root.nodes.map((n) => [n.name, n.teacherCount])).toEqual([["province", 4]]);
    const city = await listOrgChildren({ db, actor: province, parentId: u.city!.id });
    expect(city.nodes.map((n) => [n.name, n.teacherCount, n.childCount])).toEqual([["countyA", 3, 2], ["countyB", 1, 1]]);
    expect(city.breadcrumb.map((b) => b.name)).toEqual(["province", "city"]);
  });

  it("a county admin's tree starts at their county", async () => {
    const root = await listOrgChildren({ db, actor: countyA });
    expect(root.nodes.map((n) => n.name)).toEqual(["countyA"]);
    const inside = await listOrgChildren({ db, actor: countyA, parentId: u.countyA!.id });
    expect(inside.breadcrumb.map((b) => b.name)).toEqual(["countyA"]);
  });

  it("a county admin cannot read or change another county: 404, and nothing is written", async () => {
    expect(await code(listOrgChildren({ db, actor: countyA, parentId: u.countyB!.id }))).toBe("notFound");
    expect(await code(listOrgChildren({ db, actor: countyA, parentId: u.city!.id }))).toBe("notFound");
    expect(await code(renameOrgUnit({ db, actor: countyA, input: { id: u.schoolB1!.id, name: "改名" } }))).toBe("notFound");
    expect(await code(createOrgUnit({ db, actor: countyA, input: { parentId: u.countyB!.id, kind: "school", name: "新校", code: "NEW-B-1" } }))).toBe("notFound");
    expect(await code(deactivateOrgUnit({ db, actor: countyA, input: { id: u.schoolB1!.id } }))).toBe("notFound");
    expect(await code(moveOrgUnit({ db, actor: countyA, input: { id: u.schoolA1!.id, newParentId: u.countyB!.id } }))).toBe("notFound");
    expect(await code(listTeachers({ db, actor: countyA, query: { orgUnitId: u.countyB!.id } }))).toBe("notFound");
    const b1 = await db.withTenant(tenantId, (tx) => tx.select().from(orgUnit).where(eq(orgUnit.id, u.schoolB1!.id)));
    expect(b1[0]).toMatchObject({ name: "schoolB1", status: "active", parentId: u.countyB!.id });
    expect((await searchOrgUnits({ db, actor: countyA, q: "schoolB" })).length).toBe(0);
    expect((await searchOrgUnits({ db, actor: countyA, q: "schoolA" })).map((r) => r.name).sort()).toEqual(["schoolA1", "schoolA2"]);
  });

  it("a county admin cannot rename or deactivate their own county, but can add a school to it", async () => {
    expect(await code(renameOrgUnit({ db, actor: countyA, input: { id: u.countyA!.id, name: "x" } }))).toBe("notFound");
    const made = await createOrgUnit({ db, actor: countyA, input: { parentId: u.countyA!.id, kind: "school", name: "新建学校", code: `NEW-${tenantId.slice(0, 8)}` } });
    expect(made.path).toBe(`${u.countyA!.path}${made.id}/`);
    expect(await code(createOrgUnit({ db, actor: countyA, input: { parentId: u.countyA!.id, kind: "school", name: "重复", code: made.code } }))).toBe("conflict");
    expect(await code(createOrgUnit({ db, actor: countyA, input: { parentId: u.countyA!.id, kind: "city", name: "市", code: "CITY-X" } }))).toBe("badRequest");
    expect(await code(createOrgUnit({ db, actor: countyA, input: { parentId: "nonsense" } }))).toBe("badRequest");
  });

  it("moving a school moves its subtree and its teachers' paths; the move is audited", async () => {
    const extra = await createOrgUnit({ db, actor: province, input: { parentId: u.countyA!.id, kind: "school", name: "搬迁学校", code: `MOVE-${tenantId.slice(0, 8)}` } });
    await seedTeacher(owner, tenantId, extra.id, buildTeacher({ name: "搬迁老师" }));
    await moveOrgUnit({ db, actor: province, input: { id: extra.id, newParentId: u.countyB!.id } });
    const [moved] = await db.withTenant(tenantId, (tx) => tx.select().from(orgUnit).where(eq(orgUnit.id, extra.id)));
    expect(moved!.path).toBe(`${u.countyB!.path}${extra.id}/`);
    const paths = await db.withTenant(tenantId, (tx) => tx.select({ p: teacherProfile.orgPath }).from(teacherProfile).where(eq(teacherProfile.schoolId, extra.id)));
    expect(paths.map((p) => p.p)).toEqual([moved!.path]);
    const inB = await listTeachers({ db, actor: province, query: { orgUnitId: u.countyB!.id } });
    expect(inB.teachers.map((t) => t.name).sort()).toEqual(["乙一", "搬迁老师"].sort());
    expect(await code(moveOrgUnit({ db, actor: province, input: { id: u.countyA!.id, newParentId: u.schoolA1!.id } }))).toBe("badRequest");
    const audit = await listAuditEvents({ db, tenantId });
    expect(audit.find((a) => a.event.action === "orgUnit.move")?.event).toMatchObject({ actorId: province.actorId, target: `orgUnit:${extra.id}`, ip: "10.1.1.1" });
  });

  it("deactivating a unit deactivates its subtree and deletes nothing", async () => {
    const x = await createOrgUnit({ db, actor: province, input: { parentId: u.city!.id, kind: "county", name: "撤并县", code: `GONE-${tenantId.slice(0, 8)}` } });
    const s = await createOrgUnit({ db, actor: province, input: { parentId: x.id, kind: "school", name: "撤并校", code: `GONE-S-${tenantId.slice(0, 6)}` } });
    expect(await deactivateOrgUnit({ db, actor: province, input: { id: x.id } })).toEqual({ units: 2 });
    const rows = await db.withTenant(tenantId, (tx) => tx.select().from(orgUnit).where(eq(orgUnit.id, s.id)));
    expect(rows[0]?.status).toBe("inactive");
    expect(await code(createOrgUnit({ db, actor: province, input: { parentId: x.id, kind: "school", name: "新", code: "GONE-NEW" } }))).toBe("badRequest");
  });
});

describe("audit scope", () => {
  it("a county admin's audit view shows what happened inside the county, not in the next county", async () => {
    await renameOrgUnit({ db, actor: province, input: { id: u.schoolA1!.id, name: "schoolA1" } });
    await renameOrgUnit({ db, actor: province, input: { id: u.schoolB1!.id, name: "schoolB1" } });
    const rows = await listAuditEvents({ db, tenantId, scope: { paths: [u.countyA!.path], actorId: countyA.actorId } });
    const targets = rows.map((r) => r.event.target);
    expect(targets).toContain(`orgUnit:${u.schoolA1!.id}`);
    expect(targets).not.toContain(`orgUnit:${u.schoolB1!.id}`);
  });
});

describe("people list", () => {
  it("a county admin lists only their county's teachers", async () => {
    const page = await listTeachers({ db, actor: countyA, query: {} });
    expect(page.teachers.map((t) => t.name).sort()).toEqual(["甲一", "甲三", "甲二"].sort());
  });

  it("filters by subject, rural and search, and pages by name without repeats", async () => {
    expect((await listTeachers({ db, actor: province, query: { subject: "数学" } })).teachers.map((t) => t.name)).toEqual(["甲二"]);
    expect((await listTeachers({ db, actor: province, query: { rural: "yes" } })).teachers.map((t) => t.name)).toEqual(["甲三"]);
    expect((await listTeachers({ db, actor: province, query: { q: "乙" } })).teachers.map((t) => t.name)).toEqual(["乙一"]);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listTeachers({ db, actor: province, query: { after }, limit: 2 });
      seen.push(...page.teachers.map((t) => t.userId));
      if (!page.next) break;
      after = page.next;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(teacherIds));
  });

  it("someone who administers nothing sees no one", async () => {
    const teacher: TActor = { tenantId, actorId: teacherIds[0]!, grants: [{ role: "teacher", orgUnitId: u.schoolA1!.id, orgPath: u.schoolA1!.path }] };
    expect((await listTeachers({ db, actor: teacher, query: {} })).teachers).toEqual([]);
  });
});
