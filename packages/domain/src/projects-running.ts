import { z } from "zod";
import { ZDay, ZLine } from "./projects.ts";

/**
 * Running a training project (issue 16): 编班 (splitting approved trainees into classes, automatically balanced
 * per subject or by hand), the schedule of sessions, 报到 and attendance per day counted against the project's
 * required days. Pure rules; packages/services/src/projects applies them (decision 023 in packages/services).
 */

const ZId = z.uuid("记录不存在");
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const ZCheckbox = z.preprocess((v) => v === true || v === "on" || v === "1" || v === "true", z.boolean());

// ─── 编班: classes ─────────────────────────────────────────────────────────────────────────────

/** The largest class the automatic split makes, and the default. */
export const maxClassSize = 200;
export const defaultClassSize = 50;

/** A trainee as the split sees them: the approved nomination, the subject they are trained in, and a sort key. */
export type TClassTrainee = { id: string; subject: string; sortKey: string };
export type TFormedClass = { subject: string; seq: number; name: string; members: string[] };

/** Code-point order: the same on every machine and locale (localeCompare is not). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A class's name from its subject and number within the subject: 语文1班, or 1班 without a subject. */
export function className(subject: string, seq: number): string {
  return `${subject}${seq}班`;
}

/**
 * Splits trainees into classes per subject: each subject gets ceil(n / classSize) classes and its trainees are
 * dealt round-robin in sort-key order (the sort key starts with the school, so a school's teachers spread over
 * the classes), so sizes within a subject differ by at most one. Deterministic: the same trainees in any order
 * give the same classes.
 */
export function autoBalanceClasses(trainees: readonly TClassTrainee[], classSize: number): TFormedClass[] {
  if (!Number.isInteger(classSize) || classSize < 1) throw new RangeError("classSize must be a positive integer");
  const bySubject = new Map<string, TClassTrainee[]>();
  for (const t of trainees) bySubject.set(t.subject, [...(bySubject.get(t.subject) ?? []), t]);
  const out: TFormedClass[] = [];
  for (const subject of [...bySubject.keys()].sort(cmp)) {
    const list = [...bySubject.get(subject)!].sort((a, b) => cmp(a.sortKey, b.sortKey) || cmp(a.id, b.id));
    const count = Math.ceil(list.length / classSize);
    const classes: TFormedClass[] = Array.from({ length: count }, (_, i) => ({ subject, seq: i + 1, name: className(subject, i + 1), members: [] }));
    list.forEach((t, i) => classes[i % count]!.members.push(t.id));
    out.push(...classes);
  }
  return out;
}

/** The subject a trainee is trained in: their seat's subject when the seats were split by subject, else the first of the teacher's subjects the project lists, else their first subject. */
export function traineeSubject(quotaKey: string, projectSubjects: readonly string[], teacherSubjects: readonly string[]): string {
  if (quotaKey !== "" && (projectSubjects.length === 0 || projectSubjects.includes(quotaKey))) return quotaKey;
  return teacherSubjects.find((s) => projectSubjects.includes(s)) ?? projectSubjects[0] ?? teacherSubjects[0] ?? "";
}

export const ZFormClassesInput = z
  .object({
    projectId: ZId,
    classSize: z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v),
      z.coerce.number("每班人数须为整数").int("每班人数须为整数").min(1, "每班人数至少 1").max(maxClassSize, `每班人数不超过 ${maxClassSize}`),
    ),
  })
  .strict();

export const ZMoveTraineeInput = z.object({ projectId: ZId, nominationId: ZId, classId: z.preprocess(blank, z.uuid("请选择班级")) }).strict();

export const ZAddClassInput = z
  .object({ projectId: ZId, subject: z.preprocess((v) => (v == null ? "" : v), ZLine(20, "学科")), name: ZLine(30, "班级名称").pipe(z.string().min(1, "请填写班级名称")) })
  .strict();

/** 班主任: one per class (blank clears it). */
export const ZSetHeadTeacherInput = z.object({ classId: ZId, userId: z.preprocess(blank, z.uuid("请选择班主任").optional()) }).strict();
/** 导师: several per class. */
export const ZClassMentorInput = z.object({ classId: ZId, userId: z.preprocess(blank, z.uuid("请选择导师")) }).strict();
export const maxMentorsPerClass = 20;

export const ZImplementingUnitInput = z.object({ projectId: ZId, unitId: z.preprocess(blank, z.uuid("请选择实施单位").optional()) }).strict();

/** The search for 班主任 and mentors: teachers of the province by name or 教师编号. */
export const ZStaffSearchQuery = z.object({ projectId: ZId, q: z.preprocess(blank, ZLine(50, "姓名或教师编号").optional()) }).strict();

// ─── The schedule ──────────────────────────────────────────────────────────────────────────────

/**
 * 集中研修 days (checked in with the unit's code, counted as days), and references to what exists elsewhere: a
 * catalog course, a studio live session, an offline session of a course (with its own check-in).
 */
export const sessionKinds = ["concentrated", "course", "live", "offline"] as const;
export type TSessionKind = (typeof sessionKinds)[number];

