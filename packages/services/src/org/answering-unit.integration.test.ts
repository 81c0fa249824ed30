import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { answeringAdmins, answeringUnit } from "./answering-unit.ts";

/** Who answers for a unit: itself with an active admin, else the nearest above with one, else the root. */
const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

let tenantId: string;
let otherTenantId: string;
const u: Record<string, { id: string; path: string }> = {};
const admins: Record<string, string> = {};

beforeAll(async () => {
  tenantId = (await seedTenant(owner, buildTenant())).id;
  otherTenantId = (await seedTenant(owner, buildTenant())).id;
  const tag = tenantId.slice(0, 6);
  u.p = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `AP${tag}` });
  u.c = await seedOrgUnit(owner, tenantId, { kind: "city", name: "市", code: `AC${tag}`, parentId: u.p.id });
  u.k = await seedOrgUnit(owner, tenantId, { kind: "county", name: "县", code: `AK${tag}`, parentId: u.c.id });
  u.s = await seedOrgUnit(owner, tenantId, { kind: "school", name: "校", code: `AS${tag}`, parentId: u.k.id });
  u.j = await seedOrgUnit(owner, tenantId, { kind: "county", name: "另一县", code: `AJ${tag}`, parentId: u.c.id });
  // The city has an active admin and a deactivated one; the school only a teacher; the other county an admin.
  admins.c = (await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: u.c.id }] }))).id;
  await seedUser(owner, tenantId, buildUser({ status: "disabled", roles: [{ role: "orgAdmin", orgUnitId: u.k.id }] }));
  await seedUser(owner, tenantId, buildUser({ roles: [{ role: "teacher", orgUnitId: u.s.id }] }));
  admins.j = (await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: u.j.id }] }))).id;
});

const unitFor = (path: string) => db.withTenant(tenantId, (tx) => answeringUnit(tx, path));
const adminsFor = (path: string) => db.withTenant(tenantId, (tx) => answeringAdmins(tx, path));

describe("the unit that answers for another", () => {
  it("skips a unit with only a teacher or a deactivated admin, and a sibling's admin, up to the nearest active admin", async () => {
    expect(await unitFor(u.s!.path)).toBe(u.c!.id);
    expect(await unitFor(u.k!.path)).toBe(u.c!.id);
    expect(await unitFor(u.j!.path)).toBe(u.j!.id);
    expect(await adminsFor(u.s!.path)).toEqual([admins.c]);
  });

  it("a unit's own admin answers for it once there is one; with none on the path the root answers, with no unit admins to remind", async () => {
    const schoolAdmin = (await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: u.s!.id }] }))).id;
    expect(await unitFor(u.s!.path)).toBe(u.s!.id);
    expect(await adminsFor(u.s!.path)).toEqual([schoolAdmin]);
    expect(await unitFor(u.p!.path)).toBe(u.p!.id);
    expect(await adminsFor(u.p!.path)).toEqual([]);
  });

  it("another province's admins never answer: its units are not on this tenant's paths, and its rows are not visible", async () => {
    const theirs = await seedOrgUnit(owner, otherTenantId, { kind: "county", name: "外省县", code: `AX${otherTenantId.slice(0, 6)}` });
    await seedUser(owner, otherTenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: theirs.id }] }));
    // A path naming the other tenant's unit above ours (forged): the other tenant's unit and admin are invisible.
    const forged = `/${theirs.id}${u.k!.path}`;
    expect(await unitFor(forged)).toBe(u.c!.id);
    expect(await db.withTenant(tenantId, (tx) => answeringAdmins(tx, `/${theirs.id}/`))).toEqual([]);
  });
});
