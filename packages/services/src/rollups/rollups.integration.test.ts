import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { Queue } from "bullmq";
import { eq } from "drizzle-orm";
import { rollupJob } from "@yanxiu/domain/jobs";
import { codeOf, seedCreditWorld } from "../credits/test-setup.ts";
import { seedFixtureCourse } from "../courses/test-fixtures.ts";
import { createProducer } from "../platform/queue.ts";
import { enrollment, orgRollup, teacherCreditStatus, teacherProfile } from "@yanxiu/db/schema";
import { seedOrgUnit } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase, testRedis } from "../testing.ts";
import { computeRollups, readRollup, requestRollup, rollupSheet } from "./index.ts";
import { readRosterRows } from "../platform/xlsx/xlsx.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
afterAll(async () => {
  await db.close();
  await owner.close();
  redis.disconnect();
});

// Default policy: cycles 2021–2025, 2026–2030. On 15 June 2028 (166 days of the leap year passed) the plan
// asks for 144 + 72 × 166 / 366 = 176.6 学时 of the cycle and 32.6 of this year (creditPace).
const TODAY = "2028-06-15";

/**
 * 甲县: 甲县一中 (t1 rural, t2) and 甲县二中 (t3 rural); 乙县: 乙县一中 (t4, t5 rural); a development
 * centre with nobody. Statuses include stale rows (last year's, last cycle's) and a teacher without one.
 */
async function seedTree() {
  const w = await seedCreditWorld(owner);
  const { tenantId, units } = w;
  const s = randomUUID().slice(0, 6);
  const schoolA2 = await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲县二中", code: `RSA2${s}`, parentId: units.countyA.id });
  const center = await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "教师发展中心", code: `RDC${s}`, parentId: units.province.id });
  const t1 = await w.teacherAt(units.schoolA.id);
  const t2 = await w.teacherAt(units.schoolA.id);
  const t3 = await w.teacherAt(schoolA2.id);
  const t4 = await w.teacherAt(units.schoolB.id);
  const t5 = await w.teacherAt(units.schoolB.id);
  const c1 = await seedFixtureCourse(owner, tenantId, { ownerId: w.provinceAdmin.actorId, institutionId: center.id, kinds: ["video"] });
  const c2 = await seedFixtureCourse(owner, tenantId, { ownerId: w.provinceAdmin.actorId, institutionId: center.id, kinds: ["video"] });
  await owner.withTenant(tenantId, async (tx) => {
    for (const t of [t1, t3, t5]) await tx.update(teacherProfile).set({ rural: true }).where(eq(teacherProfile.userId, t.userId));
    const status = (teacherId: string, v: { year: number; yearHours: string; cycleStartYear: number; cycleHours: string; onPace: boolean }) => ({ tenantId, teacherId, ...v });
    await tx.insert(teacherCreditStatus).values([
      // Stored on_pace is as old as the last award: the rollup judges pace for today, whatever it says.
      status(t1.userId, { year: 2028, yearHours: "40", cycleStartYear: 2026, cycleHours: "200", onPace: false }),
      status(t2.userId, { year: 2027, yearHours: "7", cycleStartYear: 2026, cycleHours: "20", onPace: false }),
      status(t4.userId, { year: 2028, yearHours: "5.5", cycleStartYear: 2021, cycleHours: "100", onPace: true }),
      status(t5.userId, { year: 2028, yearHours: "35", cycleStartYear: 2026, cycleHours: "180.5", onPace: true }),
    ]);
    const enrol = (c: { courseId: string; versionId: string }, teacherId: string, st: "active" | "completed" | "withdrawn") => ({
      tenantId,
      courseId: c.courseId,
      versionId: c.versionId,
      teacherId,
      source: "self" as const,
      status: st,
    });
    await tx.insert(enrollment).values([
      enrol(c1, t1.userId, "completed"),
      enrol(c2, t1.userId, "active"),
      enrol(c1, t2.userId, "withdrawn"),
      enrol(c1, t3.userId, "completed"),
      enrol(c2, t4.userId, "active"),
    ]);
  });
  return { ...w, units: { ...units, schoolA2, center } };
}

async function rowsOf(tenantId: string) {
  const rows = await owner.withTenant(tenantId, (tx) => tx.select().from(orgRollup));
  return new Map(rows.map((r) => [r.orgUnitId, r]));
}

const figures = (r: typeof orgRollup.$inferSelect | undefined) =>
  r && {
    teachers: r.teachers,
    rural: r.ruralTeachers,
    enrollments: r.enrollments,
    completions: r.completions,
    year: Number(r.hoursThisYear),
    cycle: Number(r.hoursThisCycle),
    onPace: r.teachersOnPace,
    ruralOnPace: r.ruralTeachersOnPace,
  };

