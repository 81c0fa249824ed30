import { expect, test } from "@playwright/test";
import { signedIn, urlFor } from "./support.ts";

test("a province admin builds a small tree and sees teacher counts per unit", async ({ page }) => {
  const suffix = String(Date.now()).slice(-6);
  await signedIn(page, "hunan", "hn_admin");
  await page.getByRole("link", { name: "进入管理" }).first().click();
  await expect(page).toHaveURL(urlFor("hunan", "/admin/org"));
  await expect(page.getByRole("heading", { name: "组织机构", level: 1 })).toBeVisible();

  // Drill down: 湖南省 → 长沙市, where the counties show their teacher counts.
  await page.getByRole("link", { name: "湖南省", exact: true }).click();
  await page.getByRole("link", { name: "长沙市", exact: true }).click();
  const children = page.getByTestId("org-children");
  await expect(children.locator("tr", { hasText: "岳麓区" })).toContainText("430104");
  await expect(children.locator("tr", { hasText: "岳麓区" }).locator("td").nth(3)).toHaveText("7");
  await expect(children.locator("tr", { hasText: "天心区" }).locator("td").nth(3)).toHaveText("2");

  // Add a county under 长沙市, then a rural school under it.
  const add = page.getByRole("region", { name: "在“长沙市”下添加机构" });
  await add.getByLabel("类型").selectOption("county");
  await add.getByLabel("名称").fill(`开福区${suffix}`);
  await add.getByLabel("代码").fill(`E2E-${suffix}`);
  await add.getByRole("button", { name: "添加" }).click();
  await expect(page.getByRole("status")).toHaveText("已保存。");
  await page.getByRole("link", { name: `开福区${suffix}` }).click();
  await expect(page.getByText("这里还没有下级机构")).toBeVisible();
  const addSchool = page.getByRole("region", { name: `在“开福区${suffix}”下添加机构` });
  await addSchool.getByLabel("名称").fill(`开福区乡村小学${suffix}`);
  await addSchool.getByLabel("代码").fill(`E2E-S-${suffix}`);
  await addSchool.getByLabel("小学").check();
  await addSchool.getByLabel("乡村").check();
  await addSchool.getByRole("button", { name: "添加" }).click();
  const row = page.getByTestId("org-children").locator("tr", { hasText: `开福区乡村小学${suffix}` });
  await expect(row).toContainText("乡村");
  await expect(row.locator("td").nth(3)).toHaveText("0");

  // A duplicate code is refused next to the field, and nothing is added.
  await addSchool.getByLabel("名称").fill("重复代码学校");
  await addSchool.getByLabel("代码").fill(`E2E-S-${suffix}`);
  await addSchool.getByRole("button", { name: "添加" }).click();
  await expect(addSchool.getByText("该代码已被使用")).toBeVisible();
  await expect(page.getByTestId("org-children").locator("tbody tr")).toHaveCount(1);

  // Search by code finds the new school.
  await page.getByPlaceholder("按名称或代码搜索机构").fill(`E2E-S-${suffix}`);
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page.getByRole("link", { name: `开福区乡村小学${suffix}` })).toBeVisible();

  // Every step is in the audit log.
  await page.getByRole("link", { name: "审计日志" }).click();
  const audit = page.getByTestId("audit-list");
  await expect(audit).toContainText("新建机构");
  await expect(audit).toContainText("刘建国（hn_admin）");
});

test("a county admin sees and manages only their county", async ({ page }) => {
  await signedIn(page, "hunan", "hn_county");
  await page.goto(urlFor("hunan", "/admin/org"));
  const children = page.getByTestId("org-children");
  await expect(children.locator("tbody tr")).toHaveCount(1);
  await expect(children).toContainText("岳麓区");

  await page.getByRole("link", { name: "人员" }).click();
  const list = page.getByTestId("teacher-list");
  await expect(list).toContainText("王芳");
  await expect(list).not.toContainText("贺晓燕"); // 天心区
  await expect(list).not.toContainText("罗嘉");
  await expect(list.locator("tbody tr")).toHaveCount(7);

  // Filters: rural teachers of the county.
  await page.getByLabel("城乡").selectOption("yes");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(list.locator("tbody tr")).toHaveCount(3);
  await expect(list).toContainText("张伟");

  // Another county's unit is a 404, whether by link or by guessing its id.
  const res = await page.goto(urlFor("hunan", "/admin/people?orgUnitId=00000000-0000-4000-8000-000000000000"));
  expect(res?.status()).toBe(404);
});

test("a teacher has no admin pages at all", async ({ page }) => {
  await signedIn(page, "hunan", "hn_teacher1");
  const res = await page.goto(urlFor("hunan", "/admin/people"));
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("alert")).toContainText("页面不存在");
});

test("a county admin exports their filtered list to .xlsx and watches it finish", async ({ page }) => {
  await signedIn(page, "hunan", "hn_county");
  await page.goto(urlFor("hunan", "/admin/people?rural=yes"));
  await page.getByRole("button", { name: "导出 Excel" }).click();
  await expect(page).toHaveURL(/\/admin\/exports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "导出完成" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("export-counts")).toHaveText("已导出 3 / 3 人");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载名单（.xlsx）" }).click()]);
  expect(download.suggestedFilename()).toBe("教师名单.xlsx");
});

test("a county admin exports 周期学时 (only those behind, every page of them) and downloads it", async ({ page }) => {
  await signedIn(page, "hunan", "hn_county");
  await page.goto(urlFor("hunan", "/admin/credits?behind=1&size=20"));
  const total = Number((await page.getByText(/^共 \d+ 条$/).first().textContent())?.match(/\d+/)?.[0]);
  expect(total).toBeGreaterThan(0);
  await page.getByTestId("export-credit-status").click();
  await expect(page).toHaveURL(/\/admin\/exports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "导出完成" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("export-counts")).toHaveText(`已导出 ${total} / ${total} 人`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载名单（.xlsx）" }).click()]);
  expect(download.suggestedFilename()).toBe("周期学时.xlsx");
  await page.getByRole("link", { name: "← 返回周期学时" }).click();
  await expect(page).toHaveURL(/\/admin\/credits$/);
});

test("the people list masks phone numbers, in the page and in its data; the person's page shows the whole number", async ({ page }) => {
  await signedIn(page, "hunan", "hn_admin");
  const res = await page.goto(urlFor("hunan", "/admin/people?q=43T0003"));
  const html = (await res?.text()) ?? "";
  const row = page.getByRole("row").filter({ hasText: "43T0003" });
  await expect(row).toContainText("138****0003");
  expect(html).not.toContain("13800000003");
  await row.getByRole("link").first().click();
  await expect(page.getByRole("region", { name: "基本信息" })).toContainText("13800000003");
});
