import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@yanxiu/domain/errors";
import { sharingTransaction } from "./client.ts";
import { testDatabase, testOwnerDatabase } from "./testing.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(() => Promise.all([owner.close(), db.close()]));

const txid = async (d: typeof db, tenantId: string) =>
  d.withTenant(tenantId, async (tx) => {
    const rows = (await tx.execute(sql`select txid_current()::text as id, current_setting('app.tenant_id') as tenant`)) as unknown as { id: string; tenant: string }[];
    return rows[0]!;
  });

describe("sharingTransaction", () => {
  it("runs the parts of a read in the caller's one transaction, for its tenant only", async () => {
    const a = await owner.upsertTenant({ slug: `share-a-${Date.now()}`, name: "A", code: `SA${Date.now() % 100000}` });
    const b = await owner.upsertTenant({ slug: `share-b-${Date.now()}`, name: "B", code: `SB${Date.now() % 100000}` });
    const [outer, first, second] = await db.withTenant(a.id, async (tx) => {
      const shared = sharingTransaction(db, tx, a.id);
      const o = ((await tx.execute(sql`select txid_current()::text as id`)) as unknown as { id: string }[])[0]!.id;
      return [o, await txid(shared, a.id), await txid(shared, a.id)] as const;
    });
    expect(first).toEqual({ id: outer, tenant: a.id });
    expect(second.id).toBe(outer);
    // Without sharing, each read is its own transaction.
    expect((await txid(db, a.id)).id).not.toBe(outer);

    const refused = await db.withTenant(a.id, (tx) => txid(sharingTransaction(db, tx, a.id), b.id).then(() => null, (e: unknown) => e));
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("forbidden");
  });
});
