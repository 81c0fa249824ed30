import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRosterRows } from "../platform/xlsx/xlsx.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { chinaDay, exportLedger, reverseAward } from "./index.ts";
import { codeOf, seedAward, seedCreditWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-ledger-"));
afterAll(async () => {
  await db.close();
  await owner.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let other: Awaited<ReturnType<typeof seedCreditWorld>>;
let ta: Awaited<ReturnType<typeof w.teacherAt>>;
const today = chinaDay();

async function sheet(p: Promise<{ stream: Readable; fileName: string }>) {
  const { stream, fileName } = await p;
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.xlsx`);
  await pipeline(stream, fs.createWriteStream(file));
  const rows: string[][] = [];
  for await (const row of readRosterRows(file, "xlsx")) rows.push(row.cells.map((c) => String(c ?? "")));
  return { fileName, rows };
}

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  other = await seedCreditWorld(owner);
  ta = await w.teacherAt(w.units.schoolA.id, "导出甲");
  await seedAward(db, w.tenantId, ta.userId, { hours: 24, countsFor: today, title: "新课标研修（网络）" });
  const wrong = await seedAward(db, w.tenantId, ta.userId, { hours: 36.5, countsFor: today, title: "集中培训（重复录入）", category: "concentrated" });
  await reverseAward({ db, actor: w.countyAdminA, input: { awardId: wrong, reason: "重复录入" } });
});

describe("学时明细 export", () => {
  it("gives the teacher every row of their ledger, reversals and what they cancelled included, in Chinese", async () => {
    const { fileName, rows } = await sheet(exportLedger({ db, actor: ta.actor }));
    expect(fileName).toBe("导出甲-学时明细.xlsx");
    expect(rows[0]).toEqual(["日期", "项目", "类别", "级别", "角色", "学时", "名单学分", "来源", "说明"]);
    const body = rows.slice(1);
    expect(body).toHaveLength(3);
    expect(body).toContainEqual([today, "新课标研修（网络）", "网络研修", "省级", "参与", "24", "", "课程结业", ""]);
    expect(body).toContainEqual([today, "集中培训（重复录入）", "集中培训", "省级", "参与", "36.5", "", "课程结业", "已撤销：重复录入"]);
    expect(body.find((r) => r[7] === "撤销")).toMatchObject({ 5: "-36.5", 8: "重复录入" });
  });

  it("gives an administrator over the teacher the same rows; anyone else, another county or province, gets notFound", async () => {
    const mine = await sheet(exportLedger({ db, actor: ta.actor }));
    const admin = await sheet(exportLedger({ db, actor: w.countyAdminA, teacherId: ta.userId }));
    expect(admin.rows).toEqual(mine.rows);
    expect(await codeOf(exportLedger({ db, actor: w.countyAdminB, teacherId: ta.userId }))).toBe("notFound");
    expect(await codeOf(exportLedger({ db, actor: other.provinceAdmin, teacherId: ta.userId }))).toBe("notFound");
    expect(await codeOf(exportLedger({ db, actor: w.countyAdminA, teacherId: "x\u0000" }))).toBe("badRequest");
  });
});
