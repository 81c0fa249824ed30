import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { eq, inArray } from "drizzle-orm";
import { sessionPolicy } from "@yanxiu/domain/auth";
import type { TGrant } from "@yanxiu/domain/permissions";
import { primaryRole, type TRole } from "@yanxiu/domain/roles";
import type { Database, Tx } from "@yanxiu/db/client";
import { orgUnit, roleAssignment, session, user } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

/** Session design from Lucia's guide: a random token in the cookie, only its SHA-256 in the database. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export type TSessionUser = {
  id: string;
  tenantId: string;
  login: string;
  displayName: string;
  roles: TRole[];
  primaryRole: TRole;
  /** Each role with the org subtree it applies to: what the permission function decides on. */
  grants: TGrant[];
  mustChangePassword: boolean;
};
export type TSession = { id: string; tenantId: string; userId: string; expiresAt: Date };
export type TSessionValidation = { session: TSession; user: TSessionUser; renewed: boolean } | null;

export async function createSession(tx: Tx, opts: { tenantId: string; userId: string; token: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const row: TSession = {
    id: sessionIdFromToken(opts.token),
    tenantId: opts.tenantId,
    userId: opts.userId,
    expiresAt: new Date(now.getTime() + sessionPolicy.lifetimeMs),
  };
  await tx.insert(session).values(row);
  return row;
}

/** Tokens are base32 of 20 bytes: 32 characters of [a-z2-7]. Anything else is not looked up at all. */
const tokenShape = /^[a-z2-7]{32}$/;

/**
 * The session and user a cookie token belongs to in this tenant, or null. An expired session is deleted;
 * one that is past half its life is renewed (sliding expiry). A disabled user has no valid session.
 */
export async function validateSessionToken(opts: {
  db: Database;
  tenantId: string;
  token: string | null | undefined;
  now?: Date;
}): Promise<TSessionValidation> {
  const token = opts.token;
  if (!token || !tokenShape.test(token)) return null;
  const id = sessionIdFromToken(token);
  const now = opts.now ?? new Date();
  return opts.db.withTenant(opts.tenantId, async (tx) => {
    const rows = await tx
      .select({ session, user })
      .from(session)
      .innerJoin(user, tenantEq(user.id, session.userId))
      .where(eq(session.id, id))
      .limit(1);
    const row = rows[0];
    if (!row) return null;
    if (now.getTime() >= row.session.expiresAt.getTime() || row.user.status !== "active") {
      await tx.delete(session).where(eq(session.id, id));
      return null;
    }
    let renewed = false;
    let expiresAt = row.session.expiresAt;
    if (now.getTime() >= expiresAt.getTime() - sessionPolicy.renewWithinMs) {
      expiresAt = new Date(now.getTime() + sessionPolicy.lifetimeMs);
      await tx.update(session).set({ expiresAt }).where(eq(session.id, id));
      renewed = true;
    }
    const grants = await loadGrants(tx, row.user.id);
    const roles = [...new Set(grants.map((h) => h.role))];
    return {
      session: { id, tenantId: row.session.tenantId, userId: row.session.userId, expiresAt },
      user: {
        id: row.user.id,
        tenantId: row.user.tenantId,
        login: row.user.login,
        displayName: row.user.displayName,
        roles,
        primaryRole: primaryRole(roles),
        grants,
        mustChangePassword: row.user.mustChangePassword,
      },
      renewed,
    };
  });
}

/**
 * validateSessionToken for many tokens of one tenant in ONE transaction (a handshake storm: the realtime
 * process batches the session checks that arrive in the same tick). Same rules, token by token: unknown or
 * malformed → null, expired or disabled → deleted and null, past half its life → renewed. Answers in the
 * order of `tokens`.
 */
export async function validateSessionTokens(opts: { db: Database; tenantId: string; tokens: (string | null | undefined)[]; now?: Date }): Promise<TSessionValidation[]> {
  const now = opts.now ?? new Date();
  const ids = opts.tokens.map((t) => (t && tokenShape.test(t) ? sessionIdFromToken(t) : null));
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return ids.map(() => null);
  const found = await opts.db.withTenant(opts.tenantId, async (tx) => {
    const rows = await tx.select({ session, user }).from(session).innerJoin(user, tenantEq(user.id, session.userId)).where(inArray(session.id, wanted));
    const dead = rows.filter((r) => now.getTime() >= r.session.expiresAt.getTime() || r.user.status !== "active").map((r) => r.session.id);
    if (dead.length) await tx.delete(session).where(inArray(session.id, dead));
    const live = rows.filter((r) => !dead.includes(r.session.id));
    const renewedAt = new Date(now.getTime() + sessionPolicy.lifetimeMs);
    const renew = live.filter((r) => now.getTime() >= r.session.expiresAt.getTime() - sessionPolicy.renewWithinMs).map((r) => r.session.id);
    if (renew.length) await tx.update(session).set({ expiresAt: renewedAt }).where(inArray(session.id, renew));
    const userIds = [...new Set(live.map((r) => r.user.id))];
    const grantRows = userIds.length
      ? await tx
          .select({ userId: roleAssignment.userId, role: roleAssignment.role, orgUnitId: roleAssignment.orgUnitId, orgPath: orgUnit.path })
          .from(roleAssignment)
          .leftJoin(orgUnit, tenantEq(orgUnit.id, roleAssignment.orgUnitId))
          .where(inArray(roleAssignment.userId, userIds))
      : [];
    const grantsOf = new Map<string, TGrant[]>();
    for (const { userId, ...g } of grantRows) grantsOf.set(userId, [...(grantsOf.get(userId) ?? []), g]);
    const out = new Map<string, NonNullable<TSessionValidation>>();
    for (const row of live) {
      const grants = grantsOf.get(row.user.id) ?? [];
      const roles = [...new Set(grants.map((h) => h.role))];
      const renewed = renew.includes(row.session.id);
      out.set(row.session.id, {
        session: { id: row.session.id, tenantId: row.session.tenantId, userId: row.session.userId, expiresAt: renewed ? renewedAt : row.session.expiresAt },
        user: {
          id: row.user.id,
          tenantId: row.user.tenantId,
          login: row.user.login,
          displayName: row.user.displayName,
          roles,
          primaryRole: primaryRole(roles),
          grants,
          mustChangePassword: row.user.mustChangePassword,
        },
        renewed,
      });
    }
    return out;
  });
  return ids.map((id) => (id ? (found.get(id) ?? null) : null));
}

export async function invalidateSession(opts: { db: Database; tenantId: string; token: string }): Promise<void> {
  if (!tokenShape.test(opts.token)) return;
  const id = sessionIdFromToken(opts.token);
  await opts.db.withTenant(opts.tenantId, (tx) => tx.delete(session).where(eq(session.id, id)));
}

export async function invalidateUserSessions(opts: { db: Database; tenantId: string; userId: string }): Promise<void> {
  await opts.db.withTenant(opts.tenantId, (tx) => tx.delete(session).where(eq(session.userId, opts.userId)));
}

/** A user's roles with the org subtree each applies to, in the caller's tenant transaction. */
export async function loadGrants(tx: Tx, userId: string): Promise<TGrant[]> {
  return tx
    .select({ role: roleAssignment.role, orgUnitId: roleAssignment.orgUnitId, orgPath: orgUnit.path })
    .from(roleAssignment)
    .leftJoin(orgUnit, tenantEq(orgUnit.id, roleAssignment.orgUnitId))
    .where(eq(roleAssignment.userId, userId));
}
