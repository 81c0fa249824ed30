import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { isAppError } from "@yanxiu/domain/errors";
import { creditAward, federationInbox, federationOutbox, nationalTrainee, teacherProfile } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { listNominations } from "../projects/list-nominations.ts";
import { withdrawNomination } from "../projects/withdraw-nomination.ts";
import { readTrainerHome } from "../home/trainer-home.ts";
import { deliverFederationMessage } from "./deliver.ts";
import { listFederationMessages } from "./messages.ts";
import {
  addNationalStaff,
  allocateNationalQuota,
  assignTraineeClass,
  createNationalProject,
  grantProjectStaff,
  listMyNationalClasses,
  listNationalProjects,
  listNationalStaff,
  listNationalTrainees,
  recordNationalCompletion,
  revokeNationalStaff,
} from "./national-projects.ts";
import { sendFederationMessage } from "./send.ts";
import { deliverPending, mirrorOf, nationalFacts, nominateAndApprove, seedPlatform, seedProvince } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

/** A platform, two provinces, a national project with seats for both, delivered: each province has its mirror. */
async function nationalWorld(seats = { p1: 2, p2: 1 }) {
  const platform = await seedPlatform(owner);
  const p1 = await seedProvince(owner);
  const p2 = await seedProvince(owner);
  const { projectId } = await createNationalProject({ db, actor: platform.operator, input: nationalFacts() });
  await allocateNationalQuota({ db, actor: platform.operator, input: { projectId, provinceTenantId: p1.tenantId, seats: seats.p1 } });
  await allocateNationalQuota({ db, actor: platform.operator, input: { projectId, provinceTenantId: p2.tenantId, seats: seats.p2 } });
  expect(await deliverPending(db, [platform.tenantId])).toBe(2);
  const m1 = (await mirrorOf(db, p1.tenantId, projectId))!;
  const m2 = (await mirrorOf(db, p2.tenantId, projectId))!;
  return { platform, p1, p2, projectId, m1, m2 };
}

const outboxOf = (tenantId: string) => db.withTenant(tenantId, (tx) => tx.select().from(federationOutbox));
const inboxOf = (tenantId: string) => db.withTenant(tenantId, (tx) => tx.select().from(federationInbox));
const awardsOf = (tenantId: string, teacherId: string) => db.withTenant(tenantId, (tx) => tx.select().from(creditAward).where(eq(creditAward.teacherId, teacherId)));

