import { asc, eq, and, isNull } from "drizzle-orm";
import type { TStroke } from "@yanxiu/domain/live";
import type { Tx } from "@yanxiu/db/client";
import type { TLiveSessionRow } from "../live/index.ts";
import { liveStroke } from "@yanxiu/db/schema";

/**
 * The whiteboard in an ended session's record: every page that kept strokes (undone and cleared ones are
 * marked removed and left out), in page order, each page's strokes in the order they were drawn. The
 * slides file is the one on screen at the end, so the record can draw each page under its strokes.
 * Read inside the record, which only whoever may attend the session gets (session-page.ts).
 */
export type TLiveRecordBoardPage = { page: number; strokes: TStroke[] };
export type TLiveRecordBoard = { slidesFileId: string | null; pages: TLiveRecordBoardPage[] };

type TStrokeData = { points: number[]; color: string; width: number };

export async function boardPagesOf(tx: Tx, s: TLiveSessionRow): Promise<TLiveRecordBoard> {
  const rows = await tx
    .select()
    .from(liveStroke)
    .where(and(eq(liveStroke.sessionId, s.id), isNull(liveStroke.removedAt)))
    .orderBy(asc(liveStroke.page), asc(liveStroke.createdAt), asc(liveStroke.id));
  const pages: TLiveRecordBoardPage[] = [];
  for (const r of rows) {
    const d = r.data as TStrokeData;
    const stroke: TStroke = { id: r.id, page: r.page, authorId: r.authorId, points: d.points, color: d.color, width: d.width, createdAt: r.createdAt.toISOString() };
    const last = pages[pages.length - 1];
    if (last?.page === r.page) last.strokes.push(stroke);
    else pages.push({ page: r.page, strokes: [stroke] });
  }
  return { slidesFileId: s.slidesFileId, pages };
}
