import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { projectCreditsJob } from "@yanxiu/domain/jobs";
import { creditAward, teacherCreditStatus } from "@yanxiu/db/schema";
import { recomputeTenantStatuses } from "../credits/index.ts";
import { myCredits } from "../credits/my-credits.ts";
import { seedAward } from "../credits/test-setup.ts";
import { computeRollups, reconcileRollups } from "../rollups/index.ts";
import { createProducer } from "../platform/queue.ts";
import { testRedis } from "../testing.ts";
import {
  awardProjectCredits,
  clearCreditException,
  confirmProjectCredits,
  enqueueUnfinishedProjectCredits,
  projectCredits,
  resumeProjectCredits,
  setCreditException,
  withdrawNomination,
} from "./index.ts";
import { projectTestSetup, runningProjectWith, type TProjectWorld } from "./test-setup.ts";

let w: TProjectWorld;
let other: TProjectWorld;
const { owner, db } = projectTestSetup((seeded) => {
  ({ w, other } = seeded);
});

const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code, fieldErrors: e.fieldErrors }));
const TODAY = "2026-07-05";

/** A running project (48 planned 学时, 3 required days) whose trainees attended `days[i]` days each, plus one withdrawn. */
const projectWith = (days: number[]) => runningProjectWith({ db, owner, w }, days);

const ledgerOfProject = (teacherId: string) =>
  owner.withTenant(w.tenantId, (tx) =>
    tx
      .select({ hours: creditAward.hours, category: creditAward.category, source: creditAward.source, countsFor: creditAward.countsFor, organiserLevel: creditAward.organiserLevel })
      .from(creditAward)
      .where(and(eq(creditAward.teacherId, teacherId), eq(creditAward.source, "trainingProject"))),
  );

