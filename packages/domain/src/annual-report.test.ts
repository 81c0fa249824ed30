import { describe, expect, it } from "vitest";
import { ZAnnualReportRequest } from "./annual-report.ts";

describe("the annual report request", () => {
  it("reads the batch checkbox as a browser sends it, and refuses anything else in it", () => {
    expect(ZAnnualReportRequest.parse({ year: "2026" })).toMatchObject({ year: 2026, below: false });
    expect(ZAnnualReportRequest.parse({ year: "2026", below: "" })).toMatchObject({ below: false });
    expect(ZAnnualReportRequest.parse({ year: "2026", below: "on" })).toMatchObject({ below: true });
    expect(ZAnnualReportRequest.parse({ year: 2026, below: true })).toMatchObject({ below: true });
    for (const below of ["\u0000", "yes", "1", "on\r\n"]) expect(ZAnnualReportRequest.safeParse({ year: "2026", below }).success).toBe(false);
  });
});
