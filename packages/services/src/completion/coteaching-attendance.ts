import { and, eq, sql } from "drizzle-orm";
import type { TCoTeachingAttendedEvent } from "@yanxiu/domain/progress";
import type { Tx } from "@yanxiu/db/client";
import { liveClassroom, liveCoTeaching, liveSession, orgUnit } from "@yanxiu/db/schema";
import {
  creditedSessionColumns,
  sessionAttendance,
  sessionOrganiserLevel,
  type TSessionAttendanceResult,
  type TSessionCreditPath,
} from "./session-attendance.ts";
import { tenantEq } from "../common/tenant-join.ts";

export type TCoTeachingAttendanceResult = TSessionAttendanceResult;

/**
 * The 双师 path (decision 010), the studio path's twin: the lecturer and the session's assistants only (an
 * invited guest earns nothing here); when their minutes reach 80 % of the session as it ran and the session
 * carries 学时, ONE `credit_award` (source and category coTeaching, keyed by the session; the lecturer as
 * lead, an assistant as assistant). The rule is the studio session's, as `coTeachingCredits` says.
 */
const coTeachingCreditPath: TSessionCreditPath<TCoTeachingSessionFacts, TCoTeachingAttendedEvent> = {
  eventKind: "coTeachingAttended",
  source: "coTeaching",
  noun: "co-teaching session",
  facts: coTeachingSessionFacts,
  award: async (tx, t, s, teacherId, attendance) => {
    const lecturer = teacherId === s.hostId;
    const [c] = lecturer
      ? [{ id: null as string | null }]
      : await tx
          .select({ id: liveClassroom.id })
          .from(liveClassroom)
          .where(and(eq(liveClassroom.tenantId, t), eq(liveClassroom.sessionId, s.id), eq(liveClassroom.assistantId, teacherId)))
          .limit(1);
    if (!c) return null;
    return {
      title: `双师课堂·${s.title}`,
      category: "coTeaching",
      organiserLevel: sessionOrganiserLevel(s),
      role: lecturer ? "lead" : "assistant",
      evidence: [{ kind: "coTeachingAttendance", liveSessionId: s.id, classroomId: c.id, ...attendance }],
    };
  },
  checks: (t) => ({
    join: sql`join live_coteaching h on h.tenant_id = ${t} and h.session_id = s.id`,
    mayEarn: sql`(att.teacher_id = s.host_id or exists (select 1 from live_classroom c
              where c.tenant_id = ${t} and c.session_id = s.id and c.assistant_id = att.teacher_id))`,
  }),
};

/**
 * One co-teaching attendance event into the system of record: appended to `progress_event` (a redelivery
 * is a no-op), and the award the 双师 path gives, with the teacher's totals — in one transaction. An
 * unknown or foreign session is notFound (no retry). `coTeachingAttendance.awardChecks` and `.fixAward` are
 * the rebuild's.
 */
export const coTeachingAttendance = sessionAttendance(coTeachingCreditPath);
export const processCoTeachingAttendance = coTeachingAttendance.process;

type TCoTeachingSessionFacts = NonNullable<Awaited<ReturnType<typeof coTeachingSessionFacts>>>;

async function coTeachingSessionFacts(tx: Tx, t: string, sessionId: string) {
  const [s] = await tx
    .select({ ...creditedSessionColumns, title: liveSession.title, creditHours: liveCoTeaching.creditHours })
    .from(liveSession)
    .innerJoin(liveCoTeaching, tenantEq(liveCoTeaching.sessionId, liveSession.id))
    .leftJoin(orgUnit, tenantEq(orgUnit.id, liveCoTeaching.organiserUnitId))
    .where(and(eq(liveSession.tenantId, t), eq(liveSession.id, sessionId), eq(liveSession.kind, "coTeaching")))
    .limit(1);
  return s ?? null;
}
