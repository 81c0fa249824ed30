import { expect, type Browser, type Page } from "@playwright/test";
import { signedIn, test, urlFor, waitForHydration } from "./support.ts";

/**
 * 两轮报名 (decision 035) end to end: the province makes a self-enrolment project with three classes (A: 班额 1,
 * B: 开班最低人数 3, C: 班额 2); in round 1 two teachers apply to A (over its cap) and one to B; after round 1 the
 * province screens A 按报名先后 and cancels B; in round 2 the cancelled class's teacher fills a gap in C; the
 * teacher screened out sees 未录取 with the reason, and a notice.
 */

const run = Math.random().toString(36).slice(2, 7);
const chinaDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);
const projectName = `E2E 两轮报名专题班 ${run}`;

async function go(page: Page, path: string) {
  await page.goto(urlFor("hunan", path));
  await waitForHydration(page);
}

const opened: Page[] = [];
async function newPage(browser: Browser, phone = false) {
  const ctx = await browser.newContext({ locale: "zh-CN", viewport: phone ? { width: 390, height: 844 } : { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  page.on("dialog", (d) => void d.accept());
  opened.push(page);
  return page;
}

// eslint-disable-next-line no-empty-pattern -- Playwright reads which fixtures a hook needs from this pattern: none.
test.afterEach(async ({}, testInfo) => {
  for (const [i, p] of opened.entries()) if (!p.isClosed()) await p.screenshot({ path: testInfo.outputPath(`side-${i}.png`), fullPage: true }).catch(() => {});
  await Promise.all(opened.map((p) => p.context().close().catch(() => {})));
  opened.length = 0;
});

async function enrolmentTab(page: Page) {
  await go(page, `/admin/projects?q=${encodeURIComponent(projectName)}`);
  await page.getByRole("link", { name: projectName }).click();
  await page.getByRole("navigation", { name: "项目页面" }).getByRole("link", { name: "两轮报名" }).click();
  await waitForHydration(page);
}

async function setRounds(page: Page, r1: [number, number], r2: [number, number]) {
  await page.locator('input[name="round1Opens"]').fill(chinaDay(r1[0]));
  await page.locator('input[name="round1Closes"]').fill(chinaDay(r1[1]));
  await page.locator('input[name="round2Opens"]').fill(chinaDay(r2[0]));
  await page.locator('input[name="round2Closes"]').fill(chinaDay(r2[1]));
  await page.getByRole("button", { name: "保存轮次" }).click();
  await expect(page.getByRole("status")).toHaveText("已保存报名轮次。");
}

async function addClass(page: Page, name: string, cap: number, minSize: number) {
  const add = page.locator("details").filter({ has: page.getByText("添加班级", { exact: true }) });
  if (!(await add.evaluate((d) => (d as HTMLDetailsElement).open))) await add.getByText("添加班级", { exact: true }).click();
  await add.getByLabel("班级").fill(name);
  await add.getByLabel("班额").fill(String(cap));
  await add.getByLabel("开班最低人数").fill(String(minSize));
  const before = await page.getByTestId("round-class").count();
  await add.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("round-class")).toHaveCount(before + 1);
  await expect(page.getByRole("status")).toHaveText("已保存班级。");
}

/** A teacher applies on a phone to the class named, from 可报名的培训项目. */
async function apply(page: Page, className: string) {
  await go(page, "/my/projects");
  await page.getByTestId("open-project").filter({ hasText: projectName }).getByTestId("open-project-apply").click();
  await waitForHydration(page);
  await page.getByTestId("apply-classes").getByRole("radio", { name: className }).check();
  await page.getByTestId("apply-submit").click();
  await expect(page.getByRole("status")).toHaveText("已提交报名，等待学校审核。");
}

test("两轮报名: round 1 over the cap, screening, a class cancelled, round 2 fills a gap, the teacher sees the outcome", async ({ browser }) => {
  test.setTimeout(240_000);
  const province = await newPage(browser);
  await signedIn(province, "hunan", "hn_admin");
  await go(province, "/admin/projects");
  await province.getByTestId("project-new").click();
  await waitForHydration(province);
  await province.getByLabel("项目名称").fill(projectName);
  await province.getByLabel("开始日期").fill(chinaDay(20));
  await province.getByLabel("结束日期").fill(chinaDay(120));
  await province.getByLabel("报名方式").selectOption("selfEnrolment");
  await province.getByLabel("名额总数").fill("0");
  await province.getByLabel("项目名称").fill(projectName);
  await expect(province.getByLabel("项目名称")).toHaveValue(projectName);
  await province.getByTestId("project-submit").click();
  await expect(province.getByRole("heading", { level: 1 })).toContainText(projectName);
  await waitForHydration(province);
  await province.getByTestId("project-publish").click();
  await expect(province.getByRole("status")).toHaveText("项目已发布。");

  // Rounds (round 1 open today) and the classes on offer.
  await enrolmentTab(province);
  await province.getByLabel("采用两轮报名").check();
  await setRounds(province, [-1, 1], [3, 5]);
  await expect(province.getByTestId("rounds-phase")).toHaveText("当前：第一轮报名中");
  await addClass(province, "A班", 1, 0);
  await addClass(province, "B班", 5, 3);
  await addClass(province, "C班", 2, 0);
  await expect(province.getByTestId("round-class")).toHaveCount(3);

  // Round 1 is uncapped: two teachers take A's one seat, one applies to B.
  const t1 = await newPage(browser, true);
  await signedIn(t1, "hunan", "hn_teacher1");
  await apply(t1, "A班");
  const t2 = await newPage(browser, true);
  await signedIn(t2, "hunan", "hn_teacher2");
  await apply(t2, "A班");
  const t3 = await newPage(browser, true);
  await signedIn(t3, "hunan", "hn_teacher3");
  await apply(t3, "B班");

  // Round 1 closes: A is over its cap, B under its minimum.
  await enrolmentTab(province);
  await setRounds(province, [-3, -1], [1, 5]);
  await expect(province.getByTestId("rounds-phase")).toHaveText("当前：第一轮已截止：筛选与取消开班");
  await expect(province.getByTestId("round-class").filter({ hasText: "A班" })).toContainText("超额 1 人");
  await expect(province.getByTestId("round-class").filter({ hasText: "B班" })).toContainText("不足开班人数");
  const screen = province.getByTestId("screen-class");
  await expect(screen).toHaveCount(1);
  await expect(screen.getByRole("checkbox")).toHaveCount(2);
  await screen.getByRole("button", { name: "按报名先后录取" }).click();
  await expect(province.getByRole("status")).toHaveText("已完成筛选。");
  await expect(province.getByTestId("round-class").filter({ hasText: "A班" })).toContainText("正常");
  await province.getByTestId("round-class").filter({ hasText: "B班" }).getByTestId("cancel-class").click();
  await expect(province.getByRole("status")).toHaveText("已取消开班。");
  await expect(province.getByTestId("round-class").filter({ hasText: "B班" })).toContainText("已取消开班");

  // The screened-out teacher sees 未录取 with the reason, and a notice.
  await go(t2, `/my/projects`);
  await expect(t2.getByTestId("open-project").filter({ hasText: projectName }).getByTestId("open-project-mine")).toHaveText("你的报名：未录取（A班）");
  await t2.getByTestId("open-project").filter({ hasText: projectName }).getByTestId("open-project-apply").click();
  await waitForHydration(t2);
  await expect(t2.getByTestId("apply-mine")).toContainText("原因：报名人数超过班额");
  await go(t2, "/notifications");
  await expect(t2.getByText(`「${projectName}」A班未录取`)).toBeVisible();

  // Round 2 opens: A is full and B cancelled; the cancelled class's teacher fills a gap in C.
  await enrolmentTab(province);
  await setRounds(province, [-3, -1], [0, 5]);
  await go(t3, "/my/projects");
  await expect(t3.getByTestId("open-project").filter({ hasText: projectName }).getByTestId("open-project-mine")).toHaveText("你的报名：未录取（B班）");
  await t3.getByTestId("open-project").filter({ hasText: projectName }).getByTestId("open-project-apply").click();
  await waitForHydration(t3);
  await expect(t3.getByTestId("apply-class").filter({ hasText: "A班" })).toContainText("该班已满");
  await expect(t3.getByTestId("apply-class").filter({ hasText: "B班" })).toContainText("该班未开班");
  await expect(t3.getByTestId("apply-class").filter({ hasText: "C班" })).toContainText("剩余 2 席");
  await t3.getByTestId("apply-classes").getByRole("radio", { name: "C班" }).check();
  await t3.getByTestId("apply-submit").click();
  await expect(t3.getByRole("status")).toHaveText("已提交报名，等待学校审核。");
  await expect(t3.getByTestId("open-project").filter({ hasText: projectName }).getByTestId("open-project-mine")).toHaveText("你的报名：审核中（C班）");

  await enrolmentTab(province);
  await expect(province.getByTestId("round-class").filter({ hasText: "C班" })).toContainText("剩余 1 席");
});
