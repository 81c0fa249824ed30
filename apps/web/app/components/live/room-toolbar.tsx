import { BarChartOutlined, FilePdfOutlined, PlayCircleOutlined, PoweroffOutlined, TeamOutlined, UserAddOutlined, UsergroupAddOutlined, VideoCameraOutlined } from "@ant-design/icons";
import { Badge, Button } from "antd";
import { useState, type ReactNode } from "react";
import { mayLive, type TLiveRoomState } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";
import type { TAv } from "./av.tsx";
import { ViewerMode } from "./av-tiles.tsx";
import { pollsAwaiting } from "./polls.tsx";
import type { TPanel, TRun } from "./room-types.ts";

/**
 * The room's one row of controls above the stage: the session's status, then the tools. The host's 开始 /
 * 结束直播 and the tools that open a panel beside the stage (音视频, 课件, 投票, 分组, 邀请) or the 成员 tab
 * (禁言, 移出, the hand queue); a participant's 举手, 投票 and 音频+课件 switch.
 */
export function RoomToolbar(props: { room: TLiveRoomState; run: TRun; av: TAv; panel: TPanel | null; onPanel: (p: TPanel) => void; onPeople: () => void; invites: boolean }) {
  const { room, run, av, panel, onPanel } = props;
  const role = room.me.role;
  const status = room.session.status;
  const open = status !== "ended";
  const tool = (key: TPanel, label: string, icon: ReactNode, badge: { count?: number; dot?: boolean } = {}) => (
    <Badge count={badge.count} dot={badge.dot} size="small" color={badge.dot ? "green" : undefined} key={key}>
      <Button icon={icon} type={panel === key ? "primary" : "default"} ghost={panel === key} aria-expanded={panel === key} onClick={() => onPanel(key)} data-testid={`tool-${key}`}>
        {label}
      </Button>
    </Badge>
  );
  const hands = mayLive(role, "hand.lowerAny") ? room.handQueue.length : 0;
  const awaiting = pollsAwaiting(room).length;
  return (
    <div className="yx-room-toolbar" role="toolbar" aria-label={t("live.tools.label")} data-testid="room-toolbar">
      <span className="yx-room-status">
        <span className={`yx-badge yx-live-status-${status}`} data-testid="live-status" data-status={status}>
          {t(`live.status.${status}`)}
        </span>
        <span className="yx-muted">{t("live.facts.role", { role: t(`live.role.${role}`) })}</span>
      </span>
      {mayLive(role, "session.start") ? <HostControls status={status} run={run} /> : null}
      {open && mayLive(role, "av.publish") ? tool("av", t("live.tools.av"), <VideoCameraOutlined aria-hidden />, { dot: av.mesh?.publishing ?? false }) : null}
      {open && mayLive(role, "slide.set") ? tool("slides", t("live.tools.slides"), <FilePdfOutlined aria-hidden />) : null}
      {open ? tool("polls", t("live.tools.polls"), <BarChartOutlined aria-hidden />, { count: awaiting }) : null}
      {open && mayLive(role, "breakout.manage") ? tool("breakouts", t("live.tools.breakouts"), <UsergroupAddOutlined aria-hidden />) : null}
      {open && props.invites ? tool("invites", t("live.tools.invites"), <UserAddOutlined aria-hidden />) : null}
      {open && mayLive(role, "participant.mute") ? (
        <Badge count={hands} size="small">
          <Button icon={<TeamOutlined aria-hidden />} onClick={props.onPeople} data-testid="tool-people">
            {t("live.tools.people")}
          </Button>
        </Badge>
      ) : null}
      {status === "live" ? <HandButton room={room} run={run} /> : null}
      {open && av.mesh && !mayLive(role, "av.publish") ? <ViewerMode mesh={av.mesh} /> : null}
    </div>
  );
}

function HostControls({ status, run }: { status: string; run: TRun }) {
  const [busy, setBusy] = useState(false);
  const act = async (event: "session:start" | "session:end") => {
    setBusy(true);
    await run(event, {});
    setBusy(false);
  };
  if (status === "ended") return null;
  return (
    <span className="yx-room-host" data-testid="host-controls">
      {status === "scheduled" ? (
        <Button type="primary" icon={<PlayCircleOutlined aria-hidden />} disabled={busy} onClick={() => void act("session:start")} data-testid="session-start">
          {t("live.control.start")}
        </Button>
      ) : (
        <Button
          danger
          icon={<PoweroffOutlined aria-hidden />}
          disabled={busy}
          data-testid="session-end"
          onClick={() => {
            if (window.confirm(t("live.control.confirmEnd"))) void act("session:end");
          }}
        >
          {t("live.control.end")}
        </Button>
      )}
    </span>
  );
}

/** 举手 / 放下手 (everyone, while live): the host sees the queue in the 成员 tab. */
function HandButton({ room, run }: { room: TLiveRoomState; run: TRun }) {
  const raised = room.handQueue.some((h) => h.userId === room.me.userId);
  if (mayLive(room.me.role, "hand.lowerAny")) return null;
  return (
    <Button type={raised ? "primary" : "default"} autoInsertSpace={false} aria-pressed={raised} title={raised ? t("live.hand.raised") : undefined} onClick={() => void run(raised ? "hand:lower" : "hand:raise", {})} data-testid={raised ? "hand-lower" : "hand-raise"}>
      {raised ? t("live.hand.lower") : t("live.hand.raise")}
    </Button>
  );
}
