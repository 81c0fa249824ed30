import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { creditSchemePresets } from "@yanxiu/domain/credit-scheme-presets";
import { evaluateScheme } from "@yanxiu/domain/credit-scheme";
import { schemeToForm } from "@yanxiu/domain/credit-scheme-form";
import { hoursImportColumns } from "@yanxiu/domain/hours-import";
import type { TGrant } from "@yanxiu/domain/permissions";
import { creditAward, teacherCreditStatus } from "@yanxiu/db/schema";
import { jobTestSetup } from "../platform/job-test-setup.ts";
import type { TActor } from "../org/scope.ts";
import { readRosterRows } from "../platform/xlsx/xlsx.ts";
import { exportLedger, explainCredits, getSchemeDraft, myCredits, publishSchemeDraft, saveSchemeDraft, startSchemeDraft } from "../credits/index.ts";
import { schemeAwardsOf } from "../credits/scheme.ts";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "../seed/factories.ts";
import { seedSchemeVersion } from "../seed/seed-demo.ts";
import { getHoursImport, hoursTemplate, runHoursImport, startHoursImport } from "./index.ts";
import { testIdNumbers } from "../testing.ts";

/** 学分 columns in bulk imports (decision 039), against a 学分 scheme (the 陕西 preset) and a tenant counting 学时. */
const { owner, db, producer, dir, files } = jobTestSetup("hours-credits");
const today = "2026-06-01";

type TTeacher = { userId: string; teacherNo: string; phone: string; name: string; actor: TActor };
type TWorld = { tenantId: string; admin: TActor; a: TTeacher; b: TTeacher };

async function world(scheme: boolean): Promise<TWorld> {
  const tn = await seedTenant(owner, buildTenant());
  const s = tn.slug.slice(2, 8);
  const prov = await seedOrgUnit(owner, tn.id, { kind: "province", name: "省", code: `P${s}` });
  const county = await seedOrgUnit(owner, tn.id, { kind: "county", name: "甲县", code: `K${s}`, parentId: prov.id });
  const school = await seedOrgUnit(owner, tn.id, { kind: "school", name: "甲一校", code: `S${s}`, parentId: county.id });
  const pa = await seedUser(owner, tn.id, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));
  const grants: TGrant[] = [{ role: "provinceAdmin", orgUnitId: prov.id, orgPath: prov.path }];
  const teacher = async (n: string, name: string): Promise<TTeacher> => {
    const row = buildTeacher({ teacherNo: `${n}${s}`.toUpperCase(), name });
    const r = await seedTeacher(owner, tn.id, school.id, row);
    return { userId: r.userId, teacherNo: row.teacherNo, phone: row.phone, name, actor: { tenantId: tn.id, actorId: r.userId, grants: [] } };
  };
  if (scheme) await seedSchemeVersion(owner, tn.id, creditSchemePresets.shaanxi);
  return { tenantId: tn.id, admin: { tenantId: tn.id, actorId: pa.id, grants }, a: await teacher("A", "王芳"), b: await teacher("B", "李明") };
}

const headers = hoursImportColumns.map((c) => c.header);
type TRow = Partial<Record<(typeof hoursImportColumns)[number]["key"], string | number>>;
const line = (r: TRow) => hoursImportColumns.map((c) => r[c.key] ?? "");
const base = { category: "网络研修", level: "国家级", completedOn: "2026-03-20", platform: "国家智慧教育平台" };

async function run(w: TWorld, fileName: string, body: Buffer) {
  const { id } = await startHoursImport({ db, files, producer, actor: w.admin, fileName, body });
  const summary = await runHoursImport({ db, files, tenantId: w.tenantId, importId: id, today, idNumbers: testIdNumbers });
  return { id, summary, imp: await getHoursImport({ db, actor: w.admin, id }) };
}

/** An .xlsx written by ExcelJS, numbers as number cells (as another platform's export would be). */
async function xlsxOf(rows: (string | number)[][], hdr = headers): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("学分");
  sheet.addRow(hdr);
  for (const r of rows) sheet.addRow(r);
  const tmp = path.join(dir, `${randomUUID()}.xlsx`);
  await wb.xlsx.writeFile(tmp);
  return fs.readFileSync(tmp);
}

/** A UTF-8 .csv with a BOM and CRLF line ends, as Excel on Windows saves one. */
const csvOf = (rows: (string | number)[][], hdr = headers) => Buffer.from(`\uFEFF${[hdr, ...rows].map((r) => r.join(",")).join("\r\n")}\r\n`, "utf8");

