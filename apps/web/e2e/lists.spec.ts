import { expect } from "@playwright/test";
import { signedIn, test, urlFor } from "./support.ts";

test("人员: the total, column headers that sort and keep the filters, numbered pages; a malformed sort or page is a 400", async ({ page }) => {
  await signedIn(page, "hunan", "hn_admin");
  await page.goto(urlFor("hunan", "/admin/people?rural=yes"));
  const list = page.getByTestId("teacher-list");
  const pager = page.getByRole("navigation", { name: "分页" });
  await expect(pager).toContainText("共 3 条");
  const firstCells = () => list.locator("tbody tr td:first-child").allTextContents();
  const byNo = list.getByRole("columnheader", { name: /教师编号/ });
  await expect(list.getByRole("columnheader", { name: /姓名/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(byNo).toHaveAttribute("aria-sort", "none");

  await byNo.getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/people\?rural=yes&sort=teacherNo$/);
  await expect(byNo).toHaveAttribute("aria-sort", "ascending");
  expect(await firstCells()).toEqual(["43T0003", "43T0102", "43T0103"]);
  await byNo.getByRole("link").click();
  await expect(page).toHaveURL(/sort=teacherNo&dir=desc/);
  await expect(byNo).toHaveAttribute("aria-sort", "descending");
  expect(await firstCells()).toEqual(["43T0103", "43T0102", "43T0003"]);

  // A new search keeps the order; the filter form starts again at page 1.
  await page.getByLabel("城乡").selectOption("");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/sort=teacherNo/);
  await expect(pager).toContainText("共 9 条");
  await expect(pager.getByRole("link", { name: "第 1 页" })).toBeVisible();

  // Past the last page: the page says so and leads back.
  await page.goto(urlFor("hunan", "/admin/people?size=20&page=2"));
  await expect(page.locator(".yx-empty")).toContainText("这一页没有内容了。");
  await page.getByRole("link", { name: "回到第一页" }).click();
  await expect(list.locator("tbody tr")).toHaveCount(9);

  for (const bad of ["sort=phone", "dir=up", "page=0", "page=abc", "size=7"]) {
    const res = await page.goto(urlFor("hunan", `/admin/people?${bad}`));
    expect([bad, res?.status()]).toEqual([bad, 400]);
  }
});

test("周期学时: the total, sorting by cycle hours, a name search kept in the URL; a malformed sort is a 400", async ({ page }) => {
  await signedIn(page, "hunan", "hn_admin");
  await page.goto(urlFor("hunan", "/admin/credits"));
  const list = page.getByTestId("cycle-status-list");
  const pager = page.getByRole("navigation", { name: "分页" });
  await expect(pager).toContainText(/共 \d+ 条/);
  const hours = list.getByRole("columnheader", { name: /周期学时/ });
  await hours.getByRole("link").click();
  await expect(hours).toHaveAttribute("aria-sort", "ascending");
  await hours.getByRole("link").click();
  await expect(hours).toHaveAttribute("aria-sort", "descending");
  const cells = await list.locator("tbody tr td:nth-child(3)").allTextContents();
  const values = cells.map((c) => Number(c.split("/")[0]));
  expect(values).toEqual([...values].sort((a, b) => b - a));

  const search = page.getByRole("search").getByLabel("搜索");
  await search.fill("王芳");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/q=%E7%8E%8B%E8%8A%B3.*sort=cycleHours&dir=desc|sort=cycleHours&dir=desc.*q=%E7%8E%8B%E8%8A%B3/);
  await expect(pager).toContainText("共 1 条");
  await expect(list.locator("tbody tr")).toHaveCount(1);

  await search.fill("没有这个人");
  await page.getByRole("button", { name: "筛选" }).click();
  const empty = page.locator(".yx-empty");
  await expect(empty).toContainText("没有符合条件的教师。");
  await empty.getByRole("link", { name: "清除筛选" }).click();
  await expect(page).toHaveURL(/\/admin\/credits$/);

  const res = await page.goto(urlFor("hunan", "/admin/credits?sort=yearHours"));
  expect(res?.status()).toBe(400);
});

test("我的课程 and 名师工作室 show their totals with page numbers; a malformed page is a 400", async ({ page }) => {
  await signedIn(page, "hunan", "hn_trainer");
  await page.goto(urlFor("hunan", "/trainer/courses"));
  await expect(page.getByRole("navigation", { name: "分页" })).toContainText(/共 \d+ 条/);
  expect((await page.goto(urlFor("hunan", "/trainer/courses?size=7")))?.status()).toBe(400);

  await page.goto(urlFor("hunan", "/studios"));
  const pager = page.getByRole("navigation", { name: "分页" });
  await expect(pager).toContainText(/共 \d+ 条/);
  await expect(pager.getByRole("link", { name: "第 1 页" })).toBeVisible();
  expect((await page.goto(urlFor("hunan", "/studios?page=1001")))?.status()).toBe(400);
  await page.goto(urlFor("hunan", "/studios?q=没有这个工作室"));
  await expect(page.locator(".yx-empty")).toContainText("没有符合条件的工作室。");
  await expect(page.locator(".yx-empty").getByRole("link", { name: "清除筛选" })).toHaveAttribute("href", "/studios");
});
