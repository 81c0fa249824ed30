import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { courseUnit, courseVersion } from "@yanxiu/db/schema";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../testing.ts";
import { loadVersionContent } from "./common.ts";
import { seedFixtureCourse } from "./test-fixtures.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

/** Drizzle wraps the Postgres error; the trigger's message is in the cause. */
const frozen = (e: unknown) => /frozen/.test(String((e as { cause?: { message?: string } }).cause?.message));

let tenantId: string;
let ownerId: string;
let institutionId: string;

beforeAll(async () => {
  tenantId = (await seedTenant(owner, buildTenant())).id;
  institutionId = (await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "发展中心", code: `FZ${tenantId.slice(0, 6)}` })).id;
  ownerId = (await seedUser(owner, tenantId, buildUser({ roles: [{ role: "trainer" }] }))).id;
});

describe("a version's content is frozen by the database once it leaves draft", () => {
  it("the app role cannot change a published version's units, sections or facts", async () => {
    const c = await seedFixtureCourse(db, tenantId, { ownerId, institutionId, status: "published" });
    const unitId = c.units.quiz!;
    await expect(db.withTenant(tenantId, (tx) => tx.update(courseUnit).set({ title: "改过" }).where(eq(courseUnit.id, unitId)))).rejects.toSatisfy(frozen);
    await expect(db.withTenant(tenantId, (tx) => tx.delete(courseUnit).where(eq(courseUnit.id, unitId)))).rejects.toSatisfy(frozen);
    await expect(db.withTenant(tenantId, (tx) => tx.update(courseVersion).set({ title: "改过" }).where(eq(courseVersion.id, c.versionId)))).rejects.toSatisfy(frozen);
    await expect(db.withTenant(tenantId, (tx) => tx.update(courseVersion).set({ status: "draft" }).where(eq(courseVersion.id, c.versionId)))).rejects.toSatisfy(frozen);
    // Superseding is the one change allowed.
    await db.withTenant(tenantId, (tx) => tx.update(courseVersion).set({ status: "superseded" }).where(eq(courseVersion.id, c.versionId)));
    const content = await db.withTenant(tenantId, (tx) => loadVersionContent(tx, c.versionId));
    expect(content.units.map((u) => u.title)).toEqual(["video单元", "quiz单元", "offlineSession单元"]);
  });

  it("a draft's content may change", async () => {
    const c = await seedFixtureCourse(db, tenantId, { ownerId, institutionId, status: "draft" });
    await db.withTenant(tenantId, (tx) => tx.update(courseUnit).set({ title: "改过" }).where(eq(courseUnit.id, c.units.video!)));
    const content = await db.withTenant(tenantId, (tx) => loadVersionContent(tx, c.versionId));
    expect(content.units[0]!.title).toBe("改过");
  });

  it("another tenant sees none of it", async () => {
    const c = await seedFixtureCourse(db, tenantId, { ownerId, institutionId });
    const other = (await seedTenant(owner, buildTenant())).id;
    await expect(db.withTenant(other, (tx) => loadVersionContent(tx, c.versionId))).rejects.toMatchObject({ code: "notFound" });
  });
});
