import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import { signedIn, test, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const pdf = path.join(here, "fixtures", "sample.pdf");
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const bell = (page: Page) => page.getByTestId("notification-bell");

/**
 * 站内消息 (decision 034): hn_teacher1 claims a 论文发表, hn_county returns it with a reason; the teacher sees the
 * bell's count go up, opens 消息, reads the reason, opens the notice (to 定额项目申报) and the count goes down.
 * The last part on a phone, with the keyboard.
 */
test("a teacher learns from the bell and 消息 that the county returned their claim, and why", async ({ browser }) => {
  test.setTimeout(180_000);
  const teacherCtx = await browser.newContext();
  const countyCtx = await browser.newContext();
  const title = `作业设计的分层实践（${Date.now() % 100000}）`;
  const reason = "缺少刊物版权页，请补充后重新提交";
  try {
    const teacher = await teacherCtx.newPage();
    await signedIn(teacher, "hunan", "hn_teacher1");
    // Start from nothing unread, so the count below is this claim's notice alone.
    await teacher.goto(urlFor("hunan", "/notifications"));
    await waitForHydration(teacher);
    if ((await teacher.getByTestId("notifications-read-all").count()) > 0) {
      await teacher.getByTestId("notifications-read-all").click();
      await expect(teacher.getByRole("status").filter({ hasText: "已全部标为已读。" })).toBeVisible();
    }
    await expect(bell(teacher)).toHaveAttribute("data-unread", "0");

    await teacher.goto(urlFor("hunan", "/my/credits/fixed-points?kind=paper"));
    await waitForHydration(teacher);
    const form = teacher.getByTestId("fixed-point-form");
    await form.getByLabel("级别").selectOption("provincial");
    await form.getByLabel(/^名称/).fill(title);
    await form.getByLabel(/^日期/).fill(chinaToday());
    await form.getByLabel(/^简要说明/).fill("发表于省级期刊。");
    await form.getByLabel("证明材料：刊物封面及目录").setInputFiles(pdf);
    await form.getByLabel("证明材料：论文正文").setInputFiles(pdf);
    await expect(form.getByText("已上传：sample.pdf")).toHaveCount(2);
    await form.getByRole("button", { name: "提交申报" }).click();
    await expect(teacher.getByRole("status").filter({ hasText: "已提交，等待逐级审核。" })).toBeVisible();

    // ── The county returns it, with the reason ──────────────────────────────────────────────────────
    const county = await countyCtx.newPage();
    await signedIn(county, "hunan", "hn_county");
    await county.goto(urlFor("hunan", `/admin/credits/fixed-points?q=${encodeURIComponent("43T0001")}`));
    await county.getByTestId("queued-claim").filter({ hasText: title }).getByRole("link", { name: "查看并审核" }).click();
    await waitForHydration(county);
    await county.getByLabel(/^理由/).fill(reason);
    county.once("dialog", (d) => void d.accept());
    await county.getByRole("button", { name: "退回" }).click();
    await expect(county.getByRole("status").filter({ hasText: "已退回。" })).toBeVisible();

    // ── The teacher, on a phone: the bell counts it, 消息 says why ──────────────────────────────────
    await teacher.setViewportSize({ width: 390, height: 844 });
    await teacher.goto(urlFor("hunan", "/"));
    await expect(bell(teacher)).toHaveAttribute("data-unread", "1");
    await expect(teacher.getByRole("link", { name: "消息，1 条未读" })).toBeVisible();
    await teacher.getByRole("link", { name: "消息，1 条未读" }).click();
    await expect(teacher).toHaveURL(urlFor("hunan", "/notifications"));
    await waitForHydration(teacher);
    await expect(teacher.getByTestId("notifications-summary")).toContainText("1 条未读");
    const notice = teacher.getByTestId("notice").filter({ hasText: title });
    await expect(notice).toHaveAttribute("data-read", "false");
    await expect(notice).toContainText(`定额项目「${title}」被退回`);
    await expect(notice).toContainText(`退回理由：${reason}`);
    expect(await teacher.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Opened from the keyboard: it is marked read and leads to 定额项目申报, where the claim can be edited.
    await notice.getByRole("button", { name: new RegExp(`被退回`) }).focus();
    await teacher.keyboard.press("Enter");
    await expect(teacher).toHaveURL(urlFor("hunan", "/my/credits/fixed-points"));
    await expect(teacher.getByTestId("my-claim").filter({ hasText: title })).toHaveAttribute("data-status", "returned");
    await expect(bell(teacher)).toHaveAttribute("data-unread", "0");
    await teacher.goto(urlFor("hunan", "/notifications"));
    await expect(teacher.getByTestId("notice").filter({ hasText: title })).toHaveAttribute("data-read", "true");
    await expect(teacher.getByTestId("notifications-summary")).toContainText("0 条未读");
  } finally {
    await teacherCtx.close();
    await countyCtx.close();
  }
});
