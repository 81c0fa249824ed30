import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { listMyCourses, type TMyCourse } from "../courses/authoring/courses.ts";
import { classList } from "../courses/classwork/class-list.ts";
import { gradingQueue } from "../courses/classwork/assignments.ts";
import { listMyNationalClasses } from "../federation/national-projects.ts";

export type TCourseState = "draft" | "inReview" | "published" | "returned" | "archived";

/** Where a course stands for its author: the version being worked on decides, a sent-back draft is 退回. */
export function courseState(c: Pick<TMyCourse, "courseStatus" | "versionStatus" | "returned">): TCourseState {
  if (c.courseStatus === "archived") return "archived";
  if (c.returned) return "returned";
  if (c.versionStatus === "inReview") return "inReview";
  if (c.versionStatus === "draft") return "draft";
  return "published";
}

/** How many submissions the grading list shows at most per course; beyond it the home says "N+". */
const gradingCap = 99;

/**
 * A trainer's home: their courses counted by state (草稿, 审核中, 已发布, 退回修改) with the ones needing
 * action, and each published course's class: submissions waiting for a grade and the offline sessions ahead
 * (to open the check-in screen). Composed from the authoring list, the grading queue and the class list.
 * On the platform host, an implementing university's staff also get the national classes they serve
 * (`national`; empty on a province, where listMyNationalClasses reads nothing).
 */
export async function readTrainerHome(opts: { db: Database; actor: TActor; now?: Date }) {
  const { db, actor } = opts;
  const now = opts.now ?? new Date();
  const mine = await listMyCourses({ db, actor });
  const own = mine.items;
  const counts: Record<TCourseState, number> = { draft: 0, inReview: 0, published: 0, returned: 0, archived: 0 };
  for (const c of own) counts[courseState(c)]++;
  const attention = own.filter((c) => ["returned", "draft"].includes(courseState(c))).slice(0, 5).map((c) => ({ courseId: c.courseId, title: c.title, state: courseState(c) }));
  const classes = [];
  for (const c of own.filter((x) => x.courseStatus === "published").slice(0, 10)) {
    const grading = await gradingQueue({ db, actor, courseId: c.courseId, limit: gradingCap });
    const list = await classList({ db, actor, courseId: c.courseId, limit: 1 });
    const nextCheckIn = list.offlineUnits
      .filter((u) => u.endsAt && Date.parse(u.endsAt) > now.getTime())
      .sort((a, b) => (a.startsAt ?? "").localeCompare(b.startsAt ?? ""))[0];
    classes.push({
      courseId: c.courseId,
      title: c.title,
      enrolled: c.enrolled,
      pendingGrading: grading.items.length,
      moreGrading: grading.next !== null,
      nextCheckIn: nextCheckIn ? { unitId: nextCheckIn.id, title: nextCheckIn.title, startsAt: nextCheckIn.startsAt!, place: nextCheckIn.place } : null,
    });
  }
  classes.sort((a, b) => b.pendingGrading - a.pendingGrading || (a.nextCheckIn?.startsAt ?? "~").localeCompare(b.nextCheckIn?.startsAt ?? "~"));
  const national = await listMyNationalClasses({ db, actor });
  return { total: mine.total, counts, attention, classes, national };
}

export type TTrainerHome = Awaited<ReturnType<typeof readTrainerHome>>;
