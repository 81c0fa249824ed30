import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import { openRoomTool, signedIn, startStudioSession, test, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Draws one stroke with the mouse from one point to another, both in 0..1 of the board. */
async function draw(page: Page, from: [number, number], to: [number, number]) {
  const board = page.getByTestId("board");
  await expect(board).toHaveAttribute("data-loaded", "true");
  // The mouse acts in the viewport: bring the whole board into it first.
  await board.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const box = (await board.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]), { steps: 6 });
  await page.mouse.move(...at(to), { steps: 6 });
  await page.mouse.up();
}

/** The stroke's box in 0..1 of the board, as drawn on this page. */
async function strokeBox(page: Page, nth: number) {
  const b = (await page.getByTestId("board").boundingBox())!;
  const s = (await page.getByTestId("board-stroke").nth(nth).boundingBox())!;
  return { left: (s.x - b.x) / b.width, top: (s.y - b.y) / b.height, right: (s.x + s.width - b.x) / b.width, bottom: (s.y + s.height - b.y) / b.height };
}

test("the whiteboard: the host's strokes reach a member at another size, the member undoes their own (button and Ctrl+Z), the host clears the page after confirming, strokes follow the slide page and come back on reload, and the record shows the pages", async ({ browser }) => {
  test.setTimeout(240_000);
  const hostCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Another window size: strokes are kept in page coordinates, so they land on the same spot of the page.
  const memberCtx = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  try {
    // ── hn_mingshi schedules a session for the demo studio's 专题讲座 and starts it ─────────────
    const host = await hostCtx.newPage();
    const roomPath = await startStudioSession(host, { activity: "专题讲座：新课标下的学习任务群", title: `白板讲座 ${Date.now() % 100000}`, minutes: 30 });

    // ── hn_teacher1 joins; both see an empty white page (no slides yet) ─────────────────────────
    const member = await memberCtx.newPage();
    await signedIn(member, "hunan", "hn_teacher1");
    await member.goto(urlFor("hunan", roomPath));
    await waitForHydration(member);
    await expect(member.getByTestId("live-status")).toHaveText("直播中");
    const hostId = await host.getByTestId("participant").filter({ hasText: "谭晓红" }).getAttribute("data-user");
    await expect(member.getByTestId("participant")).toHaveCount(2);
    const memberId = await member.getByTestId("participant").filter({ hasText: "王芳" }).getAttribute("data-user");
    for (const p of [host, member]) {
      await expect(p.getByTestId("board-plain").getByTestId("board")).toHaveAttribute("data-loaded", "true");
      await expect(p.getByTestId("board-stroke")).toHaveCount(0);
    }
    // Only moderators clear a page or undo others' strokes.
    await expect(member.getByTestId("board-clear")).toHaveCount(0);
    await expect(member.getByTestId("board-undo-any")).toHaveCount(0);
    await expect(host.getByRole("button", { name: "清空第 1 页白板" })).toBeDisabled();

    // ── The host draws a red stroke; the member sees it, at the same place of the page ────────
    await host.getByRole("button", { name: "红色画笔" }).click();
    await expect(host.getByRole("button", { name: "红色画笔" })).toHaveAttribute("aria-pressed", "true");
    await draw(host, [0.2, 0.3], [0.6, 0.5]);
    for (const p of [host, member]) {
      await expect(p.getByTestId("board-stroke")).toHaveCount(1);
      await expect(p.getByTestId("board-stroke").first()).toHaveAttribute("data-author", hostId!);
      await expect(p.getByTestId("board-stroke").first()).toHaveAttribute("stroke", "#dc2626");
    }
    await expect(host.getByTestId("board-stroke-pending")).toHaveCount(0);
    const [onHost, onMember] = [await strokeBox(host, 0), await strokeBox(member, 0)];
    expect(Math.abs((await host.getByTestId("board").boundingBox())!.width - (await member.getByTestId("board").boundingBox())!.width)).toBeGreaterThan(20);
    for (const k of ["left", "top", "right", "bottom"] as const) {
      expect(Math.abs(onHost[k] - onMember[k])).toBeLessThan(0.02);
    }
    expect(onMember.left).toBeGreaterThan(0.17);
    expect(onMember.right).toBeLessThan(0.63);

    // ── The member draws and undoes their own (the button), again and undoes with Ctrl+Z ──────
    await draw(member, [0.7, 0.7], [0.9, 0.8]);
    for (const p of [host, member]) await expect(p.getByTestId("board-stroke")).toHaveCount(2);
    await expect(member.getByTestId("board-stroke").nth(1)).toHaveAttribute("data-author", memberId!);
    await member.getByRole("button", { name: "撤销我的上一笔（Ctrl+Z）" }).click();
    for (const p of [host, member]) {
      await expect(p.getByTestId("board-stroke")).toHaveCount(1);
      await expect(p.getByTestId("board-stroke").first()).toHaveAttribute("data-author", hostId!);
    }
    // The member has no stroke left to undo: the host's is not theirs.
    await expect(member.getByRole("button", { name: "撤销我的上一笔（Ctrl+Z）" })).toBeDisabled();
    await draw(member, [0.1, 0.8], [0.3, 0.9]);
    for (const p of [host, member]) await expect(p.getByTestId("board-stroke")).toHaveCount(2);
    await member.keyboard.press("Control+z");
    for (const p of [host, member]) await expect(p.getByTestId("board-stroke")).toHaveCount(1);

    // ── The host clears the page, after confirming; both boards are empty ────────────────────
    await draw(host, [0.4, 0.1], [0.5, 0.2]);
    for (const p of [host, member]) await expect(p.getByTestId("board-stroke")).toHaveCount(2);
    // Dismissing the confirmation keeps everything.
    host.once("dialog", (d) => void d.dismiss());
    await host.getByTestId("board-clear").click();
    await expect(host.getByTestId("board-stroke")).toHaveCount(2);
    let asked = "";
    host.once("dialog", (d) => {
      asked = d.message();
      void d.accept();
    });
    await host.getByTestId("board-clear").click();
    for (const p of [host, member]) await expect(p.getByTestId("board-stroke")).toHaveCount(0);
    expect(asked).toContain("清空第 1 页");

    // ── New strokes from both; a reload of the member's page brings them back ─────────────────
    await draw(host, [0.1, 0.1], [0.4, 0.2]);
    await draw(member, [0.5, 0.5], [0.8, 0.6]);
    for (const p of [host, member]) await expect(p.getByTestId("board-stroke")).toHaveCount(2);
    await member.reload();
    await waitForHydration(member);
    await expect(member.getByTestId("board")).toHaveAttribute("data-loaded", "true");
    await expect(member.getByTestId("board-stroke")).toHaveCount(2);
    await expect(member.locator(`[data-testid="board-stroke"][data-author="${memberId}"]`)).toHaveCount(1);

    // ── Slides: the board lies over the slide page and follows it ─────────────────────────────
    await openRoomTool(host, "课件");
    await host.getByLabel("上传课件（PDF）").setInputFiles(path.join(here, "fixtures", "slides.pdf"));
    for (const p of [host, member]) {
      await expect(p.getByTestId("slide-page")).toHaveAttribute("data-page", "1", { timeout: 20_000 });
      await expect(p.getByTestId("slide-page").getByTestId("board")).toHaveAttribute("data-page", "1");
      // Page 1's strokes stay on page 1.
      await expect(p.getByTestId("board-stroke")).toHaveCount(2);
    }
    const slideBox = (await host.getByTestId("slide-page").locator("canvas").boundingBox())!;
    const boardBox = (await host.getByTestId("board").boundingBox())!;
    expect(Math.abs(slideBox.width - boardBox.width)).toBeLessThan(4);
    expect(Math.abs(slideBox.height - boardBox.height)).toBeLessThan(4);
    await host.getByRole("button", { name: "下一页" }).click();
    for (const p of [host, member]) {
      await expect(p.getByTestId("board")).toHaveAttribute("data-page", "2");
      await expect(p.getByTestId("board")).toHaveAttribute("data-loaded", "true");
      await expect(p.getByTestId("board-stroke")).toHaveCount(0);
    }
    await draw(member, [0.3, 0.3], [0.7, 0.4]);
    for (const p of [host, member]) await expect(p.getByTestId("board-stroke")).toHaveCount(1);
    await host.getByRole("button", { name: "上一页" }).click();
    for (const p of [host, member]) {
      await expect(p.getByTestId("board")).toHaveAttribute("data-page", "1");
      await expect(p.getByTestId("board-stroke")).toHaveCount(2);
    }

    // ── The host ends the session; the record shows both whiteboard pages ─────────────────────
    host.once("dialog", (d) => void d.accept());
    await host.getByRole("button", { name: "结束直播" }).click();
    for (const p of [host, member]) {
      const record = p.getByTestId("live-record");
      await expect(record).toBeVisible();
      const pages = record.getByTestId("record-board-page");
      await expect(pages).toHaveCount(2);
      await expect(pages.nth(0)).toHaveAttribute("data-page", "1");
      await expect(pages.nth(0).getByTestId("record-board-stroke")).toHaveCount(2);
      await expect(pages.nth(0)).toContainText("第 1 页（2 笔）");
      await expect(pages.nth(1)).toHaveAttribute("data-page", "2");
      await expect(pages.nth(1).getByTestId("record-board-stroke")).toHaveCount(1);
      // Each over its slide page.
      await expect(pages.nth(1).getByTestId("slide-page")).toHaveAttribute("data-page", "2", { timeout: 20_000 });
    }
  } finally {
    await hostCtx.close();
    await memberCtx.close();
  }
});
