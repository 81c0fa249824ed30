import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "@playwright/test";
import { chromiumLaunch, fakeMediaArgs } from "./browser.ts";
import { openRoomTool, showRoomTab, signedIn, test, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
// Fake camera and microphone: the lecturer's audio and video reach the classrooms over WebRTC.
test.use({ launchOptions: { ...chromiumLaunch, args: [...chromiumLaunch.args, ...fakeMediaArgs] } });

/** Now in China's wall clock, as a datetime-local value. */
const chinaNow = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);

test("双师: a master teacher schedules a co-teaching session with two classrooms; each assistant joins and receives the lecturer's video (one classroom switches to audio + slides), the lecturer calls on a classroom and hears it, answers the poll for the class (a choice, then counts), takes attendance and asks a question; the lecturer's tiles show it per classroom and in total; the record lists each classroom", async ({ browser }) => {
  test.setTimeout(150_000);
  const lecturerCtx = await browser.newContext();
  const a1Ctx = await browser.newContext();
  const a2Ctx = await browser.newContext();
  try {
    // ── hn_mingshi schedules it; a bad headcount comes back on its classroom's field ─────────
    const lecturer = await lecturerCtx.newPage();
    await signedIn(lecturer, "hunan", "hn_mingshi");
    await lecturer.goto(urlFor("hunan", "/coteaching/new"));
    await waitForHydration(lecturer);
    const form = lecturer.getByTestId("coteaching-form");
    const title = `双师课堂：春 ${Date.now() % 100000}`;
    await form.getByLabel("课堂标题").fill(title);
    await form.getByLabel("开始时间").fill(chinaNow());
    const rooms = lecturer.getByTestId("classroom-fields");
    await expect(rooms).toHaveCount(2);
    const fill = async (i: number, grade: string, cls: string, headcount: string, assistant: string) => {
      const r = rooms.nth(i);
      await r.getByLabel("学校").selectOption({ index: i + 1 });
      await r.getByLabel("年级").fill(grade);
      await r.getByLabel("班级", { exact: true }).fill(cls);
      await r.getByLabel("班级人数").fill(headcount);
      await r.getByLabel("辅导教师（账号或教师编号）").fill(assistant);
    };
    await fill(0, "七年级", "1班", "40", "hn_teacher1");
    await fill(1, "七年级", "2班", "0", "hn_teacher2");
    await lecturer.getByTestId("coteaching-submit").click();
    await expect(lecturer.getByTestId("classroom-fields").nth(1).getByRole("alert")).toHaveText("班级人数至少 1 人");
    await lecturer.getByTestId("classroom-fields").nth(1).getByLabel("班级人数").fill("35");
    await lecturer.getByTestId("coteaching-submit").click();
    await expect(lecturer).toHaveURL(/\/live\/[0-9a-f-]{36}$/);
    const roomPath = new URL(lecturer.url()).pathname;
    await waitForHydration(lecturer);
    await expect(lecturer.getByTestId("live-title")).toHaveText(title);
    await lecturer.getByRole("button", { name: "开始直播" }).click();
    await expect(lecturer.getByTestId("live-status")).toHaveText("直播中");
    const tiles = lecturer.getByTestId("classroom-tile");
    await expect(tiles).toHaveCount(2);
    await expect(tiles.nth(0)).toHaveAttribute("data-connected", "no");

    // ── The assistants come in: one from 我的直播, one by the link ───────────────────────────
    const a1 = await a1Ctx.newPage();
    await signedIn(a1, "hunan", "hn_teacher1");
    await a1.goto(urlFor("hunan", "/my/live"));
    const mine = a1.getByTestId("my-live-session").filter({ hasText: title });
    await expect(mine).toHaveAttribute("data-via", "classroom");
    await mine.getByRole("link", { name: "进入直播间" }).click();
    await waitForHydration(a1);
    const a2 = await a2Ctx.newPage();
    await signedIn(a2, "hunan", "hn_teacher2");
    await a2.goto(urlFor("hunan", roomPath));
    await waitForHydration(a2);
    for (const p of [a1, a2]) await expect(p.getByTestId("coteaching-assistant")).toBeVisible();
    await expect(a1.getByTestId("coteaching-assistant")).toContainText("七年级1班");
    await expect(tiles.nth(0)).toHaveAttribute("data-connected", "yes", { timeout: 10_000 });
    await expect(tiles.nth(1)).toHaveAttribute("data-connected", "yes", { timeout: 10_000 });
    // Assistants see no tiles.
    await expect(a1.getByTestId("coteaching-tiles")).toHaveCount(0);

    // ── The lecturer's slides, audio and video reach both classrooms; classroom 2 goes audio + slides ──
    await openRoomTool(lecturer, "课件");
    await lecturer.getByLabel("上传课件（PDF）").setInputFiles(path.join(here, "fixtures", "slides.pdf"));
    await expect(lecturer.getByTestId("slide-page")).toHaveAttribute("data-page", "1", { timeout: 20_000 });
    await openRoomTool(lecturer, "音视频");
    await lecturer.getByTestId("av").getByRole("button", { name: "开启音视频" }).click();
    await expect(lecturer.getByTestId("av-publisher")).toHaveAttribute("data-publishing", "true");
    for (const p of [a1, a2]) {
      const peer = p.getByTestId("av-peer");
      await expect(peer).toHaveAttribute("data-rtc-state", "connected", { timeout: 20_000 });
      await expect(peer).toHaveAttribute("data-has-video", "true");
      await expect.poll(() => peer.locator("video").evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    await a2.getByLabel("音频+课件模式").check();
    const lowPeer = a2.getByTestId("av-peer");
    await expect(lowPeer).toHaveAttribute("data-has-video", "false", { timeout: 15_000 });
    await expect(lowPeer).toHaveAttribute("data-rtc-state", "connected");
    const heard = Number(await lowPeer.getAttribute("data-audio-bytes"));
    await expect.poll(async () => Number(await lowPeer.getAttribute("data-audio-bytes")), { timeout: 15_000 }).toBeGreaterThan(heard);
    await expect(a2.getByTestId("slide-page")).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    // Classroom 1 still has the picture.
    await expect(a1.getByTestId("av-peer")).toHaveAttribute("data-has-video", "true");

    // ── The lecturer calls on classroom 1: its microphone opens and the lecturer hears it; then the floor is called back ──
    await lecturer.getByTestId("av-call-select").selectOption({ label: "王芳" });
    await lecturer.getByTestId("av-call-on").click();
    await expect(lecturer.getByTestId("av-called")).toHaveText("正在发言：王芳");
    await expect(a2.getByTestId("av-called-me")).toHaveCount(0);
    await a1.getByTestId("av-called-start").click();
    await expect(a1.getByTestId("av-called-me")).toHaveAttribute("data-publishing", "true");
    const classroomVoice = lecturer.getByTestId("av-peer");
    await expect(classroomVoice).toHaveCount(1);
    await expect(classroomVoice).toHaveAttribute("data-rtc-state", "connected", { timeout: 20_000 });
    await expect(classroomVoice).toHaveAttribute("data-has-video", "false");
    await expect.poll(async () => Number(await classroomVoice.getAttribute("data-audio-bytes")), { timeout: 15_000 }).toBeGreaterThan(0);
    await lecturer.getByTestId("av-call-off").click();
    await expect(a1.getByTestId("av-called-me")).toHaveCount(0);
    await expect(lecturer.getByTestId("av-peer")).toHaveCount(0, { timeout: 10_000 });

    // ── The lecturer asks; each classroom answers as a class ────────────────────────────────
    await openRoomTool(lecturer, "投票");
    const pollForm = lecturer.getByTestId("poll-form");
    await pollForm.getByLabel("问题").fill("朱自清笔下的春天，哪一幅画面最打动你？");
    await pollForm.getByLabel("选项 1", { exact: true }).fill("春草图");
    await pollForm.getByLabel("选项 2", { exact: true }).fill("春花图");
    await pollForm.getByRole("button", { name: "发布投票" }).click();

    const f1 = a1.getByTestId("class-answer-form");
    await expect(f1).toBeVisible({ timeout: 10_000 });
    await f1.getByLabel("A. 春草图").check();
    await f1.getByTestId("class-answer-submit").click();
    await expect(a1.getByTestId("class-answered")).toContainText("全班选 A. 春草图", { timeout: 10_000 });

    const f2 = a2.getByTestId("class-answer-form");
    await expect(f2).toBeVisible({ timeout: 10_000 });
    await f2.getByLabel("按选项填写人数").check();
    // More students than the class has: refused with the reason, nothing counted.
    await f2.getByLabel("选“A. 春草图”的人数").fill("30");
    await f2.getByLabel("选“B. 春花图”的人数").fill("10");
    await f2.getByTestId("class-answer-submit").click();
    await expect(f2.getByRole("alert")).toHaveText("各选项人数合计 40，超过班级人数 35");
    await f2.getByLabel("选“A. 春草图”的人数").fill("20");
    await f2.getByLabel("选“B. 春花图”的人数").fill("15");
    await f2.getByTestId("class-answer-submit").click();
    await expect(a2.getByTestId("class-answered")).toContainText("A 20 人，B 15 人", { timeout: 10_000 });

    await expect(tiles.nth(0).getByTestId("classroom-answer")).toContainText("全班选 A. 春草图", { timeout: 10_000 });
    await expect(tiles.nth(1).getByTestId("classroom-answer")).toContainText("A 20 人，B 15 人", { timeout: 10_000 });
    await expect(lecturer.getByTestId("coteaching-total")).toContainText("A. 春草图：1 个班 + 20 人");
    await expect(lecturer.getByTestId("coteaching-total")).toContainText("B. 春花图：0 个班 + 15 人");

    // ── Attendance: assistant 1 reports 38 present ───────────────────────────────────────────
    await a1.getByTestId("class-sheet-form").getByLabel("到课人数（共 40 人）").fill("38");
    await a1.getByTestId("class-sheet-submit").click();
    await expect(a1.getByTestId("class-sheet")).toHaveText("已报到课 38 人", { timeout: 10_000 });
    await expect(tiles.nth(0).getByTestId("classroom-present")).toHaveText("到课 38/40", { timeout: 10_000 });
    await expect(tiles.nth(1).getByTestId("classroom-present")).toHaveText("到课未报/35");

    // ── A question from classroom 2 shows on its tile until the lecturer marks it answered ───
    await a2.getByTestId("class-question-form").getByLabel("本班的问题").fill("“吹面不寒杨柳风”是什么意思？");
    await a2.getByTestId("class-question-submit").click();
    await expect(a2.getByTestId("class-question")).toHaveAttribute("data-answered", "no");
    await expect(tiles.nth(1).getByTestId("classroom-question")).toContainText("吹面不寒杨柳风", { timeout: 10_000 });
    await expect(tiles.nth(0).getByTestId("classroom-question")).toHaveCount(0);
    await showRoomTab(lecturer, "各课堂");
    await tiles.nth(1).getByTestId("question-answered").click();
    await expect(tiles.nth(1).getByTestId("classroom-question")).toHaveCount(0, { timeout: 10_000 });
    await expect(a2.getByTestId("class-question")).toHaveAttribute("data-answered", "yes", { timeout: 10_000 });

    // ── The end: the lecturer's record per classroom ─────────────────────────────────────────
    lecturer.once("dialog", (d) => void d.accept());
    await lecturer.getByRole("button", { name: "结束直播" }).click();
    const record = lecturer.getByTestId("coteaching-record");
    await expect(record).toBeVisible();
    await expect(record.getByTestId("coteaching-record-row")).toHaveCount(2);
    await expect(record.getByTestId("coteaching-record-row").nth(0)).toContainText("38/40");
    await expect(record.getByTestId("coteaching-record-row").nth(0)).toContainText("1/1");
    await expect(record).toContainText("2 个课堂，应到 75 人，实到 38 人");
  } finally {
    await lecturerCtx.close();
    await a1Ctx.close();
    await a2Ctx.close();
  }
});
