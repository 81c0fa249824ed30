import { describe, expect, it } from "vitest";
import { isAllowedOrigin, isSameOrigin, readCookie, safeRedirect, serializeSessionCookie, ZSignInInput } from "./auth.ts";

const opts = { appDomain: "localhost", webPort: 3000, protocols: ["http", "https"] };

describe("origins", () => {
  it("our own web origins are allowed to open sockets", () => {
    expect(isAllowedOrigin("http://hunan.localhost:3000", opts)).toBe(true);
    expect(isAllowedOrigin("http://localhost:3000", opts)).toBe(true);
  });
  it("foreign, malformed or missing origins are not", () => {
    for (const o of ["http://evil.com:3000", "http://hunan.localhost:3001", "null", "", undefined, "ftp://hunan.localhost:3000", "http://a.b.localhost:3000", "http://hunan.localhost.evil.com:3000"]) {
      expect(isAllowedOrigin(o, opts)).toBe(false);
    }
  });
  it("a form post must come from its own origin", () => {
    expect(isSameOrigin("http://hunan.localhost:3000", { protocol: "http", host: "hunan.localhost:3000" })).toBe(true);
    expect(isSameOrigin("http://sichuan.localhost:3000", { protocol: "http", host: "hunan.localhost:3000" })).toBe(false);
    expect(isSameOrigin(null, { protocol: "http", host: "hunan.localhost:3000" })).toBe(false);
    expect(isSameOrigin("not a url", { protocol: "http", host: "hunan.localhost:3000" })).toBe(false);
  });
});

describe("cookies", () => {
  it("reads one cookie and skips malformed ones", () => {
    expect(readCookie("a=1; yx_session=abc; b=2", "yx_session")).toBe("abc");
    expect(readCookie("yx_session=%E0%A4%A", "yx_session")).toBeNull();
    expect(readCookie("garbage", "yx_session")).toBeNull();
    expect(readCookie(undefined, "yx_session")).toBeNull();
  });
  it("the session cookie is HttpOnly, SameSite=Lax, Path=/ and has no Domain", () => {
    const c = serializeSessionCookie("tok", new Date(Date.now() + 60_000), false);
    expect(c).toMatch(/^yx_session=tok; HttpOnly; SameSite=Lax; Path=\/; Max-Age=\d+/);
    expect(c).not.toMatch(/Domain/i);
    expect(c).not.toMatch(/Secure/);
    expect(serializeSessionCookie("tok", new Date(Date.now() + 60_000), true)).toMatch(/; Secure$/);
  });
});

describe("sign-in input", () => {
  it("logins are trimmed and lower-cased", () => {
    expect(ZSignInInput.parse({ login: " HN_Teacher1 ", password: "x" }).login).toBe("hn_teacher1");
  });
  it("only same-site paths are redirect targets", () => {
    expect(safeRedirect("/courses")).toBe("/courses");
    for (const bad of ["//evil.com", "https://evil.com", "/\\evil.com", "", null]) expect(safeRedirect(bad)).toBe("/");
  });
});
