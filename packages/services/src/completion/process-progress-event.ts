import { sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { isCourseComplete, isUnitComplete } from "@yanxiu/domain/completion";
import { foldUnitFacts, mergeUnitFacts, sameFacts, type TFoldEvent, type TStoredFacts } from "@yanxiu/domain/fold";
import { heartbeatPolicy, type TProgressEvent } from "@yanxiu/domain/progress";
import type { Database, Tx } from "@yanxiu/db/client";
import { completeEnrollments, type TEnrollmentToComplete } from "./complete-enrollment.ts";
import { versionUnits, type TCompletionUnit, type TVersionUnits } from "./version-units.ts";

export type TProcessResult =
  | { duplicate: true }
  | {
      duplicate: false;
      /** The teacher whose enrolment it is (the event's actor may be a trainer grading). */
      teacherId: string;
      unitComplete: boolean;
      /** The enrolment became complete with this event (and was not before). */
      courseCompleted: boolean;
      awardId: string | null;
      /** A new pending certificate: the caller enqueues its job after the commit. */
      certificateId: string | null;
    };

type TEnrollmentLock = { id: string; teacher_id: string; course_id: string; version_id: string; status: "active" | "completed" | "withdrawn"; enrolled_at: string };

export type TProgressRow = TStoredFacts & { unitId: string; completedAt: Date | string | null };

/** A unit_progress row (as json_agg or a select gives it) to facts. */
export function progressRow(r: Record<string, unknown>): TProgressRow {
  return {
    unitId: r.unit_id as string,
    playedRanges: (r.played_ranges as [number, number][] | null) ?? [],
    opened: r.opened === true,
    bestScorePercent: (r.best_score_percent as number | null) ?? null,
    graded: (r.graded as "pass" | "fail" | null) ?? null,
    attendedMinutes: Number(r.attended_minutes ?? 0),
    checkedIn: r.checked_in === true,
    posts: Number(r.posts ?? 0),
    completedAt: (r.completed_at as string | null) ?? null,
  };
}

/** Raw sql params take timestamps as ISO text (drizzle leaves Date serialisation to its column types). */
const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

export const unitIsComplete = (unit: TCompletionUnit, facts: TStoredFacts) => isUnitComplete(unit.criterion, { ...facts, durationSeconds: unit.durationSeconds });

/**
 * One progress event into the system of record, in ONE transaction of the event's tenant:
 * lock the enrolment, append the event (a redelivery finds it there and does nothing), fold every event
 * of the (enrolment, unit) into facts merged with what the web already wrote, and when the last required
 * unit completes, complete the enrolment with its one award, the teacher's totals and a pending
 * certificate. Events late or out of order give the same result; the enrolment's row lock and the
 * ledger's unique key make a second credit impossible, whatever runs side by side.
 * Unknown enrolment, or another tenant's: AppError notFound, nothing recorded. An event dated before
 * its enrolment began (a replay of an old event, a forged date; `occurredBeforeEnrollment`): AppError
 * progressBeforeEnrollment (no retry), nothing recorded.
 */
export async function processProgressEvent(opts: { db: Database; event: TProgressEvent }): Promise<TProcessResult> {
  const [r] = await processProgressEvents({ db: opts.db, tenantId: opts.event.tenantId, events: [opts.event] });
  if (r instanceof Error) throw r;
  return r!;
}

/**
 * The same for several events of one tenant in one transaction (the worker batches the jobs it is
 * running at once): a handful of statements per batch instead of per event. Each event gets its own
 * outcome — a result, or an AppError notFound for an enrolment that is not there, or
 * progressBeforeEnrollment for an event dated before its enrolment began. Enrolments are locked
 * in id order and teachers' totals recomputed in teacher order, so batches running side by side (in
 * this process or another) wait for each other but never deadlock. A failure of the transaction itself
 * rejects the whole call; the caller may then retry the events one by one.
 */
export async function processProgressEvents(opts: { db: Database; tenantId: string; events: readonly TProgressEvent[] }): Promise<(TProcessResult | AppError)[]> {
  if (opts.events.some((e) => e.tenantId !== opts.tenantId)) throw new Error("processProgressEvents: events of one tenant only");
  if (opts.events.length === 0) return [];
  return opts.db.withTenant(opts.tenantId, (tx) => processInTx(tx, opts.tenantId, opts.events));
}

type TReadEvent = { kind: string; payload: unknown; occurred_at: string; event_id: string; enrollment_id: string; unit_id: string };

async function processInTx(tx: Tx, t: string, events: readonly TProgressEvent[]): Promise<(TProcessResult | AppError)[]> {
  // The locks and the appends in one round trip; an enrolment that is not there (unknown, or another
  // tenant's under RLS) gives no row and its events insert nothing. Neither does an event dated before
  // its enrolment began: occurredBeforeEnrollment (packages/domain) in SQL, with the same slack, so the
  // event table never holds it.
  const rows = events.map((e) => ({
    event_id: e.eventId,
    enrollment_id: e.enrollmentId,
    unit_id: e.unitId,
    actor_id: e.actorId,
    kind: e.kind,
    payload: e.payload,
    occurred_at: e.occurredAt,
  }));
  const [head] = await tx.execute<{ enrollments: TEnrollmentLock[] | null; inserted: string[] | null; early: string[] | null }>(sql`
    with x as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(event_id uuid, enrollment_id uuid, unit_id uuid, actor_id uuid, kind text, payload jsonb, occurred_at timestamptz)
    ), e as (
      select id, teacher_id, course_id, version_id, status, enrolled_at from enrollment
      where tenant_id = ${t} and id = any(${uuidArray(events.map((e) => e.enrollmentId))})
      order by id for update
    ), xe as (
      select x.*, x.occurred_at < e.enrolled_at - make_interval(secs => ${heartbeatPolicy.slackSeconds}) as early
      from x join e on e.id = x.enrollment_id
    ), ins as (
      insert into progress_event (tenant_id, event_id, enrollment_id, unit_id, actor_id, kind, payload, occurred_at)
      select distinct on (xe.event_id) ${t}::uuid, xe.event_id, xe.enrollment_id, xe.unit_id, xe.actor_id, xe.kind, xe.payload, xe.occurred_at
      from xe where not xe.early
      on conflict do nothing
      returning event_id
    )
    select (select json_agg(e) from e) as enrollments, (select json_agg(event_id) from ins) as inserted,
           (select json_agg(xe.event_id) from xe where xe.early) as early`);
  const enrollments = new Map((head?.enrollments ?? []).map((e) => [e.id, e]));
  const inserted = new Set(head?.inserted ?? []);
  const early = new Set(head?.early ?? []);

  const results: (TProcessResult | AppError)[] = [];
  // The first occurrence of an inserted event id does the work; repeats in the batch are duplicates.
  const fresh: TProgressEvent[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    if (!enrollments.has(e.enrollmentId)) results.push(new AppError("notFound", `enrollment ${e.enrollmentId}`));
    else if (early.has(e.eventId)) results.push(new AppError("progressBeforeEnrollment", `event ${e.eventId} of ${e.occurredAt} before enrolment ${e.enrollmentId} began`));
    else if (!inserted.has(e.eventId) || seen.has(e.eventId)) results.push({ duplicate: true });
    else {
      seen.add(e.eventId);
      fresh.push(e);
      results.push(null as never);
    }
  }
  if (fresh.length === 0) return results;

  // Read after the locks (a new statement, so a new snapshot): every event of the touched units,
  // including any another worker committed while this one waited, and the enrolments' facts, locked
  // against the web's writes.
  const touchedEnrollments = [...new Set(fresh.map((e) => e.enrollmentId))];
  const pairs = [...new Map(fresh.map((e) => [`${e.enrollmentId}:${e.unitId}`, { enrollment_id: e.enrollmentId, unit_id: e.unitId }])).values()];
  const [read] = await tx.execute<{ events: TReadEvent[] | null; progress: Record<string, unknown>[] | null }>(sql`
    with up as (
      select enrollment_id, unit_id, played_ranges, opened, best_score_percent, graded, attended_minutes, checked_in, posts, completed_at
      from unit_progress
      where tenant_id = ${t} and enrollment_id = any(${uuidArray(touchedEnrollments)})
      order by enrollment_id, unit_id
      for update
    ), p as (
      select * from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p(enrollment_id uuid, unit_id uuid)
    )
    select
      (select json_agg(json_build_object('kind', ev.kind, 'payload', ev.payload, 'occurred_at', ev.occurred_at, 'event_id', ev.event_id,
                                         'enrollment_id', ev.enrollment_id, 'unit_id', ev.unit_id))
         from progress_event ev join p on ev.enrollment_id = p.enrollment_id and ev.unit_id = p.unit_id
         where ev.tenant_id = ${t} and ev.enrollment_id = any(${uuidArray(touchedEnrollments)}) and ev.unit_id = any(${uuidArray(pairs.map((x) => x.unit_id))})) as events,
      (select json_agg(up) from up) as progress`);
  const eventsByPair = new Map<string, TFoldEvent[]>();
  for (const e of read?.events ?? []) {
    const k = `${e.enrollment_id}:${e.unit_id}`;
    const list = eventsByPair.get(k) ?? [];
    list.push({ kind: e.kind, payload: e.payload, occurredAt: e.occurred_at, eventId: e.event_id } as TFoldEvent);
    eventsByPair.set(k, list);
  }
  const progress = new Map<string, TProgressRow>();
  for (const r of read?.progress ?? []) progress.set(`${r.enrollment_id as string}:${r.unit_id as string}`, progressRow(r));

  // Fold each touched unit and merge with its row.
  const updates: Record<string, unknown>[] = [];
  const inserts: Record<string, unknown>[] = [];
  const unitComplete = new Map<string, boolean>();
  const versions = new Map<string, TVersionUnits>();
  for (const enrollmentId of touchedEnrollments) {
    const enr = enrollments.get(enrollmentId)!;
    versions.set(enrollmentId, await versionUnits(tx, t, enr.version_id));
  }
  for (const pair of pairs) {
    const k = `${pair.enrollment_id}:${pair.unit_id}`;
    // An event for a unit the enrolment's version does not have (dropped in a newer version) is kept
    // as evidence but makes no facts.
    const unit = versions.get(pair.enrollment_id)!.byId.get(pair.unit_id);
    if (!unit) continue;
    const folded = foldUnitFacts(eventsByPair.get(k) ?? [], unit);
    const current = progress.get(k);
    const merged = current ? mergeUnitFacts(current, folded, unit) : folded;
    const complete = unitIsComplete(unit, merged);
    unitComplete.set(k, complete);
    const completedAt = current?.completedAt ?? (complete ? new Date().toISOString() : null);
    progress.set(k, { ...merged, unitId: unit.id, completedAt });
    const row = { enrollment_id: pair.enrollment_id, unit_id: unit.id, ...snake(merged), completed_at: iso(completedAt) };
    if (!current) inserts.push(row);
    else if (!sameFacts(current, merged, unit) || (current.completedAt == null) !== (completedAt == null)) updates.push(row);
  }
  const recordset = sql`(enrollment_id uuid, unit_id uuid, played_ranges jsonb, opened boolean, best_score_percent integer, graded text,
                         attended_minutes integer, checked_in boolean, posts integer, completed_at timestamptz)`;
  if (updates.length) {
    // These rows are locked (read above): the merge already holds everything they had.
    await tx.execute(sql`
      update unit_progress u set played_ranges = r.played_ranges, opened = r.opened, best_score_percent = r.best_score_percent, graded = r.graded,
        attended_minutes = r.attended_minutes, checked_in = r.checked_in, posts = r.posts, completed_at = r.completed_at, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as r${recordset}
      where u.tenant_id = ${t} and u.enrollment_id = r.enrollment_id and u.unit_id = r.unit_id`);
  }
  if (inserts.length) {
    // No row to lock: the web may insert one meanwhile, so the conflict path merges monotonically and
    // keeps what it recorded (ranges it has that ours lack are appended; readers merge ranges anyway).
    await tx.execute(sql`
      insert into unit_progress (tenant_id, enrollment_id, unit_id, played_ranges, opened, best_score_percent, graded, attended_minutes, checked_in, posts, completed_at, updated_at)
      select ${t}::uuid, r.enrollment_id, r.unit_id, r.played_ranges, r.opened, r.best_score_percent, r.graded, r.attended_minutes, r.checked_in, r.posts, r.completed_at, now()
      from jsonb_to_recordset(${JSON.stringify(inserts)}::jsonb) as r${recordset}
      on conflict (tenant_id, enrollment_id, unit_id) do update set
        played_ranges = case when unit_progress.played_ranges <@ excluded.played_ranges then excluded.played_ranges
                             else unit_progress.played_ranges || excluded.played_ranges end,
        opened = unit_progress.opened or excluded.opened,
        best_score_percent = greatest(unit_progress.best_score_percent, excluded.best_score_percent),
        graded = case when 'pass' in (unit_progress.graded, excluded.graded) then 'pass' else coalesce(excluded.graded, unit_progress.graded) end,
        attended_minutes = greatest(unit_progress.attended_minutes, excluded.attended_minutes),
        checked_in = unit_progress.checked_in or excluded.checked_in,
        posts = greatest(unit_progress.posts, excluded.posts),
        completed_at = coalesce(unit_progress.completed_at, excluded.completed_at),
        updated_at = now()`);
  }

  // Course completion, in teacher order (recomputing a teacher's totals takes a per-teacher lock).
  const candidates = touchedEnrollments
    .map((id) => enrollments.get(id)!)
    .filter((enr) => enr.status === "active" && pairs.some((p) => p.enrollment_id === enr.id && unitComplete.get(`${p.enrollment_id}:${p.unit_id}`)))
    .sort((a, b) => (a.teacher_id < b.teacher_id ? -1 : a.teacher_id > b.teacher_id ? 1 : a.id < b.id ? -1 : 1));
  const toComplete: TEnrollmentToComplete[] = [];
  for (const enr of candidates) {
    const version = versions.get(enr.id)!;
    const states = version.units.map((u) => {
      const p = progress.get(`${enr.id}:${u.id}`);
      return { unit: u, required: u.required, complete: p ? unitIsComplete(u, p) : false, completedAt: p?.completedAt ?? null };
    });
    if (!isCourseComplete(states)) continue;
    toComplete.push({
      enrollment: { id: enr.id, teacherId: enr.teacher_id, courseId: enr.course_id, versionId: enr.version_id },
      units: version.units,
      completedUnits: states.filter((s) => s.required).map((s) => ({ unitId: s.unit.id, completedAt: s.completedAt })),
    });
  }
  // Every completion of the batch in a handful of statements (completeEnrollments), not a dozen each.
  const completions = await completeEnrollments(tx, { tenantId: t, items: toComplete });

  // Each fresh event's outcome; a completion is reported on the last fresh event of its enrolment.
  const lastOf = new Map(fresh.map((e) => [e.enrollmentId, e.eventId]));
  let f = 0;
  for (let i = 0; i < results.length; i++) {
    if (results[i] !== null) continue;
    const e = fresh[f++]!;
    const c = lastOf.get(e.enrollmentId) === e.eventId ? completions.get(e.enrollmentId) : undefined;
    results[i] = {
      duplicate: false,
      teacherId: enrollments.get(e.enrollmentId)!.teacher_id,
      unitComplete: unitComplete.get(`${e.enrollmentId}:${e.unitId}`) ?? false,
      courseCompleted: c != null,
      awardId: c?.awardId ?? null,
      certificateId: c?.certificateId ?? null,
    };
  }
  return results;
}

/**
 * A uuid[] parameter for `= any(...)`: the index condition then names the keys, whatever the planner believes
 * of the tenant's row count. Joined against a set-returning function (estimated at 100 rows), a tenant's
 * stale statistics made it read every event and progress row of the tenant per batch, a cost that grows with
 * the event table (issue 18's profile: 38,729 events read to fold 128).
 */
function uuidArray(ids: readonly string[]) {
  return sql`string_to_array(${[...new Set(ids)].join(",")}, ',')::uuid[]`;
}

function snake(f: TStoredFacts) {
  return {
    played_ranges: f.playedRanges,
    opened: f.opened,
    best_score_percent: f.bestScorePercent,
    graded: f.graded,
    attended_minutes: f.attendedMinutes,
    checked_in: f.checkedIn,
    posts: f.posts,
  };
}