const ZClock = z.string("请填写时间").trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "时间格式为 时:分（如 08:30）");

export const ZCreateSessionInput = z
  .object({
    projectId: ZId,
    title: ZLine(60, "日程名称").pipe(z.string().min(1, "请填写日程名称")),
    kind: z.enum(sessionKinds, "请选择日程类型"),
    day: ZDay,
    startsAt: ZClock,
    endsAt: ZClock,
    place: z.preprocess((v) => (v == null ? "" : v), ZLine(80, "地点")),
    /** The course, live session or course unit it refers to (a reference, not a copy). */
    refId: z.preprocess(blank, z.uuid("引用的记录编号无效").optional()),
    /** 必修 (decision 036): only a `course` session with a catalog course may be required. */
    required: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
  })
  .strict()
  .refine((v) => v.endsAt > v.startsAt, { path: ["endsAt"], message: "结束时间须晚于开始时间" })
  .refine((v) => !v.required || (v.kind === "course" && v.refId !== undefined), { path: ["required"], message: "只有引用了课程的课程学习日程才能设为必修" });
export type TCreateSessionInput = z.infer<typeof ZCreateSessionInput>;

export const ZSessionRef = z.object({ sessionId: ZId }).strict();

/** 设为必修 / 取消必修 of a course session (decision 036). */
export const ZSessionRequiredInput = z.object({ sessionId: ZId, required: z.preprocess((v) => (v === "true" || v === "on" ? true : v === "false" ? false : v), z.boolean("请选择是否必修")) }).strict();
export type TSessionRequiredInput = z.infer<typeof ZSessionRequiredInput>;

/** Whether a session's day counts as a day of attendance (a concentrated day): the others are references only. */
export function sessionCountsAsDay(kind: TSessionKind): boolean {
  return kind === "concentrated";
}

// ─── 报到 and attendance ───────────────────────────────────────────────────────────────────────

/** The check-in opens this long before a session starts and closes when it ends. */
export const sessionCheckInOpensMinutes = 60;

/** A session's start and end as instants: its day and clock times are China time (UTC+8, no DST). */
export function sessionInstants(s: { day: string; startsAt: string; endsAt: string }): { startsAt: Date; endsAt: Date; opensAt: Date } {
  const at = (clock: string) => new Date(`${s.day}T${clock.slice(0, 5)}:00+08:00`);
  const startsAt = at(s.startsAt);
  return { startsAt, endsAt: at(s.endsAt), opensAt: new Date(startsAt.getTime() - sessionCheckInOpensMinutes * 60_000) };
}

export type TSessionWindow = "notOpen" | "open" | "closed";

export function sessionCheckInWindow(s: { day: string; startsAt: string; endsAt: string }, now: Date): TSessionWindow {
  const w = sessionInstants(s);
  if (now < w.opensAt) return "notOpen";
  return now >= w.endsAt ? "closed" : "open";
}

export const ZProjectCheckInInput = z
  .object({ sessionId: ZId, code: z.string("请输入签到码").trim().regex(/^\d{6}$/, "签到码为 6 位数字") })
  .strict();

/** The unit marks a trainee present or absent on a day by hand (a trainee without a phone, a code missed). */
export const ZMarkAttendanceInput = z
  .object({ projectId: ZId, nominationId: ZId, day: ZDay, present: ZCheckbox })
  .strict();

export type TTraineeDays = { nominationId: string; days: readonly string[] };
export type TTraineeProgress = { nominationId: string; attended: number; required: number; remaining: number; met: boolean; registeredOn: string | null };

/**
 * Days attended against the project's required days, per trainee: a day counts once however many sessions or
 * check-ins it had; 报到 is the first day attended. A project that requires no days is met by everyone — the
 * 学时认定 slice reads `met` with its other rules (courses, assignments, score).
 */
export function projectProgress(requiredDays: number, trainees: readonly TTraineeDays[]): TTraineeProgress[] {
  const required = Math.max(0, Math.trunc(requiredDays));
  return trainees.map((t) => {
    const days = [...new Set(t.days)].sort(cmp);
    const attended = days.length;
    return { nominationId: t.nominationId, attended, required, remaining: Math.max(0, required - attended), met: attended >= required, registeredOn: days[0] ?? null };
  });
}

// ─── 考核: assessment items, scores and the rule for 学时认定 ─────────────────────────────────────

/**
 * 考核项目 (decision 031): what a trainee hands in or sits — 作业, 考试, 研修成果 … — each with a maximum score; the
 * total is the plain sum of the scores (no weights). A `required` item must have a score (be submitted); a blank
 * score means not submitted. The project's pass mark is a percentage of the maximum total (0 = no score rule).
 */
export const assessmentKinds = ["assignment", "exam", "other"] as const;
export type TAssessmentKind = (typeof assessmentKinds)[number];
export const maxAssessmentItems = 20;
export const defaultMaxScore = 100;
export const defaultPassPercent = 60;

const tenths = (n: number) => Math.round(n * 10);

