import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { ZBoardQuery, ZPostInput, ZThreadQuery } from "@yanxiu/domain/studios";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { studioPost, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { decodeCursor, encodeCursor, loadStudioFor, need, type TStudioContext } from "./common.ts";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * The discussion board (研讨区): threads with a title, replies to a thread. Members only. Posts are
 * insert-only for the app role (0013), so nothing said on the board is edited away.
 */

/** Threads, newest first, with their reply counts; keyset pages on (created_at, id). */
export async function threadsOf(tx: Tx, ctx: TStudioContext, page: { after?: string; limit: number }) {
  need(ctx, "readMembersOnly");
  const cursor = decodeCursor(page.after);
  const where: SQL[] = [eq(studioPost.studioId, ctx.studio.id), isNull(studioPost.parentId)];
  if (cursor) where.push(sql`(${studioPost.createdAt}, ${studioPost.id}) < (${cursor.sortKey}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await tx
    .select({
      id: studioPost.id,
      title: studioPost.title,
      body: studioPost.body,
      authorName: user.displayName,
      createdAt: studioPost.createdAt,
      replies: sql<number>`(select count(*)::int from studio_post reply where reply.tenant_id = ${studioPost.tenantId} and reply.parent_id = ${studioPost.id})`,
      sortKey: sql<string>`${studioPost.createdAt}::text`,
    })
    .from(studioPost)
    .innerJoin(user, tenantEq(user.id, studioPost.authorId))
    .where(and(...where))
    .orderBy(desc(studioPost.createdAt), desc(studioPost.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items: items.map(({ sortKey: _s, ...r }) => ({ ...r, title: r.title ?? "" })), next: rows.length > page.limit && last ? encodeCursor(last.sortKey, last.id) : null };
}

/** A thread and its replies, oldest first; keyset pages on (created_at, id). */
export async function threadOf(tx: Tx, ctx: TStudioContext, q: { threadId: string; after?: string; limit: number }) {
  need(ctx, "readMembersOnly");
  const [thread] = await tx
    .select({ id: studioPost.id, title: studioPost.title, body: studioPost.body, authorName: user.displayName, createdAt: studioPost.createdAt })
    .from(studioPost)
    .innerJoin(user, tenantEq(user.id, studioPost.authorId))
    .where(and(eq(studioPost.studioId, ctx.studio.id), eq(studioPost.id, q.threadId), isNull(studioPost.parentId)))
    .limit(1);
  if (!thread) throw new AppError("notFound", `thread ${q.threadId}`);
  const cursor = decodeCursor(q.after);
  const where: SQL[] = [eq(studioPost.studioId, ctx.studio.id), eq(studioPost.parentId, q.threadId)];
  if (cursor) where.push(sql`(${studioPost.createdAt}, ${studioPost.id}) > (${cursor.sortKey}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await tx
    .select({ id: studioPost.id, body: studioPost.body, authorName: user.displayName, createdAt: studioPost.createdAt, sortKey: sql<string>`${studioPost.createdAt}::text` })
    .from(studioPost)
    .innerJoin(user, tenantEq(user.id, studioPost.authorId))
    .where(and(...where))
    .orderBy(asc(studioPost.createdAt), asc(studioPost.id))
    .limit(q.limit + 1);
  const replies = rows.slice(0, q.limit);
  const last = replies[replies.length - 1];
  return {
    thread: { ...thread, title: thread.title ?? "" },
    replies: replies.map(({ sortKey: _s, ...r }) => r),
    next: rows.length > q.limit && last ? encodeCursor(last.sortKey, last.id) : null,
  };
}

export async function listThreads(opts: { db: Database; actor: TActor; query: unknown }) {
  const { studioId, ...page } = parseInput(ZBoardQuery, opts.query);
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => threadsOf(tx, await loadStudioFor(tx, opts.actor, studioId), page));
}

export async function readThread(opts: { db: Database; actor: TActor; query: unknown }) {
  const { studioId, ...q } = parseInput(ZThreadQuery, opts.query);
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => threadOf(tx, await loadStudioFor(tx, opts.actor, studioId), q));
}

/** A member starts a thread or replies to one (a reply to a reply is refused: the board is two levels). */
export async function postToBoard(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZPostInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, input.studioId);
    need(ctx, "post");
    if (input.parentId) {
      const [parent] = await tx
        .select({ id: studioPost.id })
        .from(studioPost)
        .where(and(eq(studioPost.studioId, input.studioId), eq(studioPost.id, input.parentId), isNull(studioPost.parentId)))
        .limit(1);
      if (!parent) throw new AppError("notFound", `thread ${input.parentId}`);
    }
    const [row] = await tx
      .insert(studioPost)
      .values({ tenantId: actor.tenantId, studioId: input.studioId, authorId: actor.actorId, parentId: input.parentId ?? null, title: input.parentId ? null : input.title!, body: input.body })
      .returning({ id: studioPost.id });
    return { postId: row!.id, threadId: input.parentId ?? row!.id };
  });
}
