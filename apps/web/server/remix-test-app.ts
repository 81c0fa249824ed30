import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createServer } from "vite";
import { testUrls } from "@yanxiu/services/testing";
import { createWebApp } from "./app.ts";

/**
 * The whole web app for integration tests: every route of app/routes compiled by Vite (no `remix build`
 * needed), behind the real express app (guards, tenant from Host, session cookie) on port 0, against the
 * Postgres and Redis the test run started. NODE_ENV is "production", so Remix logs and answers errors
 * the way it does for real.
 */
export async function startRemixTestApp() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const vite = await createServer({
    root,
    configFile: path.join(root, "vite.config.ts"),
    server: { middlewareMode: true, hmr: false, watch: null },
    appType: "custom",
    logLevel: "error",
  });
  const build = (await vite.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-web-app-"));
  const web = await createWebApp(
    {
      NODE_ENV: "production",
      DATABASE_URL: testUrls.database,
      PLATFORM_DATABASE_URL: testUrls.platformDatabase,
      REDIS_URL: testUrls.redis,
      PORT: 0,
      APP_DOMAIN: "localhost",
      REALTIME_PUBLIC_PORT: 3001,
      SESSION_COOKIE_SECURE: false,
      FILE_STORE_DIR: dir,
      CHECK_IN_SECRET: "x".repeat(32),
      QUEUE_PREFIX: `web-app-${randomUUID().slice(0, 8)}`,
      RTC_ICE_SERVERS: [],
      TRUST_PROXY: "loopback",
    },
    build,
  );
  const server = web.app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const port = (server.address() as AddressInfo).port;

  /** node:http, because fetch does not let a test choose the Host header. */
  function request(opts: {
    host: string;
    path: string;
    method?: string;
    cookie?: string;
    headers?: Record<string, string>;
    /** Sent as application/x-www-form-urlencoded, or as multipart/form-data with `multipart`. */
    form?: Record<string, string> | [string, string][];
    multipart?: boolean;
    json?: unknown;
    /** A body sent as it is (with its Content-Type in `headers`). */
    body?: string;
  }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
    const method = opts.method ?? (opts.form || opts.json !== undefined || opts.body !== undefined ? "POST" : "GET");
    const headers: Record<string, string> = { Host: `${opts.host}:${port}`, ...opts.headers };
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers["Content-Type"] ??= "application/json";
    } else if (opts.form && opts.multipart) {
      const boundary = `----yx${randomUUID().replaceAll("-", "")}`;
      body = (Array.isArray(opts.form) ? opts.form : Object.entries(opts.form)).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") + `--${boundary}--\r\n`;
      headers["Content-Type"] ??= `multipart/form-data; boundary=${boundary}`;
    } else if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers["Content-Type"] ??= "application/x-www-form-urlencoded";
    }
    if (opts.cookie) headers.Cookie = `yx_session=${opts.cookie}`;
    if (method !== "GET" && method !== "HEAD") {
      headers.Origin ??= `http://${opts.host}:${port}`;
      headers["Content-Length"] = String(Buffer.byteLength(body ?? ""));
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method, path: opts.path, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  return {
    build,
    port,
    request,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await web.close();
      await vite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
