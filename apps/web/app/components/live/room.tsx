import { useEffect, useRef, useState, type ReactNode } from "react";
import type { TLiveRoomState, TOnlineEntry, TRtcIceServer } from "@yanxiu/domain/live";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { useAv } from "./av.tsx";
import { pollsAwaiting } from "./polls.tsx";
import { RoomPanels } from "./room-panels.tsx";
import { SidePanel, type TSideTab } from "./room-side.tsx";
import { Stage } from "./room-stage.tsx";
import { RoomToolbar } from "./room-toolbar.tsx";
import type { TPanel, TRun } from "./room-types.ts";
import { useLiveRoom, type TConnection, type TLiveRoom } from "./use-live-room.ts";

/** What the page adds to the room: the guest list (a panel) and a side tab (the 双师 classrooms). */
export type TRoomExtras = { invites?: ReactNode; sideTab?: TSideTab | null };

/**
 * The live room as a stage (ClassIn / 腾讯会议): a toolbar, the stage in the centre (slides with the
 * whiteboard, video, or the shared lesson plan), chat and people docked on the right, the tools' panels over
 * that column — all kept current from the realtime service, and fitting the window on a desktop. `onEnded`
 * runs once the session has ended (the page then shows the record).
 */
export function LiveRoom(props: { sessionId: string; realtimePort: number; iceServers: TRtcIceServer[]; onEnded: () => void } & TRoomExtras) {
  const live = useLiveRoom(props.sessionId, props.realtimePort);
  const [error, setError] = useState<string | null>(null);
  const onEnded = useRef(props.onEnded);
  onEnded.current = props.onEnded;
  const status = live.room?.session.status;
  useEffect(() => {
    if (status === "ended") onEnded.current();
  }, [status]);

  const run: TRun = async (event, payload) => {
    setError(null);
    const res = await live.emit(event, { sessionId: props.sessionId, ...payload });
    if (res.ok) return res as Record<string, unknown>;
    setError(res.code === "timeout" ? t("live.timeout") : t(errorMessageKey(res.code)));
    return null;
  };

  return (
    <div className="yx-live-room" data-testid="live-room" data-status={status ?? ""}>
      <ConnectionBadge connection={live.connection} />
      {error ? (
        <p className="yx-alert" role="alert" data-testid="live-error">
          {error}
        </p>
      ) : null}
      {live.removed ? (
        <p className="yx-alert" role="alert" data-testid="live-removed">
          {t("live.removed")}
        </p>
      ) : live.room ? (
        <Room room={live.room} online={live.online} run={run} channel={live} iceServers={props.iceServers} invites={props.invites} sideTab={props.sideTab} />
      ) : live.joinError ? (
        <div role="alert" className="yx-alert">
          <p>{t("live.joinFailed", { message: live.joinError === "timeout" ? t("live.timeout") : t(errorMessageKey(live.joinError)) })}</p>
          <button type="button" className="yx-link-button" onClick={live.rejoin}>
            {t("live.retry")}
          </button>
        </div>
      ) : (
        <p className="yx-muted">{t("live.joining")}</p>
      )}
    </div>
  );
}

function ConnectionBadge({ connection }: { connection: TConnection }) {
  return (
    <p className={`yx-live-connection yx-live-connection-${connection}`} role="status" aria-live="polite" data-testid="live-connection" data-state={connection}>
      <span className="yx-sr-only">{t("live.connection.label")}：</span>
      <span className="yx-dot" aria-hidden="true" /> {t(`live.connection.${connection}`)}
    </p>
  );
}

type TRoomProps = { room: TLiveRoomState; online: TOnlineEntry[]; run: TRun; channel: TLiveRoom; iceServers: TRtcIceServer[] } & TRoomExtras;

const phone = () => typeof window !== "undefined" && window.matchMedia("(max-width: 1023px)").matches;

function Room({ room, online, run, channel, iceServers, invites, sideTab }: TRoomProps) {
  const av = useAv({ room, online, channel, iceServers });
  const [panel, setPanel] = useState<TPanel | null>(null);
  const [tab, setTab] = useState(sideTab?.key ?? "chat");
  const side = useRef<HTMLDivElement>(null);
  const status = room.session.status;
  // On a narrow screen the column is under the stage: bring it into view when a tool opens there.
  const reveal = () => {
    if (phone()) side.current?.scrollIntoView({ block: "start", behavior: "smooth" });
  };
  const openPanel = (p: TPanel) => {
    setPanel((x) => (x === p ? null : p));
    reveal();
  };
  // A new poll waiting for this person's vote opens the 投票 panel by itself.
  const awaiting = pollsAwaiting(room).join(",");
  useEffect(() => {
    if (awaiting) setPanel("polls");
  }, [awaiting]);
  return (
    <>
      <RoomToolbar
        room={room}
        run={run}
        av={av}
        panel={panel}
        onPanel={openPanel}
        invites={invites != null}
        onPeople={() => {
          setPanel(null);
          setTab("people");
          reveal();
        }}
      />
      {status === "ended" ? (
        <p className="yx-muted" role="status">
          {t("live.endedNotice")}
        </p>
      ) : null}
      <div className="yx-room-body">
        <Stage room={room} online={online} run={run} channel={channel} av={av} onPanel={openPanel} />
        <div className="yx-room-side" ref={side}>
          <SidePanel room={room} online={online} run={run} tab={tab} onTab={setTab} extra={sideTab} />
          <RoomPanels room={room} online={online} run={run} channel={channel} av={av} panel={panel} onClose={() => setPanel(null)} invites={invites} />
        </div>
      </div>
    </>
  );
}