async function reportOf(w: TWorld, id: string): Promise<string[][]> {
  const imp = await getHoursImport({ db, actor: w.admin, id });
  const out: string[][] = [];
  for await (const r of readRosterRows(files.localPath(imp.reportKey!), "xlsx")) out.push(r.cells.map((c) => String(c ?? "")));
  return out;
}

const awardsOf = (w: TWorld, teacherId: string) =>
  owner.withTenant(w.tenantId, (tx) => tx.select().from(creditAward).where(and(eq(creditAward.teacherId, teacherId), eq(creditAward.source, "external"))));
const statusOf = async (w: TWorld, teacherId: string) => (await owner.withTenant(w.tenantId, (tx) => tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, teacherId))))[0];

let sc: TWorld;
let hn: TWorld;
beforeAll(async () => {
  sc = await world(true);
  hn = await world(false);
});

describe("学分 in bulk imports", () => {
  it("a 学分-only list lands awards whose 学分 under the province's scheme are the stated ones, explained as such", async () => {
    const body = await xlsxOf([
      line({ ...base, teacherNo: sc.a.teacherNo, title: "寒假研修（学分）", credits: 2 }),
      line({ ...base, teacherNo: sc.a.teacherNo, title: "春季专题", credits: 1.5, category: "校本研修", level: "县级" }),
      line({ ...base, phone: sc.b.phone, title: "寒假研修（学分）", credits: "0.5" }),
    ]);
    const { summary, imp } = await run(sc, "学分名单.xlsx", body);
    expect(summary).toMatchObject({ status: "done", written: 3, refused: 0, teachers: 2 });
    expect(imp.issues).toEqual([]);
    const rows = await awardsOf(sc, sc.a.userId);
    expect(rows.map((r) => [r.title, r.hours, r.statedCredits]).sort()).toEqual([
      ["寒假研修（学分）", "0.0", "2.00"],
      ["春季专题", "0.0", "1.50"],
    ]);
    const e = (await explainCredits({ db, actor: sc.a.actor, today })).evaluation!;
    expect(e.scheme).toMatchObject({ unit: "credits" });
    expect(e.awards.map((l) => l.amount).sort()).toEqual([1.5, 2]);
    expect(e.cycleTotal.counted).toBe(3.5);
    expect(e.explanation.join("\n")).toContain("「寒假研修（学分）」（国家级，参与）：名单认定 2 学分，按名单计入");
    // The stored status is the engine's, and 我的学时 names the stated 学分 on the ledger row.
    expect(Number((await statusOf(sc, sc.a.userId))!.cycleHours)).toBe(3.5);
    expect(Number((await statusOf(sc, sc.b.userId))!.cycleHours)).toBe(0.5);
    const mine = await myCredits({ db, actor: sc.a.actor, today });
    expect(mine.ledger.find((r) => r.title === "寒假研修（学分）")).toMatchObject({ hours: 0, statedCredits: 2 });
    // The 学时明细 export names them too.
    const { stream } = await exportLedger({ db, actor: sc.a.actor });
    const tmp = path.join(dir, `${randomUUID()}.xlsx`);
    await pipeline(stream, fs.createWriteStream(tmp));
    const exported: string[][] = [];
    for await (const r of readRosterRows(tmp, "xlsx")) exported.push(r.cells.map((c) => String(c ?? "")));
    expect(exported.find((r) => r[1] === "寒假研修（学分）")!.slice(5, 7)).toEqual(["0", "2"]);
  });

  it("学时 and 学分 both given and disagreeing with the scheme: imported, the stated 学分 win, and the row says so", async () => {
    const { summary, imp, id } = await run(
      sc,
      "两列.xlsx",
      await xlsxOf([
        line({ ...base, teacherNo: sc.b.teacherNo, title: "暑期研修（两列）", hours: 12, credits: 2, completedOn: "2026-04-02" }),
        line({ ...base, teacherNo: sc.b.teacherNo, title: "暑期研修（一致）", hours: 6, credits: 2, completedOn: "2026-04-03" }),
      ]),
    );
    expect(summary).toMatchObject({ status: "done", written: 2 });
    expect(imp.issues).toEqual([{ rowNumber: 2, outcome: "noted", reasons: ["学分与本省方案不一致：12 学时按方案折算为 4 学分，按名单认定的 2 学分计入"] }]);
    const report = await reportOf(sc, id);
    expect(report[1]!.slice(-2)).toEqual(["已导入", "学分与本省方案不一致：12 学时按方案折算为 4 学分，按名单认定的 2 学分计入"]);
    const e = (await explainCredits({ db, actor: sc.b.actor, today })).evaluation!;
    const both = e.awards.find((l) => l.title === "暑期研修（两列）")!;
    expect(both).toMatchObject({ rawHours: 12, amount: 2 });
    expect(both.line).toContain("名单认定 2 学分，按名单计入（名单另记 12 学时，不再折算）");
  });

  it("a new scheme version leaves stated 学分 as they are while 学时 are converted at the new rate; caps still apply", async () => {
    await run(sc, "学时名单.xlsx", await xlsxOf([line({ ...base, teacherNo: sc.a.teacherNo, title: "网络学时", hours: 6, completedOn: "2026-04-10" })]));
    const before = (await explainCredits({ db, actor: sc.a.actor, today })).evaluation!;
    expect(before.awards.find((l) => l.title === "网络学时")!.amount).toBe(2);
    expect(before.cycleTotal.counted).toBe(5.5);

    // Version 2, published through the province's form: other 学时 at 1/6 (网络 halved), 网络研修 capped at 3.5 a cycle.
    await startSchemeDraft({ db, actor: sc.admin, input: { from: "current" }, today });
    const draft = (await getSchemeDraft({ db, actor: sc.admin }))!;
    await saveSchemeDraft({ db, actor: sc.admin, input: { ...schemeToForm(draft.scheme), defaultRate: "1/6", "categoryLimits.online.cycleMax": "3.5" } });
    await publishSchemeDraft({ db, actor: sc.admin, input: { confirm: "on" }, today });
    const after = (await explainCredits({ db, actor: sc.a.actor, today })).evaluation!;
    expect(after.scheme.version).toBe(2);
    expect(after.awards.find((l) => l.title === "寒假研修（学分）")!.amount).toBe(2);
    expect(after.awards.find((l) => l.title === "春季专题")!.amount).toBe(1.5);
    expect(after.awards.find((l) => l.title === "网络学时")!.amount).toBe(1);
    // 网络: 2 stated + 1 converted = 3, under the cap; 校本 1.5.
    expect(after.cycleTotal.counted).toBe(4.5);
    // The stored status was recomputed on publishing and equals a fresh evaluation.
    const awards = await db.withTenant(sc.tenantId, (tx) => schemeAwardsOf(tx, [sc.a.userId]));
    const v2 = { ...draft.scheme, defaultRate: 1 / 6, categoryLimits: { ...draft.scheme.categoryLimits, online: { cycleMax: 3.5 } } };
    expect(Number((await statusOf(sc, sc.a.userId))!.cycleHours)).toBe(evaluateScheme(v2, {}, awards.get(sc.a.userId)!, today).cycleTotal.counted);
    // One more stated award past the 网络 cap: caps apply to stated 学分 too.
    await run(sc, "再一份.xlsx", await xlsxOf([line({ ...base, teacherNo: sc.a.teacherNo, title: "超出上限", credits: 2, completedOn: "2026-05-01" })]));
    const capped = (await explainCredits({ db, actor: sc.a.actor, today })).evaluation!;
    expect(capped.cycleTotal.byCategory.online).toMatchObject({ amount: 5, counted: 3.5 });
    expect(capped.explanation.join("\n")).toContain("网络研修共 5 学分，周期上限 3.5，核减 1.5");
  });

  it("an .xlsx from ExcelJS and a .csv with a BOM and CRLF read the same: the second finds the first's rows already in the ledger", async () => {
    const rows = [line({ ...base, teacherNo: sc.b.teacherNo, name: sc.b.name, title: "格式对照", credits: 1.25, completedOn: "2026/5/2" })];
    const x = await run(sc, "对照.xlsx", await xlsxOf(rows));
    expect(x.summary).toMatchObject({ status: "done", written: 1 });
    const c = await run(sc, "对照.csv", csvOf(rows));
    expect(c.summary).toMatchObject({ status: "done", written: 0, skipped: 1 });
    expect(c.imp.issues[0]!.reasons[0]).toContain("学时记录中已有同一项目");
    const [rx, rc] = [await reportOf(sc, x.id), await reportOf(sc, c.id)];
    expect(rc[0]).toEqual(rx[0]);
    expect(rc[1]!.slice(0, -2)).toEqual(rx[1]!.slice(0, -2));
    expect(rx[1]![hoursImportColumns.findIndex((k) => k.key === "credits") + 1]).toBe("1.25");
    expect((await awardsOf(sc, sc.b.userId)).find((a) => a.title === "格式对照")).toMatchObject({ statedCredits: "1.25", countsFor: "2026-05-02" });
  });

  it("hostile 学分 cells are refused with reasons, the 身份证号 masked in the report, and nothing of the batch is written", async () => {
    const before = (await awardsOf(sc, sc.a.userId)).length;
    const { summary, imp, id } = await run(
      sc,
      "坏学分.xlsx",
      await xlsxOf([
        line({ ...base, teacherNo: sc.a.teacherNo, title: "好行", credits: 1 }), // 2: fine
        line({ ...base, teacherNo: sc.a.teacherNo, title: "指数", credits: "1e3" }), // 3
        line({ ...base, teacherNo: sc.a.teacherNo, title: "负数", credits: -2 }), // 4
        line({ ...base, teacherNo: sc.a.teacherNo, title: "逗号", credits: "2,5" }), // 5
        line({ ...base, teacherNo: sc.a.teacherNo, title: "巨大", credits: 1e300 }), // 6
        line({ ...base, teacherNo: sc.a.teacherNo, title: "都没有", idNumber: "430104198001010022" }), // 7
      ]),
    );
    expect(summary).toMatchObject({ status: "refused", written: 0, refused: 5 });
    expect((await awardsOf(sc, sc.a.userId)).length).toBe(before);
    const byRow = new Map(imp.issues.map((i) => [i.rowNumber, i.reasons.join("；")]));
    expect(byRow.get(3)).toBe("学分不是数字：1e3");
    expect(byRow.get(4)).toBe("学分必须大于 0");
    expect(byRow.get(5)).toBe("学分不是数字：2,5（小数点请用“.”）");
    expect(byRow.get(6)).toBe("学分过大（每行最多 100）");
    expect(byRow.get(7)).toBe("缺少学时和学分（至少填写一项）");
    const report = await reportOf(sc, id);
    expect(report[1]!.at(-2)).toBe("可导入（因其他行有问题，整份文件未导入）");
    expect(report[6]![hoursImportColumns.findIndex((k) => k.key === "idNumber") + 1]).toBe("430104********0022");
    expect(JSON.stringify(report)).not.toContain("430104198001010022");
    // A NUL cannot reach a cell: an .xlsx cannot hold one (XML), and a .csv holding one is refused at the upload
    // (the parser refuses a NUL in a cell on its own: hours-import-credits.test.ts).
    const nul = csvOf([line({ ...base, teacherNo: sc.a.teacherNo, title: "NUL", credits: "2\u0000" })]);
    await expect(startHoursImport({ db, files, producer, actor: sc.admin, fileName: "坏学分.csv", body: nul })).rejects.toMatchObject({ message: "notSpreadsheet" });
    expect((await awardsOf(sc, sc.a.userId)).length).toBe(before);
  });

  it("the downloadable template has the 学分 column beside 学时; its example row is skipped, not imported", async () => {
    const tmp = path.join(dir, `${randomUUID()}.xlsx`);
    fs.writeFileSync(tmp, await hoursTemplate());
    const rows: string[][] = [];
    for await (const r of readRosterRows(tmp, "xlsx")) rows.push(r.cells.map((c) => String(c ?? "")));
    expect(rows[0]!.slice(5, 7)).toEqual(["学时", "学分"]);
    const { summary } = await run(sc, "模板.xlsx", fs.readFileSync(tmp));
    expect(summary).toMatchObject({ status: "failed", written: 0, error: "文件中没有学时数据。" });
  });

  it("a tenant counting 学时 refuses 学分-only rows (with the reason) and keeps 学时 given beside 学分", async () => {
    const { summary, imp } = await run(
      hn,
      "学分名单.csv",
      csvOf([
        line({ ...base, teacherNo: hn.a.teacherNo, title: "只有学分", credits: 2 }),
        line({ ...base, teacherNo: hn.a.teacherNo, title: "两列都有", hours: 12, credits: 2 }),
        line({ ...base, teacherNo: "NOSUCH9", title: "只有学分", credits: 2 }),
      ]),
    );
    expect(summary).toMatchObject({ status: "refused", refused: 2 });
    expect(imp.issues.filter((i) => i.outcome === "refused")).toEqual([
      { rowNumber: 2, outcome: "refused", reasons: ["本省按学时计（未启用学分方案），只有学分无法计入：请填写学时"] },
      // Every problem of a row at once: the 学分 and the unknown teacher.
      { rowNumber: 4, outcome: "refused", reasons: ["本省按学时计（未启用学分方案），只有学分无法计入：请填写学时", "教师编号未匹配到教师：NOSUCH9"] },
    ]);
    const ok = await run(hn, "学时名单.csv", csvOf([line({ ...base, teacherNo: hn.a.teacherNo, title: "两列都有", hours: 12, credits: 2 })]));
    expect(ok.summary).toMatchObject({ status: "done", written: 1 });
    expect(ok.imp.issues).toEqual([{ rowNumber: 2, outcome: "noted", reasons: ["本省按学时计，名单中的 2 学分仅作记录，按 12 学时计入"] }]);
    expect(Number((await statusOf(hn, hn.a.userId))!.cycleHours)).toBe(12);
  });
});
