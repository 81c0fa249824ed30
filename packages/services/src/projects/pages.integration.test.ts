import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { orgUnit } from "@yanxiu/db/schema";
import { zipOf } from "../platform/xlsx/zip-of.testing.ts";
import {
  allocateQuota,
  createProject,
  exportQuotaTable,
  importQuotaTable,
  listNominations,
  myNominations,
  nominateTeacher,
  nominationOptions,
  nominationPage,
  projectFormOptions,
  publishProject,
  quotaPlan,
  quotaTable,
  reviewNomination,
} from "./index.ts";
import { projectFacts, projectTestSetup, type TProjectWorld } from "./test-setup.ts";

let w: TProjectWorld;
let other: TProjectWorld;
const { db } = projectTestSetup((seeded) => {
  ({ w, other } = seeded);
});

const codeOf = (p: Promise<unknown>) => p.then(() => "ok", (e: { code?: string }) => e.code);

async function published(capacity = 10) {
  const a = w.admins.province;
  const { projectId, rootAllocationId } = await createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts({ capacity: String(capacity) }) } });
  await publishProject({ db, actor: a, input: { projectId } });
  return { projectId, root: rootAllocationId };
}

/** The code of each unit of the world (the 名额分配表's key column). */
async function codes() {
  const rows = await db.withTenant(w.tenantId, (tx) => tx.select({ id: orgUnit.id, code: orgUnit.code }).from(orgUnit));
  const more = await db.withTenant(other.tenantId, (tx) => tx.select({ id: orgUnit.id, code: orgUnit.code }).from(orgUnit));
  return new Map([...rows, ...more].map((r) => [r.id, r.code]));
}

