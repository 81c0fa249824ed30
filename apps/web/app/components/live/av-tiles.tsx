import { useEffect, useRef, useState } from "react";
import { type TLiveRoomState, type TOnlineEntry, type TRtcPublisher } from "@yanxiu/domain/live";
import { t } from "@yanxiu/ui/i18n";
import { useAvAction, type TAv } from "./av.tsx";
import type { RtcMesh, TAvProblem, TIn } from "./use-rtc.ts";

/**
 * The room's video on the stage: one's own picture while publishing, and every other publisher's picture and
 * sound (an <audio> each, so sound plays whichever view the stage shows).
 */
export function AvTiles({ room, online, av }: { room: TLiveRoomState; online: TOnlineEntry[]; av: TAv }) {
  const mesh = av.mesh;
  if (!mesh) return null;
  const me = room.me;
  const names = new Map(online.map((o) => [o.userId, o.displayName]));
  const others = mesh.publishers.filter((p) => p.userId !== me.userId);
  return (
    <>
      {mesh.publishing && mesh.local ? (
        <figure className="yx-av-tile" data-testid="av-self">
          <Media stream={mesh.local} kind="video" />
          <figcaption>
            {t("live.av.self")}
            {mesh.screen ? <span className="yx-badge">{t("live.av.sharing")}</span> : null}
            {!mesh.audioOn ? <span className="yx-badge">{t("live.av.muted")}</span> : null}
            {!mesh.videoOn ? <span className="yx-badge">{t("live.av.cameraIsOff")}</span> : null}
          </figcaption>
        </figure>
      ) : null}
      {others.map((p) => (
        <PeerTile key={p.userId} publisher={p} name={names.get(p.userId) ?? ""} peer={mesh.in.get(p.userId) ?? null} low={mesh.lowBandwidth} />
      ))}
    </>
  );
}

/** How many pictures the stage has to show (one's own while publishing, and each other publisher). */
export function tileCount(av: TAv, me: string): number {
  const mesh = av.mesh;
  if (!mesh) return 0;
  return (mesh.publishing ? 1 : 0) + mesh.publishers.filter((p) => p.userId !== me).length;
}

/** Called on by the host: open the microphone (audio only) and close it again. */
export function CalledOn({ mesh, onProblem }: { mesh: RtcMesh; onProblem: (p: TAvProblem | null) => void }) {
  const { busy, act } = useAvAction(onProblem);
  return (
    <div className="yx-toolbar" data-testid="av-called-me" data-publishing={mesh.publishing ? "true" : "false"}>
      <span className="yx-badge">{t("live.av.youAreCalled")}</span>
      {mesh.publishing ? (
        <>
          <button type="button" aria-pressed={!mesh.audioOn} data-testid="av-called-mute" onClick={() => mesh.setAudio(!mesh.audioOn)}>
            {mesh.audioOn ? t("live.av.mute") : t("live.av.unmute")}
          </button>
          <button type="button" className="yx-danger" disabled={busy} data-testid="av-called-stop" onClick={() => void act(() => mesh.stop())}>
            {t("live.av.closeMic")}
          </button>
        </>
      ) : (
        <button type="button" className="yx-primary" disabled={busy} data-testid="av-called-start" onClick={() => void act(() => mesh.start({ audioOnly: true }))}>
          {t("live.av.openMic")}
        </button>
      )}
    </div>
  );
}

/** The 音频+课件 switch (the toolbar): receive sound and slides only. */
export function ViewerMode({ mesh }: { mesh: RtcMesh }) {
  return (
    <label className="yx-checkbox yx-live-low" title={t("live.av.low.hint")}>
      <input type="checkbox" checked={mesh.lowBandwidth} data-testid="av-low" onChange={(e) => mesh.setLowBandwidth(e.currentTarget.checked)} /> {t("live.av.low.label")}
    </label>
  );
}

/** What the 音频+课件 mode means once on, or the suggestion to turn it on when the network is poor (the stage). */
export function ViewerNotice({ mesh }: { mesh: RtcMesh }) {
  return mesh.lowBandwidth ? (
    <p className="yx-muted" role="status" data-testid="av-low-on">
      {t("live.av.low.on")}
    </p>
  ) : mesh.poor && mesh.poorSample ? (
    <div className="yx-warning" role="alert" data-testid="av-suggest-low">
      <p>{t("live.av.low.suggest", { loss: mesh.poorSample.lossPercent, rtt: mesh.poorSample.rttMs ?? "—" })}</p>
      <button type="button" className="yx-primary" onClick={() => mesh.setLowBandwidth(true)}>
        {t("live.av.low.accept")}
      </button>{" "}
      <button type="button" className="yx-link-button" onClick={() => (mesh.poor = false)}>
        {t("live.av.low.dismiss")}
      </button>
    </div>
  ) : null;
}

const liveVideo = (s: MediaStream | null) => (s ? s.getVideoTracks().some((tr) => tr.readyState === "live" && !tr.muted) : false);

function PeerTile({ publisher, name, peer, low }: { publisher: TRtcPublisher; name: string; peer: TIn | null; low: boolean }) {
  const stream = peer?.stream ?? null;
  const hasVideo = liveVideo(stream);
  const state = peer?.pc.connectionState ?? "new";
  return (
    <figure
      className="yx-av-tile"
      data-testid="av-peer"
      data-user={publisher.userId}
      data-rtc-state={state}
      data-has-video={hasVideo ? "true" : "false"}
      data-muted={publisher.audio ? "false" : "true"}
      data-camera-off={publisher.video ? "false" : "true"}
      data-audio-bytes={peer?.audioBytes ?? 0}
      data-video-frames={peer?.videoFrames ?? 0}
    >
      <Media stream={stream} kind="video" hidden={low || !hasVideo} />
      <Media stream={stream} kind="audio" />
      <figcaption>
        {t("live.av.publisher", { name })} <span className="yx-muted">{t(`live.av.state.${state}`)}</span>
        {!publisher.audio ? (
          <span className="yx-badge" data-testid="av-peer-muted">
            {t("live.av.muted")}
          </span>
        ) : null}
        {!publisher.video && !low ? <span className="yx-badge">{t("live.av.cameraIsOff")}</span> : null}
        {publisher.screen ? <span className="yx-badge">{t("live.av.sharing")}</span> : null}
      </figcaption>
    </figure>
  );
}

/** A <video> (always muted: the sound plays in the <audio> beside it, which autoplay rules treat apart). */
function Media({ stream, kind, hidden }: { stream: MediaStream | null; kind: "video" | "audio"; hidden?: boolean }) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || el.srcObject === stream) return;
    el.srcObject = stream;
    if (stream) void el.play().then(() => setBlocked(false), () => setBlocked(kind === "audio"));
  }, [stream, kind]);
  if (kind === "audio") {
    return (
      <>
        <audio ref={ref} autoPlay data-testid="av-audio" />
        {blocked ? (
          <button type="button" className="yx-link-button" onClick={() => void ref.current?.play().then(() => setBlocked(false))}>
            {t("live.av.playBlocked")}
          </button>
        ) : null}
      </>
    );
  }
  return <video ref={ref} autoPlay playsInline muted hidden={hidden} data-testid="av-video" className="yx-av-video" />;
}
