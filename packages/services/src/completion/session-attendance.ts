import { sql, type SQL } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { organiserLevelOf, type TOrganiserLevel } from "@yanxiu/domain/credits";
import { liveSessionCredit, sessionLengthMinutes, type TCoTeachingAttendedEvent, type TStudioAttendedEvent } from "@yanxiu/domain/progress";
import type { Database, Tx } from "@yanxiu/db/client";
import { creditAward, liveSession, orgUnit, progressEvent } from "@yanxiu/db/schema";
import type { Redis } from "../platform/redis.ts";
import { announceCreditAwarded } from "./after-commit.ts";
import { chinaDay, recomputeTeacherStatus } from "../credits/status.ts";

// One core for the attendance of a live session that has no enrolment (decisions 006 and 010): a studio
// activity's session and a 双师 session. Both append the event, read the teacher's minutes from the event
// table, apply the one rule (`liveSessionCredit`) and write ONE award keyed by the session; the rebuild
// checks and fixes both the same way. What differs is a `TSessionCreditPath`.

export type TSessionAttendanceEvent = TStudioAttendedEvent | TCoTeachingAttendedEvent;

export type TSessionAttendanceResult =
  | { duplicate: true }
  | { duplicate: false; teacherId: string; minutes: number; threshold: number; awardId: string | null };

/**
 * The columns every path reads: of live_session who hosted it, and its plan and times for `heldOf`; of the
 * organising unit (the `orgUnit` the path's facts join) what `sessionOrganiserLevel` needs.
 */
export const creditedSessionColumns = {
  id: liveSession.id,
  hostId: liveSession.hostId,
  scheduledMinutes: liveSession.scheduledMinutes,
  scheduledStart: liveSession.scheduledStart,
  startedAt: liveSession.startedAt,
  endedAt: liveSession.endedAt,
  orgKind: orgUnit.kind,
  orgPath: orgUnit.path,
};

/** The award's organiser level: the organising unit's kind and depth in the org tree; a 双师 session without one is provincial. */
export function sessionOrganiserLevel(s: { orgKind: string | null; orgPath: string | null }): TOrganiserLevel {
  return s.orgKind && s.orgPath ? organiserLevelOf({ kind: s.orgKind, depth: s.orgPath.split("/").filter(Boolean).length }) : "provincial";
}

type TSessionTimes = { scheduledMinutes: number; scheduledStart: Date; startedAt: Date | null; endedAt: Date | null };
/** What the core needs of a session's facts; a path's facts carry more (titles, the organiser). */
export type TCreditedSession = TSessionTimes & { id: string; hostId: string; creditHours: string };

/** A teacher's attendance of a session, as the award's evidence records it. */
export type TSessionAttendance = { minutes: number; plannedMinutes: number; heldMinutes: number; eventIds: string[] };

type TAwardFields = Pick<typeof creditAward.$inferInsert, "title" | "category" | "organiserLevel" | "role" | "evidence">;

/** What differs between the studio path and the 双师 path. */
export type TSessionCreditPath<F extends TCreditedSession, E extends TSessionAttendanceEvent> = {
  eventKind: E["kind"];
  source: "liveSession" | "coTeaching";
  /** What the notFound error calls the session. */
  noun: string;
  /** The session's facts, or null when it is unknown, foreign or not this path's. */
  facts: (tx: Tx, t: string, sessionId: string) => Promise<F | null>;
  /** The award row for a teacher the rule says earns the 学时, or null when they may not earn it here (an invited guest). */
  award: (tx: Tx, t: string, s: F, teacherId: string, attendance: TSessionAttendance) => Promise<TAwardFields | null>;
  /**
   * For the rebuild's one query over `live_session s` and the attendance `att`: the join that brings the row
   * `h` whose `credit_hours` the session gives, and whether `att.teacher_id` may earn them.
   */
  checks: (t: string) => { join: SQL; mayEarn: SQL };
};

