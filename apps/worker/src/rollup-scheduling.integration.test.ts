import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { auditEvent, creditAward, orgRollup, orgRollupDelta, orgRollupHoursDelta } from "@yanxiu/db/schema";
import { afterAll, describe, expect, it } from "vitest";
import { rollupJob } from "@yanxiu/domain/jobs";
import { chinaDay, recomputeTeacherStatus } from "@yanxiu/services/credits";
import { seedCreditWorld } from "@yanxiu/services/credits/test-setup";
import { computeRollups, readRollup } from "@yanxiu/services/rollups";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { loadEnv } from "./env.ts";
import { startRollupFolding } from "./rollup-folding.ts";
import { annualReportSchedulerId, rollupSchedulerId, startRollupScheduling } from "./rollup-handler.ts";
import { startWorker, type RunningWorker } from "./worker.ts";

const prefix = `test-${randomUUID().slice(0, 8)}`;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-rollup-files-"));
const EVERY_MS = 2_000;
let worker: RunningWorker | undefined;

afterAll(async () => {
  await worker?.close();
  await db.close();
  await owner.close();
  redis.disconnect();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

/** Polls until `read` gives a value `ok` accepts (the test's own timeout bounds the wait). */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("rollup scheduling", () => {
  it("after the worker starts, each active tenant has a repeatable rollup job; a new award shows in its rollup at once, and the next run finds no drift", { timeout: 120_000 }, async () => {
    const w = await seedCreditWorld(owner);
    const teacher = await w.teacherAt(w.units.schoolA.id);
    worker = await startWorker(
      loadEnv({ DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, HEALTH_PORT: "0", QUEUE_PREFIX: prefix, FILE_STORE_DIR: filesDir, ROLLUP_EVERY_MS: String(EVERY_MS) }),
      () => {},
      // Only this test's tenant: the shared test database holds hundreds of other tests' tenants.
      { rollupTenantIds: new Set([w.tenantId]) },
    );
    expect(await worker.rollupsScheduled).toBe(1);

    // The repeat key: one job scheduler for this tenant, every EVERY_MS.
    const queue = new Queue(rollupJob.queue, { connection: redis.duplicate(), prefix });
    const schedulers = await queue.getJobSchedulers();
    await queue.close();
    const mine = schedulers.find((s) => s.key === rollupSchedulerId(w.tenantId));
    expect(mine).toBeDefined();
    expect(Number(mine!.every)).toBe(EVERY_MS);

    // The first scheduled run writes the tenant's rollup: nobody has 学时 yet.
    const figures = () => readRollup({ db, actor: w.provinceAdmin, orgUnitId: w.units.province.id }).then((r) => r.figures);
    const first = await eventually(figures, (f) => f !== null);
    expect(first!.hoursThisYear).toBe(0);

    // An award lands as the completion worker writes it (ledger row + the teacher's status + the rollups in
    // one unit of work); nobody presses 立即重新计算. Hold the next scheduled run off meanwhile (it waits on
    // the rollup lock), so what we read is what the award itself moved.
    const day = chinaDay();
    // The ledger row and its recompute in ONE transaction, as every award path writes them: a run rebuilding the
    // rollups in between (the first night also recomputes every status) must see both or neither.
    await db.withTenant(w.tenantId, async (tx) => {
      await tx.insert(creditAward).values({ tenantId: w.tenantId, teacherId: teacher.userId, source: "courseCompletion", sourceRef: randomUUID(), title: "网络研修课程", hours: "6", category: "online", organiserLevel: "provincial", countsFor: day });
      await recomputeTeacherStatus(tx, { tenantId: w.tenantId, teacherId: teacher.userId, landed: [{ teacherId: teacher.userId, hours: "6", category: "online", countsFor: day }] });
    });
    const now = await figures();
    expect(now!.hoursThisYear).toBe(6);
    // A later scheduled run reconciles (an audit row that checked the stored figures, written after the award
    // landed): zero drift, and the same figures. (A rebuild alone is no sign: the first night's status
    // recompute also rebuilds the rollups.)
    const landedAt = Date.now();
    const reconciles = async () => (await owner.withTenant(w.tenantId, (tx) => tx.select().from(auditEvent))).filter((r) => r.action === "rollups.reconcile");
    const isCheck = (r: { data: unknown; occurredAt: Date }) => (r.data as { checked: unknown }).checked != null && r.occurredAt.getTime() >= landedAt;
    const audit = await eventually(reconciles, (rows) => rows.some(isCheck));
    expect(audit.filter(isCheck).every((r) => (r.data as { zero: boolean }).zero)).toBe(true);
    expect((await figures())!.hoursThisYear).toBe(6);
  });

  it("the fold loop moves what awards appended into the rollup rows (decision 033), and readers see the same figures before and after", { timeout: 60_000 }, async () => {
    const w = await seedCreditWorld(owner);
    const teacher = await w.teacherAt(w.units.schoolA.id);
    await computeRollups({ db, tenantId: w.tenantId });
    const folding = startRollupFolding({ db, log: () => {}, everyMs: 50, tenantIds: new Set([w.tenantId]) });
    try {
      const day = chinaDay();
      await db.withTenant(w.tenantId, async (tx) => {
        await tx.insert(creditAward).values({ tenantId: w.tenantId, teacherId: teacher.userId, source: "manual", sourceRef: randomUUID(), title: "校本研修", hours: "3.5", category: "schoolBased", organiserLevel: "school", countsFor: day });
        await recomputeTeacherStatus(tx, { tenantId: w.tenantId, teacherId: teacher.userId, landed: [{ teacherId: teacher.userId, hours: "3.5", category: "schoolBased", countsFor: day }] });
      });
      // Readers see it at once (the view adds what is not folded yet).
      const figures = () => readRollup({ db, actor: w.provinceAdmin, orgUnitId: w.units.province.id }).then((r) => r.figures!.hoursThisYear);
      expect(await figures()).toBe(3.5);
      // The loop folds it: nothing waits, and the stored row itself holds it.
      const stored = () =>
        owner.withTenant(w.tenantId, async (tx) => ({
          waiting: (await tx.select().from(orgRollupDelta)).length + (await tx.select().from(orgRollupHoursDelta)).length,
          province: Number((await tx.select().from(orgRollup)).find((r) => r.orgUnitId === w.units.province.id)!.hoursThisYear),
        }));
      expect(await eventually(stored, (x) => x.waiting === 0)).toEqual({ waiting: 0, province: 3.5 });
      expect(await figures()).toBe(3.5);
    } finally {
      await folding.close();
    }
  });

  it("without a test period, each tenant's reconcile is the nightly cron, in China time", async () => {
    const w = await seedCreditWorld(owner);
    const p = `test-${randomUUID().slice(0, 8)}`;
    const env = loadEnv({ DATABASE_URL: "x", REDIS_URL: "x", FILE_STORE_DIR: "x" });
    const scheduling = startRollupScheduling({ db, redis: redis.duplicate(), prefix: p, log: () => {}, cron: env.ROLLUP_CRON, reportCron: env.ANNUAL_REPORT_CRON, tenantIds: new Set([w.tenantId]) });
    await scheduling.ready;
    const queue = new Queue(rollupJob.queue, { connection: redis.duplicate(), prefix: p });
    const schedulers = await queue.getJobSchedulers();
    const mine = schedulers.find((s) => s.key === rollupSchedulerId(w.tenantId));
    // And the year-end report check (decision 038): daily in the morning, China time.
    const reports = schedulers.find((s) => s.key === annualReportSchedulerId(w.tenantId));
    await queue.close();
    await scheduling.close();
    expect(mine).toMatchObject({ pattern: "0 30 2 * * *", tz: "Asia/Shanghai" });
    expect(reports).toMatchObject({ pattern: "0 0 6 * * *", tz: "Asia/Shanghai", name: "annualReportSchedule" });
  });
});
