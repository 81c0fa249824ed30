import { Button, Segmented } from "antd";
import { useEffect, useState } from "react";
import { mayLive, type TLiveRoomState, type TOnlineEntry } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";
import { EmptyState } from "@yanxiu/ui/layout";
import type { TAv } from "./av.tsx";
import { AvTiles, CalledOn, tileCount, ViewerNotice } from "./av-tiles.tsx";
import { Breakouts } from "./breakouts.tsx";
import { SharedDocumentPanel, type TDocChannel } from "./document.tsx";
import type { TPanel, TRun } from "./room-types.ts";
import { SlideViewer } from "./slide-viewer.tsx";
import { Whiteboard } from "./whiteboard.tsx";

type TView = "board" | "video" | "doc";

type TStageProps = { room: TLiveRoomState; online: TOnlineEntry[]; run: TRun; channel: TDocChannel; av: TAv; onPanel: (p: TPanel) => void };

/**
 * The centre of the room: the slide with its whiteboard (or a white page), the video tiles, or the shared
 * lesson plan — one at a time, picked above it (by default the slides once there are any, else the video
 * once someone publishes). The pictures stay in a strip above the slides while they are shown. Every view
 * stays mounted (hidden when not picked), so the document keeps syncing and the sound keeps playing. An
 * empty stage says what to do; a participant in a breakout group sees the group here instead.
 */
export function Stage({ room, online, run, channel, av, onPanel }: TStageProps) {
  const [picked, setPicked] = useState<TView | null>(null);
  const [pages, setPages] = useState<number | null>(null);
  const me = room.me;
  const status = room.session.status;
  const { slidesFileId, page } = room.slide;
  useEffect(() => setPages(null), [slidesFileId]);
  const tiles = tileCount(av, me.userId);
  const view: TView = picked ?? (slidesFileId ? "board" : tiles > 0 ? "video" : "board");
  const mayPublish = mayLive(me.role, "av.publish");
  const mayTurn = mayLive(me.role, "slide.set") && status !== "ended";
  const manage = mayLive(me.role, "breakout.manage");
  const mesh = av.mesh;
  const empty = !slidesFileId && tiles === 0 && room.board.strokes.length === 0 && status !== "ended";
  const views = [
    { value: "board", label: t("live.stage.view.board") },
    { value: "video", label: t("live.stage.view.video", { count: tiles }) },
    { value: "doc", label: t("live.stage.view.doc") },
  ];
  return (
    <section className="yx-stage" data-testid="live-stage" data-view={view} aria-label={t("live.stage.label")}>
      <div className="yx-stage-bar">
        <Segmented size="small" value={view} options={views} onChange={(v) => setPicked(v as TView)} aria-label={t("live.stage.views")} />
        {slidesFileId && view === "board" ? (
          <span className="yx-stage-pager">
            {mayTurn ? (
              <Button size="small" disabled={page <= 1} onClick={() => void run("slide:set", { page: page - 1 })} data-testid="slide-prev">
                {t("live.slides.prev")}
              </Button>
            ) : null}
            <span className="yx-muted" data-testid="slide-position" aria-live="polite">
              {pages ? t("live.slides.pageOf", { page, total: pages }) : t("live.slides.page", { page })}
            </span>
            {mayTurn ? (
              <Button size="small" disabled={pages != null && page >= pages} onClick={() => void run("slide:set", { page: page + 1 })} data-testid="slide-next">
                {t("live.slides.next")}
              </Button>
            ) : null}
          </span>
        ) : null}
        {!mayPublish && mesh && tiles === 0 ? (
          <span className="yx-muted yx-stage-note" data-testid="av-none">
            {t("live.av.noPublishers")}
          </span>
        ) : null}
      </div>
      <div className="yx-stage-notices">
        {status === "scheduled" ? <p className="yx-muted">{t("live.stage.notStarted")}</p> : null}
        {!mayPublish && av.problem ? (
          <p className="yx-alert" role="alert" data-testid="av-error">
            {t(av.problem.key, av.problem.params)}
          </p>
        ) : null}
        {mesh && status === "live" && !mayPublish && mesh.called === me.userId ? <CalledOn mesh={mesh} onProblem={av.setProblem} /> : null}
        {mesh ? <ViewerNotice mesh={mesh} /> : null}
      </div>
      {/* One place for a participant's breakout view, so it keeps knowing when the groups closed. */}
      {manage ? null : (
        <div className={room.group ? "yx-stage-group" : "yx-stage-notices"}>
          <Breakouts room={room} online={online} run={run} channel={channel} />
        </div>
      )}
      <div className={`yx-stage-body yx-stage-body-${view}`} hidden={!!room.group}>
        <div className="yx-stage-tiles" hidden={view === "doc" || (view === "board" && tiles === 0)}>
          <AvTiles room={room} online={online} av={av} />
          {view === "video" && tiles === 0 ? <EmptyState>{t("live.stage.videoEmpty")}</EmptyState> : null}
        </div>
        <div className="yx-stage-main" hidden={view !== "board"}>
          {slidesFileId ? (
            <Whiteboard room={room} run={run} under={(board) => <SlideViewer fit fileId={slidesFileId} page={page} onPageCount={setPages} overlay={board} />} />
          ) : (
            <Whiteboard room={room} run={run} />
          )}
          {empty ? <EmptyStage host={mayTurn} onPanel={onPanel} mayPublish={mayPublish} /> : null}
        </div>
        <div className="yx-stage-doc" hidden={view !== "doc"}>
          <SharedDocumentPanel sessionId={room.session.id} state={room.doc} channel={channel} editable={status !== "ended" && mayLive(me.role, "doc.edit")} />
        </div>
      </div>
    </section>
  );
}

/** What to do on an empty stage: the host shares slides or turns on audio and video; a participant waits. */
function EmptyStage({ host, mayPublish, onPanel }: { host: boolean; mayPublish: boolean; onPanel: (p: TPanel) => void }) {
  return (
    <div className="yx-stage-empty" data-testid="stage-empty">
      <strong>{host ? t("live.stage.emptyHostTitle") : t("live.stage.emptyGuestTitle")}</strong>
      <span>{host ? t("live.stage.emptyHost") : t("live.stage.emptyGuest")}</span>
      {host ? (
        <span className="yx-stage-empty-actions">
          <Button type="primary" onClick={() => onPanel("slides")} data-testid="stage-upload">
            {t("live.stage.upload")}
          </Button>
          {mayPublish ? (
            <Button onClick={() => onPanel("av")} data-testid="stage-av">
              {t("live.stage.openAv")}
            </Button>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
