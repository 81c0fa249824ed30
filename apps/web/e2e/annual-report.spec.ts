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
