import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { annualReport, annualReportSchedule, auditEvent, creditPolicy, orgPaceSnapshot, teacherProfile } from "@yanxiu/db/schema";
import { chinaDay, recomputeTenantStatuses } from "../credits/index.ts";
import { codeOf, seedAward, seedCreditWorld } from "../credits/test-setup.ts";
import { myNotifications } from "../notifications/index.ts";
import { jobTestSetup } from "../platform/job-test-setup.ts";
import { computePaceSnapshotIn, computeRollups, keepPaceHistory, readDashboard } from "../rollups/index.ts";
import { getAnnualReportSchedule, listAnnualReports, requestAnnualReport, runAnnualReport, scheduleAnnualReports, setAnnualReportSchedule, type TAnnualReportFigures } from "./index.ts";

const { owner, db, producer, files } = jobTestSetup("yearend");

const today = chinaDay();
const year = Number(today.slice(0, 4));
const lastYear = year - 1;

/**
 * A province whose credit cycle is one year (72 学时 a year), so "on pace" turns over with the year:
 * 张 (甲县, rural) has 100 学时 this year and none last year — behind at the end of last year, on pace now;
 * 李 (乙县) had 100 last year and none this year — on pace at the end of last year, behind now (from 2 January on).
 */
async function world() {
  const w = await seedCreditWorld(owner);
  await owner.withTenant(w.tenantId, (tx) =>
    tx.insert(creditPolicy).values({ tenantId: w.tenantId, version: 1, rules: { cycleStartYear: 2021, cycleYears: 1, requiredHours: 72, yearlyMinimum: 72, categoryLimits: {} } }),
  );
  const zhang = await w.teacherAt(w.units.schoolA.id, "张老师");
  const li = await w.teacherAt(w.units.schoolB.id, "李老师");
  await owner.withTenant(w.tenantId, (tx) => tx.update(teacherProfile).set({ rural: true }).where(eq(teacherProfile.userId, zhang.userId)));
  await seedAward(db, w.tenantId, zhang.userId, { hours: 100, countsFor: `${year}-01-01` });
  await seedAward(db, w.tenantId, li.userId, { hours: 100, countsFor: `${lastYear}-03-01` });
  await recomputeTenantStatuses({ db, tenantId: w.tenantId });
  await computeRollups({ db, tenantId: w.tenantId });
  return { ...w, zhang, li };
}

const onPaceOf = (d: Awaited<ReturnType<typeof readDashboard>>) => ({
  all: d.figures?.onPacePercent,
  rural: d.figures?.rural.onPacePercent,
  counties: Object.fromEntries(d.children.map((c) => [c.name, c.figures?.onPacePercent ?? null])),
});

