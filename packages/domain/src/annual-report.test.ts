import { describe, expect, it } from "vitest";
import { defaultAnnualReportSchedule, scheduledReportYear, ZAnnualReportRequest, ZAnnualReportSchedule } from "./annual-report.ts";

describe("the annual report request", () => {
  it("reads the batch checkbox as a browser sends it, and refuses anything else in it", () => {
    expect(ZAnnualReportRequest.parse({ year: "2026" })).toMatchObject({ year: 2026, below: false });
    expect(ZAnnualReportRequest.parse({ year: "2026", below: "" })).toMatchObject({ below: false });
    expect(ZAnnualReportRequest.parse({ year: "2026", below: "on" })).toMatchObject({ below: true });
    expect(ZAnnualReportRequest.parse({ year: 2026, below: true })).toMatchObject({ below: true });
    for (const below of ["\u0000", "yes", "1", "on\r\n"]) expect(ZAnnualReportRequest.safeParse({ year: "2026", below }).success).toBe(false);
  });
});

describe("the year-end schedule (decision 038)", () => {
  it("reads the form: the checkbox and a day of January 1–28; anything else is refused", () => {
    expect(ZAnnualReportSchedule.parse({ enabled: "on", day: "15" })).toEqual({ enabled: true, day: 15 });
    expect(ZAnnualReportSchedule.parse({ day: "1" })).toEqual({ enabled: false, day: 1 });
    for (const bad of [{ enabled: "x\u0000", day: "15" }, { enabled: "on", day: "29" }, { enabled: "on", day: "0" }, { enabled: "on", day: "1.5" }, { enabled: "on", day: "" }, { enabled: "on", day: "15", extra: 1 }])
      expect(ZAnnualReportSchedule.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it("makes last year's reports from its day of January on, and nothing when off", () => {
    const on = { enabled: true, day: 15 };
    expect(scheduledReportYear(on, "2027-01-14")).toBeNull();
    expect(scheduledReportYear(on, "2027-01-15")).toBe(2026);
    expect(scheduledReportYear(on, "2027-06-01")).toBe(2026);
    expect(scheduledReportYear({ ...on, enabled: false }, "2027-01-20")).toBeNull();
    expect(scheduledReportYear(defaultAnnualReportSchedule, "2027-01-15")).toBe(2026);
  });
});
