import { describe, expect, it } from "vitest";
import { currentCheckInCode, verifyCheckInCode } from "./check-in-code.ts";

const secret = "test-secret";
const tenantId = "00000000-0000-4000-8000-00000000000a";
const sessionId = "00000000-0000-4000-8000-00000000000b";
const t0 = new Date("2026-11-22T08:00:00Z"); // the start of a 30 s window

describe("offline check-in codes", () => {
  it("six digits that change every 30 seconds", () => {
    const a = currentCheckInCode({ secret, tenantId, sessionId, now: t0 });
    const b = currentCheckInCode({ secret, tenantId, sessionId, now: new Date(t0.getTime() + 29_000) });
    const c = currentCheckInCode({ secret, tenantId, sessionId, now: new Date(t0.getTime() + 30_000) });
    expect(a.code).toMatch(/^\d{6}$/);
    expect(b.code).toBe(a.code);
    expect(c.code).not.toBe(a.code);
    expect(a.validUntil.getTime()).toBe(t0.getTime() + 30_000);
  });

  it("accepts the current code and the previous window's, refuses an older screenshot", () => {
    const { code } = currentCheckInCode({ secret, tenantId, sessionId, now: t0 });
    expect(verifyCheckInCode({ secret, tenantId, sessionId, code, now: new Date(t0.getTime() + 10_000) })).toBe(true);
    expect(verifyCheckInCode({ secret, tenantId, sessionId, code, now: new Date(t0.getTime() + 45_000) })).toBe(true);
    expect(verifyCheckInCode({ secret, tenantId, sessionId, code, now: new Date(t0.getTime() + 61_000) })).toBe(false);
  });

  it("a code from another session, another province or another secret never verifies", () => {
    const { code } = currentCheckInCode({ secret, tenantId, sessionId, now: t0 });
    expect(verifyCheckInCode({ secret, tenantId, sessionId: tenantId, code, now: t0 })).toBe(false);
    expect(verifyCheckInCode({ secret, tenantId: sessionId, sessionId, code, now: t0 })).toBe(false);
    expect(verifyCheckInCode({ secret: "other", tenantId, sessionId, code, now: t0 })).toBe(false);
  });

  it("malformed codes are refused without throwing", () => {
    for (const code of ["", "12345", "1234567", "abcdef", "12 345", "１２３４５６"]) {
      expect(verifyCheckInCode({ secret, tenantId, sessionId, code, now: t0 })).toBe(false);
    }
  });
});
