import { describe, expect, it } from "vitest";
import { courseFactsFromForm, fromLocalInput, splitSubjects, toLocalInput, unitInputFromForm } from "./authoring-form.ts";
import { ZCourseFacts, ZUnitInput } from "./courses.ts";

const id = "5b0c2f4e-8a7d-4c1e-9f3a-2d6b8e1c0a97";

describe("course editor forms", () => {
  it("a datetime-local value is Beijing time, and shows back as the same local time", () => {
    expect(fromLocalInput("2026-03-01T09:30")).toBe("2026-03-01T09:30:00+08:00");
    expect(new Date(fromLocalInput("2026-03-01T09:30")!).toISOString()).toBe("2026-03-01T01:30:00.000Z");
    expect(toLocalInput(new Date("2026-03-01T01:30:00.000Z"))).toBe("2026-03-01T09:30");
    expect(fromLocalInput("")).toBeUndefined();
    expect(toLocalInput(null)).toBe("");
  });

  it("subjects may be separated by either comma, 顿号 or spaces, and repeat once", () => {
    expect(splitSubjects("语文，数学、英语, 语文")).toEqual(["语文", "数学", "英语"]);
    expect(splitSubjects("")).toEqual([]);
  });

  it("the facts form parses as course facts; empty optional dates stay empty", () => {
    const f = courseFactsFromForm({ title: " 大单元教学 ", summary: "", "stages[]": ["primary", "juniorSecondary"], subjects: "语文", categoryId: id, institutionId: id, creditHours: "4.5", enrollmentMode: "open", enrollOpensAt: "2026-03-01T09:00", enrollClosesAt: "" });
    const r = ZCourseFacts.parse(f);
    expect(r).toMatchObject({ title: "大单元教学", stages: ["primary", "juniorSecondary"], creditHours: 4.5, enrollClosesAt: undefined });
    expect(r.enrollOpensAt!.toISOString()).toBe("2026-03-01T01:00:00.000Z");
  });

  it("each unit form becomes a unit input its schema accepts", () => {
    const base = { title: "单元", creditHours: "1", required: "on" };
    const forms = [
      { ...base, kind: "document", fileId: id },
      { ...base, kind: "assignment", instructions: "写一篇反思" },
      { ...base, kind: "liveSession", startsAt: "2026-03-01T09:00", durationMinutes: "60", minMinutes: "30" },
      { ...base, kind: "discussion", prompt: "谈谈", minPosts: "2" },
      {
        ...base,
        kind: "offlineSession",
        startsAt: "2026-03-01T09:00",
        endsAt: "2026-03-01T12:00",
        place: "报告厅",
        checkInOpensAt: "2026-03-01T08:30",
        checkInClosesAt: "2026-03-01T10:00",
        lateAfter: "2026-03-01T09:10",
      },
      {
        ...base,
        kind: "quiz",
        passPercent: "60",
        attemptLimit: "2",
        questions: JSON.stringify([{ id, kind: "trueFalse", prompt: "对吗", options: [{ id: "t", text: "对" }, { id: "f", text: "错" }], correct: ["t"] }]),
      },
    ];
    for (const f of forms) expect(ZUnitInput.safeParse(unitInputFromForm(f)).success, f.kind).toBe(true);
    expect(unitInputFromForm({ ...base, kind: "video", fileId: id, minWatchedPercent: "90" })).toEqual({
      kind: "video",
      title: "单元",
      creditHours: "1",
      required: true,
      criterion: { kind: "video", minWatchedPercent: 90 },
      config: { fileId: id },
    });
    // A quiz without shuffle ticked does not shuffle; an unticked "required" is optional.
    const quiz = unitInputFromForm({ ...forms[5]!, required: undefined });
    expect(quiz).toMatchObject({ required: false, config: { shuffle: false } });
  });

  it("garbage stays garbage for the schema to refuse, never a crash", () => {
    expect(ZUnitInput.safeParse(unitInputFromForm({ kind: "quiz", title: "x", creditHours: "1", questions: "{not json", attemptLimit: "x" })).success).toBe(false);
    expect(ZUnitInput.safeParse(unitInputFromForm({ kind: "nope" })).success).toBe(false);
    expect(ZUnitInput.safeParse(unitInputFromForm({})).success).toBe(false);
  });
});
