import { describe, expect, it } from "vitest";
import {
  attendanceState,
  checkInWindow,
  creditHoursMismatch,
  gradeQuiz,
  nextVersionStatus,
  publishProblems,
  selfEnrollRefusal,
  shuffled,
  sniffFileType,
  ZCourseFacts,
  ZQuizQuestion,
  ZReviewInput,
  ZUnitInput,
  type TQuizQuestion,
} from "./courses.ts";

const q1 = "00000000-0000-4000-8000-000000000001";
const q2 = "00000000-0000-4000-8000-000000000002";
const q3 = "00000000-0000-4000-8000-000000000003";
const questions: TQuizQuestion[] = [
  { id: q1, kind: "single", prompt: "1+1", options: [{ id: "a", text: "1" }, { id: "b", text: "2" }], correct: ["b"] },
  { id: q2, kind: "multiple", prompt: "偶数", options: [{ id: "a", text: "2" }, { id: "b", text: "3" }, { id: "c", text: "4" }], correct: ["a", "c"] },
  { id: q3, kind: "trueFalse", prompt: "天是蓝的", options: [{ id: "t", text: "对" }, { id: "f", text: "错" }], correct: ["t"] },
];

describe("quiz grading", () => {
  it("scores exactly-right answers and counts unanswered questions as wrong", () => {
    expect(gradeQuiz(questions, { [q1]: ["b"], [q2]: ["c", "a"], [q3]: ["t"] })).toEqual({ ok: true, correct: 3, total: 3, scorePercent: 100 });
    expect(gradeQuiz(questions, { [q1]: ["b"], [q2]: ["a"] })).toEqual({ ok: true, correct: 1, total: 3, scorePercent: 33 });
    expect(gradeQuiz(questions, {})).toMatchObject({ ok: true, scorePercent: 0 });
  });
  it("refuses answers naming another question, an option the question lacks, or two choices on a single-choice question", () => {
    expect(gradeQuiz(questions, { "00000000-0000-4000-8000-000000000009": ["a"] })).toEqual({ ok: false, reason: "unknownQuestion" });
    expect(gradeQuiz(questions, { [q1]: ["z"] })).toEqual({ ok: false, reason: "unknownOption" });
    expect(gradeQuiz(questions, { [q1]: ["a", "b"] })).toEqual({ ok: false, reason: "tooManyChoices" });
  });
  it("a question's correct answers must be among its options", () => {
    const bad = { ...questions[0]!, correct: ["x"] };
    expect(ZQuizQuestion.safeParse(bad).success).toBe(false);
    expect(ZQuizQuestion.safeParse({ ...questions[0]!, correct: ["a", "b"] }).success).toBe(false);
  });
});

describe("shuffle", () => {
  it("is a deterministic permutation per seed", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const a = shuffled(items, "attempt-1");
    expect(shuffled(items, "attempt-1")).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled(items, "attempt-2")).not.toEqual(a);
  });
});

describe("review transitions", () => {
  it("goes draft → inReview → published, or back to draft", () => {
    expect(nextVersionStatus("draft", "submit")).toBe("inReview");
    expect(nextVersionStatus("inReview", "approve")).toBe("published");
    expect(nextVersionStatus("inReview", "sendBack")).toBe("draft");
    expect(nextVersionStatus("inReview", "withdraw")).toBe("draft");
  });
  it("refuses every other move", () => {
    expect(nextVersionStatus("draft", "approve")).toBeNull();
    expect(nextVersionStatus("published", "submit")).toBeNull();
    expect(nextVersionStatus("published", "sendBack")).toBeNull();
    expect(nextVersionStatus("superseded", "approve")).toBeNull();
  });
  it("sending back needs a reason, and a course needs a required unit", () => {
    const courseId = "00000000-0000-4000-8000-0000000000aa";
    expect(ZReviewInput.safeParse({ courseId, action: "sendBack" }).success).toBe(false);
    expect(ZReviewInput.safeParse({ courseId, action: "sendBack", comment: "缺少测验" }).success).toBe(true);
    expect(publishProblems({ units: [] })).toEqual(["noUnits"]);
    expect(publishProblems({ units: [{ kind: "video", required: false }] })).toEqual(["noRequiredUnit"]);
    expect(publishProblems({ units: [{ kind: "video", required: true }] })).toEqual([]);
  });
});

describe("a course's 总学时 against its units' 学时", () => {
  // The course's 总学时 is what counts: completing the course credits exactly it. Units' 学时 are the
  // author's breakdown; when they add up to anything else the author is warned (not refused).
  it("units adding up to 3 学时 under a declared 4 is a mismatch, with both figures", () => {
    expect(creditHoursMismatch(4, [{ creditHours: 1 }, { creditHours: 2 }])).toEqual({ declared: 4, unitsTotal: 3 });
    expect(creditHoursMismatch("4.0", [{ creditHours: "1.5" }, { creditHours: "1.5" }])).toEqual({ declared: 4, unitsTotal: 3 });
    expect(creditHoursMismatch(2, [{ creditHours: 1.5 }, { creditHours: 1 }])).toEqual({ declared: 2, unitsTotal: 2.5 });
  });

  it("no warning when they agree (in halves, whatever the text), or before there are units", () => {
    expect(creditHoursMismatch(3, [{ creditHours: 1 }, { creditHours: 2 }])).toBeNull();
    expect(creditHoursMismatch("3.5", [{ creditHours: "0.5" }, { creditHours: "3.0" }])).toBeNull();
    expect(creditHoursMismatch(4, [])).toBeNull();
  });
});

