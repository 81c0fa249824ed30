import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { teacherProfile } from "@yanxiu/db/schema";
import { approveExternalAward, chinaDay, submitExternalAward } from "../credits/index.ts";
import { codeOf, seedCreditWorld, seedProof } from "../credits/test-setup.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { computeRollups, dashboardSheet, readDashboard } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});
const today = chinaDay();

async function world() {
  const w = await seedCreditWorld(owner);
  const t1 = await w.teacherAt(w.units.schoolA.id, "张老师");
  const t2 = await w.teacherAt(w.units.schoolB.id, "李老师");
  await owner.withTenant(w.tenantId, (tx) => tx.update(teacherProfile).set({ rural: true, backboneLevel: "county" }).where(eq(teacherProfile.userId, t1.userId)));
  await computeRollups({ db, tenantId: w.tenantId });
  const proof = await seedProof(db, w.tenantId, t1.userId);
  const claim = { title: "暑期研修", issuer: "国家智慧教育公共服务平台", certificateNo: "", hours: "12", category: "online", organiserLevel: "national", completedOn: today, proofFileId: proof };
  const { id } = await submitExternalAward({ db, actor: t1.actor, input: claim });
  await approveExternalAward({ db, actor: w.provinceAdmin, input: { requestId: id } });
  return { ...w, t1, t2 };
}

describe("the admin dashboard", () => {
  it("a province admin sees the province's figures from the rollups, drills to a county and a school and its teachers", async () => {
    const w = await world();
    const d = await readDashboard({ db, actor: w.provinceAdmin, query: {} });
    expect(d.unit.id).toBe(w.units.province.id);
    expect(d.figures).toMatchObject({ teachers: 2, hoursThisYear: 12, rural: { teachers: 1 }, urban: { teachers: 1 } });
    expect(d.figures!.backbone.find((b) => b.level === "county")!.teachers).toBe(1);
    expect(d.children.map((c) => c.name).sort()).toEqual(["乙县", "甲县"]);
    expect(d.hoursByMonth[Number(today.slice(5, 7)) - 1]!.hours).toBe(12);
    expect(d.hoursByCategory).toEqual([{ category: "online", hours: 12 }]);
    expect(d.teachers).toBeNull();

    const county = await readDashboard({ db, actor: w.provinceAdmin, query: { unit: w.units.countyA.id } });
    expect(county.trail.map((u) => u.id)).toEqual([w.units.province.id, w.units.countyA.id]);
    expect(county.children.map((c) => c.id)).toEqual([w.units.schoolA.id]);
    const school = await readDashboard({ db, actor: w.provinceAdmin, query: { unit: w.units.schoolA.id } });
    expect(school.teachers!.map((t) => [t.name, t.yearHours])).toEqual([["张老师", 12]]);
  });

  it("a county admin starts at their county and cannot drill above it or into the other county", async () => {
    const w = await world();
    const d = await readDashboard({ db, actor: w.countyAdminA, query: {} });
    expect(d.unit.id).toBe(w.units.countyA.id);
    // The way up stops at their county: no link to the province.
    expect(d.trail.map((u) => u.id)).toEqual([w.units.countyA.id]);
    expect(await codeOf(readDashboard({ db, actor: w.countyAdminA, query: { unit: w.units.province.id } }))).toBe("notFound");
    expect(await codeOf(readDashboard({ db, actor: w.countyAdminA, query: { unit: w.units.schoolB.id } }))).toBe("notFound");
    expect(await codeOf(dashboardSheet({ db, actor: w.countyAdminA, query: { unit: w.units.province.id, chart: "areas" }, label: (k) => k }))).toBe("notFound");
    const school = await readDashboard({ db, actor: w.countyAdminA, query: { unit: w.units.schoolA.id } });
    expect(school.teachers).toHaveLength(1);
  });

  it("another province's admin cannot read this province's figures or drill into its units", async () => {
    const w = await world();
    const other = await seedCreditWorld(owner);
    for (const id of [w.units.province.id, w.units.countyA.id, w.units.schoolA.id])
      expect(await codeOf(readDashboard({ db, actor: other.provinceAdmin, query: { unit: id } }))).toBe("notFound");
    // Their own dashboard shows none of it (RLS: the other tenant's rows are invisible).
    const own = await readDashboard({ db, actor: other.provinceAdmin, query: {} });
    expect(own.unit.id).toBe(other.units.province.id);
    expect(own.figures).toBeNull();
    expect(own.hoursByCategory).toEqual([]);
  });

  it("hostile filters are a clear badRequest, never a crash", async () => {
    const w = await world();
    for (const query of [{ unit: "x\u0000y" }, { unit: "a".repeat(100_000) }, { year: "2026\r\n" }, { year: "99999" }, { unit: `${randomUUID()}' or 1=1` }])
      expect(await codeOf(readDashboard({ db, actor: w.provinceAdmin, query }))).toBe("badRequest");
    expect(await codeOf(dashboardSheet({ db, actor: w.provinceAdmin, query: { chart: "nope" }, label: (k) => k }))).toBe("badRequest");
    // A well-formed id that is nobody's unit is notFound, like any other unit out of reach.
    expect(await codeOf(readDashboard({ db, actor: w.provinceAdmin, query: { unit: randomUUID() } }))).toBe("notFound");
  });

  it("each chart's data downloads as an .xlsx", async () => {
    const w = await world();
    const s = await dashboardSheet({ db, actor: w.provinceAdmin, query: { chart: "hoursByCategory" }, label: (k) => k });
    expect(s.bytes.subarray(0, 2).toString()).toBe("PK");
    expect(s.bytes.length).toBeGreaterThan(500);
  });
});