describe("进度达标 of a past year is that year's (decision 038)", () => {
  it("last year's dashboard and report show where teachers stood at the end of last year; this year's are live", async () => {
    const w = await world();
    const now = await readDashboard({ db, actor: w.provinceAdmin, query: { year } });
    expect(now.history).toBeNull();
    if (today > `${year}-01-01`) expect(onPaceOf(now)).toEqual({ all: 50, rural: 100, counties: { 甲县: 100, 乙县: 0 } });

    const past = await readDashboard({ db, actor: w.provinceAdmin, query: { year: lastYear } });
    expect(past.history).toMatchObject({ asOf: `${lastYear}-12-31` });
    expect(onPaceOf(past)).toEqual({ all: 50, rural: 0, counties: { 甲县: 0, 乙县: 100 } });
    expect(past.figures).toMatchObject({ teachers: 2, onPace: 1, hoursThisYear: 100, rural: { teachers: 1, onPace: 0 }, urban: { teachers: 1, onPace: 1 } });
    // A school's teachers, as they stood then.
    const school = await readDashboard({ db, actor: w.provinceAdmin, query: { unit: w.units.schoolB.id, year: lastYear } });
    expect(school.teachers).toEqual([expect.objectContaining({ name: "李老师", yearHours: 100, cycleHours: 100, onPace: true })]);
    const schoolA = await readDashboard({ db, actor: w.provinceAdmin, query: { unit: w.units.schoolA.id, year: lastYear } });
    expect(schoolA.teachers).toEqual([expect.objectContaining({ name: "张老师", yearHours: 0, onPace: false })]);

    // The report of last year prints the same numbers as last year's dashboard, and says how they were counted.
    const { id } = await requestAnnualReport({ db, producer, actor: w.provinceAdmin, input: { year: lastYear } });
    expect(await runAnnualReport({ db, files, tenantId: w.tenantId, reportId: id })).toMatchObject({ status: "done" });
    const [row] = await db.withTenant(w.tenantId, (tx) => tx.select().from(annualReport).where(eq(annualReport.id, id)));
    const f = row!.figures as TAnnualReportFigures;
    expect(f.history).toBe(true);
    expect(f.overview.onPacePercent).toBe(past.figures!.onPacePercent);
    expect(f.regions.map((r) => [r.name, r.teachers, r.onPacePercent, r.ruralOnPacePercent])).toEqual(
      past.children.map((c) => [c.name, c.figures?.teachers ?? 0, c.figures?.onPacePercent ?? null, c.figures?.rural.onPacePercent ?? null]),
    );
    expect([f.rural.rural.onPacePercent, f.rural.urban.onPacePercent]).toEqual([0, 100]);
    expect(f.asOf).toBe(`${lastYear}-12-31`);
  });

  it("the kept snapshot equals a fresh computation from the ledger, and a late import of last year's awards moves it at night", async () => {
    const w = await world();
    await readDashboard({ db, actor: w.provinceAdmin, query: { year: lastYear } });
    const rows = () =>
      db.withTenant(w.tenantId, async (tx) =>
        (await tx.select().from(orgPaceSnapshot).where(eq(orgPaceSnapshot.year, lastYear))).map(({ computedAt: _, ...r }) => r).sort((a, b) => a.orgUnitId.localeCompare(b.orgUnitId)),
      );
    const kept = await rows();
    expect(kept.find((r) => r.orgUnitId === w.units.province.id)).toMatchObject({ asOf: `${lastYear}-12-31`, teachers: 2, teachersOnPace: 1, ruralTeachers: 1, ruralTeachersOnPace: 0, hoursThisYear: "100.0" });
    expect(kept).toHaveLength(5);
    await db.withTenant(w.tenantId, (tx) => computePaceSnapshotIn(tx, w.tenantId, lastYear));
    expect(await rows()).toEqual(kept);
    // Nothing new: the night leaves it alone.
    expect(await keepPaceHistory({ db, tenantId: w.tenantId })).not.toContain(lastYear);
    // 张's 学时 of last year arrive by an import this year: the night recomputes last year, and 张 was on pace then.
    await seedAward(db, w.tenantId, w.zhang.userId, { hours: 80, countsFor: `${lastYear}-11-20`, title: "导入的去年学时" });
    expect(await keepPaceHistory({ db, tenantId: w.tenantId })).toContain(lastYear);
    expect(onPaceOf(await readDashboard({ db, actor: w.provinceAdmin, query: { year: lastYear } }))).toEqual({ all: 100, rural: 100, counties: { 甲县: 100, 乙县: 100 } });
  });

  it("another province can neither read nor write the on-pace history or the schedule (forced RLS)", async () => {
    const w = await world();
    const other = await seedCreditWorld(owner);
    await readDashboard({ db, actor: w.provinceAdmin, query: { year: lastYear } });
    await setAnnualReportSchedule({ db, actor: w.provinceAdmin, input: { enabled: "on", day: "10" } });
    const seen = await db.withTenant(other.tenantId, async (tx) => ({
      snapshot: await tx.select().from(orgPaceSnapshot).where(eq(orgPaceSnapshot.tenantId, w.tenantId)),
      schedule: await tx.select().from(annualReportSchedule).where(eq(annualReportSchedule.tenantId, w.tenantId)),
    }));
    expect(seen).toEqual({ snapshot: [], schedule: [] });
    const write = db.withTenant(other.tenantId, (tx) =>
      tx.insert(orgPaceSnapshot).values({ tenantId: w.tenantId, year: 2001, orgUnitId: w.units.province.id, asOf: "2001-12-31", teachers: 1, teachersOnPace: 1, ruralTeachers: 0, ruralTeachersOnPace: 0, hoursThisYear: "0", hoursThisCycle: "0" }),
    );
    await expect(write).rejects.toThrow();
    const gone = await db.withTenant(other.tenantId, (tx) => tx.delete(orgPaceSnapshot).where(eq(orgPaceSnapshot.tenantId, w.tenantId)).returning());
    expect(gone).toEqual([]);
    const moved = await db.withTenant(other.tenantId, (tx) => tx.update(annualReportSchedule).set({ enabled: false }).where(eq(annualReportSchedule.tenantId, w.tenantId)).returning());
    expect(moved).toEqual([]);
    expect((await db.withTenant(w.tenantId, (tx) => tx.select().from(orgPaceSnapshot).where(eq(orgPaceSnapshot.year, lastYear)))).length).toBe(5);
    expect(await getAnnualReportSchedule({ db, actor: w.provinceAdmin })).toMatchObject({ enabled: true, day: 10 });
    expect(await getAnnualReportSchedule({ db, actor: other.provinceAdmin })).toMatchObject({ enabled: true, day: 15, updatedAt: null });
  });
});

