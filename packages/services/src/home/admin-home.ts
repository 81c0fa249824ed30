import { and, eq, gte, lt, or, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { adminScope } from "@yanxiu/domain/permissions";
import type { Database } from "@yanxiu/db/client";
import { course, creditAward, enrollment, liveSession, orgUnit, studio, teacherProfile } from "@yanxiu/db/schema";
import { inScope, type TActor } from "../org/scope.ts";
import { countTeachers } from "../people/list-teachers.ts";
import { readRollup } from "../rollups/read-rollup.ts";
import { listRosterImports } from "../imports/get-roster-import.ts";
import { listExternalRequests } from "../credits/external-awards.ts";
import { chinaDay } from "../credits/status.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { overdueReports } from "../projects/report.ts";

/** How many waiting requests the home counts exactly; beyond it it says "N+" (the review page pages through them). */
const requestCap = 99;
const importsShown = 20;

/** Monday 00:00 China time of `now`'s week, and the Monday after, as instants. */
export function chinaWeek(now: Date): { start: Date; end: Date } {
  const day = chinaDay(now);
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  const start = new Date(Date.parse(`${day}T00:00:00+08:00`) - weekday * 86_400_000);
  return { start, end: new Date(start.getTime() + 7 * 86_400_000) };
}

/**
 * A province or county admin's home, everything limited to their subtree: KPIs (teachers, the on-pace share
 * and this year's 学时 from the 统计汇总 rollup, courses being studied, live sessions this week), the on-pace
 * share of each unit one level down (the rollup's rows), this year's 学时 by month, and what waits for them
 * (roster imports with refused rows or a failure, external 学时 to approve). The rollup's figures are as of
 * its last run (`computedAt`); null until the first.
 */
export async function readAdminHome(opts: { db: Database; actor: TActor; now?: Date }) {
  const { db, actor } = opts;
  const scope = adminScope(actor.grants);
  if (scope !== "all" && scope.length === 0) throw new AppError("notFound", "not an administrator");
  const now = opts.now ?? new Date();
  const year = Number(chinaDay(now).slice(0, 4));
  const week = chinaWeek(now);

  const rollup = await readRollup({ db, actor });
  const teachers = await countTeachers({ db, actor, query: {} });
  const imports = await listRosterImports({ db, actor, limit: importsShown });
  const requests = await listExternalRequests({ db, actor, limit: requestCap });
  // The overdue 绩效评估报告 of projects this admin manages show here too (the owner unit's admins also get a message, decision 034).
  const overdue = await overdueReports({ db, actor, now });

  const live = await db.withTenant(actor.tenantId, async (tx) => {
    const byMonth = await tx
      .select({ month: sql<number>`extract(month from ${creditAward.countsFor})::int`, hours: sql<string>`sum(${creditAward.hours})` })
      .from(creditAward)
      .innerJoin(teacherProfile, tenantEq(teacherProfile.userId, creditAward.teacherId))
      .where(and(inScope(teacherProfile.orgPath, actor.grants), gte(creditAward.countsFor, `${year}-01-01`), lt(creditAward.countsFor, `${year + 1}-01-01`)))
      .groupBy(sql`1`);
    // Courses being studied: published courses with an active enrolment of a teacher in scope.
    const [courses] = await tx
      .select({ n: sql<number>`count(distinct ${course.id})::int` })
      .from(course)
      .innerJoin(enrollment, and(tenantEq(enrollment.courseId, course.id), eq(enrollment.status, "active")))
      .innerJoin(teacherProfile, tenantEq(teacherProfile.userId, enrollment.teacherId))
      .where(and(eq(course.status, "published"), inScope(teacherProfile.orgPath, actor.grants)));
    // A session is the area's when its studio is placed in the subtree or its host teaches there.
    const studioUnit = sql`(select ${orgUnit.path} from ${orgUnit} where ${orgUnit.tenantId} = ${studio.tenantId} and ${orgUnit.id} = ${studio.orgUnitId})`;
    const [sessions] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(liveSession)
      .leftJoin(studio, tenantEq(studio.id, liveSession.studioId))
      .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, liveSession.hostId))
      .where(
        and(
          gte(liveSession.scheduledStart, week.start),
          lt(liveSession.scheduledStart, week.end),
          scope === "all" ? sql`true` : or(inScope(teacherProfile.orgPath, actor.grants), scopeOfPath(studioUnit, scope)),
        ),
      );
    return { byMonth, activeCourses: courses?.n ?? 0, sessionsThisWeek: sessions?.n ?? 0 };
  });

  const hoursByMonth = Array.from({ length: 12 }, (_, i) => {
    const m = live.byMonth.find((r) => r.month === i + 1);
    return { month: i + 1, hours: m ? Math.round(Number(m.hours) * 10) / 10 : 0 };
  });
  const f = rollup.figures;
  return {
    unit: rollup.unit,
    year,
    kpis: {
      teachers,
      onPacePercent: f?.onPacePercent ?? null,
      hoursThisYear: f?.hoursThisYear ?? null,
      activeCourses: live.activeCourses,
      sessionsThisWeek: live.sessionsThisWeek,
      computedAt: f?.computedAt ?? null,
    },
    onPaceByArea: rollup.rows
      .filter((r) => r.depth === 1)
      .map((r) => ({ id: r.id, name: r.name, kind: r.kind, teachers: r.figures?.teachers ?? 0, onPacePercent: r.figures?.onPacePercent ?? null })),
    hoursByMonth,
    importAlerts: imports
      .filter((i) => i.status === "failed" || i.rejectedRows > 0)
      .slice(0, 3)
      .map((i) => ({ id: i.id, fileName: i.fileName, status: i.status, rejectedRows: i.rejectedRows, createdAt: i.createdAt })),
    pendingRequests: { count: requests.requests.length, more: requests.next !== null },
    overdueReports: overdue.slice(0, 5),
    canRecompute: rollup.canRecompute,
  };
}

/** `path` (an SQL expression) inside one of the administered subtrees. */
function scopeOfPath(path: ReturnType<typeof sql>, scope: string[]) {
  return or(...scope.map((p) => sql`${path} like ${`${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`))!;
}

export type TAdminHome = Awaited<ReturnType<typeof readAdminHome>>;
