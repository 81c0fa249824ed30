import { z } from "zod";

/**
 * Completion rules: pure functions from the facts recorded about a unit to "complete or not". The web
 * shows unit state with them; the completion worker (issue 5) decides credit with the same functions.
 */

export const unitKinds = ["video", "document", "quiz", "assignment", "liveSession", "offlineSession", "discussion"] as const;
export type TUnitKind = (typeof unitKinds)[number];

/** Each kind's completion criterion, stored with the unit as data. */
export const ZCriterion = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("video"), minWatchedPercent: z.number().min(1).max(100) }),
  z.object({ kind: z.literal("document") }),
  z.object({ kind: z.literal("quiz"), passPercent: z.number().min(0).max(100) }),
  z.object({ kind: z.literal("assignment") }),
  z.object({ kind: z.literal("liveSession"), minMinutes: z.number().int().min(1).max(24 * 60) }),
  z.object({ kind: z.literal("offlineSession") }),
  z.object({ kind: z.literal("discussion"), minPosts: z.number().int().min(1).max(100) }),
]);
export type TCriterion = z.infer<typeof ZCriterion>;

/** A played range of a video in seconds, [start, end). */
export type TRange = readonly [number, number];

/**
 * Merges played ranges into disjoint sorted ones. Overlaps count once, so replaying a part earns nothing
 * more, and seeking ahead earns nothing for what was skipped (only ranges actually played are reported).
 */
export function mergeRanges(ranges: readonly TRange[], duration: number): [number, number][] {
  const clipped = ranges
    .map(([s, e]) => [Math.max(0, Math.min(s, duration)), Math.max(0, Math.min(e, duration))] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of clipped) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function watchedSeconds(ranges: readonly TRange[], duration: number): number {
  return mergeRanges(ranges, duration).reduce((sum, [s, e]) => sum + (e - s), 0);
}

export function watchedPercent(ranges: readonly TRange[], duration: number): number {
  if (!(duration > 0)) return 0;
  return (watchedSeconds(ranges, duration) / duration) * 100;
}

/** What has been recorded about one unit for one enrolment: the union of what every kind needs. */
export type TUnitFacts = {
  playedRanges?: readonly TRange[];
  durationSeconds?: number;
  opened?: boolean;
  bestScorePercent?: number | null;
  graded?: "pass" | "fail" | null;
  attendedMinutes?: number;
  checkedIn?: boolean;
  posts?: number;
};

export function isUnitComplete(criterion: TCriterion, facts: TUnitFacts): boolean {
  switch (criterion.kind) {
    case "video":
      return (facts.durationSeconds ?? 0) > 0 && watchedPercent(facts.playedRanges ?? [], facts.durationSeconds!) >= criterion.minWatchedPercent;
    case "document":
      return facts.opened === true;
    case "quiz":
      return facts.bestScorePercent != null && facts.bestScorePercent >= criterion.passPercent;
    case "assignment":
      return facts.graded === "pass";
    case "liveSession":
      return (facts.attendedMinutes ?? 0) >= criterion.minMinutes;
    case "offlineSession":
      return facts.checkedIn === true;
    case "discussion":
      return (facts.posts ?? 0) >= criterion.minPosts;
  }
}

/** A course is complete when every required unit is; optional units never hold it back. */
export function isCourseComplete(units: readonly { required: boolean; complete: boolean }[]): boolean {
  const required = units.filter((u) => u.required);
  return required.length > 0 && required.every((u) => u.complete);
}

/** Course progress for the bar on 我的课程: the share of required units complete. */
export function courseProgressPercent(units: readonly { required: boolean; complete: boolean }[]): number {
  const required = units.filter((u) => u.required);
  if (required.length === 0) return 0;
  return Math.round((required.filter((u) => u.complete).length / required.length) * 100);
}