describe("the annual reports made on their own at the year's end (decision 038)", () => {
  const at = (day: string) => new Date(`${day}T02:00:00Z`);

  it("from the province's day of January, one report per unit for last year: a second run queues nothing; the province admin hears once", async () => {
    const w = await world();
    expect(await scheduleAnnualReports({ db, producer, tenantId: w.tenantId, now: at("2027-01-14") })).toEqual({ year: null, queued: 0 });
    expect(await scheduleAnnualReports({ db, producer, tenantId: w.tenantId, now: at("2027-01-15") })).toEqual({ year: 2026, queued: 3 });
    const autos = () => db.withTenant(w.tenantId, (tx) => tx.select().from(annualReport).where(eq(annualReport.auto, true)));
    const first = await autos();
    expect(first.map((r) => [r.orgUnitId, r.year, r.actorId]).sort()).toEqual(
      [w.units.province.id, w.units.countyA.id, w.units.countyB.id].sort().map((id) => [id, 2026, null]),
    );
    // Again the same day, the next day, and two at once: nothing more.
    expect(await scheduleAnnualReports({ db, producer, tenantId: w.tenantId, now: at("2027-01-15") })).toEqual({ year: 2026, queued: 0 });
    const twice = await Promise.all([at("2027-01-16"), at("2027-01-16")].map((now) => scheduleAnnualReports({ db, producer, tenantId: w.tenantId, now })));
    expect(twice.map((r) => r.queued)).toEqual([0, 0]);
    expect((await autos()).map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
    // A report asked for by hand the same year is not held back by it, nor counted as scheduled.
    await requestAnnualReport({ db, producer, actor: w.provinceAdmin, input: { year: 2026 } });
    expect(await autos()).toHaveLength(3);

    // The list says 自动生成 (no requester); a county admin sees their county's.
    const list = await listAnnualReports({ db, actor: w.provinceAdmin, query: {} });
    expect(list.rows.filter((r) => r.auto).map((r) => r.requestedBy)).toEqual([null, null, null]);
    expect((await listAnnualReports({ db, actor: w.countyAdminA, query: {} })).rows.map((r) => [r.unit.id, r.auto])).toEqual([[w.units.countyA.id, true]]);

    // The province's report is made as the province; its admins get one notice linking to it.
    const province = first.find((r) => r.orgUnitId === w.units.province.id)!;
    expect(await runAnnualReport({ db, files, tenantId: w.tenantId, reportId: province.id })).toMatchObject({ status: "done" });
    expect(await runAnnualReport({ db, files, tenantId: w.tenantId, reportId: province.id })).toEqual({ status: "done" });
    const notices = (await myNotifications({ db, actor: w.provinceAdmin })).notices;
    expect(notices.filter((n) => n.notice?.kind === "annualReportReady")).toEqual([
      expect.objectContaining({ link: `/admin/reports/${province.id}/pdf`, notice: { kind: "annualReportReady", params: { unitName: "省", year: 2026 } } }),
    ]);
    // A county's scheduled report tells nobody; county admins hear nothing of the province's.
    const county = first.find((r) => r.orgUnitId === w.units.countyA.id)!;
    expect(await runAnnualReport({ db, files, tenantId: w.tenantId, reportId: county.id })).toMatchObject({ status: "done" });
    expect((await myNotifications({ db, actor: w.countyAdminA })).notices).toEqual([]);
    expect((await myNotifications({ db, actor: w.provinceAdmin })).notices.filter((n) => n.notice?.kind === "annualReportReady")).toHaveLength(1);
    const [audit] = await owner.withTenant(w.tenantId, (tx) => tx.select().from(auditEvent).where(and(eq(auditEvent.action, "report.scheduled"))));
    expect(audit).toMatchObject({ actorId: null, data: { year: 2026, batch: 3 } });
  });

  it("off means nothing; the day is the province's; only a province admin changes it, and it is audited", async () => {
    const w = await world();
    expect(await getAnnualReportSchedule({ db, actor: w.countyAdminA })).toMatchObject({ enabled: true, day: 15, canEdit: false });
    expect(await codeOf(setAnnualReportSchedule({ db, actor: w.countyAdminA, input: { enabled: "", day: "15" } }))).toBe("forbidden");
    expect(await codeOf(setAnnualReportSchedule({ db, actor: w.zhang.actor, input: { enabled: "", day: "15" } }))).toBe("notFound");
    for (const input of [{ enabled: "x\u0000", day: "15" }, { enabled: "on", day: "32" }, { enabled: "on" }, null])
      expect(await codeOf(setAnnualReportSchedule({ db, actor: w.provinceAdmin, input }))).toBe("badRequest");

    await setAnnualReportSchedule({ db, actor: w.provinceAdmin, input: { day: "15" } });
    expect(await getAnnualReportSchedule({ db, actor: w.provinceAdmin })).toMatchObject({ enabled: false, day: 15, canEdit: true });
    expect(await scheduleAnnualReports({ db, producer, tenantId: w.tenantId, now: at("2027-03-01") })).toEqual({ year: null, queued: 0 });

    await setAnnualReportSchedule({ db, actor: w.provinceAdmin, input: { enabled: "on", day: "20" } });
    expect(await scheduleAnnualReports({ db, producer, tenantId: w.tenantId, now: at("2027-01-19") })).toEqual({ year: null, queued: 0 });
    expect(await scheduleAnnualReports({ db, producer, tenantId: w.tenantId, now: at("2027-01-20") })).toEqual({ year: 2026, queued: 3 });
    const audits = await owner.withTenant(w.tenantId, (tx) => tx.select().from(auditEvent).where(eq(auditEvent.action, "report.schedule")));
    expect(audits.map((a) => a.data)).toEqual(
      expect.arrayContaining([
        { before: { enabled: true, day: 15 }, after: { enabled: false, day: 15 } },
        { before: { enabled: false, day: 15 }, after: { enabled: true, day: 20 } },
      ]),
    );
  });
});