async function rejects(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

describe("national projects across provinces", () => {
  it("quotas reach each province as its own published project; approved nominees reach the national list; completed 学时 land in the home ledger once", async () => {
    const w = await nationalWorld();
    expect(w.m1.project).toMatchObject({ state: "published", level: "province", organiserLevel: "national", capacity: 2, nationalTenantId: w.platform.tenantId });
    expect(w.m1.root.seats).toBe(2);
    expect(w.m2.root.seats).toBe(1);

    const a = await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA1);
    const b = await nominateAndApprove(db, w.p2, w.m2.project.id, w.m2.root.id, w.p2.units.schoolB1);
    expect(await deliverPending(db, [w.p1.tenantId, w.p2.tenantId])).toBe(2);

    const list = await listNationalTrainees({ db, actor: w.platform.operator, input: { projectId: w.projectId } });
    expect(list.trainees.map((t) => [t.name, t.school, t.homeTenantId, t.ref]).sort()).toEqual(
      [
        [a.teacher.name, "岳麓一中", w.p1.tenantId, a.nominationId],
        [b.teacher.name, "芙蓉一中", w.p2.tenantId, b.nominationId],
      ].sort(),
    );
    const projects = await listNationalProjects({ db, actor: w.platform.operator });
    expect(projects.find((p) => p.id === w.projectId)!.provinces.map((p) => [p.seats, p.nominees]).sort()).toEqual([
      [1, 1],
      [2, 1],
    ]);

    const ta = list.trainees.find((t) => t.ref === a.nominationId)!;
    await recordNationalCompletion({ db, actor: w.platform.operator, input: { traineeId: ta.id, completedOn: "2026-12-20" } });
    expect(await deliverPending(db, [w.platform.tenantId])).toBe(1);
    const awards = await awardsOf(w.p1.tenantId, a.teacher.userId);
    expect(awards).toHaveLength(1);
    expect(awards[0]).toMatchObject({ source: "external", sourceRef: `national:${w.projectId}`, hours: "120.0", organiserLevel: "national", category: "concentrated", countsFor: "2026-12-20" });
    // The second completion of the same trainee is refused on the national side; nothing more in the ledger.
    expect((await rejects(recordNationalCompletion({ db, actor: w.platform.operator, input: { traineeId: ta.id, completedOn: "2026-12-21" } }))).code).toBe("nominationStateConflict");
    // The other province's teacher got nothing.
    expect(await awardsOf(w.p2.tenantId, b.teacher.userId)).toHaveLength(0);

    // Both sides see the traffic: sent and received, state and attempts.
    const seenByP1 = await listFederationMessages({ db, actor: w.p1.admins.province });
    expect(seenByP1.sent.map((m) => [m.kind, m.state, m.attempts])).toEqual([["nomineeApproved", "delivered", 1]]);
    expect(seenByP1.received.map((m) => m.kind).sort()).toEqual(["nationalQuota", "trainingCompleted"]);
    const seenByPlatform = await listFederationMessages({ db, actor: w.platform.operator });
    expect(seenByPlatform.sent.map((m) => m.kind).sort()).toEqual(["nationalQuota", "nationalQuota", "trainingCompleted"]);
    expect(seenByPlatform.received).toHaveLength(2);
    // A county admin is not shown the province's federation traffic.
    expect((await rejects(listFederationMessages({ db, actor: w.p1.admins.countyA }))).code).toBe("notFound");
  });

  it("a message is applied exactly once: delivered twice, concurrently, and after a crash between applying and the sender's ack", async () => {
    const w = await nationalWorld({ p1: 3, p2: 1 });
    const a = await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA1);
    const [msg] = (await outboxOf(w.p1.tenantId)).filter((m) => m.state === "pending");
    expect(msg!.kind).toBe("nomineeApproved");

    // The crash: the receiver committed, the worker dies before marking the outbox row delivered.
    await expect(deliverFederationMessage({ db, fromTenantId: w.p1.tenantId, messageId: msg!.id, hooks: { afterApply: () => { throw new Error("killed between deliver and ack"); } } })).rejects.toThrow(/killed/);
    expect((await outboxOf(w.p1.tenantId)).find((m) => m.id === msg!.id)!.state).toBe("pending");
    // The retry, twice at once and once more: one applies nothing new, the sender's row is acknowledged once.
    const results = await Promise.all([0, 1].map(() => deliverFederationMessage({ db, fromTenantId: w.p1.tenantId, messageId: msg!.id })));
    expect(results.map((r) => r.outcome).sort()).toEqual(["duplicate", "duplicate"]);
    expect((await deliverFederationMessage({ db, fromTenantId: w.p1.tenantId, messageId: msg!.id })).outcome).toBe("alreadyDelivered");
    const row = (await outboxOf(w.p1.tenantId)).find((m) => m.id === msg!.id)!;
    expect(row.state).toBe("delivered");
    expect((await inboxOf(w.platform.tenantId)).filter((m) => m.messageId === msg!.id)).toHaveLength(1);
    const trainees = await db.withTenant(w.platform.tenantId, (tx) => tx.select().from(nationalTrainee).where(eq(nationalTrainee.ref, a.nominationId)));
    expect(trainees).toHaveLength(1);

    // The same for the way back: a completion delivered under a crash and two retries awards once.
    await recordNationalCompletion({ db, actor: w.platform.operator, input: { traineeId: trainees[0]!.id, completedOn: "2026-12-20", hours: "60" } });
    const [done] = (await outboxOf(w.platform.tenantId)).filter((m) => m.state === "pending");
    await expect(deliverFederationMessage({ db, fromTenantId: w.platform.tenantId, messageId: done!.id, hooks: { afterApply: () => { throw new Error("killed"); } } })).rejects.toThrow();
    await Promise.all([0, 1, 2].map(() => deliverFederationMessage({ db, fromTenantId: w.platform.tenantId, messageId: done!.id })));
    const awards = await awardsOf(w.p1.tenantId, a.teacher.userId);
    expect(awards.map((x) => x.hours)).toEqual(["60.0"]);
  });

  it("a province admin cannot see another province's nominations in a national project, nor its messages", async () => {
    const w = await nationalWorld();
    const a = await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA1);
    // P2's admin asks for P1's mirror by id: it is not in P2's tenant, so it does not exist for them.
    expect((await rejects(listNominations({ db, actor: w.p2.admins.province, query: { projectId: w.m1.project.id } }))).code).toBe("notFound");
    // P2's own mirror of the same national project lists none of P1's nominees.
    const own = await listNominations({ db, actor: w.p2.admins.province, query: { projectId: w.m2.project.id } });
    expect(own.total).toBe(0);
    // Nor does P2's federation list carry P1's traffic.
    await deliverPending(db, [w.p1.tenantId]);
    const seen = await listFederationMessages({ db, actor: w.p2.admins.province });
    expect(seen.sent).toEqual([]);
    expect(seen.received.map((r) => r.kind)).toEqual(["nationalQuota"]);
    // The national list is the platform's: a province admin (another tenant) gets notFound.
    expect((await rejects(listNationalTrainees({ db, actor: w.p2.admins.province, input: { projectId: w.projectId } }))).code).toBe("notFound");
    expect(a.nominationId).toBeTruthy();
  });

  it("the national side holds only name, school, subject, home province and the opaque ref: never the person's id, phone or ID number", async () => {
    const w = await nationalWorld();
    const a = await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA2);
    await deliverPending(db, [w.p1.tenantId]);
    const [profile] = await owner.withTenant(w.p1.tenantId, (tx) => tx.select().from(teacherProfile).where(eq(teacherProfile.userId, a.teacher.userId)));
    const secrets = [a.teacher.userId, profile!.phone, profile!.teacherNo].filter((s) => s && s.length > 3);
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    // Every row the platform tenant holds, as text, in the tables a message can reach (and the audit log).
    const dump = await owner.withTenant(w.platform.tenantId, async (tx) => {
      const rows = await tx.execute<{ t: string }>(sql`
        select row_to_json(x)::text as t from national_trainee x union all
        select row_to_json(x)::text from federation_inbox x union all
        select row_to_json(x)::text from federation_outbox x union all
        select row_to_json(x)::text from audit_event x`);
      return rows.map((r) => r.t).join("\n");
    });
    expect(dump).toContain(a.teacher.name);
    for (const s of secrets) expect(dump).not.toContain(s);
    // The trainee table has exactly the listed columns (a new column must be argued for here).
    const cols = await owner.withTenant(w.platform.tenantId, (tx) =>
      tx.execute<{ c: string }>(sql`select column_name as c from information_schema.columns where table_name = 'national_trainee' order by column_name`),
    );
    expect(cols.map((c) => c.c)).toEqual(["class_code", "created_at", "home_province", "home_tenant_id", "hours_awarded", "id", "name", "project_id", "ref", "school", "state", "subject", "tenant_id", "updated_at"]);
  });

  it("hostile payloads are refused by the contract with a clear error and the message is marked failed; nothing reaches the receiver", async () => {
    const w = await nationalWorld();
    const base = { kind: "nomineeApproved", v: 1, projectId: w.projectId, ref: randomUUID(), name: "张三", school: "一中", subject: "语文", homeProvince: "湖南省" };
    const hostile: [string, Record<string, unknown>, RegExp][] = [
      ["a phone smuggled in", { ...base, phone: "13800000000" }, /phone|unrecognized|Unrecognized/i],
      ["an ID number smuggled in", { ...base, idNumber: "430102199001011234" }, /idNumber|nrecognized/],
      // (A NUL cannot even be stored in jsonb; the sender's service refuses it below.)
      ["an escape character in the name", { ...base, name: "张\u001b[31m三" }, /name: 姓名含有不可见的控制字符/],
      ["CR/LF in the school", { ...base, school: "一中\r\nX-Evil: 1" }, /school: 学校含有不可见的控制字符/],
      ["a megabyte of name", { ...base, name: "长".repeat(1_000_000) }, /name: 姓名不能超过 40 字/],
      ["an unknown kind", { ...base, kind: "dropTables" }, /kind/],
      ["a future version", { ...base, v: 9 }, /v:/],
      ["a ref that is a user id in disguise (not a uuid)", { ...base, ref: "user:1" }, /ref: 无效的引用/],
    ];
    for (const [what, payload, reason] of hostile) {
      const id = randomUUID();
      // Written straight into the outbox (what a bug or a tampered row would look like): the sender's service refuses these itself.
      await owner.withTenant(w.p1.tenantId, (tx) => tx.insert(federationOutbox).values({ tenantId: w.p1.tenantId, id, toTenantId: w.platform.tenantId, kind: String(payload.kind), version: 1, payload }));
      const err = await rejects(deliverFederationMessage({ db, fromTenantId: w.p1.tenantId, messageId: id }));
      expect(err.code, what).toBe("badRequest");
      expect(err.retryable).toBe(false);
      expect(err.message, what).toMatch(reason);
      const [row] = await db.withTenant(w.p1.tenantId, (tx) => tx.select().from(federationOutbox).where(eq(federationOutbox.id, id)));
      expect(row!.state, what).toBe("failed");
      expect(row!.lastError).toMatch(/^badRequest: /);
      expect(row!.attempts).toBe(1);
    }
    expect(await inboxOf(w.platform.tenantId)).toHaveLength(0);
    // The sender's own service refuses to write one in the first place (a NUL never reaches Postgres).
    for (const bad of [{ ...base, phone: "1" }, { ...base, name: "张\u0000三" }, { ...base, ref: "not-a-uuid" }]) {
      const err = await rejects(owner.withTenant(w.p1.tenantId, (tx) => sendFederationMessage(tx, { tenantId: w.p1.tenantId, actorId: null }, w.platform.tenantId, bad as never)));
      expect(err.code).toBe("badRequest");
      expect(err.message).toMatch(/^invalid nomineeApproved message/);
    }
    expect((await outboxOf(w.p1.tenantId)).filter((m) => m.state === "pending")).toHaveLength(0);
  });

  it("a message going the wrong way, or about a project the province has no seats in, is refused on delivery", async () => {
    const w = await nationalWorld();
    const quota = { kind: "nationalQuota", v: 1, projectId: randomUUID(), name: "伪造项目", description: "", category: "other", form: "online", startsOn: "2026-01-01", endsOn: "2026-02-01", plannedHours: 10, creditCategory: "online", seats: 99, revision: 1 } as const;
    // A province may not hand another province a quota.
    const id1 = await owner.withTenant(w.p1.tenantId, (tx) => sendFederationMessage(tx, { tenantId: w.p1.tenantId, actorId: null }, w.p2.tenantId, quota));
    expect((await rejects(deliverFederationMessage({ db, fromTenantId: w.p1.tenantId, messageId: id1 }))).message).toMatch(/nationalQuota goes platform → province, not province → province/);
    // A province may not award 学时 in another.
    const id2 = await owner.withTenant(w.p1.tenantId, (tx) =>
      sendFederationMessage(tx, { tenantId: w.p1.tenantId, actorId: null }, w.p2.tenantId, { kind: "trainingCompleted", v: 1, projectId: w.projectId, ref: randomUUID(), title: "x", hours: 10, creditCategory: "online", completedOn: "2026-01-01" }),
    );
    expect((await rejects(deliverFederationMessage({ db, fromTenantId: w.p1.tenantId, messageId: id2 }))).code).toBe("badRequest");
    // A third province with no seats cannot push nominees into the national project.
    const p3 = await seedProvince(owner);
    const id3 = await owner.withTenant(p3.tenantId, (tx) =>
      sendFederationMessage(tx, { tenantId: p3.tenantId, actorId: null }, w.platform.tenantId, { kind: "nomineeApproved", v: 1, projectId: w.projectId, ref: randomUUID(), name: "李四", school: "x", subject: "", homeProvince: "x" }),
    );
    expect((await rejects(deliverFederationMessage({ db, fromTenantId: p3.tenantId, messageId: id3 }))).message).toMatch(/has no quota in national project/);
    expect((await listNationalTrainees({ db, actor: w.platform.operator, input: { projectId: w.projectId } })).trainees).toHaveLength(0);
    expect((await db.withTenant(w.p2.tenantId, (tx) => tx.select().from(federationInbox).where(eq(federationInbox.fromTenantId, w.p1.tenantId))))).toHaveLength(0);
  });

  it("a quota message older than the one applied is ignored (retries may arrive out of order); seats follow the newest", async () => {
    const w = await nationalWorld({ p1: 2, p2: 1 });
    const first = await allocateNationalQuota({ db, actor: w.platform.operator, input: { projectId: w.projectId, provinceTenantId: w.p1.tenantId, seats: 5 } });
    const second = await allocateNationalQuota({ db, actor: w.platform.operator, input: { projectId: w.projectId, provinceTenantId: w.p1.tenantId, seats: 7 } });
    await deliverFederationMessage({ db, fromTenantId: w.platform.tenantId, messageId: second.messageId });
    const late = await deliverFederationMessage({ db, fromTenantId: w.platform.tenantId, messageId: first.messageId });
    expect(late.applied).toMatch(/^ignored: revision 2 ≤ 3/);
    const m = (await mirrorOf(db, w.p1.tenantId, w.projectId))!;
    expect([m.project.capacity, m.root.seats]).toEqual([7, 7]);
  });

  it("a withdrawn nominee leaves the national list, and a completion sent for them awards nothing", async () => {
    const w = await nationalWorld();
    const a = await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA1);
    await deliverPending(db, [w.p1.tenantId]);
    await withdrawNomination({ db, actor: w.p1.admins.province, input: { nominationId: a.nominationId, reason: "身体原因退出" } });
    await deliverPending(db, [w.p1.tenantId]);
    const list = await listNationalTrainees({ db, actor: w.platform.operator, input: { projectId: w.projectId } });
    expect(list.trainees.map((t) => t.state)).toEqual(["withdrawn"]);
    expect((await rejects(recordNationalCompletion({ db, actor: w.platform.operator, input: { traineeId: list.trainees[0]!.id, completedOn: "2026-12-01" } }))).code).toBe("nominationStateConflict");
  });

  it("implementing-university staff see and complete only the trainees of their classes", async () => {
    const w = await nationalWorld({ p1: 3, p2: 1 });
    await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA1);
    await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA2);
    await deliverPending(db, [w.p1.tenantId]);
    const all = (await listNationalTrainees({ db, actor: w.platform.operator, input: { projectId: w.projectId } })).trainees;
    expect(all).toHaveLength(2);
    await assignTraineeClass({ db, actor: w.platform.operator, input: { traineeId: all[0]!.id, classCode: "A班" } });
    await assignTraineeClass({ db, actor: w.platform.operator, input: { traineeId: all[1]!.id, classCode: "B班" } });
    const staff = await w.platform.staffAccount();
    // Before the grant: nothing, as if the project did not exist.
    expect((await rejects(listNationalTrainees({ db, actor: staff, input: { projectId: w.projectId } }))).code).toBe("notFound");
    await grantProjectStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId, userId: staff.actorId, classCode: "A班" } });
    const mine = (await listNationalTrainees({ db, actor: staff, input: { projectId: w.projectId } })).trainees;
    expect(mine.map((t) => t.id)).toEqual([all[0]!.id]);
    expect((await rejects(recordNationalCompletion({ db, actor: staff, input: { traineeId: all[1]!.id, completedOn: "2026-12-01" } }))).code).toBe("notFound");
    await recordNationalCompletion({ db, actor: staff, input: { traineeId: all[0]!.id, completedOn: "2026-12-01" } });
    // Staff cannot allocate seats or grant themselves more classes.
    expect((await rejects(allocateNationalQuota({ db, actor: staff, input: { projectId: w.projectId, provinceTenantId: w.p2.tenantId, seats: 50 } }))).code).toBe("notFound");
    expect((await rejects(grantProjectStaff({ db, actor: staff, input: { projectId: w.projectId, userId: staff.actorId, classCode: "B班" } }))).code).toBe("notFound");
    // A teacher account of the platform tenant is no staff account.
    expect((await rejects(grantProjectStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId, userId: w.platform.operator.actorId, classCode: "B班" } }))).code).toBe("badRequest");
  });

  it("every cross-tenant step is audited on its own side", async () => {
    const w = await nationalWorld();
    const actions = async (tenantId: string) =>
      (await owner.withTenant(tenantId, (tx) => tx.execute<{ action: string }>(sql`select action from audit_event where action like 'federation.%' or action like 'national.%' or action = 'projects.nationalMirror'`))).map((r) => r.action).sort();
    expect(await actions(w.platform.tenantId)).toEqual(["federation.delivered", "federation.delivered", "federation.send", "federation.send", "national.allocate", "national.allocate", "national.create"]);
    expect(await actions(w.p1.tenantId)).toEqual(["federation.receive", "projects.nationalMirror"]);
    void and;
  });
});

