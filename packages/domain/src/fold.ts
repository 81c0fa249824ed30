import { mergeRanges, type TRange } from "./completion.ts";
import type { TProgressEvent } from "./progress.ts";

/**
 * Folding progress events into unit facts (the completion worker and the rebuild command share it).
 * The fold is order-free and ignores repeats: every rule is a union, a maximum, an OR or a count of
 * distinct things, so events that arrive late, out of order or twice give the same facts.
 */

/** The facts as unit_progress stores them (every field present). */
export type TStoredFacts = {
  playedRanges: [number, number][];
  opened: boolean;
  bestScorePercent: number | null;
  graded: "pass" | "fail" | null;
  attendedMinutes: number;
  checkedIn: boolean;
  posts: number;
};

/** One event as the fold needs it (a row of progress_event, or a parsed job payload). */
export type TFoldEvent = TProgressEvent extends infer E
  ? E extends TProgressEvent
    ? Pick<E, "kind" | "payload"> & { occurredAt: string | Date; eventId?: string }
    : never
  : never;

export const emptyFacts = (): TStoredFacts => ({
  playedRanges: [],
  opened: false,
  bestScorePercent: null,
  graded: null,
  attendedMinutes: 0,
  checkedIn: false,
  posts: 0,
});

const time = (d: string | Date) => (typeof d === "string" ? Date.parse(d) : d.getTime());
const clipTo = (duration: number | undefined) => (duration != null && duration > 0 ? duration : Number.POSITIVE_INFINITY);

/**
 * All events of one (enrolment, unit) to facts: played ranges merged within the video's duration, the
 * best quiz score, an assignment's grade (a pass wins, else the latest), check-in, the number of distinct
 * posts, the document opened, and live attendance (per live session its longest report, summed).
 */
export function foldUnitFacts(events: readonly TFoldEvent[], unit: { durationSeconds?: number }): TStoredFacts {
  const facts = emptyFacts();
  const ranges: TRange[] = [];
  const posts = new Set<string>();
  const attendance = new Map<string, number>();
  let latestGrade: { at: number; id: string; result: "pass" | "fail" } | null = null;
  for (const e of events) {
    switch (e.kind) {
      case "videoProgress":
        for (const r of e.payload.ranges) ranges.push([r[0], r[1]]);
        break;
      case "quizSubmitted":
        facts.bestScorePercent = Math.max(facts.bestScorePercent ?? 0, e.payload.scorePercent);
        break;
      case "assignmentGraded": {
        const g = { at: time(e.occurredAt), id: e.eventId ?? "", result: e.payload.result };
        // Ties on the clock are broken by event id, so the order of arrival never matters.
        if (!latestGrade || g.at > latestGrade.at || (g.at === latestGrade.at && g.id > latestGrade.id)) latestGrade = g;
        if (g.result === "pass") facts.graded = "pass";
        break;
      }
      case "checkedIn":
        facts.checkedIn = true;
        break;
      case "discussionPosted":
        posts.add(e.payload.postId);
        break;
      case "documentOpened":
        facts.opened = true;
        break;
      case "attended":
        attendance.set(e.payload.liveSessionId, Math.max(attendance.get(e.payload.liveSessionId) ?? 0, e.payload.minutes));
        break;
      case "assignmentSubmitted":
        // A submission is evidence but no fact: only its grade counts.
        break;
    }
  }
  facts.playedRanges = mergeRanges(ranges, clipTo(unit.durationSeconds));
  if (facts.graded !== "pass" && latestGrade) facts.graded = latestGrade.result;
  facts.posts = posts.size;
  facts.attendedMinutes = [...attendance.values()].reduce((s, m) => s + m, 0);
  return facts;
}

/**
 * Two views of the same unit's facts (the web writes them at once, the worker from the events) merged
 * so that neither loses anything: ranges united, the better score, a pass wins, check-in and opening
 * ORed, the larger counts. `b` is the newer view for a grade neither side passed.
 */
export function mergeUnitFacts(a: TStoredFacts, b: TStoredFacts, unit: { durationSeconds?: number }): TStoredFacts {
  const best = a.bestScorePercent == null ? b.bestScorePercent : b.bestScorePercent == null ? a.bestScorePercent : Math.max(a.bestScorePercent, b.bestScorePercent);
  return {
    playedRanges: mergeRanges([...a.playedRanges, ...b.playedRanges], clipTo(unit.durationSeconds)),
    opened: a.opened || b.opened,
    bestScorePercent: best,
    graded: a.graded === "pass" || b.graded === "pass" ? "pass" : (b.graded ?? a.graded),
    attendedMinutes: Math.max(a.attendedMinutes, b.attendedMinutes),
    checkedIn: a.checkedIn || b.checkedIn,
    posts: Math.max(a.posts, b.posts),
  };
}

/** Whether two sets of facts say the same (ranges compared after merging). */
export function sameFacts(a: TStoredFacts, b: TStoredFacts, unit: { durationSeconds?: number }): boolean {
  // Only the fact fields, in a fixed order (rows carry more, such as their unit id).
  const norm = (f: TStoredFacts) =>
    JSON.stringify([mergeRanges(f.playedRanges, clipTo(unit.durationSeconds)), f.opened, f.bestScorePercent, f.graded, f.attendedMinutes, f.checkedIn, f.posts]);
  return norm(a) === norm(b);
}
