import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { TUnitKind } from "@yanxiu/domain/completion";
import type { TProgressEvent } from "@yanxiu/domain/progress";
import type { Database, OwnerDatabase } from "@yanxiu/db/client";
import { seedFixtureCourse, type TFixtureCourse } from "../courses/test-fixtures.ts";
import { certificate, creditAward, enrollment, progressEvent, user } from "@yanxiu/db/schema";
import { buildTenant, seedOrgUnit, seedTenant } from "../seed/factories.ts";

/**
 * Test and benchmark data for the completion worker (integration tests and benches only): a province
 * with a development centre that runs the courses, many teachers written straight into the user table
 * (no password hashing: they never sign in), fixture courses, enrolments, and the progress events that
 * complete a unit of each kind.
 */
export type TCompletionWorld = Awaited<ReturnType<typeof seedCompletionWorld>>;

export async function seedCompletionWorld(owner: OwnerDatabase, opts: { teachers?: number } = {}) {
  const tenant = await seedTenant(owner, buildTenant());
  const tenantId = tenant.id;
  const s = tenant.slug.slice(2, 8);
  const province = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `KP${s}` });
  const center = await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "教师发展中心", code: `KD${s}`, parentId: province.id });
  const trainerId = await insertUsers(owner, tenantId, 1).then((ids) => ids[0]!);
  const teacherIds = await insertUsers(owner, tenantId, opts.teachers ?? 3);
  return { tenantId, province, center, trainerId, teacherIds };
}

/** Users without a usable password (tests and benches only). */
export async function insertUsers(db: Database, tenantId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 500) {
    const rows = Array.from({ length: Math.min(500, n - i) }, () => {
      const id = randomUUID();
      ids.push(id);
      return { tenantId, id, login: `k-${id.slice(0, 13)}`, displayName: `教师${id.slice(0, 4)}`, passwordHash: "!" };
    });
    await db.withTenant(tenantId, (tx) => tx.insert(user).values(rows));
  }
  return ids;
}

export async function seedWorldCourse(db: Database, w: { tenantId: string; trainerId: string; center: { id: string } }, kinds?: TUnitKind[], creditHours = "4") {
  return seedFixtureCourse(db, w.tenantId, { ownerId: w.trainerId, institutionId: w.center.id, kinds, facts: { creditHours } });
}

/**
 * Enrols teachers on a course; returns the enrolment ids in the same order. Enrolled a day ago unless
 * told otherwise: the worker refuses events dated before their enrolment began, and the fixtures' events
 * (the chaos run's spread over the last hour) come after it.
 */
