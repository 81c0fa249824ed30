import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildCompletion } from "@yanxiu/services/completion";
import { completingEvent, enrolAll, seedCompletionWorld, seedWorldCourse, type TCompletionWorld } from "@yanxiu/services/completion/testing";
import { certificate, creditAward, progressEvent } from "@yanxiu/db/schema";
import { userEventsChannel } from "@yanxiu/services/redis";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { progressEventJob, queues } from "@yanxiu/domain/jobs";
import { loadEnv } from "./env.ts";
import { waitDrained } from "./chaos-harness.ts";
import { startWorker, type RunningWorker } from "./worker.ts";

const prefix = `test-${randomUUID().slice(0, 8)}`;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const progress = new Queue(queues.progress, { connection: redis, prefix });
const certificates = new Queue(queues.certificates, { connection: redis, prefix });
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-progress-files-"));
const env = () => loadEnv({ DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, HEALTH_PORT: "0", QUEUE_PREFIX: prefix, FILE_STORE_DIR: filesDir });
let workers: RunningWorker[] = [];
let w: TCompletionWorld;

beforeAll(async () => {
  w = await seedCompletionWorld(owner, { teachers: 20 });
  // Two workers side by side on the same queues, as two processes would be.
  workers = await Promise.all([startWorker(env(), () => {}), startWorker(env(), () => {})]);
});
afterAll(async () => {
  await Promise.all(workers.map((x) => x.close()));
  await progress.close();
  await certificates.close();
  await db.close();
  await owner.close();
  redis.disconnect();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

// How long the queue may stand still before a test gives up on it (a loaded machine only makes it slower),
// and a backstop for each test far above what even a busy two-core machine needs.
const stallMs = 30_000;
const backstop = { timeout: 300_000 };

async function finished(jobId: string) {
  for (;;) {
    const state = await progress.getJobState(jobId);
    if (state === "completed" || state === "failed") return { state, job: await progress.getJob(jobId) };
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the progress worker", () => {
  it("two workers given the same events twice, under different job ids, credit each course once", backstop, async () => {
    const c = await seedWorldCourse(db, w, ["video", "quiz", "offlineSession"]);
    const teachers = w.teacherIds.slice(0, 10);
    const enrollments = await enrolAll(db, w.tenantId, c, teachers);
    const events = enrollments.flatMap((enrollmentId, i) =>
      (["video", "quiz", "offlineSession"] as const).map((kind) => completingEvent(kind, { tenantId: w.tenantId, enrollmentId, unitId: c.units[kind]!, actorId: teachers[i]! })),
    );
    // The teachers' open pages are told once each, after the commit.
    const listener = redis.duplicate();
    const told: { tenantId: string; userId: string; kind: string }[] = [];
    await listener.subscribe(userEventsChannel);
    // Other test files share this Redis and publish on the channel too (including junk on purpose):
    // keep only well-formed notices; the tenant filter below keeps only ours.
    listener.on("message", (_ch: string, raw: string) => {
      try {
        const m: unknown = JSON.parse(raw);
        if (m && typeof m === "object" && "kind" in m && "tenantId" in m) told.push(m as (typeof told)[number]);
      } catch {
        /* not a notice */
      }
    });
    const jobs = [...events, ...events].map((data, i) => ({ name: progressEventJob.name, data, opts: { jobId: `${data.eventId}-${i < events.length ? "a" : "b"}`, attempts: 5 } }));
    await progress.addBulk(jobs);
    await waitDrained(progress, stallMs);

    const [awards, rows, certs] = await db.withTenant(w.tenantId, async (tx) => [
      (await tx.select().from(creditAward)).filter((a) => a.sourceRef === c.courseId),
      await tx.select({ id: progressEvent.eventId }).from(progressEvent),
      await tx.select().from(certificate),
    ]);
    expect(awards).toHaveLength(10);
    expect(new Set(awards.map((a) => a.teacherId)).size).toBe(10);
    expect(rows.filter((r) => events.some((e) => e.eventId === r.id))).toHaveLength(events.length);
    expect(certs.filter((x) => awards.some((a) => a.id === x.awardId))).toHaveLength(10);
    // Each new certificate's job is queued under the certificate's id.
    for (const x of certs) expect(await certificates.getJob(x.id)).toBeTruthy();
    const r = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(r.differences).toEqual([]);
    expect(r.doubleCredits).toBe(0);
    // Published after each commit; on a busy machine they may still be on their way.
    const credited = () => told.filter((m) => m.kind === "creditAwarded" && m.tenantId === w.tenantId).map((m) => m.userId).sort();
    await expect.poll(credited, { timeout: 30_000 }).toEqual([...teachers].sort());
    listener.disconnect();
  });

  it("a job for an unknown enrolment, another tenant's enrolment or an unknown tenant fails at once, without retries", backstop, async () => {
    const c = await seedWorldCourse(db, w, ["quiz"]);
    const [enrollmentId] = await enrolAll(db, w.tenantId, c, [w.teacherIds[15]!]);
    const other = await seedCompletionWorld(owner, { teachers: 1 });
    const ok = completingEvent("quiz", { tenantId: w.tenantId, enrollmentId: enrollmentId!, unitId: c.units.quiz!, actorId: w.teacherIds[15]! });
    const cases = [
      { ...ok, eventId: randomUUID(), enrollmentId: randomUUID() },
      { ...ok, eventId: randomUUID(), tenantId: other.tenantId },
      { ...ok, eventId: randomUUID(), tenantId: randomUUID() },
    ];
    for (const data of cases) {
      await progress.add(progressEventJob.name, data, { jobId: data.eventId, attempts: 5, backoff: { type: "fixed", delay: 100 } });
      const { state, job } = await finished(data.eventId);
      expect(state).toBe("failed");
      expect(job?.attemptsMade).toBe(1);
      expect(job?.failedReason).toMatch(/notFound|tenantNotFound/);
    }
    const rows = (await db.withTenant(w.tenantId, (tx) => tx.select().from(progressEvent))).filter((r) => r.enrollmentId === enrollmentId);
    expect(rows).toHaveLength(0);
    expect(await db.withTenant(other.tenantId, (tx) => tx.select().from(progressEvent))).toHaveLength(0);
  });

  it("a replayed event dated before the enrolment fails at once, without retries, and is not recorded as progress", async () => {
    const c = await seedWorldCourse(db, w, ["quiz"]);
    const [enrollmentId] = await enrolAll(db, w.tenantId, c, [w.teacherIds[16]!]);
    const data = completingEvent("quiz", { tenantId: w.tenantId, enrollmentId: enrollmentId!, unitId: c.units.quiz!, actorId: w.teacherIds[16]!, occurredAt: new Date("2021-03-01T08:00:00Z") });
    await progress.add(progressEventJob.name, data, { jobId: data.eventId, attempts: 5, backoff: { type: "fixed", delay: 100 } });
    const { state, job } = await finished(data.eventId);
    expect(state).toBe("failed");
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/progressBeforeEnrollment/);
    const [rows, awards] = await db.withTenant(w.tenantId, async (tx) => [await tx.select().from(progressEvent), await tx.select().from(creditAward)]);
    expect(rows.filter((r) => r.enrollmentId === enrollmentId)).toHaveLength(0);
    expect(awards.filter((a) => a.teacherId === w.teacherIds[16])).toHaveLength(0);
  });
});
