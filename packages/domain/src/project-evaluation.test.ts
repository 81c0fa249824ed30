import { describe, expect, it } from "vitest";
import {
  answersFromFields,
  briefProgress,
  paragraphsOf,
  parseAnswers,
  questionnaireTransition,
  questionsFromFields,
  reportDueOn,
  reportStatus,
  responseRate,
  tallyResponses,
  ZBriefInput,
  ZQuestionList,
  ZReportInput,
  type TQuestion,
} from "./project-evaluation.ts";

const projectId = "00000000-0000-4000-8000-000000000001";
const questions: TQuestion[] = ZQuestionList.parse([
  { key: "q1", text: "总体满意度", kind: "scale", required: true },
  { key: "q2", text: "最有收获的环节", kind: "single", required: true, options: [{ id: "o1", label: "专题讲座" }, { id: "o2", label: "跟岗实践" }] },
  { key: "q3", text: "希望增加", kind: "multiple", options: [{ id: "o1", label: "案例" }, { id: "o2", label: "研讨" }, { id: "o3", label: "实践" }] },
  { key: "q4", text: "建议", kind: "text", maxLength: 20 },
  { key: "q5", text: "导师指导", kind: "scale", target: { kind: "mentor", label: "王老师" } },
]);

describe("questionnaire definitions", () => {
  it("refuses a choice question with one option, duplicate keys, options on a scale and a mentor question without a name", () => {
    const bad = ZQuestionList.safeParse([
      { key: "q1", text: "A", kind: "single", options: [{ id: "o1", label: "只有一个" }] },
      { key: "q1", text: "B", kind: "scale", options: [{ id: "o1", label: "x" }, { id: "o2", label: "y" }] },
      { key: "q2", text: "C", kind: "scale", target: { kind: "mentor", label: "" } },
    ]);
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining(["「A」须至少有两个选项", "「B」不是选择题，不能设置选项", "题目标识「q1」重复", "「C」须写明评价的课程或导师"]));
  });

  it("refuses an empty questionnaire, a NUL in a question and a key that is not qN", () => {
    expect(ZQuestionList.safeParse([]).success).toBe(false);
    expect(ZQuestionList.safeParse([{ key: "q1", text: "满意\u0000度", kind: "scale" }]).success).toBe(false);
    expect(ZQuestionList.safeParse([{ key: "__proto__", text: "x", kind: "scale" }]).success).toBe(false);
  });

  it("the builder's fields become questions: new keys after the used ones, option ids kept by label, removed rows dropped", () => {
    const previous = ZQuestionList.parse([{ key: "q2", text: "环节", kind: "single", options: [{ id: "o1", label: "讲座" }, { id: "o2", label: "实践" }] }]);
    const out = questionsFromFields(
      {
        "q.0.key": "q2",
        "q.0.text": "环节",
        "q.0.kind": "single",
        "q.0.required": "on",
        "q.0.options": "实践\n新选项\n讲座",
        "q.1.text": "导师",
        "q.1.kind": "scale",
        "q.1.targetKind": "mentor",
        "q.1.targetLabel": "李老师",
        "q.2.text": "删掉",
        "q.2.kind": "text",
        "q.2.remove": "on",
        "q.3.text": "",
        "q.3.kind": "text",
      },
      previous,
    );
    const parsed = ZQuestionList.parse(out);
    expect(parsed.map((q) => q.key)).toEqual(["q2", "q1"]);
    expect(parsed[0]!.options).toEqual([{ id: "o2", label: "实践" }, { id: "o3", label: "新选项" }, { id: "o1", label: "讲座" }]);
    expect(parsed[0]!.required).toBe(true);
    expect(parsed[1]!.target).toEqual({ kind: "mentor", label: "李老师", refId: null });
  });

  it("opens a draft or a closed questionnaire, closes an open one, never goes back to draft", () => {
    expect(questionnaireTransition("draft", "open")).toBe(true);
    expect(questionnaireTransition("closed", "open")).toBe(true);
    expect(questionnaireTransition("open", "closed")).toBe(true);
    expect(questionnaireTransition("open", "open")).toBe(false);
    expect(questionnaireTransition("draft", "closed")).toBe(false);
  });
});