export const ZAssessmentItemInput = z
  .object({
    projectId: ZId,
    /** Blank: a new item. */
    itemId: z.preprocess(blank, ZId.optional()),
    name: ZLine(40, "考核项目名称").pipe(z.string().min(1, "请填写考核项目名称")),
    kind: z.enum(assessmentKinds, "请选择考核类型"),
    maxScore: z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? defaultMaxScore : v.trim()) : (v ?? defaultMaxScore)),
      z.coerce.number("满分须为整数").int("满分须为整数").min(1, "满分至少 1").max(1000, "满分不超过 1000"),
    ),
    required: ZCheckbox,
    dueOn: z.preprocess(blank, ZDay.optional()),
  })
  .strict();
export type TAssessmentItemInput = z.infer<typeof ZAssessmentItemInput>;

export const ZAssessmentItemRef = z.object({ projectId: ZId, itemId: ZId }).strict();

export const ZPassMarkInput = z
  .object({
    projectId: ZId,
    passPercent: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() : v),
      z.coerce.number("及格线须为 0–100 的整数").int("及格线须为 0–100 的整数").min(0, "及格线须为 0–100 的整数").max(100, "及格线须为 0–100 的整数"),
    ),
  })
  .strict();

/** A score as typed: blank = not submitted (null), else 0 … 1000 with at most one decimal (the item's max is checked by the service). */
export const ZScoreValue = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : v === undefined ? null : v),
  z.coerce
    .number("成绩须为数字")
    .finite("成绩须为数字")
    .min(0, "成绩不能为负")
    .max(1000, "成绩不超过 1000")
    .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, "成绩最多一位小数")
    .nullable(),
);

/** One trainee's row of the grid: parallel `item[]` / `score[]` fields, one per item shown. */
export const ZSetScoresInput = z
  .object({
    projectId: ZId,
    nominationId: ZId,
    item: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(ZId).min(1, "没有考核项目").max(maxAssessmentItems)),
    score: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(ZScoreValue).max(maxAssessmentItems)),
  })
  .strict()
  .refine((v) => v.item.length === v.score.length && new Set(v.item).size === v.item.length, { path: ["score"], message: "成绩与考核项目不对应" });

export const ZAssessmentQuery = z
  .object({
    projectId: ZId,
    q: z.preprocess(blank, ZLine(50, "姓名或教师编号").optional()),
    page: z.preprocess(blank, z.coerce.number().int().min(1).max(1000).default(1)),
    size: z.preprocess(blank, z.coerce.number().int().refine((n) => [20, 50, 100].includes(n), "size").default(50)),
  })
  .strict();

export type TAssessmentItemRule = { id: string; maxScore: number; required: boolean };
/** Why a trainee does not meet the rule: 天数不足, 缺少必考项, 总分未达标, 必修课程未完成. */
export const completionReasons = ["days", "requiredItem", "score", "requiredCourse"] as const;
export type TCompletionReason = (typeof completionReasons)[number];

/** The lowest total that passes: the pass percentage of the maximum total, in tenths, rounded up. */
export function passScore(items: readonly { maxScore: number }[], passPercent: number): number {
  const maxTotal = items.reduce((s, i) => s + i.maxScore, 0);
  return Math.ceil((maxTotal * 10 * passPercent) / 100) / 10;
}

/**
 * Whether a trainee met the project's rule for 学时认定, and why not: days attended ≥ the required days
 * (`projectProgress`), every required item scored, and — when the project has items and a pass mark — the total
 * (plain sum of the scores, blank = 0) ≥ `passScore`, and every 必修 catalog course completed (decision 036: any
 * enrolment of the teacher in that course with status completed). Every reason that applies is listed, in that order.
 */
export function completionCheck(input: {
  requiredDays: number;
  attended: number;
  items: readonly TAssessmentItemRule[];
  scores: Readonly<Record<string, number | null | undefined>>;
  passPercent: number;
  /** The catalog courses of the project's 必修 sessions (decision 036), and those this trainee has completed. */
  requiredCourses?: readonly string[];
  completedCourses?: ReadonlySet<string>;
}): { met: boolean; reasons: TCompletionReason[]; total: number; maxTotal: number; passScore: number; missing: string[]; coursesMissing: string[] } {
  const required = Math.max(0, Math.trunc(input.requiredDays));
  const reasons: TCompletionReason[] = [];
  if (input.attended < required) reasons.push("days");
  const missing = input.items.filter((i) => i.required && (input.scores[i.id] === null || input.scores[i.id] === undefined)).map((i) => i.id);
  if (missing.length) reasons.push("requiredItem");
  const totalTenths = input.items.reduce((s, i) => s + tenths(input.scores[i.id] ?? 0), 0);
  const maxTotal = input.items.reduce((s, i) => s + i.maxScore, 0);
  const pass = passScore(input.items, input.passPercent);
  if (input.items.length > 0 && totalTenths < tenths(pass)) reasons.push("score");
  const done = input.completedCourses ?? new Set<string>();
  const coursesMissing = [...new Set(input.requiredCourses ?? [])].filter((c) => !done.has(c));
  if (coursesMissing.length) reasons.push("requiredCourse");
  return { met: reasons.length === 0, reasons, total: totalTenths / 10, maxTotal, passScore: pass, missing, coursesMissing };
}
