import { createHash } from "node:crypto";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { organiserLevelOf } from "@yanxiu/domain/credits";
import { AppError } from "@yanxiu/domain/errors";
import { coTeachingAttendanceJob, progressEventJob, studioAttendanceJob } from "@yanxiu/domain/jobs";
import {
  attendedMinutes,
  liveSessionCredit,
  sessionLengthMinutes,
  type TCoTeachingAttendedEvent,
  type TProgressEvent,
  type TStudioAttendedEvent,
} from "@yanxiu/domain/progress";
import type { Database, Tx } from "@yanxiu/db/client";
import type { Redis } from "../platform/redis.ts";
import { announceCreditAwarded } from "./after-commit.ts";
import { chinaDay, recomputeTeacherStatus } from "../credits/status.ts";
import type { Producer } from "../platform/queue.ts";
import { creditAward, enrollment, liveAttendance, liveClassroom, liveSession, orgUnit, progressEvent, studio, studioActivity } from "@yanxiu/db/schema";

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

export type TStudioAttendanceResult =
  | { duplicate: true }
  | { duplicate: false; teacherId: string; minutes: number; threshold: number; awardId: string | null };

/**
 * One studio attendance event into the system of record: appended to `progress_event` (a redelivery is a
 * no-op), and when the participant's minutes reach 80 % of the session's actual length and the activity carries
 * 学时, ONE `credit_award` (source liveSession, keyed by the session; category studio; the host as lead)
 * with the teacher's totals — in one transaction. An unknown or foreign session is notFound (no retry).
 */
export async function processStudioAttendance(opts: { db: Database; redis?: Redis; event: TStudioAttendedEvent }): Promise<TStudioAttendanceResult> {
  const { event } = opts;
  const t = event.tenantId;
  const r = await opts.db.withTenant(t, async (tx): Promise<TStudioAttendanceResult> => {
    const s = await studioSessionFacts(tx, t, event.payload.liveSessionId);
    if (!s) throw new AppError("notFound", `studio session ${event.payload.liveSessionId}`);
    if (!(await appendSessionEvent(tx, event))) return { duplicate: true };
    const r = await creditStudioSession(tx, t, s, event.actorId, new Date(event.occurredAt));
    return { duplicate: false, teacherId: event.actorId, ...r };
  });
  // After the commit: the teacher's open pages show the new 学时.
  if (!r.duplicate && r.awardId) await announceCreditAwarded(opts.redis, t, r.teacherId);
  return r;
}

/**
 * Appends a session attendance event (no enrolment: `studioAttended`, `coTeachingAttended`) to the event
 * table; false when it is already there (a redelivery), and the caller then does nothing.
 */
export async function appendSessionEvent(tx: Tx, event: TStudioAttendedEvent | TCoTeachingAttendedEvent): Promise<boolean> {
  const inserted = await tx
    .insert(progressEvent)
    .values({ tenantId: event.tenantId, eventId: event.eventId, enrollmentId: null, unitId: null, actorId: event.actorId, kind: event.kind, payload: event.payload, occurredAt: new Date(event.occurredAt) })
    .onConflictDoNothing()
    .returning({ id: progressEvent.eventId });
  return inserted.length > 0;
}

type TStudioSessionFacts = NonNullable<Awaited<ReturnType<typeof studioSessionFacts>>>;

async function studioSessionFacts(tx: Tx, t: string, sessionId: string) {
  const [s] = await tx
    .select({
      id: liveSession.id,
      hostId: liveSession.hostId,
      scheduledMinutes: liveSession.scheduledMinutes,
      scheduledStart: liveSession.scheduledStart,
      startedAt: liveSession.startedAt,
      endedAt: liveSession.endedAt,
      activityTitle: studioActivity.title,
      creditHours: studioActivity.creditHours,
      studioName: studio.name,
      orgKind: orgUnit.kind,
      orgPath: orgUnit.path,
    })
    .from(liveSession)
    .innerJoin(studioActivity, and(eq(studioActivity.tenantId, liveSession.tenantId), eq(studioActivity.id, liveSession.activityId)))
    .innerJoin(studio, and(eq(studio.tenantId, studioActivity.tenantId), eq(studio.id, studioActivity.studioId)))
    .innerJoin(orgUnit, and(eq(orgUnit.tenantId, studio.tenantId), eq(orgUnit.id, studio.orgUnitId)))
    .where(and(eq(liveSession.tenantId, t), eq(liveSession.id, sessionId)))
    .limit(1);
  return s ?? null;
}

/** How long a session was planned and held (a session not ended yet: as planned). */
export function heldOf(s: { scheduledMinutes: number; scheduledStart: Date; startedAt: Date | null; endedAt: Date | null }) {
  return { plannedMinutes: s.scheduledMinutes, heldMinutes: s.endedAt ? sessionLengthMinutes(s.startedAt ?? s.scheduledStart, s.endedAt) : s.scheduledMinutes };
}

