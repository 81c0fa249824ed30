import { randomUUID } from "node:crypto";
import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { ZLogin } from "@yanxiu/domain/auth";
import { AppError } from "@yanxiu/domain/errors";
import { adminRoles } from "@yanxiu/domain/permissions";
import { appendAudit } from "../audit/append.ts";
import { hashPassword, temporaryPassword } from "../auth/password.ts";
import type { Database } from "@yanxiu/db/client";
import { inScope, loadUnitFor, type TActor } from "../org/scope.ts";
import { orgUnit, roleAssignment, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { rerouteWaitingClaims } from "../credits/fixed-points.ts";
import { tenantEq } from "../common/tenant-join.ts";

/** Roles an admin may hand out by form; teachers come through the roster, province admins from the platform. */
export const staffRoles = ["orgAdmin", "reviewer", "trainer", "masterTeacher"] as const;

const ZCreateStaffInput = z
  .object({
    login: ZLogin,
    displayName: z.string().trim().min(1, "required").max(40, "tooLong"),
    role: z.enum(staffRoles),
    orgUnitId: z.uuid("notFound"),
  })
  .strict();

/** Creates a staff account at a unit in the actor's scope, with a temporary password to change at first sign-in. */
export async function createStaffAccount(opts: { db: Database; actor: TActor; input: unknown }) {
  const input = parseInput(ZCreateStaffInput, opts.input);
  const { actor } = opts;
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const userId = randomUUID();
  await opts.db.withTenant(actor.tenantId, async (tx) => {
    const unit = await loadUnitFor(tx, actor, input.orgUnitId, "people.edit").catch(() => {
      throw new AppError("badRequest", "unit not in scope", { orgUnitId: ["notFound"] });
    });
    const taken = await tx.select({ id: user.id }).from(user).where(eq(user.login, input.login)).limit(1);
    if (taken[0]) throw new AppError("conflict", "login taken", { login: ["loginTaken"] });
    await tx.insert(user).values({ tenantId: actor.tenantId, id: userId, login: input.login, displayName: input.displayName, passwordHash, mustChangePassword: true });
    await tx.insert(roleAssignment).values({ tenantId: actor.tenantId, userId, role: input.role, orgUnitId: unit.id });
    // A unit's first admin takes over the 定额项目 claims an admin above was acting for (decision 032).
    const rerouted = (adminRoles as readonly string[]).includes(input.role) ? await rerouteWaitingClaims(tx) : 0;
    await appendAudit(tx, actor, { action: "account.create", target: `user:${userId}`, orgPath: unit.path, data: { login: input.login, role: input.role, orgUnitId: unit.id, ...(rerouted ? { reroutedClaims: rerouted } : {}) } });
  });
  return { userId, login: input.login, password };
}

/** Staff (everyone but teachers) whose role applies inside the actor's scope, by name. */
export async function listStaffAccounts(opts: { db: Database; actor: TActor; limit?: number }) {
  return opts.db.withTenant(opts.actor.tenantId, (tx) =>
    tx
      .select({ userId: user.id, login: user.login, displayName: user.displayName, status: user.status, role: roleAssignment.role, unitName: orgUnit.name })
      .from(roleAssignment)
      .innerJoin(user, tenantEq(user.id, roleAssignment.userId))
      .innerJoin(orgUnit, tenantEq(orgUnit.id, roleAssignment.orgUnitId))
      .where(and(ne(roleAssignment.role, "teacher"), inScope(orgUnit.path, opts.actor.grants)))
      .orderBy(asc(user.displayName), asc(user.id))
      .limit(opts.limit ?? 200),
  );
}
