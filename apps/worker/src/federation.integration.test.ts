import { randomUUID } from "node:crypto";
import { UnrecoverableError, type Job } from "bullmq";
import { describe, expect, it } from "vitest";
import { federationDeliverJob } from "@yanxiu/domain/jobs";
import { allocateNationalQuota, createNationalProject, enqueueFederationDelivery, sendFederationMessage } from "@yanxiu/services/federation";
import { countDelivered, countInbox, deliverPending, inboxRows, insertRawOutbox, nationalFacts, outboxRows, seedPlatform, seedProvince, traineeRefs } from "@yanxiu/services/federation/testing";
import { createProducer } from "@yanxiu/services/queue";
import { waitForCount } from "./chaos-harness.ts";
import { crashTestSetup, stallMs, withOutput } from "./crash-test-setup.ts";
import { createFederationHandler } from "./federation-handler.ts";

const { prefix, owner, db, redis, spawn, closeAfter } = crashTestSetup("fed", {
  // One delivery at a time, so the kill lands in the middle of the run; a killed worker's job is back in ~3 s.
  WORKER_CONCURRENCY: "1",
  FEDERATION_LOCK_MS: "2000",
  FEDERATION_STALLED_MS: "1000",
  // The sweep finds messages whose job was never enqueued within a second.
  FEDERATION_SWEEP_MS: "500",
  FEDERATION_SWEEP_AGE_S: "0",
});
const producer = closeAfter(createProducer(redis, { prefix }));

describe("federation delivery by the worker", () => {
  it("kill -9 in the middle of 300 deliveries (a third never enqueued): after a restart every message is applied exactly once, none lost", { timeout: 600_000 }, async () => {
    const platform = await seedPlatform(owner);
    const province = await seedProvince(owner);
    const { projectId } = await createNationalProject({ db, actor: platform.operator, input: nationalFacts() });
    await allocateNationalQuota({ db, actor: platform.operator, input: { projectId, provinceTenantId: province.tenantId, seats: 300 } });
    await deliverPending(db, [platform.tenantId]);

    const total = 300;
    const refs = Array.from({ length: total }, () => randomUUID());
    const ids = await db.withTenant(province.tenantId, async (tx) => {
      const out: string[] = [];
      for (const [i, ref] of refs.entries()) {
        out.push(
          await sendFederationMessage(tx, { tenantId: province.tenantId, actorId: null }, platform.tenantId, {
            kind: "nomineeApproved",
            v: 1,
            projectId,
            ref,
            name: `学员${i}`,
            school: "岳麓一中",
            subject: "语文",
            homeProvince: "测试省",
          }),
        );
      }
      return out;
    });
    // Two thirds enqueued after the commit; the last third as if the process had died right after committing.
    for (const id of ids.slice(0, 200)) await enqueueFederationDelivery(producer, province.tenantId, id);

    const applied = () => countInbox(db, platform.tenantId);
    const delivered = () => countDelivered(db, province.tenantId);

    const first = spawn();
    await first.ready;
    // The quota message counts too (1 received before): wait for a third of the nominees, then crash.
    await waitForCount(applied, 100, stallMs, "messages applied by the first worker").catch(withOutput(first));
    await first.kill9();
    const atCrash = await applied();
    expect(atCrash).toBeLessThan(total);
    const restartedAt = Date.now();

    const second = spawn();
    await second.ready;
    await waitForCount(delivered, total, stallMs, "messages delivered after the restart").catch(withOutput(second));
    await second.stop();
    console.log(`[federation kill test] applied at the crash: ${atCrash} of ${total + 1}; the rest delivered ${Date.now() - restartedAt} ms after the restart`);

    const outbox = await outboxRows(db, province.tenantId);
    expect(outbox.filter((m) => m.state !== "delivered")).toEqual([]);
    const inbox = (await inboxRows(db, platform.tenantId)).filter((m) => m.fromTenantId === province.tenantId);
    expect(inbox).toHaveLength(total);
    expect(new Set(inbox.map((m) => m.messageId))).toEqual(new Set(ids));
    const trainees = await traineeRefs(db, platform.tenantId, projectId);
    expect(trainees).toHaveLength(total);
    expect(new Set(trainees)).toEqual(new Set(refs));
  });

  it("a hostile job payload or message is a job failure through the one error type: UnrecoverableError with the code, never a retry", async () => {
    const log: string[] = [];
    const run = createFederationHandler({ db, log: (m) => log.push(m) });
    const job = (data: unknown) => ({ id: "j1", name: federationDeliverJob.name, queueName: "federation", data }) as unknown as Job;
    const cases: [unknown, RegExp][] = [
      [{ v: 1, tenantId: "not-a-uuid", messageId: randomUUID() }, /^badRequest: invalid federationDeliver payload/],
      [{ v: 1, tenantId: randomUUID(), messageId: randomUUID(), extra: "\u0000".repeat(10) }, /^tenantNotFound|^badRequest/],
      [{ v: 2, tenantId: randomUUID(), messageId: randomUUID() }, /^badRequest: invalid federationDeliver payload/],
      ["x".repeat(100_000), /^badRequest: invalid federationDeliver payload/],
      [{ v: 1, tenantId: randomUUID(), messageId: randomUUID() }, /^tenantNotFound/],
    ];
    for (const [data, reason] of cases) {
      const err = await run(job(data)).then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(UnrecoverableError);
      expect(err!.message).toMatch(reason);
    }
    // A message row the contract refuses: unrecoverable, and the row says why.
    const platform = await seedPlatform(owner);
    const province = await seedProvince(owner);
    const id = randomUUID();
    await insertRawOutbox(owner, province.tenantId, {
      id,
      toTenantId: platform.tenantId,
      kind: "nomineeApproved",
      payload: { kind: "nomineeApproved", v: 1, projectId: randomUUID(), ref: randomUUID(), name: "x", school: "y", subject: "", homeProvince: "z", phone: "13800000000" },
    });
    const err = await run(job({ v: 1, tenantId: province.tenantId, messageId: id })).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(err!.message).toMatch(/^badRequest: invalid federation message/);
    const row = (await outboxRows(db, province.tenantId)).find((m) => m.id === id);
    expect(row).toMatchObject({ state: "failed", attempts: 1 });
    expect(log.some((l) => l.includes("badRequest"))).toBe(true);
  });
});
