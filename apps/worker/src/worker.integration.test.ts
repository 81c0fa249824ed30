import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "@yanxiu/services/audit";
import { buildTeacher, buildUser, seedOrgUnit, seedTeacher, seedUser } from "@yanxiu/services/factories";
import { createFileStore } from "@yanxiu/services/files";
import { getHoursImport, getRosterImport, startHoursImport, startRosterImport } from "@yanxiu/services/imports";
import { createProducer } from "@yanxiu/services/queue";
import { writeXlsxFromRows } from "@yanxiu/services/xlsx";
import { seedTestTenant, testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { queues, signInAuditJob } from "@yanxiu/domain/jobs";
import { rosterColumns } from "@yanxiu/domain/roster";
import { loadEnv } from "./env.ts";
import { startWorker, type RunningWorker } from "./worker.ts";

const prefix = `test-${randomUUID().slice(0, 8)}`;
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const producer = createProducer(redis, { prefix });
let worker: RunningWorker;
let events: QueueEvents;

const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "yx-worker-files-"));
const env = () => loadEnv({ DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, HEALTH_PORT: "0", QUEUE_PREFIX: prefix, FILE_STORE_DIR: filesDir });

beforeAll(async () => {
  worker = await startWorker(env(), () => {});
  events = new QueueEvents(queues.audit, { connection: redis.duplicate(), prefix });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events.close();
  await worker.close();
  await producer.close();
  await db.close();
  await owner.close();
  redis.disconnect();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

async function runJob(data: unknown, jobId = randomUUID(), attempts = 3) {
  const q = new Queue(queues.audit, { connection: redis, prefix });
  const job = await q.add(signInAuditJob.name, data, { jobId, attempts });
  const outcome = await job.waitUntilFinished(events, 10_000).then(
    (v: unknown) => ({ ok: true as const, value: v }),
    (e: Error) => ({ ok: false as const, error: e.message }),
  );
  const state = await q.getJobState(jobId);
  const after = await q.getJob(jobId);
  await q.close();
  return { outcome, state, attemptsMade: after?.attemptsMade };
}

describe("worker", () => {
  it("writes a sign-in audit record under the job's tenant, once even when the job runs twice", async () => {
    const { tenant, users } = await seedTestTenant(owner, [{}]);
    const { tenant: other } = await seedTestTenant(owner, [{}]);
    const payload = { v: 1 as const, tenantId: tenant.id, actorId: users[0]!.id, eventId: randomUUID(), occurredAt: new Date().toISOString() };
    const first = await runJob(payload, payload.eventId);
    expect(first.outcome).toEqual({ ok: true, value: { inserted: true } });
    const again = await runJob(payload); // the same event delivered again under another job id
    expect(again.outcome).toEqual({ ok: true, value: { inserted: false } });
    const rows = await listAuditEvents({ db, tenantId: tenant.id });
    expect(rows.filter((r) => r.event.id === payload.eventId)).toHaveLength(1);
    expect(rows[0]?.event).toMatchObject({ action: "signIn", actorId: users[0]!.id });
    expect(await listAuditEvents({ db, tenantId: other.id })).toEqual([]);
  });

  it("keeps the address the sign-in came from, for the audit log's 来源地址", async () => {
    const { tenant, users } = await seedTestTenant(owner, [{}]);
    const payload = { v: 1 as const, tenantId: tenant.id, actorId: users[0]!.id, eventId: randomUUID(), occurredAt: new Date().toISOString(), ip: "203.0.113.7" };
    expect((await runJob(payload, payload.eventId)).outcome).toEqual({ ok: true, value: { inserted: true } });
    const rows = await listAuditEvents({ db, tenantId: tenant.id });
    expect(rows.find((r) => r.event.id === payload.eventId)?.event.ip).toBe("203.0.113.7");
  });

  it("a payload that breaks the contract fails at once, without retries", async () => {
    const r = await runJob({ v: 1, tenantId: "not-a-uuid", actorId: "x", eventId: "y", occurredAt: "yesterday" });
    expect(r.outcome.ok).toBe(false);
    expect(r.state).toBe("failed");
    expect(r.attemptsMade).toBe(1);
  });

  it("a job for an unknown tenant fails without retries and writes nothing", async () => {
    const r = await runJob({ v: 1, tenantId: randomUUID(), actorId: randomUUID(), eventId: randomUUID(), occurredAt: new Date().toISOString() });
    expect(r.outcome.ok).toBe(false);
    expect(r.attemptsMade).toBe(1);
  });

  it("the producer refuses a payload that breaks the contract before it reaches Redis", async () => {
    await expect(
      producer.add(signInAuditJob, { v: 1, tenantId: "x", actorId: "y", eventId: "z", occurredAt: "now" }, { jobId: randomUUID() }),
    ).rejects.toThrow(/invalid signInAudit payload/);
  });

  it("a roster import runs on the worker, which stores how many teachers were new, updated and unchanged", async () => {
    const { tenant } = await seedTestTenant(owner, []);
    const s = randomUUID().slice(0, 6);
    const prov = await seedOrgUnit(owner, tenant.id, { kind: "province", name: "省", code: `WP${s}` });
    const school = await seedOrgUnit(owner, tenant.id, { kind: "school", name: "一校", code: `WS${s}`, parentId: prov.id });
    const admin = await seedUser(owner, tenant.id, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));
    const actor = { tenantId: tenant.id, actorId: admin.id, grants: [{ role: "provinceAdmin" as const, orgUnitId: prov.id, orgPath: prov.path }] };
    const files = createFileStore(filesDir);
    const importEvents = new QueueEvents(queues.imports, { connection: redis.duplicate(), prefix });
    await importEvents.waitUntilReady();
    const imports = new Queue(queues.imports, { connection: redis, prefix });
    const headers = rosterColumns.map((c) => c.header);
    const teacher = (no: string, phone: string) => [no, `教师${no}`, "女", phone, "", school.code, "小学", "语文", "", ""];
    const importFile = async (rows: string[][]) => {
      const file = path.join(filesDir, `${randomUUID()}.xlsx`);
      await writeXlsxFromRows(file, headers, rows);
      const { id } = await startRosterImport({ db, files, producer, actor, fileName: "名册.xlsx", body: fs.readFileSync(file) });
      await (await imports.getJob(id))!.waitUntilFinished(importEvents, 20_000);
      return getRosterImport({ db, actor, id });
    };
    try {
      const rows = [teacher("W001", "13700000001"), teacher("W002", "13700000002")];
      expect(await importFile(rows)).toMatchObject({ status: "done", writtenRows: 2, createdRows: 2, updatedRows: 0, unchangedRows: 0 });
      expect(await importFile(rows)).toMatchObject({ status: "done", writtenRows: 2, createdRows: 0, updatedRows: 0, unchangedRows: 2 });
      expect(await importFile([teacher("W001", "13700000009"), rows[1]!])).toMatchObject({ status: "done", createdRows: 0, updatedRows: 1, unchangedRows: 1 });
    } finally {
      await imports.close();
      await importEvents.close();
    }
  });

  it("a bulk 学时 import runs on the same imports queue as roster imports, and lands the awards", async () => {
    const { tenant } = await seedTestTenant(owner, []);
    const s = randomUUID().slice(0, 6);
    const prov = await seedOrgUnit(owner, tenant.id, { kind: "province", name: "省", code: `HP${s}` });
    const school = await seedOrgUnit(owner, tenant.id, { kind: "school", name: "一校", code: `HS${s}`, parentId: prov.id });
    const admin = await seedUser(owner, tenant.id, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));
    const actor = { tenantId: tenant.id, actorId: admin.id, grants: [{ role: "provinceAdmin" as const, orgUnitId: prov.id, orgPath: prov.path }] };
    const t = buildTeacher();
    await seedTeacher(owner, tenant.id, school.id, t);
    const files = createFileStore(filesDir);
    const importEvents = new QueueEvents(queues.imports, { connection: redis.duplicate(), prefix });
    await importEvents.waitUntilReady();
    const imports = new Queue(queues.imports, { connection: redis, prefix });
    try {
      const file = path.join(filesDir, `${randomUUID()}.xlsx`);
      // 教师编号 身份证号 手机号 姓名 项目名称 学时 类别 级别 完成日期 来源平台
      await writeXlsxFromRows(file, ["教师编号", "身份证号", "手机号", "姓名", "项目名称", "学时", "类别", "级别", "完成日期", "来源平台"], [[t.teacherNo, "", "", t.name, "暑期研修", "8", "网络研修", "国家级", "2025-08-01", ""]]);
      const { id } = await startHoursImport({ db, files, producer, actor, fileName: "学时.xlsx", body: fs.readFileSync(file) });
      await (await imports.getJob(`hours-${id}`))!.waitUntilFinished(importEvents, 20_000);
      expect(await getHoursImport({ db, actor, id })).toMatchObject({ status: "done", writtenRows: 1, teacherCount: 1 });
    } finally {
      await imports.close();
      await importEvents.close();
    }
  });

  it("reports Postgres and Redis reachability on /healthz", async () => {
    const res = await fetch(`http://127.0.0.1:${worker.healthPort}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, postgres: "up", redis: "up" });
  });

  it("refuses to start when Redis may evict keys", async () => {
    await redis.config("SET", "maxmemory-policy", "allkeys-lru");
    try {
      await expect(startWorker(env(), () => {})).rejects.toThrow(/noeviction/);
    } finally {
      await redis.config("SET", "maxmemory-policy", "noeviction");
    }
  });
});
