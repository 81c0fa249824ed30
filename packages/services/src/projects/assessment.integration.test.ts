import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvent, creditAward, nomination, projectAssessmentItem, projectAttendance, projectScore, teacherProfile } from "@yanxiu/db/schema";
import { xlsxBytes } from "../platform/xlsx/xlsx.ts";
import {
  assessmentPage,
  awardProjectCredits,
  markAttendance,
  confirmProjectCredits,
  createProject,
  deleteAssessmentItem,
  exportScores,
  importScores,
  myProject,
  projectCredits,
  publishProject,
  saveAssessmentItem,
  setCreditException,
  setPassMark,
  setScores,
  startProject,
} from "./index.ts";
import { projectFacts, projectTestSetup, type TProjectWorld } from "./test-setup.ts";

let w: TProjectWorld;
let other: TProjectWorld;
const { owner, db } = projectTestSetup((seeded) => {
  ({ w, other } = seeded);
});

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code, fieldErrors: e.fieldErrors }));
const codeOf = async (p: Promise<unknown>) => (await errorOf(p))?.code ?? null;
const TODAY = "2026-07-05";

/** A running project (48 学时, 3 required days) whose trainees attended `days[i]` days, with a 作业 (required) and a 考试. */
async function projectWith(days: number[]) {
  const a = w.admins.province;
  const { projectId, rootAllocationId } = await createProject({ db, actor: a, input: { ownerUnitId: w.units.province.id, ...projectFacts({ requiredDays: "3", endsOn: "2026-06-30" }) } });
  await publishProject({ db, actor: a, input: { projectId } });
  await startProject({ db, actor: a, input: { projectId } });
  const trainees = [];
  for (const attended of days) {
    const t = await w.teacherAt(w.units.schoolA1);
    const [n] = await owner.withTenant(w.tenantId, (tx) =>
      tx
        .insert(nomination)
        .values({ tenantId: w.tenantId, projectId, allocationId: rootAllocationId, nominatingUnitId: w.units.schoolA1.id, teacherId: t.userId, state: "approved", createdBy: a.actorId })
        .returning({ id: nomination.id }),
    );
    for (let d = 0; d < attended; d++) {
      await owner.withTenant(w.tenantId, (tx) =>
        tx.insert(projectAttendance).values({ tenantId: w.tenantId, nominationId: n!.id, projectId, day: `2026-03-0${d + 1}`, method: "manual", recordedBy: a.actorId }),
      );
    }
    trainees.push({ ...t, nominationId: n!.id });
  }
  const homework = (await saveAssessmentItem({ db, actor: a, input: { projectId, name: "研修作业", kind: "assignment", maxScore: "100", required: "on" } })).itemId;
  const exam = (await saveAssessmentItem({ db, actor: a, input: { projectId, name: "结业考试", kind: "exam", maxScore: "", dueOn: "2026-06-20" } })).itemId;
  const score = (nominationId: string, hw: string, ex: string, actor = a) => setScores({ db, actor, input: { projectId, nominationId, item: [homework, exam], score: [hw, ex] } });
  return { projectId, trainees, admin: a, homework, exam, score };
}

