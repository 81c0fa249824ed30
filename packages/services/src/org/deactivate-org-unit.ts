import { ZDeactivateOrgUnitInput } from "@yanxiu/domain/org";
import { appendAudit } from "../audit/append.ts";
import type { Database } from "@yanxiu/db/client";
import { orgUnit } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadUnitFor, underPath, type TActor } from "./scope.ts";

/** Marks a unit and everything under it inactive. Nothing is deleted: teachers, history and credits stay. */
export async function deactivateOrgUnit(opts: { db: Database; actor: TActor; input: unknown }) {
  const input = parseInput(ZDeactivateOrgUnitInput, opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const unit = await loadUnitFor(tx, actor, input.id, "org.edit");
    const changed = await tx.update(orgUnit).set({ status: "inactive" }).where(underPath(orgUnit.path, unit.path)).returning({ id: orgUnit.id });
    await appendAudit(tx, actor, { orgPath: unit.path, action: "orgUnit.deactivate", target: `orgUnit:${unit.id}`, data: { units: changed.length } });
    return { units: changed.length };
  });
}
