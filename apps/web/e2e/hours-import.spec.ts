import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { writeXlsxFromRows } from "@yanxiu/services/xlsx";
import { hoursImportColumns } from "@yanxiu/domain/hours-import";
import { signedIn, signOut, urlFor } from "./support.ts";

const headers = hoursImportColumns.map((c) => c.header);
const title = "E2E 寒假网络研修（平台导入）";
// 教师编号 身份证号 手机号 姓名 项目名称 学时 学分 类别 级别 完成日期 来源平台
const zhangWei = ["43T0003", "", "", "张伟", title, "12", "", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"];
const dengLijun = ["", "", "13900000102", "邓丽君", title, "12", "", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"];
/** 贺晓燕 teaches in 天心区, outside 岳麓区 where hn_county is admin. */
const heXiaoyan = ["", "", "13900000104", "贺晓燕", title, "12", "", "网络研修", "国家级", "2026-07-20", "国家智慧教育平台"];

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

test("a 学分-only list in a 学分 province (四川) lands as stated, and the teacher's 为何 page says where the 学分 came from", async ({ page }) => {
  const creditsTitle = "E2E 寒假网络研修（学分名单）";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-e2e-credits-"));
  const file = path.join(dir, "寒假研修学分.xlsx");
  // A 学分-native platform's export: 获得学分, no 学时 column. 吴霞 (51T0003) teaches in 武侯区, sc_county's county.
  await writeXlsxFromRows(file, ["教师编号", "姓名", "培训项目名称", "获得学分", "培训类别", "项目级别", "结业日期"], [["51T0003", "吴霞", creditsTitle, "2", "网络研修", "国家级", "2026-07-20"]]);

  await signedIn(page, "sichuan", "sc_county");
  await page.goto(urlFor("sichuan", "/admin/credits/import"));
  await expect(page.getByText(/学分：名单只给学分时/)).toBeVisible();
  await page.getByLabel(/学时名单/).setInputFiles(file);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(page.getByTestId("hours-import-outcome")).toHaveText("已导入 1 条学时（1 位教师），跳过重复 0 行。", { timeout: 20_000 });

  await signOut(page);
  await signedIn(page, "sichuan", "sc_teacher3");
  await page.goto(urlFor("sichuan", "/my/credits"));
  const row = page.getByTestId("ledger-row").filter({ hasText: creditsTitle });
  await expect(row.getByTestId("ledger-stated-credits")).toHaveText("名单 2 学分");
  await page.goto(urlFor("sichuan", "/my/credits/why"));
  await expect(page.getByTestId("why-award").filter({ hasText: creditsTitle })).toContainText(`「${creditsTitle}」（国家级，参与）：名单认定 2 学分，按名单计入`);
  fs.rmSync(dir, { recursive: true, force: true });
});
