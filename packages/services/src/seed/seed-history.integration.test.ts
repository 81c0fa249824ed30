import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditAward, orgRollup, teacherCreditStatus } from "@yanxiu/db/schema";
import { testOwnerDatabase } from "../testing.ts";
import { demoProvinces, seedDemoProvince, type DemoProvince } from "./seed-demo.ts";
import { seedDemoHistory } from "./seed-history.ts";
import { seedDemoNational } from "./seed-national.ts";
import { seedPlatform } from "../federation/test-setup.ts";
import { seedTenant } from "./factories.ts";

const owner = testOwnerDatabase();
let province: DemoProvince;
let tenantId: string;

beforeAll(async () => {
  // The Hunan demo province under a slug of its own, so the shared demo tenants the e2e specs read stay as they are.
  province = { ...demoProvinces[0]!, slug: `hist-${randomUUID().slice(0, 8)}` };
  await seedDemoProvince(owner, province);
  tenantId = (await seedTenant(owner, { slug: province.slug, name: province.name, code: province.code })).id;
});
afterAll(() => owner.close());

describe("the demo history that npm start adds", () => {
  it("gives every teacher years of 学时, with statuses and rollups to match, and adds nothing when run again the same day", async () => {
    const first = await seedDemoHistory(owner, { today: "2026-12-07", provinces: [province] });
    expect(first.teachers).toBe(3 + province.more.length + 40);
    expect(first.awards).toBeGreaterThan(first.teachers * 5 * 8);

    const perTeacher = await owner.withTenant(tenantId, (tx) =>
      tx.execute<{ teacher_id: string; years: number; last: string; hours: string }>(sql`
        select teacher_id, count(distinct extract(year from counts_for))::int as years, max(counts_for)::text as last, sum(hours)::text as hours
        from credit_award where tenant_id = ${tenantId} group by teacher_id`),
    );
    expect(perTeacher.length).toBe(first.teachers);
    for (const r of perTeacher) {
      expect(r.years).toBe(6);
      expect(r.last < "2026-12-01").toBe(true);
    }
    // Teachers differ: some are behind and some on pace, so the lists and charts have something to show.
    const hours = perTeacher.map((r) => Number(r.hours));
    expect(Math.max(...hours) - Math.min(...hours)).toBeGreaterThan(60);

    const statuses = await owner.withTenant(tenantId, (tx) => tx.select().from(teacherCreditStatus).where(eq(teacherCreditStatus.tenantId, tenantId)));
    expect(statuses.length).toBe(first.teachers);
    expect(statuses.every((s) => s.year === 2026 && Number(s.yearHours) > 0)).toBe(true);
    const rollups = await owner.withTenant(tenantId, (tx) => tx.select().from(orgRollup).where(eq(orgRollup.tenantId, tenantId)));
    expect(rollups.length).toBeGreaterThan(province.orgs.length);

    const again = await seedDemoHistory(owner, { today: "2026-12-07", provinces: [province] });
    expect(again).toEqual({ teachers: first.teachers, awards: 0 });
    const [count] = await owner.withTenant(tenantId, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(creditAward).where(eq(creditAward.tenantId, tenantId)));
    expect(count!.n).toBe(first.awards);
  });
});

describe("the demo national project that npm start adds", () => {
  it("gives the named provinces their seats (waiting in the outbox for the worker) and a staff account its class, once", async () => {
    const name = `国培示范-${randomUUID().slice(0, 8)}`;
    const staffLogin = `nt_${randomUUID().slice(0, 8)}`;
    // A platform tenant of its own: the shared one's messages are what the e2e specs count.
    const own = await seedPlatform(owner);
    const opts = { name, seats: { [province.slug]: 6 }, staffLogin, platform: { tenantId: own.tenantId, operatorId: own.operator.actorId } };
    const first = await seedDemoNational(owner, opts);
    expect(first.map((a) => a.login)).toEqual([staffLogin]);
    await seedDemoNational(owner, opts);
    const rows = await owner.withTenant(own.tenantId, (tx) =>
      tx.execute<{ projects: number; quotas: number; messages: number; to_tenant: string; staff: number }>(sql`
        select (select count(*)::int from national_project where name = ${name}) as projects,
               (select count(*)::int from national_quota q join national_project p on p.id = q.project_id where p.name = ${name} and q.seats = 6) as quotas,
               (select count(*)::int from federation_outbox o where o.payload->>'kind' = 'nationalQuota' and o.payload->>'name' = ${name} and o.state = 'pending') as messages,
               (select min(to_tenant_id::text) from federation_outbox o where o.payload->>'name' = ${name}) as to_tenant,
               (select count(*)::int from national_project_staff s join national_project p on p.id = s.project_id join "user" u on u.id = s.user_id where p.name = ${name} and u.login = ${staffLogin}) as staff`),
    );
    expect(rows[0]).toEqual({ projects: 1, quotas: 1, messages: 1, to_tenant: tenantId, staff: 1 });
  });
});
