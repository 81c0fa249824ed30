import type { TLiveRecordBoard } from "@yanxiu/services/live-record";
import { t } from "@yanxiu/ui/i18n";
import { Card, EmptyState } from "@yanxiu/ui/layout";
import { SlideViewer } from "./slide-viewer.tsx";
import { BoardStrokes, PlainPage } from "./whiteboard.tsx";

/** The whiteboard pages of an ended session: each page that kept strokes, drawn over its slide page (or a white page). */
export function RecordBoard({ board }: { board: TLiveRecordBoard }) {
  return (
    <Card title={t("live.record.board")} testId="record-board">
      {board.pages.length === 0 ? (
        <EmptyState>{t("live.record.boardEmpty")}</EmptyState>
      ) : (
        <div className="yx-board-record">
          {board.pages.map((p) => {
            const caption = t("live.record.boardPage", { page: p.page, count: p.strokes.length });
            const strokes = <BoardStrokes strokes={p.strokes} label={caption} />;
            return (
              <figure key={p.page} data-testid="record-board-page" data-page={p.page} data-count={p.strokes.length}>
                {board.slidesFileId ? <SlideViewer fileId={board.slidesFileId} page={p.page} overlay={strokes} /> : <PlainPage>{strokes}</PlainPage>}
                <figcaption className="yx-muted">{caption}</figcaption>
              </figure>
            );
          })}
        </div>
      )}
    </Card>
  );
}