describe("self-enrolment", () => {
  const now = new Date("2026-09-01T00:00:00Z");
  const open = { courseStatus: "published" as const, enrollmentMode: "open" as const, enrollOpensAt: null, enrollClosesAt: null };
  it("is allowed on a published open course inside its window", () => {
    expect(selfEnrollRefusal(open, now)).toBeNull();
    expect(selfEnrollRefusal({ ...open, enrollOpensAt: new Date("2026-08-01"), enrollClosesAt: new Date("2026-10-01") }, now)).toBeNull();
  });
  it("is refused on drafts, archived, assigned-only, not yet open and closed courses", () => {
    expect(selfEnrollRefusal({ ...open, courseStatus: "draft" }, now)).toBe("notPublished");
    expect(selfEnrollRefusal({ ...open, courseStatus: "archived" }, now)).toBe("archived");
    expect(selfEnrollRefusal({ ...open, enrollmentMode: "assigned" }, now)).toBe("assignedOnly");
    expect(selfEnrollRefusal({ ...open, enrollOpensAt: new Date("2026-10-01") }, now)).toBe("notOpenYet");
    expect(selfEnrollRefusal({ ...open, enrollClosesAt: now }, now)).toBe("closed");
  });
});

describe("offline check-in windows", () => {
  const w = { checkInOpensAt: new Date("2026-09-01T08:00:00Z"), lateAfter: new Date("2026-09-01T08:30:00Z"), checkInClosesAt: new Date("2026-09-01T10:00:00Z") };
  it("is not open, on time, late, then closed", () => {
    expect(checkInWindow(w, new Date("2026-09-01T07:59:59Z"))).toBe("notOpen");
    expect(checkInWindow(w, new Date("2026-09-01T08:00:00Z"))).toBe("onTime");
    expect(checkInWindow(w, new Date("2026-09-01T08:30:00Z"))).toBe("onTime");
    expect(checkInWindow(w, new Date("2026-09-01T08:30:01Z"))).toBe("late");
    expect(checkInWindow(w, new Date("2026-09-01T10:00:00Z"))).toBe("closed");
  });
  it("a teacher without a check-in is pending until the window closes, then absent", () => {
    expect(attendanceState(null, w, new Date("2026-09-01T09:00:00Z"))).toBe("pending");
    expect(attendanceState(null, w, new Date("2026-09-01T10:00:00Z"))).toBe("absent");
    expect(attendanceState({ late: true }, w, new Date("2026-09-01T10:00:00Z"))).toBe("late");
    expect(attendanceState({ late: false }, w, new Date("2026-09-01T09:00:00Z"))).toBe("present");
  });
});

describe("file type sniffing", () => {
  const bytes = (...b: (number | string)[]) =>
    new Uint8Array(b.flatMap((x) => (typeof x === "string" ? [...x].map((c) => c.charCodeAt(0)) : [x])).concat(new Array(16).fill(0)));
  it("knows what a file is from its first bytes, whatever its name", () => {
    expect(sniffFileType(bytes("%PDF-1.7"))).toBe("application/pdf");
    expect(sniffFileType(bytes(0x1a, 0x45, 0xdf, 0xa3))).toBe("video/webm");
    expect(sniffFileType(bytes(0, 0, 0, 0x20, "ftypisom"))).toBe("video/mp4");
    expect(sniffFileType(bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a))).toBe("image/png");
    expect(sniffFileType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(sniffFileType(bytes("RIFF", 0, 0, 0, 0, "WEBP"))).toBe("image/webp");
    // A zip may only be a Word document; the upload checks its central directory before keeping it.
    expect(sniffFileType(bytes("PK", 3, 4, 20, 0))).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(sniffFileType(bytes("PK", 5, 6))).toBeNull();
  });
  it("refuses executables and anything else", () => {
    expect(sniffFileType(bytes("MZ", 0x90, 0))).toBeNull();
    expect(sniffFileType(bytes(0x7f, "ELF"))).toBeNull();
    expect(sniffFileType(bytes("<html>"))).toBeNull();
  });
});

describe("course and unit input", () => {
  it("refuses windows that end before they start and 学时 that are not halves", () => {
    const base = { title: "课", categoryId: q1, institutionId: q2, creditHours: 2, enrollmentMode: "open" };
    expect(ZCourseFacts.safeParse(base).success).toBe(true);
    expect(ZCourseFacts.safeParse({ ...base, creditHours: 1.3 }).success).toBe(false);
    expect(ZCourseFacts.safeParse({ ...base, enrollOpensAt: "2026-09-02", enrollClosesAt: "2026-09-01" }).success).toBe(false);
  });
  it("a unit's criterion must match its kind and its settings must be valid", () => {
    const quiz = { kind: "quiz", title: "测验", creditHours: 1, criterion: { kind: "quiz", passPercent: 60 }, config: { questions, attemptLimit: 3 } };
    expect(ZUnitInput.safeParse(quiz).success).toBe(true);
    expect(ZUnitInput.safeParse({ ...quiz, criterion: { kind: "video", minWatchedPercent: 90 } }).success).toBe(false);
    expect(ZUnitInput.safeParse({ ...quiz, config: { questions: [], attemptLimit: 3 } }).success).toBe(false);
    const offline = {
      kind: "offlineSession",
      title: "集中研修",
      creditHours: 4,
      criterion: { kind: "offlineSession" },
      config: { startsAt: "2026-09-01T08:00:00Z", endsAt: "2026-09-01T12:00:00Z", place: "报告厅", checkInOpensAt: "2026-09-01T07:30:00Z", checkInClosesAt: "2026-09-01T09:00:00Z", lateAfter: "2026-09-01T08:00:00Z" },
    };
    expect(ZUnitInput.safeParse(offline).success).toBe(true);
    expect(ZUnitInput.safeParse({ ...offline, config: { ...offline.config, lateAfter: "2026-09-01T10:00:00Z" } }).success).toBe(false);
  });
});
