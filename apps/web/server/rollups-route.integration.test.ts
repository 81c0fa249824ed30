import { afterAll, describe, expect, it } from "vitest";
import type { TActor } from "@yanxiu/services/org";
import { computeRollups } from "@yanxiu/services/rollups";
import { seedCreditWorld } from "@yanxiu/services/credits/test-setup";
import { testDatabase, testOwnerDatabase } from "@yanxiu/services/testing";
import type { WebLoadContext } from "../app/load-context.ts";
import { loader } from "../app/routes/admin.rollups.tsx";
import { createWebServices } from "./services.ts";

/**
 * The /admin/rollups loader against real Postgres: an admin sees their scope's figures; a teacher, a
 * unit outside the admin's scope and another province's unit are all 404.
 */
const owner = testOwnerDatabase();
const db = testDatabase();
const rollups = createWebServices({ db, files: undefined as never, producer: undefined as never, redis: undefined as never, checkInSecret: "x".repeat(32), throttle: undefined as never, platformDb: undefined as never }).rollups;
afterAll(async () => {
  await db.close();
  await owner.close();
});

const ctxFor = (a: TActor): WebLoadContext =>
  ({
    services: { rollups },
    tenant: { id: a.tenantId, slug: "x", name: "省", kind: "province", status: "active" },
    user: { id: a.actorId, grants: a.grants, roles: a.grants.map((g) => g.role) },
    clientIp: "127.0.0.1",
  }) as unknown as WebLoadContext;

async function call(a: TActor, query = "") {
  try {
    return await loader({ request: new Request(`http://x.localhost/admin/rollups${query}`), context: ctxFor(a), params: {} } as never);
  } catch (e) {
    return e;
  }
}
const statusOf = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } })?.init?.status ?? 200));

describe("/admin/rollups", () => {
  it("shows an admin their scope and 404s everything else", async () => {
    const w = await seedCreditWorld(owner);
    const other = await seedCreditWorld(owner);
    const t1 = await w.teacherAt(w.units.schoolA.id);
    await w.teacherAt(w.units.schoolB.id);
    await computeRollups({ db, tenantId: w.tenantId });

    const prov = (await call(w.provinceAdmin)) as Awaited<ReturnType<typeof loader>>;
    expect(prov.unit.id).toBe(w.units.province.id);
    expect(prov.figures?.teachers).toBe(2);
    expect(prov.rows.map((r) => r.name).sort()).toEqual(["乙县", "乙县一中", "甲县", "甲县一中"]);

    const county = (await call(w.countyAdminA)) as Awaited<ReturnType<typeof loader>>;
    expect(county.unit.id).toBe(w.units.countyA.id);
    expect(county.figures?.teachers).toBe(1);

    expect(statusOf(await call(w.countyAdminA, `?unit=${w.units.countyB.id}`))).toBe(404);
    expect(statusOf(await call(w.provinceAdmin, `?unit=${other.units.province.id}`))).toBe(404);
    expect(statusOf(await call(t1.actor))).toBe(404);
  });
});
