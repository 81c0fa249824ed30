import { z } from "zod";
import { liveLimits, liveScheduleFields } from "./live.ts";
import { liveSessionCredit } from "./progress.ts";

/**
 * 双师 co-teaching (issue 7): a lecturer (主讲教师, the live session's host) teaches N remote classrooms,
 * each a school class run by its assistant teacher (辅导教师). What a form or a socket sends (parsed with
 * the schemas below, messages in Chinese), the class-level poll tally, the attendance sheet and who earns
 * the session's 学时. Pure: the services in packages/services (`@yanxiu/services/coteaching`) apply them.
 */

const ZId = z.uuid();

export const coTeachingLimits = {
  maxClassrooms: 12,
  maxHeadcount: 200,
  maxCreditHours: 20,
  gradeChars: 20,
  classNameChars: 30,
  studentNameChars: 30,
} as const;

// ─── Creating a session ──────────────────────────────────────────────────────────────────────────

const ZStudentName = z.string("请填写学生姓名").trim().min(1, "学生姓名不能为空").max(coTeachingLimits.studentNameChars, `学生姓名不能超过 ${coTeachingLimits.studentNameChars} 个字`);

/** 学时 with at most one decimal (tenths), 0–20; a blank form field is 0 (no 学时). */
export const ZCoTeachingCreditHours = z.preprocess(
  (v) => (v === "" || v == null ? 0 : typeof v === "string" ? Number(v) : v),
  z
    .number("学时须为数字")
    .min(0, "学时不能为负")
    .max(coTeachingLimits.maxCreditHours, `单次双师课堂最多 ${coTeachingLimits.maxCreditHours} 学时`)
    .refine((n) => Math.abs(Math.round(n * 10) - n * 10) < 1e-9, "学时最多保留一位小数"),
);

export const ZClassroomInput = z
  .object({
    /** The class's school: an org unit of kind `school` in the tenant. */
    schoolId: z.uuid("请选择课堂所在的学校"),
    grade: z.string("请填写年级").trim().min(1, "请填写年级").max(coTeachingLimits.gradeChars, `年级不能超过 ${coTeachingLimits.gradeChars} 个字`),
    className: z
      .string("请填写班级名称")
      .trim()
      .min(1, "请填写班级名称")
      .max(coTeachingLimits.classNameChars, `班级名称不能超过 ${coTeachingLimits.classNameChars} 个字`),
    headcount: z.coerce
      .number("请填写班级人数")
      .int("班级人数须为整数")
      .min(1, "班级人数至少 1 人")
      .max(coTeachingLimits.maxHeadcount, `班级人数不能超过 ${coTeachingLimits.maxHeadcount} 人`),
    /** The assistant teacher (辅导教师), by account or 教师编号. */
    assistant: z.string("请填写辅导教师的账号或教师编号").trim().min(1, "请填写辅导教师的账号或教师编号").max(64, "账号不能超过 64 个字符"),
    /** The class roster (names), when the school loaded one: the attendance sheet then takes names. */
    roster: z.array(ZStudentName, "花名册须为姓名列表").max(coTeachingLimits.maxHeadcount, `花名册不能超过 ${coTeachingLimits.maxHeadcount} 人`).optional(),
  })
  .strict();
export type TClassroomInput = z.infer<typeof ZClassroomInput>;

export const ZCreateCoTeachingInput = z
  .object({
    ...liveScheduleFields("课堂标题"),
    creditHours: ZCoTeachingCreditHours,
    classrooms: z
      .array(ZClassroomInput, "请添加课堂")
      .min(1, "至少添加一个课堂")
      .max(coTeachingLimits.maxClassrooms, `最多 ${coTeachingLimits.maxClassrooms} 个课堂`),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.classrooms.forEach((c, i) => {
      const k = c.assistant.toLowerCase();
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: ["classrooms", i, "assistant"], message: "同一位辅导教师只能负责一个课堂" });
      else seen.set(k, i);
      if (c.roster) {
        if (c.roster.length > c.headcount) ctx.addIssue({ code: "custom", path: ["classrooms", i, "roster"], message: "花名册人数不能超过班级人数" });
        if (new Set(c.roster).size !== c.roster.length) ctx.addIssue({ code: "custom", path: ["classrooms", i, "roster"], message: "花名册中有重名，请加以区分" });
      }
    });
  });
export type TCreateCoTeachingInput = z.infer<typeof ZCreateCoTeachingInput>;

// ─── The class's poll answer ─────────────────────────────────────────────────────────────────────

/**
 * The assistant answers a poll for the whole class: either the class's `choice` (one option index) or
 * `counts` (how many students chose each option). The shape only; `classPollAnswerRefusal` checks it
 * against the poll's options and the classroom's headcount.
 */