describe("computeRollups", () => {
  it("sums every org unit's subtree exactly, at school, county and province level", async () => {
    const w = await seedTree();
    const run = await computeRollups({ db, tenantId: w.tenantId, today: TODAY });
    expect(run).toMatchObject({ units: 7, year: 2028, cycleStartYear: 2026 });
    const rows = await rowsOf(w.tenantId);
    const u = w.units;
    expect(rows.size).toBe(7);
    expect(figures(rows.get(u.schoolA.id))).toEqual({ teachers: 2, rural: 1, enrollments: 2, completions: 1, year: 40, cycle: 220, onPace: 1, ruralOnPace: 1 });
    // No status row and two years into the cycle: behind.
    expect(figures(rows.get(u.schoolA2.id))).toEqual({ teachers: 1, rural: 1, enrollments: 1, completions: 1, year: 0, cycle: 0, onPace: 0, ruralOnPace: 0 });
    expect(figures(rows.get(u.countyA.id))).toEqual({ teachers: 3, rural: 2, enrollments: 3, completions: 2, year: 40, cycle: 220, onPace: 1, ruralOnPace: 1 });
    // Last cycle's 100 学时 do not count in this cycle, so t4 is behind whatever their old row says.
    expect(figures(rows.get(u.schoolB.id))).toEqual({ teachers: 2, rural: 1, enrollments: 1, completions: 0, year: 40.5, cycle: 180.5, onPace: 1, ruralOnPace: 1 });
    expect(figures(rows.get(u.countyB.id))).toEqual(figures(rows.get(u.schoolB.id)));
    expect(figures(rows.get(u.province.id))).toEqual({ teachers: 5, rural: 3, enrollments: 4, completions: 2, year: 80.5, cycle: 400.5, onPace: 2, ruralOnPace: 2 });
    expect(figures(rows.get(u.center.id))).toEqual({ teachers: 0, rural: 0, enrollments: 0, completions: 0, year: 0, cycle: 0, onPace: 0, ruralOnPace: 0 });
  });

  it("a re-run gives the same rows, and another tenant's rollups are left alone", async () => {
    const other = await seedTree();
    await computeRollups({ db, tenantId: other.tenantId, today: TODAY });
    const otherBefore = await rowsOf(other.tenantId);

    const w = await seedTree();
    await computeRollups({ db, tenantId: w.tenantId, today: TODAY });
    const first = await rowsOf(w.tenantId);
    // A teacher moves to the other county's school between runs: the next run follows.
    const [t] = await owner.withTenant(w.tenantId, (tx) => tx.select().from(teacherProfile).where(eq(teacherProfile.schoolId, w.units.schoolA2.id)));
    await computeRollups({ db, tenantId: w.tenantId, today: TODAY });
    const second = await rowsOf(w.tenantId);
    const strip = (m: Map<string, typeof orgRollup.$inferSelect>) => [...m.values()].map(({ computedAt: _c, ...r }) => r).sort((a, b) => a.orgUnitId.localeCompare(b.orgUnitId));
    expect(strip(second)).toEqual(strip(first));
    expect([...second.values()][0]!.computedAt.getTime()).toBeGreaterThanOrEqual([...first.values()][0]!.computedAt.getTime());

    await owner.withTenant(w.tenantId, (tx) => tx.update(teacherProfile).set({ schoolId: w.units.schoolB.id, orgPath: w.units.schoolB.path }).where(eq(teacherProfile.userId, t!.userId)));
    await computeRollups({ db, tenantId: w.tenantId, today: TODAY });
    const moved = await rowsOf(w.tenantId);
    expect(moved.get(w.units.countyA.id)!.teachers).toBe(2);
    expect(moved.get(w.units.countyB.id)!.teachers).toBe(3);
    expect(moved.get(w.units.province.id)!.teachers).toBe(5);

    const otherAfter = await rowsOf(other.tenantId);
    expect(strip(otherAfter)).toEqual(strip(otherBefore));
    expect([...otherAfter.values()].map((r) => r.computedAt.getTime())).toEqual([...otherBefore.values()].map((r) => r.computedAt.getTime()));
    // RLS: under one tenant, the other's rows are invisible.
    const seen = await db.withTenant(w.tenantId, (tx) => tx.select().from(orgRollup).where(eq(orgRollup.tenantId, other.tenantId)));
    expect(seen).toEqual([]);
  });

  it("two runs at once for one tenant both succeed (they queue on a lock)", async () => {
    const w = await seedTree();
    await Promise.all([computeRollups({ db, tenantId: w.tenantId, today: TODAY }), computeRollups({ db, tenantId: w.tenantId, today: TODAY })]);
    expect((await rowsOf(w.tenantId)).size).toBe(7);
  });
});

