import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import { rosterColumns } from "@yanxiu/domain/roster";
import type { TGrant } from "@yanxiu/domain/permissions";
import { jobTestSetup } from "../platform/job-test-setup.ts";
import type { TActor } from "../org/scope.ts";
import { listTeachers } from "../people/index.ts";
import { readRosterRows, rosterTemplateExample, writeXlsxFromRows } from "../platform/xlsx/xlsx.ts";
import { teacherProfile, teacherTransfer } from "@yanxiu/db/schema";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "../seed/factories.ts";
import { getRosterImport, runRosterImport, startRosterImport } from "./index.ts";
import { testIdNumbers } from "../testing.ts";

const { owner, db, producer, dir, files } = jobTestSetup("import");

let tenantId: string;
let province: TActor;
let countyA: TActor;
const code = { A1: "", A2: "", B1: "" };

const headers: string[] = rosterColumns.map((c) => c.header);
function row(no: string, name: string, phone: string, school: string): string[] {
  // 教师编号 姓名 性别 手机号 邮箱 学校代码 学段 学科 职称 骨干级别
  return [no, name, "女", phone, "", school, "小学", "语文", "一级教师", ""];
}

async function upload(actor: TActor, rows: string[][], hdr = headers) {
  const tmp = path.join(dir, `${randomUUID()}.xlsx`);
  await writeXlsxFromRows(tmp, hdr, rows);
  const { id } = await startRosterImport({ db, files, producer, actor, fileName: "名册.xlsx", body: fs.readFileSync(tmp) });
  const summary = await runRosterImport({ db, files, tenantId, importId: id, batchSize: 4, idNumbers: testIdNumbers });
  return { id, summary };
}

/** Uploads a workbook built with ExcelJS (titles, merged cells, formulas: what the platform's writer does not write). */
async function uploadWorkbook(actor: TActor, build: (sheet: ExcelJS.Worksheet) => void) {
  const tmp = path.join(dir, `${randomUUID()}.xlsx`);
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet("教师名单"));
  await wb.xlsx.writeFile(tmp);
  const { id } = await startRosterImport({ db, files, producer, actor, fileName: "学校名册.xlsx", body: fs.readFileSync(tmp) });
  const summary = await runRosterImport({ db, files, tenantId, importId: id, batchSize: 4, idNumbers: testIdNumbers });
  return { id, summary };
}

/** Uploads a .csv made of `lines` (the header line included) and runs the import with the default batch size. */
async function uploadCsv(actor: TActor, lines: string[]) {
  const { id } = await startRosterImport({ db, files, producer, actor, fileName: "名册.csv", body: Buffer.from(lines.join("\r\n"), "utf8") });
  const summary = await runRosterImport({ db, files, tenantId, importId: id, idNumbers: testIdNumbers });
  return { id, summary };
}
const csvLine = (cells: string[]) => cells.join(",");

async function reportOf(id: string): Promise<string[][]> {
  const imp = await getRosterImport({ db, actor: province, id });
  const report: string[][] = [];
  for await (const r of readRosterRows(files.localPath(imp.reportKey!), "xlsx")) report.push(r.cells.map((c) => String(c ?? "")));
  return report;
}

beforeAll(async () => {
  const t = await seedTenant(owner, buildTenant());
  tenantId = t.id;
  const s = t.slug.slice(2, 8);
  const prov = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `P${s}` });
  const a = await seedOrgUnit(owner, tenantId, { kind: "county", name: "甲县", code: `KA${s}`, parentId: prov.id });
  const b = await seedOrgUnit(owner, tenantId, { kind: "county", name: "乙县", code: `KB${s}`, parentId: prov.id });
  code.A1 = `A1${s}`;
  code.A2 = `A2${s}`;
  code.B1 = `B1${s}`;
  await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲一校", code: code.A1, parentId: a.id });
  await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲二校", code: code.A2, parentId: a.id, attributes: { area: "rural" } });
  await seedOrgUnit(owner, tenantId, { kind: "school", name: "乙一校", code: code.B1, parentId: b.id });
  const pa = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));
  const ca = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: a.id }] }));
  const g = (role: TGrant["role"], unit: { id: string; path: string }): TGrant[] => [{ role, orgUnitId: unit.id, orgPath: unit.path }];
  province = { tenantId, actorId: pa.id, grants: g("provinceAdmin", prov) };
  countyA = { tenantId, actorId: ca.id, grants: g("orgAdmin", a) };
});

