import { sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { canContain, ZMoveOrgUnitInput } from "@yanxiu/domain/org";
import { canMove } from "@yanxiu/domain/permissions";
import { appendAudit } from "../audit/append.ts";
import type { Database } from "@yanxiu/db/client";
import { orgUnit, teacherProfile } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadUnitFor, underPath, type TActor } from "./scope.ts";

/** Moves a unit with its whole subtree: every path below it, and every teacher's copy of it, is rewritten. */
export async function moveOrgUnit(opts: { db: Database; actor: TActor; input: unknown }) {
  const input = parseInput(ZMoveOrgUnitInput, opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const unit = await loadUnitFor(tx, actor, input.id, "org.edit");
    const parent = await loadUnitFor(tx, actor, input.newParentId, "org.createChild");
    if (!canMove(actor.grants, unit.path, parent.path)) throw new AppError("badRequest", "cannot move there", { newParentId: ["moveNotAllowed"] });
    if (!canContain(parent.kind, unit.kind)) throw new AppError("badRequest", "kind not allowed here", { newParentId: ["kindNotAllowed"] });
    const oldPrefix = unit.path;
    const newPrefix = `${parent.path}${unit.id}/`;
    await tx
      .update(orgUnit)
      .set({ path: sql`${newPrefix} || substr(${orgUnit.path}, ${oldPrefix.length + 1})` })
      .where(underPath(orgUnit.path, oldPrefix));
    await tx.update(orgUnit).set({ parentId: parent.id }).where(sql`${orgUnit.id} = ${unit.id}`);
    await tx
      .update(teacherProfile)
      .set({ orgPath: sql`${newPrefix} || substr(${teacherProfile.orgPath}, ${oldPrefix.length + 1})` })
      .where(underPath(teacherProfile.orgPath, oldPrefix));
    await appendAudit(tx, actor, { orgPath: newPrefix, action: "orgUnit.move", target: `orgUnit:${unit.id}`, data: { fromParentId: unit.parentId, toParentId: parent.id } });
  });
}
