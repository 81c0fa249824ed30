import { z } from "zod";
import { ZQuizAnswers, type TQuizQuestion } from "./courses.ts";

/**
 * The progress-event contract (DATA-MODEL.md, "the spine"): what the web puts on the `progress` queue for
 * every learning action. Each kind's payload has its own versioned schema; the event id is unique per
 * tenant, so a redelivered event is a no-op. Jobs carry ids and facts, never personal data.
 */
export const progressKinds = [
  "videoProgress",
  "quizSubmitted",
  "assignmentSubmitted",
  "assignmentGraded",
  "checkedIn",
  "discussionPosted",
  "attended",
  "documentOpened",
] as const;
export type TProgressKind = (typeof progressKinds)[number];

/** How much a heartbeat may claim: a few seconds of slack for clock and buffering, no more. */
export const heartbeatPolicy = { maxRatePerSecond: 2, slackSeconds: 5, maxRangesPerBeat: 20 } as const;

const ZSeconds = z.number().finite().min(0).max(24 * 3600);
const ZRange = z.tuple([ZSeconds, ZSeconds]).refine(([s, e]) => e > s, "range end must be after its start");

export const ZVideoProgressV1 = z.object({
  v: z.literal(1),
  ranges: z.array(ZRange).min(1).max(heartbeatPolicy.maxRangesPerBeat),
  /** Wall-clock seconds since the previous beat of this playback, measured by the page. */
  elapsedSeconds: z.number().finite().min(0).max(3600),
});
export const ZQuizSubmittedV1 = z.object({
  v: z.literal(1),
  attemptId: z.uuid(),
  answers: z.record(z.uuid(), z.array(z.string().max(64)).max(20)),
  /** The attempt's score as graded when it was submitted: the fact the quiz criterion reads. */
  scorePercent: z.number().int().min(0).max(100),
});
export const ZAssignmentSubmittedV1 = z.object({ v: z.literal(1), submissionId: z.uuid() });
export const ZAssignmentGradedV1 = z.object({ v: z.literal(1), submissionId: z.uuid(), result: z.enum(["pass", "fail"]) });
export const ZCheckedInV1 = z.object({ v: z.literal(1), sessionId: z.uuid(), late: z.boolean() });
export const ZDiscussionPostedV1 = z.object({ v: z.literal(1), postId: z.uuid() });
export const ZAttendedV1 = z.object({ v: z.literal(1), liveSessionId: z.uuid(), minutes: z.number().int().min(0).max(24 * 60) });
/** A teacher opened a document unit (its facts say `opened`); nothing more to carry. */
export const ZDocumentOpenedV1 = z.object({ v: z.literal(1) });

const base = {
  eventId: z.uuid(),
  tenantId: z.uuid(),
  enrollmentId: z.uuid(),
  unitId: z.uuid(),
  actorId: z.uuid(),
  occurredAt: z.iso.datetime(),
};

export const ZProgressEvent = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("videoProgress"), payload: ZVideoProgressV1 }),
  z.object({ ...base, kind: z.literal("quizSubmitted"), payload: ZQuizSubmittedV1 }),
  z.object({ ...base, kind: z.literal("assignmentSubmitted"), payload: ZAssignmentSubmittedV1 }),
  z.object({ ...base, kind: z.literal("assignmentGraded"), payload: ZAssignmentGradedV1 }),
  z.object({ ...base, kind: z.literal("checkedIn"), payload: ZCheckedInV1 }),
  z.object({ ...base, kind: z.literal("discussionPosted"), payload: ZDiscussionPostedV1 }),
  z.object({ ...base, kind: z.literal("attended"), payload: ZAttendedV1 }),
  z.object({ ...base, kind: z.literal("documentOpened"), payload: ZDocumentOpenedV1 }),
]);
export type TProgressEvent = z.infer<typeof ZProgressEvent>;

/**
 * A live session's attendance event, without a course or an enrolment (studio, 双师): `actorId` the person
 * who attended (a studio's participant; the lecturer or an assistant), the payload their minutes as a course
 * session's `attended` carries them.
 */
const sessionEventBase = { eventId: z.uuid(), tenantId: z.uuid(), actorId: z.uuid(), occurredAt: z.iso.datetime() };

/**
 * Attendance of a studio activity's live session (no course, no enrolment; decision 006).
 * One per (session, participant), with a deterministic event id, put on the `progress` queue when the
 * session ends; the worker appends it to the event table and credits the activity's 学时 once when the
 * minutes reach the threshold (`studioAttendanceThreshold`).
 */
export const ZStudioAttendedEvent = z.object({
  ...sessionEventBase,
  kind: z.literal("studioAttended"),
  payload: ZAttendedV1,
});
export type TStudioAttendedEvent = z.infer<typeof ZStudioAttendedEvent>;

