import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { signedIn, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

test("a teacher finds the demo studio, sees only its public facts and applies; the host approves; the teacher then reads the plan and starts a thread; another province gets 404", async ({ browser }) => {
  test.setTimeout(90_000);
  const teacherCtx = await browser.newContext();
  const hostCtx = await browser.newContext();
  const sichuanCtx = await browser.newContext();
  try {
    // ── hn_teacher2, not a member, finds the studio from the home page ──────────────────────────
    const teacher = await teacherCtx.newPage();
    await signedIn(teacher, "hunan", "hn_teacher2");
    await teacher.getByRole("region", { name: "名师工作室" }).getByRole("link", { name: "查找工作室" }).click();
    await expect(teacher).toHaveURL(/\/studios$/);
    await waitForHydration(teacher);
    await teacher.getByLabel("名称").fill("语文");
    await teacher.getByRole("button", { name: "搜索" }).click();
    await expect(teacher.getByTestId("studio-card")).toHaveCount(1);
    await teacher.getByRole("link", { name: "初中语文名师工作室" }).click();
    await expect(teacher).toHaveURL(/\/studios\/[0-9a-f-]{36}$/);
    const studioUrl = new URL(teacher.url()).pathname;
    expect(studioUrl).toMatch(/^\/studios\/[0-9a-f-]{36}$/);

    // Public facts only: the host and subject show; the plan and the board are closed.
    await expect(teacher.getByTestId("studio-facts")).toContainText("谭晓红");
    await expect(teacher.getByTestId("studio-facts")).toContainText("语文");
    await teacher.getByTestId("studio-tab-plan").click();
    await expect(teacher.getByTestId("members-only")).toBeVisible();
    await expect(teacher.getByTestId("activity-row")).toHaveCount(0);
    await teacher.getByTestId("studio-tab-board").click();
    await expect(teacher.getByTestId("members-only")).toBeVisible();
    await expect(teacher.getByTestId("thread-form")).toHaveCount(0);

    // Apply, with a note.
    await teacher.getByTestId("studio-tab-overview").click();
    await teacher.getByLabel("申请说明（选填）").fill("希望参加集体备课");
    await teacher.getByTestId("apply").click();
    await expect(teacher.getByRole("status").filter({ hasText: "已提交申请" })).toBeVisible();
    await expect(teacher.getByTestId("application-pending")).toBeVisible();

    // ── hn_mingshi, the host, approves ─────────────────────────────────────────────────────────
    const host = await hostCtx.newPage();
    await signedIn(host, "hunan", "hn_mingshi");
    await host.goto(urlFor("hunan", `${studioUrl}?tab=members`));
    await waitForHydration(host);
    const application = host.getByTestId("application-row").filter({ hasText: "李明" });
    await expect(application).toContainText("希望参加集体备课");
    await application.getByTestId("approve").click();
    await expect(host.getByRole("status").filter({ hasText: "已通过申请" })).toBeVisible();
    await expect(host.getByTestId("member-row").filter({ hasText: "李明" })).toContainText("成员");
    await expect(host.getByTestId("application-row")).toHaveCount(0);

    // ── The teacher now reads the plan and starts a thread ─────────────────────────────────────
    await teacher.goto(urlFor("hunan", `${studioUrl}?tab=plan`));
    await waitForHydration(teacher);
    await expect(teacher.getByTestId("activity-row").first()).toBeVisible();
    await expect(teacher.getByTestId("studio-plan")).toContainText("集体备课：七年级上册第三单元");
    await expect(teacher.getByTestId("activity-form")).toHaveCount(0);
    await teacher.getByTestId("studio-tab-board").click();
    await expect(teacher.getByTestId("thread-row")).toHaveCount(1);
    // A thread needs a title: the form says so in Chinese.
    await teacher.getByLabel("内容").fill("我们学校的学生朗读基础比较薄弱。");
    await teacher.getByRole("button", { name: "发布" }).click();
    await expect(teacher.getByText("请填写主题")).toBeVisible();
    await teacher.getByLabel("主题").fill("乡村学校的朗读教学");
    await teacher.getByLabel("内容").fill("我们学校的学生朗读基础比较薄弱，大家有什么好办法？");
    await teacher.getByRole("button", { name: "发布" }).click();
    await expect(teacher.getByRole("status").filter({ hasText: "已发布" })).toBeVisible();
    await expect(teacher.getByTestId("thread-row")).toHaveCount(2);
    await teacher.getByRole("link", { name: "乡村学校的朗读教学" }).click();
    await expect(teacher.getByTestId("studio-thread")).toContainText("朗读基础比较薄弱");

    // The host shares a case with the library (a PDF through the storage interface); the member opens it.
    await host.goto(urlFor("hunan", `${studioUrl}?tab=library`));
    await waitForHydration(host);
    const form = host.getByTestId("resource-form");
    await form.getByLabel("资源文件").setInputFiles(path.join(here, "fixtures", "sample.pdf"));
    await expect(form.locator(".yx-media-status")).toContainText("已上传", { timeout: 20_000 });
    await form.getByLabel("资源名称").fill("《春》朗读教学案例");
    await form.getByLabel("标签（用逗号分隔）").fill("朗读，七年级");
    await form.getByLabel("这是一个教学案例").check();
    await form.getByRole("button", { name: "添加到资源库" }).click();
    await expect(host.getByTestId("resource-row").filter({ hasText: "《春》朗读教学案例" })).toBeVisible();
    await teacher.goto(urlFor("hunan", `${studioUrl}?tab=library`));
    const link = teacher.getByRole("link", { name: "《春》朗读教学案例" });
    const href = await link.getAttribute("href");
    // Fetched by the page itself (Node does not resolve *.localhost), with the member's session cookie.
    const fetchFile = (p: typeof teacher, h: string) =>
      p.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, type: r.headers.get("content-type") ?? "" };
      }, h);
    const file = await fetchFile(teacher, href!);
    expect(file.status).toBe(200);
    expect(file.type).toContain("application/pdf");

    // ── Sichuan cannot reach the Hunan studio ──────────────────────────────────────────────────
    const sichuan = await sichuanCtx.newPage();
    await signedIn(sichuan, "sichuan", "sc_teacher1");
    const res = await sichuan.goto(urlFor("sichuan", studioUrl));
    expect(res?.status()).toBe(404);
    await expect(sichuan.getByRole("alert")).toContainText("出错了");
    expect((await fetchFile(sichuan, href!)).status).toBe(404);
  } finally {
    await teacherCtx.close();
    await hostCtx.close();
    await sichuanCtx.close();
  }
});
