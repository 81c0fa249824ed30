import { describe, expect, it } from "vitest";
import { courseProgressPercent, isCourseComplete, isUnitComplete, mergeRanges, watchedPercent, ZCriterion } from "./completion.ts";

describe("video completion", () => {
  const video = { kind: "video", minWatchedPercent: 90 } as const;

  it("counts overlapping and repeated ranges once", () => {
    expect(mergeRanges([[0, 10], [5, 15], [5, 15], [30, 40], [14, 20]], 100)).toEqual([[0, 20], [30, 40]]);
    expect(watchedPercent([[0, 50], [0, 50], [10, 40]], 100)).toBe(50);
  });

  it("seeking ahead to the end earns nothing for what was skipped", () => {
    // Watched the first 10 s, jumped to 95 s and watched to the end: 15 % watched.
    expect(watchedPercent([[0, 10], [95, 100]], 100)).toBe(15);
    expect(isUnitComplete(video, { playedRanges: [[0, 10], [95, 100]], durationSeconds: 100 })).toBe(false);
  });

  it("completes once enough distinct seconds were actually played, in any order", () => {
    expect(isUnitComplete(video, { playedRanges: [[50, 100], [0, 40]], durationSeconds: 100 })).toBe(true);
    expect(isUnitComplete(video, { playedRanges: [[50, 100], [0, 39]], durationSeconds: 100 })).toBe(false);
  });

  it("ranges beyond the end, reversed or empty count for nothing; an unknown duration completes nothing", () => {
    expect(watchedPercent([[90, 500]], 100)).toBe(10);
    expect(watchedPercent([[50, 40], [30, 30], [-10, 0]], 100)).toBe(0);
    expect(isUnitComplete(video, { playedRanges: [[0, 100]], durationSeconds: 0 })).toBe(false);
    expect(isUnitComplete(video, { playedRanges: [[0, 100]] })).toBe(false);
  });
});

describe("other criteria", () => {
  it("quiz: best score at or above the pass mark", () => {
    const quiz = { kind: "quiz", passPercent: 60 } as const;
    expect(isUnitComplete(quiz, { bestScorePercent: 60 })).toBe(true);
    expect(isUnitComplete(quiz, { bestScorePercent: 59.9 })).toBe(false);
    expect(isUnitComplete(quiz, { bestScorePercent: null })).toBe(false);
  });
  it("assignment: graded pass; a fail or no grade is not complete", () => {
    expect(isUnitComplete({ kind: "assignment" }, { graded: "pass" })).toBe(true);
    expect(isUnitComplete({ kind: "assignment" }, { graded: "fail" })).toBe(false);
    expect(isUnitComplete({ kind: "assignment" }, {})).toBe(false);
  });
  it("live session: at least N minutes attended", () => {
    expect(isUnitComplete({ kind: "liveSession", minMinutes: 30 }, { attendedMinutes: 30 })).toBe(true);
    expect(isUnitComplete({ kind: "liveSession", minMinutes: 30 }, { attendedMinutes: 29 })).toBe(false);
  });
  it("offline session: checked in; document: opened; discussion: at least N posts", () => {
    expect(isUnitComplete({ kind: "offlineSession" }, { checkedIn: true })).toBe(true);
    expect(isUnitComplete({ kind: "offlineSession" }, {})).toBe(false);
    expect(isUnitComplete({ kind: "document" }, { opened: true })).toBe(true);
    expect(isUnitComplete({ kind: "discussion", minPosts: 2 }, { posts: 1 })).toBe(false);
    expect(isUnitComplete({ kind: "discussion", minPosts: 2 }, { posts: 2 })).toBe(true);
  });
  it("criteria are data, validated", () => {
    expect(ZCriterion.safeParse({ kind: "video", minWatchedPercent: 0 }).success).toBe(false);
    expect(ZCriterion.safeParse({ kind: "quiz", passPercent: 80 }).success).toBe(true);
    expect(ZCriterion.safeParse({ kind: "teleport" }).success).toBe(false);
  });
});

describe("course completion", () => {
  it("needs every required unit; optional units never hold it back", () => {
    expect(isCourseComplete([{ required: true, complete: true }, { required: false, complete: false }])).toBe(true);
    expect(isCourseComplete([{ required: true, complete: true }, { required: true, complete: false }])).toBe(false);
    expect(isCourseComplete([{ required: false, complete: true }])).toBe(false);
    expect(courseProgressPercent([{ required: true, complete: true }, { required: true, complete: false }, { required: true, complete: false }])).toBe(33);
  });
});
