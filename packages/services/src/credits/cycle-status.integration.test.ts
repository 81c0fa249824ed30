import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { cycleStatusList, recomputeTenantStatuses } from "./index.ts";
import { codeOf, seedAward, seedCreditWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
const ids: Record<string, string> = {};
// 1 May 2023 in the 2021–2025 cycle: two years ended and 120 days of 2023 passed, so creditPace asks for
// 144 + 72 × 120 / 365 = 167.6 学时 of the cycle and 23.6 of the year.
const today = "2023-05-01";

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  ids.a1 = (await w.teacherAt(w.units.schoolA.id, "甲一")).userId;
  ids.a2 = (await w.teacherAt(w.units.schoolA.id, "甲二")).userId;
  ids.a3 = (await w.teacherAt(w.units.schoolA.id, "甲三")).userId;
  ids.b1 = (await w.teacherAt(w.units.schoolB.id, "乙一")).userId;
  await seedAward(db, w.tenantId, ids.a1, { hours: 150, countsFor: "2022-03-01" });
  await seedAward(db, w.tenantId, ids.a1, { hours: 30, countsFor: "2023-03-01" });
  await seedAward(db, w.tenantId, ids.a2, { hours: 40, countsFor: "2022-03-01" });
  await seedAward(db, w.tenantId, ids.b1, { hours: 200, countsFor: "2022-03-01" });
  await seedAward(db, w.tenantId, ids.b1, { hours: 30, countsFor: "2023-03-01" });
  await recomputeTenantStatuses({ db, tenantId: w.tenantId, today });
  // A teacher added after the recompute has no status row yet.
  ids.a4 = (await w.teacherAt(w.units.schoolA.id, "甲四")).userId;
});

