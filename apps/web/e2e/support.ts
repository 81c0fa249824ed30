import http from "node:http";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

/** The e2e suite's only read of process.env: ports of the servers test-run.ts started. */
const webPort = Number(process.env.E2E_WEB_PORT);
const realtimePort = Number(process.env.E2E_REALTIME_PORT);
if (!webPort || !realtimePort) throw new Error("E2E_WEB_PORT and E2E_REALTIME_PORT are not set: run the suite through `pnpm test`.");

export const ports = { web: webPort, realtime: realtimePort };
export const demoPassword = "Yanxiu@2026";

/** Chromium resolves *.localhost to loopback by itself. */
export function urlFor(slug: string | null, path = "/"): string {
  return `http://${slug ? `${slug}.` : ""}localhost:${webPort}${path}`;
}

/**
 * Records every Content-Security-Policy violation in a context's pages: the document's
 * `securitypolicyviolation` events (reported through the console by a script Playwright injects, which the
 * policy does not apply to) and Chromium's own "Refused to …" console errors.
 */
async function watchCsp(ctx: BrowserContext, seen: string[]) {
  await ctx.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`[csp-violation] ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  ctx.on("console", (m) => {
    const text = m.text();
    if (m.type() === "error" && (text.startsWith("[csp-violation]") || /Content Security Policy/i.test(text))) seen.push(`${m.page()?.url() ?? "?"}: ${text}`);
  });
}

/**
 * Playwright's `test`, failing any test during which a page reported a Content-Security-Policy violation
 * (pages open in the default context and in every context the test makes with `browser.newContext()`).
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ browser, context }, use) => {
      const seen: string[] = [];
      await watchCsp(context, seen);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const ctx = await newContext(options);
        await watchCsp(ctx, seen);
        return ctx;
      };
      try {
        await use(seen);
      } finally {
        browser.newContext = newContext;
      }
      expect(seen, "Content-Security-Policy violations reported in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export async function waitForHydration(page: Page) {
  // Hydration waits for the page's scripts: seconds on a busy machine. Waited for, with a generous cap.
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1, { timeout: 30_000 });
}

export async function signIn(page: Page, slug: string, login: string, password = demoPassword) {
  await page.goto(urlFor(slug, "/login"));
  await waitForHydration(page);
  await page.getByLabel("账号").fill(login);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

/**
 * A raw HTTP request with any Host and headers. Node does not resolve *.localhost, so it connects to
 * 127.0.0.1 and names the tenant in the Host header, as a browser would.
 */
export function rawRequest(opts: {
  host: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body chunked, with no Content-Length. */
  chunked?: boolean;
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: webPort,
        method: opts.method ?? "GET",
        path: opts.path ?? "/",
        headers: {
          host: `${opts.host}:${webPort}`,
          ...(opts.body !== undefined && !opts.chunked ? { "content-length": String(Buffer.byteLength(opts.body)) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** Signs out the way a person does: the account menu in the top bar, then 退出登录. */
export async function signOut(page: Page) {
  await waitForHydration(page);
  await page.getByRole("button", { name: "账号菜单" }).click();
  await page.getByRole("button", { name: "退出登录" }).click();
}

/** Signs in and waits until the home page shows who is signed in. */
export async function signedIn(page: Page, slug: string, login: string) {
  await signIn(page, slug, login);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

/**
 * As hn_mingshi: schedules a live session for one of the demo studio's activities, enters the room and
 * starts it once the room is online. Returns the room's path.
 */
export async function startStudioSession(host: Page, opts: { activity: string; title: string; minutes: number }): Promise<string> {
  await signedIn(host, "hunan", "hn_mingshi");
  await host.goto(urlFor("hunan", "/studios"));
  await waitForHydration(host);
  await host.getByRole("link", { name: "初中语文名师工作室" }).click();
  await expect(host).toHaveURL(/\/studios\/[0-9a-f-]{36}$/);
  await host.getByTestId("studio-tab-plan").click();
  await waitForHydration(host);
  const row = host.getByTestId("activity-row").filter({ hasText: opts.activity });
  await row.getByText("安排直播", { exact: true }).first().click();
  const form = row.getByTestId("schedule-live-form");
  await form.getByLabel("直播标题").fill(opts.title);
  await form.getByLabel("时长（分钟）").fill(String(opts.minutes));
  await form.getByTestId("schedule-live").click();
  await expect(host.getByRole("status").filter({ hasText: "已安排直播" })).toBeVisible();
  await host.getByTestId("activity-session").filter({ hasText: opts.title }).getByRole("link", { name: "进入直播间" }).click();
  await expect(host).toHaveURL(/\/live\/[0-9a-f-]{36}$/);
  await waitForHydration(host);
  await expect(host.getByTestId("live-connection")).toHaveAttribute("data-state", "online");
  await host.getByRole("button", { name: "开始直播" }).click();
  await expect(host.getByTestId("live-status")).toHaveText("直播中");
  return new URL(host.url()).pathname;
}

/** The live room's tools whose panel opens beside the stage. */
export type TRoomTool = "音视频" | "课件" | "投票" | "分组" | "邀请";

/** Opens one of the live room's tool panels from its toolbar (a second click would close it again). */
export async function openRoomTool(page: Page, name: TRoomTool) {
  const button = page.getByTestId("room-toolbar").getByRole("button", { name, exact: true });
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");
}

/** Shows one of the live room's side tabs (聊天, 成员, a 双师 tab), closing the tool panel lying over them. */
export async function showRoomTab(page: Page, name: string) {
  const open = page.getByTestId("room-toolbar").locator('button[aria-expanded="true"]');
  if ((await open.count()) > 0) await open.click();
  await expect(open).toHaveCount(0);
  const tab = page.getByRole("tab", { name: new RegExp(`^${name}`) });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
}

/** Picks what the live room's stage shows: 课件/白板, 视频 or 共享教案. */
export async function showStage(page: Page, name: "课件/白板" | "共享教案") {
  const stage = page.getByTestId("live-stage");
  await stage.getByTitle(name, { exact: true }).click();
  await expect(stage).toHaveAttribute("data-view", name === "共享教案" ? "doc" : "board");
}