/**
 * Attendance of a 双师 co-teaching session (issue 7; decision 010): one per (session, teacher)
 * for the lecturer and every classroom's assistant, with a deterministic event id, put on the `progress`
 * queue when the session ends. The same path as `studioAttended`; the award has source and category
 * `coTeaching` and the session's own 学时. `classroomId` names the assistant's classroom (absent for the lecturer).
 */
export const ZCoTeachingAttendedEvent = z.object({
  ...sessionEventBase,
  kind: z.literal("coTeachingAttended"),
  payload: ZAttendedV1.extend({ classroomId: z.uuid().optional() }),
});
export type TCoTeachingAttendedEvent = z.infer<typeof ZCoTeachingAttendedEvent>;

/**
 * Minutes a participant must attend for a studio activity's 学时: 80 % of the session's actual length
 * (start to end, as the host ran it), rounded up, and at least one minute.
 */
export function studioAttendanceThreshold(sessionMinutes: number): number {
  return Math.max(1, Math.ceil(Math.max(0, sessionMinutes) * 0.8));
}

/**
 * Live 学时 scale with the time a session was actually held (issue 13): the activity's (or a 双师 session's)
 * 学时 are the most it gives, for the length planned. A session held shorter gives its share —
 * 学时 × min(1, held / planned), rounded DOWN to 0.1 学时 (the ledger's precision), so nobody earns more than
 * the share held — and one held less than `minHeldMinutes` gives nothing at all (a room opened and closed by
 * mistake, a test, a dropped connection). Held longer than planned gives no more than the 学时 set.
 */
export const liveCreditPolicy = { minHeldMinutes: 10 } as const;

export function liveSessionCreditHours(s: { creditHours: number; plannedMinutes: number; heldMinutes: number }, policy = liveCreditPolicy): number {
  const tenths = Math.round(Math.max(0, s.creditHours) * 10);
  if (tenths === 0 || !(s.heldMinutes >= policy.minHeldMinutes)) return 0;
  if (!(s.plannedMinutes > 0) || s.heldMinutes >= s.plannedMinutes) return tenths / 10;
  // Whole tenths, in integers: no float rounding puts a session above its share.
  return Math.floor((tenths * Math.floor(s.heldMinutes)) / s.plannedMinutes) / 10;
}

/**
 * One person's 学时 for one live session: they earn `hours` (the session's share, above) when they attended
 * at least `threshold` minutes (80 % of the session as it was held) and the share is more than nothing.
 * The studio path, the 双师 path, the record page and the rebuild all read this one rule.
 */
export function liveSessionCredit(s: { creditHours: number; plannedMinutes: number; heldMinutes: number; attendedMinutes: number }): {
  threshold: number;
  hours: number;
  earns: boolean;
} {
  const threshold = studioAttendanceThreshold(s.heldMinutes);
  const hours = liveSessionCreditHours(s);
  return { threshold, hours, earns: hours > 0 && s.attendedMinutes >= threshold };
}

/** A session's actual length in whole minutes (down), from its start (or schedule) to its end. */
export function sessionLengthMinutes(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
}

/**
 * Total minutes attended from join/leave intervals: each clipped to [from, to] (the session's actual start
 * and end), overlaps (two tabs, a reconnect) counted once, open intervals closed at `to`. Whole minutes, down.
 */
