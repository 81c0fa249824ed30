/**
 * Audio/video in the live room (issue 7), mesh: one publisher (the host, hn_mingshi) and up to 6 receivers
 * (hn_teacher1, a studio member, and 5 guests the host invites), each a browser context of Debian's
 * Chromium with fake camera and microphone, on the real pages. Measured:
 * - time to first frame per receiver: from the host's click on 开启音视频 to the receiver's <video> having a
 *   decoded frame (videoWidth > 0), both read with Date.now() on this one machine;
 * - the realtime process's CPU while that signalling happens (utime + stime from /proc/<pid>/stat, over
 *   the window from the click until every receiver has its first frame, plus 1 s of trailing ICE), next to
 *   the same process idle for as long with the same sockets open.
 * Baseline, in the same run: one receiver alone in the room.
 *
 * The harness, simpler than infra's launchApps: the web app (its production build, made by the `bench`
 * script just before) and the realtime service as child processes on the Postgres and Redis that
 * `pnpm bench` started, with the demo data seeded; no worker (nothing here queues jobs).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createOwnerDatabase } from "@yanxiu/db/client";
import { seedDemo } from "@yanxiu/services/seed";
import { chromiumLaunch, fakeMediaArgs } from "../e2e/browser.ts";
import { loadBenchEnv } from "./env.ts";

const env = loadBenchEnv();
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const realtimeDir = path.resolve(webDir, "../realtime");
const password = "Yanxiu@2026";
const guests = ["hn_teacher2", "hn_teacher3", "hn_trainer", "hn_county", "hn_reviewer"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function start(name: string, cwd: string, entry: string, vars: Record<string, string>, health: string): Promise<ChildProcess> {
  const childEnv = { PATH: env.PATH, NODE_ENV: "production", ...vars } as NodeJS.ProcessEnv;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", entry], { cwd, env: childEnv, stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 300; i++) {
    if (child.exitCode != null) throw new Error(`${name} exited (${child.exitCode})`);
    try {
      if ((await fetch(health)).ok) return child;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`${name} did not come up at ${health}`);
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat(5); here the list starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const median = (xs: number[]) => pct(xs, 50);

async function signIn(ctx: BrowserContext, base: string, login: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  await page.locator("body[data-hydrated=true]").waitFor();
  await page.getByLabel("账号").fill(login);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByTestId("signed-in-as").waitFor();
  return page;
}

async function openRoom(page: Page, url: string) {
  await page.goto(url);
  await page.locator("body[data-hydrated=true]").waitFor();
  await page.locator('[data-testid=live-connection][data-state=online]').waitFor();
  await page.locator('[data-testid=live-status][data-status=live]').waitFor();
}

/** When (Date.now()) the receiver's page first has a decoded frame of the publisher's video. */
function firstFrame(page: Page, timeoutMs = 60_000): Promise<number> {
  return page
    .waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>("[data-testid=av-peer] video");
        return v && v.videoWidth > 0 ? Date.now() : false;
      },
      undefined,
      { polling: 10, timeout: timeoutMs },
    )
    .then((h) => h.jsonValue() as Promise<number>);
}

async function publishRound(host: Page, receivers: Page[], realtimePid: number) {
  const cpu0 = cpuSeconds(realtimePid);
  const t0 = Date.now();
  await host.getByTestId("av-start").click();
  const frames = await Promise.all(receivers.map((r) => firstFrame(r)));
  await sleep(1000);
  const wall = (Date.now() - t0) / 1000;
  const cpu = cpuSeconds(realtimePid) - cpu0;
  const ttff = frames.map((f) => f - t0);
  // Stop, and let every receiver see it, before the next round.
  await host.getByTestId("av-stop").click();
  for (const r of receivers) await r.locator("[data-testid=av-peer]").waitFor({ state: "detached" });
  await sleep(500);
  return { ttff, cpu, wall };
}

async function idleCpu(realtimePid: number, seconds: number) {
  const cpu0 = cpuSeconds(realtimePid);
  await sleep(seconds * 1000);
  return cpuSeconds(realtimePid) - cpu0;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "yanxiu-av-bench-"));
