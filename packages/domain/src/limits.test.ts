import { describe, expect, it } from "vitest";
import { hasNulByte, urlHasNulByte } from "./limits.ts";

describe("NUL bytes in user input", () => {
  it("are found in text wherever they are", () => {
    for (const s of ["\u0000", "a\u0000", "\u0000b", "王\u0000芳"]) expect(hasNulByte(s)).toBe(true);
    for (const s of ["", "abc", "王芳", "%00", "\\0", "\u0001"]) expect(hasNulByte(s)).toBe(false);
  });
  it("are found in a request target in either case of the escape, in the path or the query", () => {
    for (const u of ["/courses?q=%00", "/courses?q=a%00b", "/admin/people?q=%00&x=1", "/studios/%00", "/x?%00=1", "/x?q=%00".toUpperCase()]) expect(urlHasNulByte(u)).toBe(true);
    // An encoded percent sign followed by 00 is the text "%00", which Postgres stores happily.
    for (const u of ["/courses?q=%2500", "/courses?q=100", "/courses?q=%E7%8E%8B", "/a%2F00"]) expect(urlHasNulByte(u)).toBe(false);
  });
});
