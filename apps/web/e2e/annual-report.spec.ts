import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { signedIn, urlFor } from "./support.ts";

test("a county admin goes from the dashboard to the annual quality report, generates it and downloads the PDF", async ({ page }) => {
  await signedIn(page, "hunan", "hn_county");
  await page.goto(urlFor("hunan", "/admin/dashboard"));
  const county = (await page.locator("h1").innerText()).split("·")[1]!.trim();
  await page.getByTestId("dashboard-report-link").click();
  await expect(page).toHaveURL(/\/admin\/reports\?unit=[0-9a-f-]{36}&year=\d{4}$/);
  await expect(page.getByRole("heading", { name: "年度质量报告", level: 1 })).toBeVisible();
  // The year-end schedule is the province's: a county admin reads it and has nothing to change.
  await expect(page.getByTestId("report-schedule-state")).toBeVisible();
  await expect(page.getByText("此设置由省级管理员管理。")).toBeVisible();
  await expect(page.getByTestId("report-schedule-enabled")).toHaveCount(0);
  // The form starts on the dashboard's unit and year.
  await expect(page.getByLabel("范围")).toHaveValue(new URL(page.url()).searchParams.get("unit")!);
  const year = new URL(page.url()).searchParams.get("year")!;
  await expect(page.getByLabel("年度")).toHaveValue(year);

  await page.getByRole("button", { name: "生成", exact: true }).click();
  await expect(page.getByTestId("report-result")).toHaveText("已提交，正在生成。完成后可在下方列表下载。");
  const row = page.getByTestId("report-row").first();
  await expect(row).toContainText(county);
  await expect(row).toContainText(year);
  // The page polls while the worker writes it; then the download link shows with the page count.
  const link = row.getByTestId("report-download");
  await expect(link).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText("已完成");
  await expect(row).toContainText(/\d+ 页 · \d+ KB/);

  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe(`${county}${year}年度教师教育质量报告.pdf`);
  const bytes = fs.readFileSync((await download.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  expect(bytes.length).toBeGreaterThan(10_000);
});

test("the province admin switches 自动生成 off and on, picks the day of January, and the setting sticks", async ({ page }) => {
  await signedIn(page, "hunan", "hn_admin");
  await page.goto(urlFor("hunan", "/admin/reports"));
  const enabled = page.getByTestId("report-schedule-enabled");
  const day = page.getByLabel("生成日期");
  const save = page.getByRole("button", { name: "保存设置" });
  const state = page.getByTestId("report-schedule-state");

  await enabled.uncheck();
  await save.click();
  await expect(page.getByTestId("report-schedule-result")).toHaveText("设置已保存。");
  await expect(state).toHaveText("已关闭：不自动生成报告。");
  await page.reload();
  await expect(enabled).not.toBeChecked();
  await expect(state).toHaveText("已关闭：不自动生成报告。");

  await enabled.check();
  await day.selectOption("20");
  await save.click();
  await expect(state).toHaveText("已开启：每年 1 月 20 日起自动生成上一年度报告。");
  await page.reload();
  await expect(enabled).toBeChecked();
  await expect(day).toHaveValue("20");

  // Back to the default, for whoever comes next.
  await day.selectOption("15");
  await save.click();
  await expect(state).toHaveText("已开启：每年 1 月 15 日起自动生成上一年度报告。");
});
