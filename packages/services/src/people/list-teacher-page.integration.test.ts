import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import type { TGrant } from "@yanxiu/domain/permissions";
import type { TActor } from "../org/scope.ts";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { countTeachers, listTeacherPage } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

const code = (p: Promise<unknown>) => p.then(() => "ok", (e: AppError) => e.code);

// Province X: county A ─ 学校A (22 teachers, 语文), county B ─ 学校B (rural, 3 teachers, 数学).
// Province Y (another tenant): 4 teachers whose names would sort first — never counted for X.
let province: TActor;
let countyA: TActor;
let otherProvince: TActor;
const nosB: string[] = [];

async function world(slugTag: string, counts: { a: number; b: number }) {
  const t = await seedTenant(owner, buildTenant());
  const s = `${slugTag}${t.slug.slice(2, 8)}`;
  const prov = await seedOrgUnit(owner, t.id, { kind: "province", name: "省", code: `LP${s}` });
  const ca = await seedOrgUnit(owner, t.id, { kind: "county", name: "甲县", code: `LKA${s}`, parentId: prov.id });
  const cb = await seedOrgUnit(owner, t.id, { kind: "county", name: "乙县", code: `LKB${s}`, parentId: prov.id });
  const sa = await seedOrgUnit(owner, t.id, { kind: "school", name: "学校A", code: `LSA${s}`, parentId: ca.id });
  const sb = await seedOrgUnit(owner, t.id, { kind: "school", name: "学校B", code: `LSB${s}`, parentId: cb.id, attributes: { area: "rural" } });
  // Names and numbers run opposite ways, so sorting by one is not sorting by the other.
  for (let i = 0; i < counts.a; i++) {
    await seedTeacher(owner, t.id, sa.id, buildTeacher({ name: `n${String(i).padStart(2, "0")}${slugTag}`, teacherNo: `${slugTag}${String(99 - i).padStart(3, "0")}${s}`.toUpperCase() }));
  }
  const nos: string[] = [];
  for (let i = 0; i < counts.b; i++) {
    const teacherNo = `${slugTag}B${i}${s}`.toUpperCase();
    nos.push(teacherNo);
    await seedTeacher(owner, t.id, sb.id, buildTeacher({ name: `m${i}${slugTag}`, teacherNo, subjects: ["数学"] }));
  }
  const pa = await seedUser(owner, t.id, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));
  const cau = await seedUser(owner, t.id, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: ca.id }] }));
  const grant = (role: TGrant["role"], u: { id: string; path: string }): TGrant[] => [{ role, orgUnitId: u.id, orgPath: u.path }];
  return {
    province: { tenantId: t.id, actorId: pa.id, grants: grant("provinceAdmin", prov) } as TActor,
    countyA: { tenantId: t.id, actorId: cau.id, grants: grant("orgAdmin", ca) } as TActor,
    nosB: nos,
  };
}

beforeAll(async () => {
  const x = await world("x", { a: 22, b: 3 });
  province = x.province;
  countyA = x.countyA;
  nosB.push(...x.nosB);
  otherProvince = (await world("y", { a: 2, b: 2 })).province;
});

describe("人员 as a page: total, numbered pages, sorting", () => {
  it("the total counts what the filters match, in the actor's scope only, never another province's teachers", async () => {
    expect((await listTeacherPage({ db, actor: province, query: {} })).total).toBe(25);
    expect((await listTeacherPage({ db, actor: province, query: { subject: "数学" } })).total).toBe(3);
    expect((await listTeacherPage({ db, actor: province, query: { rural: "yes" } })).total).toBe(3);
    expect((await listTeacherPage({ db, actor: province, query: { rural: "no", q: "n0" } })).total).toBe(10);
    expect((await listTeacherPage({ db, actor: countyA, query: {} })).total).toBe(22);
    expect((await listTeacherPage({ db, actor: countyA, query: { subject: "数学" } })).total).toBe(0);
    const other = await listTeacherPage({ db, actor: otherProvince, query: {} });
    expect(other.total).toBe(4);
    expect(other.teachers.every((t) => t.name.endsWith("y"))).toBe(true);
    // The page's total is the export's count (the same filter).
    expect(await countTeachers({ db, actor: province, query: { rural: "yes" } })).toBe(3);
  });

  it("page 2 continues page 1 without repeats, and the last page holds the rest", async () => {
    const p1 = await listTeacherPage({ db, actor: province, query: { size: "20" } });
    const p2 = await listTeacherPage({ db, actor: province, query: { size: "20", page: "2" } });
    expect(p1.teachers).toHaveLength(20);
    expect(p2.teachers).toHaveLength(5);
    expect(p1.query).toMatchObject({ page: 1, size: 20, sort: "name", dir: "asc" });
    const ids = [...p1.teachers, ...p2.teachers].map((t) => t.userId);
    expect(new Set(ids).size).toBe(25);
    expect((await listTeacherPage({ db, actor: province, query: { size: "20", page: "3" } })).teachers).toEqual([]);
  });

  it("sorts by name, 教师编号 or school, either way", async () => {
    const names = (await listTeacherPage({ db, actor: province, query: { size: "100" } })).teachers.map((t) => t.name);
    expect(names.slice(0, 4)).toEqual(["m0x", "m1x", "m2x", "n00x"]);
    const desc = (await listTeacherPage({ db, actor: province, query: { size: "100", dir: "desc" } })).teachers.map((t) => t.name);
    expect(desc).toEqual([...names].reverse());
    const byNo = (await listTeacherPage({ db, actor: countyA, query: { sort: "teacherNo", size: "20" } })).teachers.map((t) => t.name);
    expect(byNo.slice(0, 3)).toEqual(["n21x", "n20x", "n19x"]);
    const bySchoolDesc = (await listTeacherPage({ db, actor: province, query: { sort: "school", dir: "desc", size: "20" } })).teachers;
    expect(bySchoolDesc.slice(0, 3).map((t) => t.schoolName)).toEqual(["学校B", "学校B", "学校B"]);
    expect(bySchoolDesc.slice(0, 3).map((t) => t.teacherNo).sort()).toEqual([...nosB].sort());
    const bySchool = (await listTeacherPage({ db, actor: province, query: { sort: "school", size: "20" } })).teachers;
    expect(bySchool[0]).toMatchObject({ schoolName: "学校A", name: "n00x" });
  });

  it("a malformed page, size or sort is a bad request", async () => {
    for (const query of [{ page: "0" }, { page: "1001" }, { page: "x" }, { size: "30" }, { sort: "phone" }, { dir: "up" }, { after: "abc" }]) {
      expect(await code(listTeacherPage({ db, actor: province, query }))).toBe("badRequest");
    }
    expect(await code(listTeacherPage({ db, actor: province, query: { page: "", size: "", sort: "" } }))).toBe("ok");
  });
});
