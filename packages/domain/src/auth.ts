import { z } from "zod";

export const ZLogin = z
  .string()
  .trim()
  .min(1, "required")
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, "login")
  // Logins are case-insensitive: stored and compared in lower case.
  .transform((s) => s.toLowerCase());

export const ZSignInInput = z.object({
  login: ZLogin,
  password: z.string().min(1, "required").max(256),
  redirectTo: z.string().max(512).optional(),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

/** Sessions: 30 days, renewed when less than 15 remain (Lucia's sliding expiry). */
export const sessionPolicy = {
  lifetimeMs: 30 * 24 * 60 * 60 * 1000,
  renewWithinMs: 15 * 24 * 60 * 60 * 1000,
  cookieName: "yx_session",
} as const;

/**
 * Sign-in throttling, per window. An address that keeps failing on one account (or on many) is held off;
 * the account itself never is, or anyone could lock its owner out by failing on purpose. Instead every
 * attempt on an account that has been failing (from anywhere) waits a little longer first.
 */
export const throttlePolicy = {
  windowSeconds: 15 * 60,
  /** Failures on one account from one address before that pair is held off. */
  maxFailuresPerPair: 5,
  /** Failures from one address, on any accounts, before the address is held off. */
  maxFailuresPerIp: 30,
  /** Failures on one account, from any addresses, before its attempts are slowed. */
  accountFailuresBeforeDelay: 5,
  /** The first delay; it doubles with each further failure, up to the maximum. */
  accountDelayBaseMs: 500,
  accountDelayMaxMs: 8_000,
};
export type TThrottlePolicy = typeof throttlePolicy;

/** How long an attempt on an account waits before its password is checked, given the account's recent failures. */
export function signInDelayMs(accountFailures: number, policy: TThrottlePolicy = throttlePolicy): number {
  const over = accountFailures - policy.accountFailuresBeforeDelay;
  if (!(over >= 0)) return 0;
  return Math.min(policy.accountDelayMaxMs, policy.accountDelayBaseMs * 2 ** Math.min(over, 30));
}

/** A redirect target longer than this is refused (a sign-in page's own paths are far shorter). */
const maxRedirectLength = 2048;
/** C0 controls and DEL (and space, with `orSpace`): browsers drop tabs and newlines inside a URL, and CR/LF would break the header. */
function hasControl(s: string, orSpace = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || (orSpace && c === 0x20)) return true;
  }
  return false;
}
/** A path a browser reads as "another host": "//host", "/\\host" (a backslash counts as a slash). */
const hostLike = /^[/\\][/\\]/;
const sameOrigin = "http://same-origin.invalid";

/**
 * The same-origin path to go to after sign-in, or `fallback` for anything else (no open redirects).
 *
 * A user-supplied target is judged the way a browser would read it, at every level of percent-decoding
 * (a later hop may decode it again): each must be a path ("/…", never "//…" or "/\\…") with no control
 * character, so "/%09/evil", "/%2F/evil", "/%5Cevil" and CR/LF are refused. Then the URL parser resolves dot
 * segments ("/.//evil" is "//evil") and re-serialises it, so what comes back is also safe in a Location header.
 */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > maxRedirectLength) return fallback;
  let layer = to;
  for (let depth = 0; ; depth++) {
    if (!layer.startsWith("/") || hostLike.test(layer) || hasControl(layer)) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return fallback;
    }
    if (decoded === layer) break;
    // Encoded again and again: no page of ours links like that.
    if (depth === 3) return fallback;
    layer = decoded;
  }
  let url: URL;
  try {
    url = new URL(to, sameOrigin);
  } catch {
    return fallback;
  }
  const out = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== sameOrigin || !out.startsWith("/") || hostLike.test(out) || hasControl(out, true)) return fallback;
  return out;
}

/** Reads one cookie from a Cookie header; malformed pairs are skipped, never thrown on. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header || header.length > 8192) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    if (part.slice(0, i).trim() !== name) continue;
    const raw = part.slice(i + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Whether an Origin header names one of our own web hosts: a tenant or the platform host under
 * `appDomain`, on the web's port, with an allowed scheme.
 */
export function isAllowedOrigin(
  origin: string | null | undefined,
  opts: { appDomain: string; webPort: number; protocols: readonly string[] },
): boolean {
  if (!origin) return false;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  if (!opts.protocols.includes(u.protocol.replace(/:$/, ""))) return false;
  const port = u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
  if (port !== opts.webPort) return false;
  if (u.pathname !== "/" || u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  const d = opts.appDomain.toLowerCase();
  return host === d || (host.endsWith(`.${d}`) && /^[a-z][a-z0-9-]*[a-z0-9]$/.test(host.slice(0, -(d.length + 1))));
}

/** The session cookie: HttpOnly, SameSite=Lax, Path=/, no Domain (a Hunan cookie is never sent to Sichuan). */
export function serializeSessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return [
    `${sessionPolicy.cookieName}=${token}`,
    "HttpOnly",
    "SameSite=Lax",
    "Path=/",
    `Max-Age=${maxAge}`,
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearSessionCookie(secure: boolean): string {
  return [`${sessionPolicy.cookieName}=`, "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

/** A state-changing request must come from a page of the same origin it is sent to. */
export function isSameOrigin(origin: string | null | undefined, expected: { protocol: string; host: string }): boolean {
  if (!origin) return false;
  try {
    const u = new URL(origin);
    return u.protocol === `${expected.protocol}:` && u.host.toLowerCase() === expected.host.toLowerCase();
  } catch {
    return false;
  }
}
