import { describe, expect, it } from "vitest";
import { parseByteRange } from "./range.ts";

describe("HTTP byte ranges of a 1000-byte file", () => {
  it("bytes=a-b, bytes=a- and bytes=-n pick the right bytes", () => {
    expect(parseByteRange("bytes=0-99", 1000)).toEqual({ kind: "partial", start: 0, end: 99 });
    expect(parseByteRange("bytes=100-", 1000)).toEqual({ kind: "partial", start: 100, end: 999 });
    expect(parseByteRange("bytes=-50", 1000)).toEqual({ kind: "partial", start: 950, end: 999 });
  });
  it("an end past the file is cut to the file; a suffix longer than the file is the whole file", () => {
    expect(parseByteRange("bytes=900-5000", 1000)).toEqual({ kind: "partial", start: 900, end: 999 });
    expect(parseByteRange("bytes=-5000", 1000)).toEqual({ kind: "partial", start: 0, end: 999 });
  });
  it("a start beyond the file or an empty suffix cannot be satisfied", () => {
    expect(parseByteRange("bytes=1000-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=2000-3000", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=-0", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
  });
  it("no header, other units, nonsense and several ranges mean the whole file", () => {
    for (const h of [undefined, null, "", "items=0-5", "bytes=abc", "bytes=5-1", "bytes=-", "bytes=0-1,5-6"]) {
      expect(parseByteRange(h, 1000)).toEqual({ kind: "whole" });
    }
  });
});
