import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgUnit, user } from "@yanxiu/db/schema";
import { seedOrgUnit } from "../seed/factories.ts";
import { seedTestTenant, testDatabase, testOwnerDatabase, testUrls } from "../testing.ts";

/** Drizzle wraps the server's error; the reason Postgres gave is in `cause`. */
async function pgError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return err.cause?.message ?? err.message;
  }
  return "no error";
}

const owner = testOwnerDatabase();
const db = testDatabase();
let hunan: Awaited<ReturnType<typeof seedTestTenant>>;
let sichuan: Awaited<ReturnType<typeof seedTestTenant>>;

beforeAll(async () => {
  hunan = await seedTestTenant(owner, [{ displayName: "湖南老师" }, {}]);
  sichuan = await seedTestTenant(owner, [{ displayName: "四川老师" }]);
  await seedOrgUnit(owner, hunan.tenant.id, { kind: "province", name: "湖南", code: "430000" });
  await seedOrgUnit(owner, sichuan.tenant.id, { kind: "province", name: "四川", code: "510000" });
});

afterAll(async () => {
  await db.close();
  await owner.close();
});

describe("row-level security between provinces", () => {
  it("a Hunan withTenant query never returns Sichuan rows", async () => {
    const users = await db.withTenant(hunan.tenant.id, (tx) => tx.select().from(user));
    expect(users.map((u) => u.id).sort()).toEqual(hunan.users.map((u) => u.id).sort());
    expect(users.every((u) => u.tenantId === hunan.tenant.id)).toBe(true);
    // Even asking for the Sichuan row by its id finds nothing.
    const byId = await db.withTenant(hunan.tenant.id, (tx) => tx.select().from(user).where(eq(user.id, sichuan.users[0]!.id)));
    expect(byId).toEqual([]);
    const orgs = await db.withTenant(hunan.tenant.id, (tx) => tx.select().from(orgUnit));
    expect(orgs.map((o) => o.code)).toEqual(["430000"]);
  });

  it("with no tenant set, the app role sees 0 rows", async () => {
    const sqlc = postgres(testUrls.database, { max: 1, onnotice: () => {} });
    try {
      const rows = await sqlc`select count(*)::int as n from "user"`;
      expect(rows[0]!.n).toBe(0);
      // An empty setting (what a pooled connection may carry) is treated as no tenant.
      const inTx = await sqlc.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', '', true)`;
        return tx`select count(*)::int as n from org_unit`;
      });
      expect(inTx[0]!.n).toBe(0);
    } finally {
      await sqlc.end();
    }
  });

  it("the tenant setting does not outlive its transaction on a pooled connection", async () => {
    const one = postgres(testUrls.database, { max: 1, onnotice: () => {} });
    try {
      await one.begin((tx) => tx`select set_config('app.tenant_id', ${hunan.tenant.id}, true)`);
      const after = await one`select count(*)::int as n from "user"`;
      expect(after[0]!.n).toBe(0);
    } finally {
      await one.end();
    }
  });

  it("an insert carrying a foreign tenant_id fails", async () => {
    expect(
      await pgError(
        db.withTenant(hunan.tenant.id, (tx) =>
          tx.insert(user).values({ tenantId: sichuan.tenant.id, login: "intruder", passwordHash: "x", displayName: "x" }),
        ),
      ),
    ).toMatch(/row-level security/);
    const count = await db.withTenant(sichuan.tenant.id, (tx) => tx.select().from(user).where(eq(user.login, "intruder")));
    expect(count).toEqual([]);
  });

  it("an update or delete aimed at another tenant's rows changes nothing", async () => {
    const target = sichuan.users[0]!;
    const updated = await db.withTenant(hunan.tenant.id, (tx) =>
      tx.update(user).set({ displayName: "hacked" }).where(eq(user.id, target.id)).returning(),
    );
    expect(updated).toEqual([]);
    const deleted = await db.withTenant(hunan.tenant.id, (tx) => tx.delete(user).where(eq(user.id, target.id)).returning());
    expect(deleted).toEqual([]);
    const still = await db.withTenant(sichuan.tenant.id, (tx) => tx.select().from(user).where(eq(user.id, target.id)));
    expect(still[0]?.displayName).toBe("四川老师");
  });

  it("moving a Hunan row into Sichuan by updating tenant_id is refused", async () => {
    const mine = hunan.users[1]!;
    expect(
      await pgError(
        db.withTenant(hunan.tenant.id, (tx) => tx.update(user).set({ tenantId: sichuan.tenant.id }).where(eq(user.id, mine.id))),
      ),
    ).toMatch(/row-level security/);
  });

  it("the tenant id is a bound parameter: a crafted value cannot widen the policy", async () => {
    await expect(db.withTenant(`${hunan.tenant.id}' or '1'='1`, async (tx) => tx.select().from(user))).rejects.toThrow();
    const n = await db.withTenant(hunan.tenant.id, async (tx) => {
      const r = await tx.execute<{ v: string }>(sql`select current_setting('app.tenant_id', true) as v`);
      return r[0]?.v;
    });
    expect(n).toBe(hunan.tenant.id);
  });
});
