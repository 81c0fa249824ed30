import { expect } from "@playwright/test";
import { openRoomTool, signedIn, test, urlFor, waitForHydration } from "./support.ts";

test("the host invites a teacher from outside the studio, who finds the session under 我的直播 and joins; revoking takes them out at once; after the end the host downloads the attendance sheet", async ({ browser }) => {
  test.setTimeout(120_000);
  const hostCtx = await browser.newContext({ acceptDownloads: true });
  const guestCtx = await browser.newContext();
  try {
    // ── hn_mingshi schedules a session for the studio's lecture and starts it ─────────────────
    const host = await hostCtx.newPage();
    await signedIn(host, "hunan", "hn_mingshi");
    await host.goto(urlFor("hunan", "/studios"));
    await waitForHydration(host);
    await host.getByRole("link", { name: "初中语文名师工作室" }).click();
    await host.getByTestId("studio-tab-plan").click();
    await waitForHydration(host);
    const row = host.getByTestId("activity-row").filter({ hasText: "专题讲座：新课标下的学习任务群" });
    await row.getByText("安排直播", { exact: true }).first().click();
    const form = row.getByTestId("schedule-live-form");
    const title = `学习任务群专题讲座 ${Date.now() % 100000}`;
    await form.getByLabel("直播标题").fill(title);
    // A bad length comes back next to its field, in Chinese, and nothing is scheduled.
    await form.getByLabel("时长（分钟）").fill("2");
    await form.getByTestId("schedule-live").click();
    await expect(row.getByTestId("schedule-live-form").getByRole("alert")).toHaveText("时长至少 5 分钟");
    await row.getByTestId("schedule-live-form").getByLabel("时长（分钟）").fill("45");
    await row.getByTestId("schedule-live-form").getByTestId("schedule-live").click();
    await expect(host.getByRole("status").filter({ hasText: "已安排直播" })).toBeVisible();
    await host.getByTestId("activity-session").filter({ hasText: title }).getByRole("link", { name: "进入直播间" }).click();
    await expect(host).toHaveURL(/\/live\/[0-9a-f-]{36}$/);
    const roomPath = new URL(host.url()).pathname;
    await waitForHydration(host);
    await host.getByRole("button", { name: "开始直播" }).click();
    await expect(host.getByTestId("live-status")).toHaveText("直播中");

    // ── The guest (李明, hn_teacher2, not a member) cannot come in yet ───────────────────────
    const guest = await guestCtx.newPage();
    await signedIn(guest, "hunan", "hn_teacher2");
    const denied = await guest.goto(urlFor("hunan", roomPath));
    expect(denied?.status()).toBe(404);

    // ── The host invites: a member is refused with a reason, the guest by 教师编号-free account ─
    await openRoomTool(host, "邀请");
    const invites = host.getByTestId("live-invites");
    await invites.getByLabel("账号或教师编号").fill("hn_teacher1");
    await invites.getByTestId("invite-submit").click();
    await expect(host.getByTestId("live-invites").getByRole("alert")).toHaveText("对方已经可以进入本场直播，无需邀请");
    await host.getByTestId("live-invites").getByLabel("账号或教师编号").fill("hn_teacher2");
    await host.getByTestId("live-invites").getByTestId("invite-submit").click();
    await expect(host.getByTestId("live-invite")).toHaveCount(1);
    await expect(host.getByTestId("live-invite")).toContainText("李明");
    await expect(host.getByTestId("live-invite")).toHaveAttribute("data-joined", "no");
    // The room stayed connected through the form posts.
    await expect(host.getByTestId("live-connection")).toHaveAttribute("data-state", "online");

    // ── The guest finds it under 我的直播 and joins ───────────────────────────────────────────
    await guest.goto(urlFor("hunan", "/my/live"));
    const mine = guest.getByTestId("my-live-session").filter({ hasText: title });
    await expect(mine).toHaveAttribute("data-via", "invite");
    await expect(mine).toContainText("受邀");
    await mine.getByRole("link", { name: "进入直播间" }).click();
    await waitForHydration(guest);
    await expect(guest.getByTestId("live-status")).toHaveText("直播中");
    await expect(guest.getByTestId("participant")).toHaveCount(2);
    await expect(host.getByTestId("participant").filter({ hasText: "李明" })).toContainText("参与者");
    await expect(guest.getByTestId("live-invites")).toHaveCount(0);

    // ── Revoking (confirmed) takes the guest out of the room at once ─────────────────────────
    await host.reload();
    await waitForHydration(host);
    await openRoomTool(host, "邀请");
    await expect(host.getByTestId("live-invite")).toHaveAttribute("data-joined", "yes");
    host.once("dialog", (d) => void d.accept());
    await host.getByTestId("invite-revoke").click();
    await expect(host.getByTestId("live-invites").getByRole("status")).toHaveText("已撤销邀请。");
    await expect(guest.getByTestId("live-removed")).toBeVisible({ timeout: 10_000 });
    await expect(host.getByTestId("participant")).toHaveCount(1);
    expect((await guest.goto(urlFor("hunan", roomPath)))?.status()).toBe(404);

    // ── The end; the host downloads the attendance sheet from the record ────────────────────
    await expect(host.getByTestId("live-connection")).toHaveAttribute("data-state", "online");
    host.once("dialog", (d) => void d.accept());
    await host.getByRole("button", { name: "结束直播" }).click();
    await expect(host.getByTestId("live-record")).toBeVisible();
    await expect(host.getByTestId("live-invites")).toHaveCount(0);
    const [download] = await Promise.all([host.waitForEvent("download"), host.getByTestId("attendance-export").click()]);
    expect(download.suggestedFilename()).toBe(`${title}-考勤.xlsx`);
    const file = await download.path();
    const { readFileSync } = await import("node:fs");
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  } finally {
    await hostCtx.close();
    await guestCtx.close();
  }
});