/** A path's functions: the worker's (`process`) and the rebuild's (`awardChecks`, `fixAward`). */
export function sessionAttendance<F extends TCreditedSession, E extends TSessionAttendanceEvent>(path: TSessionCreditPath<F, E>) {
  return {
    process: (opts: { db: Database; redis?: Redis; event: E }) => processSessionAttendance(path, opts),
    awardChecks: (tx: Tx, t: string) => sessionAwardChecks(path, tx, t),
    fixAward: (tx: Tx, t: string, teacherId: string, sessionId: string) => fixSessionAward(path, tx, t, teacherId, sessionId),
  };
}

/**
 * One attendance event into the system of record: appended to `progress_event` (a redelivery is a no-op),
 * and the award the rule gives, with the teacher's totals — in one transaction; after the commit the
 * teacher's open pages hear of a new award. An unknown or foreign session is notFound (no retry).
 */
async function processSessionAttendance<F extends TCreditedSession, E extends TSessionAttendanceEvent>(
  path: TSessionCreditPath<F, E>,
  opts: { db: Database; redis?: Redis; event: E },
): Promise<TSessionAttendanceResult> {
  const { event } = opts;
  const t = event.tenantId;
  const r = await opts.db.withTenant(t, async (tx): Promise<TSessionAttendanceResult> => {
    const s = await path.facts(tx, t, event.payload.liveSessionId);
    if (!s) throw new AppError("notFound", `${path.noun} ${event.payload.liveSessionId}`);
    if (!(await appendSessionEvent(tx, event))) return { duplicate: true };
    const r = await creditSession(path, tx, t, s, event.actorId, new Date(event.occurredAt));
    return { duplicate: false, teacherId: event.actorId, ...r };
  });
  if (!r.duplicate && r.awardId) await announceCreditAwarded(opts.redis, t, r.teacherId);
  return r;
}

/**
 * Appends a session attendance event (no enrolment: `studioAttended`, `coTeachingAttended`) to the event
 * table; false when it is already there (a redelivery), and the caller then does nothing.
 */
async function appendSessionEvent(tx: Tx, event: TSessionAttendanceEvent): Promise<boolean> {
  const inserted = await tx
    .insert(progressEvent)
    .values({ tenantId: event.tenantId, eventId: event.eventId, enrollmentId: null, unitId: null, actorId: event.actorId, kind: event.kind, payload: event.payload, occurredAt: new Date(event.occurredAt) })
    .onConflictDoNothing()
    .returning({ id: progressEvent.eventId });
  return inserted.length > 0;
}

/** How long a session was planned and held (a session not ended yet: as planned). */
function heldOf(s: TSessionTimes) {
  return { plannedMinutes: s.scheduledMinutes, heldMinutes: s.endedAt ? sessionLengthMinutes(s.startedAt ?? s.scheduledStart, s.endedAt) : s.scheduledMinutes };
}

/** A live_session row's times as read by raw SQL (timestamps may come back as strings). */
function sessionTimes(r: { scheduled_minutes: number; scheduled_start: string | Date; started_at: string | Date | null; ended_at: string | Date | null }): TSessionTimes {
  const at = (v: string | Date | null) => (v == null ? null : new Date(v));
  return { scheduledMinutes: Number(r.scheduled_minutes), scheduledStart: new Date(r.scheduled_start), startedAt: at(r.started_at), endedAt: at(r.ended_at) };
}

// The event kind is written into the SQL, not bound: the event table's partial indexes are per kind.
const eventKindSql = (path: { eventKind: TSessionAttendanceEvent["kind"] }) => sql.raw(`'${path.eventKind}'`);

/**
 * The rule, from the event table: the teacher's minutes for the session (the largest figure any of their
 * events carries); when they reach 80 % of the session as it ran (a session not ended yet: as scheduled) and
 * the session's share of its 学时 is more than nothing, and the path lets them earn it, ONE award keyed by
 * the session. Used by the worker and by the rebuild's fix.
 */
