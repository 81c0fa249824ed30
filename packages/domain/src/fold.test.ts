import { describe, expect, it } from "vitest";
import { isUnitComplete } from "./completion.ts";
import { emptyFacts, foldUnitFacts, mergeUnitFacts, sameFacts, type TFoldEvent } from "./fold.ts";

const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 8, 0, s)).toISOString();
const beat = (ranges: [number, number][], s = 0, eventId = `v${s}`): TFoldEvent => ({ kind: "videoProgress", payload: { v: 1, ranges, elapsedSeconds: 30 }, occurredAt: at(s), eventId });
const graded = (result: "pass" | "fail", s: number, eventId = `g${s}`): TFoldEvent => ({
  kind: "assignmentGraded",
  payload: { v: 1, submissionId: "00000000-0000-4000-8000-00000000000a", result },
  occurredAt: at(s),
  eventId,
});
const quiz = (scorePercent: number, s = 0): TFoldEvent => ({
  kind: "quizSubmitted",
  payload: { v: 1, attemptId: "00000000-0000-4000-8000-00000000000b", answers: {}, scorePercent },
  occurredAt: at(s),
});
const post = (postId: string): TFoldEvent => ({ kind: "discussionPosted", payload: { v: 1, postId }, occurredAt: at(0) });
const attended = (liveSessionId: string, minutes: number): TFoldEvent => ({ kind: "attended", payload: { v: 1, liveSessionId, minutes }, occurredAt: at(0) });

const permutations = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));

describe("folding progress events into unit facts", () => {
  it("gives the same facts whatever order the events arrive in", () => {
    const events = [beat([[0, 30]], 1), beat([[60, 100]], 3), beat([[25, 61]], 2), quiz(40, 4), quiz(80, 5), graded("fail", 6), graded("pass", 7)];
    const expected = foldUnitFacts(events, { durationSeconds: 100 });
    expect(expected).toMatchObject({ playedRanges: [[0, 100]], bestScorePercent: 80, graded: "pass" });
    for (const p of permutations(events.slice(0, 5))) expect(foldUnitFacts([...p, ...events.slice(5)], { durationSeconds: 100 })).toEqual(expected);
    expect(foldUnitFacts([...events].reverse(), { durationSeconds: 100 })).toEqual(expected);
  });

  it("counts a duplicated event once", () => {
    const once = [beat([[0, 40]]), post("p1"), attended("s1", 30), quiz(70)];
    expect(foldUnitFacts([...once, ...once], { durationSeconds: 100 })).toEqual(foldUnitFacts(once, { durationSeconds: 100 }));
    expect(foldUnitFacts([...once, ...once], { durationSeconds: 100 })).toMatchObject({ posts: 1, attendedMinutes: 30, bestScorePercent: 70 });
  });

  it("counts overlapping and replayed ranges once, and nothing past the video's end", () => {
    const f = foldUnitFacts([beat([[0, 50]]), beat([[10, 40]]), beat([[45, 80], [90, 150]])], { durationSeconds: 100 });
    expect(f.playedRanges).toEqual([[0, 80], [90, 100]]);
    expect(isUnitComplete({ kind: "video", minWatchedPercent: 90 }, { ...f, durationSeconds: 100 })).toBe(true);
    expect(isUnitComplete({ kind: "video", minWatchedPercent: 95 }, { ...f, durationSeconds: 100 })).toBe(false);
  });

  it("a pass wins over any later fail; without a pass the latest grade counts, by when it happened", () => {
    expect(foldUnitFacts([graded("pass", 1), graded("fail", 9)], {}).graded).toBe("pass");
    expect(foldUnitFacts([graded("fail", 9), graded("fail", 1)], {}).graded).toBe("fail");
    expect(foldUnitFacts([], {}).graded).toBeNull();
  });

  it("counts distinct posts, and attendance as the longest report per live session summed", () => {
    const f = foldUnitFacts([post("a"), post("b"), post("a"), attended("s1", 20), attended("s1", 45), attended("s2", 10)], {});
    expect(f.posts).toBe(2);
    expect(f.attendedMinutes).toBe(55);
  });

  it("records check-in and opening; a submission alone is no fact", () => {
    const f = foldUnitFacts(
      [
        { kind: "checkedIn", payload: { v: 1, sessionId: "00000000-0000-4000-8000-00000000000c", late: true }, occurredAt: at(0) },
        { kind: "documentOpened", payload: { v: 1 }, occurredAt: at(0) },
        { kind: "assignmentSubmitted", payload: { v: 1, submissionId: "00000000-0000-4000-8000-00000000000d" }, occurredAt: at(0) },
      ],
      {},
    );
    expect(f).toEqual({ ...emptyFacts(), checkedIn: true, opened: true });
  });
});

describe("merging the web's facts with the worker's", () => {
  it("never loses what either side recorded", () => {
    const web = { ...emptyFacts(), playedRanges: [[0, 20]] as [number, number][], bestScorePercent: 90, checkedIn: true, posts: 3 };
    const worker = { ...emptyFacts(), playedRanges: [[15, 50]] as [number, number][], bestScorePercent: 60, graded: "fail" as const, opened: true, posts: 2 };
    expect(mergeUnitFacts(web, worker, { durationSeconds: 100 })).toEqual({
      playedRanges: [[0, 50]],
      opened: true,
      bestScorePercent: 90,
      graded: "fail",
      attendedMinutes: 0,
      checkedIn: true,
      posts: 3,
    });
    expect(mergeUnitFacts({ ...web, graded: "pass" }, worker, {}).graded).toBe("pass");
  });

  it("compares facts with their ranges merged", () => {
    const a = { ...emptyFacts(), playedRanges: [[0, 10], [10, 20]] as [number, number][] };
    const b = { ...emptyFacts(), playedRanges: [[0, 20]] as [number, number][] };
    expect(sameFacts(a, b, { durationSeconds: 100 })).toBe(true);
    expect(sameFacts(a, { ...b, posts: 1 }, { durationSeconds: 100 })).toBe(false);
  });
});
