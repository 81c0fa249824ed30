/**
 * (c) Chaos at scale: CHAOS_EVENTS (50,000) progress jobs over 2,500 enrolments (one per 20 events, so the
 * knob really shrinks the run: every enrolment gets its units' completing evidence whatever the total), duplicates included,
 * while the worker (a child process) is killed with SIGKILL at random points CHAOS_ROUNDS (20) times
 * and started again. Then: events lost (queued but not in progress_event), jobs failed, double
 * credits and differences found by the rebuild, completed enrolments without exactly one award.
 * Goal: 0 lost, 0 double credits.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { rebuildCompletion } from "@yanxiu/services/completion";
import { chaosJobs, chaosOutcome, countEvents, seededRandom, seedChaosWorld } from "@yanxiu/services/completion/testing";
import { testDatabase, testOwnerDatabase, testRedis } from "@yanxiu/services/testing";
import { progressEventJob, queues } from "@yanxiu/domain/jobs";
import { addJobs, spawnWorker, waitDrained, waitUntil, type TWorkerChild } from "../src/chaos-harness.ts";
import { loadBenchEnv } from "../src/env.ts";
import { benchWorkerEnv } from "./worker-env.ts";

const knobs = loadBenchEnv();
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const prefix = `bench-chaos-${randomUUID().slice(0, 6)}`;
const queue = new Queue(queues.progress, { connection: redis, prefix });
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-bench-chaos-"));
const env = {
  ...benchWorkerEnv({ prefix, filesDir, concurrency: knobs.PROGRESS_CONCURRENCY }),
  PROGRESS_LOCK_MS: "2000",
  PROGRESS_STALLED_MS: "1000",
};
let worker: TWorkerChild | undefined;

try {
  const world = await seedChaosWorld(owner, db, { teachers: Math.max(2, Math.min(500, Math.ceil(knobs.CHAOS_EVENTS / 100))), courses: 5 });
  const { jobs, expectedComplete, distinctEvents } = chaosJobs(world.enrollments, { total: knobs.CHAOS_EVENTS, tenantId: world.tenantId, seed: 2026 });
  await addJobs(queue, progressEventJob.name, jobs);
  // Kill points: random shares of the distinct events, in increasing order.
  const rnd = seededRandom(99);
  const points = Array.from({ length: knobs.CHAOS_ROUNDS }, () => 0.02 + rnd() * 0.93).sort((a, b) => a - b);
  const t0 = performance.now();
  for (const [i, share] of points.entries()) {
    worker = spawnWorker(env);
    await worker.ready;
    await waitUntil(async () => (await countEvents(db, world.tenantId)) >= Math.floor(share * distinctEvents), 300_000, `round ${i + 1}`);
    await worker.kill9();
  }
  worker = spawnWorker(env);
  await worker.ready;
  await waitDrained(queue, 600_000);
  const seconds = (performance.now() - t0) / 1000;
  await worker.stop();
  worker = undefined;

  const failed = (await queue.getJobCounts("failed")).failed ?? 0;
  const out = await chaosOutcome(db, world.tenantId);
  const queuedIds = new Set(jobs.map((j) => (j.data as { eventId: string }).eventId));
  const lost = [...queuedIds].filter((id) => !out.eventIds.has(id)).length;
  const wrongCompletion = [...expectedComplete].filter((id) => !out.completed.has(id)).length + [...out.completed].filter((id) => !expectedComplete.has(id)).length;
  const r = await rebuildCompletion({ db, tenantIds: [world.tenantId] });
  console.log(`\nchaos: ${jobs.length.toLocaleString()} jobs (${distinctEvents.toLocaleString()} distinct events, ${world.enrollments.length} enrolments), kill -9 ${points.length} times, ${seconds.toFixed(1)} s in all`);
  console.log(`  lost ${lost}   failed jobs ${failed}   double credits ${r.doubleCredits}   rebuild differences ${r.differences.length}`);
  console.log(`  completed ${out.completed.size} (expected ${expectedComplete.size}, wrong ${wrongCompletion}), completed without exactly one award ${out.completedWithoutOneAward}, awards ${out.awards}, certificates ${out.certificates}`);
  console.log(`  goal: lost 0, double credits 0 → ${lost === 0 && r.doubleCredits === 0 && r.differences.length === 0 && wrongCompletion === 0 ? "met" : "NOT MET"}`);
  if (lost || r.doubleCredits || r.differences.length || wrongCompletion || out.completedWithoutOneAward) process.exitCode = 1;
  await queue.obliterate({ force: true });
} finally {
  await worker?.kill9();
  await queue.close();
  await db.close();
  await owner.close();
  redis.disconnect();
  fs.rmSync(filesDir, { recursive: true, force: true });
}
