import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";
import { signedIn, test, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const pdf = path.join(here, "fixtures", "sample.pdf");
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Decision 032 in 湖南 (the 山东 preset, 学时): a provincial 论文发表 is worth 18 学时 and is certified by the county,
 * then the province. The teacher claims it on a phone; hn_county passes the county step, hn_admin the province's;
 * the award shows in the teacher's 我的学时 and its line in 为何是 X 学时.
 */
test("a teacher claims a paper on a phone, the county and the province certify it, and it lands in 我的学时", async ({ browser }) => {
  test.setTimeout(180_000);
  const teacherCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const countyCtx = await browser.newContext();
  const adminCtx = await browser.newContext();
  const title = `核心素养导向的单元作业设计（${Date.now() % 100000}）`;
  try {
    // ── The teacher: 我的学时 → 定额项目申报 → 论文发表 ───────────────────────────────────────────────
    const teacher = await teacherCtx.newPage();
    await signedIn(teacher, "hunan", "hn_teacher1");
    await teacher.goto(urlFor("hunan", "/my/credits"));
    await teacher.getByTestId("fixed-points-link").click();
    await expect(teacher).toHaveURL(urlFor("hunan", "/my/credits/fixed-points"));
    await teacher.getByTestId("fixed-point-item").filter({ hasText: "论文发表" }).getByRole("link", { name: "申报论文发表" }).click();
    await waitForHydration(teacher);
    const form = teacher.getByTestId("fixed-point-form");
    await form.getByLabel("级别").selectOption("provincial");
    await form.getByLabel(/^名称/).fill(title);
    await form.getByLabel(/^日期/).fill(chinaToday());
    await form.getByLabel(/^简要说明/).fill("发表于省级期刊《湖南教育》本年第 5 期。");
    await form.getByLabel("证明材料：刊物封面及目录").setInputFiles(pdf);
    await form.getByLabel("证明材料：论文正文").setInputFiles(pdf);
    await expect(form.getByText("已上传：sample.pdf")).toHaveCount(2);
    // The page does not scroll sideways on a phone.
    expect(await teacher.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await form.getByRole("button", { name: "提交申报" }).click();
    await expect(teacher.getByRole("status").filter({ hasText: "已提交，等待逐级审核。" })).toBeVisible();
    const mine = teacher.getByTestId("my-claim").filter({ hasText: title });
    await expect(mine).toHaveAttribute("data-status", "pending");
    await expect(mine).toContainText("县（区）（岳麓区）");

    // ── The county passes its step; the province does not see it before ─────────────────────────────
    const admin = await adminCtx.newPage();
    await signedIn(admin, "hunan", "hn_admin");
    await admin.goto(urlFor("hunan", `/admin/credits/fixed-points?q=${encodeURIComponent("43T0001")}`));
    await expect(admin.getByTestId("queued-claim").filter({ hasText: title })).toHaveCount(0);

    const county = await countyCtx.newPage();
    await signedIn(county, "hunan", "hn_county");
    await county.goto(urlFor("hunan", "/admin/credits"));
    await county.getByRole("link", { name: "定额项目认定" }).click();
    await expect(county).toHaveURL(urlFor("hunan", "/admin/credits/fixed-points"));
    await county.getByRole("searchbox").fill("43T0001");
    await county.getByRole("button", { name: "搜索" }).click();
    await county.getByTestId("queued-claim").filter({ hasText: title }).getByRole("link", { name: "查看并审核" }).click();
    await expect(county.getByTestId("claim-files")).toContainText("刊物封面及目录：sample.pdf");
    // The evidence opens through the access-checked file route.
    const href = await county.getByTestId("claim-files").getByRole("link").first().getAttribute("href");
    expect(await county.evaluate(async (h) => (await fetch(h)).status, href!)).toBe(200);
    await waitForHydration(county);
    county.once("dialog", (d) => void d.accept());
    await county.getByRole("button", { name: "通过" }).click();
    await expect(county.getByRole("status").filter({ hasText: "已通过。" })).toBeVisible();
    await expect(county.getByTestId("claim-decide")).toHaveCount(0);

    // The demo's own claim (seeded by npm start and by this run) has real evidence files: they open as PDFs.
    await county.goto(urlFor("hunan", `/admin/credits/fixed-points?q=${encodeURIComponent("43T0001")}`));
    await county.getByTestId("queued-claim").filter({ hasText: "“双减”背景下初中语文分层作业设计" }).getByRole("link", { name: "查看并审核" }).click();
    await expect(county.getByTestId("claim-files")).toContainText("刊物封面及目录");
    const seeded = await county.getByTestId("claim-files").getByRole("link").first().getAttribute("href");
    const opened = await county.evaluate(async (h) => {
      const r = await fetch(h);
      const head = new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5));
      return { status: r.status, type: r.headers.get("content-type"), head };
    }, seeded!);
    expect(opened).toEqual({ status: 200, type: "application/pdf", head: "%PDF-" });

    // ── The province passes the last step: the award is written ─────────────────────────────────────
    await admin.goto(urlFor("hunan", `/admin/credits/fixed-points?q=${encodeURIComponent("43T0001")}`));
    await admin.getByTestId("queued-claim").filter({ hasText: title }).getByRole("link", { name: "查看并审核" }).click();
    await waitForHydration(admin);
    // A 退回 without a reason is refused with the reason's own message.
    admin.once("dialog", (d) => void d.accept());
    await admin.getByRole("button", { name: "退回" }).click();
    await expect(admin.getByRole("alert").first()).toContainText("请填写退回理由");
    admin.once("dialog", (d) => void d.accept());
    await admin.getByRole("button", { name: "通过" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "已通过，学分已记入该教师的学分银行。" })).toBeVisible();
    await expect(admin.getByTestId("claim-status")).toHaveAttribute("data-status", "approved");
    await expect(admin.getByTestId("claim-trail")).toContainText("通过");

    // ── The teacher sees the award and why it counts ────────────────────────────────────────────────
    await teacher.goto(urlFor("hunan", "/my/credits"));
    const row = teacher.getByTestId("ledger-row").filter({ hasText: title });
    await expect(row).toHaveAttribute("data-source", "fixedPoint");
    await expect(row).toContainText("按定额");
    await teacher.goto(urlFor("hunan", "/my/credits/why"));
    await expect(teacher.getByText(`「${title}」：省级论文发表按定额计 18 学时`, { exact: false })).toBeVisible();
    await teacher.goto(urlFor("hunan", "/my/credits/fixed-points"));
    await expect(teacher.getByTestId("my-claim").filter({ hasText: title })).toHaveAttribute("data-status", "approved");
  } finally {
    await teacherCtx.close();
    await countyCtx.close();
    await adminCtx.close();
  }
});
