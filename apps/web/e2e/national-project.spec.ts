import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { signedIn, test, urlFor, waitForHydration } from "./support.ts";

/**
 * A national project across two provinces (decision 021): the operator (项目办) creates it on the platform host and
 * gives 湖南 and 四川 their seats; the worker carries each quota to its province, where the province admin finds the
 * project under 培训项目 (tagged 国家级) with the seats it got, and the message under 跨省消息 — and nothing of the
 * other province. The operator sees both messages delivered.
 */
test("the operator allocates a national project to two provinces; each province sees its own share, delivered by the worker", async ({ browser }) => {
  test.setTimeout(180_000);
  const name = `国培计划示范项目${Date.now().toString(36)}`;
  const op = await (await browser.newContext()).newPage();
  const hn = await (await browser.newContext()).newPage();
  const sc = await (await browser.newContext()).newPage();
  try {
    await signedIn(op, null as unknown as string, "operator");
    await op.goto(urlFor(null, "/platform/projects"));
    await expect(op.getByRole("heading", { name: "国家级项目", level: 1 })).toBeVisible();
    const create = op.getByRole("region", { name: "新建国家级项目" });
    await create.getByLabel("项目名称").fill(name);
    await create.getByLabel("开始日期").fill("2026-03-01");
    await create.getByLabel("结束日期").fill("2026-12-31");
    await create.getByLabel("计划学时").fill("120");
    await create.getByRole("button", { name: "新建国家级项目" }).click();
    const row = op.getByTestId("national-projects").locator(`tr[data-project="${name}"]`);
    await expect(row).toContainText("尚未分配");

    // By name and sub-domain: two tenants may share a name (the test suite makes a second 湖南省).
    for (const [province, slug, seats] of [["湖南省", "hunan", "2"], ["四川省", "sichuan", "1"]] as const) {
      await row.getByLabel("省份").selectOption({ label: `${province}（${slug}）` });
      await row.getByLabel("名额").fill(seats);
      await row.getByRole("button", { name: "分配" }).click();
      await expect(row.locator(`[data-province="${province}"]`)).toContainText(`${seats} 名额`);
    }

    // Each province: its mirror appears once the worker has delivered the quota (reload until it has).
    for (const [page, slug, login, seats] of [[hn, "hunan", "hn_admin", "2"], [sc, "sichuan", "sc_admin", "1"]] as const) {
      await signedIn(page, slug, login);
      await expect(async () => {
        await page.goto(urlFor(slug, `/admin/projects?q=${encodeURIComponent(name)}`));
        await expect(page.getByTestId("project-list")).toContainText(name, { timeout: 1000 });
      }).toPass({ timeout: 60_000 });
      const mine = page.getByTestId("project-list").locator("tr", { hasText: name });
      await expect(mine.getByTestId("national-tag")).toHaveText("国家级");
      await expect(mine).toContainText(seats);
      await page.getByRole("link", { name: "跨省消息（国家级项目）" }).click();
      await expect(page.getByRole("heading", { name: "跨省消息", level: 1 })).toBeVisible();
      // One quota received, nothing sent, nothing of the other province.
      await expect(page.getByTestId("federation-received").locator("tbody tr[data-kind=nationalQuota]")).toHaveCount(1);
      await expect(page.getByTestId("federation-sent")).toHaveCount(0);
    }

    // The operator: both messages delivered, one attempt each.
    await expect(async () => {
      await op.goto(urlFor(null, "/platform/projects"));
      await expect(op.getByTestId("federation-sent").locator("tr[data-kind=nationalQuota][data-state=delivered]")).toHaveCount(2, { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
  } finally {
    await op.context().close();
    await hn.context().close();
    await sc.context().close();
  }
});

test("跨省消息 is not a county admin's page", async ({ page }) => {
  await signedIn(page, "hunan", "hn_county");
  await page.goto(urlFor("hunan", "/admin/projects"));
  await expect(page.getByRole("link", { name: "跨省消息（国家级项目）" })).toHaveCount(0);
  const res = await page.goto(urlFor("hunan", "/admin/projects/federation"));
  expect(res?.status()).toBe(404);
});

async function looksRight(page: Page, label: string) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `${label}: serious or critical accessibility violations`).toEqual([]);
  const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scrollWidth, `${label}: no sideways scroll`).toBeLessThanOrEqual(innerWidth);
  await page.screenshot({ path: test.info().outputPath(`national-project-${label}.png`), fullPage: true });
}

/**
 * The round trip (decision 021): a province nominates a teacher into its share of a national project and passes
 * 资质复审; the nominee (name, school, subject, province only) reaches the 项目办's page, which puts them in a
 * class, calls the roll for the day and records their completion; the 学时 come back into the teacher's ledger in their own province.
 */
test("a province's nominee reaches the national project, is put in a class and completed, and the 学时 land in the home ledger", async ({ browser }) => {
  test.setTimeout(180_000);
  const name = `国培计划往返${Date.now().toString(36)}`;
  const op = await (await browser.newContext()).newPage();
  const hn = await (await browser.newContext()).newPage();
  try {
    await signedIn(op, null as unknown as string, "operator");
    await op.goto(urlFor(null, "/platform/projects"));
    const create = op.getByRole("region", { name: "新建国家级项目" });
    await create.getByLabel("项目名称").fill(name);
    await create.getByLabel("开始日期").fill("2026-03-01");
    await create.getByLabel("结束日期").fill("2026-12-31");
    await create.getByLabel("计划学时").fill("80");
    await create.getByLabel("要求出勤天数").fill("1");
    await create.getByRole("button", { name: "新建国家级项目" }).click();
    const row = op.getByTestId("national-projects").locator(`tr[data-project="${name}"]`);
    await row.getByLabel("省份").selectOption({ label: "湖南省（hunan）" });
    await row.getByLabel("名额").fill("1");
    await row.getByRole("button", { name: "分配" }).click();
    await expect(row.locator('[data-province="湖南省"]')).toContainText("1 名额");
    await row.getByRole("link", { name }).click();
    await expect(op.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(op.getByTestId("national-staff")).toBeVisible();
    const projectUrl = op.url();

    // 湖南: the mirror arrives; the province admin nominates 邓丽君 into its seat and passes 资质复审.
    await signedIn(hn, "hunan", "hn_admin");
    await expect(async () => {
      await hn.goto(urlFor("hunan", `/admin/projects?q=${encodeURIComponent(name)}`));
      await expect(hn.getByTestId("project-list")).toContainText(name, { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await hn.getByRole("link", { name }).click();
    await hn.getByRole("navigation", { name: "项目页面" }).getByRole("link", { name: "推荐与审核" }).click();
    await waitForHydration(hn);
    await hn.getByTestId("nominate-link").click();
    await hn.getByTestId("teacher-search").fill("邓丽君");
    await hn.getByRole("button", { name: "查找" }).click();
    await hn.getByTestId("teacher-choices").getByRole("radio", { name: /邓丽君/ }).check();
    await hn.getByTestId("nominate-submit").click();
    await waitForHydration(hn);
    hn.once("dialog", (d) => void d.accept());
    await hn.getByTestId("nomination-pass").click();
    await expect(hn.getByRole("status")).toHaveText("已通过。");
    await expect(hn.getByTestId("nomination-facts")).toContainText("已入选");

    // The national side: the nominee arrives with school and province (no id, phone or ID number).
    const trainee = op.getByTestId("national-trainees").locator('tr[data-trainee="邓丽君"]');
    await expect(async () => {
      await op.goto(projectUrl);
      await expect(trainee).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(trainee).toContainText("湖南省");
    await expect(trainee).toContainText("在训");
    await waitForHydration(op);
    await trainee.getByLabel("邓丽君 的班级").fill("一班");
    await trainee.getByRole("button", { name: "编班" }).click();
    await expect(op.getByRole("status")).toHaveText("已保存。");
    await expect(op.getByRole("form", { name: "筛选学员" }).getByLabel("班级")).toContainText("一班（1）");
    // 按日点名 (decision 021, addendum): the class's roll call for today; 邓丽君 goes from 0 to 1 of the 1 day required.
    await expect(op.getByTestId("national-facts")).toContainText("要求集中研修出勤 1 天");
    await expect(trainee.getByTestId("trainee-attendance")).toContainText("0 / 1 天");
    const roll = op.getByTestId("national-roll-call");
    await roll.getByLabel("点名班级").selectOption("一班");
    await roll.getByRole("button", { name: "查看" }).click();
    await waitForHydration(op);
    await roll.locator('li[data-trainee="邓丽君"]').getByRole("checkbox").check();
    await roll.getByRole("button", { name: "保存点名" }).click();
    await expect(roll.getByRole("status")).toHaveText("已保存点名：新记出勤 1 人，取消 0 人。");
    await expect(trainee.getByTestId("trainee-attendance")).toContainText("1 / 1 天");
    await expect(roll.locator('li[data-trainee="邓丽君"]').getByRole("checkbox")).toBeChecked();
    await trainee.getByLabel("邓丽君 的结业日期").fill("2026-12-01");
    await trainee.getByLabel("邓丽君 的认定学时").fill("72");
    op.once("dialog", (d) => void d.accept());
    await trainee.getByRole("button", { name: "认定学时" }).click();
    await expect(op.getByRole("status")).toContainText("已认定");
    await expect(trainee).toContainText("已认定 72 学时");
    await expect(op.getByTestId("national-count-completed")).toContainText("1");
    // The page as its users see it, wide and on a phone: no serious accessibility fault, no sideways scroll.
    await looksRight(op, "desktop");
    await op.setViewportSize({ width: 390, height: 844 });
    await looksRight(op, "phone");

    // 湖南: the 学时 are in 邓丽君's ledger, as a national-level award.
    await expect(async () => {
      await hn.goto(urlFor("hunan", `/admin/credits?q=${encodeURIComponent("邓丽君")}`));
      await hn.getByTestId("cycle-status-list").getByRole("link", { name: "邓丽君" }).click({ timeout: 1000 });
      await expect(hn.getByTestId("credit-ledger").locator("tr", { hasText: name })).toContainText("72", { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
  } finally {
    await op.context().close();
    await hn.context().close();
  }
});