describe("cycle status list", () => {
  it("a county admin sees their county's teachers with cycle and year 学时 and pace; one without a row has 0 学时", async () => {
    const r = await cycleStatusList({ db, actor: w.countyAdminA, today });
    expect(r).toMatchObject({ requiredHours: 360, expectedByNow: 167.6, expectedThisYear: 23.6, year: 2023, cycle: { startYear: 2021 } });
    // Names in 拼音 order: jiǎ èr, jiǎ sān, jiǎ sì, jiǎ yī.
    expect(r.teachers.map((t) => [t.name, t.schoolName, t.cycleHours, t.yearHours, t.onPace])).toEqual([
      ["甲二", "甲县一中", 40, 0, false],
      ["甲三", "甲县一中", 0, 0, false],
      ["甲四", "甲县一中", 0, 0, false],
      ["甲一", "甲县一中", 180, 30, true],
    ]);
  });

  it("behind pace only, and the province sees both counties", async () => {
    const behindA = await cycleStatusList({ db, actor: w.countyAdminA, today, query: { behind: "1" } });
    expect(behindA.teachers.map((t) => t.name)).toEqual(["甲二", "甲三", "甲四"]);
    const all = await cycleStatusList({ db, actor: w.provinceAdmin, today });
    expect(all.teachers.map((t) => t.name).sort()).toEqual(["乙一", "甲一", "甲三", "甲二", "甲四"].sort());
    const behindAll = await cycleStatusList({ db, actor: w.provinceAdmin, today, query: { behind: "on" } });
    expect(behindAll.teachers.map((t) => t.name)).not.toContain("乙一");
  });

  it("counts what the filters match, searches by name or 教师编号, and sorts by 姓名, 学校 or 周期学时", async () => {
    const all = await cycleStatusList({ db, actor: w.provinceAdmin, today });
    expect(all.total).toBe(5);
    expect(all.query).toMatchObject({ page: 1, size: 50, sort: "name", dir: "asc" });
    expect((await cycleStatusList({ db, actor: w.provinceAdmin, today, query: { behind: "1" } })).total).toBe(3);
    expect((await cycleStatusList({ db, actor: w.countyAdminA, today })).total).toBe(4);
    expect((await cycleStatusList({ db, actor: w.countyAdminB, today, query: { behind: "1" } })).total).toBe(0);
    const found = await cycleStatusList({ db, actor: w.provinceAdmin, today, query: { q: "甲" } });
    expect([found.total, found.teachers.length]).toEqual([4, 4]);
    const byHours = await cycleStatusList({ db, actor: w.provinceAdmin, today, query: { sort: "cycleHours", dir: "desc" } });
    expect(byHours.teachers.map((t) => t.cycleHours)).toEqual([230, 180, 40, 0, 0]);
    const bySchool = await cycleStatusList({ db, actor: w.provinceAdmin, today, query: { sort: "school", dir: "desc" } });
    const bySchoolAsc = await cycleStatusList({ db, actor: w.provinceAdmin, today, query: { sort: "school" } });
    const schools = bySchoolAsc.teachers.map((t) => t.schoolName);
    expect(new Set(schools).size).toBe(2);
    expect(bySchool.teachers.map((t) => t.schoolName)).toEqual([...schools].reverse());
    // Within a school the names stay in ascending order, whichever way the schools go.
    const firstSchool = bySchool.teachers.filter((t) => t.schoolName === "甲县一中").map((t) => t.name);
    expect(firstSchool).toEqual(bySchoolAsc.teachers.filter((t) => t.schoolName === "甲县一中").map((t) => t.name));
    const byNameDesc = await cycleStatusList({ db, actor: w.provinceAdmin, today, query: { dir: "desc" } });
    expect(byNameDesc.teachers.map((t) => t.name)).toEqual(all.teachers.map((t) => t.name).reverse());
    // Another province's teachers are never counted, nor are this province's counted for it.
    expect((await cycleStatusList({ db, actor: other.provinceAdmin, today })).total).toBe(0);
  });

  it("pages by number: page 2 continues page 1 without repeats", async () => {
    const big = await seedCreditWorld(owner);
    for (let i = 0; i < 23; i++) await big.teacherAt(big.units.schoolA.id, `丙${String(i).padStart(2, "0")}`);
    const p1 = await cycleStatusList({ db, actor: big.provinceAdmin, today, query: { size: "20" } });
    const p2 = await cycleStatusList({ db, actor: big.provinceAdmin, today, query: { size: "20", page: "2" } });
    expect([p1.total, p1.teachers.length, p2.total, p2.teachers.length]).toEqual([23, 20, 23, 3]);
    expect(p2.teachers.map((t) => t.name)).toEqual(["丙20", "丙21", "丙22"]);
    expect(new Set([...p1.teachers, ...p2.teachers].map((t) => t.teacherId)).size).toBe(23);
  });

  it("a malformed page, size or sort is a bad request", async () => {
    for (const query of [{ page: "0" }, { page: "1001" }, { size: "25" }, { sort: "yearHours" }, { dir: "sideways" }, { after: "x" }]) {
      expect(await codeOf(cycleStatusList({ db, actor: w.provinceAdmin, today, query }))).toBe("badRequest");
    }
  });

  it("a status row from an earlier cycle counts as nothing in the new one", async () => {
    // On the cycle's first day nothing is due yet; a month in, 6.1 is.
    const r = await cycleStatusList({ db, actor: w.countyAdminB, today: "2026-01-01" });
    expect(r.teachers).toMatchObject([{ name: "乙一", cycleHours: 0, yearHours: 0, onPace: true }]);
    const feb = await cycleStatusList({ db, actor: w.countyAdminB, today: "2026-02-01" });
    expect(feb).toMatchObject({ expectedByNow: 6.1, teachers: [{ name: "乙一", cycleHours: 0, yearHours: 0, onPace: false }] });
  });

  it("a teacher without admin rights sees nobody, and another tenant sees nothing", async () => {
    const teacher = { tenantId: w.tenantId, actorId: ids.a1!, grants: [{ role: "teacher" as const, orgUnitId: w.units.schoolA.id, orgPath: null }] };
    expect((await cycleStatusList({ db, actor: teacher, today })).teachers).toEqual([]);
    expect((await cycleStatusList({ db, actor: other.provinceAdmin, today })).teachers).toEqual([]);
  });
});