/**
 * The rule, from the event table: the participant's minutes for the session (the largest figure any of
 * their events carries), and when they reach the threshold and the activity carries 学时, ONE award
 * (source liveSession, keyed by the session; category studio; the host as lead) with the teacher's totals.
 * Used by the worker and by the rebuild's fix.
 */
export async function creditStudioSession(tx: Tx, t: string, s: TStudioSessionFacts, teacherId: string, at: Date) {
  const [m] = await tx.execute<{ minutes: number | null; event_ids: string[] | null }>(sql`
    select max((payload->>'minutes')::int) as minutes, array_agg(event_id) as event_ids from progress_event
    where tenant_id = ${t} and kind = 'studioAttended' and actor_id = ${teacherId} and payload->>'liveSessionId' = ${s.id}`);
  const minutes = Number(m?.minutes ?? 0);
  // 80 % of the session as it ran (a session not ended yet: as scheduled); the 学时 its share of the plan.
  const { threshold, hours, earns } = liveSessionCredit({ ...heldOf(s), creditHours: Number(s.creditHours), attendedMinutes: minutes });
  if (!earns) return { minutes, threshold, awardId: null };
  const countsFor = chinaDay(s.startedAt ?? at);
  const [award] = await tx
    .insert(creditAward)
    .values({
      tenantId: t,
      teacherId,
      source: "liveSession",
      sourceRef: s.id,
      title: `${s.studioName}·${s.activityTitle}`,
      hours: hours.toFixed(1),
      category: "studio",
      organiserLevel: organiserLevelOf({ kind: s.orgKind, depth: s.orgPath.split("/").filter(Boolean).length }),
      role: teacherId === s.hostId ? "lead" : "participant",
      countsFor,
      evidence: [{ kind: "liveAttendance", liveSessionId: s.id, minutes, ...heldOf(s), eventIds: m?.event_ids ?? [] }],
    })
    .onConflictDoNothing({ target: [creditAward.tenantId, creditAward.teacherId, creditAward.source, creditAward.sourceRef] })
    .returning({ id: creditAward.id });
  if (award) await recomputeTeacherStatus(tx, { tenantId: t, teacherId, today: countsFor });
  return { minutes, threshold, awardId: award?.id ?? null };
}

/**
 * For the rebuild: every (participant, studio session) with attendance events, whether the rule
 * (`liveSessionCredit`, the worker's) says it earns an award, and how many the ledger holds for it.
 */
export async function studioAwardChecks(tx: Tx, t: string) {
  const rows = await tx.execute<{
    teacher_id: string;
    session_id: string;
    minutes: number;
    scheduled_minutes: number;
    scheduled_start: string;
    started_at: string | null;
    ended_at: string | null;
    credit_hours: string;
    awards: number;
  }>(sql`
    with att as (
      select actor_id as teacher_id, (payload->>'liveSessionId')::uuid as session_id, max((payload->>'minutes')::int) as minutes
      from progress_event where tenant_id = ${t} and kind = 'studioAttended'
      group by 1, 2
    )
    select att.teacher_id, att.session_id, att.minutes, s.scheduled_minutes, s.scheduled_start, s.started_at, s.ended_at, a.credit_hours,
           (select count(*)::int from credit_award c where c.tenant_id = ${t} and c.teacher_id = att.teacher_id
              and c.source = 'liveSession' and c.source_ref = att.session_id::text) as awards
    from att
    join live_session s on s.tenant_id = ${t} and s.id = att.session_id
    join studio_activity a on a.tenant_id = ${t} and a.id = s.activity_id
    order by 1, 2`);
  return rows.map((r) => ({
    teacher_id: r.teacher_id,
    session_id: r.session_id,
    awards: r.awards,
    earns: liveSessionCredit({ ...heldOf(sessionTimes(r)), creditHours: Number(r.credit_hours), attendedMinutes: Number(r.minutes) }).earns,
  }));
}

/** A live_session row's times as read by raw SQL (timestamps may come back as strings). */
export function sessionTimes(r: { scheduled_minutes: number; scheduled_start: string | Date; started_at: string | Date | null; ended_at: string | Date | null }) {
  const at = (v: string | Date | null) => (v == null ? null : new Date(v));
  return { scheduledMinutes: Number(r.scheduled_minutes), scheduledStart: new Date(r.scheduled_start), startedAt: at(r.started_at), endedAt: at(r.ended_at) };
}

/** Fixes one missing studio award found by the rebuild (the same rule as the worker). */
export async function fixStudioAward(tx: Tx, t: string, teacherId: string, sessionId: string) {
  const s = await studioSessionFacts(tx, t, sessionId);
  if (s) await creditStudioSession(tx, t, s, teacherId, new Date());
}
