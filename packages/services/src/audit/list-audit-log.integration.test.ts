import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import type { TGrant } from "@yanxiu/domain/permissions";
import type { TActor } from "../org/scope.ts";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { listAuditLog, recordAuditEvent } from "./index.ts";
import { appendAudit } from "./append.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

const code = (p: Promise<unknown>) => p.then(() => "ok", (e: AppError) => e.code);
let province: TActor;
let county: TActor;
let teacher: TActor;
let otherProvince: TActor;
let names: { wang: string; li: string };

beforeAll(async () => {
  const t = await seedTenant(owner, buildTenant());
  const s = t.slug.slice(2, 8);
  const prov = await seedOrgUnit(owner, t.id, { kind: "province", name: "省", code: `LP${s}` });
  const a = await seedOrgUnit(owner, t.id, { kind: "county", name: "甲县", code: `LA${s}`, parentId: prov.id });
  const b = await seedOrgUnit(owner, t.id, { kind: "county", name: "乙县", code: `LB${s}`, parentId: prov.id });
  const wang = await seedUser(owner, t.id, buildUser({ displayName: "王审计", roles: [{ role: "provinceAdmin", orgUnitId: prov.id }] }));
  const li = await seedUser(owner, t.id, buildUser({ displayName: "李县管", roles: [{ role: "orgAdmin", orgUnitId: a.id }] }));
  const tch = await seedUser(owner, t.id, buildUser());
  names = { wang: wang.login, li: li.login };
  province = { tenantId: t.id, actorId: wang.id, grants: [{ role: "provinceAdmin", orgUnitId: prov.id, orgPath: prov.path }] as TGrant[] };
  county = { tenantId: t.id, actorId: li.id, grants: [{ role: "orgAdmin", orgUnitId: a.id, orgPath: a.path }] as TGrant[] };
  teacher = { tenantId: t.id, actorId: tch.id, grants: [{ role: "teacher", orgUnitId: null, orgPath: null }] as TGrant[] };
  // Two days of events (China time): sign-ins with their address, account changes in each county, a failed sign-in.
  const at = (iso: string) => new Date(iso);
  await recordAuditEvent({ db, tenantId: t.id, actorId: wang.id, eventId: randomUUID(), action: "signIn", occurredAt: at("2026-12-01T01:00:00Z"), ip: "198.51.100.4" });
  await recordAuditEvent({ db, tenantId: t.id, actorId: li.id, eventId: randomUUID(), action: "signIn", occurredAt: at("2026-12-01T17:00:00Z"), ip: "198.51.100.9" });
  await recordAuditEvent({ db, tenantId: t.id, actorId: null, eventId: randomUUID(), action: "signIn.failed", occurredAt: at("2026-12-02T02:00:00Z"), ip: "203.0.113.1", data: { login: "nobody-tried", reason: "invalidCredentials" } });
  await db.withTenant(t.id, async (tx) => {
    await appendAudit(tx, { tenantId: t.id, actorId: wang.id }, { action: "account.create", target: "user:a", orgPath: a.path });
    await appendAudit(tx, { tenantId: t.id, actorId: wang.id }, { action: "account.create", target: "user:b", orgPath: b.path });
  });
  const o = await seedTenant(owner, buildTenant());
  const oprov = await seedOrgUnit(owner, o.id, { kind: "province", name: "他省", code: `LO${s}` });
  const oadmin = await seedUser(owner, o.id, buildUser({ roles: [{ role: "provinceAdmin", orgUnitId: oprov.id }] }));
  otherProvince = { tenantId: o.id, actorId: oadmin.id, grants: [{ role: "provinceAdmin", orgUnitId: oprov.id, orgPath: oprov.path }] as TGrant[] };
});

describe("the audit log", () => {
  it("shows a province administrator every event, newest first, with who, what and the address it came from", async () => {
    const log = await listAuditLog({ db, actor: province, query: {} });
    expect(log.total).toBe(5);
    expect(log.events.map((e) => e.action)).toEqual(["account.create", "account.create", "signIn.failed", "signIn", "signIn"]);
    expect(log.events.find((e) => e.action === "signIn" && e.actor?.login === names.wang)?.ip).toBe("198.51.100.4");
  });

  it("filters by person (login, name, or the login a failed sign-in tried), by action group and by China-time days", async () => {
    expect((await listAuditLog({ db, actor: province, query: { person: "李县" } })).events.map((e) => e.actor?.login)).toEqual([names.li]);
    expect((await listAuditLog({ db, actor: province, query: { person: "nobody" } })).events.map((e) => e.triedLogin)).toEqual(["nobody-tried"]);
    // A login with LIKE's wildcards is searched as typed: "_" matches "_" only.
    expect((await listAuditLog({ db, actor: province, query: { person: names.li } })).events.map((e) => e.actor?.login)).toEqual([names.li]);
    expect((await listAuditLog({ db, actor: province, query: { person: "user_" } })).total).toBe(0);
    expect((await listAuditLog({ db, actor: province, query: { action: "account" } })).total).toBe(2);
    // 2026-12-01 in China: 00:00+08 to 24:00+08 holds the 09:00 sign-in, not the one at 01:00 on the 2nd.
    const day = await listAuditLog({ db, actor: province, query: { action: "signIn", from: "2026-12-01", to: "2026-12-01" } });
    expect(day.events.map((e) => e.ip)).toEqual(["198.51.100.4"]);
  });

  it("pages with the total kept", async () => {
    const p1 = await listAuditLog({ db, actor: province, query: { size: "20", page: "1" } });
    const p2 = await listAuditLog({ db, actor: province, query: { size: "20", page: "2" } });
    expect([p1.total, p1.events.length, p2.total, p2.events.length]).toEqual([5, 5, 5, 0]);
  });

  it("shows a county administrator their subtree and their own actions only", async () => {
    const log = await listAuditLog({ db, actor: county, query: {} });
    expect(log.wholeTenant).toBe(false);
    expect(log.events.map((e) => `${e.action}:${e.target ?? ""}`).sort()).toEqual(["account.create:user:a", "signIn:"]);
  });

  it("is a 404 for a teacher, refuses a malformed filter, and never shows another province's events", async () => {
    expect(await code(listAuditLog({ db, actor: teacher, query: {} }))).toBe("notFound");
    expect(await code(listAuditLog({ db, actor: province, query: { from: "2026-12-09", to: "2026-12-01" } }))).toBe("badRequest");
    expect((await listAuditLog({ db, actor: otherProvince, query: {} })).total).toBe(0);
  });
});
