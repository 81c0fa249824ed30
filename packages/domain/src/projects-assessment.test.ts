import { describe, expect, it } from "vitest";
import { completionCheck, passScore, ZAssessmentItemInput, ZPassMarkInput, ZScoreValue, ZSetScoresInput } from "./projects-running.ts";

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
// Seed 002's programme: 30 days, a 作业 (required, 100) and a 考试 (not required, 100); pass mark 60 % of 200 = 120.
const items = [
  { id: id(1), maxScore: 100, required: true },
  { id: id(2), maxScore: 100, required: false },
];

describe("completionCheck (the 学时认定 rule, decision 031)", () => {
  it("worked example: 30 of 30 days, 作业 70 + 考试 55 = 125 ≥ 120 → met", () => {
    const r = completionCheck({ requiredDays: 30, attended: 30, items, scores: { [id(1)]: 70, [id(2)]: 55 }, passPercent: 60 });
    expect(r).toEqual({ met: true, reasons: [], total: 125, maxTotal: 200, passScore: 120, missing: [], coursesMissing: [] });
  });

  it("worked example: 29 days, 作业 not handed in, 考试 90 → every reason, in order", () => {
    const r = completionCheck({ requiredDays: 30, attended: 29, items, scores: { [id(2)]: 90 }, passPercent: 60 });
    expect(r.met).toBe(false);
    expect(r.reasons).toEqual(["days", "requiredItem", "score"]);
    expect(r.missing).toEqual([id(1)]);
    expect(r.total).toBe(90);
  });

  it("the pass mark is inclusive and counts tenths exactly: 119.9 fails, 120 passes", () => {
    const base = { requiredDays: 0, attended: 0, items, passPercent: 60 };
    expect(completionCheck({ ...base, scores: { [id(1)]: 60.1, [id(2)]: 59.8 } }).reasons).toEqual(["score"]);
    expect(completionCheck({ ...base, scores: { [id(1)]: 60.1, [id(2)]: 59.9 } }).met).toBe(true);
  });

  it("a score of 0 is submitted (a required item with 0 is not missing); null is not", () => {
    const base = { requiredDays: 0, attended: 0, items, passPercent: 0 };
    expect(completionCheck({ ...base, scores: { [id(1)]: 0 } }).met).toBe(true);
    expect(completionCheck({ ...base, scores: { [id(1)]: null } }).reasons).toEqual(["requiredItem"]);
  });

  it("every 必修 course must be completed (decision 036); a course named twice counts once", () => {
    const base = { requiredDays: 3, attended: 3, items: [], scores: {}, passPercent: 60 };
    const r = completionCheck({ ...base, requiredCourses: [id(7), id(8), id(7)], completedCourses: new Set([id(7)]) });
    expect(r).toMatchObject({ met: false, reasons: ["requiredCourse"], coursesMissing: [id(8)] });
    expect(completionCheck({ ...base, requiredCourses: [id(7), id(8)], completedCourses: new Set([id(8), id(7), id(9)]) }).met).toBe(true);
    // Every reason, in order, with the course last.
    expect(completionCheck({ ...base, attended: 1, items, scores: {}, requiredCourses: [id(7)] }).reasons).toEqual(["days", "requiredItem", "score", "requiredCourse"]);
    // No required courses: the rule of decision 031 unchanged.
    expect(completionCheck({ ...base, requiredCourses: [] }).met).toBe(true);
  });

  it("a project without items keeps the days-only rule of decision 027", () => {
    expect(completionCheck({ requiredDays: 30, attended: 30, items: [], scores: {}, passPercent: 60 }).met).toBe(true);
    expect(completionCheck({ requiredDays: 30, attended: 12, items: [], scores: {}, passPercent: 60 }).reasons).toEqual(["days"]);
  });

  it("pass score: rounded up to a tenth of the percentage of the max total", () => {
    expect(passScore([{ maxScore: 100 }, { maxScore: 50 }], 60)).toBe(90);
    expect(passScore([{ maxScore: 7 }], 33)).toBe(2.4); // 2.31 → 2.4
    expect(passScore([], 60)).toBe(0);
  });
});

describe("assessment inputs", () => {
  it("a score is blank (not submitted) or 0–1000 with one decimal", () => {
    expect(ZScoreValue.parse("")).toBeNull();
    expect(ZScoreValue.parse(" 88.5 ")).toBe(88.5);
    expect(ZScoreValue.safeParse("88.55").success).toBe(false);
    expect(ZScoreValue.safeParse("-1").success).toBe(false);
    expect(ZScoreValue.safeParse("1e9").success).toBe(false);
    expect(ZScoreValue.safeParse("八十").error?.issues[0]?.message).toBe("成绩须为数字");
    expect(ZScoreValue.safeParse("-1").error?.issues[0]?.message).toBe("成绩不能为负");
    expect(ZScoreValue.parse(0)).toBe(0);
    expect(ZScoreValue.safeParse("8\u00000").success).toBe(false);
  });

  it("a row of scores pairs items and scores one to one", () => {
    const ok = ZSetScoresInput.parse({ projectId: id(9), nominationId: id(8), item: [id(1), id(2)], score: ["90", ""] });
    expect(ok.score).toEqual([90, null]);
    expect(ZSetScoresInput.safeParse({ projectId: id(9), nominationId: id(8), item: [id(1), id(2)], score: ["90"] }).success).toBe(false);
    expect(ZSetScoresInput.safeParse({ projectId: id(9), nominationId: id(8), item: [id(1), id(1)], score: ["1", "2"] }).success).toBe(false);
    expect(ZSetScoresInput.safeParse({ projectId: "x", nominationId: id(8), item: [id(1)], score: ["1"] }).success).toBe(false);
  });

  it("an item: name required, max 1–1000 (blank = 100), kind from the list; the pass mark 0–100", () => {
    const it1 = ZAssessmentItemInput.parse({ projectId: id(9), name: " 作业一 ", kind: "assignment", maxScore: "", required: "on" });
    expect(it1).toMatchObject({ name: "作业一", maxScore: 100, required: true });
    expect(ZAssessmentItemInput.safeParse({ projectId: id(9), name: "", kind: "assignment" }).success).toBe(false);
    expect(ZAssessmentItemInput.safeParse({ projectId: id(9), name: "考试", kind: "exam", maxScore: "1001" }).success).toBe(false);
    expect(ZAssessmentItemInput.safeParse({ projectId: id(9), name: "考试", kind: "quiz" }).success).toBe(false);
    expect(ZAssessmentItemInput.safeParse({ projectId: id(9), name: "x".repeat(41), kind: "exam" }).success).toBe(false);
    expect(ZPassMarkInput.safeParse({ projectId: id(9), passPercent: "101" }).success).toBe(false);
    expect(ZPassMarkInput.parse({ projectId: id(9), passPercent: "60" }).passPercent).toBe(60);
  });
});
