import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import { signedIn, startStudioSession, test, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const numberIn = async (page: Page, testId: string) => Number((await page.getByTestId(testId).first().innerText()).replace(/[^\d.]/g, ""));

test("a teacher's home shows the 学时 of 我的学时 after an award, and the next session once the studio schedules one", async ({ browser }) => {
  test.setTimeout(180_000);
  const teacherCtx = await browser.newContext();
  const adminCtx = await browser.newContext();
  const hostCtx = await browser.newContext();
  try {
    const teacher = await teacherCtx.newPage();
    await signedIn(teacher, "hunan", "hn_teacher1");
    const credits = teacher.getByRole("region", { name: "我的学时" });
    await expect(credits).toContainText("目标 360 学时");
    const before = await numberIn(teacher, "home-cycle-hours");

    // ── The teacher declares 8 学时 from outside the platform; the county admin approves them ─────────
    const title = `国培计划（${Date.now() % 100000}）`;
    await teacher.goto(urlFor("hunan", "/my/credits"));
    await waitForHydration(teacher);
    const form = teacher.getByTestId("external-award");
    await form.getByLabel("培训名称").fill(title);
    await form.getByLabel("发证单位").fill("教育部");
    await form.getByLabel("学时", { exact: true }).fill("8");
    await form.getByLabel("类别").selectOption("concentrated");
    await form.getByLabel("主办级别").selectOption("national");
    await form.getByLabel("完成日期").fill(chinaToday());
    await form.getByLabel("证明材料").setInputFiles(path.join(here, "fixtures", "sample.pdf"));
    await expect(form.getByText("已上传：sample.pdf")).toBeVisible();
    await form.getByRole("button", { name: "提交申报" }).click();
    await expect(teacher.getByRole("status").filter({ hasText: "已提交，等待管理员审核。" })).toBeVisible();

    const admin = await adminCtx.newPage();
    await signedIn(admin, "hunan", "hn_county");
    // The county admin's home tells them a declaration waits, and takes them to it.
    await admin.getByRole("region", { name: "待办提醒" }).getByRole("link", { name: "去审核" }).click();
    await expect(admin).toHaveURL(urlFor("hunan", "/admin/credits/requests"));
    await waitForHydration(admin);
    admin.once("dialog", (d) => void d.accept());
    await admin.getByTestId("external-request").filter({ hasText: title }).getByRole("button", { name: "通过" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "已通过，学时已计入。" })).toBeVisible();

    // ── The master teacher schedules (and starts) a session of the studio hn_teacher1 belongs to ──────
    const host = await hostCtx.newPage();
    const session = `首页直播 ${Date.now() % 100000}`;
    await startStudioSession(host, { activity: "集体备课：七年级上册第三单元", title: session, minutes: 30 });

    // ── The teacher's home: 8 more 学时, the same figures and pace as 我的学时, and the session ───────
    await teacher.goto(urlFor("hunan", "/"));
    await waitForHydration(teacher);
    const after = await numberIn(teacher, "home-cycle-hours");
    expect(Math.round((after - before) * 10) / 10).toBe(8);
    const pace = (await teacher.getByTestId("home-pace").innerText()).trim();
    const remaining = await teacher.getByTestId("home-remaining").innerText();
    expect(remaining).toContain(String(Math.round((360 - after) * 10) / 10));
    const schedule = teacher.getByRole("region", { name: "近期安排" });
    const row = schedule.getByTestId("home-session").filter({ hasText: session });
    await expect(row).toContainText("直播中");
    await row.getByRole("link", { name: `进入直播间：${session}` }).click();
    await expect(teacher).toHaveURL(/\/live\/[0-9a-f-]{36}$/);

    await teacher.goto(urlFor("hunan", "/my/credits"));
    await expect(teacher.getByTestId("cycle-hours")).toHaveText(String(after));
    await expect(teacher.getByTestId("credit-pace")).toHaveText(pace);
  } finally {
    await teacherCtx.close();
    await adminCtx.close();
    await hostCtx.close();
  }
});

test("the province admin's home draws its charts after hydration, with KPIs counting only the admin's subtree", async ({ browser }) => {
  const provinceCtx = await browser.newContext();
  const countyCtx = await browser.newContext();
  try {
    const province = await provinceCtx.newPage();
    await signedIn(province, "hunan", "hn_admin");
    await waitForHydration(province);
    const hours = province.getByRole("region", { name: /年各月学时$/ });
    await expect(hours.locator("canvas")).toHaveCount(1);
    // The text alternative: a summary on the figure and every month's value in a table.
    await expect(hours.getByRole("figure")).toHaveAttribute("aria-label", /年各月学时/);
    await expect(hours.getByRole("table")).toContainText("12月");
    const provinceTeachers = await numberIn(province, "kpi-teachers");
    expect(provinceTeachers).toBeGreaterThan(0);
    for (const id of ["kpi-on-pace", "kpi-hours", "kpi-courses", "kpi-sessions"]) await expect(province.getByTestId(id)).toBeVisible();

    // After a recomputation of the rollups, the on-pace chart has a bar per city.
    await province.goto(urlFor("hunan", "/admin/rollups"));
    await waitForHydration(province);
    await province.getByRole("button", { name: /重新计算/ }).click();
    await expect(async () => {
      await province.goto(urlFor("hunan", "/"));
      await expect(province.getByRole("region", { name: "各地按计划完成比例" }).locator("canvas")).toHaveCount(1, { timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    await expect(province.getByRole("region", { name: "各地按计划完成比例" }).getByRole("table")).toContainText("长沙市");

    const county = await countyCtx.newPage();
    await signedIn(county, "hunan", "hn_county");
    const countyTeachers = await numberIn(county, "kpi-teachers");
    expect(countyTeachers).toBeGreaterThan(0);
    expect(countyTeachers).toBeLessThan(provinceTeachers);
  } finally {
    await provinceCtx.close();
    await countyCtx.close();
  }
});

for (const [slug, login] of [
  ["hunan", "hn_teacher1"],
  ["hunan", "hn_mingshi"],
  ["hunan", "hn_trainer"],
  ["hunan", "hn_admin"],
  [null, "operator"],
] as const) {
  test(`${login}'s home fits a 390 px phone without horizontal scrolling`, async ({ browser }) => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await ctx.newPage();
      await signedIn(page, slug as string, login);
      await waitForHydration(page);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(scroll).toBeLessThanOrEqual(inner);
    } finally {
      await ctx.close();
    }
  });
}
