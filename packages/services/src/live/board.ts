import { and, asc, eq, isNull } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { mayLive, type TBoardClear, type TBoardPageState, type TStroke, type TStrokeAdd, type TStrokeUndo } from "@yanxiu/domain/live";
import type { Database, Tx } from "@yanxiu/db/client";
import { liveStroke } from "@yanxiu/db/schema";
import { requireParticipant, type TLiveActor } from "./access.ts";

/**
 * The whiteboard over the slides: one row per stroke, per page. Undo and clear only mark rows removed
 * (the record stays); the room's board is the page's strokes that are not.
 */

type TStrokeData = { points: number[]; color: string; width: number };
type TStrokeRow = typeof liveStroke.$inferSelect;

function strokeView(r: TStrokeRow): TStroke {
  const d = r.data as TStrokeData;
  return { id: r.id, page: r.page, authorId: r.authorId, points: d.points, color: d.color, width: d.width, createdAt: r.createdAt.toISOString() };
}

export async function pageStrokes(tx: Tx, sessionId: string, page: number): Promise<TStroke[]> {
  const rows = await tx
    .select()
    .from(liveStroke)
    .where(and(eq(liveStroke.sessionId, sessionId), eq(liveStroke.page, page), isNull(liveStroke.removedAt)))
    .orderBy(asc(liveStroke.createdAt), asc(liveStroke.id));
  return rows.map(strokeView);
}

/**
 * Stores a stroke. Sending the same `strokeId` again (a retry after a lost ack) returns the stored stroke
 * and `created: false`; the same id for another person's or another session's stroke is a conflict.
 */
export async function addStroke(opts: { db: Database; actor: TLiveActor; input: TStrokeAdd }): Promise<{ stroke: TStroke; created: boolean }> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, input.sessionId, "board.draw");
    const data: TStrokeData = { points: input.points, color: input.color, width: input.width };
    const [row] = await tx
      .insert(liveStroke)
      .values({ tenantId: actor.tenantId, id: input.strokeId, sessionId: session.id, page: input.page, authorId: actor.actorId, data })
      .onConflictDoNothing()
      .returning();
    if (row) return { stroke: strokeView(row), created: true };
    const [existing] = await tx.select().from(liveStroke).where(eq(liveStroke.id, input.strokeId)).limit(1);
    if (!existing || existing.sessionId !== session.id || existing.authorId !== actor.actorId) throw new AppError("conflict", `stroke ${input.strokeId} exists`);
    return { stroke: strokeView(existing), created: false };
  });
}

/** Takes a stroke off the board: one's own, or anyone's for the host and co-hosts. Twice is notFound. */
export async function undoStroke(opts: { db: Database; actor: TLiveActor; input: TStrokeUndo }): Promise<{ page: number; strokeId: string }> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session, me } = await requireParticipant(tx, actor, input.sessionId, "board.draw");
    const [s] = await tx
      .select()
      .from(liveStroke)
      .where(and(eq(liveStroke.id, input.strokeId), eq(liveStroke.sessionId, session.id), isNull(liveStroke.removedAt)))
      .limit(1);
    if (!s) throw new AppError("notFound", `stroke ${input.strokeId}`);
    if (s.authorId !== actor.actorId && !mayLive(me.role, "board.undoAny")) throw new AppError("forbidden", "not your stroke");
    await tx.update(liveStroke).set({ removedAt: new Date() }).where(eq(liveStroke.id, s.id));
    return { page: s.page, strokeId: s.id };
  });
}

/** The host or a co-host wipes a page. */
export async function clearBoard(opts: { db: Database; actor: TLiveActor; input: TBoardClear }): Promise<{ page: number }> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, input.sessionId, "board.clear");
    await tx
      .update(liveStroke)
      .set({ removedAt: new Date() })
      .where(and(eq(liveStroke.sessionId, session.id), eq(liveStroke.page, input.page), isNull(liveStroke.removedAt)));
    return { page: input.page };
  });
}

/** Another page's strokes (a client looking back); any participant, in any status but removed. */
export async function loadBoardPage(opts: { db: Database; actor: TLiveActor; sessionId: string; page: number }): Promise<TBoardPageState> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, opts.sessionId, "board.draw");
    return { page: opts.page, strokes: await pageStrokes(tx, session.id, opts.page) };
  });
}
