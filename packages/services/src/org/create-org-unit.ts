import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { canContain, ZCreateOrgUnitInput } from "@yanxiu/domain/org";
import { appendAudit } from "../audit/append.ts";
import type { Database } from "@yanxiu/db/client";
import { orgUnit } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadUnitFor, type TActor } from "./scope.ts";

export async function createOrgUnit(opts: { db: Database; actor: TActor; input: unknown }) {
  const input = parseInput(ZCreateOrgUnitInput, opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const parent = await loadUnitFor(tx, actor, input.parentId, "org.createChild");
    if (parent.status !== "active") throw new AppError("badRequest", "parent inactive", { parentId: ["inactive"] });
    if (!canContain(parent.kind, input.kind)) throw new AppError("badRequest", "kind not allowed here", { kind: ["kindNotAllowed"] });
    const dup = await tx.select({ id: orgUnit.id }).from(orgUnit).where(eq(orgUnit.code, input.code)).limit(1);
    if (dup[0]) throw new AppError("conflict", "code taken", { code: ["codeTaken"] });
    const id = randomUUID();
    const attributes = input.kind === "school" ? { stages: input.stages, area: input.area ?? "urban" } : {};
    const [row] = await tx
      .insert(orgUnit)
      .values({ tenantId: actor.tenantId, id, parentId: parent.id, kind: input.kind, name: input.name, code: input.code, path: `${parent.path}${id}/`, attributes })
      .returning();
    await appendAudit(tx, actor, { orgPath: `${parent.path}${id}/`, action: "orgUnit.create", target: `orgUnit:${id}`, data: { name: input.name, code: input.code, kind: input.kind, parentId: parent.id } });
    return row!;
  });
}
