import { expect, type Page } from "@playwright/test";
import { openRoomTool, signedIn, startStudioSession, test, urlFor, waitForHydration } from "./support.ts";

/** The room's chat box is wide enough to write in. */
async function chatInputWidth(p: Page) {
  const input = p.getByLabel("发送消息", { exact: true });
  await expect(input).toBeVisible();
  return (await input.boundingBox())!.width;
}

test("the live room is a stage: the host reaches every tool without scrolling at 1366×768, chat and people dock beside the stage (under it on a phone), an empty stage says what to do, the chat box is wide at both sizes, and the host sees tallies but no vote buttons", async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  const hostCtx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const memberCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const host = await hostCtx.newPage();
    const roomPath = await startStudioSession(host, { activity: "专题讲座：新课标下的学习任务群", title: `舞台布局 ${Date.now() % 100000}`, minutes: 30 });

    // ── 1366×768: the whole room fits, every toolbar button is in the viewport ────────────────
    const toolbar = host.getByTestId("room-toolbar");
    const buttons = toolbar.getByRole("button");
    for (const name of ["结束直播", "音视频", "课件", "投票", "分组", "邀请", "成员管理"]) await expect(toolbar.getByRole("button", { name, exact: true })).toBeVisible();
    const n = await buttons.count();
    expect(n).toBeGreaterThanOrEqual(7);
    for (let i = 0; i < n; i++) {
      const box = (await buttons.nth(i).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(1366);
      expect(box.y + box.height).toBeLessThanOrEqual(768);
    }
    const fits = () => host.evaluate(() => [document.scrollingElement!.scrollHeight, window.innerHeight, document.scrollingElement!.scrollWidth, window.innerWidth] as const);
    const [h, vh, w, vw] = await fits();
    expect(h).toBeLessThanOrEqual(vh);
    expect(w).toBeLessThanOrEqual(vw);
    // The stage and, beside it, 聊天 and 成员 with their counts.
    const stage = (await host.getByTestId("live-stage").boundingBox())!;
    const chatTab = host.getByRole("tab", { name: /^聊天 0/ });
    await expect(chatTab).toHaveAttribute("aria-selected", "true");
    await expect(host.getByRole("tab", { name: /^成员 1/ })).toBeVisible();
    expect((await chatTab.boundingBox())!.x).toBeGreaterThan(stage.x + stage.width - 1);
    // An empty stage tells the host what to do; 上传课件 opens the 课件 panel.
    const empty = host.getByTestId("stage-empty");
    await expect(empty).toContainText("还没有共享内容");
    await empty.getByRole("button", { name: "上传课件" }).click();
    await expect(host.getByLabel("上传课件（PDF）")).toBeAttached();
    await expect(toolbar.getByRole("button", { name: "课件", exact: true })).toHaveAttribute("aria-expanded", "true");
    // Tools open beside the stage: still no page scroll.
    for (const tool of ["投票", "分组", "邀请", "音视频"] as const) {
      await openRoomTool(host, tool);
      const [h2, vh2] = await fits();
      expect(h2, `page height with the ${tool} panel open`).toBeLessThanOrEqual(vh2);
    }
    expect(await chatInputWidth(host)).toBeGreaterThanOrEqual(200);
    await host.setViewportSize({ width: 1366, height: 900 });
    expect(await chatInputWidth(host)).toBeGreaterThanOrEqual(200);

    // ── A member on a phone: the stage on top, 聊天 / 成员 under it; the stage says to wait ──────
    const member = await memberCtx.newPage();
    await signedIn(member, "hunan", "hn_teacher1");
    await member.goto(urlFor("hunan", roomPath));
    await waitForHydration(member);
    await expect(member.getByTestId("live-status")).toHaveText("直播中");
    await expect(member.getByTestId("stage-empty")).toContainText("等待主持人共享内容");
    await expect(member.getByTestId("stage-empty").getByRole("button")).toHaveCount(0);
    await expect(member.getByTestId("host-controls")).toHaveCount(0);
    const memberStage = (await member.getByTestId("live-stage").boundingBox())!;
    const memberTab = (await member.getByRole("tab", { name: /^聊天/ }).boundingBox())!;
    expect(memberTab.y).toBeGreaterThanOrEqual(memberStage.y + memberStage.height - 1);
    await member.getByRole("tab", { name: /^聊天/ }).scrollIntoViewIfNeeded();
    expect(await chatInputWidth(member)).toBeGreaterThanOrEqual(200);
    const [mw, mvw] = await member.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth] as const);
    expect(mw).toBeLessThanOrEqual(mvw);

    // ── A poll: the member gets a choice list, the host only the tally ─────────────────────────
    await openRoomTool(host, "投票");
    const form = host.getByTestId("poll-form");
    await form.getByLabel("问题").fill("这节课的节奏合适吗？");
    await form.getByLabel("选项 1", { exact: true }).fill("合适");
    await form.getByLabel("选项 2", { exact: true }).fill("偏快");
    await form.getByRole("button", { name: "发布投票" }).click();
    const hostPoll = host.getByTestId("poll").filter({ hasText: "这节课的节奏合适吗？" });
    await expect(hostPoll.getByTestId("poll-option")).toHaveCount(2);
    await expect(hostPoll.getByTestId("poll-vote")).toHaveCount(0);
    await expect(hostPoll.getByRole("radio")).toHaveCount(0);
    await expect(hostPoll.getByRole("button", { name: "提交投票" })).toHaveCount(0);
    await expect(hostPoll.getByRole("progressbar")).toHaveCount(2);
    const memberPoll = member.getByTestId("poll").filter({ hasText: "这节课的节奏合适吗？" });
    await expect(memberPoll.getByRole("radio")).toHaveCount(2);
    await memberPoll.getByRole("radio", { name: "偏快" }).check();
    await memberPoll.getByRole("button", { name: "提交投票" }).click();
    await expect(memberPoll).toContainText("你投了“偏快”");
    await expect(memberPoll.getByRole("radio")).toHaveCount(0);
    await expect(hostPoll.getByTestId("poll-option").nth(1)).toHaveAttribute("data-count", "1");
    // The room in session, as each of them sees it, kept with the test's results.
    await host.screenshot({ path: testInfo.outputPath("live-room-host-desktop.png") });
    await member.screenshot({ path: testInfo.outputPath("live-room-member-phone.png") });
  } finally {
    await hostCtx.close();
    await memberCtx.close();
  }
});
