import { describe, expect, it } from "vitest";
import { checkInCodeLifetimeSeconds, currentCheckInCode, verifyCheckInCode } from "./check-in-code.ts";

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

  it("a code is accepted from when it appears until 10 s after its 30 s on screen — 40 s at most — never later", () => {
    const { code } = currentCheckInCode({ secret, tenantId, sessionId, now: t0 });
    const acceptedAfter = (ms: number) => verifyCheckInCode({ secret, tenantId, sessionId, code, now: new Date(t0.getTime() + ms) });
    expect(checkInCodeLifetimeSeconds).toBe(40);
    expect(acceptedAfter(0)).toBe(true);
    expect(acceptedAfter(29_999)).toBe(true); // still on the screen
    expect(acceptedAfter(30_000)).toBe(true); // the next code shows; a slow hand is still typing this one
    expect(acceptedAfter(39_999)).toBe(true); // just inside the grace
    expect(acceptedAfter(40_000)).toBe(false); // just outside
    expect(acceptedAfter(45_000)).toBe(false); // photographed and sent to a friend
    expect(acceptedAfter(61_000)).toBe(false);
  });

  it("a code is never accepted before it appears", () => {
    const next = currentCheckInCode({ secret, tenantId, sessionId, now: new Date(t0.getTime() + 30_000) }).code;
    expect(verifyCheckInCode({ secret, tenantId, sessionId, code: next, now: new Date(t0.getTime() + 29_999) })).toBe(false);
    expect(verifyCheckInCode({ secret, tenantId, sessionId, code: next, now: new Date(t0.getTime() + 30_000) })).toBe(true);
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
