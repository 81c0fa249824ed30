import type { Readable } from "node:stream";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { attendedMinutes, liveSessionCredit, sessionLengthMinutes } from "@yanxiu/domain/progress";
import type { Database, Tx } from "@yanxiu/db/client";
import { joinPerson } from "../common/person.ts";
import { xlsxStream } from "../platform/xlsx/xlsx.ts";
import { isUuid, loadLiveSession, mayAttend, type TLiveActor, type TLiveSessionRow } from "../live/index.ts";
import { courseUnit, enrollment, liveAttendance, liveParticipant, orgUnit, studioActivity, studioMember, teacherProfile, user } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * A live session's attendance as .xlsx, for its host and co-hosts: everyone who joined (role, first
 * entry, each in–out interval, minutes within the session's actual start and end, whether that meets the
 * 学时 rule, where the session carries 学时) and then everyone who could have attended and did not (缺席). Anyone else gets notFound
 * (attendees: the record page shows them the minutes; the export is the organisers'). Cells are escaped.
 */
export type TAttendanceSheetRow = {
  name: string;
  teacherNo: string;
  school: string;
  role: string;
  firstJoinedAt: string;
  intervals: string;
  minutes: number | "";
  meets: string;
};

const roleNames = { host: "主持人", coHost: "协同主持", participant: "参与者" } as const;
const fmt = (d: Date) => d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
const hm = (d: Date) => d.toLocaleTimeString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, hour: "2-digit", minute: "2-digit" });

/** The minutes that count for 学时: a studio session's 80 % rule, a course unit's own minimum; null when none applies. */
async function requiredMinutes(tx: Tx, s: TLiveSessionRow, from: Date, to: Date): Promise<number | null> {
  if (s.activityId) {
    const [a] = await tx.select({ hours: studioActivity.creditHours }).from(studioActivity).where(eq(studioActivity.id, s.activityId)).limit(1);
    // None when the session gives no 学时 as it ran (the activity has none, or it ran under 10 minutes).
    const rule = liveSessionCredit({ creditHours: Number(a?.hours ?? 0), plannedMinutes: s.scheduledMinutes, heldMinutes: sessionLengthMinutes(from, to), attendedMinutes: 0 });
    return rule.hours > 0 ? rule.threshold : null;
  }
  if (s.unitId) {
    const [u] = await tx.select({ criterion: courseUnit.criterion }).from(courseUnit).where(eq(courseUnit.id, s.unitId)).limit(1);
    const c = u?.criterion as { kind?: string; minMinutes?: number } | undefined;
    return c?.kind === "liveSession" && typeof c.minMinutes === "number" ? c.minMinutes : null;
  }
  return null;
}

export async function liveAttendanceSheet(opts: { db: Database; actor: TLiveActor; sessionId: string; now?: Date }): Promise<{ title: string; rows: TAttendanceSheetRow[] }> {
  const { actor } = opts;
  if (!isUuid(opts.sessionId)) throw new AppError("notFound", `live session ${opts.sessionId}`);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const s = await loadLiveSession(tx, opts.sessionId);
    const role = await mayAttend(tx, actor.actorId, s);
    if (role !== "host" && role !== "coHost") throw new AppError("notFound", `attendance of ${s.id}`);
    const from = s.startedAt ?? s.scheduledStart;
    const to = s.endedAt ?? opts.now ?? new Date();
    const need = s.startedAt ? await requiredMinutes(tx, s, from, to) : null;

    const participants = tx
      .select({ userId: liveParticipant.userId, role: liveParticipant.role, removed: liveParticipant.removed, firstJoinedAt: liveParticipant.firstJoinedAt, displayName: user.displayName, teacherNo: teacherProfile.teacherNo, school: orgUnit.name })
      .from(liveParticipant)
      .$dynamic();
    const people = await joinPerson(participants, liveParticipant.userId)
      .where(eq(liveParticipant.sessionId, s.id))
      .orderBy(asc(liveParticipant.firstJoinedAt), asc(liveParticipant.userId));
    const spans = await tx
      .select({ userId: liveAttendance.userId, joinedAt: liveAttendance.joinedAt, leftAt: liveAttendance.leftAt })
      .from(liveAttendance)
      .where(eq(liveAttendance.sessionId, s.id))
      .orderBy(asc(liveAttendance.joinedAt));
    const byUser = new Map<string, { joinedAt: Date; leftAt: Date | null }[]>();
    for (const r of spans) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);

    const rows: TAttendanceSheetRow[] = people.map((p) => {
      const mine = byUser.get(p.userId) ?? [];
      const minutes = attendedMinutes(mine, from, to);
      return {
        name: p.displayName,
        teacherNo: p.teacherNo ?? "",
        school: p.school ?? "",
        role: p.removed ? `${roleNames[p.role]}（已移出）` : roleNames[p.role],
        firstJoinedAt: fmt(p.firstJoinedAt),
        intervals: mine.map((i) => `${hm(i.joinedAt)}–${i.leftAt ? hm(i.leftAt) : s.endedAt ? hm(s.endedAt) : "在线"}`).join("；"),
        minutes,
        meets: need === null ? "—" : minutes >= need ? "是" : "否",
      };
    });

    // Who could have come and did not: a studio's active members, a course's enrolled teachers.
    const joined = new Set(people.map((p) => p.userId));
    const expected = s.studioId
      ? await tx.select({ userId: studioMember.userId }).from(studioMember).where(and(eq(studioMember.studioId, s.studioId), eq(studioMember.status, "active")))
      : s.courseId
        ? await tx.select({ userId: enrollment.teacherId }).from(enrollment).where(and(eq(enrollment.courseId, s.courseId), ne(enrollment.status, "withdrawn")))
        : [];
    const absentIds = expected.map((e) => e.userId).filter((id) => !joined.has(id) && id !== s.hostId);
    if (absentIds.length) {
      const absent = await tx
        .select({ displayName: user.displayName, teacherNo: teacherProfile.teacherNo, school: orgUnit.name })
        .from(user)
        .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, user.id))
        .leftJoin(orgUnit, tenantEq(orgUnit.id, teacherProfile.schoolId))
        .where(inArray(user.id, absentIds))
        .orderBy(asc(user.displayName), asc(user.id));
      for (const a of absent) rows.push({ name: a.displayName, teacherNo: a.teacherNo ?? "", school: a.school ?? "", role: "缺席", firstJoinedAt: "", intervals: "", minutes: "", meets: need === null ? "—" : "否" });
    }
    return { title: s.title, rows };
  });
}

export async function exportLiveAttendance(opts: { db: Database; actor: TLiveActor; sessionId: string; now?: Date }): Promise<{ stream: Readable; fileName: string }> {
  const sheet = await liveAttendanceSheet(opts);
  const headers = ["姓名", "教师编号", "学校", "身份", "首次进入", "进出记录", "参加分钟", "达到学时要求"];
  const rows = sheet.rows.map((r) => [r.name, r.teacherNo, r.school, r.role, r.firstJoinedAt, r.intervals, r.minutes, r.meets]);
  return { stream: xlsxStream([{ name: "Sheet1", headers, rows }]), fileName: `${sheet.title}-考勤.xlsx` };
}