export const ZClassPollAnswer = z
  .object({
    sessionId: ZId,
    pollId: ZId,
    classroomId: ZId,
    choice: z.number("请选择一个选项").int("请选择一个选项").min(0, "请选择一个选项").optional(),
    counts: z
      .array(z.number("人数须为数字").int("人数须为整数").min(0, "人数不能为负").max(coTeachingLimits.maxHeadcount, `人数不能超过 ${coTeachingLimits.maxHeadcount}`), "请按选项填写人数")
      .max(liveLimits.pollMaxOptions, "选项数不对")
      .optional(),
  })
  .strict()
  .refine((a) => (a.choice === undefined) !== (a.counts === undefined), { path: ["choice"], message: "请选择全班的答案，或按选项填写人数（二选一）" });
export type TClassPollAnswer = z.infer<typeof ZClassPollAnswer>;

/** Field errors (Chinese) for an answer that does not fit the poll or the class, or null when it fits. */
export function classPollAnswerRefusal(a: Pick<TClassPollAnswer, "choice" | "counts">, ctx: { optionCount: number; headcount: number }): Record<string, string[]> | null {
  if (a.choice !== undefined && a.choice >= ctx.optionCount) return { choice: ["没有这个选项"] };
  if (a.counts !== undefined) {
    if (a.counts.length !== ctx.optionCount) return { counts: [`请为全部 ${ctx.optionCount} 个选项填写人数`] };
    const sum = a.counts.reduce((s, n) => s + n, 0);
    if (sum > ctx.headcount) return { counts: [`各选项人数合计 ${sum}，超过班级人数 ${ctx.headcount}`] };
  }
  return null;
}

// ─── The class's questions ───────────────────────────────────────────────────────────────────────

/** A question the assistant relays from the class to the lecturer. */
export const ZClassQuestion = z
  .object({
    sessionId: ZId,
    classroomId: ZId,
    body: z.string("请填写问题").trim().min(1, "请填写问题").max(500, "问题不能超过 500 个字"),
  })
  .strict();
export type TClassQuestion = z.infer<typeof ZClassQuestion>;
/** The lecturer marks a classroom's question answered. */
export const ZClassQuestionAnswered = z.object({ sessionId: ZId, questionId: ZId }).strict();

// ─── The attendance sheet ────────────────────────────────────────────────────────────────────────

/** The assistant's attendance sheet: how many are present, or (when a roster is loaded) who. */
export const ZClassroomAttendanceInput = z
  .object({
    sessionId: ZId,
    classroomId: ZId,
    presentCount: z.coerce.number("请填写到课人数").int("到课人数须为整数").min(0, "到课人数不能为负").optional(),
    presentNames: z.array(ZStudentName, "请勾选到课学生").max(coTeachingLimits.maxHeadcount, `不能超过 ${coTeachingLimits.maxHeadcount} 人`).optional(),
  })
  .strict()
  .refine((a) => (a.presentCount === undefined) !== (a.presentNames === undefined), { path: ["presentCount"], message: "请填写到课人数，或勾选到课学生（二选一）" });
export type TClassroomAttendanceInput = z.infer<typeof ZClassroomAttendanceInput>;

/** Field errors for a sheet that does not fit the class (headcount, roster), or null. */
export function attendanceSheetRefusal(
  a: Pick<TClassroomAttendanceInput, "presentCount" | "presentNames">,
  ctx: { headcount: number; roster: readonly string[] | null },
): Record<string, string[]> | null {
  if (a.presentCount !== undefined && a.presentCount > ctx.headcount) return { presentCount: [`到课人数不能超过班级人数 ${ctx.headcount}`] };
  if (a.presentNames !== undefined) {
    if (!ctx.roster) return { presentNames: ["本班没有导入花名册，请填写到课人数"] };
    const roster = new Set(ctx.roster);
    const unknown = a.presentNames.filter((n) => !roster.has(n));
    if (unknown.length) return { presentNames: [`花名册中没有：${unknown.slice(0, 5).join("、")}`] };
    if (new Set(a.presentNames).size !== a.presentNames.length) return { presentNames: ["同一名学生勾选了两次"] };
  }
  return null;
}

/** How many are present according to a sheet. */
export function presentCountOf(a: { presentCount?: number | null; presentNames?: readonly string[] | null }): number {
  return a.presentNames ? new Set(a.presentNames).size : (a.presentCount ?? 0);
}

// ─── Tallies ─────────────────────────────────────────────────────────────────────────────────────

export type TClassAnswerFacts = { classroomId: string; choice: number | null; counts: number[] | null };
export type TClassroomPollResult = { classroomId: string; answered: boolean; choice: number | null; counts: number[] | null };
export type TClassPollTally = {
  pollId: string;
  status: "open" | "closed";
  classrooms: TClassroomPollResult[];
  total: {
    /** Classrooms that answered, of how many. */
    answered: number;
    classrooms: number;
    /** Per option, how many classrooms chose it as a class (`choice` answers). */
    classChoices: number[];
    /** Per option, how many students chose it, summed over the classrooms that answered with `counts`. */
    students: number[];
  };
};

