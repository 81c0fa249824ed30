import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTeacher, buildTenant, seedOrgUnit, seedTeacher, seedTenant } from "@yanxiu/services/factories";
import { certificate, creditAward } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { certificateJob, queues } from "@yanxiu/domain/jobs";
import { tenantBaseUrl } from "./certificate-handler.ts";
import { loadEnv } from "./env.ts";
import { startWorker, type RunningWorker } from "./worker.ts";

/** The certificate job end to end in the worker: a pending certificate becomes an issued PDF, once. */
const prefix = `test-${randomUUID().slice(0, 8)}`;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-worker-certs-"));
let worker: RunningWorker;
let events: QueueEvents;
let queue: Queue;

beforeAll(async () => {
  worker = await startWorker(
    loadEnv({ DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, HEALTH_PORT: "0", QUEUE_PREFIX: prefix, FILE_STORE_DIR: filesDir, PUBLIC_URL_TEMPLATE: "http://{slug}.example.test:8080" }),
    () => {},
  );
  events = new QueueEvents(queues.certificates, { connection: redis.duplicate(), prefix });
  await events.waitUntilReady();
  queue = new Queue(queues.certificates, { connection: redis, prefix });
});
afterAll(async () => {
  await queue.close();
  await events.close();
  await worker.close();
  await db.close();
  await owner.close();
  redis.disconnect();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

const run = async (data: unknown) => {
  const job = await queue.add(certificateJob.name, data, { jobId: randomUUID(), attempts: 1 });
  return job.waitUntilFinished(events, 15_000).then(
    (v: unknown) => ({ ok: true as const, value: v }),
    (e: Error) => ({ ok: false as const, error: e.message }),
  );
};

describe("certificate jobs", () => {
  it("renders a pending certificate and marks it issued; the same job again does nothing", async () => {
    const t = await seedTenant(owner, buildTenant());
    const p = await seedOrgUnit(owner, t.id, { kind: "province", name: "省", code: `WP${t.slug.slice(2, 8)}` });
    const school = await seedOrgUnit(owner, t.id, { kind: "school", name: "一中", code: `WS${t.slug.slice(2, 8)}`, parentId: p.id });
    const { userId } = await seedTeacher(owner, t.id, school.id, buildTeacher({ name: "诸葛明" }));
    const cert = await db.withTenant(t.id, async (tx) => {
      const [award] = await tx
        .insert(creditAward)
        .values({ tenantId: t.id, teacherId: userId, source: "courseCompletion", sourceRef: randomUUID(), title: "课堂观察", hours: "6.0", category: "online", organiserLevel: "county", countsFor: "2026-05-20" })
        .returning();
      const [c] = await tx.insert(certificate).values({ tenantId: t.id, awardId: award!.id, teacherId: userId, number: `W-${randomUUID().slice(0, 6)}`, verifyCode: randomUUID().replaceAll("-", "") }).returning();
      return c!;
    });
    const payload = { v: 1, tenantId: t.id, certificateId: cert.id };
    expect(await run(payload)).toEqual({ ok: true, value: "issued" });
    // The tenant's only certificate (RLS shows no other tenant's).
    const [row] = await db.withTenant(t.id, (tx) => tx.select().from(certificate));
    expect(row).toMatchObject({ status: "issued", fileKey: `${t.id}/certificates/${cert.id}.pdf` });
    expect(fs.readFileSync(path.join(filesDir, row!.fileKey!)).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(await run(payload)).toEqual({ ok: true, value: "alreadyIssued" });
  });

  it("a certificate of another tenant, or a malformed payload, fails without retry", async () => {
    const t = await seedTenant(owner, buildTenant());
    const r = await run({ v: 1, tenantId: t.id, certificateId: randomUUID() });
    expect(r).toMatchObject({ ok: false });
    expect((r as { error: string }).error).toMatch(/notFound/);
    expect(await run({ v: 1, tenantId: t.id })).toMatchObject({ ok: false });
  });

  it("the QR code points at the tenant's own host", () => {
    expect(tenantBaseUrl("http://{slug}.localhost:3000", "hunan")).toBe("http://hunan.localhost:3000");
  });
});
