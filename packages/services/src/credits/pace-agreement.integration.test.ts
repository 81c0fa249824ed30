import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeRollups, readRollup } from "../rollups/index.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { cycleStatusList, myCredits, recomputeTeacherStatus, teacherCredits } from "./index.ts";
import { seedAward, seedCreditWorld } from "./test-setup.ts";

/**
 * One teacher walked through the 2026–2030 cycle (national policy: 360 in 5 years, 72 a year): on each day
 * that matters, the admin's 周期学时 list, the teacher's own 我的学时, the admin's view of that teacher and the
 * 统计汇总 rollup call the same services their pages' loaders call, and must tell the same story — the same
 * "按计划至今应完成 N 学时" and the same 按计划 / 进度落后. The rule (creditPace in packages/domain): the plan
 * asks for the cycle's yearly share (360 / 5) for every year ended and pro rata for the days of this year
 * already passed, and this year's hours against the yearly minimum pro rata for the same days.
 */

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

let w: Awaited<ReturnType<typeof seedCreditWorld>>;
let zhang: Awaited<ReturnType<typeof w.teacherAt>>;
let li: Awaited<ReturnType<typeof w.teacherAt>>;

/** An award as the worker appends it: the ledger row, then the teacher's status in the same day. */
async function award(teacherId: string, hours: number, day: string) {
  await seedAward(db, w.tenantId, teacherId, { hours, countsFor: day });
  await db.withTenant(w.tenantId, (tx) => recomputeTeacherStatus(tx, { tenantId: w.tenantId, teacherId, today: day, landed: [] }));
}

/** What every page says about one teacher on `day`. */
async function views(teacher: typeof zhang, schoolId: string, day: string) {
  const list = await cycleStatusList({ db, actor: w.provinceAdmin, today: day });
  const row = list.teachers.find((t) => t.teacherId === teacher.userId);
  const behindOnly = await cycleStatusList({ db, actor: w.provinceAdmin, today: day, query: { behind: "1" } });
  const mine = await myCredits({ db, actor: teacher.actor, today: day });
  const adminView = await teacherCredits({ db, actor: w.provinceAdmin, teacherId: teacher.userId, today: day });
  await computeRollups({ db, tenantId: w.tenantId, today: day });
  const rollup = await readRollup({ db, actor: w.provinceAdmin, orgUnitId: schoolId });
  return {
    header: { expectedByNow: list.expectedByNow, expectedThisYear: list.expectedThisYear },
    list: { onPace: row?.onPace, inBehindFilter: behindOnly.teachers.some((t) => t.teacherId === teacher.userId), cycleHours: row?.cycleHours, yearHours: row?.yearHours },
    mine: mine.totals,
    adminView: adminView.totals,
    rollup: rollup.figures,
  };
}

/** Checks that the list, both teacher pages and the rollup agree, and returns the shared verdict. */
function agreed(v: Awaited<ReturnType<typeof views>>) {
  const onPace = v.mine.pace !== "behind";
  expect(v.adminView.pace).toBe(v.mine.pace);
  expect(v.list.onPace).toBe(onPace);
  expect(v.list.inBehindFilter).toBe(!onPace);
  expect(v.rollup).toMatchObject({ teachers: 1, teachersOnPace: onPace ? 1 : 0 });
  // The header's "按计划至今应完成 N 学时" is the figure the teacher's page shows and judges by.
  expect(v.header.expectedByNow).toBe(v.mine.expectedByNow);
  expect(v.header.expectedThisYear).toBe(v.mine.expectedThisYear);
  expect(v.adminView.expectedByNow).toBe(v.mine.expectedByNow);
  expect(v.list.cycleHours).toBe(v.mine.cycleHours);
  expect(v.list.yearHours).toBe(v.mine.yearHours);
  return { pace: v.mine.pace, expectedByNow: v.mine.expectedByNow, expectedThisYear: v.mine.expectedThisYear, yearShortfall: v.mine.yearShortfall };
}

beforeAll(async () => {
  w = await seedCreditWorld(owner);
  zhang = await w.teacherAt(w.units.schoolA.id, "张伟");
  li = await w.teacherAt(w.units.schoolB.id, "李娜");
  // The last cycle: 80 学时 in 2025, far behind then; that status row is left over when the new cycle starts.
  await award(zhang.userId, 80, "2025-06-01");
});

describe("pace: the admin list, the teacher's pages and the rollup agree", () => {
  it("at the cycle start nobody is behind, with or without a status row, and nothing is expected yet", async () => {
    expect(agreed(await views(zhang, w.units.schoolA.id, "2026-01-01"))).toEqual({ pace: "onTrack", expectedByNow: 0, expectedThisYear: 0, yearShortfall: 72 });
    // 李娜 never had an award (no status row at all).
    expect(agreed(await views(li, w.units.schoolB.id, "2026-01-01"))).toMatchObject({ pace: "onTrack", expectedByNow: 0 });
  });

  it("mid-year, 10 学时 of the 35.9 due by 2 July is behind everywhere", async () => {
    await award(zhang.userId, 10, "2026-03-01");
    // 182 days of 2026 have passed by 2 July: 72 × 182 / 365 = 35.9.
    expect(agreed(await views(zhang, w.units.schoolA.id, "2026-07-02"))).toEqual({ pace: "behind", expectedByNow: 35.9, expectedThisYear: 35.9, yearShortfall: 62 });
    expect(agreed(await views(li, w.units.schoolB.id, "2026-07-02"))).toMatchObject({ pace: "behind", expectedByNow: 35.9 });
  });

  it("on 31 December, 70 of the yearly 72 is not 按计划", async () => {
    await award(zhang.userId, 60, "2026-09-01");
    expect(agreed(await views(zhang, w.units.schoolA.id, "2026-09-02"))).toMatchObject({ pace: "onTrack" });
    expect(agreed(await views(zhang, w.units.schoolA.id, "2026-12-31"))).toEqual({ pace: "behind", expectedByNow: 71.8, expectedThisYear: 71.8, yearShortfall: 2 });
  });

  it("at the cycle's end, 360 done reads done everywhere; a new year asks for nothing of itself yet", async () => {
    await award(zhang.userId, 72, "2027-05-01");
    // 2028 starts: the year 2027 has ended, 144 due for the cycle, 142 done.
    expect(agreed(await views(zhang, w.units.schoolA.id, "2028-01-01"))).toEqual({ pace: "behind", expectedByNow: 144, expectedThisYear: 0, yearShortfall: 72 });
    await award(zhang.userId, 74, "2028-05-01");
    await award(zhang.userId, 72, "2029-05-01");
    expect(agreed(await views(zhang, w.units.schoolA.id, "2030-12-31"))).toEqual({ pace: "behind", expectedByNow: 359.8, expectedThisYear: 71.8, yearShortfall: 72 });
    await award(zhang.userId, 72, "2030-05-01");
    expect(agreed(await views(zhang, w.units.schoolA.id, "2030-12-31"))).toEqual({ pace: "done", expectedByNow: 359.8, expectedThisYear: 71.8, yearShortfall: 0 });
  });
});
