import { describe, expect, it } from "vitest";
import {
  autoBalanceClasses,
  projectProgress,
  sessionCheckInWindow,
  traineeSubject,
  ZCreateSessionInput,
  ZFormClassesInput,
  ZProjectCheckInInput,
  type TClassTrainee,
} from "./projects-running.ts";

const trainees = (subject: string, n: number, school = (i: number) => `S${i % 3}`): TClassTrainee[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${subject}-${String(i).padStart(3, "0")}`, subject, sortKey: `${school(i)}|${i}` }));

describe("autoBalanceClasses", () => {
  it("within a subject, class sizes differ by at most one and nobody is left out or placed twice", () => {
    for (const n of [1, 7, 49, 50, 51, 99, 101, 250]) {
      for (const size of [1, 10, 30, 50]) {
        const input = trainees("语文", n);
        const classes = autoBalanceClasses(input, size);
        const sizes = classes.map((c) => c.members.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(size);
        expect(classes.length).toBe(Math.ceil(n / size));
        const placed = classes.flatMap((c) => c.members);
        expect(new Set(placed).size).toBe(n);
        expect(placed.sort()).toEqual(input.map((t) => t.id).sort());
      }
    }
  });

  it("never mixes subjects in a class, and names classes per subject", () => {
    const classes = autoBalanceClasses([...trainees("数学", 61), ...trainees("语文", 30)], 30);
    expect(classes.map((c) => c.name)).toEqual(["数学1班", "数学2班", "数学3班", "语文1班"]);
    expect(classes.map((c) => c.members.length)).toEqual([21, 20, 20, 30]);
    for (const c of classes) expect(c.members.every((m) => m.startsWith(c.subject))).toBe(true);
  });

  it("is deterministic: the same trainees in another order give the same classes", () => {
    const input = [...trainees("数学", 23), ...trainees("英语", 17)];
    const shuffled = [...input].reverse().sort((a, b) => (a.id.length % 2) - (b.id.length % 2));
    expect(autoBalanceClasses(shuffled, 8)).toEqual(autoBalanceClasses(input, 8));
  });

  it("spreads one school's teachers over the classes of a subject", () => {
    // 30 teachers, 10 per school, 3 classes: each class gets teachers from every school.
    const classes = autoBalanceClasses(trainees("物理", 30), 10);
    for (const c of classes) expect(new Set(c.members.map((m) => Number(m.split("-")[1]) % 3)).size).toBe(3);
  });

  it("refuses a class size that is not a positive integer", () => {
    expect(() => autoBalanceClasses(trainees("语文", 3), 0)).toThrow(RangeError);
    expect(() => autoBalanceClasses(trainees("语文", 3), 2.5)).toThrow(RangeError);
    expect(autoBalanceClasses([], 10)).toEqual([]);
  });
});

describe("traineeSubject", () => {
  it("prefers the seat's subject, then the teacher's subject the project lists", () => {
    expect(traineeSubject("数学", ["语文", "数学"], ["语文"])).toBe("数学");
    expect(traineeSubject("", ["语文", "数学"], ["英语", "数学"])).toBe("数学");
    expect(traineeSubject("", ["语文"], ["英语"])).toBe("语文");
    expect(traineeSubject("", [], ["英语"])).toBe("英语");
    expect(traineeSubject("", [], [])).toBe("");
    // A quota key that is a class, not a subject the project lists, is not a subject.
    expect(traineeSubject("一班", ["语文"], [])).toBe("语文");
  });
});

describe("projectProgress", () => {
  it("counts a day once however many check-ins it had, against the required days", () => {
    const [a, b, c] = projectProgress(30, [
      { nominationId: "a", days: ["2026-03-02", "2026-03-01", "2026-03-02"] },
      { nominationId: "b", days: Array.from({ length: 31 }, (_, i) => `2026-04-${String(i + 1).padStart(2, "0")}`).slice(0, 30) },
      { nominationId: "c", days: [] },
    ]);
    expect(a).toEqual({ nominationId: "a", attended: 2, required: 30, remaining: 28, met: false, registeredOn: "2026-03-01" });
    expect(b).toMatchObject({ attended: 30, remaining: 0, met: true, registeredOn: "2026-04-01" });
    expect(c).toMatchObject({ attended: 0, remaining: 30, met: false, registeredOn: null });
  });

  it("a project requiring no days is met by everyone", () => {
    expect(projectProgress(0, [{ nominationId: "x", days: [] }])[0]).toMatchObject({ met: true, remaining: 0 });
  });
});

describe("sessionCheckInWindow", () => {
  const s = { day: "2026-03-02", startsAt: "09:00", endsAt: "17:00" };
  it("opens an hour before the start (China time) and closes at the end", () => {
    expect(sessionCheckInWindow(s, new Date("2026-03-01T23:59:59Z"))).toBe("notOpen");
    expect(sessionCheckInWindow(s, new Date("2026-03-02T00:00:00Z"))).toBe("open");
    expect(sessionCheckInWindow(s, new Date("2026-03-02T08:59:59Z"))).toBe("open");
    expect(sessionCheckInWindow(s, new Date("2026-03-02T09:00:00Z"))).toBe("closed");
  });
});

describe("inputs", () => {
  const projectId = "00000000-0000-4000-8000-000000000001";
  it("refuses a session that ends before it starts, an invalid day or time, and control characters", () => {
    const base = { projectId, title: "开班典礼", kind: "concentrated", day: "2026-03-02", startsAt: "09:00", endsAt: "12:00", place: "报告厅" };
    expect(ZCreateSessionInput.safeParse(base).success).toBe(true);
    expect(ZCreateSessionInput.safeParse({ ...base, endsAt: "08:00" }).success).toBe(false);
    expect(ZCreateSessionInput.safeParse({ ...base, day: "2026-02-30" }).success).toBe(false);
    expect(ZCreateSessionInput.safeParse({ ...base, startsAt: "25:00" }).success).toBe(false);
    expect(ZCreateSessionInput.safeParse({ ...base, title: "a\u0000b" }).success).toBe(false);
    expect(ZCreateSessionInput.safeParse({ ...base, place: "x\r\ny" }).success).toBe(false);
    expect(ZCreateSessionInput.safeParse({ ...base, title: "长".repeat(100_000) }).success).toBe(false);
    expect(ZCreateSessionInput.safeParse({ ...base, extra: 1 }).success).toBe(false);
  });
  it("a check-in code is six digits; a class size is 1–200", () => {
    expect(ZProjectCheckInInput.safeParse({ sessionId: projectId, code: " 123456 " }).success).toBe(true);
    expect(ZProjectCheckInInput.safeParse({ sessionId: projectId, code: "12345a" }).success).toBe(false);
    expect(ZFormClassesInput.safeParse({ projectId, classSize: "0" }).success).toBe(false);
    expect(ZFormClassesInput.safeParse({ projectId, classSize: "201" }).success).toBe(false);
    expect(ZFormClassesInput.parse({ projectId, classSize: "40" }).classSize).toBe(40);
  });
});
