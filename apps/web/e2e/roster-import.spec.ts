import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { readRosterRows, writeXlsxFromRows } from "@yanxiu/services/xlsx";
import { idCheckChar } from "@yanxiu/domain/id-number";
import { rosterColumns } from "@yanxiu/domain/roster";
import { signedIn, urlFor } from "./support.ts";

const headers: string[] = rosterColumns.map((c) => c.header);
// The columns such a list has, in its own order (the import matches headers, not positions).
const hoursHeaders: string[] = ["教师编号", "身份证号", "手机号", "姓名", "项目名称", "学时", "类别", "级别", "完成日期", "来源平台"];

async function rosterFile(rows: string[][]): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-e2e-roster-"));
  const file = path.join(dir, "湖南名册.xlsx");
  await writeXlsxFromRows(file, headers, rows);
  return file;
}

test("a province admin imports 50 rows with 3 bad ones, watches the progress, downloads the report and finds 47 teachers", async ({ page }) => {
  const rows: string[][] = [];
  for (let i = 1; i <= 50; i++) {
    const n = String(i).padStart(3, "0");
    // 教师编号 姓名 性别 手机号 邮箱 学校代码 学段 学科 职称 骨干级别
    rows.push([`E2E${n}`, `导入教师${n}`, i % 2 ? "女" : "男", `1370000${n.padStart(4, "0")}`, "", "4301040001", "初中", "数学", "二级教师", ""]);
  }
  rows[9]![3] = "1234"; // row 11: bad phone
  rows[19]![5] = "9999999999"; // row 21: unknown school
  rows[29]![2] = "未知"; // row 31: bad gender
  const file = await rosterFile(rows);

  await signedIn(page, "hunan", "hn_admin");
  await page.goto(urlFor("hunan", "/admin/import"));
  await expect(page.getByRole("link", { name: "下载导入模板（.xlsx）" })).toBeVisible();
  await page.getByLabel(/名册文件/).setInputFiles(file);
  await page.getByRole("button", { name: "开始导入" }).click();

  await expect(page).toHaveURL(/\/admin\/import\/[0-9a-f-]{36}$/);
  const progress = page.getByTestId("import-progress");
  await expect(progress).toBeVisible();
  await expect(page.getByRole("heading", { name: "导入完成" })).toBeVisible({ timeout: 20_000 });
  await expect(progress).toHaveAttribute("value", "100");
  await expect(page.getByTestId("import-counts")).toHaveText("已检查 50 / 50 行，写入 47 行，未通过 3 行");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /下载未通过的 3 行/ }).click()]);
  const saved = path.join(path.dirname(file), "report.xlsx");
  await download.saveAs(saved);
  const report: string[][] = [];
  for await (const r of readRosterRows(saved, "xlsx")) report.push(r.cells.map((c) => String(c ?? "")));
  expect(report.slice(1).map((r) => r[0])).toEqual(["11", "21", "31"]);
  expect(report[1]!.at(-1)).toContain("手机号");
  expect(report[2]!.at(-1)).toContain("9999999999");
  expect(report[3]!.at(-1)).toContain("性别");

  await page.getByRole("link", { name: "查看教师名单" }).click();
  await page.getByLabel("搜索").fill("导入教师");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.getByTestId("teacher-list").locator("tbody tr")).toHaveCount(47);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test("a school's roster with a title row and extra columns imports with notes, and importing it again says nobody was new or changed", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-e2e-roster-"));
  const file = path.join(dir, "岳麓区名册.xlsx");
  // The title is the sheet's first row; the header the school used is the second.
  await writeXlsxFromRows(file, ["岳麓区2024年教师名册"], [
    ["教师编号", "教师姓名", "性别", "手机号码", "电子邮箱", "学校代码", "学校名称", "任教学段", "任教学科", "骨干等级"],
    ["E2R001", "名册甲", "女", "13955500001", "", "4301040001", "长沙市岳麓区第一中学", "初中", "语文", "县级骨干"],
    ["E2R002", "名册乙", "男", "13955500002", "", "4301040002", "岳麓区莲花镇中心小学", "小学", "数学", "无"],
    ["E2R003", "名册丙", "女", "13955500003", "", "4301040002", "岳麓区莲花镇中心小学", "幼儿园", "", ""],
  ]);
  await signedIn(page, "hunan", "hn_admin");
  const importIt = async () => {
    await page.goto(urlFor("hunan", "/admin/import"));
    await page.getByLabel(/名册文件/).setInputFiles(file);
    await page.getByRole("button", { name: "开始导入" }).click();
    await expect(page.getByRole("heading", { name: "导入完成" })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("import-counts")).toHaveText("已检查 3 / 3 行，写入 3 行，未通过 0 行");
  };

  await importIt();
  await expect(page.getByTestId("import-outcome")).toHaveText("其中新增 3 人，更新 0 人，无变化 0 人");
  await expect(page.getByTestId("import-notes").getByRole("listitem")).toHaveText(["已跳过表头上方的第 1 行：岳麓区2024年教师名册", "已忽略“学校名称”列：学校以学校代码为准"]);

  await importIt();
  await expect(page.getByTestId("import-outcome")).toHaveText("其中新增 0 人，更新 0 人，无变化 3 人");
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a county admin's import into another county is refused row by row", async ({ page }) => {
  const file = await rosterFile([
    ["CTY001", "越权导入", "女", "13600000001", "", "4301030001", "小学", "语文", "", ""], // 天心区: not theirs
    ["CTY002", "本县导入", "男", "13600000002", "", "4301040002", "小学", "语文", "", ""], // 岳麓区
  ]);
  await signedIn(page, "hunan", "hn_county");
  await page.goto(urlFor("hunan", "/admin/import"));
  await page.getByLabel(/名册文件/).setInputFiles(file);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByRole("heading", { name: "导入完成" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("import-counts")).toHaveText("已检查 2 / 2 行，写入 1 行，未通过 1 行");
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test("a file that is not a spreadsheet gets a clear message and starts nothing", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-e2e-bad-"));
  const file = path.join(dir, "名册.xlsx");
  fs.writeFileSync(file, "this is not a spreadsheet");
  await signedIn(page, "hunan", "hn_admin");
  await page.goto(urlFor("hunan", "/admin/import"));
  await page.getByLabel(/名册文件/).setInputFiles(file);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByRole("alert")).toHaveText("这不是有效的 .xlsx 或 .csv 表格文件。请使用导入模板。");
  await expect(page).toHaveURL(/\/admin\/import(\?index)?$/);
  fs.rmSync(dir, { recursive: true, force: true });
});