describe("roster import", () => {
  const good = () => [
    row("HN0001", "王芳", "13800000001", code.A1),
    row("HN0002", "李明", "13800000002", code.A1),
    row("HN0003", "张伟", "13800000003", code.A2),
    row("HN0004", "赵静", "１３８０００００００４", code.B1), // full-width digits
    row("HN0005", "黄磊", "13800000005", code.B1),
  ];

  it("writes the valid rows, rejects exactly the bad ones with reasons, and reports them", async () => {
    const rows = [
      ...good(),
      row("HN0006", "坏手机", "12345", code.A1), // row 7
      row("HN0007", "无学校", "13800000007", "NOPE1"), // row 8
      row("HN0001", "重复号", "13800000008", code.A1), // row 9: duplicate 教师编号 in file
      ["", "", "", "", "", "", "", "", "", ""], // blank row: skipped, not counted
    ];
    const { id, summary } = await upload(province, rows);
    expect(summary).toMatchObject({ status: "done", total: 8, checked: 8, written: 5, rejected: 3 });
    const imp = await getRosterImport({ db, actor: province, id });
    expect(imp).toMatchObject({ status: "done", totalRows: 8, checkedRows: 8, writtenRows: 5, rejectedRows: 3 });
    const report = [];
    for await (const r of readRosterRows(files.localPath(imp.reportKey!), "xlsx")) report.push(r.cells.map(String));
    expect(report[0]![0]).toBe("行号");
    expect(report.slice(1).map((r) => r[0])).toEqual(["7", "8", "9"]);
    expect(report[1]!.at(-1)).toContain("手机号");
    expect(report[2]!.at(-1)).toContain("学校代码不存在");
    expect(report[3]!.at(-1)).toContain("教师编号与第 2 行重复");
    const teachers = await listTeachers({ db, actor: province, query: {} });
    expect(teachers.teachers.map((t) => t.teacherNo).sort()).toEqual(["HN0001", "HN0002", "HN0003", "HN0004", "HN0005"]);
    expect(teachers.teachers.find((t) => t.teacherNo === "HN0004")?.phone).toBe("13800000004");
    expect(teachers.teachers.find((t) => t.teacherNo === "HN0003")?.rural).toBe(true);
  });

  it("importing the same file twice gives the same rows, and a changed school is a recorded transfer", async () => {
    await upload(province, good());
    const moved = good().map((r) => (r[0] === "HN0002" ? row("HN0002", "李明", "13800000002", code.A2) : r));
    const { summary } = await upload(province, moved);
    expect(summary).toMatchObject({ written: 5, rejected: 0 });
    const rows = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile));
    expect(rows.length).toBe(5);
    const li = rows.find((r) => r.teacherNo === "HN0002")!;
    const transfers = await db.withTenant(tenantId, (tx) => tx.select().from(teacherTransfer).where(eq(teacherTransfer.userId, li.userId)));
    expect(transfers.length).toBe(2); // joined, then moved
  });

  it("a county admin cannot import into another county: those rows are rejected and nothing is written there", async () => {
    const before = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile));
    const { summary } = await upload(countyA, [row("HN0100", "越权", "13800000100", code.B1), row("HN0101", "本县", "13800000101", code.A1)]);
    expect(summary).toMatchObject({ written: 1, rejected: 1 });
    const after = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile));
    expect(after.length).toBe(before.length + 1);
    expect(after.find((t) => t.teacherNo === "HN0100")).toBeUndefined();
    // And another admin's import is a 404 to them.
    const { id } = await upload(province, good());
    expect(await getRosterImport({ db, actor: countyA, id }).catch((e: AppError) => e.code)).toBe("notFound");
  });

  it("the template's example row, left in the file, is not imported", async () => {
    const example = rosterColumns.map((c) => rosterTemplateExample[c.key]);
    const { summary } = await upload(province, [example, row("HN0300", "模板后", "13800000300", code.A1)]);
    expect(summary).toMatchObject({ status: "done", total: 1, checked: 1, written: 1, rejected: 0 });
  });

  it("wrong headers fail the whole import with a clear Chinese message, and write nothing", async () => {
    const { summary } = await upload(province, [row("HN0200", "表头错", "13800000200", code.A1)], ["工号", ...headers.slice(1)]);
    expect(summary.status).toBe("failed");
    expect(summary.error).toMatch(/缺少列：教师编号/);
    expect(summary.error).toMatch(/无法识别的列：工号/);
    const found = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile).where(eq(teacherProfile.teacherNo, "HN0200")));
    expect(found).toEqual([]);
  });

  it("a roster as a school sends it — a merged title row, other column names, extra columns — is imported, with a note for each ignored column", async () => {
    const { id, summary } = await uploadWorkbook(province, (sheet) => {
      sheet.addRow(["2024年甲县中小学幼儿园教师名册"]);
      sheet.mergeCells("A1:L1");
      sheet.addRow(["序号", "*教师编号", "教师姓名", "性别", "手机号码", "电子邮箱", "学校代码", "学校名称", "任教学段", "任教学科", "骨干等级", "身份证号"]);
      sheet.addRow([1, "SCH001", "幼师甲", "女", "13810000001", "", code.A1, "甲一校", "幼儿园", "语言", "无", "430104199001011230"]);
      sheet.addRow([2, "SCH002", "骨干乙", "男", "13810000002", "yi@example.com", code.A1, "甲一校", "小学", "语文", "县级骨干", "11010519491231002x"]);
      sheet.addRow([3, "SCH003", "骨干丙", "女", "13810000003", "", code.A2, "甲二校", "初中、高中", "数学", "省级骨干", ""]);
    });
    expect(summary).toMatchObject({ status: "done", total: 3, checked: 3, written: 3, rejected: 0 });
    const imp = await getRosterImport({ db, actor: province, id });
    expect(imp.notes).toEqual([
      "已跳过表头上方的第 1 行：2024年甲县中小学幼儿园教师名册",
      "已忽略“序号”列：不是名册的列",
      "已忽略“学校名称”列：学校以学校代码为准",
    ]);
    const rows = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile).where(inArray(teacherProfile.teacherNo, ["SCH001", "SCH002", "SCH003"])));
    const byNo = Object.fromEntries(rows.map((r) => [r.teacherNo, r]));
    expect(byNo.SCH001).toMatchObject({ name: "幼师甲", stages: ["preschool"], backboneLevel: null, email: null });
    expect(byNo.SCH002).toMatchObject({ stages: ["primary"], backboneLevel: "county", email: "yi@example.com" });
    expect(byNo.SCH003).toMatchObject({ stages: ["juniorSecondary", "seniorSecondary"], backboneLevel: "provincial" });
    // The 身份证号 is kept only as its keyed hash (a lower-case x read as X); no column holds the number.
    expect(byNo.SCH001!.idNumberHash).toBe(testIdNumbers(tenantId, "430104199001011230"));
    expect(byNo.SCH002!.idNumberHash).toBe(testIdNumbers(tenantId, "11010519491231002X"));
    expect(byNo.SCH003!.idNumberHash).toBeNull();
    expect(JSON.stringify(rows)).not.toMatch(/4301041990010112|110105194912/);
  });

  it("a row with a formula is refused with a reason, not stored as the formula's result", async () => {
    const { id, summary } = await uploadWorkbook(province, (sheet) => {
      sheet.addRow(headers);
      sheet.addRow(["FML001", "公式甲", "女", "13820000001", "", code.A1, "小学", { formula: "1+1", result: 2 }, "", ""]);
      sheet.addRow(["FML002", "公式乙", "男", { formula: '"1382000"&"0002"', result: "13820000002" }, "", code.A1, "小学", "语文", "", ""]);
      sheet.addRow(["FML003", "正常丙", "女", "13820000003", "", code.A1, "小学", "语文", "", ""]);
    });
    expect(summary).toMatchObject({ status: "done", written: 1, rejected: 2 });
    const report = await reportOf(id);
    expect(report[1]![0]).toBe("2");
    expect(report[1]!.at(-1)).toBe("学科是公式（=1+1），请改为直接填写（可在 Excel 中复制后选择性粘贴为数值）");
    expect(report[1]![8]).toBe("=1+1");
    expect(report[2]!.at(-1)).toContain("手机号是公式");
    const stored = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile).where(inArray(teacherProfile.teacherNo, ["FML001", "FML002", "FML003"])));
    expect(stored.map((t) => t.teacherNo)).toEqual(["FML003"]);
  });

  it("importing a file again says how many teachers were new, updated and unchanged, and keeps it with the import", async () => {
    const rows = [row("RE0001", "重导甲", "13830000001", code.A1), row("RE0002", "重导乙", "13830000002", code.A1), row("RE0003", "重导丙", "13830000003", code.A2)];
    const first = await upload(province, rows);
    expect(first.summary).toMatchObject({ status: "done", written: 3, created: 3, updated: 0, unchanged: 0 });
    const again = await upload(province, rows);
    expect(again.summary).toMatchObject({ status: "done", written: 3, created: 0, updated: 0, unchanged: 3 });
    const changed = rows.map((r) => (r[0] === "RE0002" ? row("RE0002", "重导乙", "13830000099", code.A1) : r));
    const third = await upload(province, [...changed, row("RE0004", "重导丁", "13830000004", code.A1)]);
    expect(third.summary).toMatchObject({ status: "done", written: 4, created: 1, updated: 1, unchanged: 2 });
    expect(await getRosterImport({ db, actor: province, id: again.id })).toMatchObject({ createdRows: 0, updatedRows: 0, unchangedRows: 3 });
    expect(await getRosterImport({ db, actor: province, id: third.id })).toMatchObject({ createdRows: 1, updatedRows: 1, unchangedRows: 2 });
  });

  it("a file that is not a spreadsheet is refused at upload, and a corrupt one fails the import with a reason", async () => {
    const code1 = await startRosterImport({ db, files, producer, actor: province, fileName: "x.xlsx", body: Buffer.from("hello, not a zip") }).catch((e: AppError) => e.code);
    expect(code1).toBe("badRequest");
    const corrupt = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]);
    const { id } = await startRosterImport({ db, files, producer, actor: province, fileName: "坏.xlsx", body: corrupt });
    const summary = await runRosterImport({ db, files, tenantId, importId: id, idNumbers: testIdNumbers });
    expect(summary.status).toBe("failed");
    expect(summary.error).toMatch(/[\u4e00-\u9fff]/);
  });

  it("a bad row deep in a large file (row 99,999) is reported with its row number, and only it is left out", async () => {
    // 99,996 blank lines between the first teachers and the last ones: blank rows count in the row numbers but are not imported.
    const lines = [
      csvLine(headers),
      csvLine(row("DEEP01", "深甲", "13840000001", code.A1)), // row 2
      ...Array<string>(99_996).fill(""), // rows 3–99,998
      csvLine(row("DEEP02", "深乙", "1384000", code.A1)), // row 99,999: a short phone number
      csvLine(row("DEEP03", "深丙", "13840000003", code.A1)), // row 100,000
    ];
    const { id, summary } = await uploadCsv(province, lines);
    expect(summary).toMatchObject({ status: "done", total: 3, checked: 3, written: 2, rejected: 1, created: 2 });
    const report = await reportOf(id);
    expect(report.slice(1).map((r) => r[0])).toEqual(["99999"]);
    expect(report[1]!.at(-1)).toBe("手机号格式不正确");
    const stored = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile).where(inArray(teacherProfile.teacherNo, ["DEEP01", "DEEP02", "DEEP03"])));
    expect(stored.map((t) => t.teacherNo).sort()).toEqual(["DEEP01", "DEEP03"]);
  });

  it("a file that turns unreadable at row 99,999 fails with a Chinese reason and writes nothing, not even the rows before it", async () => {
    const lines = [csvLine(headers), csvLine(row("TORN01", "前行", "13850000001", code.A1)), ...Array<string>(99_996).fill(""), `TORN02,"未闭合,女,13850000002,,${code.A1},小学,语文,,`];
    const { summary } = await uploadCsv(province, lines);
    expect(summary.status).toBe("failed");
    expect(summary.error).toContain("未闭合的引号");
    const stored = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile).where(inArray(teacherProfile.teacherNo, ["TORN01", "TORN02"])));
    expect(stored).toEqual([]);
  });

  it("a phone number another teacher of the province already has is refused for that row only; the rest of its batch is written", async () => {
    await upload(province, [row("PH0001", "号主", "13860000001", code.A1)]);
    const { id, summary } = await upload(province, [
      row("PH0002", "借号", "13860000001", code.A1), // row 2: PH0001's phone
      row("PH0003", "正常", "13860000003", code.A1),
    ]);
    expect(summary).toMatchObject({ status: "done", checked: 2, written: 1, rejected: 1, created: 1 });
    const report = await reportOf(id);
    expect(report.slice(1).map((r) => [r[0], r.at(-1)])).toEqual([["2", "手机号已被本省另一位教师（PH0001）使用"]]);
    const stored = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile).where(inArray(teacherProfile.teacherNo, ["PH0001", "PH0002", "PH0003"])));
    expect(stored.map((t) => t.teacherNo).sort()).toEqual(["PH0001", "PH0003"]);
    // PH0001 itself, moved to another school with its own phone, is an update and a transfer.
    const moved = await upload(province, [row("PH0001", "号主", "13860000001", code.A2)]);
    expect(moved.summary).toMatchObject({ status: "done", written: 1, updated: 1, rejected: 0 });
  });

  it("身份证号: kept as a hash, refused when wrong, typed as a number, twice in the file or already another teacher's (the report masks it); a blank cell keeps the hash", async () => {
    const withId = (no: string, name: string, phone: string, id: unknown) => [...row(no, name, phone, code.A1), id] as string[];
    await upload(province, [withId("ID0001", "证主", "13890000001", "430104198001010022")]);
    const hashOf = async (no: string) => (await db.withTenant(tenantId, (tx) => tx.select({ h: teacherProfile.idNumberHash }).from(teacherProfile).where(eq(teacherProfile.teacherNo, no))))[0]?.h;
    expect(await hashOf("ID0001")).toBe(testIdNumbers(tenantId, "430104198001010022"));
    const { id, summary } = await uploadWorkbook(province, (sheet) => {
      sheet.addRow(headers);
      sheet.addRow(withId("ID0002", "校验错", "13890000002", "430104198001010023")); // row 2: wrong check character
      sheet.addRow(withId("ID0003", "数字格", "13890000003", 430104198001010000 as unknown as string)); // row 3: a number cell
      sheet.addRow(withId("ID0004", "同号甲", "13890000004", "430104198502020018")); // row 4
      sheet.addRow(withId("ID0005", "同号乙", "13890000005", "430104198502020018")); // row 5: row 4's number
      sheet.addRow(withId("ID0006", "冒用", "13890000006", "430104198001010022")); // row 6: ID0001's number
      sheet.addRow(withId("ID0001", "证主", "13890000001", "")); // row 7: blank keeps the hash
    });
    expect(summary).toMatchObject({ status: "done", checked: 6, written: 2, rejected: 4 });
    const report = await reportOf(id);
    expect(report.slice(1).map((r) => [r[0], r[11], r.at(-1)])).toEqual([
      ["2", "430104********0023", "身份证号校验位不正确，请核对"],
      ["3", "430104********0000", "身份证号被存成了数字，后几位已丢失：请把该列设为文本格式后重新填写"],
      ["5", "430104********0018", "身份证号与第 4 行重复"],
      ["6", "430104********0022", "身份证号已登记在本省另一位教师（ID0001）名下"],
    ]);
    expect(await hashOf("ID0004")).toBe(testIdNumbers(tenantId, "430104198502020018"));
    expect(await hashOf("ID0001")).toBe(testIdNumbers(tenantId, "430104198001010022"));
  });

  it("without an ID_NUMBER_KEY the 身份证号 column is ignored with a note, and nothing of it is stored", async () => {
    const tmp = path.join(dir, `${randomUUID()}.xlsx`);
    await writeXlsxFromRows(tmp, headers, [[...row("NK0001", "无钥", "13880000001", code.A1), "430104198001010022"]]);
    const { id } = await startRosterImport({ db, files, producer, actor: province, fileName: "名册.xlsx", body: fs.readFileSync(tmp) });
    expect(await runRosterImport({ db, files, tenantId, importId: id, idNumbers: null })).toMatchObject({ status: "done", written: 1, rejected: 0 });
    expect((await getRosterImport({ db, actor: province, id })).notes).toContain("已忽略“身份证号”列：本平台未配置身份证号密钥，不保存身份证号");
    const [t] = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile).where(eq(teacherProfile.teacherNo, "NK0001")));
    expect(t!.idNumberHash).toBeNull();
  });

  it("another province's teachers with the same 教师编号 and phone are neither matched nor touched (the merge runs under RLS)", async () => {
    const other = await seedTenant(owner, buildTenant());
    const s = other.slug.slice(2, 8);
    const p = await seedOrgUnit(owner, other.id, { kind: "province", name: "外省", code: `XP${s}` });
    const sch = await seedOrgUnit(owner, other.id, { kind: "school", name: "外省一校", code: `XS${s}`, parentId: p.id });
    const theirs = await seedTeacher(owner, other.id, sch.id, { ...buildTeacher({ name: "外省教师" }), teacherNo: "XT0001", phone: "13870000001" });
    const { summary } = await upload(province, [row("XT0001", "本省教师", "13870000001", code.A1)]);
    expect(summary).toMatchObject({ status: "done", written: 1, created: 1, rejected: 0 });
    const [mine] = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile).where(eq(teacherProfile.teacherNo, "XT0001")));
    expect(mine).toMatchObject({ name: "本省教师", tenantId });
    expect(mine!.userId).not.toBe(theirs.userId);
    const [still] = await db.withTenant(other.id, (tx) => tx.select().from(teacherProfile).where(eq(teacherProfile.teacherNo, "XT0001")));
    expect(still).toMatchObject({ name: "外省教师", userId: theirs.userId, schoolId: sch.id });
  });

  it("a NUL or other control character in a cell rejects that row with a reason; it never reaches the database", async () => {
    const { id, summary } = await uploadCsv(province, [csvLine(headers), csvLine(row("CTL001", "控\u0001制", "13880000001", code.A1)), csvLine(row("CTL002", "正常", "13880000002", code.A1))]);
    expect(summary).toMatchObject({ status: "done", written: 1, rejected: 1 });
    expect((await reportOf(id))[1]!.at(-1)).toBe("姓名含有不可见的控制字符");
  });
});