const children: ChildProcess[] = [];
let browser: Browser | undefined;
try {
  const owner = createOwnerDatabase(env.TEST_DATABASE_OWNER_URL);
  await seedDemo(owner);
  await owner.close();

  const [webPort, rtPort] = [await freePort(), await freePort()];
  const common = { DATABASE_URL: env.TEST_DATABASE_URL, REDIS_URL: env.TEST_REDIS_URL, APP_DOMAIN: "localhost", QUEUE_PREFIX: `bench-av-${Date.now()}` };
  const realtime = await start("realtime", realtimeDir, "src/main.ts", { ...common, PORT: String(rtPort), WEB_PORT: String(webPort) }, `http://127.0.0.1:${rtPort}/healthz`);
  children.push(realtime);
  children.push(
    await start(
      "web",
      webDir,
      "server.ts",
      {
        ...common,
        NODE_ENV: "production",
        PORT: String(webPort),
        REALTIME_PUBLIC_PORT: String(rtPort),
        PLATFORM_DATABASE_URL: env.TEST_PLATFORM_DATABASE_URL,
        FILE_STORE_DIR: path.join(tmp, "files"),
        CHECK_IN_SECRET: randomBytes(32).toString("hex"),
      },
      `http://127.0.0.1:${webPort}/healthz`,
    ),
  );
  const base = `http://hunan.localhost:${webPort}`;

  browser = await chromium.launch({ ...chromiumLaunch, args: [...chromiumLaunch.args, ...fakeMediaArgs] });
  const ctx = () => browser!.newContext({ locale: "zh-CN" });

  // The host schedules a session of the demo studio's 集体备课, starts it and invites the guests.
  const host = await signIn(await ctx(), base, "hn_mingshi");
  await host.goto(`${base}/studios`);
  await host.locator("body[data-hydrated=true]").waitFor();
  await host.getByRole("link", { name: "初中语文名师工作室" }).click();
  await host.getByTestId("studio-tab-plan").click();
  const row = host.getByTestId("activity-row").filter({ hasText: "集体备课：七年级上册第三单元" });
  await row.getByText("安排直播", { exact: true }).first().click();
  const form = row.getByTestId("schedule-live-form");
  const title = `音视频基准 ${Date.now() % 100000}`;
  await form.getByLabel("直播标题").fill(title);
  await form.getByLabel("时长（分钟）").fill("60");
  await form.getByTestId("schedule-live").click();
  await host.getByTestId("activity-session").filter({ hasText: title }).getByRole("link", { name: "进入直播间" }).click();
  await host.waitForURL(/\/live\/[0-9a-f-]{36}$/);
  const roomUrl = host.url();
  await host.locator("body[data-hydrated=true]").waitFor();
  await host.locator('[data-testid=live-connection][data-state=online]').waitFor();
  await host.getByRole("button", { name: "开始直播" }).click();
  await host.locator('[data-testid=live-status][data-status=live]').waitFor();
  const invites = host.getByTestId("live-invites");
  for (const login of guests.slice(0, env.BENCH_AV_RECEIVERS - 1)) {
    const before = await host.getByTestId("live-invite").count();
    await invites.getByLabel("账号或教师编号").fill(login);
    await invites.getByTestId("invite-submit").click();
    await host.waitForFunction((n) => document.querySelectorAll("[data-testid=live-invite]").length > n, before);
  }
  await openRoom(host, roomUrl);

  const logins = ["hn_teacher1", ...guests].slice(0, env.BENCH_AV_RECEIVERS);
  const receivers: Page[] = [];
  for (const login of logins) receivers.push(await signIn(await ctx(), base, login));

  // Baseline: one receiver alone with the host.
  await openRoom(receivers[0]!, roomUrl);
  const single: { ttff: number[]; cpu: number; wall: number }[] = [];
  for (let i = 0; i < env.BENCH_AV_REPS; i++) single.push(await publishRound(host, [receivers[0]!], realtime.pid!));

  // The mesh: every receiver in the room.
  for (const r of receivers.slice(1)) await openRoom(r, roomUrl);
  await sleep(1000);
  const mesh: { ttff: number[]; cpu: number; wall: number }[] = [];
  for (let i = 0; i < env.BENCH_AV_REPS; i++) mesh.push(await publishRound(host, receivers, realtime.pid!));
  const idleWindow = median(mesh.map((m) => m.wall));
  const idle = await idleCpu(realtime.pid!, idleWindow);

  const singleTtff = single.flatMap((s) => s.ttff);
  const meshTtff = mesh.flatMap((m) => m.ttff);
  const cpuPct = (xs: { cpu: number; wall: number }[]) => median(xs.map((x) => (x.cpu / x.wall) * 100));
  console.log(`\naudio/video mesh, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Chromium ${browser.version()}, fake media, ${env.BENCH_AV_REPS} rounds each`);
  console.log("| | receivers | time to first frame p50 | p90 | max | realtime CPU during signalling | realtime CPU-seconds per round |");
  console.log("|---|---|---|---|---|---|---|");
  console.log(
    `| baseline: one receiver | 1 | ${median(singleTtff)} ms | ${pct(singleTtff, 90)} ms | ${Math.max(...singleTtff)} ms | ${cpuPct(single).toFixed(1)} % of a core | ${median(single.map((s) => s.cpu)).toFixed(2)} s |`,
  );
  console.log(
    `| mesh | ${receivers.length} | ${median(meshTtff)} ms | ${pct(meshTtff, 90)} ms | ${Math.max(...meshTtff)} ms | ${cpuPct(mesh).toFixed(1)} % of a core | ${median(mesh.map((s) => s.cpu)).toFixed(2)} s |`,
  );
  console.log(`| idle, same sockets, ${idleWindow.toFixed(1)} s | ${receivers.length} | — | — | — | ${((idle / idleWindow) * 100).toFixed(1)} % of a core | ${idle.toFixed(2)} s |`);
  console.log(`per round (mesh) time to first frame, ms: ${mesh.map((m) => `[${m.ttff.join(", ")}]`).join(" ")}`);
} finally {
  await browser?.close();
  for (const c of children) c.kill("SIGTERM");
  await sleep(500);
  fs.rmSync(tmp, { recursive: true, force: true });
}
