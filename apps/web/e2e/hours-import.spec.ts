import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { writeXlsxFromRows } from "@yanxiu/services/xlsx";
import { hoursImportColumns } from "@yanxiu/domain/hours-import";
import { idCheckChar } from "@yanxiu/domain/id-number";
import { rosterColumns } from "@yanxiu/domain/roster";
import { signedIn, signOut, urlFor } from "./support.ts";

const headers = hoursImportColumns.map((c) => c.header);
const title = "E2E 寒假网络研修（平台导入）";
// 教师编号 身份证号 手机号 姓名 项目名称 学时 类别 级别 完成日期 来源平台
const zhangWei = ["43T0003", "", "", "张伟", title, "12", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"];
const dengLijun = ["", "", "13900000102", "邓丽君", title, "12", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"];
/** 贺晓燕 teaches in 天心区, outside 岳麓区 where hn_county is admin. */
const heXiaoyan = ["", "", "13900000104", "贺晓燕", title, "12", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"];

test("a county admin imports another platform's 学时 list: a row outside the county blocks it, the fixed list lands, and the teacher sees the hours", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-e2e-hours-"));
  const first = path.join(dir, "寒假研修学时.xlsx");
  const second = path.join(dir, "寒假研修学时-修改后.xlsx");
  await writeXlsxFromRows(first, headers, [zhangWei, heXiaoyan]);
  await writeXlsxFromRows(second, headers, [zhangWei, dengLijun, zhangWei]);

  await signedIn(page, "hunan", "hn_county");
  await page.goto(urlFor("hunan", "/admin/credits"));
  await page.getByRole("link", { name: "批量导入学时" }).click();
  await expect(page).toHaveURL(urlFor("hunan", "/admin/credits/import"));
  await expect(page.getByRole("link", { name: "下载学时导入模板（.xlsx）" })).toBeVisible();

  // One row outside the county: nothing is written, the row is named with its reason.
  await page.getByLabel(/学时名单/).setInputFiles(first);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page).toHaveURL(/\/admin\/credits\/import\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("hours-import-refused")).toHaveText("有 1 行未通过检查，整份文件未导入。请按下表修改后重新上传。", { timeout: 20_000 });
  const refusedRow = page.getByTestId("hours-import-row");
  await expect(refusedRow).toHaveCount(1);
  await expect(refusedRow).toContainText("3");
  await expect(refusedRow).toContainText("该教师不在你的管理范围内");
  await expect(page.getByRole("link", { name: "下载逐行结果（.xlsx）" })).toBeVisible();

  // The fixed list: two teachers (by 教师编号 and by 手机号), and a repeated row skipped, not refused.
  await page.getByRole("link", { name: "再导入一个文件" }).click();
  await page.getByLabel(/学时名单/).setInputFiles(second);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByTestId("hours-import-outcome")).toHaveText("已导入 2 条学时（2 位教师），跳过重复 1 行。", { timeout: 20_000 });
  await expect(page.getByTestId("import-progress")).toHaveAttribute("value", "100");
  await expect(page.getByTestId("hours-import-row")).toContainText("与第 2 行重复");
  await page.getByRole("link", { name: "批量导入学时" }).click();
  await expect(page.getByText("导入完成 · 导入 2 条，跳过 1 行，未通过 0 行")).toBeVisible();
  await expect(page.getByText("未导入 · 导入 0 条，跳过 0 行，未通过 1 行")).toBeVisible();

  // 张伟's 我的学时 shows the hours.
  await signOut(page);
  await signedIn(page, "hunan", "hn_teacher3");
  await page.goto(urlFor("hunan", "/my/credits"));
  const row = page.getByTestId("ledger-row").filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("12");
  await expect(row).toContainText("网络研修");
  fs.rmSync(dir, { recursive: true, force: true });
});

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
  await writeXlsxFromRows(roster, rosterColumns.map((c) => c.header), [
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
  await writeXlsxFromRows(list, headers, [
    ["", ids[0]!, "", "证号甲", listTitle, "8", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"],
    ["", ids[1]!, "", "证号乙", listTitle, "8", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"],
  ]);
  await page.goto(urlFor("hunan", "/admin/credits/import"));
  await page.getByLabel(/学时名单/).setInputFiles(list);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByTestId("hours-import-outcome")).toHaveText("已导入 2 条学时（2 位教师），跳过重复 0 行。", { timeout: 20_000 });
  fs.rmSync(dir, { recursive: true, force: true });
});