describe("readRollup", () => {
  it("gives an admin the figures of their scope, two levels down, and nothing outside it", async () => {
    const w = await seedTree();
    const before = await readRollup({ db, actor: w.provinceAdmin });
    expect(before.figures).toBeNull();
    await computeRollups({ db, tenantId: w.tenantId, today: TODAY });

    const prov = await readRollup({ db, actor: w.provinceAdmin });
    expect(prov.unit.id).toBe(w.units.province.id);
    expect(prov.canRecompute).toBe(true);
    expect(prov.figures).toMatchObject({ teachers: 5, enrollments: 4, completions: 2, hoursThisYear: 80.5, hoursThisCycle: 400.5, onPacePercent: 40, ruralOnPacePercent: 67 });
    // Province, counties and schools; not the development centre.
    expect(prov.rows.map((r) => r.id).sort()).toEqual(
      [w.units.province, w.units.countyA, w.units.countyB, w.units.schoolA, w.units.schoolA2, w.units.schoolB].map((u) => u.id).sort(),
    );

    const county = await readRollup({ db, actor: w.countyAdminA });
    expect(county.unit.id).toBe(w.units.countyA.id);
    expect(county.canRecompute).toBe(false);
    expect(county.rows[0]).toMatchObject({ id: w.units.countyA.id, depth: 0, figures: { teachers: 3 } });
    expect(county.rows.slice(1).map((r) => [r.depth, r.figures?.teachers]).sort()).toEqual([[1, 1], [1, 2]]);
    expect(county.rows.find((r) => r.id === w.units.schoolA2.id)?.figures?.teachers).toBe(1);
    expect(await codeOf(readRollup({ db, actor: w.countyAdminA, orgUnitId: w.units.countyB.id }))).toBe("notFound");
    expect(await codeOf(readRollup({ db, actor: w.countyAdminA, orgUnitId: w.units.province.id }))).toBe("notFound");
    expect(await codeOf(readRollup({ db, actor: w.countyAdminA, orgUnitId: "not-a-uuid" }))).toBe("notFound");

    const other = await seedTree();
    expect(await codeOf(readRollup({ db, actor: w.provinceAdmin, orgUnitId: other.units.province.id }))).toBe("notFound");
  });
});

describe("rollupSheet", () => {
  it("writes the page's rows as .xlsx with the same scope: the county admin's county and schools, not the other county", async () => {
    const w = await seedTree();
    await computeRollups({ db, tenantId: w.tenantId, today: TODAY });
    const s = await rollupSheet({ db, actor: w.countyAdminA });
    const file = path.join(os.tmpdir(), `rollups-${randomUUID()}.xlsx`);
    fs.writeFileSync(file, s.bytes);
    const rows: string[][] = [];
    try {
      for await (const row of readRosterRows(file, "xlsx")) rows.push(row.cells.map((c) => String(c ?? "")));
    } finally {
      fs.rmSync(file, { force: true });
    }
    expect(rows[0]!.slice(0, 4)).toEqual(["机构", "层级", "教师数", "乡村教师数"]);
    expect(rows.slice(1).map((r) => [r[0]!.replace(/^\u3000+/, ""), r[2]]).sort()).toEqual(
      [[w.units.countyA.name, "3"], [w.units.schoolA.name, "2"], [w.units.schoolA2.name, "1"]].sort(),
    );
    expect(rows.some((r) => r[0]!.includes(w.units.countyB.name))).toBe(false);
    expect(await codeOf(rollupSheet({ db, actor: w.countyAdminA, orgUnitId: w.units.countyB.id }))).toBe("notFound");
  });
});

describe("requestRollup", () => {
  it("a province admin queues one run for their tenant; a county admin may not", async () => {
    const w = await seedTree();
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const producer = createProducer(redis, { prefix });
    const queue = new Queue(rollupJob.queue, { connection: redis, prefix });
    try {
      expect(await codeOf(requestRollup({ producer, actor: w.countyAdminA }))).toBe("forbidden");
      await requestRollup({ producer, actor: w.provinceAdmin });
      await requestRollup({ producer, actor: w.provinceAdmin });
      const jobs = await queue.getJobs(["waiting", "delayed", "prioritized"]);
      expect(jobs.map((j) => [j.name, j.data])).toEqual([[rollupJob.name, { v: 1, tenantId: w.tenantId }]]);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await producer.close();
    }
  });
});
