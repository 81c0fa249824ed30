import fs from "node:fs";
import { expect } from "@playwright/test";
import { signedIn, test, urlFor, waitForHydration } from "./support.ts";

test("a county admin's dashboard starts at their county, drills to a school's teachers, and downloads a chart's data", async ({ browser }) => {
  test.setTimeout(180_000);
  const provinceCtx = await browser.newContext();
  const countyCtx = await browser.newContext({ acceptDownloads: true });
  try {
    // Rollups computed once (the nightly job's work, asked for now); awards move them from then on.
    const province = await provinceCtx.newPage();
    await signedIn(province, "hunan", "hn_admin");
    await province.goto(urlFor("hunan", "/admin/rollups"));
    await waitForHydration(province);
    await province.getByRole("button", { name: /重新计算/ }).click();
    await expect(async () => {
      await province.goto(urlFor("hunan", "/admin/dashboard"));
      await expect(province.getByTestId("dashboard-kpis")).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    await expect(province.getByTestId("dashboard-units")).toContainText("长沙市");
    // Kept with the results to look at: the province's dashboard on a laptop and on a phone.
    for (const [size, viewport] of [["desktop", { width: 1366, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
      await province.setViewportSize(viewport);
      await waitForHydration(province);
      await expect(province.getByTestId("dashboard-hoursByMonth").locator("canvas")).toHaveCount(1);
      const [scrollWidth, innerWidth] = await province.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await province.screenshot({ path: test.info().outputPath(`dashboard-province-${size}.png`), fullPage: true });
    }

    const county = await countyCtx.newPage();
    await signedIn(county, "hunan", "hn_county");
    await county.getByRole("link", { name: "数据看板" }).first().click();
    await expect(county).toHaveURL(/\/admin\/dashboard/);
    await waitForHydration(county);
    // The way up stops at the county: one step, the county itself, no link to the city or the province.
    const trail = county.getByTestId("dashboard-trail");
    await expect(trail.getByRole("listitem")).toHaveCount(1);
    await expect(trail.getByRole("link")).toHaveCount(0);
    await expect(county.getByTestId("dashboard-hoursByMonth").locator("canvas")).toHaveCount(1);

    // Filters stay in the URL: another year, then drill to the first school.
    const lastYear = String(new Date().getFullYear() - 1);
    await county.getByLabel("学时年度").selectOption(lastYear);
    await county.getByRole("button", { name: "查看" }).click();
    await expect(county).toHaveURL(new RegExp(`year=${lastYear}`));
    const school = county.getByTestId("dashboard-unit").first().getByRole("link");
    const schoolName = (await school.innerText()).trim();
    await school.click();
    await expect(county).toHaveURL(new RegExp(`unit=[0-9a-f-]{36}.*year=${lastYear}|year=${lastYear}.*unit=`));
    await expect(county.getByRole("heading", { level: 1 })).toContainText(schoolName);
    await expect(county.getByTestId("dashboard-teachers").getByRole("row")).not.toHaveCount(0);
    await expect(trail.getByRole("link")).toHaveCount(1);

    await county.screenshot({ path: test.info().outputPath("dashboard-school-desktop.png"), fullPage: true });
    const [download] = await Promise.all([county.waitForEvent("download"), county.getByTestId("download-teachers").click()]);
    expect(download.suggestedFilename()).toBe(`${schoolName}-本校教师.xlsx`);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
  } finally {
    await provinceCtx.close();
    await countyCtx.close();
  }
});
