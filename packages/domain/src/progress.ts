import { z } from "zod";

/**
 * The progress-event contract (DATA-MODEL.md, "the spine"): what the web puts on the `progress` queue for
 * every learning action. Each kind's payload has its own versioned schema; the event id is unique per
 * tenant, so a redelivered event is a no-op. Jobs carry ids and facts, never personal data.
 */
export const progressKinds = ["videoProgress", "quizSubmitted", "assignmentSubmitted", "assignmentGraded", "checkedIn", "discussionPosted", "attended"] as const;
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
});
export const ZAssignmentSubmittedV1 = z.object({ v: z.literal(1), submissionId: z.uuid() });
export const ZAssignmentGradedV1 = z.object({ v: z.literal(1), submissionId: z.uuid(), result: z.enum(["pass", "fail"]) });
export const ZCheckedInV1 = z.object({ v: z.literal(1), sessionId: z.uuid(), late: z.boolean() });
export const ZDiscussionPostedV1 = z.object({ v: z.literal(1), postId: z.uuid() });
export const ZAttendedV1 = z.object({ v: z.literal(1), liveSessionId: z.uuid(), minutes: z.number().int().min(0).max(24 * 60) });

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
]);
export type TProgressEvent = z.infer<typeof ZProgressEvent>;

export type THeartbeatCheck = { ok: true } | { ok: false; reason: "beyondDuration" | "inFuture" | "fasterThanRealTime" };

/**
 * Whether a video heartbeat is possible: no range past the video's end, no beat from the future, and no
 * more new playback than the wall-clock time since the last beat allows (at up to 2× speed, plus slack).
 */
export function checkHeartbeat(
  beat: z.infer<typeof ZVideoProgressV1>,
  ctx: { durationSeconds: number; occurredAt: Date; now: Date },
): THeartbeatCheck {
  if (ctx.occurredAt.getTime() > ctx.now.getTime() + heartbeatPolicy.slackSeconds * 1000) return { ok: false, reason: "inFuture" };
  if (beat.ranges.some(([, e]) => e > ctx.durationSeconds + heartbeatPolicy.slackSeconds)) return { ok: false, reason: "beyondDuration" };
  const claimed = beat.ranges.reduce((sum, [s, e]) => sum + (e - s), 0);
  if (claimed > beat.elapsedSeconds * heartbeatPolicy.maxRatePerSecond + heartbeatPolicy.slackSeconds) return { ok: false, reason: "fasterThanRealTime" };
  return { ok: true };
}
