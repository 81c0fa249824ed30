import { describe, expect, it } from "vitest";
import {
  attendanceSheetRefusal,
  classPollAnswerRefusal,
  coTeachingCredits,
  presentCountOf,
  tallyClassPoll,
  ZClassPollAnswer,
  ZClassroomAttendanceInput,
  ZCreateCoTeachingInput,
} from "./coteaching.ts";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const classroom = (over: Record<string, unknown> = {}) => ({ schoolId: id(1), grade: "七年级", className: "3班", headcount: 42, assistant: "fudao1", ...over });
const valid = (over: Record<string, unknown> = {}) => ({
  title: "双师课堂：古诗鉴赏",
  scheduledStart: new Date(Date.now() + 72 * 3600_000).toISOString(),
  scheduledMinutes: 45,
  creditHours: "1.5",
  classrooms: [classroom(), classroom({ assistant: "T0002", className: "4班" })],
  ...over,
});
const errorsOf = (input: unknown) => {
  const r = ZCreateCoTeachingInput.safeParse(input);
  if (r.success) return null;
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join(".")] ??= []).push(i.message);
  return out;
};

describe("creating a co-teaching session", () => {
  it("accepts a lecture with two classrooms and reads 学时 as tenths", () => {
    const r = ZCreateCoTeachingInput.parse(valid());
    expect(r.creditHours).toBe(1.5);
    expect(r.classrooms).toHaveLength(2);
    expect(r.scheduledStart).toBeInstanceOf(Date);
    expect(ZCreateCoTeachingInput.parse(valid({ creditHours: "" })).creditHours).toBe(0);
  });

  it("refuses bad fields one by one, in Chinese, naming the classroom's field", () => {
    expect(errorsOf(valid({ title: " " }))).toEqual({ title: ["请填写课堂标题"] });
    expect(errorsOf(valid({ scheduledStart: new Date(Date.now() - 24 * 3600_000).toISOString() }))).toEqual({ scheduledStart: ["开始时间不能早于当前时间"] });
    expect(errorsOf(valid({ creditHours: "1.25" }))).toEqual({ creditHours: ["学时最多保留一位小数"] });
    expect(errorsOf(valid({ creditHours: 21 }))).toEqual({ creditHours: ["单次双师课堂最多 20 学时"] });
    expect(errorsOf(valid({ creditHours: -1 }))).toEqual({ creditHours: ["学时不能为负"] });
    expect(errorsOf(valid({ classrooms: [] }))).toEqual({ classrooms: ["至少添加一个课堂"] });
    expect(errorsOf(valid({ classrooms: Array.from({ length: 13 }, (_, i) => classroom({ assistant: `a${i}` })) }))).toEqual({ classrooms: ["最多 12 个课堂"] });
    expect(errorsOf(valid({ classrooms: [classroom({ headcount: 0 })] }))).toEqual({ "classrooms.0.headcount": ["班级人数至少 1 人"] });
    expect(errorsOf(valid({ classrooms: [classroom({ headcount: 201 })] }))).toEqual({ "classrooms.0.headcount": ["班级人数不能超过 200 人"] });
    expect(errorsOf(valid({ classrooms: [classroom({ grade: "" })] }))).toEqual({ "classrooms.0.grade": ["请填写年级"] });
    expect(errorsOf(valid({ classrooms: [classroom(), classroom({ schoolId: "x", assistant: "fudao2" })] }))).toEqual({ "classrooms.1.schoolId": ["请选择课堂所在的学校"] });
  });

  it("refuses one assistant for two classrooms and a roster longer than the class", () => {
    expect(errorsOf(valid({ classrooms: [classroom({ assistant: "Fudao1" }), classroom()] }))).toEqual({ "classrooms.1.assistant": ["同一位辅导教师只能负责一个课堂"] });
    expect(errorsOf(valid({ classrooms: [classroom({ headcount: 1, roster: ["张三", "李四"] })] }))).toEqual({ "classrooms.0.roster": ["花名册人数不能超过班级人数"] });
  });
});

describe("a class's poll answer", () => {
  const base = { sessionId: id(1), pollId: id(2), classroomId: id(3) };
  it("is a choice or counts, not both and not neither", () => {
    expect(ZClassPollAnswer.safeParse({ ...base, choice: 1 }).success).toBe(true);
    expect(ZClassPollAnswer.safeParse({ ...base, counts: [20, 10] }).success).toBe(true);
    expect(ZClassPollAnswer.safeParse({ ...base }).error?.issues[0]?.message).toBe("请选择全班的答案，或按选项填写人数（二选一）");
    expect(ZClassPollAnswer.safeParse({ ...base, choice: 0, counts: [1, 2] }).success).toBe(false);
    expect(ZClassPollAnswer.safeParse({ ...base, counts: [-1, 2] }).success).toBe(false);
  });
  it("must fit the poll's options and the class's headcount", () => {
    const ctx = { optionCount: 3, headcount: 40 };
    expect(classPollAnswerRefusal({ choice: 2 }, ctx)).toBeNull();
    expect(classPollAnswerRefusal({ choice: 3 }, ctx)).toEqual({ choice: ["没有这个选项"] });
    expect(classPollAnswerRefusal({ counts: [10, 20] }, ctx)).toEqual({ counts: ["请为全部 3 个选项填写人数"] });
    expect(classPollAnswerRefusal({ counts: [10, 20, 10] }, ctx)).toBeNull();
    expect(classPollAnswerRefusal({ counts: [10, 20, 11] }, ctx)).toEqual({ counts: ["各选项人数合计 41，超过班级人数 40"] });
  });
});

