import { expect } from "@playwright/test";
import { signedIn, test, urlFor } from "./support.ts";

/**
 * A national project across two provinces (decision 021): the operator (项目办) creates it on the platform host and
 * gives 湖南 and 四川 their seats; the worker carries each quota to its province, where the province admin finds the
 * project under 培训项目 (tagged 国家级) with the seats it got, and the message under 跨省消息 — and nothing of the
 * other province. The operator sees both messages delivered.
 */
test("the operator allocates a national project to two provinces; each province sees its own share, delivered by the worker", async ({ browser }) => {
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

    for (const [province, seats] of [["湖南省", "2"], ["四川省", "1"]] as const) {
      await row.getByLabel("省份").selectOption({ label: province });
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
