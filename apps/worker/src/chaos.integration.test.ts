import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { rebuildCompletion } from "@yanxiu/services/completion";
import { chaosJobs, chaosOutcome, countEvents, seedChaosWorld } from "@yanxiu/services/completion/testing";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { progressEventJob, queues } from "@yanxiu/domain/jobs";
import { addJobs, spawnWorker, waitDrained, waitUntil, type TWorkerChild } from "./chaos-harness.ts";

const prefix = `chaos-${randomUUID().slice(0, 8)}`;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const progress = new Queue(queues.progress, { connection: redis, prefix });
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-chaos-files-"));
const children: TWorkerChild[] = [];

afterAll(async () => {
  for (const c of children) await c.kill9();
  await progress.close();
  await db.close();
  await owner.close();
  redis.disconnect();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

const workerEnv = {
  DATABASE_URL: testUrls.database,
  REDIS_URL: testUrls.redis,
  HEALTH_PORT: "0",
  QUEUE_PREFIX: prefix,
  FILE_STORE_DIR: filesDir,
  // A killed worker's jobs come back within ~3 s instead of a minute.
  PROGRESS_LOCK_MS: "2000",
  PROGRESS_STALLED_MS: "1000",
};

describe("chaos", () => {
  it("kill -9 while the worker processes 5,000 events: after a restart nothing is lost, nothing is credited twice, and the rebuild finds no difference", { timeout: 60_000 }, async () => {
    const world = await seedChaosWorld(owner, db, { teachers: 50, courses: 5 });
    expect(world.enrollments).toHaveLength(250);
    const { jobs, expectedComplete, distinctEvents } = chaosJobs(world.enrollments, { total: 5000, tenantId: world.tenantId, seed: 42 });
    expect(jobs).toHaveLength(5000);

    const first = spawnWorker(workerEnv);
    children.push(first);
    await first.ready;
    await addJobs(progress, progressEventJob.name, jobs);
    // Crash it somewhere in the middle of the run.
    await waitUntil(async () => (await countEvents(db, world.tenantId)) >= distinctEvents * 0.4, 30_000, "the first worker to get going");
    await first.kill9();
    const recordedAtCrash = await countEvents(db, world.tenantId);
    expect(recordedAtCrash).toBeLessThan(distinctEvents);

    const second = spawnWorker(workerEnv);
    children.push(second);
    await second.ready;
    await waitDrained(progress, 40_000);
    await second.stop();

    const failed = await progress.getJobCounts("failed");
    expect(failed.failed).toBe(0);
    const out = await chaosOutcome(db, world.tenantId);
    expect(jobs.every((j) => out.eventIds.has((j.data as { eventId: string }).eventId))).toBe(true);
    expect(out.eventIds.size).toBe(distinctEvents);
    expect([...out.completed].sort()).toEqual([...expectedComplete].sort());
    expect(out.completedWithoutOneAward).toBe(0);
    expect(out.awards).toBe(expectedComplete.size);
    expect(out.certificates).toBe(expectedComplete.size);

    const r = await rebuildCompletion({ db, tenantIds: [world.tenantId] });
    expect(r.differences).toEqual([]);
    expect(r.doubleCredits).toBe(0);
    expect(r.events).toBe(distinctEvents);
  });
});