describe("the national project's page", () => {
  it("filters trainees by province, class, state and name, pages them, and counts every state over what the actor may see", async () => {
    const w = await nationalWorld({ p1: 3, p2: 1 });
    await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA1);
    await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA2);
    await nominateAndApprove(db, w.p2, w.m2.project.id, w.m2.root.id, w.p2.units.schoolB1);
    await deliverPending(db, [w.p1.tenantId, w.p2.tenantId]);
    const list = (input: Record<string, unknown>) => listNationalTrainees({ db, actor: w.platform.operator, input: { projectId: w.projectId, ...input } });
    const all = await list({});
    expect([all.total, all.trainees.length, all.manages]).toEqual([3, 3, true]);
    expect(all.provinces.map((p) => p.n).sort()).toEqual([1, 2]);
    expect((await list({ province: w.p1.tenantId })).total).toBe(2);
    expect((await list({ province: w.p2.tenantId })).trainees.map((t) => t.homeTenantId)).toEqual([w.p2.tenantId]);
    // Paging: past the last page, no rows but the same total.
    const second = await list({ size: "20", page: "2" });
    expect([second.total, second.trainees.length]).toEqual([3, 0]);
    // 编班, then the class filter; "-" is "not in a class yet".
    await assignTraineeClass({ db, actor: w.platform.operator, input: { traineeId: all.trainees[0]!.id, classCode: "A班" } });
    expect((await list({ classCode: "A班" })).trainees.map((t) => t.id)).toEqual([all.trainees[0]!.id]);
    expect((await list({ classCode: "-" })).total).toBe(2);
    expect((await list({})).classes).toEqual([{ code: "", n: 2 }, { code: "A班", n: 1 }]);
    await recordNationalCompletion({ db, actor: w.platform.operator, input: { traineeId: all.trainees[0]!.id, completedOn: "2026-12-01" } });
    const after = await list({ state: "completed" });
    expect([after.total, after.byState]).toEqual([1, { enrolled: 2, completed: 1 }]);
    // A name or school, wildcards taken literally.
    expect((await list({ q: all.trainees[1]!.name })).trainees.map((t) => t.id)).toContain(all.trainees[1]!.id);
    expect((await list({ q: "%" })).total).toBe(0);
    // Hostile filters are refused, not run.
    for (const bad of [{ province: "x" }, { q: "a\u0000b" }, { state: "gone" }, { page: "0" }, { size: "7" }, { classCode: "x".repeat(200) }]) {
      expect((await rejects(list(bad))).code).toBe("badRequest");
    }
    // Another province's admin learns nothing of it.
    expect((await rejects(listNationalTrainees({ db, actor: w.p1.admins.province, input: { projectId: w.projectId } }))).code).toBe("notFound");
  });

  it("the operator adds staff by login — a new account once, with a temporary password — and takes a class away again", async () => {
    const w = await nationalWorld({ p1: 2, p2: 1 });
    await nominateAndApprove(db, w.p1, w.m1.project.id, w.m1.root.id, w.p1.units.schoolA1);
    await deliverPending(db, [w.p1.tenantId]);
    const [t] = (await listNationalTrainees({ db, actor: w.platform.operator, input: { projectId: w.projectId } })).trainees;
    await assignTraineeClass({ db, actor: w.platform.operator, input: { traineeId: t!.id, classCode: "A班" } });
    const login = `nt_${randomUUID().slice(0, 8)}`;
    // A new login needs a name.
    expect((await rejects(addNationalStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId, login, classCode: "A班" } }))).fieldErrors).toHaveProperty("displayName");
    const made = await addNationalStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId, login: login.toUpperCase(), displayName: "师大培训者", classCode: "A班" } });
    expect(made.login).toBe(login);
    expect(made.password).toMatch(/.{8,}/);
    // The same login again: the same account, a second class, no new password.
    const again = await addNationalStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId, login, classCode: "B班" } });
    expect([again.userId, again.password]).toEqual([made.userId, null]);
    expect((await listNationalStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId } })).map((s) => [s.login, s.classCode])).toEqual([
      [login, "A班"],
      [login, "B班"],
    ]);
    const staff = { tenantId: w.platform.tenantId, actorId: made.userId, grants: [{ role: "trainer" as const, orgUnitId: null, orgPath: null }] };
    expect(await listMyNationalClasses({ db, actor: staff })).toEqual([
      { projectId: w.projectId, name: expect.any(String), classCode: "A班", trainees: 1 },
      { projectId: w.projectId, name: expect.any(String), classCode: "B班", trainees: 0 },
    ]);
    // The staff's home (a trainer's, on the platform host) carries the same classes.
    expect((await readTrainerHome({ db, actor: staff })).national.map((c) => [c.classCode, c.trainees])).toEqual([
      ["A班", 1],
      ["B班", 0],
    ]);
    const mine = await listNationalTrainees({ db, actor: staff, input: { projectId: w.projectId } });
    expect([mine.manages, mine.total]).toEqual([false, 1]);
    // Staff cannot manage staff; the operator's own login is no staff account.
    expect((await rejects(addNationalStaff({ db, actor: staff, input: { projectId: w.projectId, login: "someone", displayName: "某人", classCode: "A班" } }))).code).toBe("notFound");
    const operatorLogin = await owner.withTenant(w.platform.tenantId, async (tx) => (await tx.execute<{ login: string }>(sql`select login from "user" where id = ${w.platform.operator.actorId}`))[0]!.login);
    expect((await rejects(addNationalStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId, login: operatorLogin, classCode: "A班" } }))).fieldErrors).toHaveProperty("login");
    for (const bad of ["含 空格", "a\r\nb", "x".repeat(65)]) {
      expect((await rejects(addNationalStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId, login: bad, displayName: "某人", classCode: "A班" } }))).code).toBe("badRequest");
    }
    await revokeNationalStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId, userId: made.userId, classCode: "A班" } });
    expect((await rejects(revokeNationalStaff({ db, actor: w.platform.operator, input: { projectId: w.projectId, userId: made.userId, classCode: "A班" } }))).code).toBe("notFound");
    expect((await listNationalTrainees({ db, actor: staff, input: { projectId: w.projectId } })).total).toBe(0);
    // A province's admin: nothing of the platform's staff (their home lists no national classes either).
    expect(await listMyNationalClasses({ db, actor: w.p1.admins.province })).toEqual([]);
    expect((await rejects(listNationalStaff({ db, actor: w.p1.admins.province, input: { projectId: w.projectId } }))).code).toBe("notFound");
  });
});
