import { sharingTransaction, type Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { chinaDay } from "../credits/status.ts";
import { myCredits } from "../credits/my-credits.ts";
import { myCourses } from "../courses/learning/my-courses.ts";
import { myLiveSessions } from "../live-record/my-sessions.ts";
import { studioAgenda } from "./studio-agenda.ts";

const show = 5;

/**
 * A teacher's home ("what do I do now"): 学时 toward the cycle requirement with the pace verdict (myCredits:
 * the same figures and the same `creditPace` rule as 我的学时), the courses to continue with their next unit,
 * the live sessions and offline check-ins ahead, assignments not yet passed, and the studios' next activities.
 * A master teacher's home shows the same learning part (readMasterTeacherHome). One transaction for all of
 * it (the parts share it), so one snapshot and one BEGIN/COMMIT per page.
 */
export async function readTeacherHome(opts: { db: Database; actor: TActor; today?: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const today = opts.today ?? chinaDay(now);
  const { actor } = opts;
  const { credits, courses, live, agenda } = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const db = sharingTransaction(opts.db, tx, actor.tenantId);
    const credits = await myCredits({ db, actor, today });
    const courses = await myCourses({ db, actor, now });
    const live = await myLiveSessions({ db, actor, now });
    const agenda = await studioAgenda({ db, actor, today, limit: show });
    return { credits, courses, live, agenda };
  });
  const active = courses.items.filter((c) => c.status === "active");
  const due = (c: (typeof active)[number]) => c.deadline ?? c.studyEndsAt ?? null;
  const t = credits.totals;
  return {
    today,
    credits: {
      cycle: t.cycle,
      cycleHours: t.cycleHours,
      requiredHours: t.requiredHours,
      percent: t.percent,
      pace: t.pace,
      expectedByNow: t.expectedByNow,
      year: t.year,
      yearHours: t.yearHours,
      yearlyMinimum: t.yearlyMinimum,
      yearShortfall: t.yearShortfall,
      remaining: Math.max(0, Math.round((t.requiredHours - t.cycleHours) * 10) / 10),
    },
    continueLearning: active
      .filter((c) => c.nextUnitId)
      .slice(0, 4)
      .map((c) => ({ courseId: c.courseId, title: c.title, progressPercent: c.progressPercent, nextUnitId: c.nextUnitId!, nextUnitTitle: c.nextUnitTitle, deadline: due(c) })),
    courseCount: active.length,
    sessions: live.filter((s) => s.status !== "ended").slice(0, show),
    checkIns: active
      .flatMap((c) => c.checkIns.map((u) => ({ ...u, courseId: c.courseId, courseTitle: c.title })))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .slice(0, show),
    assignments: active
      .flatMap((c) => c.assignments.map((u) => ({ ...u, courseId: c.courseId, courseTitle: c.title, due: due(c) })))
      .sort((a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity))
      .slice(0, show),
    studios: agenda.studios,
    studioActivities: agenda.activities,
  };
}

export type TTeacherHome = Awaited<ReturnType<typeof readTeacherHome>>;
