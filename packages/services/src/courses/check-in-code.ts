import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The offline-session check-in code the trainer's screen shows: six digits that change every 30 seconds,
 * derived with HMAC-SHA256 from a server secret, the tenant, the session and the 30-second window (like
 * TOTP). A code is bound to its session and tenant, so one from another session or province never
 * verifies. A code is accepted while it is on the screen and for `checkInGraceSeconds` after the next
 * one replaced it (a teacher still typing what they read): at most 30 s + 10 s = 40 s after it first
 * appeared, never later, so a code photographed and sent to a friend is dead well before a minute.
 * (Accepting the whole previous window kept a code alive for up to 60 s.)
 */
export const checkInWindowSeconds = 30;
/** How long a code is still accepted after the screen has moved on to the next one. */
export const checkInGraceSeconds = 10;
/** The longest a code is accepted after it first appeared on the screen. */
export const checkInCodeLifetimeSeconds = checkInWindowSeconds + checkInGraceSeconds;

function windowOf(at: Date): number {
  return Math.floor(at.getTime() / 1000 / checkInWindowSeconds);
}

function codeFor(secret: string, tenantId: string, sessionId: string, window: number): string {
  const mac = createHmac("sha256", secret).update(`${tenantId}:${sessionId}:${window}`).digest();
  // Dynamic truncation as in RFC 4226.
  const offset = mac[mac.length - 1]! & 0x0f;
  const n = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(n % 1_000_000).padStart(6, "0");
}

/** The code to show now, and when it stops being shown (the page refreshes then). */
export function currentCheckInCode(opts: { secret: string; tenantId: string; sessionId: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const w = windowOf(now);
  return { code: codeFor(opts.secret, opts.tenantId, opts.sessionId, w), validUntil: new Date((w + 1) * checkInWindowSeconds * 1000) };
}

/**
 * Whether `code` is this session's code on the screen now, or the one it replaced less than
 * `checkInGraceSeconds` ago; constant-time comparison.
 */
export function verifyCheckInCode(opts: { secret: string; tenantId: string; sessionId: string; code: string; now?: Date }): boolean {
  if (!/^\d{6}$/.test(opts.code)) return false;
  const now = (opts.now ?? new Date()).getTime();
  const w = windowOf(new Date(now));
  const inGrace = now < w * checkInWindowSeconds * 1000 + checkInGraceSeconds * 1000;
  const given = Buffer.from(opts.code);
  const windows = inGrace ? [w, w - 1] : [w];
  // Compare with every candidate (no early exit), so the time taken says nothing about which matched.
  return windows.map((win) => timingSafeEqual(Buffer.from(codeFor(opts.secret, opts.tenantId, opts.sessionId, win)), given)).some(Boolean);
}
