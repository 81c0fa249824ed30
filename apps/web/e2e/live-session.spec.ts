import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";
import { openRoomTool, showRoomTab, signedIn, test, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

test("the host schedules a live session for a studio activity and runs it with a member: chat, a poll, slides on page 2 (late joiners too), a raised hand, muting, then the record with the times it really ran, and no 学时 for a session of a few minutes", async ({ browser }) => {
  test.setTimeout(240_000);
  const hostCtx = await browser.newContext();
  const memberCtx = await browser.newContext();
  const sichuanCtx = await browser.newContext();
  try {
    // ── hn_mingshi schedules a session for the demo studio's 集体备课 ─────────────────────────
    const host = await hostCtx.newPage();
    await signedIn(host, "hunan", "hn_mingshi");
    await host.goto(urlFor("hunan", "/studios"));
    await waitForHydration(host);
    await host.getByRole("link", { name: "初中语文名师工作室" }).click();
    await expect(host).toHaveURL(/\/studios\/[0-9a-f-]{36}$/);
    await host.getByTestId("studio-tab-plan").click();
    await waitForHydration(host);
    const row = host.getByTestId("activity-row").filter({ hasText: "集体备课：七年级上册第三单元" });
    await row.getByText("安排直播", { exact: true }).first().click();
    const form = row.getByTestId("schedule-live-form");
    await expect(form.getByLabel("直播标题")).toHaveValue("集体备课：七年级上册第三单元");
    // The activity's day (2026-09-18) has gone by: the form proposes a start still to come, not that day.
    const proposed = await form.getByLabel("开始时间").inputValue();
    expect(new Date(`${proposed}:00+08:00`).getTime()).toBeGreaterThan(Date.now());
    const title = `第三单元集体备课直播 ${Date.now() % 100000}`;
    await form.getByLabel("直播标题").fill(title);
    await form.getByLabel("时长（分钟）").fill("60");
    await form.getByTestId("schedule-live").click();
    await expect(host.getByRole("status").filter({ hasText: "已安排直播" })).toBeVisible();
    const session = host.getByTestId("activity-session").filter({ hasText: title });
    await expect(session).toContainText("未开始");
    await session.getByRole("link", { name: "进入直播间" }).click();
    await expect(host).toHaveURL(/\/live\/[0-9a-f-]{36}$/);
    const roomPath = new URL(host.url()).pathname;
    await waitForHydration(host);
    await expect(host.getByTestId("live-title")).toHaveText(title);
    await expect(host.getByTestId("live-connection")).toHaveAttribute("data-state", "online");
    await expect(host.getByTestId("live-status")).toHaveText("未开始");

    // ── The host starts it ───────────────────────────────────────────────────────────────────
    const startClicked = Date.now();
    await host.getByRole("button", { name: "开始直播" }).click();
    await expect(host.getByTestId("live-status")).toHaveText("直播中");
    const startSeen = Date.now();

    // ── hn_teacher1, a member, joins from another browser ───────────────────────────────────
    const member = await memberCtx.newPage();
    await signedIn(member, "hunan", "hn_teacher1");
    await member.goto(urlFor("hunan", roomPath));
    await waitForHydration(member);
    await expect(member.getByTestId("live-status")).toHaveText("直播中");
    const memberJoinedAt = Date.now();
    await expect(member.getByTestId("host-controls")).toHaveCount(0);
    // Both see both, with their roles.
    for (const p of [host, member]) {
      await expect(p.getByTestId("participant")).toHaveCount(2);
      await expect(p.getByTestId("participant").filter({ hasText: "谭晓红" })).toContainText("主持人");
      await expect(p.getByTestId("participant").filter({ hasText: "王芳" })).toContainText("参与者");
    }

    // ── Chat: one message from each appears for both ─────────────────────────────────────────
    await host.getByLabel("发送消息", { exact: true }).fill("各位老师好，今天研讨第三单元的朗读教学。");
    await host.getByTestId("chat-send").click();
    // The member sends with the keyboard (Enter).
    await member.getByLabel("发送消息", { exact: true }).fill("老师好！我们班先试了分角色朗读。");
    await member.getByLabel("发送消息", { exact: true }).press("Enter");
    for (const p of [host, member]) {
      await expect(p.getByTestId("chat-message")).toHaveCount(2);
      await expect(p.getByTestId("chat-message").nth(0)).toContainText("各位老师好");
      await expect(p.getByTestId("chat-message").nth(1)).toContainText("分角色朗读");
    }

    // ── A poll: the host asks, the member answers once, the host sees the tally ─────────────
    await openRoomTool(host, "投票");
    const pollForm = host.getByTestId("poll-form");
    await pollForm.getByLabel("问题").fill("朗读指导应放在讲解之前吗？");
    await pollForm.getByLabel("选项 1", { exact: true }).fill("应该");
    await pollForm.getByLabel("选项 2", { exact: true }).fill("不必");
    await pollForm.getByRole("button", { name: "添加选项" }).click();
    await pollForm.getByLabel("选项 3", { exact: true }).fill("看课文");
    await pollForm.getByRole("button", { name: "发布投票" }).click();
    const memberPoll = member.getByTestId("poll").filter({ hasText: "朗读指导应放在讲解之前吗？" });
    await expect(memberPoll.getByTestId("poll-option")).toHaveCount(3);
    // The member's 投票 panel opened by itself for the new poll: a choice list, then 提交投票.
    await expect(memberPoll.getByTestId("poll-vote")).toHaveCount(3);
    await memberPoll.getByRole("radio", { name: "应该" }).check();
    await memberPoll.getByRole("button", { name: "提交投票" }).click();
    await expect(memberPoll).toContainText("你投了“应该”");
    // Answered once: no more buttons to vote with.
    await expect(memberPoll.getByTestId("poll-vote")).toHaveCount(0);
    const hostPoll = host.getByTestId("poll").filter({ hasText: "朗读指导应放在讲解之前吗？" });
    // The host asks and sees the tally, but has nothing to vote with.
    await expect(hostPoll.getByTestId("poll-option")).toHaveCount(3);
    await expect(hostPoll.getByTestId("poll-vote")).toHaveCount(0);
    await expect(hostPoll.getByRole("radio")).toHaveCount(0);
    await expect(hostPoll.getByTestId("poll-option").nth(0)).toHaveAttribute("data-count", "1");
    await expect(hostPoll.getByTestId("poll-option").nth(1)).toHaveAttribute("data-count", "0");
    await expect(hostPoll.getByTestId("poll-total")).toHaveText("共 1 票");

    // ── Slides: the host uploads a 3-page PDF and turns to page 2; the member follows ───────
    await openRoomTool(host, "课件");
    await host.getByLabel("上传课件（PDF）").setInputFiles(path.join(here, "fixtures", "slides.pdf"));
    await expect(host.getByTestId("slide-page")).toHaveAttribute("data-page", "1", { timeout: 20_000 });
    await expect(member.getByTestId("slide-page")).toHaveAttribute("data-page", "1", { timeout: 20_000 });
    await expect(host.getByTestId("slide-position")).toHaveText("第 1 页，共 3 页");
    await expect(member.getByRole("button", { name: "下一页" })).toHaveCount(0);
    await host.getByRole("button", { name: "下一页" }).click();
    await expect(host.getByTestId("slide-page")).toHaveAttribute("data-page", "2");
    await expect(member.getByTestId("slide-page")).toHaveAttribute("data-page", "2");
    await expect(member.getByTestId("slide-page")).toHaveAttribute("data-status", "ready");

    // A late joiner (here: the member reloading) lands on the current page.
    await member.reload();
    await waitForHydration(member);
    await expect(member.getByTestId("slide-page")).toHaveAttribute("data-page", "2", { timeout: 20_000 });

    // ── A raised hand reaches the host's queue; the host mutes the member (after confirming) ─
    await member.getByRole("button", { name: "举手" }).click();
    await expect(host.getByTestId("hand-queue").getByTestId("hand-entry")).toHaveText(/王芳/);
    await showRoomTab(host, "成员");
    await host.getByRole("button", { name: "请王芳放下手" }).click();
    await expect(host.getByTestId("hand-queue").getByTestId("hand-entry")).toHaveCount(0);
    await expect(member.getByRole("button", { name: "举手" })).toBeVisible();
    host.once("dialog", (d) => void d.accept());
    await host.getByTestId("participant").filter({ hasText: "王芳" }).getByRole("button", { name: "禁言" }).click();
    await expect(member.getByText("你已被禁言，暂时不能发言。")).toBeVisible();
    await expect(host.getByTestId("participant").filter({ hasText: "王芳" })).toContainText("已禁言");

    // Let the member stay over a minute, so the record has minutes to show.
    const stay = 70_000 - (Date.now() - memberJoinedAt);
    if (stay > 0) await host.waitForTimeout(stay);

    // ── The host ends the session (after confirming); both pages turn into the record ──────
    host.once("dialog", (d) => void d.accept());
    await host.getByRole("button", { name: "结束直播" }).click();
    for (const p of [host, member]) {
      const record = p.getByTestId("live-record");
      await expect(record).toBeVisible();
      await expect(p.getByTestId("live-status")).toHaveText("已结束");
      await expect(record.getByTestId("record-chat-message")).toHaveCount(2);
      await expect(record.getByTestId("record-chat")).toContainText("各位老师好，今天研讨第三单元的朗读教学。");
      await expect(record.getByTestId("record-chat")).toContainText("老师好！我们班先试了分角色朗读。");
      await expect(record.getByTestId("record-poll")).toContainText("应该：1 票");
      await expect(record.getByTestId("record-poll")).toContainText("不必：0 票");
      await expect(record.getByTestId("attendance-row")).toHaveCount(2);
      await expect(record.getByTestId("attendance-row").filter({ hasText: "王芳" })).toContainText("分钟");
      // The record links the 课件 that was shown.
      await expect(p.getByTestId("record-slides")).toHaveAttribute("href", /^\/files\/[0-9a-f-]{36}$/);
    }

    // ── The record shows when it really ran (开始直播 → 结束直播), not the time it was planned for ──
    for (const p of [host, member]) {
      const when = p.getByTestId("live-when");
      await expect(when).toHaveAttribute("data-held", "true");
      const startedAt = new Date((await when.getAttribute("data-started-at"))!).getTime();
      expect(startedAt).toBeGreaterThanOrEqual(startClicked - 1000);
      expect(startedAt).toBeLessThanOrEqual(startSeen + 1000);
      await expect(when).toContainText("实际");
      await expect(when).toContainText("计划 60 分钟");
    }

    // ── 学时 scale with the time held: a session of a couple of minutes (of the 60 planned) gives none ──
    for (const p of [host, member]) {
      await expect(p.getByTestId("live-credit")).toHaveAttribute("data-status", "sessionShort");
      await expect(p.getByTestId("live-credit")).toContainText("不计学时");
    }
    await member.goto(urlFor("hunan", "/my/credits"));
    await expect(member.getByTestId("ledger-row").filter({ hasText: "集体备课：七年级上册第三单元" })).toHaveCount(0);

    // The plan shows the session as ended, with its record.
    await host.getByRole("link", { name: "返回初中语文名师工作室" }).click();
    await expect(host.getByTestId("activity-session").filter({ hasText: title })).toContainText("已结束");
    await expect(host.getByTestId("activity-session").filter({ hasText: title }).getByTestId("session-when")).toHaveAttribute("data-held", "true");
    await expect(host.getByTestId("activity-session").filter({ hasText: title }).getByRole("link", { name: "查看记录" })).toBeVisible();

    // ── Another province gets 404 for the room (and its record) ───────────────────────────────
    const sichuan = await sichuanCtx.newPage();
    await signedIn(sichuan, "sichuan", "sc_teacher1");
    const res = await sichuan.goto(urlFor("sichuan", roomPath));
    expect(res?.status()).toBe(404);
  } finally {
    await hostCtx.close();
    await memberCtx.close();
    await sichuanCtx.close();
  }
});