describe("考核: items, the pass mark and scores", () => {
  it("the runners set items and scores; the grid pages, totals and searches; blank clears; every change is in the trail", async () => {
    const p = await projectWith([3, 3, 3]);
    const [t1, t2] = p.trainees;
    expect(await p.score(t1!.nominationId, "88.5", "70")).toEqual({ nominationId: t1!.nominationId, changed: 2 });
    await p.score(t2!.nominationId, "", "40");
    const page = await assessmentPage({ db, actor: p.admin, query: { projectId: p.projectId, size: "20" } });
    expect(page.items.map((i) => [i.name, i.kind, i.maxScore, i.required, i.dueOn])).toEqual([
      ["研修作业", "assignment", 100, true, null],
      ["结业考试", "exam", 100, false, "2026-06-20"],
    ]);
    expect(page).toMatchObject({ maxTotal: 200, passScore: 120, locked: false, canEdit: true, scoredTrainees: 2, total: 3 });
    expect(page.rows.find((r) => r.nominationId === t1!.nominationId)).toMatchObject({ total: 158.5, passed: true, missing: [], scores: { [p.homework]: 88.5, [p.exam]: 70 } });
    expect(page.rows.find((r) => r.nominationId === t2!.nominationId)).toMatchObject({ total: 40, passed: false, missing: [p.homework] });
    const found = await assessmentPage({ db, actor: p.admin, query: { projectId: p.projectId, q: t2!.name } });
    expect(found.rows.map((r) => r.nominationId)).toEqual([t2!.nominationId]);
    expect(found.total).toBe(1);
    // A wildcard in the search is text, not a pattern.
    expect((await assessmentPage({ db, actor: p.admin, query: { projectId: p.projectId, q: "%" } })).total).toBe(0);

    // Blank clears (not submitted); the same values again change nothing.
    expect(await p.score(t1!.nominationId, "88.5", "")).toEqual({ nominationId: t1!.nominationId, changed: 1 });
    expect(await p.score(t1!.nominationId, "88.5", "")).toEqual({ nominationId: t1!.nominationId, changed: 0 });
    const rows = await owner.withTenant(w.tenantId, (tx) => tx.select().from(projectScore).where(eq(projectScore.nominationId, t1!.nominationId)));
    expect(rows.map((r) => [r.itemId, r.score, r.updatedBy])).toEqual([[p.homework, "88.5", p.admin.actorId]]);
    const trail = await owner.withTenant(w.tenantId, (tx) =>
      tx.select({ data: auditEvent.data }).from(auditEvent).where(and(eq(auditEvent.action, "projects.assessment.scores"), eq(auditEvent.target, `nomination:${t1!.nominationId}`))).orderBy(auditEvent.occurredAt),
    );
    expect(trail.map((t) => t.data)).toEqual([
      { changes: [{ itemId: p.homework, from: null, to: 88.5 }, { itemId: p.exam, from: null, to: 70 }] },
      { changes: [{ itemId: p.exam, from: 70, to: null }] },
    ]);

    // The .xlsx export has every trainee, a column per item and the total.
    const { stream, fileName } = await exportScores({ db, actor: p.admin, query: { projectId: p.projectId } });
    let bytes = 0;
    for await (const c of stream) bytes += (c as Buffer).length;
    expect(bytes).toBeGreaterThan(1000);
    expect(fileName).toMatch(/考核成绩\.xlsx$/);
  });

  it("refuses: over the max, negative, two decimals, another project's item, another tenant's ids, a teacher, a unit that does not run it", async () => {
    const p = await projectWith([3]);
    const n = p.trainees[0]!.nominationId;
    expect(await errorOf(p.score(n, "100.5", ""))).toEqual({ code: "badRequest", fieldErrors: { score: ["研修作业：成绩不能超过满分 100"] } });
    expect((await errorOf(p.score(n, "-1", "")))?.code).toBe("badRequest");
    expect((await errorOf(p.score(n, "9.25", "")))?.code).toBe("badRequest");
    expect((await errorOf(p.score(n, "9\u0000", "")))?.code).toBe("badRequest");
    expect((await errorOf(p.score(n, "9".repeat(100_000), "")))?.code).toBe("badRequest");
    const q = await projectWith([3]);
    expect(await codeOf(setScores({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: n, item: [q.homework], score: ["1"] } }))).toBe("notFound");
    expect(await codeOf(setScores({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: q.trainees[0]!.nominationId, item: [p.homework], score: ["1"] } }))).toBe("notFound");
    // Another province's admin: the project does not exist for them; nor do its rows under RLS.
    const x = other.admins.province;
    expect(await codeOf(p.score(n, "1", "", x))).toBe("notFound");
    expect(await codeOf(assessmentPage({ db, actor: x, query: { projectId: p.projectId } }))).toBe("notFound");
    expect(await codeOf(saveAssessmentItem({ db, actor: x, input: { projectId: p.projectId, name: "x", kind: "exam" } }))).toBe("notFound");
    // A teacher (the trainee themself) cannot give themself a score; a school admin who sees the project does not run it.
    expect(await codeOf(p.score(n, "100", "100", p.trainees[0]!.actor))).toBe("notFound");
    expect(await codeOf(p.score(n, "100", "100", w.admins.schoolA1))).toBe("forbidden");
    expect(await codeOf(assessmentPage({ db, actor: w.admins.schoolA1, query: { projectId: p.projectId } }))).toBe("notFound");
    // Items: max 1–1000, not below a score already given; a scored item is not deleted.
    expect((await errorOf(saveAssessmentItem({ db, actor: p.admin, input: { projectId: p.projectId, name: "x", kind: "exam", maxScore: "0" } })))?.code).toBe("badRequest");
    await p.score(n, "80", "");
    expect(await errorOf(saveAssessmentItem({ db, actor: p.admin, input: { projectId: p.projectId, itemId: p.homework, name: "研修作业", kind: "assignment", maxScore: "50" } }))).toEqual({
      code: "badRequest",
      fieldErrors: { maxScore: ["已有成绩 80 分，满分不能低于它"] },
    });
    expect(await codeOf(deleteAssessmentItem({ db, actor: p.admin, input: { projectId: p.projectId, itemId: p.homework } }))).toBe("conflict");
    expect(await deleteAssessmentItem({ db, actor: p.admin, input: { projectId: p.projectId, itemId: p.exam } })).toEqual({ itemId: p.exam });
    expect(await codeOf(deleteAssessmentItem({ db, actor: p.admin, input: { projectId: q.projectId, itemId: p.homework } }))).toBe("notFound");
  });

  it("row-level security: the other tenant sees no items or scores, and cannot write them for this tenant", async () => {
    const p = await projectWith([3]);
    await p.score(p.trainees[0]!.nominationId, "90", "90");
    const seen = await db.withTenant(other.tenantId, async (tx) => [
      (await tx.select().from(projectAssessmentItem).where(eq(projectAssessmentItem.projectId, p.projectId))).length,
      (await tx.select().from(projectScore).where(eq(projectScore.projectId, p.projectId))).length,
    ]);
    expect(seen).toEqual([0, 0]);
    const mine = await db.withTenant(w.tenantId, async (tx) => (await tx.select().from(projectScore).where(eq(projectScore.projectId, p.projectId))).length);
    expect(mine).toBe(2);
    await expect(
      db.withTenant(other.tenantId, (tx) =>
        tx.insert(projectScore).values({ tenantId: w.tenantId, nominationId: p.trainees[0]!.nominationId, itemId: p.exam, projectId: p.projectId, score: "1", updatedBy: p.admin.actorId }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
    await expect(
      db.withTenant(other.tenantId, (tx) =>
        tx.insert(projectAssessmentItem).values({ tenantId: w.tenantId, projectId: p.projectId, name: "x", kind: "exam", createdBy: p.admin.actorId, updatedBy: p.admin.actorId }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
  });
});

describe("the .xlsx import of scores by 教师编号", () => {
  it("writes every row or none: a bad sheet comes back with each row's reasons and changes nothing", async () => {
    const p = await projectWith([3, 3, 3]);
    const nos = await owner.withTenant(w.tenantId, (tx) =>
      tx.select({ userId: teacherProfile.userId, teacherNo: teacherProfile.teacherNo }).from(teacherProfile).where(inArray(teacherProfile.userId, p.trainees.map((t) => t.userId))),
    );
    const noOf = (i: number) => nos.find((n) => n.userId === p.trainees[i]!.userId)!.teacherNo;
    await p.score(p.trainees[2]!.nominationId, "50", "50");
    const file = (rows: unknown[][], headers = ["教师编号", "姓名", "研修作业（满分 100，必考）", "结业考试（满分 100）", "总分"]) =>
      xlsxBytes([{ name: "考核成绩", headers, rows: rows as never }]).then((b) => new Uint8Array(b));
    const imp = async (bytes: Uint8Array, fileName = "成绩.xlsx") => importScores({ db, actor: p.admin, input: { projectId: p.projectId, fileName, bytes } });

    const bad = await imp(
      await file([
        [noOf(0), "甲", 90, 80, ""],
        ["NOPE-1", "乙", 90, 80, ""],
        [noOf(1), "丙", 101, "八十", ""],
        [noOf(0), "甲", 1, 1, ""],
      ]),
    );
    expect(bad).toEqual({
      ok: false,
      rows: [
        { rowNumber: 3, teacherNo: "NOPE-1", reasons: ["教师编号「NOPE-1」不是本项目的学员"] },
        { rowNumber: 4, teacherNo: noOf(1), reasons: ["研修作业：成绩不能超过满分 100", "结业考试：成绩须为数字"] },
        { rowNumber: 5, teacherNo: noOf(0), reasons: ["与第 2 行是同一学员"] },
      ],
    });
    expect((await assessmentPage({ db, actor: p.admin, query: { projectId: p.projectId } })).scoredTrainees).toBe(1);

    // The export's own headers (with the 满分 note) are read back; a blank cell clears that score.
    const good = await imp(
      await file([
        [noOf(0), "甲", 90, 80.5, ""],
        [noOf(2), "丙", 60, "", ""],
      ]),
    );
    expect(good).toEqual({ ok: true, trainees: 2, changed: 2 });
    const page = await assessmentPage({ db, actor: p.admin, query: { projectId: p.projectId } });
    expect(page.rows.find((r) => r.nominationId === p.trainees[0]!.nominationId)?.scores).toEqual({ [p.homework]: 90, [p.exam]: 80.5 });
    expect(page.rows.find((r) => r.nominationId === p.trainees[2]!.nominationId)?.scores).toEqual({ [p.homework]: 60 });

    expect((await errorOf(imp(await file([[noOf(0), 1]], ["姓名", "结业考试"]))))?.fieldErrors).toEqual({ file: ["表中没有表头（须包含「教师编号」和考核项目的名称）"] });
    expect((await errorOf(imp(new Uint8Array([1, 2, 3]), "成绩.csv")))?.fieldErrors).toEqual({ file: ["请上传 .xlsx 文件（可先导出成绩，在其中填写）"] });
    expect((await errorOf(imp(new Uint8Array([1, 2, 3]))))?.code).toBe("badRequest");
    // Another province's admin: nothing to import into.
    expect(await codeOf(importScores({ db, actor: other.admins.province, input: { projectId: p.projectId, fileName: "a.xlsx", bytes: await file([[noOf(0), "甲", 1, 1, ""]]) } }))).toBe("notFound");
  });
});

describe("the stored day count (nomination.attended_days)", () => {
  it("follows every write of project_attendance: hand marks, unmarks, a second mark the same day, bulk inserts and deletes", async () => {
    const p = await projectWith([0, 2]);
    const [a, b] = p.trainees;
    const days = async () =>
      owner.withTenant(w.tenantId, async (tx) => {
        const rows = await tx.select({ id: nomination.id, n: nomination.attendedDays }).from(nomination).where(eq(nomination.projectId, p.projectId));
        return Object.fromEntries(rows.map((r) => [r.id, r.n]));
      });
    expect(await days()).toEqual({ [a!.nominationId]: 0, [b!.nominationId]: 2 });
    const mark = (nominationId: string, day: string, present: string) => markAttendance({ db, actor: p.admin, input: { projectId: p.projectId, nominationId, day, present } });
    await mark(a!.nominationId, "2026-04-01", "on");
    await mark(a!.nominationId, "2026-04-01", "on"); // the same day again: nothing new
    await mark(a!.nominationId, "2026-04-02", "on");
    await mark(b!.nominationId, "2026-03-01", ""); // unmark one of b's
    await mark(b!.nominationId, "2026-05-05", ""); // unmark a day b never had
    expect(await days()).toEqual({ [a!.nominationId]: 2, [b!.nominationId]: 1 });
    await owner.withTenant(w.tenantId, (tx) => tx.delete(projectAttendance).where(eq(projectAttendance.projectId, p.projectId)));
    expect(await days()).toEqual({ [a!.nominationId]: 0, [b!.nominationId]: 0 });
  });
});

describe("考核 in 学时认定 (decision 031)", () => {
  it("the proposal honours days, required items and the pass mark, with reasons; the worker awards only those who meet it (or an exception)", async () => {
    const p = await projectWith([3, 3, 2, 3, 3]);
    const [ok, noHomework, shortDays, lowScore, excepted] = p.trainees;
    await p.score(ok!.nominationId, "70", "50"); // 120 = the pass score: met
    await p.score(noHomework!.nominationId, "", "100"); // required item missing (and 100 < 120)
    await p.score(shortDays!.nominationId, "100", "100"); // 2 of 3 days
    await p.score(lowScore!.nominationId, "60", "59.9"); // 119.9 < 120
    await p.score(excepted!.nominationId, "10", ""); // low, but an exception awards
    await setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: excepted!.nominationId, award: "on", reason: "补交研修成果，专家复评通过" } });
    const page = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    const by = (n: { nominationId: string }) => page.rows.find((r) => r.nominationId === n.nominationId)!;
    expect([ok, noHomework, shortDays, lowScore, excepted].map((t) => [by(t!).met, by(t!).reasons, by(t!).total])).toEqual([
      [true, [], 120],
      [false, ["requiredItem", "score"], 100],
      [false, ["days"], 200],
      [false, ["score"], 119.9],
      [false, ["score"], 10],
    ]);
    expect(page.counts).toMatchObject({ trainees: 5, met: 1, exceptions: 1, toAward: 2, hours: 96 });
    expect(page.assessment).toEqual({ items: 2, required: 1, maxTotal: 200, passPercent: 60, passScore: 120 });
    // The counts and filters are SQL; the rows are completionCheck's: they agree on who met the rule.
    const notMet = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, show: "notMet" }, today: TODAY });
    expect(notMet.total).toBe(4);
    expect(notMet.rows.every((r) => !r.met)).toBe(true);
    const metOnly = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, show: "met" }, today: TODAY });
    expect(metOnly.rows.map((r) => r.nominationId)).toEqual([ok!.nominationId]);
    const paged = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, size: "20", page: "1" }, today: TODAY });
    expect(paged.total).toBe(5);
    expect(paged.rows.map((r) => r.name)).toEqual([...paged.rows.map((r) => r.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    // The pass mark is the project's: at 50 % (100 of 200) the low scorer passes, the one without homework still not.
    await setPassMark({ db, actor: p.admin, input: { projectId: p.projectId, passPercent: "50" } });
    const at50 = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    expect(at50.rows.find((r) => r.nominationId === lowScore!.nominationId)).toMatchObject({ met: true, reasons: [] });
    expect(at50.rows.find((r) => r.nominationId === noHomework!.nominationId)).toMatchObject({ met: false, reasons: ["requiredItem"] });
    expect(at50.counts).toMatchObject({ met: 2, toAward: 3, hours: 144 });
    expect(at50.rows.filter((r) => r.met).length).toBe(2);
    await setPassMark({ db, actor: p.admin, input: { projectId: p.projectId, passPercent: "60" } });

    const confirmed = await confirmProjectCredits({ db, actor: p.admin, today: TODAY, input: { projectId: p.projectId, category: ["concentrated"], hours: ["48"] } });
    expect(confirmed.total).toBe(2);
    await awardProjectCredits({ db, tenantId: w.tenantId, projectId: p.projectId, today: TODAY });
    for (const t of p.trainees) {
      const ledger = await owner.withTenant(w.tenantId, (tx) => tx.select({ hours: creditAward.hours }).from(creditAward).where(and(eq(creditAward.teacherId, t.userId), eq(creditAward.source, "trainingProject"))));
      expect([t.nominationId, ledger.map((l) => l.hours)]).toEqual([t.nominationId, t === ok || t === excepted ? ["48.0"] : []]);
    }

    // Once confirmed, scores, items and the pass mark are read-only, with a clear error.
    expect(await codeOf(p.score(lowScore!.nominationId, "100", "100"))).toBe("scoresLocked");
    expect(await codeOf(saveAssessmentItem({ db, actor: p.admin, input: { projectId: p.projectId, name: "补考", kind: "exam" } }))).toBe("scoresLocked");
    expect(await codeOf(setPassMark({ db, actor: p.admin, input: { projectId: p.projectId, passPercent: "0" } }))).toBe("scoresLocked");
    const after = await assessmentPage({ db, actor: p.admin, query: { projectId: p.projectId } });
    expect(after).toMatchObject({ locked: true, canEdit: false });
    // After the confirmation the page counts what was confirmed.
    const done = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    expect(done.counts).toMatchObject({ trainees: 5, met: 1, toAward: 2, hours: 96 });
    expect(done.rows.filter((r) => r.decision.award).map((r) => r.nominationId).sort()).toEqual([ok!.nominationId, excepted!.nominationId].sort());
  });

  it("the trainee sees their own scores, the total and what is missing — and nobody else's", async () => {
    const p = await projectWith([3, 3]);
    await p.score(p.trainees[0]!.nominationId, "", "55");
    await p.score(p.trainees[1]!.nominationId, "99", "99");
    const mine = await myProject({ db, actor: p.trainees[0]!.actor, query: { projectId: p.projectId } });
    expect(mine.assessment).toMatchObject({ total: 55, maxTotal: 200, passScore: 120, reasons: ["requiredItem", "score"] });
    expect(mine.assessment.items.map((i) => [i.name, i.score, i.required])).toEqual([
      ["研修作业", null, true],
      ["结业考试", 55, false],
    ]);
  });
});