/** A workbook written by ExcelJS (as Excel users' files come back), rows under the export's headers. */
async function excelJsSheet(rows: (string | number | { formula: string })[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("名额分配表");
  ws.addRow(["单位编码", "单位名称", "上级单位编码", "名额类别", "分得名额"]);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A workbook laid out as openpyxl writes it: inline strings, absolute sheet paths, numbers as plain cells. */
function openpyxlSheet(rows: (string | number)[][]): Uint8Array {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const col = (i: number) => String.fromCharCode(65 + i);
  const cell = (v: string | number, r: number, i: number) =>
    typeof v === "number" ? `<c r="${col(i)}${r}"><v>${v}</v></c>` : `<c r="${col(i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`;
  const all = [["单位编码", "单位名称", "上级单位编码", "名额类别", "分得名额"], ...rows];
  const body = all.map((r, ri) => `<row r="${ri + 1}">${r.map((v, i) => cell(v, ri + 1, i)).join("")}</row>`).join("");
  return new Uint8Array(
    zipOf([
      {
        name: "xl/workbook.xml",
        data: `<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名额分配表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      },
      {
        name: "xl/_rels/workbook.xml.rels",
        data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`,
      },
      { name: "xl/worksheets/sheet1.xml", data: `<worksheet ${ns}><sheetData>${body}</sheetData></worksheet>`, deflate: true },
    ]),
  );
}

describe("the pages' read models", () => {
  it("the new-project form offers only the province, city, county and school units in the admin's scope", async () => {
    const county = await projectFormOptions({ db, actor: w.admins.countyA });
    // The county first (units come in tree order; sibling schools in the order of their ids).
    expect(county.units[0]).toMatchObject({ name: "岳麓区", depth: 0 });
    expect(county.units.slice(1).map((u) => [u.name, u.depth]).sort()).toEqual([["岳麓一中", 1], ["岳麓二中", 1]].sort());
    const province = await projectFormOptions({ db, actor: w.admins.province });
    expect(province.units.map((u) => u.name)).not.toContain("师范大学");
    expect(province.units[0]).toMatchObject({ name: "省", depth: 0 });
    const t = await w.teacherAt(w.units.schoolA1);
    expect(await codeOf(projectFormOptions({ db, actor: t.actor }))).toBe("notFound");
  });

  it("the quota plan offers each administered allocation's direct children, with what they already got", async () => {
    const { projectId, root } = await published(10);
    const city = await allocateQuota({ db, actor: w.admins.province, input: { projectId, parentAllocationId: root, orgUnitId: w.units.city.id, seats: 6, quotaKey: "" } });
    const plan = await quotaPlan({ db, actor: w.admins.province, query: { projectId } });
    expect(plan.targets.filter((t) => t.parentAllocationId === root).map((t) => [t.unitName, t.seats])).toEqual([["长沙市", 6]]);
    expect(plan.targets.filter((t) => t.parentAllocationId === city.allocationId).map((t) => t.unitName).sort()).toEqual(["岳麓区", "芙蓉区"].sort());
    // A county admin sees no allocation of theirs yet, so has nowhere to send seats; the city's admin has its counties.
    expect((await quotaPlan({ db, actor: w.admins.countyA, query: { projectId } })).targets).toEqual([]);
    expect((await quotaPlan({ db, actor: w.admins.city, query: { projectId } })).targets.map((t) => t.parentAllocationId)).toEqual([city.allocationId, city.allocationId]);
    expect(await codeOf(quotaPlan({ db, actor: other.admins.province, query: { projectId } }))).toBe("notFound");
  });

  it("the nominate form finds the unit's teachers by name or 教师编号, marks the nominated and shows the covering seats", async () => {
    const { projectId, root } = await published(10);
    const city = await allocateQuota({ db, actor: w.admins.province, input: { projectId, parentAllocationId: root, orgUnitId: w.units.city.id, seats: 5, quotaKey: "" } });
    const county = await allocateQuota({ db, actor: w.admins.city, input: { projectId, parentAllocationId: city.allocationId, orgUnitId: w.units.countyA.id, seats: 3, quotaKey: "" } });
    const school = await allocateQuota({ db, actor: w.admins.countyA, input: { projectId, parentAllocationId: county.allocationId, orgUnitId: w.units.schoolA1.id, seats: 2, quotaKey: "" } });
    const t1 = await w.teacherAt(w.units.schoolA1);
    const t2 = await w.teacherAt(w.units.schoolA1);
    const elsewhere = await w.teacherAt(w.units.schoolA2);
    await nominateTeacher({ db, actor: w.admins.schoolA1, input: { projectId, allocationId: school.allocationId, nominatingUnitId: w.units.schoolA1.id, teacherId: t1.userId, answers: { title: "高级教师" } } });
    const o = await nominationOptions({ db, actor: w.admins.schoolA1, query: { projectId, q: t1.name } });
    expect(o.units.map((u) => u.name)).toEqual(["岳麓一中"]);
    expect(o.seats.map((s) => [s.unitName, s.remaining])).toEqual([
      ["岳麓一中", 1],
      ["岳麓区", 1],
      ["长沙市", 2],
      ["省", 5],
    ]);
    expect(o.teachers.find((t) => t.userId === t1.userId)?.nominated).toBe(true);
    const byName = await nominationOptions({ db, actor: w.admins.schoolA1, query: { projectId, q: t2.name } });
    expect(byName.teachers.map((t) => [t.userId, t.nominated])).toContainEqual([t2.userId, false]);
    // Another school's teacher is not found by this school, whatever the search.
    const cross = await nominationOptions({ db, actor: w.admins.schoolA1, query: { projectId, q: elsewhere.name } });
    expect(cross.teachers.map((t) => t.userId)).not.toContain(elsewhere.userId);
    // LIKE wildcards are text: "%" finds nobody rather than everybody.
    expect((await nominationOptions({ db, actor: w.admins.schoolA1, query: { projectId, q: "%" } })).teachers).toEqual([]);
    expect(await codeOf(nominationOptions({ db, actor: other.admins.schoolA1, query: { projectId } }))).toBe("notFound");
    expect(await codeOf(nominationOptions({ db, actor: w.admins.schoolA1, query: { projectId, q: "a\u0000b" } }))).toBe("badRequest");
  });

  it("a nomination's page carries its trail and what each level may do; the teacher sees the project and its latest step", async () => {
    const { projectId, root } = await published(10);
    const county = await allocateQuota({ db, actor: w.admins.province, input: { projectId, parentAllocationId: root, orgUnitId: w.units.countyB.id, seats: 2, quotaKey: "" } });
    const t = await w.teacherAt(w.units.schoolB1);
    const { nominationId } = await nominateTeacher({ db, actor: w.admins.schoolB1, input: { projectId, allocationId: county.allocationId, nominatingUnitId: w.units.schoolB1.id, teacherId: t.userId, answers: { title: "一级教师" } } });
    const bySchool = await nominationPage({ db, actor: w.admins.schoolB1, query: { nominationId } });
    expect(bySchool.perms).toEqual({ review: false, replace: false, withdraw: false });
    expect(bySchool.answers.find((a) => a.key === "title")).toEqual({ key: "title", label: "职称", value: "一级教师" });
    const byCounty = await nominationPage({ db, actor: w.admins.countyB, query: { nominationId } });
    expect(byCounty.nomination.awaitingUnitName).toBe("芙蓉区");
    expect(byCounty.perms.review).toBe(true);
    await reviewNomination({ db, actor: w.admins.countyB, input: { nominationId, decision: "pass" } });
    await reviewNomination({ db, actor: w.admins.city, input: { nominationId, decision: "pass" } });
    const atOwner = await nominationPage({ db, actor: w.admins.province, query: { nominationId } });
    expect(atOwner.nomination.qualification).toBe(true);
    await reviewNomination({ db, actor: w.admins.province, input: { nominationId, decision: "return", reason: "职称不符" } });
    const returned = await nominationPage({ db, actor: w.admins.schoolB1, query: { nominationId } });
    expect(returned.perms.replace).toBe(true);
    expect(returned.trail.map((s) => [s.action, s.atUnitName])).toEqual([
      ["nomination.create", "芙蓉一中"],
      ["nomination.review.pass", "芙蓉区"],
      ["nomination.review.pass", "长沙市"],
      ["nomination.qualify.return", "省"],
    ]);
    const mine = await myNominations({ db, actor: t.actor });
    expect(mine.filter((m) => m.id === nominationId)).toMatchObject([{ state: "returned", lastAction: "nomination.qualify.return" }]);
    // Another teacher, another school's admin and another province see nothing of it.
    expect((await myNominations({ db, actor: (await w.teacherAt(w.units.schoolB1)).actor })).map((m) => m.id)).not.toContain(nominationId);
    expect(await codeOf(nominationPage({ db, actor: w.admins.schoolA1, query: { nominationId } }))).toBe("notFound");
    expect(await codeOf(nominationPage({ db, actor: other.admins.province, query: { nominationId } }))).toBe("notFound");
    // The list's search finds it by the teacher's name, and not by someone else's.
    expect((await listNominations({ db, actor: w.admins.province, query: { projectId, q: t.name } })).total).toBe(1);
    expect((await listNominations({ db, actor: w.admins.province, query: { projectId, q: "不存在的人" } })).total).toBe(0);
  });
});

describe("the 名额分配表 as .xlsx", () => {
  it("exports the table with codes and figures", async () => {
    const { projectId, root } = await published(10);
    await allocateQuota({ db, actor: w.admins.province, input: { projectId, parentAllocationId: root, orgUnitId: w.units.city.id, seats: 4, quotaKey: "" } });
    const { stream, fileName } = await exportQuotaTable({ db, actor: w.admins.province, query: { projectId } });
    expect(fileName).toMatch(/名额分配表\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.read(stream);
    const ws = wb.worksheets[0]!;
    const code = await codes();
    expect(ws.getRow(1).values).toEqual([undefined, "单位编码", "单位名称", "上级单位编码", "名额类别", "分得名额", "已下发", "本级已用", "本级剩余", "合计已用", "合计剩余"]);
    const city = ws.getRow(3).values as unknown[];
    expect([city[1], city[2], city[3], city[5], city[6], city[7], city[8]]).toEqual([code.get(w.units.city.id), "　长沙市（市）", code.get(w.units.province.id), 4, 0, 0, 4]);
  });

  it("imports a sheet written by ExcelJS: the city and its counties in one go, parents before children", async () => {
    const { projectId } = await published(10);
    const code = await codes();
    const bytes = await excelJsSheet([
      // Children first in the file: the import still gives the city its seats before the counties take theirs.
      [code.get(w.units.countyA.id)!, "岳麓区", code.get(w.units.city.id)!, "", 3],
      [code.get(w.units.countyB.id)!, "芙蓉区", code.get(w.units.city.id)!, "", 2],
      [code.get(w.units.city.id)!, "长沙市", code.get(w.units.province.id)!, "", 6],
    ]);
    expect(await importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "名额.xlsx", bytes } })).toEqual({ ok: true, applied: 3, unchanged: 0 });
    const t = await quotaTable({ db, actor: w.admins.province, query: { projectId } });
    expect(Object.fromEntries(t.rows.map((r) => [r.unitName, [r.seats, r.allocated, r.remaining]]))).toEqual({ 省: [10, 6, 4], 长沙市: [6, 5, 1], 岳麓区: [3, 0, 3], 芙蓉区: [2, 0, 2] });
    // The same file again changes nothing; shrinking the city below what its counties hold is refused.
    expect(await importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "名额.xlsx", bytes } })).toEqual({ ok: true, applied: 0, unchanged: 3 });
    const shrink = await excelJsSheet([[code.get(w.units.city.id)!, "长沙市", code.get(w.units.province.id)!, "", 4]]);
    const r = await importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "名额.xlsx", bytes: shrink } });
    expect(r).toEqual({ ok: false, rows: [expect.objectContaining({ rowNumber: 2, reasons: ["不能少于已下发和已使用的 5 个"] })] });
  });

  it("imports all or nothing: one bad row (over the parent, unknown code, formula, not a number) and no row is applied", async () => {
    const { projectId } = await published(5);
    const code = await codes();
    const p = code.get(w.units.province.id)!;
    const over = await excelJsSheet([
      [code.get(w.units.city.id)!, "长沙市", p, "", 3],
      [code.get(w.units.countyA.id)!, "岳麓区", code.get(w.units.city.id)!, "", 4],
    ]);
    const r = await importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "a.xlsx", bytes: over } });
    expect(r).toEqual({ ok: false, rows: [expect.objectContaining({ rowNumber: 3, reasons: ["名额不足：上级剩余 3 个"] })] });
    expect((await quotaTable({ db, actor: w.admins.province, query: { projectId } })).rows).toHaveLength(1);
    const junk = await excelJsSheet([
      [code.get(w.units.city.id)!, "长沙市", p, "", 2],
      ["NO-SUCH-UNIT", "?", p, "", 1],
      [code.get(w.units.countyA.id)!, "岳麓区", code.get(w.units.city.id)!, "", { formula: "1+1" }],
      [code.get(w.units.countyB.id)!, "芙蓉区", code.get(w.units.city.id)!, "", "两个"],
      [code.get(other.units.city.id)!, "外省", p, "", 1],
    ]);
    const j = await importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "a.xlsx", bytes: junk } });
    expect(j.ok).toBe(false);
    if (j.ok) return;
    expect(j.rows.map((x) => [x.rowNumber, x.reasons[0]])).toEqual([
      [4, "单元格是公式，请改为直接填写数值"],
      [5, "分得名额须为不小于 0 的整数"],
    ]);
    // Row-level problems are reported before any database work; unknown codes (another province's too) next.
    const unknown = await excelJsSheet([
      [code.get(w.units.city.id)!, "长沙市", p, "", 2],
      ["NO-SUCH-UNIT", "?", p, "", 1],
      [code.get(other.units.city.id)!, "外省", p, "", 1],
    ]);
    const u = await importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "a.xlsx", bytes: unknown } });
    expect(u).toEqual({
      ok: false,
      rows: [expect.objectContaining({ rowNumber: 3, reasons: ["单位编码「NO-SUCH-UNIT」不存在"] }), expect.objectContaining({ rowNumber: 4, reasons: [`单位编码「${code.get(other.units.city.id) ?? ""}」不存在`] })],
    });
    expect((await quotaTable({ db, actor: w.admins.province, query: { projectId } })).rows).toHaveLength(1);
  });

  it("imports a sheet laid out as openpyxl writes it, and refuses what is not a quota sheet", async () => {
    const { projectId } = await published(8);
    const code = await codes();
    const bytes = openpyxlSheet([[code.get(w.units.city.id)!, "长沙市", code.get(w.units.province.id)!, "", 5]]);
    expect(await importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "q.xlsx", bytes } })).toEqual({ ok: true, applied: 1, unchanged: 0 });
    const e = await importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "q.xlsx", bytes: new TextEncoder().encode("not a zip") } }).catch((x: { fieldErrors?: unknown }) => x.fieldErrors);
    expect(e).toEqual({ file: [expect.any(String)] });
    expect(await codeOf(importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "q.csv", bytes } }))).toBe("badRequest");
    expect(await codeOf(importQuotaTable({ db, actor: other.admins.province, input: { projectId, fileName: "q.xlsx", bytes } }))).toBe("notFound");
    expect(await codeOf(importQuotaTable({ db, actor: w.admins.province, input: { projectId: randomUUID(), fileName: "q.xlsx", bytes } }))).toBe("notFound");
    // A county admin may not hand out the province's seats; a parent without seats in the project is named as such.
    expect(await importQuotaTable({ db, actor: w.admins.countyA, input: { projectId, fileName: "q.xlsx", bytes } })).toEqual({ ok: false, rows: [expect.objectContaining({ reasons: ["上级单位不在你的管理范围内"] })] });
    const noParent = openpyxlSheet([[code.get(w.units.schoolB1.id)!, "芙蓉一中", code.get(w.units.countyB.id)!, "", 1]]);
    expect(await importQuotaTable({ db, actor: w.admins.province, input: { projectId, fileName: "q.xlsx", bytes: noParent } })).toEqual({ ok: false, rows: [expect.objectContaining({ reasons: ["上级单位还没有本项目的名额"] })] });
  });
});
