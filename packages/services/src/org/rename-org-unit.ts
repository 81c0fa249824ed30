import { eq } from "drizzle-orm";
import { ZRenameOrgUnitInput } from "@yanxiu/domain/org";
import { appendAudit } from "../audit/append.ts";
import type { Database } from "@yanxiu/db/client";
import { orgUnit } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadUnitFor, type TActor } from "./scope.ts";

export async function renameOrgUnit(opts: { db: Database; actor: TActor; input: unknown }) {
  const input = parseInput(ZRenameOrgUnitInput, opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const unit = await loadUnitFor(tx, actor, input.id, "org.edit");
    await tx.update(orgUnit).set({ name: input.name }).where(eq(orgUnit.id, unit.id));
    await appendAudit(tx, actor, { orgPath: unit.path, action: "orgUnit.rename", target: `orgUnit:${unit.id}`, data: { from: unit.name, to: input.name } });
  });
}
