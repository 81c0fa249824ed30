import { describe, expect, it } from "vitest";
import { isAllowedOrigin, isSameOrigin, readCookie, safeRedirect, serializeSessionCookie, signInDelayMs, throttlePolicy, ZSignInInput } from "./auth.ts";

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

describe("the redirect target after sign-in", () => {
  // What a browser would do with each as a Location: drop tabs and newlines, read "\" as "/", resolve
  // dot segments; any of them may turn a path into another host. Each must come back as the fallback.
  const hostile: [string, string][] = [
    ["a tab after the first slash", "/\t/evil.localhost"],
    ["a tab between the slashes", "/\t\t/evil.localhost"],
    ["a tab before the slashes", "\t//evil.localhost"],
    ["a newline between the slashes", "/\n/evil.localhost"],
    ["a carriage return between the slashes", "/\r/evil.localhost"],
    ["CR/LF header injection", "/courses\r\nSet-Cookie: yx_session=x"],
    ["a NUL byte", "/\u0000/evil.localhost"],
    ["a leading space", " //evil.localhost"],
    ["protocol-relative", "//evil.localhost"],
    ["three slashes", "///evil.localhost"],
    ["slash backslash", "/\\evil.localhost"],
    ["backslash slash", "\\/evil.localhost"],
    ["two backslashes", "\\\\evil.localhost"],
    ["an encoded second slash", "/%2Fevil.localhost"],
    ["an encoded second slash, lower case", "/%2fevil.localhost"],
    ["an encoded backslash", "/%5Cevil.localhost"],
    ["an encoded tab", "/%09/evil.localhost"],
    ["an encoded newline", "/%0A/evil.localhost"],
    ["a doubly encoded slash", "/%252F%252Fevil.localhost"],
    ["a triply encoded tab", "/%252509/evil.localhost"],
    ["encoded five times over", "/%2525252525"],
    ["a dot segment that leaves //", "/.//evil.localhost"],
    ["an encoded dot segment that leaves //", "/%2e//evil.localhost"],
    ["dot-dot back to //", "/a/..//evil.localhost"],
    ["an absolute URL", "http://evil.localhost/"],
    ["a scheme-relative URL with a user", "//user@evil.localhost"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["a relative path", "courses"],
    ["a malformed escape", "/%E0%A4%A"],
    ["very long", `/${"a".repeat(5000)}`],
  ];
  it.each(hostile)("refuses %s", (_name, target) => {
    expect(safeRedirect(target)).toBe("/");
    expect(safeRedirect(target, "/home")).toBe("/home");
  });

  it("keeps same-origin paths with their query and fragment, encoded so no header can break", () => {
    expect(safeRedirect("/")).toBe("/");
    expect(safeRedirect("/admin/people?q=%E7%8E%8B&page=2")).toBe("/admin/people?q=%E7%8E%8B&page=2");
    expect(safeRedirect("/learn/abc/def#notes")).toBe("/learn/abc/def#notes");
    expect(safeRedirect("/studios/x?tab=library&tag=%2F%2Fnot-a-host")).toBe("/studios/x?tab=library&tag=%2F%2Fnot-a-host");
    expect(safeRedirect("/courses/王芳")).toBe("/courses/%E7%8E%8B%E8%8A%B3");
    expect(safeRedirect("/a b")).toBe("/a%20b");
  });

  it("whatever it answers is a same-origin path no browser reads as another host", () => {
    const base = "http://hunan.localhost:3000";
    const tries = ["/x", "/./x", "/%2e%2e/x", "/a/../../b", "/@evil.localhost", "/:evil", "/?//evil", "/#//evil"];
    for (const target of [...tries, ...hostile.map(([, t]) => t)]) {
      const out = safeRedirect(target);
      expect(out).toMatch(/^\/(?![/\\])/);
      expect([...out].filter((c) => c <= " " || c === "\u007f" || c === "\\")).toEqual([]);
      expect(new URL(out, base).origin).toBe(base);
    }
  });
});

describe("slowing sign-in attempts on an account", () => {
  it("does not slow the first few failures, then doubles the wait up to a cap", () => {
    const p = { ...throttlePolicy, accountFailuresBeforeDelay: 3, accountDelayBaseMs: 100, accountDelayMaxMs: 1000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50, 1e9].map((n) => signInDelayMs(n, p))).toEqual([0, 0, 0, 100, 200, 400, 800, 1000, 1000, 1000]);
  });
  it("never waits longer than the cap with the default policy, and never refuses", () => {
    expect(signInDelayMs(throttlePolicy.accountFailuresBeforeDelay - 1)).toBe(0);
    expect(signInDelayMs(10_000)).toBe(throttlePolicy.accountDelayMaxMs);
    expect(signInDelayMs(Number.NaN)).toBe(0);
  });
});
