import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import {
  notificationsPageSize,
  readNoticeParams,
  unreadCountCap,
  ZMarkNotificationReadInput,
  ZNotificationsQuery,
  type TNotificationKind,
  type TNotificationParams,
} from "@yanxiu/domain/notifications";
import type { Database, Tx } from "@yanxiu/db/client";
import { notification } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";

/**
 * One's own notices (decision 034). Row-level security keeps them in the tenant; that they are the actor's
 * own is this module's rule: every read and every update here filters on `actor.actorId`, so another person
 * of the same province neither reads nor marks them (their id is a notFound, as a missing one).
 */

export type TNotice = {
  id: string;
  /** Null when a stored notice no longer fits its kind's facts (shown plainly, never dropped). */
  notice: { kind: TNotificationKind; params: TNotificationParams } | null;
  link: string;
  createdAt: Date;
  readAt: Date | null;
};

const mine = (actor: TActor) => eq(notification.userId, actor.actorId);

/** The bell's count, capped at `unreadCountCap` (the bell shows 99+): a read of the partial index, no more. */
export async function countUnread(tx: Tx, actor: TActor): Promise<number> {
  const [r] = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from (
      select 1 from ${notification} where ${notification.userId} = ${actor.actorId} and ${notification.readAt} is null limit ${unreadCountCap}
    ) u`);
  return Number(r?.n ?? 0);
}

/** The actor's unread count (the bell in the frame). */
export async function unreadCount(opts: { db: Database; actor: TActor }): Promise<number> {
  return opts.db.withTenant(opts.actor.tenantId, (tx) => countUnread(tx, opts.actor));
}

/** A page of the actor's notices, unread first, then newest first, with the total and the unread count. */
export async function myNotifications(opts: { db: Database; actor: TActor; query?: unknown }) {
  const { actor } = opts;
  const query = parseInput(ZNotificationsQuery, opts.query ?? {});
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [n] = await tx
      .select({ total: sql<number>`count(*)::int`, unread: sql<number>`(count(*) filter (where ${notification.readAt} is null))::int` })
      .from(notification)
      .where(mine(actor));
    const rows = await tx
      .select({ id: notification.id, kind: notification.kind, params: notification.params, link: notification.link, createdAt: notification.createdAt, readAt: notification.readAt })
      .from(notification)
      .where(mine(actor))
      .orderBy(sql`(${notification.readAt} is null) desc`, desc(notification.createdAt), desc(notification.id))
      .limit(notificationsPageSize)
      .offset((query.page - 1) * notificationsPageSize);
    return {
      query,
      total: n?.total ?? 0,
      unread: n?.unread ?? 0,
      pageSize: notificationsPageSize,
      notices: rows.map((r): TNotice => ({ id: r.id, notice: readNoticeParams(r.kind, r.params), link: r.link, createdAt: r.createdAt, readAt: r.readAt })),
    };
  });
}

/**
 * Marks one of the actor's notices read (again is a no-op) and returns where it leads, so that opening a
 * notice is one request. Someone else's notice, or one of another tenant, is notFound.
 */
export async function markRead(opts: { db: Database; actor: TActor; input: unknown }): Promise<{ id: string; link: string }> {
  const { actor } = opts;
  const { id } = parseInput(ZMarkNotificationReadInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [done] = await tx
      .update(notification)
      .set({ readAt: sql`coalesce(${notification.readAt}, now())` })
      .where(and(eq(notification.id, id), mine(actor)))
      .returning({ id: notification.id, link: notification.link });
    if (!done) throw new AppError("notFound", `notification ${id}`);
    return done;
  });
}

/** Marks every unread notice of the actor read; returns how many. */
export async function markAllRead(opts: { db: Database; actor: TActor }): Promise<{ marked: number }> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const rows = await tx
      .update(notification)
      .set({ readAt: sql`now()` })
      .where(and(mine(actor), isNull(notification.readAt)))
      .returning({ id: notification.id });
    return { marked: rows.length };
  });
}