export function attendedMinutes(intervals: readonly { joinedAt: Date; leftAt: Date | null }[], from: Date, to: Date): number {
  const spans = intervals
    .map((i) => [Math.max(i.joinedAt.getTime(), from.getTime()), Math.min((i.leftAt ?? to).getTime(), to.getTime())] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const [a, b] of spans) {
    if (cur && a <= cur[1]) cur[1] = Math.max(cur[1], b);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [a, b];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return Math.floor(total / 60_000);
}

export type THeartbeatCheck = { ok: true } | { ok: false; reason: "beyondDuration" | "inFuture" | "fasterThanRealTime" | "beforeEnrollment" };

/**
 * Whether an event's time lies before its enrolment began (beyond the same few seconds of clock slack a
 * beat may have toward the future): such an event is no progress of this enrolment — a replay of an old
 * event, a forged date — and is refused, in the web's intake (checkHeartbeat) and in the worker
 * (processProgressEvents, AppError progressBeforeEnrollment, never recorded in the event table).
 */
export function occurredBeforeEnrollment(occurredAt: Date, enrolledAt: Date): boolean {
  return occurredAt.getTime() < enrolledAt.getTime() - heartbeatPolicy.slackSeconds * 1000;
}

/**
 * Whether a video heartbeat is possible: no range past the video's end, no beat from the future or from
 * before the enrolment began, and no more new playback than the wall-clock time since the last beat
 * allows (at up to 2× speed, plus slack).
 */
export function checkHeartbeat(
  beat: z.infer<typeof ZVideoProgressV1>,
  ctx: { durationSeconds: number; occurredAt: Date; now: Date; enrolledAt: Date },
): THeartbeatCheck {
  if (ctx.occurredAt.getTime() > ctx.now.getTime() + heartbeatPolicy.slackSeconds * 1000) return { ok: false, reason: "inFuture" };
  if (occurredBeforeEnrollment(ctx.occurredAt, ctx.enrolledAt)) return { ok: false, reason: "beforeEnrollment" };
  if (beat.ranges.some(([, e]) => e > ctx.durationSeconds + heartbeatPolicy.slackSeconds)) return { ok: false, reason: "beyondDuration" };
  const claimed = beat.ranges.reduce((sum, [s, e]) => sum + (e - s), 0);
  if (claimed > beat.elapsedSeconds * heartbeatPolicy.maxRatePerSecond + heartbeatPolicy.slackSeconds) return { ok: false, reason: "fasterThanRealTime" };
  return { ok: true };
}

// ─── What a learner sends (learning area) ────────────────────────────────────────────────────────

const ZCourseId = z.uuid();

/**
 * One heartbeat from the player: the ranges actually played since the previous beat, the wall-clock
 * seconds the page measured since then, and when the page sent it. The server checks it with
 * `checkHeartbeat` after capping `elapsedSeconds` by its own clock (`cappedElapsedSeconds`).
 */
export const ZVideoBeatInput = z
  .object({
    courseId: ZCourseId,
    unitId: z.uuid(),
    ranges: ZVideoProgressV1.shape.ranges,
    elapsedSeconds: ZVideoProgressV1.shape.elapsedSeconds,
    occurredAt: z.coerce.date(),
  })
  .strict();
export type TVideoBeatInput = z.infer<typeof ZVideoBeatInput>;

/**
 * The elapsed time a beat may claim: what the page says, but never more than the server saw pass since
 * this unit's facts were last written (plus slack), so a forged `elapsedSeconds` earns nothing.
 */
export function cappedElapsedSeconds(claimed: number, serverSecondsSinceLast: number): number {
  return Math.max(0, Math.min(claimed, Math.max(0, serverSecondsSinceLast) + heartbeatPolicy.slackSeconds));
}

export const ZSelfEnrollInput = z.object({ courseId: ZCourseId }).strict();
export const ZPlayerInput = z.object({ courseId: ZCourseId, unitId: z.uuid().optional() }).strict();
/** An action on one unit of the actor's enrolment (open a document, start a quiz attempt). */
export const ZUnitActionInput = z.object({ courseId: ZCourseId, unitId: z.uuid() }).strict();
export const ZSubmitQuizInput = z.object({ courseId: ZCourseId, unitId: z.uuid(), attemptId: z.uuid(), answers: ZQuizAnswers }).strict();

/** A quiz question as a learner sees it: never the correct options. */
export type TPublicQuestion = Omit<TQuizQuestion, "correct">;

/** The questions of an attempt in the order it showed them, without answers. Unknown ids are dropped. */
export function attemptQuestions(questions: readonly TQuizQuestion[], order: readonly string[]): TPublicQuestion[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return order.flatMap((id) => {
    const q = byId.get(id);
    return q ? [{ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options.map((o) => ({ id: o.id, text: o.text })) }] : [];
  });
}

/** The unit to study next: the first one not complete, or the first of all when every one is. */
export function nextUnitToStudy<U extends { id: string; complete: boolean }>(units: readonly U[]): string | null {
  return (units.find((u) => !u.complete) ?? units[0])?.id ?? null;
}

/** A jump of more than this between two position reports of a playing video is a seek, not playback. */
export const seekThresholdSeconds = 1.5;

/**
 * What the player page measures: the ranges of a video actually played, from the positions the
 * element reports while playing (`timeupdate`). A jump larger than `seekThresholdSeconds` (or backwards)
 * starts a new range, so skipped parts are never reported. `take()` hands over what was played since
 * the last beat (at most `maxRangesPerBeat`; the rest waits for the next one).
 */
export class PlayedRangeTracker {
  private done: [number, number][] = [];
  private open: [number, number] | null = null;

  /** A position report while playing. */
  position(t: number): void {
    if (!Number.isFinite(t) || t < 0) return;
    if (!this.open) {
      this.open = [t, t];
      return;
    }
    const d = t - this.open[1];
    if (d >= 0 && d <= seekThresholdSeconds) this.open[1] = t;
    else {
      this.close();
      this.open = [t, t];
    }
  }

  /** Playback stopped or the viewer is seeking: the next report starts a new range. */
  interrupt(): void {
    this.close();
  }

  /** The played ranges not yet reported; playback that goes on continues from where it was. */
  take(): [number, number][] {
    const open = this.open;
    this.close();
    if (open) this.open = [open[1], open[1]];
    const out = this.done.splice(0, heartbeatPolicy.maxRangesPerBeat);
    return out;
  }

  private close() {
    if (this.open && this.open[1] > this.open[0]) this.done.push([this.open[0], this.open[1]]);
    this.open = null;
  }
}
