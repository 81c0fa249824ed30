import { describe, expect, it } from "vitest";
import { AppError, errorAck, isAppError, toAppError } from "./errors.ts";

describe("AppError", () => {
  it("maps a code to an HTTP status and a retry decision", () => {
    expect(new AppError("notFound").status).toBe(404);
    expect(new AppError("badOrigin").status).toBe(403);
    expect(new AppError("badRequest").retryable).toBe(false);
    expect(new AppError("unavailable").retryable).toBe(true);
  });
  it("is recognised by its brand, not by which copy of the module made it", () => {
    const foreign = Object.assign(new Error("x"), { code: "notFound", [Symbol.for("yanxiu.AppError")]: true });
    expect(isAppError(foreign)).toBe(true);
    expect(isAppError(Object.assign(new Error("x"), { code: "notFound" }))).toBe(false);
    expect(isAppError(null)).toBe(false);
  });
  it("turns unknown errors into internal ones whose message is not shown", () => {
    expect(toAppError(new TypeError("secret detail")).code).toBe("internal");
    expect(errorAck(new TypeError("secret detail"))).toEqual({ ok: false, code: "internal", message: "internal" });
    expect(errorAck(new AppError("badRequest", "invalid payload"))).toEqual({ ok: false, code: "badRequest", message: "invalid payload" });
  });
});
