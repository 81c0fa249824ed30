import { and, asc, eq, inArray } from "drizzle-orm";
import { coTeachingCredits, type TCoTeachingRecord } from "@yanxiu/domain/coteaching";
import { AppError } from "@yanxiu/domain/errors";
import { attendedMinutes, sessionLengthMinutes } from "@yanxiu/domain/progress";
import type { Database } from "@yanxiu/db/client";
import { liveAttendance, liveClassroomAttendance, livePoll } from "@yanxiu/db/schema";
import { classPollTally, loadClassrooms, publicClassroom, requireLecturer, type TCoTeachingActor } from "./common.ts";

/**
 * After the end, for the lecturer (and co-hosts): per classroom, the assistant's minutes in the room (their
 * intervals for the classroom, clipped to the session as it ran, overlaps once), the headcount present,
 * how many polls the class answered and whether the assistant earns the 学时; every poll's results per
 * classroom and in total; and totals. Before the end: conflict (the record is not final yet).
 */
export async function coTeachingRecord(opts: { db: Database; actor: TCoTeachingActor; sessionId: string }): Promise<TCoTeachingRecord> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session, creditHours } = await requireLecturer(tx, actor, opts.sessionId);
    if (session.status !== "ended" || !session.endedAt) throw new AppError("conflict", `session ${session.id} has not ended`);
    const from = session.startedAt ?? session.scheduledStart;
    const to = session.endedAt;
    const lengthMinutes = sessionLengthMinutes(from, to);
    const classrooms = await loadClassrooms(tx, session.id);
    const ids = classrooms.map((c) => c.id);

    const intervals = await tx
      .select({ userId: liveAttendance.userId, classroomId: liveAttendance.classroomId, joinedAt: liveAttendance.joinedAt, leftAt: liveAttendance.leftAt })
      .from(liveAttendance)
      .where(eq(liveAttendance.sessionId, session.id));
    const lecturerMinutes = attendedMinutes(intervals.filter((i) => i.userId === session.hostId), from, to);
    const minutesOf = (c: (typeof classrooms)[number]) =>
      attendedMinutes(intervals.filter((i) => i.userId === c.assistantId && i.classroomId === c.id), from, to);

    const sheets = ids.length ? await tx.select().from(liveClassroomAttendance).where(inArray(liveClassroomAttendance.classroomId, ids)) : [];
    const sheetOf = new Map(sheets.map((s) => [s.classroomId, s]));
    const polls = await tx.select().from(livePoll).where(and(eq(livePoll.sessionId, session.id))).orderBy(asc(livePoll.createdAt), asc(livePoll.id));
    const tallies: TCoTeachingRecord["polls"] = [];
    for (const p of polls) tallies.push({ ...(await classPollTally(tx, session.id, p, ids)), question: p.question, options: p.options });

    const credits = coTeachingCredits({ lengthMinutes, plannedMinutes: session.scheduledMinutes, creditHours }, [
      { userId: session.hostId, role: "lecturer", minutes: lecturerMinutes },
      ...classrooms.map((c) => ({ userId: c.assistantId, role: "assistant" as const, minutes: minutesOf(c) })),
    ]);
    const earns = new Map(credits.map((c) => [c.userId, c]));
    const rows = classrooms.map((c) => {
      const sheet = sheetOf.get(c.id);
      return {
        ...publicClassroom(c),
        assistantMinutes: earns.get(c.assistantId)!.minutes,
        presentCount: sheet?.presentCount ?? null,
        presentNames: sheet?.presentNames ?? null,
        pollsAnswered: tallies.filter((t) => t.classrooms.some((x) => x.classroomId === c.id && x.answered)).length,
        earns: earns.get(c.assistantId)!.earns,
      };
    });
    return {
      sessionId: session.id,
      title: session.title,
      startedAt: session.startedAt?.toISOString() ?? null,
      endedAt: to.toISOString(),
      lengthMinutes,
      creditHours,
      earnedHours: credits[0]!.hours,
      lecturer: { userId: session.hostId, minutes: lecturerMinutes, earns: earns.get(session.hostId)!.earns },
      classrooms: rows,
      polls: tallies,
      totals: {
        classrooms: rows.length,
        headcount: rows.reduce((s, r) => s + r.headcount, 0),
        present: rows.reduce((s, r) => s + (r.presentCount ?? 0), 0),
        assistantsEarning: rows.filter((r) => r.earns).length,
        classroomsConnected: rows.filter((r) => r.assistantMinutes > 0).length,
      },
    };
  });
}
