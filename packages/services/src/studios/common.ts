import { and, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import { studioPermissions, type TStudioPermissions } from "@yanxiu/domain/studios";
import type { Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { orgUnit, studio, studioMember } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * What the studio services share: loading a studio with the actor's membership and permissions (one
 * place decides), and refusing what the permissions do not allow.
 */

export type TStudioRow = typeof studio.$inferSelect;
export type TMemberRow = typeof studioMember.$inferSelect;

export type TStudioContext = { studio: TStudioRow; orgPath: string; orgName: string; member: TMemberRow | null; perms: TStudioPermissions };

/** The studio (of this tenant; anything else is notFound) with the actor's membership and what they may do. */
export async function loadStudioFor(tx: Tx, actor: TActor, studioId: string, opts: { lock?: boolean } = {}): Promise<TStudioContext> {
  const q = tx
    .select({ studio, orgPath: orgUnit.path, orgName: orgUnit.name })
    .from(studio)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, studio.orgUnitId))
    .where(eq(studio.id, studioId))
    .limit(1);
  const [row] = opts.lock ? await q.for("update", { of: studio }) : await q;
  if (!row) throw new AppError("notFound", `studio ${studioId}`);
  const member = await membershipOf(tx, studioId, actor.actorId);
  const perms = studioPermissions({
    member: member ? { status: member.status, role: member.role } : null,
    adminInScope: can(actor.grants, "org.view", row.orgPath),
    archived: row.studio.status === "archived",
  });
  return { studio: row.studio, orgPath: row.orgPath, orgName: row.orgName, member, perms };
}

export async function membershipOf(tx: Tx, studioId: string, userId: string): Promise<TMemberRow | null> {
  const [m] = await tx
    .select()
    .from(studioMember)
    .where(and(eq(studioMember.studioId, studioId), eq(studioMember.userId, userId)))
    .limit(1);
  return m ?? null;
}

/**
 * Refuses an action the permissions do not allow. The studio's existence is public inside the tenant
 * (the list shows it), so this is forbidden, not notFound.
 */
export function need(ctx: TStudioContext, key: keyof TStudioPermissions): void {
  if (!ctx.perms[key]) throw new AppError("forbidden", `studio ${ctx.studio.id}: ${key}`);
}

/** Keyset cursors over (time, id): one implementation for every list (common/keyset-cursor.ts). */
export { encodeTimeCursor as encodeCursor, decodeTimeCursor as decodeCursor } from "../common/keyset-cursor.ts";

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
