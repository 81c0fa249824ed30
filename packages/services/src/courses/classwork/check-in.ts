import { and, asc, eq, ne } from "drizzle-orm";
import { attendanceState, checkInWindow, parseUnitConfig, ZCheckInInput, type TCheckInWindow } from "@yanxiu/domain/courses";
import { AppError } from "@yanxiu/domain/errors";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import type { Producer } from "../../platform/queue.ts";
import type { Redis } from "../../platform/redis.ts";
import { enrollment, offlineCheckIn } from "@yanxiu/db/schema";
import { joinPerson, personColumns } from "../../common/person.ts";
import { parseInput } from "../../common/parse-input.ts";
import { currentCheckInCode, verifyCheckInCode } from "../check-in-code.ts";
import { enqueueProgress, saveUnitFacts, type TUnitView } from "../common.ts";
import { currentContent, findUnit, isUuid, loadLearnerUnit, loadManagedCourse } from "./access.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/**
 * Offline-session (集中研修) check-in: the trainer's screen shows a code that changes every 30 seconds
 * (check-in-code.ts); a teacher enrolled on the course types or scans it inside the check-in window.
 * One check-in per teacher and session (the table's key). Wrong codes are counted in Redis, so a
 * teacher cannot try the million codes of a window: after 5 in a minute every attempt is refused.
 */
export const checkInFloodPolicy = { maxWrongCodes: 5, windowSeconds: 60 } as const;

const floodKey = (tenantId: string, unitId: string, actorId: string) => `classwork:checkin:wrong:${tenantId}:${unitId}:${actorId}`;

export type TAttendance = "present" | "late" | "absent" | "pending";

function sessionOf(unit: TUnitView) {
  return parseUnitConfig("offlineSession", unit.config);
}

export async function checkIn(opts: { db: Database; redis: Redis; producer: Producer; actor: TActor; input: unknown; checkInSecret: string; now?: Date }) {
  const { db, redis, actor } = opts;
  const input = parseInput(ZCheckInInput, opts.input);
  const now = opts.now ?? new Date();
  const key = floodKey(actor.tenantId, input.unitId, actor.actorId);
  const done = await db.withTenant(actor.tenantId, async (tx) => {
    const { enrollment: enr, unit } = await loadLearnerUnit(tx, actor, input.courseId, input.unitId, "offlineSession");
    if (Number((await redis.get(key)) ?? 0) >= checkInFloodPolicy.maxWrongCodes) throw new AppError("tooManyAttempts", "too many wrong check-in codes");
    const window = checkInWindow(sessionOf(unit), now);
    if (window === "notOpen") throw new AppError("checkInNotOpen", "check-in has not opened");
    if (window === "closed") throw new AppError("checkInClosed", "check-in has closed");
    const [existing] = await tx
      .select({ late: offlineCheckIn.late })
      .from(offlineCheckIn)
      .where(and(eq(offlineCheckIn.enrollmentId, enr.id), eq(offlineCheckIn.unitId, unit.id)))
      .limit(1);
    if (existing) throw new AppError("alreadyCheckedIn", "already checked in");
    if (!verifyCheckInCode({ secret: opts.checkInSecret, tenantId: actor.tenantId, sessionId: unit.id, code: input.code, now })) {
      await redis.multi().incr(key).expire(key, checkInFloodPolicy.windowSeconds, "NX").exec();
      throw new AppError("checkInCodeInvalid", "wrong or expired check-in code");
    }
    const late = window === "late";
    const inserted = await tx
      .insert(offlineCheckIn)
      .values({ tenantId: actor.tenantId, enrollmentId: enr.id, unitId: unit.id, late, checkedInAt: now })
      .onConflictDoNothing()
      .returning({ late: offlineCheckIn.late });
    // A concurrent check-in of the same teacher won the key.
    if (inserted.length === 0) throw new AppError("alreadyCheckedIn", "already checked in");
    await saveUnitFacts(tx, { tenantId: actor.tenantId, enrollmentId: enr.id, unit, patch: { checkedIn: true } });
    return { enrollmentId: enr.id, unitId: unit.id, late };
  });
  await enqueueProgress(opts.producer, {
    kind: "checkedIn",
    tenantId: actor.tenantId,
    enrollmentId: done.enrollmentId,
    unitId: done.unitId,
    actorId: actor.actorId,
    occurredAt: now,
    payload: { v: 1, sessionId: done.unitId, late: done.late },
  });
  return { late: done.late, checkedInAt: now.toISOString() };
}

export type TRosterRow = {
  enrollmentId: string;
  teacherId: string;
  name: string;
  teacherNo: string | null;
  school: string | null;
  state: TAttendance;
  checkedInAt: Date | null;
};

async function rosterOf(tx: Tx, courseId: string, unit: TUnitView, now: Date): Promise<TRosterRow[]> {
  const cfg = sessionOf(unit);
  const enrolled = tx
    .select({
      enrollmentId: enrollment.id,
      teacherId: enrollment.teacherId,
      ...personColumns,
      late: offlineCheckIn.late,
      checkedInAt: offlineCheckIn.checkedInAt,
    })
    .from(enrollment)
    .$dynamic();
  const rows = await joinPerson(enrolled, enrollment.teacherId)
    .leftJoin(
      offlineCheckIn,
      and(tenantEq(offlineCheckIn.enrollmentId, enrollment.id), eq(offlineCheckIn.unitId, unit.id)),
    )
    .where(and(eq(enrollment.courseId, courseId), ne(enrollment.status, "withdrawn")))
    .orderBy(asc(personColumns.name), asc(enrollment.id));
  return rows.map((r) => ({
    enrollmentId: r.enrollmentId,
    teacherId: r.teacherId,
    name: r.name,
    teacherNo: r.teacherNo,
    school: r.school,
    state: attendanceState(r.checkedInAt ? { late: r.late ?? false } : null, cfg, now),
    checkedInAt: r.checkedInAt,
  }));
}

function countStates(rows: TRosterRow[]) {
  const counts: Record<TAttendance, number> = { present: 0, late: 0, absent: 0, pending: 0 };
  for (const r of rows) counts[r.state]++;
  return counts;
}

async function loadSession(tx: Tx, actor: TActor, courseId: string, unitId: string, opts: { admins: boolean }) {
  const c = await loadManagedCourse(tx, actor, courseId, opts);
  if (!isUuid(unitId)) throw new AppError("notFound", `unit ${unitId}`);
  const content = await currentContent(tx, c);
  return { course: c, content, unit: findUnit(content, unitId, "offlineSession") };
}

export type TCheckInScreen = {
  courseTitle: string;
  unitId: string;
  unitTitle: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  checkInOpensAt: Date;
  checkInClosesAt: Date;
  lateAfter: Date;
  window: TCheckInWindow;
  code: string;
  validUntil: Date;
  counts: Record<TAttendance, number>;
};

/** What the trainer's check-in screen shows: the current code (for the owner only), the window and the counts. */
export async function checkInScreen(opts: { db: Database; actor: TActor; courseId: string; unitId: string; checkInSecret: string; now?: Date }): Promise<TCheckInScreen> {
  const { actor } = opts;
  const now = opts.now ?? new Date();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { content, unit } = await loadSession(tx, actor, opts.courseId, opts.unitId, { admins: false });
    const cfg = sessionOf(unit);
    const { code, validUntil } = currentCheckInCode({ secret: opts.checkInSecret, tenantId: actor.tenantId, sessionId: unit.id, now });
    const roster = await rosterOf(tx, opts.courseId, unit, now);
    return {
      courseTitle: content.version.title,
      unitId: unit.id,
      unitTitle: unit.title,
      place: cfg.place,
      startsAt: cfg.startsAt,
      endsAt: cfg.endsAt,
      checkInOpensAt: cfg.checkInOpensAt,
      checkInClosesAt: cfg.checkInClosesAt,
      lateAfter: cfg.lateAfter,
      window: checkInWindow(cfg, now),
      code,
      validUntil,
      counts: countStates(roster),
    };
  });
}

/** Every teacher enrolled on the course with their attendance at one offline session (owner, or an admin above the institution). */
export async function checkInRoster(opts: { db: Database; actor: TActor; courseId: string; unitId: string; now?: Date }) {
  const { actor } = opts;
  const now = opts.now ?? new Date();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { content, unit } = await loadSession(tx, actor, opts.courseId, opts.unitId, { admins: true });
    const rows = await rosterOf(tx, opts.courseId, unit, now);
    return { courseTitle: content.version.title, unitTitle: unit.title, counts: countStates(rows), rows };
  });
}
