import { and, eq, sql } from "drizzle-orm";
import { coTeachingCredits } from "@yanxiu/domain/coteaching";
import { organiserLevelOf } from "@yanxiu/domain/credits";
import { AppError } from "@yanxiu/domain/errors";
import type { TCoTeachingAttendedEvent } from "@yanxiu/domain/progress";
import type { Database, Tx } from "@yanxiu/db/client";
import type { Redis } from "../platform/redis.ts";
import { announceCreditAwarded } from "./after-commit.ts";
import { chinaDay, recomputeTeacherStatus } from "../credits/status.ts";
import { creditAward, liveClassroom, liveCoTeaching, liveSession, orgUnit } from "@yanxiu/db/schema";
import { appendSessionEvent, heldOf, sessionTimes } from "./live-attendance.ts";

export type TCoTeachingAttendanceResult =
  | { duplicate: true }
  | { duplicate: false; teacherId: string; minutes: number; threshold: number; awardId: string | null };

/**
 * One co-teaching attendance event into the system of record (decision 010), the studio path's twin:
 * appended to `progress_event` (a redelivery is a no-op), and when the lecturer's or assistant's minutes
 * reach 80 % of the session as it ran and the session carries 学时, ONE `credit_award` (source and
 * category coTeaching, keyed by the session; the lecturer as lead, an assistant as assistant) with the
 * teacher's totals — in one transaction. An unknown or foreign session is notFound (no retry).
 */
export async function processCoTeachingAttendance(opts: { db: Database; redis?: Redis; event: TCoTeachingAttendedEvent }): Promise<TCoTeachingAttendanceResult> {
  const { event } = opts;
  const t = event.tenantId;
  const r = await opts.db.withTenant(t, async (tx): Promise<TCoTeachingAttendanceResult> => {
    const s = await coTeachingSessionFacts(tx, t, event.payload.liveSessionId);
    if (!s) throw new AppError("notFound", `co-teaching session ${event.payload.liveSessionId}`);
    if (!(await appendSessionEvent(tx, event))) return { duplicate: true };
    const r = await creditCoTeachingSession(tx, t, s, event.actorId, new Date(event.occurredAt));
    return { duplicate: false, teacherId: event.actorId, ...r };
  });
  // After the commit: the teacher's open pages show the new 学时.
  if (!r.duplicate && r.awardId) await announceCreditAwarded(opts.redis, t, r.teacherId);
  return r;
}

type TCoTeachingSessionFacts = NonNullable<Awaited<ReturnType<typeof coTeachingSessionFacts>>>;

async function coTeachingSessionFacts(tx: Tx, t: string, sessionId: string) {
  const [s] = await tx
    .select({
      id: liveSession.id,
      title: liveSession.title,
      hostId: liveSession.hostId,
      scheduledMinutes: liveSession.scheduledMinutes,
      scheduledStart: liveSession.scheduledStart,
      startedAt: liveSession.startedAt,
      endedAt: liveSession.endedAt,
      creditHours: liveCoTeaching.creditHours,
      orgKind: orgUnit.kind,
      orgPath: orgUnit.path,
    })
    .from(liveSession)
    .innerJoin(liveCoTeaching, and(eq(liveCoTeaching.tenantId, liveSession.tenantId), eq(liveCoTeaching.sessionId, liveSession.id)))
    .leftJoin(orgUnit, and(eq(orgUnit.tenantId, liveCoTeaching.tenantId), eq(orgUnit.id, liveCoTeaching.organiserUnitId)))
    .where(and(eq(liveSession.tenantId, t), eq(liveSession.id, sessionId), eq(liveSession.kind, "coTeaching")))
    .limit(1);
  return s ?? null;
}

/**
 * The rule, from the event table: the teacher's minutes for the session (the largest figure any of their
 * events carries); the lecturer and the session's assistants only; when `coTeachingCredits` says they earn
 * it, ONE award. Used by the worker and by the rebuild's fix.
 */
