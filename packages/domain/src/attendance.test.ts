import { describe, expect, it } from "vitest";
import { attendedMinutes, liveCreditPolicy, liveSessionCredit, liveSessionCreditHours, sessionLengthMinutes, studioAttendanceThreshold, ZStudioAttendedEvent } from "./progress.ts";

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

describe("live 学时 scale with the time the session was held", () => {
  const hours = (creditHours: number, plannedMinutes: number, heldMinutes: number) => liveSessionCreditHours({ creditHours, plannedMinutes, heldMinutes });
  it("a session held as planned (or longer) earns the activity's 学时, never more", () => {
    expect(hours(2, 90, 90)).toBe(2);
    expect(hours(2, 90, 180)).toBe(2);
    expect(hours(1.5, 45, 45)).toBe(1.5);
  });
  it("a session held shorter earns its share, rounded down to 0.1 学时", () => {
    expect(hours(2, 90, 45)).toBe(1);
    expect(hours(2, 60, 30)).toBe(1);
    expect(hours(1.5, 45, 40)).toBe(1.3);
    expect(hours(2, 90, 89)).toBe(1.9);
    expect(hours(0.5, 240, 40)).toBe(0);
  });
  it(`a session held less than ${liveCreditPolicy.minHeldMinutes} minutes earns nothing, whatever was planned`, () => {
    expect(liveCreditPolicy.minHeldMinutes).toBe(10);
    expect(hours(2, 90, 1)).toBe(0);
    expect(hours(2, 5, 9)).toBe(0);
    expect(hours(2, 10, 10)).toBe(2);
    expect(hours(2, 90, 0)).toBe(0);
  });
  it("an activity without 学时 earns nothing", () => {
    expect(hours(0, 90, 90)).toBe(0);
  });
  it("a participant earns the session's share when they stayed 80 % of it as it was held", () => {
    // A 1-minute session of a 90-minute plan: even the host who was there all along earns nothing.
    expect(liveSessionCredit({ creditHours: 2, plannedMinutes: 90, heldMinutes: 1, attendedMinutes: 1 })).toEqual({ threshold: 1, hours: 0, earns: false });
    // Half the plan held: half the 学时 to whoever stayed 80 % of what was held.
    expect(liveSessionCredit({ creditHours: 2, plannedMinutes: 90, heldMinutes: 45, attendedMinutes: 36 })).toEqual({ threshold: 36, hours: 1, earns: true });
    expect(liveSessionCredit({ creditHours: 2, plannedMinutes: 90, heldMinutes: 45, attendedMinutes: 35 })).toEqual({ threshold: 36, hours: 1, earns: false });
  });
});
