import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueLiveAttendance, rebuildCompletion } from "@yanxiu/services/completion";
import { seedCoTeachingWorld } from "@yanxiu/services/coteaching/testing";
import { endLiveSession, joinLiveSession, leaveLiveSession, startLiveSession } from "@yanxiu/services/live";
import { createProducer } from "@yanxiu/services/queue";
import { creditAward } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { queues } from "@yanxiu/domain/jobs";
import { loadEnv } from "./env.ts";
import { waitDrained } from "./chaos-harness.ts";
import { startWorker, type RunningWorker } from "./worker.ts";

const prefix = `test-${randomUUID().slice(0, 8)}`;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const progress = new Queue(queues.progress, { connection: redis, prefix });
const producer = createProducer(redis, { prefix });
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-coteaching-files-"));
let worker: RunningWorker;
let w: Awaited<ReturnType<typeof seedCoTeachingWorld>>;

beforeAll(async () => {
  w = await seedCoTeachingWorld(owner, db);
  worker = await startWorker(loadEnv({ DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, HEALTH_PORT: "0", QUEUE_PREFIX: prefix, FILE_STORE_DIR: filesDir }), () => {});
});
afterAll(async () => {
  await worker.close();
  await progress.obliterate({ force: true });
  await progress.close();
  await producer.close();
  await db.close();
  await owner.close();
  redis.disconnect();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

/** The queue has nothing left to run; it gives up only when the queue stops moving (a loaded machine is just slower). */
const drained = () => waitDrained(progress, 30_000);

const T0 = new Date("2026-11-20T02:00:00Z");
const min = (m: number) => new Date(T0.getTime() + m * 60_000);

describe("the progress worker and co-teaching attendance", () => {
  it("credits the lecturer and each assistant who stayed 80 % once, with source coTeaching, whatever is sent twice", { timeout: 300_000 }, async () => {
    const s = await w.newSession({ creditHours: "1.5" });
    const { lecturer, assistantA, assistantB } = w.people;
    await joinLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: min(0) });
    await joinLiveSession({ db, actor: assistantA.actor, sessionId: s.sessionId, now: min(0) });
    const b = await joinLiveSession({ db, actor: assistantB.actor, sessionId: s.sessionId, now: min(0) });
    await startLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: T0 });
    await leaveLiveSession({ db, actor: assistantB.actor, attendanceId: b.attendanceId, now: min(30) });
    await endLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: min(40) });

    expect(await enqueueLiveAttendance({ db, producer, tenantId: w.tenantId, sessionId: s.sessionId })).toEqual({ events: 4 });
    await drained();
    // Sent again (a sweep after a crash): the same job ids, and the event table refuses a second row anyway.
    await enqueueLiveAttendance({ db, producer, tenantId: w.tenantId, sessionId: s.sessionId });
    await drained();

    const awards = (await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward))).filter((a) => a.source === "coTeaching" && a.sourceRef === s.sessionId);
    // 40 minutes as it ran → 32 needed: the lecturer (40) and A (40) earn it, B (30) does not; 40 of the
    // 45 planned minutes give 1.5 × 40/45 = 1.3 学时 (rounded down).
    expect(awards.map((a) => [a.teacherId, a.hours, a.category, a.role]).sort()).toEqual(
      [
        [lecturer.id, "1.3", "coTeaching", "lead"],
        [assistantA.id, "1.3", "coTeaching", "assistant"],
      ].sort(),
    );
    const failed = await progress.getJobs(["failed"]);
    expect(failed.map((j) => j.failedReason)).toEqual([]);
    const r = await rebuildCompletion({ db, tenantIds: [w.tenantId] });
    expect(r.differences).toEqual([]);
    expect(r.doubleCredits).toBe(0);
  });

  it("the 学时 scale with the time the session ran: one that ran 1 minute earns 0, one that ran half its plan earns half", async () => {
    const { lecturer, assistantA } = w.people;
    const run = async (heldMinutes: number) => {
      const s = await w.newSession({ creditHours: "2.0", scheduledMinutes: 90 });
      for (const p of [lecturer, assistantA]) await joinLiveSession({ db, actor: p.actor, sessionId: s.sessionId, now: min(0) });
      await startLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: T0 });
      await endLiveSession({ db, actor: lecturer.actor, sessionId: s.sessionId, now: min(heldMinutes) });
      await enqueueLiveAttendance({ db, producer, tenantId: w.tenantId, sessionId: s.sessionId });
      await drained();
      const awards = (await db.withTenant(w.tenantId, (tx) => tx.select().from(creditAward))).filter((a) => a.sourceRef === s.sessionId);
      return awards.map((a) => [a.teacherId, a.hours]).sort();
    };
    expect(await run(1)).toEqual([]);
    expect(await run(45)).toEqual([[lecturer.id, "1.0"], [assistantA.id, "1.0"]].sort());
    expect((await progress.getJobs(["failed"])).map((j) => j.failedReason)).toEqual([]);
    expect((await rebuildCompletion({ db, tenantIds: [w.tenantId] })).differences).toEqual([]);
  });
});