export async function creditCoTeachingSession(tx: Tx, t: string, s: TCoTeachingSessionFacts, teacherId: string, at: Date) {
  const [m] = await tx.execute<{ minutes: number | null; event_ids: string[] | null }>(sql`
    select max((payload->>'minutes')::int) as minutes, array_agg(event_id) as event_ids from progress_event
    where tenant_id = ${t} and kind = 'coTeachingAttended' and actor_id = ${teacherId} and payload->>'liveSessionId' = ${s.id}`);
  const minutes = Number(m?.minutes ?? 0);
  const { plannedMinutes, heldMinutes: lengthMinutes } = heldOf(s);
  const lecturer = teacherId === s.hostId;
  const [c] = lecturer
    ? [{ id: null as string | null }]
    : await tx
        .select({ id: liveClassroom.id })
        .from(liveClassroom)
        .where(and(eq(liveClassroom.tenantId, t), eq(liveClassroom.sessionId, s.id), eq(liveClassroom.assistantId, teacherId)))
        .limit(1);
  const [rule] = coTeachingCredits({ lengthMinutes, plannedMinutes, creditHours: Number(s.creditHours) }, [{ userId: teacherId, role: lecturer ? "lecturer" : "assistant", minutes }]);
  // Someone who is neither the lecturer nor an assistant of the session (an invited guest) earns nothing here.
  if (!c || !rule!.earns) return { minutes, threshold: rule!.threshold, awardId: null };
  const countsFor = chinaDay(s.startedAt ?? at);
  const [award] = await tx
    .insert(creditAward)
    .values({
      tenantId: t,
      teacherId,
      source: "coTeaching",
      sourceRef: s.id,
      title: `双师课堂·${s.title}`,
      hours: rule!.hours.toFixed(1),
      category: "coTeaching",
      organiserLevel: s.orgKind && s.orgPath ? organiserLevelOf({ kind: s.orgKind, depth: s.orgPath.split("/").filter(Boolean).length }) : "provincial",
      role: lecturer ? "lead" : "assistant",
      countsFor,
      evidence: [{ kind: "coTeachingAttendance", liveSessionId: s.id, classroomId: c.id, minutes, plannedMinutes, heldMinutes: lengthMinutes, eventIds: m?.event_ids ?? [] }],
    })
    .onConflictDoNothing({ target: [creditAward.tenantId, creditAward.teacherId, creditAward.source, creditAward.sourceRef] })
    .returning({ id: creditAward.id });
  if (award) await recomputeTeacherStatus(tx, { tenantId: t, teacherId, today: countsFor });
  return { minutes, threshold: rule!.threshold, awardId: award?.id ?? null };
}

/**
 * For the rebuild: every (teacher, co-teaching session) with attendance events, whether the rule
 * (`coTeachingCredits`, the worker's) says it earns an award, and how many the ledger holds.
 */
export async function coTeachingAwardChecks(tx: Tx, t: string) {
  const rows = await tx.execute<{
    teacher_id: string;
    session_id: string;
    minutes: number;
    scheduled_minutes: number;
    scheduled_start: string;
    started_at: string | null;
    ended_at: string | null;
    credit_hours: string;
    in_session: boolean;
    awards: number;
  }>(sql`
    with att as (
      select actor_id as teacher_id, (payload->>'liveSessionId')::uuid as session_id, max((payload->>'minutes')::int) as minutes
      from progress_event where tenant_id = ${t} and kind = 'coTeachingAttended'
      group by 1, 2
    )
    select att.teacher_id, att.session_id, att.minutes, s.scheduled_minutes, s.scheduled_start, s.started_at, s.ended_at, ct.credit_hours,
           (att.teacher_id = s.host_id or exists (select 1 from live_classroom c
              where c.tenant_id = ${t} and c.session_id = s.id and c.assistant_id = att.teacher_id)) as in_session,
           (select count(*)::int from credit_award a where a.tenant_id = ${t} and a.teacher_id = att.teacher_id
              and a.source = 'coTeaching' and a.source_ref = att.session_id::text) as awards
    from att
    join live_session s on s.tenant_id = ${t} and s.id = att.session_id
    join live_coteaching ct on ct.tenant_id = ${t} and ct.session_id = s.id
    order by 1, 2`);
  return rows.map((r) => {
    const { plannedMinutes, heldMinutes } = heldOf(sessionTimes(r));
    const [rule] = coTeachingCredits({ lengthMinutes: heldMinutes, plannedMinutes, creditHours: Number(r.credit_hours) }, [{ userId: r.teacher_id, role: "assistant", minutes: Number(r.minutes) }]);
    return { teacher_id: r.teacher_id, session_id: r.session_id, awards: r.awards, earns: r.in_session && rule!.earns };
  });
}

/** Fixes one missing co-teaching award found by the rebuild (the same rule as the worker). */
export async function fixCoTeachingAward(tx: Tx, t: string, teacherId: string, sessionId: string) {
  const s = await coTeachingSessionFacts(tx, t, sessionId);
  if (s) await creditCoTeachingSession(tx, t, s, teacherId, new Date());
}
