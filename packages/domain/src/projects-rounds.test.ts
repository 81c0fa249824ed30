import { describe, expect, it } from "vitest";
import {
  admitByOrder,
  applicationRound,
  classApplyRefusal,
  classSubscription,
  roundPhase,
  roundsRefusal,
  screeningOpen,
  seatsLeft,
  ZCancelClassInput,
  ZClassOfferInput,
  ZRoundSettingsInput,
  ZScreenClassInput,
} from "./projects-rounds.ts";

const rounds = { round1Opens: "2026-03-01", round1Closes: "2026-03-10", round2Opens: "2026-03-15", round2Closes: "2026-03-20" };
const projectId = "0190a7c4-0000-7000-8000-000000000001";
const classId = "0190a7c4-0000-7000-8000-000000000002";

describe("round phase of a day", () => {
  it("moves before → round 1 → screening → round 2 → after, the edges inclusive", () => {
    expect(["2026-02-28", "2026-03-01", "2026-03-10", "2026-03-11", "2026-03-14", "2026-03-15", "2026-03-20", "2026-03-21"].map((d) => roundPhase(rounds, d))).toEqual([
      "before",
      "round1",
      "round1",
      "screening",
      "screening",
      "round2",
      "round2",
      "after",
    ]);
  });
  it("only round 1 and 2 take applications; screening runs from round 1's close to round 2's close", () => {
    expect(applicationRound("round1")).toBe(1);
    expect(applicationRound("round2")).toBe(2);
    expect(applicationRound("screening")).toBeNull();
    expect((["before", "round1", "screening", "round2", "after"] as const).filter(screeningOpen)).toEqual(["screening", "round2"]);
  });
});

describe("classes over and under", () => {
  it("over the cap, under the minimum, ok, cancelled", () => {
    expect(classSubscription({ cap: 2, minSize: 1, applicants: 3, cancelled: false })).toBe("over");
    expect(classSubscription({ cap: 5, minSize: 3, applicants: 2, cancelled: false })).toBe("under");
    expect(classSubscription({ cap: 5, minSize: 3, applicants: 5, cancelled: false })).toBe("ok");
    expect(classSubscription({ cap: 5, minSize: 3, applicants: 9, cancelled: true })).toBe("cancelled");
    expect(seatsLeft({ cap: 5, minSize: 0, applicants: 7, cancelled: false })).toBe(0);
    expect(seatsLeft({ cap: 5, minSize: 0, applicants: 3, cancelled: true })).toBe(0);
  });
  it("round 1 takes a full class, round 2 does not; a cancelled class takes nobody", () => {
    const full = { cap: 2, minSize: 0, applicants: 2, cancelled: false };
    expect(classApplyRefusal("round1", full)).toBeNull();
    expect(classApplyRefusal("round2", full)).toBe("该班已满");
    expect(classApplyRefusal("round2", { ...full, applicants: 1 })).toBeNull();
    expect(classApplyRefusal("round1", { ...full, cancelled: true })).toBe("该班未开班");
    expect(classApplyRefusal("screening", full)).toMatch(/第二轮/);
    expect(classApplyRefusal("before", full)).toBe("报名尚未开始");
    expect(classApplyRefusal("after", full)).toBe("报名已结束");
  });
});

describe("admit by order", () => {
  it("takes the first by time, ties by id, whatever the input order", () => {
    const a = [
      { id: "c", appliedAt: "2026-03-02T01:00:00Z" },
      { id: "b", appliedAt: "2026-03-01T01:00:00Z" },
      { id: "a", appliedAt: new Date("2026-03-02T01:00:00Z") },
    ];
    expect(admitByOrder(a, 2)).toEqual({ admit: ["b", "a"], reject: ["c"] });
    expect(admitByOrder([...a].reverse(), 2)).toEqual({ admit: ["b", "a"], reject: ["c"] });
    expect(admitByOrder(a, 0)).toEqual({ admit: [], reject: ["b", "a", "c"] });
    expect(admitByOrder(a, 10).reject).toEqual([]);
  });
});

describe("inputs", () => {
  it("round days: all four when two-round; order and bounds checked against the project", () => {
    expect(ZRoundSettingsInput.safeParse({ projectId, twoRound: "on", round1Opens: "2026-03-01" }).success).toBe(false);
    expect(ZRoundSettingsInput.parse({ projectId, twoRound: "", round1Opens: "" })).toMatchObject({ twoRound: false });
    expect(ZRoundSettingsInput.safeParse({ projectId, twoRound: "on", ...rounds, round1Opens: "2026-02-30" }).success).toBe(false);
    expect(ZRoundSettingsInput.safeParse({ projectId, twoRound: "on", ...rounds, round1Opens: "2026-03-01\u0000" }).success).toBe(false);
    const project = { startsOn: "2026-04-01", endsOn: "2026-06-30" };
    expect(roundsRefusal(rounds, project)).toBeNull();
    expect(roundsRefusal({ ...rounds, round2Opens: "2026-03-10" }, project)).toEqual({ round2Opens: ["第二轮须在第一轮截止之后开始"] });
    expect(roundsRefusal({ ...rounds, round1Closes: "2026-02-01" }, project)).toHaveProperty("round1Closes");
    expect(roundsRefusal({ ...rounds, round2Closes: "2026-07-01" }, project)).toHaveProperty("round2Closes");
    expect(roundsRefusal({ ...rounds, round1Opens: "2024-01-01" }, project)).toHaveProperty("round1Opens");
  });
  it("class offers: cap 1–1000, minimum not above the cap, names bounded and clean", () => {
    expect(ZClassOfferInput.parse({ projectId, name: " 语文1班 ", cap: "30", minSize: "10" })).toMatchObject({ name: "语文1班", subject: "", cap: 30, minSize: 10 });
    expect(ZClassOfferInput.safeParse({ projectId, name: "语文1班", cap: "3", minSize: "10" }).error?.issues[0]?.message).toBe("开班最低人数不能大于班额");
    expect(ZClassOfferInput.safeParse({ projectId, name: "语文1班", cap: "0", minSize: "0" }).success).toBe(false);
    expect(ZClassOfferInput.safeParse({ projectId, name: "x".repeat(100_000), cap: "3", minSize: "1" }).success).toBe(false);
    expect(ZClassOfferInput.safeParse({ projectId, name: "语文\r\n1班", cap: "3", minSize: "1" }).success).toBe(false);
  });
  it("screening needs a reason; cancel needs the confirmation; ids are ids", () => {
    expect(ZScreenClassInput.parse({ classId, mode: "chosen", admit: classId, reason: "名额有限" }).admit).toEqual([classId]);
    expect(ZScreenClassInput.safeParse({ classId, mode: "chosen", admit: [], reason: "" }).success).toBe(false);
    expect(ZScreenClassInput.safeParse({ classId, mode: "chosen", admit: ["x'; drop table"], reason: "r" }).success).toBe(false);
    expect(ZCancelClassInput.safeParse({ classId }).success).toBe(false);
    expect(ZCancelClassInput.parse({ classId, confirm: "on" })).toEqual({ classId, confirm: true });
  });
});
