import { randomUUID } from "node:crypto";
import { and, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { TGrant } from "@yanxiu/domain/permissions";
import { ZCreateTenantInput, ZSetTenantStatusInput } from "@yanxiu/domain/tenant";
import { appendAudit } from "../audit/append.ts";
import { publishSessionsEnded, type Redis } from "../platform/redis.ts";
import { hashPassword, temporaryPassword } from "../auth/password.ts";
import type { Database, PlatformDatabase } from "@yanxiu/db/client";
import { orgUnit, roleAssignment, session, teacherProfile, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";

export type TPlatformActor = { tenantId: string; actorId: string; grants: TGrant[]; ip?: string | null };

/** Only a platform operator, signed in on the platform host, reaches these; anyone else gets notFound. */
async function requireOperator(db: Database, actor: TPlatformActor) {
  const home = await db.findTenant({ id: actor.tenantId });
  if (!home || home.kind !== "platform" || !actor.grants.some((g) => g.role === "platformOperator")) throw new AppError("notFound", "not a platform operator");
}

/** How many provinces are counted at once (each in its own transaction, on its own pooled connection). */
const countConcurrency = 6;

/**
 * Every province with its counts, each counted inside its own tenant (no path around row-level security): one
 * statement per province, a few provinces at a time, so the console stays quick with hundreds of tenants (the
 * test database has that many) and not only with the thirty-odd of a real deployment.
 */
export async function listTenantStats(opts: { db: Database; actor: TPlatformActor }) {
  await requireOperator(opts.db, opts.actor);
  const tenants = await opts.db.listTenants();
  const counts: { orgUnits: number; teachers: number; activeUsers: number }[] = new Array(tenants.length);
  let next = 0;
  const work = async () => {
    for (let i = next++; i < tenants.length; i = next++) {
      counts[i] = await opts.db.withTenant(tenants[i]!.id, async (tx) => {
        const [r] = await tx.execute<{ org_units: number; teachers: number; active_users: number }>(
          sql`select (select count(*)::int from ${orgUnit}) as org_units, (select count(*)::int from ${teacherProfile}) as teachers, (select count(distinct ${session.userId})::int from ${session} where ${session.expiresAt} > now()) as active_users`,
        );
        return { orgUnits: r?.org_units ?? 0, teachers: r?.teachers ?? 0, activeUsers: r?.active_users ?? 0 };
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(countConcurrency, tenants.length) }, work));
  return tenants.map((t, i) => ({ id: t.id, slug: t.slug, name: t.name, code: t.code, status: t.status, ...counts[i]! }));
}

/**
 * Opens a province: the tenant, its root org unit, and its first province admin with a temporary password.
 * The tenant row is written through `platformDb` (the only role that may run platform_create_tenant).
 */
export async function createProvinceTenant(opts: { db: Database; platformDb: PlatformDatabase; actor: TPlatformActor; input: unknown }) {
  const input = parseInput(ZCreateTenantInput, opts.input);
  await requireOperator(opts.db, opts.actor);
  const tenantId = await opts.platformDb.createProvinceTenant({ slug: input.slug, name: input.name, code: input.code });
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await opts.db.withTenant(tenantId, async (tx) => {
    const rootId = randomUUID();
    await tx.insert(orgUnit).values({ tenantId, id: rootId, kind: "province", name: input.name, code: `${input.code}0000`, path: `/${rootId}/` });
    const userId = randomUUID();
    await tx.insert(user).values({ tenantId, id: userId, login: input.adminLogin, displayName: input.adminName, passwordHash, mustChangePassword: true });
    await tx.insert(roleAssignment).values({ tenantId, userId, role: "provinceAdmin", orgUnitId: rootId });
  });
  await opts.db.withTenant(opts.actor.tenantId, (tx) =>
    appendAudit(tx, opts.actor, { action: "tenant.create", target: `tenant:${tenantId}`, data: { slug: input.slug, name: input.name, adminLogin: input.adminLogin } }),
  );
  return { tenantId, slug: input.slug, adminLogin: input.adminLogin, password };
}

/**
 * Suspending ends every session of the province at once (and, given `redis`, their sockets); its people
 * cannot sign in until it is reactivated.
 */
export async function setTenantStatus(opts: { db: Database; platformDb: PlatformDatabase; redis?: Redis; actor: TPlatformActor; input: unknown }) {
  const input = parseInput(ZSetTenantStatusInput, opts.input);
  await requireOperator(opts.db, opts.actor);
  if (!(await opts.platformDb.setTenantStatus(input.tenantId, input.status))) throw new AppError("notFound", `tenant ${input.tenantId}`);
  if (input.status === "suspended") await opts.db.withTenant(input.tenantId, (tx) => tx.delete(session).where(and(sql`true`)));
  await opts.db.withTenant(opts.actor.tenantId, (tx) =>
    appendAudit(tx, opts.actor, { action: input.status === "suspended" ? "tenant.suspend" : "tenant.reactivate", target: `tenant:${input.tenantId}` }),
  );
  // Every web process drops its cached tenant row on this (a whole-tenant end), so a reactivated province
  // signs in at once too; on suspension it also ends every session and socket.
  if (opts.redis) await publishSessionsEnded(opts.redis, { tenantId: input.tenantId });
  return input;
}