describe("answers against the definition", () => {
  it("accepts good answers, from a form post too, and drops blank optional ones", () => {
    const r = parseAnswers(questions, answersFromFields({ "a.q1": "4", "a.q2": "o2", "a.q3": ["o3", "o1"], "a.q4": "", intent: "x" }));
    expect(r).toEqual({ ok: true, answers: { q1: 4, q2: "o2", q3: ["o1", "o3"] } });
  });

  it("refuses missing required answers, wrong option ids, scale points out of range and unknown questions", () => {
    const r = parseAnswers(questions, { q2: "o9", q3: ["o1", "o7"], q5: 6, q99: "x" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors["a.q1"]).toEqual(["请回答「总体满意度」"]);
    expect(r.fieldErrors["a.q2"]?.[0]).toContain("请从选项中选择");
    expect(r.fieldErrors["a.q3"]?.[0]).toContain("请从选项中选择");
    expect(r.fieldErrors["a.q5"]?.[0]).toContain("1–5");
    expect(r.fieldErrors.answers).toEqual(["问卷含有未定义的题目"]);
  });

  it("refuses hostile text: NUL, over the limit, megabytes; a fractional or string scale point", () => {
    for (const q4 of ["好\u0000", "长".repeat(21), "x".repeat(5_000_000)]) {
      const r = parseAnswers(questions, { q1: 3, q2: "o1", q4 });
      expect(r.ok).toBe(false);
    }
    expect(parseAnswers(questions, { q1: 3.5, q2: "o1" }).ok).toBe(false);
    expect(parseAnswers(questions, { q1: "3; drop table", q2: "o1" }).ok).toBe(false);
    expect(parseAnswers(questions, { q1: 3, q2: ["o1", "o2"] }).ok).toBe(false);
    expect(parseAnswers(questions, null).ok).toBe(false);
    expect(parseAnswers(questions, { q1: 3, q2: "o1", q4: "第一行\n第二行" })).toEqual({ ok: true, answers: { q1: 3, q2: "o1", q4: "第一行\n第二行" } });
  });
});

describe("results", () => {
  it("tallies option counts, the scale's distribution and mean, and lists text answers", () => {
    const res = tallyResponses(questions, [
      { q1: 5, q2: "o1", q3: ["o1", "o2"], q4: "多些案例" },
      { q1: 4, q2: "o1", q3: ["o2"] },
      { q1: 4, q2: "o2", q5: 3 },
      { q1: 9, q2: "oX" },
    ]);
    expect(res[0]).toMatchObject({ kind: "scale", answered: 3, counts: [0, 0, 0, 2, 1], mean: 4.33 });
    expect(res[1]).toMatchObject({ kind: "single", answered: 3, options: [{ id: "o1", count: 2 }, { id: "o2", count: 1 }] });
    expect(res[2]).toMatchObject({ kind: "multiple", answered: 2, options: [{ count: 1 }, { count: 2 }, { count: 0 }] });
    expect(res[3]).toMatchObject({ kind: "text", answered: 1, texts: ["多些案例"] });
    expect(res[4]).toMatchObject({ kind: "scale", answered: 1, mean: 3, target: { kind: "mentor", label: "王老师" } });
    expect(tallyResponses(questions, [])[0]).toMatchObject({ answered: 0, mean: null });
  });

  it("response rate is a whole percentage and 0 without trainees", () => {
    expect(responseRate(2, 3)).toBe(67);
    expect(responseRate(0, 0)).toBe(0);
    expect(responseRate(5, 4)).toBe(100);
  });
});

describe("briefs", () => {
  it("counts the year's briefs against the required number", () => {
    expect(briefProgress(["2026-01-05", "2026-03-01", "2025-12-30"], 4, 2026)).toEqual({ year: 2026, posted: 2, required: 4, met: false });
    expect(briefProgress(["2026-01-05"], 0, 2026).met).toBe(true);
  });

  it("keeps plain text only: paragraphs split on blank lines; NUL, too many images and blank titles refused", () => {
    expect(paragraphsOf("第一段\n续行\n\n\n第二段  \n")).toEqual(["第一段\n续行", "第二段"]);
    const ok = ZBriefInput.safeParse({ projectId, title: "第一期简报", body: "<script>alert(1)</script>", imageIds: [] });
    expect(ok.success && ok.data.body).toBe("<script>alert(1)</script>");
    expect(ZBriefInput.safeParse({ projectId, title: " ", body: "x" }).success).toBe(false);
    expect(ZBriefInput.safeParse({ projectId, title: "t", body: "x\u0000" }).success).toBe(false);
    expect(ZBriefInput.safeParse({ projectId, title: "t", body: "x", imageIds: Array.from({ length: 10 }, (_, i) => `00000000-0000-4000-8000-00000000001${i}`) }).success).toBe(false);
  });
});

describe("the 绩效评估报告", () => {
  it("is due at the end + N days and overdue after that until submitted; late submissions are marked", () => {
    expect(reportDueOn("2026-06-30", 15)).toBe("2026-07-15");
    expect(reportDueOn("2026-12-20", 15)).toBe("2027-01-04");
    const p = { endsOn: "2026-06-30", dueDays: 15 };
    expect(reportStatus({ ...p, submittedOn: null, today: "2026-06-01" })).toBe("notYet");
    expect(reportStatus({ ...p, submittedOn: null, today: "2026-06-30" })).toBe("due");
    expect(reportStatus({ ...p, submittedOn: null, today: "2026-07-15" })).toBe("due");
    expect(reportStatus({ ...p, submittedOn: null, today: "2026-07-16" })).toBe("overdue");
    expect(reportStatus({ ...p, submittedOn: "2026-07-10", today: "2026-08-01" })).toBe("submitted");
    expect(reportStatus({ ...p, submittedOn: "2026-07-20", today: "2026-08-01" })).toBe("submittedLate");
  });

  it("needs a file or a text", () => {
    expect(ZReportInput.safeParse({ projectId, body: "" }).success).toBe(false);
    expect(ZReportInput.safeParse({ projectId, fileId: "", body: "报告" }).success).toBe(true);
    expect(ZReportInput.safeParse({ projectId, fileId: "not-a-uuid" }).success).toBe(false);
  });
});
