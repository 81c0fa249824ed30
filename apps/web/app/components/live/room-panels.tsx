import { Drawer } from "antd";
import type { ReactNode } from "react";
import { mayLive, type TLiveRoomState, type TOnlineEntry } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";
import { FileUpload } from "../file-upload.tsx";
import { AvPanel, type TAv } from "./av.tsx";
import { Breakouts } from "./breakouts.tsx";
import type { TDocChannel } from "./document.tsx";
import { Polls } from "./polls.tsx";
import type { TPanel, TRun } from "./room-types.ts";
import type { TRtcChannel } from "./use-rtc.ts";

type TPanelsProps = {
  room: TLiveRoomState;
  online: TOnlineEntry[];
  run: TRun;
  channel: TDocChannel & TRtcChannel;
  av: TAv;
  panel: TPanel | null;
  onClose: () => void;
  /** The guest list (a Remix form of the page), for the host and co-hosts. */
  invites?: ReactNode;
};

/**
 * The tools' panels: each a drawer over the room's right-hand column (the stage stays in view), one open at
 * a time. A panel's content stays mounted once opened, so a half-written poll survives closing it.
 */
export function RoomPanels(props: TPanelsProps) {
  const { room, online, run, channel, av, panel, onClose } = props;
  const role = room.me.role;
  const open = room.session.status !== "ended";
  const drawer = (key: TPanel, title: string, content: ReactNode) => (
    <Drawer
      key={key}
      open={panel === key}
      onClose={onClose}
      title={title}
      getContainer={false}
      rootStyle={{ position: "absolute" }}
      mask={false}
      size="100%"
      placement="right"
      rootClassName="yx-live-drawer"
      data-testid={`panel-${key}`}
    >
      {content}
    </Drawer>
  );
  return (
    <>
      {open && mayLive(role, "av.publish") ? drawer("av", t("live.tools.av"), <AvPanel room={room} online={online} channel={channel} av={av} />) : null}
      {open && mayLive(role, "slide.set") ? drawer("slides", t("live.tools.slides"), <SlidesPanel room={room} run={run} onDone={onClose} />) : null}
      {open ? drawer("polls", t("live.tools.polls"), <Polls room={room} run={run} />) : null}
      {open && mayLive(role, "breakout.manage") ? drawer("breakouts", t("live.tools.breakouts"), <Breakouts room={room} online={online} run={run} channel={channel} />) : null}
      {open && props.invites ? drawer("invites", t("live.tools.invites"), props.invites) : null}
    </>
  );
}

/** The 课件 panel: the PDF on the stage now (a link), and a new one to put there (the panel then closes). */
function SlidesPanel({ room, run, onDone }: { room: TLiveRoomState; run: TRun; onDone: () => void }) {
  const fileId = room.slide.slidesFileId;
  return (
    <section className="yx-stack" data-testid="slides" aria-label={t("live.slides.title")}>
      {fileId ? (
        <p>
          {t("live.slides.current")}
          <a href={`/files/${fileId}`} target="_blank" rel="noreferrer" data-testid="slides-file">
            {t("live.slides.open")}
          </a>
        </p>
      ) : (
        <p className="yx-muted">{t("live.slides.none")}</p>
      )}
      {fileId ? <p className="yx-muted">{t("live.slides.replace")}</p> : null}
      <FileUpload
        purpose="liveSlides"
        name="slidesFileId"
        label={t("live.slides.upload")}
        onUploaded={(f) =>
          void run("slides:use", { fileId: f.id }).then((ok) => {
            if (ok) onDone();
          })
        }
      />
    </section>
  );
}