describe("学时认定: the proposal and the exceptions", () => {
  it("proposes those who met the required days; exceptions award, leave out or give fewer hours, with a reason", async () => {
    const p = await projectWith([3, 1, 4]);
    const [met, short, metToo] = p.trainees;
    const before = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    expect(before.counts).toEqual({ trainees: 3, met: 2, exceptions: 0, toAward: 2, hours: 96, withdrawn: 1 });
    expect(before.canConfirm).toBe(true);
    expect(before.ended).toBe(true);
    expect(before.rows.map((r) => r.nominationId).sort()).toEqual(p.trainees.map((t) => t.nominationId).sort());
    expect(before.rows.find((r) => r.nominationId === short!.nominationId)).toMatchObject({ attended: 1, required: 3, met: false, decision: { award: false, hours: 0 } });

    await setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: short!.nominationId, award: "on", hours: "24", reason: "病假两天，已补学" } });
    await setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: metToo!.nominationId, reason: "研修作业未提交" } });
    // Set again: replaces, never a second row.
    await setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: metToo!.nominationId, reason: "研修作业未提交（已核实）" } });
    const after = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    expect(after.counts).toEqual({ trainees: 3, met: 2, exceptions: 2, toAward: 2, hours: 72, withdrawn: 1 });
    expect(after.rows.find((r) => r.nominationId === metToo!.nominationId)).toMatchObject({ met: true, exception: { award: false, reason: "研修作业未提交（已核实）" }, decision: { award: false } });

    // The filters and the search.
    const notMet = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, show: "notMet" }, today: TODAY });
    expect(notMet.rows.map((r) => r.nominationId)).toEqual([short!.nominationId]);
    const ex = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, show: "exception" }, today: TODAY });
    expect(ex.total).toBe(2);
    const found = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId, q: met!.name }, today: TODAY });
    expect(found.rows.map((r) => r.nominationId)).toEqual([met!.nominationId]);

    // An exception taken away: the proposal again.
    await clearCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: metToo!.nominationId } });
    expect((await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY })).counts.toAward).toBe(3);
    expect(await errorOf(clearCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: metToo!.nominationId } }))).toMatchObject({ code: "notFound" });
  });

  it("refuses more hours than planned, a withdrawn trainee, hostile text, and anyone who does not manage the project", async () => {
    const p = await projectWith([3]);
    const n = p.trainees[0]!.nominationId;
    expect(await errorOf(setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: n, award: "on", hours: "60", reason: "多给" } }))).toMatchObject({
      code: "badRequest",
      fieldErrors: { hours: ["认定学时不能超过计划学时 48"] },
    });
    expect(await errorOf(setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: p.withdrawn.nominationId, award: "on", reason: "x" } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: n, reason: "a\u0000b" } }))).toMatchObject({ code: "badRequest" });
    // A county admin sees the project but does not manage it; a trainee and another province see nothing.
    expect(await errorOf(setCreditException({ db, actor: w.admins.countyA, input: { projectId: p.projectId, nominationId: n, reason: "x" } }))).toMatchObject({ code: expect.stringMatching(/forbidden|notFound/) });
    expect(await errorOf(projectCredits({ db, actor: p.trainees[0]!.actor, query: { projectId: p.projectId } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(projectCredits({ db, actor: other.admins.province, query: { projectId: p.projectId } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(confirmProjectCredits({ db, actor: other.admins.province, input: { projectId: p.projectId, category: ["concentrated"], hours: ["48"] } }))).toMatchObject({ code: "notFound" });
    expect(await errorOf(confirmProjectCredits({ db, actor: w.admins.countyA, input: { projectId: p.projectId, category: ["concentrated"], hours: ["48"] } }))).toMatchObject({ code: expect.stringMatching(/forbidden|notFound/) });
  });
});

describe("确认认定 and 学时分发", () => {
  it("confirms once with a split; the worker writes one award per trainee and category, once, however often it runs", async () => {
    const p = await projectWith([3, 1, 3]);
    const [a, b, c] = p.trainees;
    await setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: b!.nominationId, award: "on", hours: "24", reason: "补学完成" } });
    expect(await errorOf(confirmProjectCredits({ db, actor: p.admin, input: { projectId: p.projectId, category: ["concentrated", "online"], hours: ["32", "10"] } }))).toMatchObject({
      code: "badRequest",
      fieldErrors: { split: ["各类学时之和须等于计划学时 48（现为 42）"] },
    });
    expect(await errorOf(confirmProjectCredits({ db, actor: p.admin, input: { projectId: p.projectId, category: ["online", "online"], hours: ["24", "24"] } }))).toMatchObject({ code: "badRequest" });

    const out = await confirmProjectCredits({ db, actor: p.admin, today: TODAY, input: { projectId: p.projectId, category: ["concentrated", "online", ""], hours: ["32", "16", ""] } });
    expect(out).toMatchObject({ total: 3, hours: 120, countsFor: "2026-06-30" });
    // Once only; and the exceptions are fixed from now on.
    expect(await errorOf(confirmProjectCredits({ db, actor: p.admin, today: TODAY, input: { projectId: p.projectId, category: ["concentrated"], hours: ["48"] } }))).toMatchObject({ code: "conflict" });
    expect(await errorOf(setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: a!.nominationId, reason: "晚了" } }))).toMatchObject({ code: "conflict" });
    const pending = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    expect(pending.canConfirm).toBe(false);
    expect(pending.run).toMatchObject({ total: 3, awarded: 0, finishedAt: null, split: [{ category: "concentrated", hours: 32 }, { category: "online", hours: 16 }] });

    // Two workers at once (a retry while the first still runs), then a third: everyone once.
    const runs = await Promise.all([
      awardProjectCredits({ db, tenantId: w.tenantId, projectId: p.projectId, batchSize: 1, today: TODAY }),
      awardProjectCredits({ db, tenantId: w.tenantId, projectId: p.projectId, batchSize: 1, today: TODAY }),
    ]);
    expect(runs.reduce((s, r) => s + r.awarded, 0)).toBe(3);
    expect(await awardProjectCredits({ db, tenantId: w.tenantId, projectId: p.projectId, today: TODAY })).toEqual({ awarded: 0, skipped: 0 });

    const byCategory = (rows: { hours: string; category: string }[]) => Object.fromEntries(rows.map((r) => [r.category, Number(r.hours)]));
    expect(byCategory(await ledgerOfProject(a!.userId))).toEqual({ concentrated: 32, online: 16 });
    expect(byCategory(await ledgerOfProject(b!.userId))).toEqual({ concentrated: 16, online: 8 });
    expect(byCategory(await ledgerOfProject(c!.userId))).toEqual({ concentrated: 32, online: 16 });
    expect(await ledgerOfProject(p.withdrawn.userId)).toEqual([]);
    expect((await ledgerOfProject(a!.userId))[0]).toMatchObject({ source: "trainingProject", countsFor: "2026-06-30", organiserLevel: "provincial" });

    // The teacher's status moved in the same transaction, and 我的学时 lists the project with its evidence.
    const [status] = await owner.withTenant(w.tenantId, (tx) => tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.teacherId, b!.userId)));
    expect(Number(status!.cycleHours)).toBe(24);
    const mine = await myCredits({ db, actor: b!.actor, today: TODAY });
    const rows = mine.ledger.filter((r) => r.source === "trainingProject");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.evidence).toEqual([expect.objectContaining({ kind: "project", title: expect.stringContaining("出勤 1 天") })]);
    expect(rows[0]!.reason).toBe("补学完成");

    const done = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    expect(done.run).toMatchObject({ total: 3, awarded: 3, skipped: 0 });
    expect(done.run!.finishedAt).not.toBeNull();
    expect(done.rows.every((r) => r.state === "awarded")).toBe(true);
    expect(await errorOf(resumeProjectCredits({ db, actor: p.admin, input: { projectId: p.projectId } }))).toMatchObject({ code: "conflict" });
  });

  it("a confirmation whose job was lost is queued again by the sweep once it is old enough, one job per project, and not after it finished", async () => {
    const redis = testRedis();
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const producer = createProducer(redis, { prefix });
    const queue = new Queue(projectCreditsJob.queue, { connection: redis, prefix });
    try {
      const p = await projectWith([3, 3]);
      // Confirmed without a producer: the job is lost, as if Redis were away at that moment.
      await confirmProjectCredits({ db, actor: p.admin, today: TODAY, input: { projectId: p.projectId, category: ["concentrated"], hours: ["48"] } });
      const only = new Set([w.tenantId]);
      const mine = async () => (await queue.getJobs(["waiting", "delayed", "prioritized", "active"])).filter((j) => j.data.projectId === p.projectId);
      // Too recent: the first job may still be on its way.
      expect((await enqueueUnfinishedProjectCredits({ db, producer, tenantIds: only })).filter((r) => r.projectId === p.projectId)).toEqual([]);
      // Five minutes later (the confirmation's time moved back), the sweep queues it, and a second sweep adds no second job.
      await owner.withTenant(w.tenantId, (tx) => tx.execute(sql`update project_credit_run set confirmed_at = now() - interval '6 minutes' where project_id = ${p.projectId}`));
      await enqueueUnfinishedProjectCredits({ db, producer, tenantIds: only });
      await enqueueUnfinishedProjectCredits({ db, producer, tenantIds: only });
      const jobs = await mine();
      expect(jobs.map((j) => [j.name, j.data])).toEqual([[projectCreditsJob.name, { v: 1, tenantId: w.tenantId, projectId: p.projectId }]]);
      // The worker's handler runs it; then nothing is left to sweep for this project.
      expect(await awardProjectCredits({ db, tenantId: w.tenantId, projectId: p.projectId, today: TODAY })).toEqual({ awarded: 2, skipped: 0 });
      await jobs[0]!.remove();
      expect((await enqueueUnfinishedProjectCredits({ db, producer, olderThanSeconds: 0, tenantIds: only })).filter((r) => r.projectId === p.projectId)).toEqual([]);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await producer.close();
      redis.disconnect();
    }
  });

  it("a trainee withdrawn (退出培训) between the confirmation and the worker's turn gets nothing; the others are written", async () => {
    const p = await projectWith([3, 3]);
    const [stays, leaves] = p.trainees;
    await confirmProjectCredits({ db, actor: p.admin, today: TODAY, input: { projectId: p.projectId, category: ["concentrated"], hours: ["48"] } });
    await withdrawNomination({ db, actor: p.admin, input: { nominationId: leaves!.nominationId, reason: "调离本省" } });
    expect(await awardProjectCredits({ db, tenantId: w.tenantId, projectId: p.projectId, today: TODAY })).toEqual({ awarded: 1, skipped: 1 });
    expect(await ledgerOfProject(leaves!.userId)).toEqual([]);
    expect((await ledgerOfProject(stays!.userId)).map((r) => Number(r.hours))).toEqual([48]);
    const done = await projectCredits({ db, actor: p.admin, query: { projectId: p.projectId }, today: TODAY });
    expect(done.run).toMatchObject({ total: 2, awarded: 1, skipped: 1 });
    expect(done.run!.finishedAt).not.toBeNull();
  });

  it("writes a batch at a time and keeps each teacher's status and the org rollups exact (no drift against a full run)", async () => {
    const p = await projectWith([3, 3, 1, 3, 3]);
    // One trainee already has 学时 from elsewhere: their status adds up the whole ledger, not only this project.
    await seedAward(db, w.tenantId, p.trainees[0]!.userId, { hours: 20, countsFor: "2026-05-01", category: "online" });
    await recomputeTenantStatuses({ db, tenantId: w.tenantId, today: TODAY });
    await computeRollups({ db, tenantId: w.tenantId, today: TODAY });
    await setCreditException({ db, actor: p.admin, input: { projectId: p.projectId, nominationId: p.trainees[2]!.nominationId, award: "on", hours: "10", reason: "补学完成" } });
    await confirmProjectCredits({ db, actor: p.admin, today: TODAY, input: { projectId: p.projectId, category: ["concentrated", "online"], hours: ["32", "16"] } });
    await withdrawNomination({ db, actor: p.admin, input: { nominationId: p.trainees[4]!.nominationId, reason: "调离本省" } });
    // Batches of 2: a batch with a withdrawn trainee in it, and teachers of several batches.
    expect(await awardProjectCredits({ db, tenantId: w.tenantId, projectId: p.projectId, batchSize: 2, today: TODAY })).toEqual({ awarded: 4, skipped: 1 });

    const statuses = () =>
      owner.withTenant(w.tenantId, async (tx) =>
        (await tx.select({ teacherId: teacherCreditStatus.teacherId, cycleHours: teacherCreditStatus.cycleHours, yearHours: teacherCreditStatus.yearHours, onPace: teacherCreditStatus.onPace }).from(teacherCreditStatus)).sort((a, b) =>
          a.teacherId.localeCompare(b.teacherId),
        ),
      );
    const written = await statuses();
    expect(Number(written.find((s) => s.teacherId === p.trainees[0]!.userId)!.cycleHours)).toBe(68);
    expect(Number(written.find((s) => s.teacherId === p.trainees[2]!.userId)!.cycleHours)).toBe(10);
    await recomputeTenantStatuses({ db, tenantId: w.tenantId, today: TODAY });
    expect(await statuses()).toEqual(written);
    const run = await reconcileRollups({ db, tenantId: w.tenantId, today: TODAY });
    expect(run.drift).toMatchObject({ units: 0, hours: { keys: 0, total: 0 } });
    expect(Object.values(run.drift!.columns).every((v) => v === 0)).toBe(true);
  });

  it("the worker for another province's tenant finds no confirmation (the run is in the project's own tenant only)", async () => {
    const p = await projectWith([3]);
    await confirmProjectCredits({ db, actor: p.admin, today: TODAY, input: { projectId: p.projectId, category: ["concentrated"], hours: ["48"] } });
    expect(await errorOf(awardProjectCredits({ db, tenantId: other.tenantId, projectId: p.projectId, today: TODAY }))).toMatchObject({ code: "notFound" });
    expect(await ledgerOfProject(p.trainees[0]!.userId)).toEqual([]);
  });
});
