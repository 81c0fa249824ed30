import { expect } from "@playwright/test";
import { signIn, signedIn, test, urlFor } from "./support.ts";

test("the platform operator opens a province, its first admin signs in, and suspension shuts it at once", async ({ browser }) => {
  // The console counts every province, each in its own transaction; after the unit tests the shared test
  // database holds hundreds of them, so each of its page loads here takes seconds on a busy machine.
  test.setTimeout(120_000);
  const opCtx = await browser.newContext();
  const adminCtx = await browser.newContext();
  try {
    const op = await opCtx.newPage();
    await signedIn(op, null as unknown as string, "operator");
    await op.getByRole("region", { name: "省份租户" }).getByRole("link", { name: "进入管理" }).click();
    await expect(op.getByRole("heading", { name: "省份租户", level: 1 })).toBeVisible();
    await expect(op.getByTestId("tenant-list").locator("tr[data-slug=hunan]")).toContainText("湖南省");

    await op.getByLabel("省份名称").fill("湖北省");
    await op.getByLabel("子域名（如 hubei）").fill("hubei");
    await op.getByLabel("行政区划代码（两位）").fill("42");
    await op.getByLabel("首位管理员账号").fill("hb_admin");
    await op.getByLabel("首位管理员姓名").fill("胡北辰");
    await op.getByRole("button", { name: "开通" }).click();
    const created = op.getByTestId("tenant-created");
    await expect(created).toContainText("hb_admin");
    const password = (await created.locator("strong").textContent())!.trim();
    await expect(op.getByTestId("tenant-list").locator("tr[data-slug=hubei]")).toContainText("正常");

    // The new province's admin signs in at hubei.localhost and must change the temporary password.
    const admin = await adminCtx.newPage();
    await signIn(admin, "hubei", "hb_admin", password);
    await expect(admin).toHaveURL(urlFor("hubei", "/account/password"));

    // Suspension: the admin is out, and the site says why.
    op.once("dialog", (d) => void d.accept());
    await op.getByTestId("tenant-list").locator("tr[data-slug=hubei]").getByRole("button", { name: "暂停服务" }).click();
    await expect(op.getByTestId("tenant-list").locator("tr[data-slug=hubei]")).toContainText("已暂停");
    const res = await admin.goto(urlFor("hubei", "/"));
    expect(res?.status()).toBe(403);
    await expect(admin.getByRole("alert")).toContainText("该省份站点已暂停服务");

    await op.getByTestId("tenant-list").locator("tr[data-slug=hubei]").getByRole("button", { name: "恢复服务" }).click();
    await expect(op.getByTestId("tenant-list").locator("tr[data-slug=hubei]")).toContainText("正常");
    await signIn(admin, "hubei", "hb_admin", password);
    await expect(admin).toHaveURL(urlFor("hubei", "/account/password"));
  } finally {
    await opCtx.close();
    await adminCtx.close();
  }
});

test("the console is a 404 for a province admin and on a province host", async ({ page }) => {
  await signedIn(page, "hunan", "hn_admin");
  const res = await page.goto(urlFor("hunan", "/platform/tenants"));
  expect(res?.status()).toBe(404);
});

test("the operator opens the queue console from the home page; a province admin gets a 404 there", async ({ browser }) => {
  const opCtx = await browser.newContext();
  try {
    const op = await opCtx.newPage();
    await signedIn(op, null as unknown as string, "operator");
    await op.getByRole("region", { name: "任务队列" }).getByRole("link").click();
    await expect(op).toHaveURL(urlFor(null, "/platform/queues"));
    // Bull Board lists every queue the worker consumes, the progress queue among them.
    await expect(op.getByText("progress", { exact: true }).first()).toBeVisible();
    await expect(op.getByText("certificates", { exact: true }).first()).toBeVisible();
  } finally {
    await opCtx.close();
  }
  const admin = await browser.newPage();
  try {
    await signedIn(admin, "hunan", "hn_admin");
    expect((await admin.goto(urlFor("hunan", "/platform/queues")))?.status()).toBe(404);
  } finally {
    await admin.close();
  }
});
