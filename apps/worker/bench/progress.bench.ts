/**
 * (a) Throughput: N progress events, already queued, drained by the real worker (a child process with
 *     PROGRESS_CONCURRENCY) into the ledger, next to a no-op BullMQ worker (same Redis, same
 *     concurrency, same jobs) as the baseline. Goal: ≥ 0.5× the baseline and ≥ 2,000 events/s.
 *     BENCH_ROUNDS rounds, each on a fresh province: baseline, then ours (A B A B …), so a change in the
 *     machine's load hits both; each line prints the load average beside it.
 *     The certificates queue is paused meanwhile: rendering PDFs is the certificate job's work, measured
 *     on its own at the end (in production it may share the process, see the closing line).
 * (b) Latency at half the measured throughput: a paced mix of events in which every tenth completes a
 *     one-unit course of a teacher who has no other course; for those, the time from enqueue until
 *     (1) the enrolment reads completed in Postgres (polled), and (2) the worker's push of the new award
 *     (`creditAwarded` on the user-events channel, what the realtime server relays to the teacher's open
 *     pages) arrives at a subscriber. Goal: p99 ≤ 250 ms.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { chaosJobs, completedAmong, completingEvent, countEvents, enrolAll, insertUsers, seedChaosWorld, seedWorldCourse } from "@yanxiu/services/completion/testing";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { userEventsChannel } from "@yanxiu/services/redis";
import { progressEventJob, queues } from "@yanxiu/domain/jobs";
import { addJobs, spawnWorker, waitDrained, waitUntil, type TWorkerChild } from "../src/chaos-harness.ts";
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
// A profile of the worker child: BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const workerArgs = [...knobs.BENCH_WORKER_NODE_ARGS.split(" ").filter(Boolean), "src/main.ts"];
const rate = (n: number, ms: number) => (n / ms) * 1000;
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const load = () => os.loadavg()[0]!.toFixed(1);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const met = (ok: boolean) => (ok ? "met" : "missed");

let worker: TWorkerChild | undefined;
let queue: Queue | undefined;
let certQueue: Queue | undefined;
try {
  console.log(`\nprogress events → ledger, ${knobs.BENCH_ROUNDS} rounds of ${N.toLocaleString()} events, concurrency ${knobs.PROGRESS_CONCURRENCY}, batches ≤ ${knobs.PROGRESS_BATCH_MAX ?? 128} × ${knobs.PROGRESS_BATCHES_IN_FLIGHT ?? 2} in flight, ${os.cpus().length} cores`);
  const ratios: number[] = [];
  const ours: number[] = [];
  let world: Awaited<ReturnType<typeof seedChaosWorld>> | undefined;
  for (let round = 1; round <= knobs.BENCH_ROUNDS; round++) {
    // 400 teachers × 5 courses = 2,000 enrolments, N / 2,000 events each, half of them completing; a fresh province each round.
    world = await seedChaosWorld(owner, db, { teachers: 400, courses: 5 });
    const { jobs, distinctEvents } = chaosJobs(world.enrollments, { total: N, tenantId: world.tenantId, completeShare: 0.5, duplicateShare: 0.02, seed: 6 + round });

    // A: the same jobs through a worker that does nothing.
    const noopPrefix = `bench-noop-${randomUUID().slice(0, 6)}`;
    const noopQueue = new Queue(queues.progress, { connection: redis, prefix: noopPrefix });
    await addJobs(noopQueue, progressEventJob.name, jobs);
    const noop = spawnWorker({ REDIS_URL: testUrls.redis }, ["bench/noop-worker.ts", testUrls.redis, noopPrefix, String(knobs.PROGRESS_CONCURRENCY)]);
    await noop.ready;
    const noopLoad = load();
    const n0 = performance.now();
    await waitDrained(noopQueue, 300_000);
    const noopMs = performance.now() - n0;
    await noop.stop();
    await noopQueue.obliterate({ force: true });
    await noopQueue.close();

    // B: the real worker, same jobs. The last round's worker stays for the latency run.
    if (worker) await worker.stop();
    if (queue) await queue.obliterate({ force: true }).then(() => queue!.close());
    if (certQueue) await certQueue.obliterate({ force: true }).then(() => certQueue!.close());
    const prefix = `bench-progress-${randomUUID().slice(0, 6)}`;
    queue = new Queue(queues.progress, { connection: redis, prefix });
    certQueue = new Queue(queues.certificates, { connection: redis, prefix });
    await certQueue.pause();
    await addJobs(queue, progressEventJob.name, jobs);
    worker = spawnWorker(workerEnv(prefix), workerArgs);
    await worker.ready;
    const workerLoad = load();
    const t0 = performance.now();
    await waitDrained(queue, 600_000);
    const workerMs = performance.now() - t0;
    const recorded = await countEvents(db, world.tenantId);
    const failed = (await queue.getJobCounts("failed")).failed ?? 0;
    const r = rate(jobs.length, workerMs);
    const base = rate(jobs.length, noopMs);
    ours.push(r);
    ratios.push(r / base);
    console.log(`  round ${round}: baseline no-op BullMQ worker ${base.toFixed(0).padStart(6)} events/s (load ${noopLoad}) · completion worker ${r.toFixed(0).padStart(5)} events/s (load ${workerLoad}) · ratio ${(r / base).toFixed(2)}× · recorded ${recorded}/${distinctEvents}, failed jobs ${failed}`);
  }
  const ratio = median(ratios);
  const best = median(ours);
  console.log(`  median ratio ${ratio.toFixed(2)}× (goal ≥ 0.5×: ${met(ratio >= 0.5)}), median ${best.toFixed(0)} events/s (goal ≥ 2,000: ${met(best >= 2000)})`);

  // (b) Latency at half of that throughput (skipped with --throughput-only).
  if (!process.argv.includes("--throughput-only")) {
    const w = world!;
    const target = Math.max(50, Math.floor(best / 2));
    const seconds = 15;
    // Probe teachers have no other course, so the award pushed for one is its probe's.
    const probeTeachers = await insertUsers(owner, w.tenantId, Math.ceil((target * seconds) / 10));
    const probeCourse = await seedWorldCourse(db, w, ["quiz"]);
    const probeEnrollments = await enrolAll(db, w.tenantId, probeCourse, probeTeachers);
    const probeOf = new Map(probeTeachers.map((teacherId, i) => [teacherId, probeEnrollments[i]!]));
    const background = chaosJobs(w.enrollments, { total: target * seconds, tenantId: w.tenantId, completeShare: 0.3, duplicateShare: 0, seed: 99 }).jobs;
    const sentAt = new Map<string, number>();
    const outstanding = new Map<string, number>();
    const latencies: number[] = [];
    const pushLatencies: number[] = [];
    const subscriber = redis.duplicate();
    await subscriber.subscribe(userEventsChannel);
    subscriber.on("message", (_channel, message: string) => {
      const m = JSON.parse(message) as { tenantId: string; userId: string; kind: string };
      const enrollmentId = m.kind === "creditAwarded" && m.tenantId === w.tenantId ? probeOf.get(m.userId) : undefined;
      const at = enrollmentId ? sentAt.get(enrollmentId) : undefined;
      if (at != null) pushLatencies.push(performance.now() - at);
    });
    let polling = true;
    const poller = (async () => {
      while (polling || outstanding.size > 0) {
        const done = await completedAmong(db, w.tenantId, [...outstanding.keys()]);
        const now = performance.now();
        for (const id of done) {
          latencies.push(now - outstanding.get(id)!);
          outstanding.delete(id);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const latencyLoad = load();
    const start = performance.now();
    let sent = 0;
    let probes = 0;
    let bg = 0;
    const total = target * seconds;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * target));
      const batch: { jobId: string; data: unknown; probe?: string }[] = [];
      for (; sent < due; sent++) {
        if (sent % 10 === 0 && probes < probeTeachers.length) {
          const teacherId = probeTeachers[probes++]!;
          const enrollmentId = probeOf.get(teacherId)!;
          const data = completingEvent("quiz", { tenantId: w.tenantId, enrollmentId, unitId: probeCourse.units.quiz!, actorId: teacherId });
          batch.push({ jobId: data.eventId, data, probe: enrollmentId });
        } else if (bg < background.length) batch.push(background[bg++]!);
      }
      if (batch.length) {
        const at = performance.now();
        for (const b of batch) {
          if (!b.probe) continue;
          outstanding.set(b.probe, at);
          sentAt.set(b.probe, at);
        }
        await addJobs(queue!, progressEventJob.name, batch);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitUntil(async () => outstanding.size === 0 && pushLatencies.length >= probes, 60_000, "every probe to complete and its award to be pushed");
    polling = false;
    await poller;
    await subscriber.quit();
    await waitDrained(queue!, 60_000);
    latencies.sort((a, b) => a - b);
    pushLatencies.sort((a, b) => a - b);
    console.log(`\nlatency at ${target} events/s for ${seconds} s (half the throughput above), ${latencies.length} completing probes, load ${latencyLoad} → ${load()}`);
    console.log(`  enqueue → completion visible in Postgres:  p50 ${pct(latencies, 50).toFixed(0)} ms   p99 ${pct(latencies, 99).toFixed(0)} ms   max ${latencies.at(-1)!.toFixed(0)} ms   (polled every ~5 ms)`);
    console.log(`  enqueue → award pushed to the teacher's pages: p50 ${pct(pushLatencies, 50).toFixed(0)} ms   p99 ${pct(pushLatencies, 99).toFixed(0)} ms   max ${pushLatencies.at(-1)!.toFixed(0)} ms   (goal p99 ≤ 250 ms: ${met(pct(pushLatencies, 99) <= 250)})`);
    const pendingCerts = await certQueue!.count();
    await certQueue!.resume();
    const c0 = performance.now();
    await waitDrained(certQueue!, 600_000);
    const certMs = performance.now() - c0;
    console.log(`\ncertificates (the certificate job, same process): ${pendingCerts} PDFs in ${(certMs / 1000).toFixed(1)} s = ${rate(pendingCerts, certMs).toFixed(0)}/s`);
  }
} finally {
  await worker?.stop();
  await queue?.obliterate({ force: true }).catch(() => {});
  await certQueue?.obliterate({ force: true }).catch(() => {});
  await queue?.close();
  await certQueue?.close();
  await db.close();
  await owner.close();
  redis.disconnect();
  fs.rmSync(filesDir, { recursive: true, force: true });
}