// In this file (it runs after lists.spec, which counts the demo's teachers): the two teachers it adds change no count there.
test("a roster registers 身份证号 (kept only as a keyed hash); a list from another platform with nothing but 身份证号 then lands in those teachers' ledgers", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-e2e-idno-"));
  const run = Date.now().toString().slice(-6);
  // Two valid numbers for this run (a random sequence part, the GB 11643 check character computed).
  const idOf = (seq: string) => {
    const first17 = `43010419850202${seq}`;
    return first17 + idCheckChar(first17);
  };
  const ids = [idOf(run.slice(0, 3)), idOf(run.slice(3, 6))];
  if (ids[0] === ids[1]) ids[1] = idOf(String((Number(run.slice(3, 6)) + 1) % 1000).padStart(3, "0"));
  const roster = path.join(dir, "名册-身份证号.xlsx");
  await writeXlsxFromRows(roster, headers, [
    // 教师编号 姓名 性别 手机号 邮箱 学校代码 学段 学科 职称 骨干级别 身份证号
    [`ID${run}1`, "证号甲", "女", `1391${run}1`, "", "4301040001", "初中", "语文", "", "", ids[0]!],
    [`ID${run}2`, "证号乙", "男", `1391${run}2`, "", "4301040001", "初中", "数学", "", "", ids[1]!.toLowerCase()],
  ]);
  await signedIn(page, "hunan", "hn_admin");
  await page.goto(urlFor("hunan", "/admin/import"));
  await page.getByLabel(/名册文件/).setInputFiles(roster);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByRole("heading", { name: "导入完成" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("import-counts")).toHaveText("已检查 2 / 2 行，写入 2 行，未通过 0 行");
  await page.goto(urlFor("hunan", `/admin/people?q=ID${run}1`));
  await page.getByTestId("teacher-list").getByRole("link", { name: "证号甲" }).click();
  await expect(page.getByTestId("id-number-state")).toHaveText("已登记（只保存加密摘要，用于匹配其他平台的学时名单）");
  // The page never carries the number or its hash.
  expect(await page.content()).not.toContain(ids[0]!.slice(6, 14) + ids[0]!.slice(14));

  const list = path.join(dir, "智慧教育平台学时.xlsx");
  const listTitle = `E2E 暑期研修（按身份证号）${run}`;
  // 教师编号 身份证号 手机号 姓名 项目名称 学时 类别 级别 完成日期 来源平台
  await writeXlsxFromRows(list, hoursHeaders, [
    ["", ids[0]!, "", "证号甲", listTitle, "8", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"],
    ["", ids[1]!, "", "证号乙", listTitle, "8", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"],
  ]);
  await page.goto(urlFor("hunan", "/admin/credits/import"));
  await page.getByLabel(/学时名单/).setInputFiles(list);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByTestId("hours-import-outcome")).toHaveText("已导入 2 条学时（2 位教师），跳过重复 0 行。", { timeout: 20_000 });
  fs.rmSync(dir, { recursive: true, force: true });
});
