import { describe, expect, it } from "vitest";
import { checkHeartbeat, occurredBeforeEnrollment, ZProgressEvent } from "./progress.ts";

const id = "00000000-0000-4000-8000-000000000001";
const now = new Date("2026-11-22T08:00:00Z");

describe("progress events", () => {
  it("each kind has its own versioned payload", () => {
    const base = { eventId: id, tenantId: id, enrollmentId: id, unitId: id, actorId: id, occurredAt: now.toISOString() };
    expect(ZProgressEvent.safeParse({ ...base, kind: "videoProgress", payload: { v: 1, ranges: [[0, 5]], elapsedSeconds: 5 } }).success).toBe(true);
    expect(ZProgressEvent.safeParse({ ...base, kind: "videoProgress", payload: { v: 2, ranges: [[0, 5]], elapsedSeconds: 5 } }).success).toBe(false);
    expect(ZProgressEvent.safeParse({ ...base, kind: "checkedIn", payload: { v: 1, sessionId: id, late: false } }).success).toBe(true);
    expect(ZProgressEvent.safeParse({ ...base, kind: "checkedIn", payload: { v: 1, ranges: [] } }).success).toBe(false);
    expect(ZProgressEvent.safeParse({ ...base, kind: "videoProgress", payload: { v: 1, ranges: [[5, 2]], elapsedSeconds: 5 } }).success).toBe(false);
  });

  it("refuses heartbeats beyond the duration, from the future, or faster than real time", () => {
    const ctx = { durationSeconds: 60, occurredAt: now, now, enrolledAt: new Date(now.getTime() - 3_600_000) };
    expect(checkHeartbeat({ v: 1, ranges: [[10, 20]], elapsedSeconds: 10 }, ctx)).toEqual({ ok: true });
    expect(checkHeartbeat({ v: 1, ranges: [[50, 90]], elapsedSeconds: 40 }, ctx)).toEqual({ ok: false, reason: "beyondDuration" });
    expect(checkHeartbeat({ v: 1, ranges: [[0, 10]], elapsedSeconds: 10 }, { ...ctx, occurredAt: new Date(now.getTime() + 60_000) })).toEqual({ ok: false, reason: "inFuture" });
    expect(checkHeartbeat({ v: 1, ranges: [[0, 60]], elapsedSeconds: 5 }, ctx)).toEqual({ ok: false, reason: "fasterThanRealTime" });
    // 2× playback speed is allowed.
    expect(checkHeartbeat({ v: 1, ranges: [[0, 20]], elapsedSeconds: 10 }, ctx)).toEqual({ ok: true });
  });

  it("a beat dated before its enrolment began is refused; a few seconds of clock slack are not", () => {
    const enrolledAt = new Date(now.getTime() - 60_000);
    const ctx = { durationSeconds: 100, now, enrolledAt };
    const beat = { v: 1 as const, ranges: [[0, 10]] as [number, number][], elapsedSeconds: 10 };
    expect(checkHeartbeat(beat, { ...ctx, occurredAt: new Date("2021-03-01T08:00:00Z") })).toEqual({ ok: false, reason: "beforeEnrollment" });
    expect(checkHeartbeat(beat, { ...ctx, occurredAt: new Date(enrolledAt.getTime() - 5_001) })).toEqual({ ok: false, reason: "beforeEnrollment" });
    expect(checkHeartbeat(beat, { ...ctx, occurredAt: new Date(enrolledAt.getTime() - 5_000) })).toEqual({ ok: true });
    // The same rule for every event the worker takes in.
    expect(occurredBeforeEnrollment(new Date(enrolledAt.getTime() - 5_001), enrolledAt)).toBe(true);
    expect(occurredBeforeEnrollment(new Date(enrolledAt.getTime() - 5_000), enrolledAt)).toBe(false);
    expect(occurredBeforeEnrollment(enrolledAt, enrolledAt)).toBe(false);
  });
});
