import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { hoursImportColumns } from "@yanxiu/domain/hours-import";
import type { TGrant } from "@yanxiu/domain/permissions";
import { creditAward, hoursImport, teacherCreditStatus, teacherProfile } from "@yanxiu/db/schema";
import { jobTestSetup } from "../platform/job-test-setup.ts";
import type { TActor } from "../org/scope.ts";
import { readRosterRows } from "../platform/xlsx/xlsx.ts";
import { loadReadableFile } from "../media/open-file.ts";
import { myCredits } from "../credits/index.ts";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "../seed/factories.ts";
import { getHoursImport, listHoursImports, runHoursImport, startHoursImport } from "./index.ts";
import { testIdNumbers } from "../testing.ts";

const { owner, db, producer, dir, files } = jobTestSetup("hours");

const today = "2026-03-01";
let tenantId: string;
let otherTenantId: string;
let province: TActor;
let countyA: TActor;
/** Teachers of county A (a1, a2), county B (b1), and of another province (x1, whose 教师编号 and phone are unique to it). */
const t = {} as Record<"a1" | "a2" | "b1" | "x1", { userId: string; teacherNo: string; phone: string; name: string }>;

const headers = hoursImportColumns.map((c) => c.header);
type TRow = Partial<Record<(typeof hoursImportColumns)[number]["key"], string>>;
/** One row in template order: 教师编号 身份证号 手机号 姓名 项目名称 学时 类别 级别 完成日期 来源平台. */
function line(r: TRow): string[] {
  return hoursImportColumns.map((c) => r[c.key] ?? "");
}
const base = { title: "2026年寒假教师研修", hours: "10", category: "网络研修", level: "国家级", completedOn: "2026-02-20", platform: "国家智慧教育平台" };

/** Writes an .xlsx with ExcelJS (as another platform's export would be), uploads it and runs the job. */
async function importXlsx(actor: TActor, rows: string[][], hdr: string[] = headers, opts: { title?: string } = {}) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("学时");
  if (opts.title) sheet.addRow([opts.title]);
  sheet.addRow(hdr);
  for (const r of rows) sheet.addRow(r);
  const tmp = path.join(dir, `${randomUUID()}.xlsx`);
  await wb.xlsx.writeFile(tmp);
  const { id } = await startHoursImport({ db, files, producer, actor, fileName: "研修学时.xlsx", body: fs.readFileSync(tmp) });
  const summary = await runHoursImport({ db, files, tenantId: actor.tenantId, importId: id, today, idNumbers: testIdNumbers });
  return { id, summary };
}

async function awardsOf(teacherId: string, tenant = tenantId) {
  return owner.withTenant(tenant, (tx) => tx.select().from(creditAward).where(and(eq(creditAward.teacherId, teacherId), eq(creditAward.source, "external"))));
}

async function reportOf(id: string, actor = province): Promise<string[][]> {
  const imp = await getHoursImport({ db, actor, id });
  const out: string[][] = [];
  for await (const r of readRosterRows(files.localPath(imp.reportKey!), "xlsx")) out.push(r.cells.map((c) => String(c ?? "")));
  return out;
}

beforeAll(async () => {
  const tn = await seedTenant(owner, buildTenant());
  tenantId = tn.id;
  const s = tn.slug.slice(2, 8);
  const prov = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `P${s}` });
  const a = await seedOrgUnit(owner, tenantId, { kind: "county", name: "甲县", code: `KA${s}`, parentId: prov.id });
  const b = await seedOrgUnit(owner, tenantId, { kind: "county", name: "乙县", code: `KB${s}`, parentId: prov.id });
  const sa = await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲一校", code: `A1${s}`, parentId: a.id });
  const sb = await seedOrgUnit(owner, tenantId, { kind: "school", name: "乙一校", code: `B1${s}`, parentId: b.id });
  const pa = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));
  const ca = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: a.id }] }));
  const g = (role: TGrant["role"], unit: { id: string; path: string }): TGrant[] => [{ role, orgUnitId: unit.id, orgPath: unit.path }];
  province = { tenantId, actorId: pa.id, grants: g("provinceAdmin", prov) };
  countyA = { tenantId, actorId: ca.id, grants: g("orgAdmin", a) };
  const seed = async (tenant: string, school: string, teacherNo: string, name: string) => {
    const row = buildTeacher({ teacherNo, name });
    const r = await seedTeacher(owner, tenant, school, row);
    return { userId: r.userId, teacherNo, phone: row.phone, name };
  };
  t.a1 = await seed(tenantId, sa.id, "GBK0001", "王芳");
  t.a2 = await seed(tenantId, sa.id, `A2${s}`.toUpperCase(), "李明");
  t.b1 = await seed(tenantId, sb.id, `B1${s}`.toUpperCase(), "赵静");
  const other = await seedTenant(owner, buildTenant());
  otherTenantId = other.id;
  const op = await seedOrgUnit(owner, otherTenantId, { kind: "province", name: "外省", code: `XP${s}` });
  const os1 = await seedOrgUnit(owner, otherTenantId, { kind: "school", name: "外省一校", code: `XS${s}`, parentId: op.id });
  t.x1 = await seed(otherTenantId, os1.id, `X1${s}`.toUpperCase(), "外省教师");
});

