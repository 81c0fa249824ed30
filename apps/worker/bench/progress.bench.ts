/**
 * (a) Throughput: N progress events, already queued, drained by the real worker (a child process with
 *     PROGRESS_CONCURRENCY) into the ledger, next to a no-op BullMQ worker (same Redis, same
 *     concurrency, same jobs) as the baseline. Goal: ≥ 0.5× the baseline and ≥ 2,000 events/s.
 *     The certificates queue is paused meanwhile: rendering PDFs is the certificate job's work, measured
 *     on its own at the end (in production it may share the process, see the closing line).
 * (b) Latency at half the measured throughput: a paced mix of events in which every tenth completes a
 *     one-unit course; for those, the time from enqueue until the enrolment reads completed in
 *     Postgres (polled). Goal: p99 ≤ 250 ms.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { chaosJobs, completedAmong, completingEvent, countEvents, enrolAll, seedChaosWorld, seedWorldCourse } from "@yanxiu/services/completion/testing";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { progressEventJob, queues } from "@yanxiu/domain/jobs";
import { addJobs, spawnWorker, waitDrained, waitUntil } from "../src/chaos-harness.ts";
import { loadBenchEnv } from "../src/env.ts";
import { benchWorkerEnv } from "./worker-env.ts";

const knobs = loadBenchEnv();
const N = knobs.BENCH_EVENTS;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-bench-progress-"));
const workerEnv = (prefix: string) => ({
  ...benchWorkerEnv({ prefix, filesDir, concurrency: knobs.PROGRESS_CONCURRENCY }),
  ...(knobs.PROGRESS_BATCH_MAX ? { PROGRESS_BATCH_MAX: knobs.PROGRESS_BATCH_MAX } : {}),
  ...(knobs.PROGRESS_BATCHES_IN_FLIGHT ? { PROGRESS_BATCHES_IN_FLIGHT: knobs.PROGRESS_BATCHES_IN_FLIGHT } : {}),
});
const rate = (n: number, ms: number) => (n / ms) * 1000;
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

try {
  // 400 teachers × 5 courses = 2,000 enrolments, N / 2,000 events each, half of them completing.
  const world = await seedChaosWorld(owner, db, { teachers: 400, courses: 5 });
  const { jobs, distinctEvents } = chaosJobs(world.enrollments, { total: N, tenantId: world.tenantId, completeShare: 0.5, duplicateShare: 0.02, seed: 7 });

  // Baseline: the same jobs through a worker that does nothing.
  const noopPrefix = `bench-noop-${randomUUID().slice(0, 6)}`;
  const noopQueue = new Queue(queues.progress, { connection: redis, prefix: noopPrefix });
  await addJobs(noopQueue, progressEventJob.name, jobs);
  const noop = spawnWorker({ REDIS_URL: testUrls.redis }, ["bench/noop-worker.ts", testUrls.redis, noopPrefix, String(knobs.PROGRESS_CONCURRENCY)]);
  await noop.ready;
  const n0 = performance.now();
  await waitDrained(noopQueue, 300_000);
  const noopMs = performance.now() - n0;
  await noop.stop();
  await noopQueue.obliterate({ force: true });
  await noopQueue.close();

  // The real worker, same jobs.
  const prefix = `bench-progress-${randomUUID().slice(0, 6)}`;
  const queue = new Queue(queues.progress, { connection: redis, prefix });
  const certQueue = new Queue(queues.certificates, { connection: redis, prefix });
  await certQueue.pause();
  await addJobs(queue, progressEventJob.name, jobs);
  // A profile of the worker child: BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const worker = spawnWorker(workerEnv(prefix), [...(process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "src/main.ts"]);
  await worker.ready;
  const t0 = performance.now();
  await waitDrained(queue, 600_000);
  const workerMs = performance.now() - t0;
  const recorded = await countEvents(db, world.tenantId);
  const failed = (await queue.getJobCounts("failed")).failed ?? 0;
  const ours = rate(jobs.length, workerMs);
  const base = rate(jobs.length, noopMs);
  console.log(`\nprogress events → ledger, ${jobs.length.toLocaleString()} jobs (${distinctEvents.toLocaleString()} distinct events, ${world.enrollments.length} enrolments), concurrency ${knobs.PROGRESS_CONCURRENCY}, batches ≤ ${knobs.PROGRESS_BATCH_MAX ?? 128} × ${knobs.PROGRESS_BATCHES_IN_FLIGHT ?? 2} in flight`);
  console.log(`  ${"baseline: no-op BullMQ worker".padEnd(44)} ${base.toFixed(0).padStart(7)} events/s  (${(noopMs / 1000).toFixed(1)} s)`);
  console.log(`  ${"completion worker (event → facts → ledger)".padEnd(44)} ${ours.toFixed(0).padStart(7)} events/s  (${(workerMs / 1000).toFixed(1)} s)`);
  console.log(`  ratio ${(ours / base).toFixed(2)}× (goal ≥ 0.5×), goal ≥ 2,000 events/s; recorded ${recorded}/${distinctEvents}, failed jobs ${failed}`);

  // (b) Latency at half of that throughput (skipped with --throughput-only).
  if (process.argv.includes("--throughput-only")) {
    await worker.stop();
    await queue.obliterate({ force: true });
    await certQueue.obliterate({ force: true });
    await queue.close();
    await certQueue.close();
  } else {
  const target = Math.max(50, Math.floor(ours / 2));
  const seconds = 15;
  const probeCourses = await Promise.all([0, 1, 2].map(() => seedWorldCourse(db, world, ["quiz"])));
  const probeTargets: { enrollmentId: string; unitId: string; teacherId: string }[] = [];
  for (const c of probeCourses) {
    const ids = await enrolAll(db, world.tenantId, c, world.teacherIds);
    ids.forEach((enrollmentId, i) => probeTargets.push({ enrollmentId, unitId: c.units.quiz!, teacherId: world.teacherIds[i]! }));
  }
  const background = chaosJobs(world.enrollments, { total: target * seconds, tenantId: world.tenantId, completeShare: 0.3, duplicateShare: 0, seed: 8 }).jobs;
  const outstanding = new Map<string, number>();
  const latencies: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling || outstanding.size > 0) {
      const ids = [...outstanding.keys()];
      const done = await completedAmong(db, world.tenantId, ids);
      const now = performance.now();
      for (const id of done) {
        latencies.push(now - outstanding.get(id)!);
        outstanding.delete(id);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const start = performance.now();
  let sent = 0;
  let probes = 0;
  let bg = 0;
  const total = target * seconds;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * target));
    const batch: { jobId: string; data: unknown; probe?: string }[] = [];
    for (; sent < due; sent++) {
      if (sent % 10 === 0 && probes < probeTargets.length) {
        const p = probeTargets[probes++]!;
        const data = completingEvent("quiz", { tenantId: world.tenantId, enrollmentId: p.enrollmentId, unitId: p.unitId, actorId: p.teacherId });
        batch.push({ jobId: data.eventId, data, probe: p.enrollmentId });
      } else if (bg < background.length) batch.push(background[bg++]!);
    }
    if (batch.length) {
      const at = performance.now();
      for (const b of batch) if (b.probe) outstanding.set(b.probe, at);
      await addJobs(queue, progressEventJob.name, batch);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await waitUntil(async () => outstanding.size === 0, 60_000, "every probe to complete");
  polling = false;
  await poller;
  await waitDrained(queue, 60_000);
  const pendingCerts = await certQueue.count();
  await certQueue.resume();
  const c0 = performance.now();
  await waitDrained(certQueue, 600_000);
  const certMs = performance.now() - c0;
  await worker.stop();
  latencies.sort((a, b) => a - b);
  console.log(`\nlatency enqueue → completion visible in Postgres, ${target} events/s for ${seconds} s (half the throughput above), ${latencies.length} completing probes`);
  console.log(`  p50 ${pct(latencies, 50).toFixed(0)} ms   p99 ${pct(latencies, 99).toFixed(0)} ms   max ${latencies.at(-1)!.toFixed(0)} ms   (goal p99 ≤ 250 ms; polled every ~5 ms)`);
  console.log(`\ncertificates (the certificate job, same process): ${pendingCerts} PDFs in ${(certMs / 1000).toFixed(1)} s = ${rate(pendingCerts, certMs).toFixed(0)}/s`);
  await queue.obliterate({ force: true });
  await certQueue.obliterate({ force: true });
  await queue.close();
  await certQueue.close();
  }
} finally {
  await db.close();
  await owner.close();
  redis.disconnect();
  fs.rmSync(filesDir, { recursive: true, force: true });
}
