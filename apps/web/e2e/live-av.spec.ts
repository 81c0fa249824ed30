import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Locator } from "@playwright/test";
import { chromiumLaunch, fakeMediaArgs } from "./browser.ts";
import { openRoomTool, signedIn, startStudioSession, test, urlFor, waitForHydration } from "./support.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

// This spec only: Chromium's fake camera and microphone (a test pattern and a beep), no permission prompt.
test.use({ launchOptions: { ...chromiumLaunch, args: [...chromiumLaunch.args, ...fakeMediaArgs] } });

/** The host's video as the member's page plays it. */
const videoOf = (peer: Locator) => peer.locator("video");
const liveVideoTracks = (peer: Locator) =>
  peer.locator("video").evaluate((v: HTMLVideoElement) => ((v.srcObject as MediaStream | null)?.getVideoTracks() ?? []).filter((t) => t.readyState === "live" && !t.muted).length);
const audioTracks = (peer: Locator) =>
  peer.locator("audio").evaluate((a: HTMLAudioElement) => ((a.srcObject as MediaStream | null)?.getAudioTracks() ?? []).filter((t) => t.readyState === "live").length);
const audioBytes = async (peer: Locator) => Number(await peer.getAttribute("data-audio-bytes"));


test("the host turns on audio and video; the member sees and hears them, switches to 音频+课件 (video stops, sound and slides stay) and sees the host mute", async ({ browser }) => {
  test.setTimeout(180_000);
  const hostCtx = await browser.newContext();
  const memberCtx = await browser.newContext();
  try {
    const host = await hostCtx.newPage();
    const roomPath = await startStudioSession(host, { activity: "集体备课：七年级上册第三单元", title: `音视频研讨 ${Date.now() % 100000}`, minutes: 60 });
    // Slides on screen, to see them stay in 音频+课件 mode.
    await openRoomTool(host, "课件");
    await host.getByLabel("上传课件（PDF）").setInputFiles(path.join(here, "fixtures", "slides.pdf"));
    await expect(host.getByTestId("slide-page")).toHaveAttribute("data-page", "1", { timeout: 20_000 });

    const member = await memberCtx.newPage();
    await signedIn(member, "hunan", "hn_teacher1");
    await member.goto(urlFor("hunan", roomPath));
    await waitForHydration(member);
    await expect(member.getByTestId("live-status")).toHaveText("直播中");
    await expect(member.getByTestId("av-none")).toHaveText("主持人还没有开启音视频。");
    // A participant has no publishing controls.
    await expect(member.getByTestId("av-start")).toHaveCount(0);

    // ── The host picks devices (labelled: the fake ones) and turns on audio and video ─────────
    await openRoomTool(host, "音视频");
    const av = host.getByTestId("av");
    await av.getByRole("button", { name: "开启音视频" }).click();
    await expect(host.getByTestId("av-publisher")).toHaveAttribute("data-publishing", "true");
    await expect(av.getByLabel("摄像头").locator("option")).not.toHaveCount(1);
    await expect(av.getByLabel("麦克风").locator("option")).not.toHaveCount(1);
    await expect(host.getByTestId("av-receiver")).toHaveCount(1);

    // ── The member's connection to the host comes up, with moving pictures ──────────────────
    const peer = member.getByTestId("av-peer");
    await expect(peer).toHaveCount(1);
    await expect(peer).toHaveAttribute("data-rtc-state", "connected", { timeout: 20_000 });
    await expect(host.getByTestId("av-receiver")).toHaveAttribute("data-rtc-state", "connected");
    await expect(peer).toHaveAttribute("data-has-video", "true");
    await expect.poll(() => videoOf(peer).evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => audioBytes(peer), { timeout: 15_000 }).toBeGreaterThan(0);

    // ── 音频+课件: the member's video stops, its sound goes on, the slides stay ──────────────
    await member.getByLabel("音频+课件模式").check();
    await expect(member.getByTestId("av-low-on")).toBeVisible();
    await expect(host.getByTestId("av-receiver")).toHaveAttribute("data-low", "true");
    await expect(peer).toHaveAttribute("data-has-video", "false", { timeout: 15_000 });
    expect(await liveVideoTracks(peer)).toBe(0);
    await expect(videoOf(peer)).toBeHidden();
    expect(await audioTracks(peer)).toBe(1);
    await expect(peer).toHaveAttribute("data-rtc-state", "connected");
    const before = await audioBytes(peer);
    await expect.poll(() => audioBytes(peer), { timeout: 15_000 }).toBeGreaterThan(before);
    await expect(member.getByTestId("slide-page")).toHaveAttribute("data-status", "ready");
    await expect(member.getByTestId("slide-page")).toBeVisible();

    // ── The host mutes; the member sees it ───────────────────────────────────────────────────
    await host.getByTestId("av-mute").click();
    await expect(host.getByTestId("av-mute")).toHaveText("取消静音");
    await expect(peer).toHaveAttribute("data-muted", "true");
    await expect(peer.getByTestId("av-peer-muted")).toHaveText("已静音");

    // ── Back to full mode: the picture returns ───────────────────────────────────────────────
    await member.getByLabel("音频+课件模式").uncheck();
    await expect(peer).toHaveAttribute("data-has-video", "true", { timeout: 15_000 });
    await expect.poll(() => liveVideoTracks(peer), { timeout: 15_000 }).toBe(1);

    // ── The host stops; the member's tile goes. Then a refused permission and a missing device say so ──
    await host.getByTestId("av-stop").click();
    await expect(peer).toHaveCount(0);
    await expect(member.getByTestId("av-none")).toBeVisible();
    const failWith = (name: string) =>
      host.evaluate((n) => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("test", n));
      }, name);
    await failWith("NotAllowedError");
    await av.getByRole("button", { name: "开启音视频" }).click();
    await expect(host.getByTestId("av-error")).toHaveText("浏览器没有获得使用摄像头和麦克风的权限。请在地址栏的权限设置中允许后重试。");
    await failWith("NotFoundError");
    await av.getByRole("button", { name: "开启音视频" }).click();
    await expect(host.getByTestId("av-error")).toHaveText("没有找到摄像头或麦克风。请连接设备后重试。");
    await expect(host.getByTestId("av-publisher")).toHaveAttribute("data-publishing", "false");
  } finally {
    await hostCtx.close();
    await memberCtx.close();
  }
});
