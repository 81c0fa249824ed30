import { describe, expect, it } from "vitest";
import { creditCountsFor, recognitionDecision, splitHours, splitProblem, ZConfirmCreditsInput, ZCreditExceptionInput, ZProjectCreditsQuery, type TSplitPart } from "./project-credits.ts";

const id = "7b0e6a8e-8f0a-4c55-9d53-1d7c1f0c2a11";
const tenths = (parts: TSplitPart[]) => parts.reduce((s, p) => s + Math.round(p.hours * 10), 0);

describe("学时分发: splitting a trainee's hours as the project's split is", () => {
  const split: TSplitPart[] = [
    { category: "concentrated", hours: 40 },
    { category: "online", hours: 20 },
  ];

  it("the planned hours are the split itself", () => {
    expect(splitHours(60, split)).toEqual(split);
  });

  it("fewer hours keep the proportion, in tenths, and always sum exactly", () => {
    expect(splitHours(30, split)).toEqual([
      { category: "concentrated", hours: 20 },
      { category: "online", hours: 10 },
    ]);
    for (const h of [0.1, 0.3, 1, 7.7, 13.3, 29.9, 59.9]) expect(tenths(splitHours(h, split))).toBe(Math.round(h * 10));
    const three: TSplitPart[] = [
      { category: "concentrated", hours: 10 },
      { category: "online", hours: 10 },
      { category: "schoolBased", hours: 10 },
    ];
    for (const h of [1, 2, 10, 29.9]) expect(tenths(splitHours(h, three))).toBe(Math.round(h * 10));
  });

  it("a part that rounds to nothing is left out, and nothing is nothing", () => {
    expect(splitHours(0.1, split)).toEqual([{ category: "concentrated", hours: 0.1 }]);
    expect(splitHours(0, split)).toEqual([]);
    expect(splitHours(5, [])).toEqual([]);
  });
});

describe("a split must fit the plan", () => {
  it("sums to the planned hours, with distinct categories, one to four parts", () => {
    expect(splitProblem([{ category: "online", hours: 60 }], 60)).toBeNull();
    expect(splitProblem([{ category: "online", hours: 30 }, { category: "concentrated", hours: 30 }], 60)).toBeNull();
    expect(splitProblem([], 60)).toMatch(/至少/);
    expect(splitProblem([{ category: "online", hours: 50 }], 60)).toMatch(/之和须等于计划学时 60（现为 50）/);
    expect(splitProblem([{ category: "online", hours: 30 }, { category: "online", hours: 30 }], 60)).toMatch(/不能重复/);
    expect(splitProblem([{ category: "online", hours: 0.1 }, { category: "concentrated", hours: 0.2 }], 0.3)).toBeNull();
  });
});

describe("what a trainee gets", () => {
  it("the proposal unless an exception says otherwise; an exception never gives more than the plan", () => {
    expect(recognitionDecision(true, null, 60)).toEqual({ award: true, hours: 60 });
    expect(recognitionDecision(false, null, 60)).toEqual({ award: false, hours: 0 });
    expect(recognitionDecision(false, { award: true, hours: 24, reason: "病假补学" }, 60)).toEqual({ award: true, hours: 24 });
    expect(recognitionDecision(false, { award: true, hours: null, reason: "补录" }, 60)).toEqual({ award: true, hours: 60 });
    expect(recognitionDecision(true, { award: false, hours: null, reason: "材料造假" }, 60)).toEqual({ award: false, hours: 0 });
    expect(recognitionDecision(true, { award: true, hours: 99, reason: "x" }, 60)).toEqual({ award: true, hours: 60 });
  });

  it("awards count for the project's last day, or the day of confirmation if that is earlier", () => {
    expect(creditCountsFor("2026-12-20", "2026-12-07")).toBe("2026-12-07");
    expect(creditCountsFor("2026-11-30", "2026-12-07")).toBe("2026-11-30");
  });
});

describe("the forms", () => {
  it("the split's rows: blank rows are left out, half-filled ones refused", () => {
    expect(ZConfirmCreditsInput.parse({ projectId: id, category: ["online", "", "concentrated"], hours: ["20", "", "40.5"] })).toEqual({
      projectId: id,
      split: [
        { category: "online", hours: 20 },
        { category: "concentrated", hours: 40.5 },
      ],
    });
    expect(ZConfirmCreditsInput.parse({ projectId: id, category: "online", hours: "60" }).split).toEqual([{ category: "online", hours: 60 }]);
    expect(ZConfirmCreditsInput.safeParse({ projectId: id, category: ["online"], hours: [""] }).success).toBe(false);
    for (const bad of [
      { projectId: id, category: ["nope"], hours: ["1"] },
      { projectId: id, category: ["online"], hours: ["1.25"] },
      { projectId: id, category: ["online"], hours: ["-1"] },
      { projectId: id, category: ["online"], hours: ["1e9"] },
      { projectId: id, category: Array(5).fill("online"), hours: Array(5).fill("1") },
      { projectId: "x", category: ["online"], hours: ["1"] },
      { projectId: id, category: ["online"], hours: ["1"], extra: 1 },
    ]) {
      expect(ZConfirmCreditsInput.safeParse(bad).success).toBe(false);
    }
  });

  it("an exception needs a reason without control characters", () => {
    const ok = ZCreditExceptionInput.parse({ projectId: id, nominationId: id, award: "on", hours: "12.5", reason: " 因公出差，补学完成 " });
    expect(ok).toEqual({ projectId: id, nominationId: id, award: true, hours: 12.5, reason: "因公出差，补学完成" });
    const out = ZCreditExceptionInput.parse({ projectId: id, nominationId: id, reason: "未完成作业" });
    expect(out.award).toBe(false);
    expect(out.hours).toBeUndefined();
    for (const reason of ["", "   ", "a\u0000b", "x".repeat(201), "a\r\nb"]) {
      expect(ZCreditExceptionInput.safeParse({ projectId: id, nominationId: id, award: "on", reason }).success).toBe(false);
    }
  });

  it("the list's query: filter, search and page, anything else refused", () => {
    expect(ZProjectCreditsQuery.parse({ projectId: id })).toMatchObject({ show: "all", page: 1, size: 50 });
    expect(ZProjectCreditsQuery.parse({ projectId: id, show: "exception", q: "张", page: "3" })).toMatchObject({ show: "exception", q: "张", page: 3 });
    expect(ZProjectCreditsQuery.safeParse({ projectId: id, show: "other" }).success).toBe(false);
    expect(ZProjectCreditsQuery.safeParse({ projectId: id, page: "0" }).success).toBe(false);
  });
});
