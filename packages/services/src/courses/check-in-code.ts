import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The offline-session check-in code the trainer's screen shows: six digits that change every 30 seconds,
 * derived with HMAC-SHA256 from a server secret, the tenant, the session and the 30-second window (like
 * TOTP). A code is bound to its session and tenant, so one from another session or province never
 * verifies; a screenshot is good only within its window (plus one window of grace for a slow hand).
 */
export const checkInWindowSeconds = 30;

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

/** Whether `code` is this session's code for now or the window just before; constant-time comparison. */
export function verifyCheckInCode(opts: { secret: string; tenantId: string; sessionId: string; code: string; now?: Date }): boolean {
  if (!/^\d{6}$/.test(opts.code)) return false;
  const w = windowOf(opts.now ?? new Date());
  const given = Buffer.from(opts.code);
  return [w, w - 1].some((win) => timingSafeEqual(Buffer.from(codeFor(opts.secret, opts.tenantId, opts.sessionId, win)), given));
}
