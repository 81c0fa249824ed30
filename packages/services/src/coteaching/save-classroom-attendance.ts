import { sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { attendanceSheetRefusal, presentCountOf, ZClassroomAttendanceInput } from "@yanxiu/domain/coteaching";
import type { Database } from "@yanxiu/db/client";
import { liveClassroomAttendance } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadClassroom, loadCoTeachingSession, type TCoTeachingActor } from "./common.ts";

export type TClassroomAttendanceSheet = { classroomId: string; presentCount: number; presentNames: string[] | null; updatedAt: string };

/**
 * The assistant's attendance sheet for their classroom: a headcount present (up to the class's headcount),
 * or the names present when a roster is loaded. Saved again as it is corrected, until the session ends.
 * Only the classroom's assistant (forbidden for anyone else in the tenant; notFound for a classroom not in
 * the session).
 */
export async function saveClassroomAttendance(opts: { db: Database; actor: TCoTeachingActor; input: unknown }): Promise<TClassroomAttendanceSheet> {
  const input = parseInput(ZClassroomAttendanceInput, opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await loadCoTeachingSession(tx, input.sessionId);
    const classroom = await loadClassroom(tx, session.id, input.classroomId);
    if (classroom.assistantId !== actor.actorId) throw new AppError("forbidden", "only the classroom's assistant takes its attendance");
    if (session.status === "ended") throw new AppError("sessionEnded", `session ${session.id} has ended`);
    const refusal = attendanceSheetRefusal(input, { headcount: classroom.headcount, roster: classroom.roster });
    if (refusal) throw new AppError("badRequest", "attendance sheet does not fit the class", refusal);
    const values = { presentCount: presentCountOf(input), presentNames: input.presentNames ?? null, recordedBy: actor.actorId };
    const [row] = await tx
      .insert(liveClassroomAttendance)
      .values({ tenantId: actor.tenantId, classroomId: classroom.id, ...values })
      .onConflictDoUpdate({ target: [liveClassroomAttendance.tenantId, liveClassroomAttendance.classroomId], set: { ...values, updatedAt: sql`now()` } })
      .returning();
    return { classroomId: row!.classroomId, presentCount: row!.presentCount, presentNames: row!.presentNames, updatedAt: row!.updatedAt.toISOString() };
  });
}
