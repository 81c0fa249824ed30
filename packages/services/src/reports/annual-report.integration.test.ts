import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { annualReport, auditEvent, orgUnit, teacherProfile } from "@yanxiu/db/schema";
import { chinaDay } from "../credits/index.ts";
import { codeOf, seedAward, seedCreditWorld } from "../credits/test-setup.ts";
import { jobTestSetup } from "../platform/job-test-setup.ts";
import { seedOrgUnit } from "../seed/factories.ts";
import { pdfPagesText } from "../platform/pdf-reader.testing.ts";
import { computeRollups, readDashboard } from "../rollups/index.ts";
import { annualReportForm, getAnnualReport, listAnnualReports, readAnnualReportFile, requestAnnualReport, runAnnualReport, type TAnnualReportFigures } from "./index.ts";

const { owner, db, producer, files } = jobTestSetup("report");

const today = chinaDay();
const year = Number(today.slice(0, 4));
// A day of this year that is not in the future, and the same day last year.
const thisYearDay = `${year}-01-15`;
const lastYearDay = `${year - 1}-06-15`;

/** A province of two counties: 张 (rural, 甲县) with 12 online + 8 concentrated this year and 5 last year; 李 (乙县) with 6 online. */
async function world() {
  const w = await seedCreditWorld(owner);
  const t1 = await w.teacherAt(w.units.schoolA.id, "张老师");
  const t2 = await w.teacherAt(w.units.schoolB.id, "李老师");
  await owner.withTenant(w.tenantId, (tx) => tx.update(teacherProfile).set({ rural: true, backboneLevel: "county" }).where(eq(teacherProfile.userId, t1.userId)));
  await seedAward(db, w.tenantId, t1.userId, { hours: 12, countsFor: thisYearDay, category: "online" });
  await seedAward(db, w.tenantId, t1.userId, { hours: 8, countsFor: thisYearDay, category: "concentrated" });
  await seedAward(db, w.tenantId, t1.userId, { hours: 5, countsFor: lastYearDay, category: "online" });
  await seedAward(db, w.tenantId, t2.userId, { hours: 6, countsFor: thisYearDay, category: "online" });
  await computeRollups({ db, tenantId: w.tenantId });
  return { ...w, t1, t2 };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

describe("the annual quality report (decision 030)", () => {
  it("prints the dashboard's numbers: 学时 by category and month, each county, rural vs urban — and the ledger's by level agree with them", async () => {
    const w = await world();
    const { id } = await requestAnnualReport({ db, producer, actor: w.provinceAdmin, input: { year: String(year) } });
    expect(await runAnnualReport({ db, files, tenantId: w.tenantId, reportId: id })).toMatchObject({ status: "done" });
    const [row] = await db.withTenant(w.tenantId, (tx) => tx.select().from(annualReport).where(eq(annualReport.id, id)));
    expect(row).toMatchObject({ status: "done", progress: 100, orgUnitId: w.units.province.id, year });
    const f = row!.figures as TAnnualReportFigures;

    const dash = await readDashboard({ db, actor: w.provinceAdmin, query: { year } });
    expect(f.dashboard.hoursByCategory).toEqual(dash.hoursByCategory);
    expect(f.dashboard.hoursByMonth).toEqual(dash.hoursByMonth);
    expect(f.regions.map((r) => [r.name, r.teachers, r.onPacePercent])).toEqual(dash.children.map((c) => [c.name, c.figures?.teachers ?? 0, c.figures?.onPacePercent ?? null]));
    expect(f.rural.rural.onPacePercent).toBe(dash.figures!.rural.onPacePercent);
    expect(f.overview.teachers).toBe(dash.figures!.teachers);
    // The ledger (by category × level) and the rollups (by category) count the same 学时.
    const fromLedger = Object.fromEntries(f.byCategoryLevel.map((c) => [c.category, c.total]));
    expect(fromLedger).toEqual(Object.fromEntries(dash.hoursByCategory.map((c) => [c.category, c.hours])));
    expect(f.byCategoryLevel.find((c) => c.category === "online")).toMatchObject({ total: 18, lastYear: 5 });
    // Each county's 学时 of the year, from the monthly rollups: 甲县 20, 乙县 6.
    expect(Object.fromEntries(f.regions.map((r) => [r.name, r.hours]))).toEqual({ 甲县: 20, 乙县: 6 });
    expect(f.overview).toMatchObject({ teachers: 2, participants: 2, participation: 100, hours: 26, hoursLastYear: 5, participantsLastYear: 1 });
    expect(f.rural).toMatchObject({ rural: { teachers: 1, participants: 1, hours: 20 }, urban: { teachers: 1, participants: 1, hours: 6 } });
    // Last year's 学时 by month are the dashboard's for that year.
    expect(f.lastYear.hoursByMonth).toEqual((await readDashboard({ db, actor: w.provinceAdmin, query: { year: year - 1 } })).hoursByMonth);

    // The PDF: its title, a county's row and its table of contents, in the text layer.
    const file = await readAnnualReportFile({ db, files, actor: w.provinceAdmin, id });
    expect(file.fileName).toBe(`省${year}年度教师教育质量报告.pdf`);
    const bytes = await readAll(file.stream);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(row!.bytes).toBe(bytes.length);
    const pages = await pdfPagesText(bytes);
    expect(pages.length).toBe(row!.pages);
    expect(pages[0]).toContain(`省${year}年度教师教育质量报告`);
    expect(pages[1]).toContain("目录");
    const all = pages.join("\n");
    for (const s of ["总体情况", "学时结构", "各县（区）达标情况", "城乡差距", "甲县", "乙县", "网络研修", "集中培训"]) expect(all).toContain(s);
  });

  it("a past year's report prints that year's dashboard: on-pace from the year-end history, not today's (decision 038)", async () => {
    const w = await world();
    const { id } = await requestAnnualReport({ db, producer, actor: w.provinceAdmin, input: { year: year - 1 } });
    expect(await runAnnualReport({ db, files, tenantId: w.tenantId, reportId: id })).toMatchObject({ status: "done" });
    const [row] = await db.withTenant(w.tenantId, (tx) => tx.select().from(annualReport).where(eq(annualReport.id, id)));
    const f = row!.figures as TAnnualReportFigures;
    const dash = await readDashboard({ db, actor: w.provinceAdmin, query: { year: year - 1 } });
    expect(dash.history).not.toBeNull();
    expect(f.history).toBe(true);
    expect(f.regions.map((r) => [r.name, r.teachers, r.onPacePercent, r.ruralOnPacePercent])).toEqual(
      dash.children.map((c) => [c.name, c.figures?.teachers ?? 0, c.figures?.onPacePercent ?? null, c.figures?.rural.onPacePercent ?? null]),
    );
    expect([f.overview.teachers, f.overview.onPacePercent, f.rural.rural.onPacePercent, f.rural.urban.onPacePercent]).toEqual([
      dash.figures!.teachers,
      dash.figures!.onPacePercent,
      dash.figures!.rural.onPacePercent,
      dash.figures!.urban.onPacePercent,
    ]);
    expect(f.dashboard.hoursByCategory).toEqual(dash.hoursByCategory);
    // The 数据说明 says whose year-end it is and that teachers count where they are now.
    const pages = await pdfPagesText(await readAll((await readAnnualReportFile({ db, files, actor: w.provinceAdmin, id })).stream));
    const all = pages.join("\n").replace(/\s+/g, "");
    expect(all).toContain(`${year - 1}学分年度末`);
    expect(all).toContain("按其现在所在单位统计");
  });

  it("the job runs once: a second delivery of a finished report changes nothing", async () => {
    const w = await world();
    const { id } = await requestAnnualReport({ db, producer, actor: w.countyAdminA, input: { year } });
    await runAnnualReport({ db, files, tenantId: w.tenantId, reportId: id });
    const first = await getAnnualReport({ db, actor: w.countyAdminA, id });
    expect(first).toMatchObject({ status: "done", unit: { id: w.units.countyA.id } });
    expect(await runAnnualReport({ db, files, tenantId: w.tenantId, reportId: id })).toEqual({ status: "done" });
    expect((await getAnnualReport({ db, actor: w.countyAdminA, id })).finishedAt).toEqual(first.finishedAt);
  });

  it("a county admin asks only for their county, lists only its reports and cannot open the province's", async () => {
    const w = await world();
    const form = await annualReportForm({ db, actor: w.countyAdminA });
    expect(form.root.id).toBe(w.units.countyA.id);
    expect(form.units.map((u) => u.id)).toEqual([w.units.countyA.id]);
    expect(form.years[0]).toBe(year);
    expect(form.years).toContain(year - 1);

    const province = await requestAnnualReport({ db, producer, actor: w.provinceAdmin, input: { year } });
    expect(await codeOf(requestAnnualReport({ db, producer, actor: w.countyAdminA, input: { unit: w.units.province.id, year } }))).toBe("notFound");
    expect(await codeOf(requestAnnualReport({ db, producer, actor: w.countyAdminA, input: { unit: w.units.countyB.id, year } }))).toBe("notFound");
    const own = await requestAnnualReport({ db, producer, actor: w.countyAdminA, input: { year } });
    const list = await listAnnualReports({ db, actor: w.countyAdminA, query: {} });
    expect(list.rows.map((r) => r.id)).toEqual([own.id]);
    expect(list.total).toBe(1);
    expect(await codeOf(getAnnualReport({ db, actor: w.countyAdminA, id: province.id }))).toBe("notFound");
    expect(await codeOf(readAnnualReportFile({ db, files, actor: w.countyAdminA, id: province.id }))).toBe("notFound");
    // The province admin sees both, newest first.
    expect((await listAnnualReports({ db, actor: w.provinceAdmin, query: {} })).rows.map((r) => r.id)).toEqual([own.id, province.id]);
    // Not written yet: no file.
    expect(await codeOf(readAnnualReportFile({ db, files, actor: w.provinceAdmin, id: own.id }))).toBe("notFound");
    // A teacher is not an administrator.
    expect(await codeOf(listAnnualReports({ db, actor: w.t1.actor, query: {} }))).toBe("notFound");
    expect(await codeOf(requestAnnualReport({ db, producer, actor: w.t1.actor, input: { year } }))).toBe("notFound");
  });

  it("a batch: the unit and every active city and county under it, one report each, each generated on its own; a county's batch is just itself", async () => {
    const w = await world();
    // A deactivated county is left out.
    const gone = await seedOrgUnit(owner, w.tenantId, { kind: "county", name: "撤并县", code: `RX${w.tenantId.slice(0, 6)}`, parentId: w.units.province.id });
    await owner.withTenant(w.tenantId, (tx) => tx.update(orgUnit).set({ status: "inactive" }).where(eq(orgUnit.id, gone.id)));
    const batch = await requestAnnualReport({ db, producer, actor: w.provinceAdmin, input: { year: String(year), below: "on" } });
    expect(batch.count).toBe(3);
    const rows = (await listAnnualReports({ db, actor: w.provinceAdmin, query: {} })).rows;
    expect(rows.map((r) => r.unit.name).sort()).toEqual(["乙县", "甲县", w.units.province.name].sort());
    expect(rows.every((r) => r.status === "queued")).toBe(true);
    for (const r of rows) await runAnnualReport({ db, files, tenantId: w.tenantId, reportId: r.id });
    const done = (await listAnnualReports({ db, actor: w.provinceAdmin, query: {} })).rows;
    expect(done.map((r) => [r.unit.name, r.status, r.ready])).toEqual(expect.arrayContaining([["甲县", "done", true], ["乙县", "done", true]]));
    const [audit] = await owner.withTenant(w.tenantId, (tx) => tx.select().from(auditEvent).where(and(eq(auditEvent.action, "report.request"), eq(auditEvent.target, `annualReport:${batch.id}`))));
    expect(audit!.data).toMatchObject({ batch: 3 });
    expect(await requestAnnualReport({ db, producer, actor: w.countyAdminA, input: { year, below: true } })).toMatchObject({ count: 1 });
  });

  it("another province sees none of it (RLS): not the reports, not the units", async () => {
    const w = await world();
    const other = await seedCreditWorld(owner);
    const { id } = await requestAnnualReport({ db, producer, actor: w.provinceAdmin, input: { year } });
    expect(await codeOf(getAnnualReport({ db, actor: other.provinceAdmin, id }))).toBe("notFound");
    expect(await codeOf(readAnnualReportFile({ db, files, actor: other.provinceAdmin, id }))).toBe("notFound");
    expect((await listAnnualReports({ db, actor: other.provinceAdmin, query: {} })).total).toBe(0);
    expect(await codeOf(requestAnnualReport({ db, producer, actor: other.provinceAdmin, input: { unit: w.units.countyA.id, year } }))).toBe("notFound");
    // The job of one tenant's report run under another tenant's id finds nothing.
    expect(await codeOf(runAnnualReport({ db, files, tenantId: other.tenantId, reportId: id }))).toBe("notFound");
    // Even the owner's connection inside the other tenant sees no row (forced RLS).
    const seen = await db.withTenant(other.tenantId, (tx) => tx.select().from(annualReport).where(eq(annualReport.id, id)));
    expect(seen).toEqual([]);
  });

  it("hostile requests are a clear badRequest: a school, a malformed year, NUL, extra fields", async () => {
    const w = await world();
    const school = await requestAnnualReport({ db, producer, actor: w.provinceAdmin, input: { unit: w.units.schoolA.id, year } }).catch((e: { code: string; fieldErrors?: Record<string, string[]> }) => e);
    expect(school).toMatchObject({ code: "badRequest", fieldErrors: { unit: ["报告的范围应为省、市或县（区）"] } });
    for (const input of [{ year: "2026\r\n" }, { year: "1999" }, { year: "" }, { unit: "x\u0000y", year }, { unit: "a".repeat(100_000), year }, { year, extra: 1 }, null, "x"])
      expect(await codeOf(requestAnnualReport({ db, producer, actor: w.provinceAdmin, input }))).toBe("badRequest");
    for (const id of ["x\u0000", "../../etc/passwd", randomUUID()]) expect(await codeOf(getAnnualReport({ db, actor: w.provinceAdmin, id }))).toBe("notFound");
    for (const query of [{ page: "0" }, { page: "x" }, { size: "7" }]) expect(await codeOf(listAnnualReports({ db, actor: w.provinceAdmin, query }))).toBe("badRequest");
  });
});
