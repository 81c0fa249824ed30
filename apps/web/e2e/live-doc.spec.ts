import { expect, type Page } from "@playwright/test";
import { openRoomTool, showStage, signedIn, startStudioSession, test, urlFor, waitForHydration } from "./support.ts";

/** The main document's text box, once its document has loaded. */
async function mainDoc(p: Page) {
  const box = p.getByLabel("共享教案内容", { exact: true });
  await expect(box).toBeEnabled();
  return box;
}
const saved = (p: Page, testId: string) => expect(p.getByTestId(testId).getByTestId("doc-status")).toContainText("已保存");

test("host and member write the shared lesson plan at the same time, work in breakout groups with their own chat and document, and find the final document and its versions in the record", async ({ browser }) => {
  test.setTimeout(180_000);
  const hostCtx = await browser.newContext();
  const memberCtx = await browser.newContext();
  try {
    const host = await hostCtx.newPage();
    const roomPath = await startStudioSession(host, { activity: "集体备课：七年级上册第三单元", title: `共享教案直播 ${Date.now() % 100000}`, minutes: 60 });
    const member = await memberCtx.newPage();
    await signedIn(member, "hunan", "hn_teacher1");
    await member.goto(urlFor("hunan", roomPath));
    await waitForHydration(member);
    await expect(member.getByTestId("live-status")).toHaveText("直播中");

    // ── The main document: the host writes a title; the member sees it ────────────────────────
    // The document is one of the stage's views.
    for (const p of [host, member]) await showStage(p, "共享教案");
    const hostBox = await mainDoc(host);
    const memberBox = await mainDoc(member);
    await hostBox.click();
    await hostBox.pressSequentially("《春》朗读教学\n");
    await expect(memberBox).toHaveValue("《春》朗读教学\n");

    // ── Both type at once: the host at the top, the member at the bottom ────────────────────────
    // Each keeps typing while the other's characters arrive, so the caret must stay where it was.
    await hostBox.press("Control+Home");
    await memberBox.click();
    await memberBox.press("Control+End");
    await Promise.all([hostBox.pressSequentially("目标：读出节奏。", { delay: 60 }), memberBox.pressSequentially("方法：分角色朗读。", { delay: 60 })]);
    const together = "目标：读出节奏。《春》朗读教学\n方法：分角色朗读。";
    await expect(hostBox).toHaveValue(together);
    await expect(memberBox).toHaveValue(together);
    await saved(host, "live-doc-main");
    await saved(member, "live-doc-main");

    // An edit in the middle (a deletion and an insert) reaches the other side as that edit.
    await hostBox.press("Control+Home");
    for (let i = 0; i < 3; i++) await hostBox.press("ArrowRight");
    await hostBox.press("Shift+ArrowRight");
    await hostBox.press("Shift+ArrowRight");
    await hostBox.pressSequentially("朗读");
    const edited = "目标：朗读节奏。《春》朗读教学\n方法：分角色朗读。";
    await expect(memberBox).toHaveValue(edited);
    await saved(host, "live-doc-main");

    // The member reloads: the document comes back from the server, nothing lost or doubled.
    await member.reload();
    await waitForHydration(member);
    await expect(await mainDoc(member)).toHaveValue(edited);

    // ── Breakout groups: two groups; only the member is split (the host visits every group) ────
    await openRoomTool(host, "分组");
    const breakouts = host.getByTestId("breakouts");
    const count = breakouts.getByLabel("分组数（2–20）");
    await expect(count).toHaveValue("2");
    // One group is no split: refused before asking.
    await count.fill("1");
    await breakouts.getByRole("button", { name: "开始分组讨论" }).click();
    await expect(breakouts.getByRole("alert")).toHaveText("请填写 2 到 20 之间的整数");
    await expect(breakouts.getByTestId("breakout-group")).toHaveCount(0);
    await count.fill("2");
    host.once("dialog", (d) => void d.accept());
    await breakouts.getByRole("button", { name: "开始分组讨论" }).click();
    const groups = breakouts.getByTestId("breakout-group");
    await expect(groups).toHaveCount(2);
    await expect(groups.nth(0)).toContainText("第 1 组");
    await expect(groups.nth(0).getByTestId("breakout-members")).toHaveText("成员：王芳");
    await expect(groups.nth(1).getByTestId("breakout-members")).toHaveText("这一组没有成员");

    const mine = member.getByTestId("breakout-mine");
    await expect(mine.getByTestId("breakout-my-group")).toContainText("你在第 1 组");
    // The group's own chat: the member's message is there, not in the room's chat.
    const roomChatBefore = await member.getByTestId("chat").getByTestId("chat-message").count();
    await mine.getByLabel("发送小组消息").fill("我们组先讨论朗读分工。");
    await mine.getByLabel("发送小组消息").press("Enter");
    await expect(mine.getByTestId("breakout-chat-message")).toHaveCount(1);
    await expect(mine.getByTestId("breakout-chat-message")).toContainText("我们组先讨论朗读分工。");
    await expect(member.getByTestId("chat").getByTestId("chat-message")).toHaveCount(roomChatBefore);
    await expect(host.getByTestId("chat")).not.toContainText("我们组先讨论朗读分工。");

    // The group's own document: the member writes, the host looks in and adds a note, the member sees it.
    const groupBox = mine.getByLabel("第 1 组的教案内容");
    await expect(groupBox).toBeEnabled();
    await expect(groupBox).toHaveValue("");
    await groupBox.click();
    await groupBox.pressSequentially("第一组：朗读分工");
    await saved(member, "breakout-doc");
    await groups.nth(0).getByRole("button", { name: "查看第 1 组的教案" }).click();
    const hostGroupBox = groups.nth(0).getByLabel("第 1 组的教案内容");
    await expect(hostGroupBox).toHaveValue("第一组：朗读分工");
    await hostGroupBox.click();
    await hostGroupBox.press("Control+End");
    await hostGroupBox.pressSequentially("（好）");
    await expect(groupBox).toHaveValue("第一组：朗读分工（好）");
    // The main document did not change.
    await expect(await mainDoc(member)).toHaveValue(edited);

    // ── The host calls everyone back ───────────────────────────────────────────────────────────
    host.once("dialog", (d) => void d.accept());
    await breakouts.getByRole("button", { name: "结束分组" }).click();
    await expect(member.getByTestId("breakout-back")).toHaveText("分组讨论已结束，你已回到主会场。");
    await expect(member.getByTestId("breakout-mine")).toHaveCount(0);
    await expect(breakouts.getByTestId("breakout-group")).toHaveCount(0);

    // ── The end: the record shows the final documents and a version that opens ─────────────────
    host.once("dialog", (d) => void d.accept());
    await host.getByRole("button", { name: "结束直播" }).click();
    for (const p of [host, member]) {
      await expect(p.getByTestId("live-record")).toBeVisible();
      await expect(p.getByTestId("record-doc-text")).toHaveText(edited);
      await expect(p.getByTestId("record-group-doc")).toHaveCount(2);
      await expect(p.getByTestId("record-group-doc").nth(0)).toContainText("第 1 组");
      await expect(p.getByTestId("record-group-doc").nth(0).getByTestId("record-group-doc-text")).toHaveText("第一组：朗读分工（好）");
    }
    // At least the final version of each document (the end folds every document into one).
    const mainVersions = member.locator('[data-testid="record-doc-version"][data-doc-key="main"]');
    await expect(mainVersions).not.toHaveCount(0);
    await expect(member.locator('[data-testid="record-doc-version"][data-doc-key^="group:"]')).not.toHaveCount(0);
    await mainVersions.last().getByRole("link").click();
    await expect(member).toHaveURL(/\?version=[0-9a-f-]{36}$/);
    await expect(member.getByTestId("record-doc-version-open")).toContainText("共享教案");
    await expect(member.getByTestId("record-doc-version-text")).toHaveText(edited);
  } finally {
    await hostCtx.close();
    await memberCtx.close();
  }
});
