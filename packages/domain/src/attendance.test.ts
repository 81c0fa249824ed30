import { describe, expect, it } from "vitest";
import { attendedMinutes, sessionLengthMinutes, studioAttendanceThreshold, ZStudioAttendedEvent } from "./progress.ts";

const at = (min: number) => new Date(Date.UTC(2026, 10, 23, 2, 0) + min * 60_000);
const span = (a: number, b: number | null) => ({ joinedAt: at(a), leftAt: b == null ? null : at(b) });

describe("attended minutes", () => {
  it("adds separate intervals and counts overlaps (two tabs, a reconnect) once", () => {
    expect(attendedMinutes([span(0, 10), span(20, 30)], at(0), at(60))).toBe(20);
    expect(attendedMinutes([span(0, 30), span(10, 20), span(25, 40)], at(0), at(60))).toBe(40);
  });
  it("clips to the session's start and end and closes an open interval at the end", () => {
    expect(attendedMinutes([span(-15, 10)], at(0), at(60))).toBe(10);
    expect(attendedMinutes([span(50, null)], at(0), at(60))).toBe(10);
    expect(attendedMinutes([span(70, 80)], at(0), at(60))).toBe(0);
  });
  it("rounds down to whole minutes and is zero without intervals", () => {
    expect(attendedMinutes([{ joinedAt: at(0), leftAt: new Date(at(0).getTime() + 119_000) }], at(0), at(60))).toBe(1);
    expect(attendedMinutes([], at(0), at(60))).toBe(0);
  });
});

describe("studio attendance", () => {
  it("needs 80 % of the session's actual minutes, rounded up, at least one", () => {
    expect(studioAttendanceThreshold(90)).toBe(72);
    expect(studioAttendanceThreshold(45)).toBe(36);
    expect(studioAttendanceThreshold(2)).toBe(2);
    expect(studioAttendanceThreshold(0)).toBe(1);
    expect(sessionLengthMinutes(at(0), at(59.99))).toBe(59);
    expect(sessionLengthMinutes(at(10), at(0))).toBe(0);
  });
  it("an event names a session and whole minutes within a day", () => {
    const ok = { eventId: crypto.randomUUID(), tenantId: crypto.randomUUID(), actorId: crypto.randomUUID(), occurredAt: new Date().toISOString(), kind: "studioAttended", payload: { v: 1, liveSessionId: crypto.randomUUID(), minutes: 45 } };
    expect(ZStudioAttendedEvent.safeParse(ok).success).toBe(true);
    expect(ZStudioAttendedEvent.safeParse({ ...ok, payload: { ...ok.payload, minutes: 2000 } }).success).toBe(false);
    expect(ZStudioAttendedEvent.safeParse({ ...ok, payload: { ...ok.payload, minutes: 1.5 } }).success).toBe(false);
  });
});
