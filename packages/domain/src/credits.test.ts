import { describe, expect, it } from "vitest";
import {
  creditPace,
  creditTotals,
  cycleOf,
  defaultCreditPolicy,
  effectiveEntries,
  externalAwardFingerprint,
  parseEvidence,
  reversalRefusal,
  titleDayFingerprint,
  ZCreditPolicy,
  ZCycleStatusQuery,
  ZExternalAwardInput,
  ZReverseAwardInput,
  type TCreditPolicy,
  type TLedgerEntry,
} from "./credits.ts";

let seq = 0;
const id = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, "0")}`;
const award = (hours: number, countsFor: string, over: Partial<TLedgerEntry> = {}): TLedgerEntry => ({
  id: id(),
  hours,
  category: "online",
  countsFor,
  source: "courseCompletion",
  reversesAwardId: null,
  ...over,
});
const reversal = (of: TLedgerEntry, over: Partial<TLedgerEntry> = {}): TLedgerEntry => ({
  ...of,
  id: id(),
  hours: -of.hours,
  source: "reversal",
  reversesAwardId: of.id,
  ...over,
});
const policy = (over: Partial<TCreditPolicy> = {}): TCreditPolicy => ({ ...defaultCreditPolicy, ...over });

describe("ledger sums", () => {
  it("adds every award of the cycle, in tenths, by year and by category", () => {
    const entries = [
      award(12.5, "2024-03-01"),
      award(0.2, "2024-05-01"),
      award(0.1, "2024-05-02"),
      award(40, "2025-07-01", { category: "concentrated" }),
      award(100, "2020-12-31"), // the cycle before
    ];
    const t = creditTotals(defaultCreditPolicy, entries, "2025-08-01");
    expect(t.cycleHours).toBe(52.8);
    expect(t.byYear).toEqual({ 2021: 0, 2022: 0, 2023: 0, 2024: 12.8, 2025: 40 });
    expect(t.byCategory).toEqual({ online: 12.8, concentrated: 40 });
    expect(t.yearHours).toBe(40);
    expect(t.requiredHours).toBe(360);
    expect(t.percent).toBe(14);
  });

  it("an empty ledger is zero everywhere", () => {
    const t = creditTotals(defaultCreditPolicy, [], "2023-01-01");
    expect(t.cycleHours).toBe(0);
    expect(t.yearHours).toBe(0);
    expect(t.byCategory).toEqual({});
    expect(t.yearShortfall).toBe(72);
  });
});

describe("reversals", () => {
  it("a reversed award counts nothing, and the reversal counts nothing itself", () => {
    const a = award(30, "2024-03-01");
    const b = award(10, "2024-04-01");
    const entries = [a, b, reversal(a)];
    expect(effectiveEntries(entries).map((e) => e.id)).toEqual([b.id]);
    expect(creditTotals(defaultCreditPolicy, entries, "2024-12-01").cycleHours).toBe(10);
  });

  it("a reversal counts against its award even when it is dated in another year", () => {
    const a = award(30, "2024-03-01");
    const t = creditTotals(defaultCreditPolicy, [a, reversal(a, { countsFor: "2025-01-10" })], "2025-02-01");
    expect(t.cycleHours).toBe(0);
    expect(t.byYear[2024]).toBe(0);
    expect(t.byYear[2025]).toBe(0);
  });

  it("a reversal of a reversal does not bring the award back, and is refused up front", () => {
    const a = award(30, "2024-03-01");
    const r = reversal(a);
    const rr = reversal(r);
    expect(creditTotals(defaultCreditPolicy, [a, r, rr], "2024-12-01").cycleHours).toBe(0);
    expect(reversalRefusal(r, [a, r])).toBe("cannotReverseReversal");
  });

  it("an award is reversed at most once", () => {
    const a = award(30, "2024-03-01");
    expect(reversalRefusal(a, [a])).toBeNull();
    expect(reversalRefusal(a, [a, reversal(a)])).toBe("alreadyReversed");
  });

  it("a reversal of an award that is not in the ledger changes nothing", () => {
    const a = award(30, "2024-03-01");
    const stray = reversal(award(5, "2024-03-01"));
    expect(creditTotals(defaultCreditPolicy, [a, stray], "2024-12-01").cycleHours).toBe(30);
  });
});

describe("cycle windows", () => {
  const p = { cycleStartYear: 2021, cycleYears: 5 };
  it("31 December 2025 closes the 2021–2025 cycle and 1 January 2026 opens the next", () => {
    expect(cycleOf(p, "2025-12-31")).toEqual({ startYear: 2021, endYear: 2025, start: "2021-01-01", end: "2025-12-31" });
    expect(cycleOf(p, "2026-01-01")).toEqual({ startYear: 2026, endYear: 2030, start: "2026-01-01", end: "2030-12-31" });
  });

  it("awards on either side of the boundary count in their own cycle", () => {
    const entries = [award(50, "2025-12-31"), award(7, "2026-01-01")];
    expect(creditTotals(policy(), entries, "2025-12-31").cycleHours).toBe(50);
    const next = creditTotals(policy(), entries, "2026-01-01");
    expect(next.cycleHours).toBe(7);
    expect(next.cycle.startYear).toBe(2026);
    expect(next.yearHours).toBe(7);
  });

  it("a policy starting in 2024 puts 2023 in the cycle before and 2028 in the first", () => {
    const p24 = { cycleStartYear: 2024, cycleYears: 5 };
    expect(cycleOf(p24, "2023-12-31")).toMatchObject({ startYear: 2019, endYear: 2023 });
    expect(cycleOf(p24, "2024-01-01")).toMatchObject({ startYear: 2024, endYear: 2028 });
    expect(cycleOf(p24, "2028-12-31")).toMatchObject({ startYear: 2024, endYear: 2028 });
    expect(cycleOf(p24, "2029-01-01")).toMatchObject({ startYear: 2029, endYear: 2033 });
    const t = creditTotals(policy({ cycleStartYear: 2024 }), [award(20, "2023-12-31"), award(5, "2024-01-01")], "2024-06-01");
    expect(t.cycleHours).toBe(5);
    expect(Object.keys(t.byYear)).toEqual(["2024", "2025", "2026", "2027", "2028"]);
  });

  it("a 3-year cycle", () => {
    expect(cycleOf({ cycleStartYear: 2021, cycleYears: 3 }, "2027-06-01")).toMatchObject({ startYear: 2027, endYear: 2029 });
  });
});

describe("category caps and minimums", () => {
  it("a maximum caps what a category counts; the raw 学时 stay in the yearly figures", () => {
    const p = policy({ categoryLimits: { schoolBased: { max: 50 } } });
    const t = creditTotals(p, [award(40, "2024-01-01", { category: "schoolBased" }), award(30, "2024-02-01", { category: "schoolBased" }), award(10, "2024-03-01")], "2024-12-31");
    expect(t.byCategory).toEqual({ schoolBased: 50, online: 10 });
    expect(t.cycleHours).toBe(60);
    expect(t.byYear[2024]).toBe(80);
  });

  it("a category below its minimum shows the shortfall, and the cycle is not done until it is met", () => {
    const p = policy({ requiredHours: 100, yearlyMinimum: 10, categoryLimits: { concentrated: { min: 30 } } });
    const short = creditTotals(p, [award(120, "2022-01-01"), award(10, "2022-02-01", { category: "concentrated" })], "2022-06-01");
    expect(short.categoryShortfalls).toEqual({ concentrated: 20 });
    expect(short.pace).toBe("onTrack");
    const met = creditTotals(p, [award(120, "2022-01-01"), award(30, "2022-02-01", { category: "concentrated" })], "2022-06-01");
    expect(met.categoryShortfalls).toEqual({});
    expect(met.pace).toBe("done");
  });

  it("a policy whose category minimum exceeds its maximum is refused", () => {
    const r = ZCreditPolicy.safeParse({ ...defaultCreditPolicy, categoryLimits: { online: { min: 50, max: 40 } } });
    expect(r.success).toBe(false);
    expect(ZCreditPolicy.safeParse({ ...defaultCreditPolicy, yearlyMinimum: 400 }).success).toBe(false);
    expect(ZCreditPolicy.safeParse({ ...defaultCreditPolicy, categoryLimits: { online: { min: 10, max: 40 } } }).success).toBe(true);
  });
});

describe("pace", () => {
  // The rule (creditPace): a day counts once it has passed. By a day D the plan asks for
  //   cycle:  requiredHours / cycleYears for every year of the cycle already ended, plus the same share pro
  //           rata for the days of D's year before D;
  //   year:   the yearly minimum pro rata for the same days of D's year;
  // each rounded down to a tenth. A teacher is on pace when their cycle 学时 reach the cycle figure and this
  // year's reach the year figure (the year figure stops mattering once the cycle's requirement is met).
  // "done" = the requirement and every category minimum are met. So nothing of a year is due on its
  // 1 January, and in December nearly all the yearly minimum is: 今年还差 70 then is behind, never 按计划.
  const p = policy();
  const hours = (cycleHours: number, yearHours: number) => ({ cycleHours, yearHours });

  it("nothing is due on the first day of a cycle or of a year", () => {
    expect(creditPace(p, "2026-01-01", hours(0, 0))).toMatchObject({ expectedByNow: 0, expectedThisYear: 0, pace: "onTrack", yearShortfall: 72 });
    expect(creditTotals(p, [], "2026-01-01")).toMatchObject({ expectedByNow: 0, expectedThisYear: 0, pace: "onTrack" });
    // 2028 starts: 2026 and 2027 have ended, nothing of 2028 is due yet.
    expect(creditPace(p, "2028-01-01", hours(144, 0))).toMatchObject({ expectedByNow: 144, expectedThisYear: 0, pace: "onTrack" });
    expect(creditPace(p, "2028-01-01", hours(143.9, 0)).pace).toBe("behind");
  });

  it("mid-year the plan asks for the days passed, pro rata", () => {
    // 182 days of 2026 have passed by 2 July: 72 × 182 / 365 = 35.90 → 35.9.
    expect(creditPace(p, "2026-07-02", hours(35.9, 35.9))).toMatchObject({ expectedByNow: 35.9, expectedThisYear: 35.9, pace: "onTrack" });
    expect(creditPace(p, "2026-07-02", hours(35.8, 35.8)).pace).toBe("behind");
    // 2028 is a leap year: 183 days by 2 July, 72 × 183 / 366 = 36.
    expect(creditPace(p, "2028-07-02", hours(180, 36))).toMatchObject({ expectedByNow: 180, expectedThisYear: 36, pace: "onTrack" });
  });

  it("in December a teacher far short of the yearly minimum is behind, never 按计划", () => {
    // The reported case: 2 学时 this year, 今年还差 70, on 1 December.
    const dec1 = creditTotals(p, [award(2, "2026-03-01")], "2026-12-01");
    // 334 days of 2026 have passed by 1 December: 72 × 334 / 365 = 65.88 → 65.8.
    expect(dec1).toMatchObject({ yearShortfall: 70, pace: "behind", expectedByNow: 65.8, expectedThisYear: 65.8 });
    const dec31 = creditPace(p, "2026-12-31", hours(70, 70));
    expect(dec31).toMatchObject({ expectedThisYear: 71.8, yearShortfall: 2, pace: "behind" });
    // Far ahead on the cycle does not excuse a year without training.
    expect(creditPace(p, "2027-12-01", hours(300, 0))).toMatchObject({ expectedByNow: 137.8, expectedThisYear: 65.8, pace: "behind" });
    expect(creditPace(p, "2027-12-01", hours(300, 65.8)).pace).toBe("onTrack");
  });

  it("a lower yearly minimum (湖南: 24) asks less of the year but the same of the cycle", () => {
    const hunan = policy({ yearlyMinimum: 24 });
    expect(creditPace(hunan, "2027-12-01", hours(300, 30))).toMatchObject({ expectedThisYear: 21.9, pace: "onTrack" });
    expect(creditPace(hunan, "2026-12-01", hours(30, 30))).toMatchObject({ expectedByNow: 65.8, pace: "behind" });
  });

  it("done once the requirement and category minimums are met, whatever the year; met hours alone are never behind", () => {
    expect(creditTotals(p, [award(360, "2026-05-01")], "2027-12-31").pace).toBe("done");
    expect(creditTotals(p, [award(359.9, "2026-05-01")], "2030-12-31")).toMatchObject({ expectedByNow: 359.8, pace: "behind" });
    const withMinimum = policy({ categoryLimits: { concentrated: { min: 30 } } });
    // 360 学时 but no 集中培训 yet: not done, yet not behind either (pace is judged on hours).
    expect(creditPace(withMinimum, "2027-12-31", { cycleHours: 360, yearHours: 0, categoryShortfalls: { concentrated: 30 } }).pace).toBe("onTrack");
  });

  it("a new cycle starts from zero and on track", () => {
    const t = creditTotals(p, [award(400, "2025-05-01")], "2026-01-01");
    expect(t).toMatchObject({ cycleHours: 0, pace: "onTrack", expectedByNow: 0 });
    expect(creditPace(p, "2030-12-31", hours(0, 0)).cycle).toMatchObject({ startYear: 2026, endYear: 2030 });
  });

  it("this year's hours against the yearly minimum", () => {
    const t = creditTotals(p, [award(50, "2024-05-01"), award(30, "2023-05-01")], "2024-06-01");
    expect(t.yearHours).toBe(50);
    expect(t.yearShortfall).toBe(22);
    expect(creditTotals(p, [award(80, "2024-05-01")], "2024-06-01").yearShortfall).toBe(0);
  });
});

describe("external award input", () => {
  const valid = {
    title: "国家智慧教育平台暑期研修",
    issuer: "教育部",
    certificateNo: "",
    hours: "10.5",
    category: "online",
    organiserLevel: "national",
    completedOn: "2025-08-20",
    proofFileId: id(),
  };
  it("parses a form, blank certificate number and teacher left out", () => {
    const r = ZExternalAwardInput.parse(valid);
    expect(r).toMatchObject({ hours: 10.5 });
    expect(r.certificateNo).toBeUndefined();
    expect(r.teacherId).toBeUndefined();
  });
  it("refuses zero or too precise hours, a missing proof, a day that does not exist", () => {
    expect(ZExternalAwardInput.safeParse({ ...valid, hours: "0" }).success).toBe(false);
    expect(ZExternalAwardInput.safeParse({ ...valid, hours: "1.25" }).success).toBe(false);
    expect(ZExternalAwardInput.safeParse({ ...valid, hours: "abc" }).success).toBe(false);
    expect(ZExternalAwardInput.safeParse({ ...valid, proofFileId: "" }).success).toBe(false);
    expect(ZExternalAwardInput.safeParse({ ...valid, completedOn: "2025-02-30" }).success).toBe(false);
    expect(ZExternalAwardInput.safeParse({ ...valid, category: "nope" }).success).toBe(false);
  });
  it("a reversal needs a reason", () => {
    expect(ZReverseAwardInput.safeParse({ awardId: id(), reason: "  " }).success).toBe(false);
    expect(ZReverseAwardInput.safeParse({ awardId: id(), reason: "重复录入" }).success).toBe(true);
  });
  it("the behind-pace filter reads a checkbox", () => {
    expect(ZCycleStatusQuery.parse({ behind: "1" }).behind).toBe(true);
    expect(ZCycleStatusQuery.parse({}).behind).toBe(false);
  });
});

describe("duplicate fingerprints", () => {
  const teacherId = id();
  it("issuer and certificate number, ignoring case, width, spaces and punctuation, whoever claims it", () => {
    const a = externalAwardFingerprint({ teacherId, title: "甲", issuer: "教育部 ", certificateNo: "AB-12 34", completedOn: "2025-01-01" });
    const b = externalAwardFingerprint({ teacherId: id(), title: "乙", issuer: "教育部", certificateNo: "ａｂ１２３４", completedOn: "2024-01-01" });
    expect(a).toBe(b);
  });
  it("without a number: teacher, title and day", () => {
    const a = externalAwardFingerprint({ teacherId, title: "校本研修：读书会", issuer: "一中", completedOn: "2025-01-01" });
    expect(a).toBe(titleDayFingerprint(teacherId, "校本研修 读书会", "2025-01-01"));
    expect(a).not.toBe(titleDayFingerprint(teacherId, "校本研修 读书会", "2025-01-02"));
    expect(a).not.toBe(titleDayFingerprint(id(), "校本研修：读书会", "2025-01-01"));
  });
});

describe("evidence", () => {
  it("keeps the items it knows and skips the rest", () => {
    const fileId = id();
    expect(parseEvidence([{ kind: "file", fileId }, { kind: "mystery" }, "x", { kind: "unit", unitId: "bad" }])).toEqual([{ kind: "file", fileId }]);
    expect(parseEvidence(null)).toEqual([]);
  });
});