/**
 * Results per classroom (in the order given) and in total. A class's `choice` counts as one class's vote;
 * `counts` add up as students. Each classroom counts once: only its first answer is kept (the database
 * refuses a second one anyway), answers of classrooms not in the list and options out of range are ignored.
 */
export function tallyClassPoll(
  poll: { pollId: string; status: "open" | "closed"; optionCount: number },
  classroomIds: readonly string[],
  answers: readonly TClassAnswerFacts[],
): TClassPollTally {
  const n = poll.optionCount;
  const zeros = () => Array.from({ length: n }, () => 0);
  const first = new Map<string, TClassAnswerFacts>();
  for (const a of answers) if (!first.has(a.classroomId)) first.set(a.classroomId, a);
  const classChoices = zeros();
  const students = zeros();
  let answered = 0;
  const classrooms = classroomIds.map((classroomId): TClassroomPollResult => {
    const a = first.get(classroomId);
    const choice = a?.choice != null && Number.isInteger(a.choice) && a.choice >= 0 && a.choice < n ? a.choice : null;
    const counts = a?.counts && a.counts.length === n ? a.counts.map((c) => Math.max(0, Math.trunc(c))) : null;
    if (choice === null && counts === null) return { classroomId, answered: false, choice: null, counts: null };
    answered++;
    if (choice !== null) classChoices[choice]! += 1;
    if (counts) counts.forEach((c, i) => (students[i]! += c));
    return { classroomId, answered: true, choice, counts };
  });
  return { pollId: poll.pollId, status: poll.status, classrooms, total: { answered, classrooms: classroomIds.length, classChoices, students } };
}

// ─── Who earns the session's 学时 ────────────────────────────────────────────────────────────────

export type TCoTeachingRole = "lecturer" | "assistant";
/** `hours`: what the session gives as it was held (the same for everyone who earns it). */
export type TCoTeachingCredit = { userId: string; role: TCoTeachingRole; minutes: number; threshold: number; hours: number; earns: boolean };

/**
 * The lecturer and each assistant earn the session's 学时 when they stayed at least 80 % of the session as
 * it ran — the studio session's rule, `liveSessionCredit`: the 学时 scale with the time held against the
 * `plannedMinutes`, and a session held under 10 minutes gives none.
 */
export function coTeachingCredits(
  session: { lengthMinutes: number; plannedMinutes: number; creditHours: number },
  people: readonly { userId: string; role: TCoTeachingRole; minutes: number }[],
): TCoTeachingCredit[] {
  const held = { creditHours: session.creditHours, plannedMinutes: session.plannedMinutes, heldMinutes: session.lengthMinutes };
  return people.map((p) => ({ ...p, ...liveSessionCredit({ ...held, attendedMinutes: p.minutes }) }));
}

// ─── What the services return (the lecturer's tiles, the record) ─────────────────────────────────

export type TClassroomFacts = {
  id: string;
  position: number;
  schoolId: string;
  schoolName: string;
  grade: string;
  className: string;
  headcount: number;
  assistantId: string;
  assistantName: string;
  /** Whether a class roster is loaded (the attendance sheet then takes names). */
  hasRoster: boolean;
};

export type TCoTeachingSessionFacts = {
  sessionId: string;
  title: string;
  lecturerId: string;
  scheduledStart: string;
  scheduledMinutes: number;
  creditHours: number;
  classrooms: TClassroomFacts[];
};

/** One tile of the lecturer's view. */
export type TCoTeachingTile = TClassroomFacts & {
  /** The assistant has an open attendance interval for this classroom (a socket in the room). */
  connected: boolean;
  handRaised: boolean;
  /** From the attendance sheet; null until the assistant saved one. */
  presentCount: number | null;
  /** The classroom's oldest question the lecturer has not marked answered, or null. */
  pendingQuestion?: { id: string; body: string; createdAt: string } | null;
  /** The classroom's answer to the current (latest) poll, or null. */
  currentAnswer: { pollId: string; choice: number | null; counts: number[] | null } | null;
};
export type TCoTeachingTiles = { sessionId: string; currentPollId: string | null; tiles: TCoTeachingTile[] };

export type TCoTeachingRecordClassroom = TClassroomFacts & {
  assistantMinutes: number;
  presentCount: number | null;
  presentNames: string[] | null;
  /** Polls the classroom answered, of how many were asked. */
  pollsAnswered: number;
};
export type TCoTeachingRecord = {
  sessionId: string;
  title: string;
  startedAt: string | null;
  endedAt: string;
  lengthMinutes: number;
  creditHours: number;
  /** What the session gives as it was held (`liveSessionCreditHours`): `creditHours` or its share. */
  earnedHours: number;
  lecturer: { userId: string; minutes: number; earns: boolean };
  classrooms: (TCoTeachingRecordClassroom & { earns: boolean })[];
  polls: (TClassPollTally & { question: string; options: string[] })[];
  totals: { classrooms: number; headcount: number; present: number; assistantsEarning: number; classroomsConnected: number };
};
