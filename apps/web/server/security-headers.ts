import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/**
 * The security headers of every response, and the Content-Security-Policy of the app's HTML pages.
 *
 * Every response: `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (with CSP's frame-ancestors for
 * browsers that know it) and `Referrer-Policy: strict-origin-when-cross-origin`.
 *
 * HTML pages (Remix and the app's own error pages): a policy with a fresh nonce per request, which the
 * server entry gives React and Remix's <Scripts> / <ScrollRestoration>, so only the scripts this response
 * rendered run. What the live room needs is allowed by name: socket.io to the realtime service on its own
 * port (HTTP long-polling and WebSocket; the browser connects to the page's host name on that port),
 * pdf.js's worker (same origin, or a blob: wrapper), media and images from blob: URLs. Inline `style`
 * attributes (React's `style={…}`) are allowed with style-src-attr: they cannot run script; <style>
 * elements still need the nonce. WebRTC and Yjs need nothing beyond connect-src.
 */
export type TSecurityLocals = { cspNonce: string };

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The realtime service's origins for this request's host name, or none when the Host is not a plain name. */
function realtimeSources(req: Request, opts: { realtimePort: number; secure: boolean }): string[] {
  const host = req.hostname;
  if (!/^[a-z0-9.-]+$/i.test(host)) return [];
  const [http, ws] = opts.secure || req.protocol === "https" ? ["https", "wss"] : ["http", "ws"];
  return [`${http}://${host}:${opts.realtimePort}`, `${ws}://${host}:${opts.realtimePort}`];
}

export function pagePolicy(opts: { nonce: string; connect: string[] }): string {
  const n = `'nonce-${opts.nonce}'`;
  return [
    "default-src 'self'",
    `script-src 'self' ${n}`,
    `style-src 'self' ${n}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    ["connect-src 'self'", ...opts.connect].join(" "),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Bull Board's page: its own scripts and styles (it renders inline styles), nothing from elsewhere. */
export const queueBoardPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** First middleware: the headers for everything, and this request's nonce in `res.locals.cspNonce`. */
export function securityHeaders() {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    (res.locals as TSecurityLocals).cspNonce = newNonce();
    next();
  };
}

/** Sets the page policy on a response that will be an HTML page of the app. */
export function setPagePolicy(req: Request, res: Response, opts: { realtimePort: number; secure: boolean }) {
  const nonce = (res.locals as Partial<TSecurityLocals>).cspNonce ?? newNonce();
  res.setHeader("Content-Security-Policy", pagePolicy({ nonce, connect: realtimeSources(req, opts) }));
}
