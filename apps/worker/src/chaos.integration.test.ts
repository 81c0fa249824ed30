import { Queue, Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { rebuildCompletion } from "@yanxiu/services/completion";
import { chaosJobs, chaosOutcome, countEvents, seedChaosWorld } from "@yanxiu/services/completion/testing";
import { progressEventJob, queues } from "@yanxiu/domain/jobs";
import { addJobs, waitDrained, waitForCount } from "./chaos-harness.ts";
import { crashTestSetup, stallMs, withOutput } from "./crash-test-setup.ts";

// A killed worker's jobs come back within ~3 s instead of a minute.
const { prefix, owner, db, redis, spawn, closeAfter } = crashTestSetup("chaos", { PROGRESS_LOCK_MS: "2000", PROGRESS_STALLED_MS: "1000" });
const progress = closeAfter(new Queue(queues.progress, { connection: redis, prefix }));

describe("chaos", () => {
  // The waits below give up only when the work stops moving (stallMs), so a loaded machine just takes longer;
  // the test's own timeout is a backstop far above what even a busy two-core machine needs.
  it("kill -9 while the worker processes 5,000 events: after a restart nothing is lost, nothing is credited twice, and the rebuild finds no difference", { timeout: 600_000 }, async () => {
    const world = await seedChaosWorld(owner, db, { teachers: 50, courses: 5 });
    expect(world.enrollments).toHaveLength(250);
    const { jobs, expectedComplete, distinctEvents } = chaosJobs(world.enrollments, { total: 5000, tenantId: world.tenantId, seed: 42 });
    expect(jobs).toHaveLength(5000);

    const first = spawn();
    await first.ready;
    await addJobs(progress, progressEventJob.name, jobs);
    // Crash it somewhere in the middle of the run.
    await waitForCount(() => countEvents(db, world.tenantId), Math.ceil(distinctEvents * 0.4), stallMs, "events recorded by the first worker").catch(withOutput(first));
    await first.kill9();
    const recordedAtCrash = await countEvents(db, world.tenantId);
    expect(recordedAtCrash).toBeLessThan(distinctEvents);

    const second = spawn();
    await second.ready;
    await waitDrained(progress, stallMs).catch(withOutput(second));
    await second.stop();

    const failed = await progress.getJobs(["failed"]);
    expect(failed.map((j) => `${j.id}: ${j.failedReason}`)).toEqual([]);
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

describe("the waits of the worker tests", () => {
  const slow = new Queue("slow", { connection: redis, prefix });
  const idle = new Queue("idle", { connection: redis, prefix });
  const worker = new Worker("slow", () => new Promise((r) => setTimeout(r, 200)), { connection: redis.duplicate(), prefix, concurrency: 1, autorun: false });
  afterAll(async () => {
    await worker.close();
    for (const q of [slow, idle]) {
      await q.obliterate({ force: true });
      await q.close();
    }
  });

  it("a queue that keeps draining is waited for however long it takes; one that stops moving is given up on", { timeout: 120_000 }, async () => {
    // One job at a time, 200 ms each: about 4 s in all, twice the stall window, and never that long without a move.
    await slow.addBulk(Array.from({ length: 20 }, (_, i) => ({ name: "slow", data: { i } })));
    const started = Date.now();
    void worker.run();
    await waitDrained(slow, 2000);
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect((await slow.getJobCounts("completed")).completed).toBe(20);

    await idle.add("idle", {});
    await expect(waitDrained(idle, 500)).rejects.toThrow(/not moving for 500 ms/);
  });

  it("a count that keeps growing is waited for however long it takes; one that stops growing is given up on", { timeout: 60_000 }, async () => {
    let n = 0;
    const timer = setInterval(() => n++, 100);
    try {
      expect(await waitForCount(async () => n, 30, 1000, "the count")).toBeGreaterThanOrEqual(30);
    } finally {
      clearInterval(timer);
    }
    await expect(waitForCount(async () => 7, 30, 300, "a stuck count")).rejects.toThrow("a stuck count: 7 of 30, and no more for 300 ms");
  });
});
