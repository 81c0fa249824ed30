import { describe, expect, it } from "vitest";
import type { TQuizQuestion } from "./courses.ts";
import { attemptQuestions, cappedElapsedSeconds, nextUnitToStudy, PlayedRangeTracker, ZProgressEvent, ZSubmitQuizInput, ZVideoBeatInput } from "./progress.ts";

const id = "00000000-0000-4000-8000-000000000001";
const id2 = "00000000-0000-4000-8000-000000000002";

describe("what a learner sends", () => {
  it("a documentOpened event is part of the contract with a v1 payload", () => {
    const base = { eventId: id, tenantId: id, enrollmentId: id, unitId: id, actorId: id, occurredAt: new Date().toISOString() };
    expect(ZProgressEvent.safeParse({ ...base, kind: "documentOpened", payload: { v: 1 } }).success).toBe(true);
    expect(ZProgressEvent.safeParse({ ...base, kind: "documentOpened", payload: { v: 2 } }).success).toBe(false);
  });

  it("a video beat needs played ranges that end after they start, and a real time", () => {
    const beat = { courseId: id, unitId: id2, ranges: [[0, 5]], elapsedSeconds: 5, occurredAt: "2026-11-22T08:00:00.000Z" };
    const ok = ZVideoBeatInput.safeParse(beat);
    expect(ok.success && ok.data.occurredAt.toISOString()).toBe("2026-11-22T08:00:00.000Z");
    expect(ZVideoBeatInput.safeParse({ ...beat, ranges: [[5, 2]] }).success).toBe(false);
    expect(ZVideoBeatInput.safeParse({ ...beat, ranges: [] }).success).toBe(false);
    expect(ZVideoBeatInput.safeParse({ ...beat, elapsedSeconds: -1 }).success).toBe(false);
    expect(ZVideoBeatInput.safeParse({ ...beat, occurredAt: "soon" }).success).toBe(false);
    expect(ZVideoBeatInput.safeParse({ ...beat, extra: 1 }).success).toBe(false);
  });

  it("the elapsed time a beat may claim is capped by the server's clock plus slack", () => {
    expect(cappedElapsedSeconds(5, 5.2)).toBe(5);
    expect(cappedElapsedSeconds(600, 3)).toBe(8);
    expect(cappedElapsedSeconds(600, -10)).toBe(5);
  });

  it("quiz answers must be keyed by question ids", () => {
    expect(ZSubmitQuizInput.safeParse({ courseId: id, unitId: id, attemptId: id, answers: { [id2]: ["a"] } }).success).toBe(true);
    expect(ZSubmitQuizInput.safeParse({ courseId: id, unitId: id, attemptId: id, answers: { q1: ["a"] } }).success).toBe(false);
  });
});

describe("quiz questions as the learner sees them", () => {
  const questions: TQuizQuestion[] = [
    { id, kind: "single", prompt: "一", options: [{ id: "a", text: "甲" }, { id: "b", text: "乙" }], correct: ["b"] },
    { id: id2, kind: "trueFalse", prompt: "二", options: [{ id: "t", text: "对" }, { id: "f", text: "错" }], correct: ["t"] },
  ];
  it("come in the attempt's order and never carry the correct options", () => {
    const shown = attemptQuestions(questions, [id2, id]);
    expect(shown.map((q) => q.id)).toEqual([id2, id]);
    expect(JSON.stringify(shown)).not.toContain("correct");
  });
  it("drop ids the quiz does not have", () => {
    expect(attemptQuestions(questions, ["nope", id]).map((q) => q.id)).toEqual([id]);
  });
});

describe("the next unit to study", () => {
  it("is the first incomplete one, or the first when all are done", () => {
    expect(nextUnitToStudy([{ id: "a", complete: true }, { id: "b", complete: false }, { id: "c", complete: false }])).toBe("b");
    expect(nextUnitToStudy([{ id: "a", complete: true }, { id: "b", complete: true }])).toBe("a");
    expect(nextUnitToStudy([])).toBeNull();
  });
});

describe("the page's played-range tracker", () => {
  it("reports continuous playback as one range and carries on from there", () => {
    const tr = new PlayedRangeTracker();
    for (const t of [0, 0.25, 0.5, 1, 1.5, 2.4, 3]) tr.position(t);
    expect(tr.take()).toEqual([[0, 3]]);
    tr.position(3.3);
    tr.position(4);
    expect(tr.take()).toEqual([[3, 4]]);
    expect(tr.take()).toEqual([]);
  });

  it("a jump of more than 1.5 s (or backwards) is a seek: the skipped part is not reported", () => {
    const tr = new PlayedRangeTracker();
    for (const t of [0, 1, 2, 30, 31, 32, 10, 11]) tr.position(t);
    expect(tr.take()).toEqual([[0, 2], [30, 32], [10, 11]]);
  });

  it("an interruption (pause, seeking) ends the range; a lone position is not playback", () => {
    const tr = new PlayedRangeTracker();
    tr.position(5);
    tr.position(6);
    tr.interrupt();
    tr.position(6.5);
    tr.interrupt();
    tr.position(40);
    tr.position(41);
    expect(tr.take()).toEqual([[5, 6], [40, 41]]);
    tr.position(Number.NaN);
    expect(tr.take()).toEqual([]);
  });

  it("hands over at most the ranges one beat may carry", () => {
    const tr = new PlayedRangeTracker();
    for (let i = 0; i < 25; i++) {
      tr.position(i * 10);
      tr.position(i * 10 + 1);
    }
    expect(tr.take()).toHaveLength(20);
    expect(tr.take()).toHaveLength(5);
  });
});