export async function enrolAll(
  db: Database,
  tenantId: string,
  c: Pick<TFixtureCourse, "courseId" | "versionId">,
  teacherIds: readonly string[],
  opts: { enrolledAt?: Date } = {},
): Promise<string[]> {
  const out: string[] = [];
  const enrolledAt = opts.enrolledAt ?? new Date(Date.now() - 24 * 3600_000);
  for (let i = 0; i < teacherIds.length; i += 500) {
    const rows = teacherIds.slice(i, i + 500).map((teacherId) => ({ tenantId, id: randomUUID(), courseId: c.courseId, versionId: c.versionId, teacherId, source: "self" as const, enrolledAt }));
    await db.withTenant(tenantId, (tx) => tx.insert(enrollment).values(rows));
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

type TEventTarget = { tenantId: string; enrollmentId: string; unitId: string; actorId: string; occurredAt?: Date };

/** A progress event that completes a unit of this kind by the default criteria (fixture video: 100 s). */
export function completingEvent(kind: TUnitKind, t: TEventTarget): TProgressEvent {
  const base = { eventId: randomUUID(), tenantId: t.tenantId, enrollmentId: t.enrollmentId, unitId: t.unitId, actorId: t.actorId, occurredAt: (t.occurredAt ?? new Date()).toISOString() };
  switch (kind) {
    case "video":
      return { ...base, kind: "videoProgress", payload: { v: 1, ranges: [[0, 100]], elapsedSeconds: 100 } };
    case "document":
      return { ...base, kind: "documentOpened", payload: { v: 1 } };
    case "quiz":
      return { ...base, kind: "quizSubmitted", payload: { v: 1, attemptId: randomUUID(), answers: {}, scorePercent: 100 } };
    case "assignment":
      return { ...base, kind: "assignmentGraded", payload: { v: 1, submissionId: randomUUID(), result: "pass" } };
    case "liveSession":
      return { ...base, kind: "attended", payload: { v: 1, liveSessionId: randomUUID(), minutes: 60 } };
    case "offlineSession":
      return { ...base, kind: "checkedIn", payload: { v: 1, sessionId: randomUUID(), late: false } };
    case "discussion":
      return { ...base, kind: "discussionPosted", payload: { v: 1, postId: randomUUID() } };
  }
}

/** A heartbeat of a video: the played ranges given (does not complete it unless they cover 90 %). */
export function videoBeat(t: TEventTarget, ranges: [number, number][]): TProgressEvent {
  return {
    eventId: randomUUID(),
    tenantId: t.tenantId,
    enrollmentId: t.enrollmentId,
    unitId: t.unitId,
    actorId: t.actorId,
    occurredAt: (t.occurredAt ?? new Date()).toISOString(),
    kind: "videoProgress",
    payload: { v: 1, ranges, elapsedSeconds: 60 },
  };
}

// ─── Chaos: many events over many enrolments, some completing their course ──────────────────────

/** A small deterministic random source (mulberry32), so a failing chaos run can be repeated. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const chaosCourseKinds: TUnitKind[][] = [
  ["video", "quiz", "offlineSession"],
  ["video", "document"],
  ["quiz", "discussion", "assignment"],
  ["video", "quiz"],
  ["document", "offlineSession", "discussion"],
];

export type TChaosEnrollment = { id: string; teacherId: string; course: TFixtureCourse; kinds: TUnitKind[] };

/** `teachers` × `courses` enrolments in a fresh tenant. */
export async function seedChaosWorld(owner: OwnerDatabase, db: Database, opts: { teachers: number; courses: number }) {
  const w = await seedCompletionWorld(owner, { teachers: opts.teachers });
  const enrollments: TChaosEnrollment[] = [];
  for (let i = 0; i < opts.courses; i++) {
    const kinds = chaosCourseKinds[i % chaosCourseKinds.length]!;
    const course = await seedWorldCourse(db, w, kinds, String(2 + (i % 4)));
    const ids = await enrolAll(db, w.tenantId, course, w.teacherIds);
    ids.forEach((id, j) => enrollments.push({ id, teacherId: w.teacherIds[j]!, course, kinds }));
  }
  return { ...w, enrollments };
}

/**
 * About `total` jobs over the enrolments, shuffled (so events arrive out of order), a share of them
 * copies of another job's event under a new job id (redeliveries). A share of the enrolments gets the
 * evidence that completes every unit; the others miss one unit's completing evidence, whatever else
 * they get. Returns the jobs, the enrolments expected complete and the distinct events.
 */
export function chaosJobs(enrollments: readonly TChaosEnrollment[], opts: { total: number; tenantId: string; completeShare?: number; duplicateShare?: number; seed?: number }) {
  const rnd = seededRandom(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const duplicates = Math.round(opts.total * (opts.duplicateShare ?? 0.1));
  const perEnrollment = Math.max(1, Math.floor((opts.total - duplicates) / enrollments.length));
  const events: TProgressEvent[] = [];
  const expectedComplete = new Set<string>();
  const start = Date.now() - 3600_000;
  for (const e of enrollments) {
    const completes = rnd() < (opts.completeShare ?? 0.6);
    if (completes) expectedComplete.add(e.id);
    const held = completes ? null : pick(e.kinds);
    const mine: TProgressEvent[] = [];
    const target = (kind: TUnitKind) => ({ tenantId: opts.tenantId, enrollmentId: e.id, unitId: e.course.units[kind]!, actorId: e.teacherId, occurredAt: new Date(start + Math.floor(rnd() * 3600_000)) });
    for (const kind of e.kinds) if (kind !== held) mine.push(...completingEvents(kind, target(kind)));
    while (mine.length < perEnrollment) {
      const kind = pick(e.kinds);
      mine.push(partialEvent(kind, target(kind), rnd));
    }
    events.push(...mine);
  }
  const jobs = events.map((data) => ({ jobId: data.eventId, data }));
  for (let i = 0; i < duplicates; i++) {
    const data = pick(events);
    jobs.push({ jobId: `${data.eventId}-again-${i}`, data });
  }
  for (let i = jobs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
  }
  return { jobs, expectedComplete, distinctEvents: events.length };
}

/** What completes a unit in a chaos run: for a video, the last 20 s of ten 10-second pieces (the first 80 s come as partial beats). */
function completingEvents(kind: TUnitKind, t: TEventTarget): TProgressEvent[] {
  if (kind !== "video") return [completingEvent(kind, t)];
  return [videoBeat(t, [[0, 10], [10, 20], [20, 30], [30, 40], [40, 50], [50, 60], [60, 70], [70, 80]]), videoBeat(t, [[80, 90]]), videoBeat(t, [[90, 100]])];
}

/** Evidence that never completes a unit on its own, however often it comes. */
function partialEvent(kind: TUnitKind, t: TEventTarget, rnd: () => number): TProgressEvent {
  const base = completingEvent(kind, t);
  switch (base.kind) {
    case "videoProgress": {
      const k = Math.floor(rnd() * 8);
      return videoBeat(t, [[k * 10, k * 10 + 10]]);
    }
    case "quizSubmitted":
      return { ...base, payload: { ...base.payload, scorePercent: Math.floor(rnd() * 60) } };
    case "assignmentGraded":
      return { ...base, kind: "assignmentSubmitted", payload: { v: 1, submissionId: base.payload.submissionId } };
    default:
      // Check-in, opening and a post complete at once: their partial evidence is an event that makes no fact.
      return { ...base, kind: "assignmentSubmitted", payload: { v: 1, submissionId: randomUUID() } };
  }
}

export async function countEvents(db: Database, tenantId: string): Promise<number> {
  const [r] = await db.withTenant(tenantId, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(progressEvent).where(eq(progressEvent.tenantId, tenantId)));
  return r?.n ?? 0;
}

/** What a chaos run left behind: event ids recorded, completed enrolments, and awards per enrolment's course. */
export async function chaosOutcome(db: Database, tenantId: string) {
  return db.withTenant(tenantId, async (tx) => {
    const eventIds = new Set((await tx.select({ id: progressEvent.eventId }).from(progressEvent).where(eq(progressEvent.tenantId, tenantId))).map((r) => r.id));
    const enrollments = await tx.select({ id: enrollment.id, teacherId: enrollment.teacherId, courseId: enrollment.courseId, status: enrollment.status }).from(enrollment).where(eq(enrollment.tenantId, tenantId));
    const awards = await tx.select({ teacherId: creditAward.teacherId, sourceRef: creditAward.sourceRef, id: creditAward.id }).from(creditAward).where(eq(creditAward.source, "courseCompletion"));
    const certificates = await tx.select({ awardId: certificate.awardId }).from(certificate);
    const awardsOf = (e: { teacherId: string; courseId: string }) => awards.filter((a) => a.teacherId === e.teacherId && a.sourceRef === e.courseId).length;
    const completed = enrollments.filter((e) => e.status === "completed");
    return {
      eventIds,
      completed: new Set(completed.map((e) => e.id)),
      completedWithoutOneAward: completed.filter((e) => awardsOf(e) !== 1).length,
      awards: awards.length,
      certificates: certificates.length,
    };
  });
}

/** Which of these enrolments are completed now (benchmarks poll it to see when a completion became visible). */
export async function completedAmong(db: Database, tenantId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.execute<{ id: string }>(sql`select id from enrollment where tenant_id = ${tenantId} and status = 'completed' and id in ${ids}`),
  );
  return rows.map((r) => r.id);
}
