import { createHash } from "node:crypto";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { coTeachingAttendanceJob, progressEventJob, studioAttendanceJob } from "@yanxiu/domain/jobs";
import { attendedMinutes, type TCoTeachingAttendedEvent, type TProgressEvent, type TStudioAttendedEvent } from "@yanxiu/domain/progress";
import type { Database, Tx } from "@yanxiu/db/client";
import type { Producer } from "../platform/queue.ts";
import { enrollment, liveAttendance, liveClassroom, liveSession, orgUnit, studio, studioActivity } from "@yanxiu/db/schema";
import {
  creditedSessionColumns,
  sessionAttendance,
  sessionOrganiserLevel,
  type TSessionAttendanceResult,
  type TSessionCreditPath,
} from "./session-attendance.ts";
import { tenantEq } from "../common/tenant-join.ts";

/** A UUID (version 5 layout) derived from its parts: the same attendance always gets the same event id. */
export function deterministicUuid(...parts: string[]): string {
  const h = createHash("sha1").update(parts.join("\u0000")).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export type TLiveAttendanceEvents = { courseEvents: TProgressEvent[]; studioEvents: TStudioAttendedEvent[]; coTeachingEvents: TCoTeachingAttendedEvent[] };

/**
 * The progress events an ended session owes (decision 006): per participant, the minutes of their
 * join/leave intervals clipped to the session's actual start and end. A course unit's session gives an
 * `attended` event to each participant enrolled in the course (not withdrawn); a studio activity's gives a
 * `studioAttended` event to each participant; a co-teaching session gives a `coTeachingAttended` event to
 * its lecturer and to every classroom's assistant, present or not (decision 010). Ids are deterministic, so
 * computing them again is harmless.
 * A session that has not ended owes nothing yet.
 */
export async function liveAttendanceEvents(tx: Tx, tenantId: string, sessionId: string): Promise<TLiveAttendanceEvents> {
  const [s] = await tx.select().from(liveSession).where(and(eq(liveSession.tenantId, tenantId), eq(liveSession.id, sessionId))).limit(1);
  if (!s) throw new AppError("notFound", `live session ${sessionId}`);
  const none: TLiveAttendanceEvents = { courseEvents: [], studioEvents: [], coTeachingEvents: [] };
  if (s.status !== "ended" || !s.endedAt) return none;
  const from = s.startedAt ?? s.scheduledStart;
  const to = s.endedAt;
  const rows = await tx
    .select({ userId: liveAttendance.userId, joinedAt: liveAttendance.joinedAt, leftAt: liveAttendance.leftAt })
    .from(liveAttendance)
    .where(and(eq(liveAttendance.tenantId, tenantId), eq(liveAttendance.sessionId, sessionId)));
  const byUser = new Map<string, { joinedAt: Date; leftAt: Date | null }[]>();
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  const minutes = new Map([...byUser].map(([u, spans]) => [u, attendedMinutes(spans, from, to)]));
  const occurredAt = to.toISOString();

  if (s.courseId && s.unitId) {
    const enrolled = minutes.size
      ? await tx
          .select({ id: enrollment.id, teacherId: enrollment.teacherId })
          .from(enrollment)
          .where(and(eq(enrollment.tenantId, tenantId), eq(enrollment.courseId, s.courseId), ne(enrollment.status, "withdrawn"), inArray(enrollment.teacherId, [...minutes.keys()])))
      : [];
    return {
      studioEvents: [],
      coTeachingEvents: [],
      courseEvents: enrolled.map((e) => ({
        eventId: deterministicUuid("attended", tenantId, sessionId, e.teacherId),
        tenantId,
        enrollmentId: e.id,
        unitId: s.unitId!,
        actorId: e.teacherId,
        occurredAt,
        kind: "attended" as const,
        payload: { v: 1 as const, liveSessionId: sessionId, minutes: Math.min(minutes.get(e.teacherId) ?? 0, 24 * 60) },
      })),
    };
  }
  if (s.kind === "coTeaching") {
    const classrooms = await tx
      .select({ id: liveClassroom.id, assistantId: liveClassroom.assistantId })
      .from(liveClassroom)
      .where(and(eq(liveClassroom.tenantId, tenantId), eq(liveClassroom.sessionId, sessionId)))
      .orderBy(liveClassroom.position);
    const people = [{ userId: s.hostId, classroomId: undefined as string | undefined }, ...classrooms.map((c) => ({ userId: c.assistantId, classroomId: c.id }))];
    return {
      courseEvents: [],
      studioEvents: [],
      coTeachingEvents: people.map(({ userId, classroomId }) => ({
        eventId: deterministicUuid("coTeachingAttended", tenantId, sessionId, userId),
        tenantId,
        actorId: userId,
        occurredAt,
        kind: "coTeachingAttended" as const,
        payload: { v: 1 as const, liveSessionId: sessionId, minutes: Math.min(minutes.get(userId) ?? 0, 24 * 60), ...(classroomId ? { classroomId } : {}) },
      })),
    };
  }
  if (s.activityId) {
    return {
      courseEvents: [],
      coTeachingEvents: [],
      studioEvents: [...minutes].map(([userId, m]) => ({
        eventId: deterministicUuid("studioAttended", tenantId, sessionId, userId),
        tenantId,
        actorId: userId,
        occurredAt,
        kind: "studioAttended" as const,
        payload: { v: 1 as const, liveSessionId: sessionId, minutes: Math.min(m, 24 * 60) },
      })),
    };
  }
  return none;
}

/**
 * Puts an ended session's attendance on the `progress` queue (job id = event id, so twice is once) and
 * records when. Safe to call again: after a crash between the end and the enqueue, or from a sweep.
 */
export async function enqueueLiveAttendance(opts: { db: Database; producer: Producer; tenantId: string; sessionId: string }): Promise<{ events: number }> {
  const { db, tenantId, sessionId } = opts;
  const ev = await db.withTenant(tenantId, (tx) => liveAttendanceEvents(tx, tenantId, sessionId));
  // Under the event's own id: enqueueing again (a retry, the sweep) adds nothing.
  const opt = (eventId: string) => ({ jobId: eventId, attempts: 8, backoff: { type: "exponential" as const, delay: 1000 } });
  for (const e of ev.courseEvents) await opts.producer.add(progressEventJob, e, opt(e.eventId));
  for (const e of ev.studioEvents) await opts.producer.add(studioAttendanceJob, e, opt(e.eventId));
  for (const e of ev.coTeachingEvents) await opts.producer.add(coTeachingAttendanceJob, e, opt(e.eventId));
  await db.withTenant(tenantId, (tx) =>
    tx
      .update(liveSession)
      .set({ attendanceQueuedAt: sql`now()` })
      .where(and(eq(liveSession.tenantId, tenantId), eq(liveSession.id, sessionId), eq(liveSession.status, "ended"), isNull(liveSession.attendanceQueuedAt))),
  );
  return { events: ev.courseEvents.length + ev.studioEvents.length + ev.coTeachingEvents.length };
}

export type TStudioAttendanceResult = TSessionAttendanceResult;

/**
 * The studio path (decision 006): a studio activity's session; when the participant's minutes reach 80 % of
 * the session's actual length and the activity carries 学时, ONE `credit_award` (source liveSession, keyed by
 * the session; category studio; the host as lead, everyone else a participant).
 */
const studioCreditPath: TSessionCreditPath<TStudioSessionFacts, TStudioAttendedEvent> = {
  eventKind: "studioAttended",
  source: "liveSession",
  noun: "studio session",
  facts: studioSessionFacts,
  award: async (_tx, _t, s, teacherId, attendance) => ({
    title: `${s.studioName}·${s.activityTitle}`,
    category: "studio",
    organiserLevel: sessionOrganiserLevel(s),
    role: teacherId === s.hostId ? "lead" : "participant",
    evidence: [{ kind: "liveAttendance", liveSessionId: s.id, ...attendance }],
  }),
  checks: (t) => ({ join: sql`join studio_activity h on h.tenant_id = ${t} and h.id = s.activity_id`, mayEarn: sql`true` }),
};

/**
 * One studio attendance event into the system of record: appended to `progress_event` (a redelivery is a
 * no-op), and the award the studio path gives, with the teacher's totals — in one transaction. An unknown
 * or foreign session is notFound (no retry). `studioAttendance.awardChecks` and `.fixAward` are the rebuild's.
 */
export const studioAttendance = sessionAttendance(studioCreditPath);
export const processStudioAttendance = studioAttendance.process;

type TStudioSessionFacts = NonNullable<Awaited<ReturnType<typeof studioSessionFacts>>>;

async function studioSessionFacts(tx: Tx, t: string, sessionId: string) {
  const [s] = await tx
    .select({ ...creditedSessionColumns, activityTitle: studioActivity.title, creditHours: studioActivity.creditHours, studioName: studio.name })
    .from(liveSession)
    .innerJoin(studioActivity, tenantEq(studioActivity.id, liveSession.activityId))
    .innerJoin(studio, tenantEq(studio.id, studioActivity.studioId))
    .innerJoin(orgUnit, tenantEq(orgUnit.id, studio.orgUnitId))
    .where(and(eq(liveSession.tenantId, t), eq(liveSession.id, sessionId)))
    .limit(1);
  return s ?? null;
}