describe("the attendance sheet", () => {
  const base = { sessionId: id(1), classroomId: id(3) };
  it("takes a count up to the headcount", () => {
    expect(ZClassroomAttendanceInput.parse({ ...base, presentCount: "38" }).presentCount).toBe(38);
    expect(attendanceSheetRefusal({ presentCount: 42 }, { headcount: 42, roster: null })).toBeNull();
    expect(attendanceSheetRefusal({ presentCount: 43 }, { headcount: 42, roster: null })).toEqual({ presentCount: ["到课人数不能超过班级人数 42"] });
    expect(ZClassroomAttendanceInput.safeParse({ ...base }).success).toBe(false);
  });
  it("takes names only from a loaded roster, each once", () => {
    const roster = ["张三", "李四", "王五"];
    expect(attendanceSheetRefusal({ presentNames: ["张三"] }, { headcount: 3, roster: null })).toEqual({ presentNames: ["本班没有导入花名册，请填写到课人数"] });
    expect(attendanceSheetRefusal({ presentNames: ["张三", "赵六"] }, { headcount: 3, roster })).toEqual({ presentNames: ["花名册中没有：赵六"] });
    expect(attendanceSheetRefusal({ presentNames: ["张三", "张三"] }, { headcount: 3, roster })).toEqual({ presentNames: ["同一名学生勾选了两次"] });
    expect(attendanceSheetRefusal({ presentNames: ["张三", "王五"] }, { headcount: 3, roster })).toBeNull();
    expect(presentCountOf({ presentNames: ["张三", "王五"] })).toBe(2);
    expect(presentCountOf({ presentCount: 7, presentNames: null })).toBe(7);
  });
});

describe("the class-level tally", () => {
  const poll = { pollId: id(9), status: "open" as const, optionCount: 3 };
  it("gives results per classroom and in total, choices as classes and counts as students", () => {
    const t = tallyClassPoll(poll, [id(1), id(2), id(3), id(4)], [
      { classroomId: id(1), choice: 0, counts: null },
      { classroomId: id(2), choice: null, counts: [10, 25, 5] },
      { classroomId: id(3), choice: 0, counts: null },
    ]);
    expect(t.classrooms.map((c) => [c.answered, c.choice, c.counts])).toEqual([
      [true, 0, null],
      [true, null, [10, 25, 5]],
      [true, 0, null],
      [false, null, null],
    ]);
    expect(t.total).toEqual({ answered: 3, classrooms: 4, classChoices: [2, 0, 0], students: [10, 25, 5] });
  });
  it("counts a classroom once and ignores strangers and out-of-range answers", () => {
    const t = tallyClassPoll(poll, [id(1), id(2)], [
      { classroomId: id(1), choice: 1, counts: null },
      { classroomId: id(1), choice: 2, counts: null },
      { classroomId: id(7), choice: 1, counts: null },
      { classroomId: id(2), choice: 5, counts: null },
    ]);
    expect(t.total).toEqual({ answered: 1, classrooms: 2, classChoices: [0, 1, 0], students: [0, 0, 0] });
    expect(t.classrooms[1]).toEqual({ classroomId: id(2), answered: false, choice: null, counts: null });
  });
});

describe("who earns the session's 学时", () => {
  it("the lecturer and each assistant who stayed 80 % of the session as it ran", () => {
    const people = [
      { userId: "l", role: "lecturer" as const, minutes: 40 },
      { userId: "a", role: "assistant" as const, minutes: 36 },
      { userId: "b", role: "assistant" as const, minutes: 35 },
      { userId: "c", role: "assistant" as const, minutes: 0 },
    ];
    const r = coTeachingCredits({ lengthMinutes: 45, plannedMinutes: 45, creditHours: 1 }, people);
    expect(r.map((p) => [p.userId, p.threshold, p.earns, p.hours])).toEqual([
      ["l", 36, true, 1],
      ["a", 36, true, 1],
      ["b", 36, false, 1],
      ["c", 36, false, 1],
    ]);
  });
  it("nobody when the session carries no 学时", () => {
    expect(coTeachingCredits({ lengthMinutes: 45, plannedMinutes: 45, creditHours: 0 }, [{ userId: "l", role: "lecturer", minutes: 45 }])[0]!.earns).toBe(false);
  });
  it("the session's 学时 scale with the time it was held: a 1-minute session earns nothing, half the plan earns half", () => {
    const lecturer = (minutes: number) => [{ userId: "l", role: "lecturer" as const, minutes }];
    expect(coTeachingCredits({ lengthMinutes: 1, plannedMinutes: 45, creditHours: 2 }, lecturer(1))[0]).toMatchObject({ earns: false, hours: 0 });
    expect(coTeachingCredits({ lengthMinutes: 30, plannedMinutes: 60, creditHours: 2 }, lecturer(30))[0]).toMatchObject({ earns: true, hours: 1 });
  });
});