async function creditSession<F extends TCreditedSession>(path: TSessionCreditPath<F, TSessionAttendanceEvent>, tx: Tx, t: string, s: F, teacherId: string, at: Date) {
  const [m] = await tx.execute<{ minutes: number | null; event_ids: string[] | null }>(sql`
    select max((payload->>'minutes')::int) as minutes, array_agg(event_id) as event_ids from progress_event
    where tenant_id = ${t} and kind = ${eventKindSql(path)} and actor_id = ${teacherId} and payload->>'liveSessionId' = ${s.id}`);
  const minutes = Number(m?.minutes ?? 0);
  const held = heldOf(s);
  const { threshold, hours, earns } = liveSessionCredit({ ...held, creditHours: Number(s.creditHours), attendedMinutes: minutes });
  const fields = earns ? await path.award(tx, t, s, teacherId, { minutes, ...held, eventIds: m?.event_ids ?? [] }) : null;
  if (!fields) return { minutes, threshold, awardId: null };
  const countsFor = chinaDay(s.startedAt ?? at);
  const [award] = await tx
    .insert(creditAward)
    .values({ tenantId: t, teacherId, source: path.source, sourceRef: s.id, hours: hours.toFixed(1), countsFor, ...fields })
    .onConflictDoNothing({ target: [creditAward.tenantId, creditAward.teacherId, creditAward.source, creditAward.sourceRef] })
    .returning({ id: creditAward.id });
  if (award)
    await recomputeTeacherStatus(tx, { tenantId: t, teacherId, today: countsFor, landed: [{ teacherId, hours: hours.toFixed(1), category: fields.category, countsFor }] });
  return { minutes, threshold, awardId: award?.id ?? null };
}

/**
 * For the rebuild: every (teacher, session) of the path with attendance events, whether the rule (the
 * worker's) says it earns an award, and how many the ledger holds for it.
 */
async function sessionAwardChecks<F extends TCreditedSession>(path: TSessionCreditPath<F, TSessionAttendanceEvent>, tx: Tx, t: string) {
  const { join, mayEarn } = path.checks(t);
  const rows = await tx.execute<{
    teacher_id: string;
    session_id: string;
    minutes: number;
    scheduled_minutes: number;
    scheduled_start: string;
    started_at: string | null;
    ended_at: string | null;
    credit_hours: string;
    may_earn: boolean;
    awards: number;
  }>(sql`
    with att as (
      select actor_id as teacher_id, (payload->>'liveSessionId')::uuid as session_id, max((payload->>'minutes')::int) as minutes
      from progress_event where tenant_id = ${t} and kind = ${eventKindSql(path)}
      group by 1, 2
    )
    select att.teacher_id, att.session_id, att.minutes, s.scheduled_minutes, s.scheduled_start, s.started_at, s.ended_at, h.credit_hours,
           ${mayEarn} as may_earn,
           (select count(*)::int from credit_award aw where aw.tenant_id = ${t} and aw.teacher_id = att.teacher_id
              and aw.source = ${path.source} and aw.source_ref = att.session_id::text) as awards
    from att
    join live_session s on s.tenant_id = ${t} and s.id = att.session_id
    ${join}
    order by 1, 2`);
  return rows.map((r) => ({
    teacher_id: r.teacher_id,
    session_id: r.session_id,
    awards: r.awards,
    earns: r.may_earn && liveSessionCredit({ ...heldOf(sessionTimes(r)), creditHours: Number(r.credit_hours), attendedMinutes: Number(r.minutes) }).earns,
  }));
}

/** Fixes one missing award found by the rebuild (the same rule as the worker). */
async function fixSessionAward<F extends TCreditedSession>(path: TSessionCreditPath<F, TSessionAttendanceEvent>, tx: Tx, t: string, teacherId: string, sessionId: string) {
  const s = await path.facts(tx, t, sessionId);
  if (s) await creditSession(path, tx, t, s, teacherId, new Date());
}