describe("bulk 学时 import", () => {
  it("matches rows by 教师编号 and by 手机号, writes external awards with the list as evidence, and recomputes status", async () => {
    const { id, summary } = await importXlsx(province, [
      line({ ...base, teacherNo: t.a1.teacherNo, name: t.a1.name, title: "暑期研修 专题一" }),
      line({ ...base, phone: t.a2.phone, hours: "6.5", category: "校本研修", level: "县级", completedOn: "2026/1/15" }),
      line({ ...base, teacherNo: t.b1.teacherNo, phone: t.b1.phone, idNumber: "430104198001010022", category: "集中培训", level: "省级", role: "主持" }),
    ]);
    expect(summary).toMatchObject({ status: "done", total: 3, written: 3, skipped: 0, refused: 0, teachers: 3 });
    const imp = await getHoursImport({ db, actor: province, id });
    expect(imp).toMatchObject({ status: "done", totalRows: 3, checkedRows: 3, writtenRows: 3, skippedRows: 0, refusedRows: 0, teacherCount: 3 });
    const [a1] = await awardsOf(t.a1.userId);
    expect(a1).toMatchObject({ title: "暑期研修 专题一", hours: "10.0", category: "online", organiserLevel: "national", countsFor: "2026-02-20", sourceRef: `hoursImport:${id}:2` });
    expect(a1!.evidence).toEqual([{ kind: "file", fileId: imp.fileId }]);
    const [a2] = await awardsOf(t.a2.userId);
    expect(a2).toMatchObject({ hours: "6.5", category: "schoolBased", organiserLevel: "county", countsFor: "2026-01-15" });
    // The 角色 column: 主持 is the ledger's lead (a scheme may convert it at its own rate); blank is participant.
    expect((await awardsOf(t.b1.userId))[0]).toMatchObject({ category: "concentrated", organiserLevel: "provincial", role: "lead" });
    expect(a1!.role).toBe("participant");
    // Status and the teacher's own page move with the awards, as other award paths do.
    const [st] = await owner.withTenant(tenantId, (tx) => tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, t.a2.userId)));
    expect(Number(st!.cycleHours)).toBe(6.5);
    const mine = await myCredits({ db, actor: { tenantId, actorId: t.a1.userId, grants: [] }, today });
    const shown = mine.ledger.find((r) => r.title === "暑期研修 专题一");
    expect(shown).toMatchObject({ hours: 10, source: "external" });
    // The list is named as the evidence, without a link a teacher could not open.
    expect(shown!.evidence).toEqual([{ kind: "file", title: "研修学时.xlsx", href: null }]);
    // The list is evidence a tenant-wide admin may open; a teacher may not (it holds everyone's rows).
    await expect(loadReadableFile(db, province, imp.fileId)).resolves.toMatchObject({ purpose: "hoursImport" });
    await expect(loadReadableFile(db, { tenantId, actorId: t.a1.userId, grants: [] }, imp.fileId)).rejects.toMatchObject({ code: "notFound" });
    const report = await reportOf(id);
    expect(report[0]).toEqual(["行号", ...headers, "结果", "说明"]);
    expect(report.slice(1).map((r) => r.at(-2))).toEqual(["已导入", "已导入", "已导入"]);
  });

  it("one bad row blocks the whole file: nothing is written and every problem is reported with its row number", async () => {
    const before = (await awardsOf(t.a1.userId)).length;
    const { id, summary } = await importXlsx(province, [
      line({ ...base, teacherNo: t.a1.teacherNo, title: "不应写入的研修" }), // row 2: fine
      line({ ...base, teacherNo: t.a1.teacherNo, title: "坏行", hours: "十", category: "看电影", level: "宇宙级", completedOn: "2026-13-01" }), // row 3
      line({ ...base, teacherNo: "NOSUCH1", hours: "-1" }), // row 4: unknown teacher and bad hours, both reported
      line({ ...base, idNumber: "430104198001010022" }), // row 5: only an ID number, registered to nobody
      line({ ...base, teacherNo: t.a1.teacherNo, name: "张三" }), // row 6: name disagrees
      line({ ...base, teacherNo: t.a1.teacherNo, phone: t.a2.phone }), // row 7: two different teachers
      line({ ...base, teacherNo: t.a1.teacherNo, title: "未来的研修", completedOn: "2026-03-02" }), // row 8: after today
    ]);
    expect(summary).toMatchObject({ status: "refused", total: 7, written: 0, refused: 6 });
    expect(await awardsOf(t.a1.userId)).toHaveLength(before);
    const imp = await getHoursImport({ db, actor: province, id });
    expect(imp.status).toBe("refused");
    const byRow = new Map(imp.issues.map((i) => [i.rowNumber, i.reasons.join("；")]));
    expect([...byRow.keys()]).toEqual([3, 4, 5, 6, 7, 8]);
    expect(byRow.get(3)).toContain("学时不是数字");
    expect(byRow.get(3)).toContain("类别无法识别：看电影");
    expect(byRow.get(3)).toContain("级别无法识别：宇宙级");
    expect(byRow.get(3)).toContain("完成日期无法识别");
    expect(byRow.get(4)).toBe("学时必须大于 0；教师编号未匹配到教师：NOSUCH1");
    expect(byRow.get(5)).toBe("身份证号未匹配到教师：430104********0022（该教师的身份证号可能尚未随名册导入登记）");
    expect(byRow.get(6)).toContain("姓名与匹配到的教师不一致");
    expect(byRow.get(7)).toContain("不是同一位教师");
    expect(byRow.get(8)).toContain("完成日期不能晚于今天");
    const report = await reportOf(id);
    expect(report[1]!.at(-2)).toContain("可导入");
    expect(report[2]!.at(-2)).toBe("未通过");
  });

  it("a county admin's rows for teachers outside the county are refused per row, and the file is not written", async () => {
    const { id, summary } = await importXlsx(countyA, [
      line({ ...base, teacherNo: t.a1.teacherNo, title: "县级研修一" }),
      line({ ...base, teacherNo: t.b1.teacherNo, title: "县级研修一" }),
    ]);
    expect(summary).toMatchObject({ status: "refused", refused: 1 });
    const imp = await getHoursImport({ db, actor: countyA, id });
    expect(imp.issues).toEqual([{ rowNumber: 3, outcome: "refused", reasons: ["该教师不在你的管理范围内"] }]);
    expect((await awardsOf(t.a1.userId)).some((a) => a.title === "县级研修一")).toBe(false);
    // Within the county it goes through.
    const ok = await importXlsx(countyA, [line({ ...base, teacherNo: t.a1.teacherNo, title: "县级研修一" })]);
    expect(ok.summary).toMatchObject({ status: "done", written: 1 });
    // A county admin sees their own imports only; a province admin sees every import of the province.
    const county = (await listHoursImports({ db, actor: countyA })).map((r) => r.id);
    expect(county.sort()).toEqual([id, ok.id].sort());
    expect((await listHoursImports({ db, actor: province })).map((r) => r.id)).toEqual(expect.arrayContaining([id, ok.id]));
    await expect(getHoursImport({ db, actor: province, id })).resolves.toMatchObject({ id });
  });

  it("another province's teacher never matches, by 教师编号 or by phone", async () => {
    const { id, summary } = await importXlsx(province, [line({ ...base, teacherNo: t.x1.teacherNo }), line({ ...base, phone: t.x1.phone })]);
    expect(summary).toMatchObject({ status: "refused", refused: 2 });
    const imp = await getHoursImport({ db, actor: province, id });
    expect(imp.issues.map((i) => i.reasons[0])).toEqual([`教师编号未匹配到教师：${t.x1.teacherNo}`, `手机号未匹配到教师：${t.x1.phone}`]);
    expect(await awardsOf(t.x1.userId, otherTenantId)).toHaveLength(0);
    // Nor can the other province see the import.
    await expect(getHoursImport({ db, actor: { tenantId: otherTenantId, actorId: province.actorId, grants: province.grants }, id })).rejects.toMatchObject({ code: "notFound" });
  });

  it("matches by 身份证号 through the roster's keyed hash: alone, or agreeing with the other keys; another province's registration never matches", async () => {
    const idA2 = "430102197505050039";
    const register = (tenant: string, userId: string, idNumber: string) =>
      owner.withTenant(tenant, (tx) => tx.update(teacherProfile).set({ idNumberHash: testIdNumbers(tenant, idNumber) }).where(eq(teacherProfile.userId, userId)));
    await register(tenantId, t.a2.userId, idA2);
    // The other province's teacher has the number another of ours would have: its hash is keyed by its tenant, and RLS hides it.
    await register(otherTenantId, t.x1.userId, "430104198502020026");
    const before = (await awardsOf(t.a2.userId)).length;
    const { summary } = await importXlsx(province, [line({ ...base, idNumber: idA2, title: "身份证号匹配的研修" })]);
    expect(summary).toMatchObject({ status: "done", written: 1, teachers: 1 });
    expect((await awardsOf(t.a2.userId)).map((a) => a.title)).toContain("身份证号匹配的研修");
    expect(await awardsOf(t.a2.userId)).toHaveLength(before + 1);

    const { id } = await importXlsx(province, [
      line({ ...base, teacherNo: t.a1.teacherNo, idNumber: idA2, title: "冲突" }), // row 2: the number is a2's
      line({ ...base, idNumber: "430104198502020026", title: "外省" }), // row 3: only the other province has it
    ]);
    const byRow = new Map((await getHoursImport({ db, actor: province, id })).issues.map((i) => [i.rowNumber, i.reasons.join("；")]));
    expect(byRow.get(2)).toBe("教师编号和身份证号对应的不是同一位教师");
    expect(byRow.get(3)).toContain("身份证号未匹配到教师：430104********0026");
    // The refused-rows report shows the numbers masked.
    expect((await reportOf(id)).slice(1).map((r) => r[2])).toEqual(["430102********0039", "430104********0026"]);

    // A deployment without the key cannot match by the number, and says so.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("学时").addRows([headers, line({ ...base, idNumber: idA2, title: "无钥" })]);
    const tmp = path.join(dir, `${randomUUID()}.xlsx`);
    await wb.xlsx.writeFile(tmp);
    const started = await startHoursImport({ db, files, producer, actor: province, fileName: "无钥.xlsx", body: fs.readFileSync(tmp) });
    expect(await runHoursImport({ db, files, tenantId, importId: started.id, today, idNumbers: null })).toMatchObject({ status: "refused", refused: 1 });
    expect((await getHoursImport({ db, actor: province, id: started.id })).issues[0]!.reasons).toEqual(["本平台未配置身份证号密钥，无法凭身份证号匹配教师：请填写教师编号或手机号"]);
  });

  it("skips duplicates against the ledger and within the file (same teacher, normalized title, day), as skipped not errors", async () => {
    const title = "2026年 寒假研修：专题二";
    const first = await importXlsx(province, [line({ ...base, teacherNo: t.a2.teacherNo, title })]);
    expect(first.summary).toMatchObject({ status: "done", written: 1 });
    const { id, summary } = await importXlsx(province, [
      line({ ...base, teacherNo: t.a2.teacherNo, title: "2026年寒假研修 专题二" }), // row 2: in the ledger (punctuation and spaces differ)
      line({ ...base, teacherNo: t.b1.teacherNo, title: "专题三" }), // row 3: new
      line({ ...base, phone: t.b1.phone, title: "专题三" }), // row 4: same as row 3 (matched by phone)
      line({ ...base, teacherNo: t.b1.teacherNo, title: "专题三", completedOn: "2026-02-21" }), // row 5: another day: new
    ]);
    expect(summary).toMatchObject({ status: "done", total: 4, written: 2, skipped: 2, refused: 0 });
    const imp = await getHoursImport({ db, actor: province, id });
    expect(imp.issues.map((i) => [i.rowNumber, i.outcome])).toEqual([[2, "skipped"], [4, "skipped"]]);
    expect(imp.issues[0]!.reasons[0]).toContain("学时记录中已有同一项目");
    expect(imp.issues[1]!.reasons[0]).toContain("与第 3 行重复");
    expect((await awardsOf(t.a2.userId)).filter((a) => a.title.includes("专题二"))).toHaveLength(1);
    expect((await awardsOf(t.b1.userId)).filter((a) => a.title === "专题三")).toHaveLength(2);
  });

  it("a retried job writes nothing twice: run again after it committed, or from scratch over rows already written", async () => {
    const { id, summary } = await importXlsx(province, [line({ ...base, teacherNo: t.a1.teacherNo, title: "重试研修" })]);
    expect(summary).toMatchObject({ status: "done", written: 1 });
    // The job delivered again after it finished: the recorded outcome, nothing new.
    expect(await runHoursImport({ db, files, tenantId, importId: id, today, idNumbers: testIdNumbers })).toMatchObject({ status: "done", written: 1 });
    // A retry that starts over (the worker died after the commit but before the job was acked, status reset).
    await owner.withTenant(tenantId, (tx) => tx.update(hoursImport).set({ status: "running" }).where(eq(hoursImport.id, id)));
    const again = await runHoursImport({ db, files, tenantId, importId: id, today, idNumbers: testIdNumbers });
    expect(again).toMatchObject({ status: "done", written: 0, skipped: 1 });
    expect((await awardsOf(t.a1.userId)).filter((a) => a.title === "重试研修")).toHaveLength(1);
  });

  it("reads a CSV in GBK (as Excel on Chinese Windows saves it) and a UTF-8 CSV with a BOM, under a title row and aliases", async () => {
    // 教师编号,姓名,项目名称,学时,类别,级别,完成日期,来源平台\r\nGBK0001,王芳,2026年寒假教师研修,8,网络研修,国家级,2026/2/20,国家智慧教育平台\r\n in GBK.
    const gbk = Buffer.from(
      "bdcccaa6b1e0bac52cd0d5c3fb2ccfeec4bfc3fbb3c62cd1a7cab12cc0e0b1f02cbcb6b1f02ccdeab3c9c8d5c6da2cc0b4d4b4c6bdcca80d0a47424b303030312ccdf5b7bc2c32303236c4eabaaebcd9bdcccaa6d1d0d0de2c382ccdf8c2e7d1d0d0de2cb9fabcd2bcb62c323032362f322f32302cb9fabcd2d6c7bbdbbdccd3fdc6bdcca80d0a",
      "hex",
    );
    const g = await startHoursImport({ db, files, producer, actor: province, fileName: "寒假研修.csv", body: gbk });
    expect(await runHoursImport({ db, files, tenantId, importId: g.id, today, idNumbers: testIdNumbers })).toMatchObject({ status: "done", written: 1 });
    expect((await awardsOf(t.a1.userId)).find((a) => a.title === "2026年寒假教师研修")).toMatchObject({ hours: "8.0", category: "online", countsFor: "2026-02-20" });

    const csv = ["\uFEFF2026年某市平台学时导出", "手机号码,学员姓名,培训项目名称,获得学时,培训类别,项目级别,结业日期,备注", `${t.b1.phone},${t.b1.name},市级专题,4,面授培训,市级,2026年2月1日,无`].join("\r\n");
    const u = await startHoursImport({ db, files, producer, actor: province, fileName: "市平台.csv", body: Buffer.from(csv, "utf8") });
    expect(await runHoursImport({ db, files, tenantId, importId: u.id, today, idNumbers: testIdNumbers })).toMatchObject({ status: "done", written: 1 });
    const imp = await getHoursImport({ db, actor: province, id: u.id });
    expect(imp.notes).toEqual(["已跳过表头上方的第 1 行", "已忽略“备注”列：不是学时导入的列"]);
    expect((await awardsOf(t.b1.userId)).find((a) => a.title === "市级专题")).toMatchObject({ category: "concentrated", organiserLevel: "city", countsFor: "2026-02-01" });
  });

  it("a file without the needed columns, an empty file, or one that is not a spreadsheet fails with a reason", async () => {
    const { summary } = await importXlsx(province, [["王芳", "10"]], ["姓名", "学时", "项目名称"]);
    expect(summary.status).toBe("failed");
    expect(summary.error).toContain("缺少列：教师编号、身份证号或手机号（至少一列）、类别、级别、完成日期");
    await expect(startHoursImport({ db, files, producer, actor: province, fileName: "x.xlsx", body: Buffer.from("not a zip") })).rejects.toMatchObject({ message: "notSpreadsheet" });
    await expect(startHoursImport({ db, files, producer, actor: province, fileName: "x.csv", body: Buffer.alloc(0) })).rejects.toMatchObject({ message: "emptyFile" });
    const teacher = { tenantId, actorId: t.a1.userId, grants: [] };
    await expect(startHoursImport({ db, files, producer, actor: teacher, fileName: "x.csv", body: Buffer.from("a") })).rejects.toMatchObject({ code: "notFound" });
    await expect(getHoursImport({ db, actor: province, id: "../../etc" })).rejects.toMatchObject({ code: "notFound" });
  });
});
