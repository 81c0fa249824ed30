import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "@yanxiu/services/auth";
import { buildTenant, buildUser, seedTenant, seedUser } from "@yanxiu/services/factories";
import { createLoginThrottle } from "@yanxiu/services/redis";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { sessionPolicy } from "@yanxiu/domain/auth";
import * as entryServer from "../app/entry.server.tsx";
import * as root from "../app/root.tsx";
import * as login from "../app/routes/login.tsx";
import { createWebApp } from "./app.ts";

/**
 * The headers every HTML page goes out with, over real HTTP through the real app (tenant from Host, session
 * cookie) and a real Remix render of the real root layout and sign-in page (a hand-made build of those two
 * routes, since the Vite build is not made for unit runs).
 */
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-headers-"));
const realtimePort = 3901;
let server: Server;
let closeApp: () => Promise<void>;
let port = 0;
let slug = "";
let operatorCookie = "";

const build = {
  mode: "production",
  entry: { module: entryServer },
  routes: {
    root: { id: "root", path: "", module: root },
    "routes/login": { id: "routes/login", parentId: "root", path: "login", module: login },
  },
  assets: {
    entry: { module: "/assets/entry.client.js", imports: [] },
    routes: {
      root: { id: "root", path: "", module: "/assets/root.js", imports: [], css: [], hasAction: false, hasLoader: true, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: true },
      "routes/login": { id: "routes/login", parentId: "root", path: "login", module: "/assets/login.js", imports: [], css: [], hasAction: true, hasLoader: true, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: false },
    },
    url: "/assets/manifest-test.js",
    version: "test",
  },
  publicPath: "/",
  assetsBuildDirectory: dir,
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_singleFetch: true, v3_lazyRouteDiscovery: true },
  isSpaMode: false,
} as unknown as ServerBuild;

function request(opts: { path: string; host: string; cookie?: string; method?: string; headers?: Record<string, string> }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `${opts.host}:${port}`, ...opts.headers };
    if (opts.cookie) headers.Cookie = `${sessionPolicy.cookieName}=${opts.cookie}`;
    const req = http.request({ host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The policy as directive → sources. */
function directives(csp: string | string[] | undefined): Map<string, string[]> {
  expect(typeof csp).toBe("string");
  return new Map(
    (csp as string)
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

beforeAll(async () => {
  const t = await seedTenant(owner, buildTenant());
  slug = t.slug;
  const platform = (await db.findTenant({ kind: "platform" })) ?? (await seedTenant(owner, { slug: "platform", name: "研修平台", code: "00", kind: "platform" }));
  const op = buildUser({ roles: [{ role: "platformOperator" }] });
  await seedUser(owner, platform.id, op);
  operatorCookie = (await signIn({ db, throttle: createLoginThrottle(redis), tenantId: platform.id, input: { login: op.login, password: op.password }, ip: `headers-${randomUUID()}` })).token;

  const web = await createWebApp(
    {
      NODE_ENV: "production",
      DATABASE_URL: testUrls.database,
      PLATFORM_DATABASE_URL: testUrls.platformDatabase,
      REDIS_URL: testUrls.redis,
      TRUST_PROXY: "loopback",
      PORT: 0,
      APP_DOMAIN: "localhost",
      REALTIME_PUBLIC_PORT: realtimePort,
      SESSION_COOKIE_SECURE: false,
      FILE_STORE_DIR: dir,
      CHECK_IN_SECRET: "x".repeat(32),
      QUEUE_PREFIX: `headers-${randomUUID().slice(0, 8)}`,
      RTC_ICE_SERVERS: [],
    },
    build,
  );
  closeApp = web.close;
  server = web.app.listen(0);
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server?.close();
  await closeApp?.();
  redis.disconnect();
  await db.close();
  await owner.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("HTML pages", () => {
  it("carry a nonce-based Content-Security-Policy whose nonce is on every inline script, and a new nonce each time", async () => {
    const page = await request({ path: "/login", host: `${slug}.localhost` });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    const csp = directives(page.headers["content-security-policy"]);
    const nonce = csp.get("script-src")?.find((s) => s.startsWith("'nonce-"))?.slice(7, -1) ?? "";
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22,}={0,2}$/);
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);

    // Remix's inline scripts (the hydration context, the module loader, scroll restoration) run only with it.
    const scripts = page.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    for (const s of page.body.match(/<style\b[^>]*>/g) ?? []) expect(s).toContain(`nonce="${nonce}"`);

    const again = await request({ path: "/login", host: `${slug}.localhost` });
    const nonce2 = directives(again.headers["content-security-policy"]).get("script-src")?.[1];
    expect(nonce2).toBeDefined();
    expect(nonce2).not.toBe(`'nonce-${nonce}'`);
  });

  it("let the live room reach the realtime service (socket.io over HTTP and WebSocket), pdf.js's worker and media blobs", async () => {
    const page = await request({ path: "/login", host: `${slug}.localhost` });
    const csp = directives(page.headers["content-security-policy"]);
    expect(csp.get("connect-src")).toEqual(["'self'", `http://${slug}.localhost:${realtimePort}`, `ws://${slug}.localhost:${realtimePort}`]);
    expect(csp.get("worker-src")).toEqual(["'self'", "blob:"]);
    expect(csp.get("media-src")).toEqual(["'self'", "blob:"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  });

  it("may not be framed, send only the origin to other sites, and are never sniffed", async () => {
    const page = await request({ path: "/login", host: `${slug}.localhost` });
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("the app's own error pages (outside Remix) and an unknown host's page carry the same headers", async () => {
    const refused = await request({ method: "POST", path: "/login", host: `${slug}.localhost`, headers: { Origin: "http://evil.example", "Content-Length": "0" } });
    expect(refused.status).toBe(403);
    for (const r of [refused, await request({ path: "/login", host: "nowhere.localhost" })]) {
      expect(r.headers["content-type"]).toMatch(/text\/html/);
      expect(directives(r.headers["content-security-policy"]).get("frame-ancestors")).toEqual(["'none'"]);
      expect(r.headers["x-frame-options"]).toBe("DENY");
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    }
  });

  it("the queue console (Bull Board) has its own policy: its scripts from its own path, nothing from elsewhere, never framed", async () => {
    const board = await request({ path: "/platform/queues", host: "localhost", cookie: operatorCookie });
    expect(board.status).toBe(200);
    const csp = directives(board.headers["content-security-policy"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(board.headers["x-frame-options"]).toBe("DENY");
    expect(board.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });
});
