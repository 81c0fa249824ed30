import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { createDatabase, createPlatformDatabase } from "@yanxiu/db/client";
import { checkHealth } from "@yanxiu/services/health";
import { createFileStore } from "@yanxiu/services/files";
import { createProducer } from "@yanxiu/services/queue";
import { createLoginThrottle, createRedis } from "@yanxiu/services/redis";
import { createRequestAuth } from "@yanxiu/services/session-cache";
import { clearSessionCookie, isSameOrigin, readCookie, serializeSessionCookie, sessionPolicy } from "@yanxiu/domain/auth";
import { limits, urlHasNulByte } from "@yanxiu/domain/limits";
import { t, type TMessageKey } from "@yanxiu/ui/i18n";
import type { WebLoadContext } from "../app/load-context.ts";
import type { TWebEnv } from "./env.ts";
import { createFileRoutes } from "./files.ts";
import { createQueueBoard } from "./queues.ts";
import { newNonce, pagePolicy, securityHeaders, setPagePolicy } from "./security-headers.ts";
import { createWebServices } from "./services.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

function errorPage(res: Response, status: number, key: TMessageKey) {
  // An HTML page like any other (inline style attributes only, no script, nothing to connect to).
  res.setHeader("Content-Security-Policy", pagePolicy({ nonce: (res.locals.cspNonce as string | undefined) ?? newNonce(), connect: [] }));
  res
    .status(status)
    .type("html")
    .send(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${t("error.title")}</title></head>` +
        `<body><main style="max-width:560px;margin:12vh auto;font-family:sans-serif"><h1>${t("error.title")}</h1>` +
        `<p>${t(key)}</p><p style="color:#6b7280">${t("error.status", { status })}</p><a href="/">${t("error.backHome")}</a></main></body></html>`,
    );
}

/**
 * The web process: static files, then the cross-cutting guards every request passes (body size, Origin on
 * state-changing requests, tenant from Host, session from cookie), then Remix. Routes stay thin.
 */
export async function createWebApp(env: TWebEnv, build: ServerBuild | (() => Promise<ServerBuild>)) {
  const db = createDatabase(env.DATABASE_URL, { appName: "yanxiu-web" });
  const platformDb = createPlatformDatabase(env.PLATFORM_DATABASE_URL, { max: 2, appName: "yanxiu-web-platform" });
  const redis = createRedis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
  redis.on("error", (e) => console.error(`[web] redis error: ${e.message}`));
  const producer = createProducer(redis, { prefix: env.QUEUE_PREFIX });
  // Tenant and session per request, cached for seconds; ended sessions are dropped at once through Redis.
  const subscriber = createRedis(env.REDIS_URL, { maxRetriesPerRequest: null });
  subscriber.on("error", (e) => console.error(`[web] redis subscriber error: ${e.message}`));
  const requestAuth = createRequestAuth({ db, subscriber, appDomain: env.APP_DOMAIN });
  const services = createWebServices({ db, platformDb, throttle: createLoginThrottle(redis), producer, files: createFileStore(env.FILE_STORE_DIR), redis, checkInSecret: env.CHECK_IN_SECRET });

  const app = express();
  app.disable("x-powered-by");
  // nosniff, no framing and the referrer policy on everything; this request's CSP nonce.
  app.use(securityHeaders());

  // req.ip is then the client's address as the reverse proxy saw it (X-Forwarded-For from trusted peers only).
  app.set("trust proxy", env.TRUST_PROXY);

  // A refused request (any 4xx) is one line in the log, whoever refused it (a guard below, Bull Board, a
  // route); so is a ?_data request, which only clients other than this app's pages send. Server errors
  // are logged where they happen, with their stack; Remix's own logging of refusals is turned off in
  // app/lib/errors.server.ts (handleServerError).
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.on("finish", () => {
      const legacyData = new URLSearchParams(req.originalUrl.split("?")[1] ?? "").has("_data");
      if ((res.statusCode >= 400 && res.statusCode < 500) || legacyData) {
        console.warn(`[web] ${res.statusCode} ${req.method} ${req.path}${legacyData ? " (?_data request)" : ""}`);
      }
    });
    next();
  });

  app.get("/healthz", async (_req, res) => {
    const h = await checkHealth(db, redis);
    res.status(h.ok ? 200 : 503).json(h);
  });

  // A NUL byte anywhere in the path or query (%00) is refused before any route reads it: Postgres refuses
  // NUL in text, so it would otherwise be a 500 from deep inside whichever query used the parameter.
  // Form fields are checked where forms are read (readForm in app/lib/admin.server.ts).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (urlHasNulByte(req.originalUrl)) return errorPage(res, 400, "error.badRequest");
    next();
  });

  const client = path.resolve(here, "../build/client");
  app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(client, { maxAge: "1h" }));

  // Oversized bodies are refused before anything reads them; a body without a length is refused too.
  // Only the roster upload may send a spreadsheet-sized body.
  app.use((req: Request, res: Response, next: NextFunction) => {
    // File uploads stream to storage under their purpose's own limit, checked by the handler (server/files.ts).
    if (req.method === "POST" && req.path === "/api/files") return next();
    const len = req.headers["content-length"];
    const max = req.path === "/admin/import" ? limits.uploadBytes + 64 * 1024 : limits.httpBodyBytes;
    if (len !== undefined && Number(len) > max) return errorPage(res, 413, "error.payloadTooLarge");
    if (len === undefined && req.headers["transfer-encoding"]) return errorPage(res, 411, "error.badRequest");
    next();
  });

  // Every state-changing request must come from a page of this very origin (CSRF).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    const ok = isSameOrigin(req.headers.origin, { protocol: env.SESSION_COOKIE_SECURE ? "https" : req.protocol, host: req.headers.host ?? "" });
    if (!ok) return errorPage(res, 403, "error.badOrigin");
    next();
  });

  // Tenant from the Host header, user from the session cookie (renewed when past half its life).
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const row = await requestAuth.tenant(req.headers.host);
      const tenant = row ? { id: row.id, slug: row.slug, name: row.name, kind: row.kind, status: row.status } : null;
      const token = readCookie(req.headers.cookie, sessionPolicy.cookieName);
      let user = null;
      if (tenant && tenant.status === "active" && token) {
        const v = await requestAuth.session(tenant.id, token);
        if (v) {
          user = v.user;
          if (v.renewed) res.append("Set-Cookie", serializeSessionCookie(token, v.session.expiresAt, env.SESSION_COOKIE_SECURE));
        } else {
          res.append("Set-Cookie", clearSessionCookie(env.SESSION_COOKIE_SECURE));
        }
      }
      const ctx: WebLoadContext = {
        services,
        tenant,
        user,
        sessionToken: user ? token : null,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cookieSecure: env.SESSION_COOKIE_SECURE,
        realtimePort: env.REALTIME_PUBLIC_PORT,
        iceServers: env.RTC_ICE_SERVERS,
        cspNonce: res.locals.cspNonce as string,
      };
      res.locals.ctx = ctx;
      next();
    } catch (e) {
      next(e);
    }
  });

  // The platform operator's queue console (Bull Board); a 404 for everyone else.
  const queueBoard = createQueueBoard({ connection: redis, prefix: env.QUEUE_PREFIX, notFound: (res) => errorPage(res, 404, "error.notFound") });
  app.use(queueBoard.router);

  // Uploads and Range downloads of course media and assignment files (raw streams, so not through Remix).
  app.use(createFileRoutes());

  // Everything from here on is a page (or its data): the page policy, with this request's nonce.
  app.all("*", (req: Request, res: Response, next: NextFunction) => {
    setPagePolicy(req, res, { realtimePort: env.REALTIME_PUBLIC_PORT, secure: env.SESSION_COOKIE_SECURE });
    next();
  });
  app.all("*", createRequestHandler({ build, mode: env.NODE_ENV, getLoadContext: (_req, res) => res.locals.ctx as WebLoadContext }));

  // Last resort: log it, show a plain Chinese page, never a stack trace.
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    void _next;
    console.error(`[web] ${err.stack ?? err.message}`);
    if (!res.headersSent) errorPage(res, 500, "error.internal");
  });

  return {
    app,
    async close() {
      await queueBoard.close();
      await producer.close();
      await requestAuth.close();
      redis.disconnect();
      await Promise.all([db.close(), platformDb.close()]);
    },
  };
}
