import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { ZLiveInviteInput, ZLiveInviteRevoke, type TLiveInvite } from "@yanxiu/domain/live";
import type { Database, Tx } from "@yanxiu/db/client";
import { liveAttendance, liveInvite, liveParticipant, teacherProfile, user } from "@yanxiu/db/schema";
import type { Redis } from "../platform/redis.ts";
import { parseInput } from "../common/parse-input.ts";
import { isUuid, loadLiveSession, mayAttend, roleByRight, type TLiveActor, type TLiveSessionRow } from "./access.ts";
import { publishLiveRemoval } from "./events.ts";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * Guests of one live session: the host or a co-host invites a person of the same province by account or
 * 教师编号, before the session ends; the guest may then attend as a participant (access.ts). Revoking
 * takes the right away at once: their open attendance closes and the caller disconnects their sockets.
 */

/** The session, for someone who runs it (host or co-host); anyone else notFound, like the page. */
async function moderated(tx: Tx, actor: TLiveActor, sessionId: string): Promise<TLiveSessionRow> {
  if (!isUuid(sessionId)) throw new AppError("notFound", `live session ${sessionId}`);
  const s = await loadLiveSession(tx, sessionId, { lock: true });
  const role = await mayAttend(tx, actor.actorId, s);
  if (role !== "host" && role !== "coHost") throw new AppError("notFound", `live session ${sessionId}`);
  return s;
}

/** The session's guests with whether each has come in, in the order invited (for its host and co-hosts). */
export async function listLiveInvites(tx: Tx, sessionId: string): Promise<TLiveInvite[]> {
  const rows = await tx
    .select({ userId: liveInvite.userId, displayName: user.displayName, login: user.login, invitedAt: liveInvite.createdAt, joined: sql<boolean>`${liveParticipant.userId} is not null` })
    .from(liveInvite)
    .innerJoin(user, tenantEq(user.id, liveInvite.userId))
    .leftJoin(liveParticipant, and(tenantEq(liveParticipant.sessionId, liveInvite.sessionId), eq(liveParticipant.userId, liveInvite.userId)))
    .where(eq(liveInvite.sessionId, sessionId))
    .orderBy(asc(liveInvite.createdAt), asc(liveInvite.userId));
  return rows.map((r) => ({ ...r, invitedAt: r.invitedAt.toISOString() }));
}

export async function inviteToLiveSession(opts: { db: Database; actor: TLiveActor; input: unknown }): Promise<TLiveInvite> {
  const input = parseInput(ZLiveInviteInput, opts.input);
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const s = await moderated(tx, actor, input.sessionId);
    if (s.status === "ended") throw new AppError("sessionEnded", `${s.id} has ended`);
    const name = input.login;
    const [who] = await tx
      .select({ id: user.id, status: user.status })
      .from(user)
      .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, user.id))
      .where(or(eq(user.login, name.toLowerCase()), eq(user.login, name), eq(teacherProfile.teacherNo, name)))
      .limit(1);
    if (!who || who.status !== "active") throw new AppError("badRequest", "no such person", { login: ["本省没有这个账号或教师编号，或该账号已停用"] });
    if (await roleByRight(tx, who.id, s)) throw new AppError("badRequest", "already attends", { login: ["对方已经可以进入本场直播，无需邀请"] });
    const removed = await tx
      .select({ removed: liveParticipant.removed })
      .from(liveParticipant)
      .where(and(eq(liveParticipant.sessionId, s.id), eq(liveParticipant.userId, who.id)))
      .limit(1);
    if (removed[0]?.removed) throw new AppError("badRequest", "removed", { login: ["对方已被移出本场直播，不能再邀请"] });
    await tx.insert(liveInvite).values({ tenantId: actor.tenantId, sessionId: s.id, userId: who.id, invitedBy: actor.actorId }).onConflictDoNothing();
    const mine = (await listLiveInvites(tx, s.id)).find((i) => i.userId === who.id);
    return mine!;
  });
}

/**
 * Takes a guest's invitation back. When it was their only right to attend, their open attendance closes
 * now and `disconnect` is true; with `redis`, the removal is then announced (after the commit) so every
 * realtime process takes them out of the room and tells the others they left.
 */
export async function revokeLiveInvite(opts: {
  db: Database;
  redis?: Redis;
  actor: TLiveActor;
  input: unknown;
  now?: Date;
}): Promise<{ tenantId: string; sessionId: string; userId: string; disconnect: boolean }> {
  const r = await revokeInTx(opts);
  if (r.disconnect && opts.redis && !(await publishLiveRemoval(opts.redis, { tenantId: r.tenantId, sessionId: r.sessionId, userId: r.userId, announce: true }))) {
    console.warn(`live: removal of revoked guest ${r.userId} not published`);
  }
  return r;
}

async function revokeInTx(opts: { db: Database; actor: TLiveActor; input: unknown; now?: Date }) {
  const input = parseInput(ZLiveInviteRevoke, opts.input);
  const { actor } = opts;
  const now = opts.now ?? new Date();
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const s = await moderated(tx, actor, input.sessionId);
    const gone = await tx
      .delete(liveInvite)
      .where(and(eq(liveInvite.sessionId, s.id), eq(liveInvite.userId, input.userId)))
      .returning({ userId: liveInvite.userId });
    if (gone.length === 0) throw new AppError("notFound", `invitation of ${input.userId}`);
    const disconnect = (await roleByRight(tx, input.userId, s)) === null;
    if (disconnect) {
      await tx
        .update(liveAttendance)
        .set({ leftAt: now })
        .where(and(eq(liveAttendance.sessionId, s.id), eq(liveAttendance.userId, input.userId), isNull(liveAttendance.leftAt)));
      await tx
        .update(liveParticipant)
        .set({ handRaisedAt: null })
        .where(and(eq(liveParticipant.sessionId, s.id), eq(liveParticipant.userId, input.userId)));
    }
    return { tenantId: actor.tenantId, sessionId: s.id, userId: input.userId, disconnect };
  });
}
