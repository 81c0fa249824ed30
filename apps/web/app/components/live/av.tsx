import { useEffect, useRef, useState } from "react";
import { mayLive, type TLiveRoomState, type TOnlineEntry, type TRtcIceServer, type TRtcPublisher } from "@yanxiu/domain/live";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { Card } from "@yanxiu/ui/layout";
import { useRtc, type RtcMesh, type TAvProblem, type TIn, type TRtcChannel } from "./use-rtc.ts";

/**
 * The room's audio and video: a publisher's controls (开启音视频, devices, mute, camera, the host's screen)
 * and, for everyone, the publishers' video and sound with the 音频+课件 switch. State for tests and
 * support sits in data attributes: `data-rtc-state` is the RTCPeerConnection's connectionState.
 */
export function AvPanel(props: { room: TLiveRoomState; online: TOnlineEntry[]; channel: TRtcChannel; iceServers: TRtcIceServer[] }) {
  const { room } = props;
  const me = room.me;
  const live = room.session.status === "live";
  const mesh = useRtc({
    sessionId: room.session.id,
    me: me.userId,
    iceServers: props.iceServers,
    channel: props.channel,
    online: props.online.map((o) => o.userId),
    joined: true,
  });
  const [problem, setProblem] = useState<TAvProblem | null>(null);
  // An ended session: nothing is sent any more.
  useEffect(() => {
    if (!live && mesh?.publishing) void mesh.stop();
  }, [live, mesh]);
  if (!mesh) return null;
  const names = new Map(props.online.map((o) => [o.userId, o.displayName]));
  const others = mesh.publishers.filter((p) => p.userId !== me.userId);
  const mayPublish = mayLive(me.role, "av.publish");
  return (
    <Card title={t("live.av.title")} testId="av">
      {problem ? (
        <p className="yx-alert" role="alert" data-testid="av-error">
          {t(problem.key, problem.params)}
        </p>
      ) : null}
      {mayPublish ? live ? <Publisher mesh={mesh} screenAllowed={mayLive(me.role, "av.screen")} onProblem={setProblem} /> : <p className="yx-muted">{t("live.av.waitingLive")}</p> : null}
      {live && mayLive(me.role, "av.callOn") ? <CallOn room={room} online={props.online} channel={props.channel} called={mesh.called} onProblem={setProblem} /> : null}
      {live && !mayPublish && mesh.called === me.userId ? <CalledOn mesh={mesh} onProblem={setProblem} /> : null}
      <ViewerMode mesh={mesh} />
      {others.length === 0 ? (
        mayPublish ? null : (
          <p className="yx-muted" data-testid="av-none">
            {t("live.av.noPublishers")}
          </p>
        )
      ) : (
        <div className="yx-av-grid">
          {others.map((p) => (
            <PeerTile key={p.userId} publisher={p} name={names.get(p.userId) ?? ""} peer={mesh.in.get(p.userId) ?? null} low={mesh.lowBandwidth} />
          ))}
        </div>
      )}
    </Card>
  );
}

type TDevice = { deviceId: string; label: string };

/** Runs one media action at a time: busy while it runs, its problem (if any) shown by the panel. */
function useAvAction(onProblem: (p: TAvProblem | null) => void) {
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<TAvProblem | null | void>) => {
    setBusy(true);
    onProblem(null);
    const p = await fn();
    if (p) onProblem(p);
    setBusy(false);
  };
  return { busy, act };
}

/** A labelled choice of camera or microphone ("default" first); switching while live swaps the track. */
function DeviceSelect(props: { label: string; testId: string; devices: TDevice[]; value: string; onPick: (deviceId: string) => void }) {
  return (
    <label className="yx-field">
      {props.label}
      <select value={props.value} data-testid={props.testId} onChange={(e) => props.onPick(e.currentTarget.value)}>
        <option value="">{t("live.av.deviceDefault")}</option>
        {props.devices.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The host calls on one person (a 双师 classroom): their microphone may open; or calls the floor back. */
function CallOn(props: { room: TLiveRoomState; online: TOnlineEntry[]; channel: TRtcChannel; called: string | null; onProblem: (p: TAvProblem | null) => void }) {
  const [who, setWho] = useState("");
  const others = props.online.filter((o) => o.userId !== props.room.me.userId);
  const call = async (userId: string | null) => {
    props.onProblem(null);
    const res = await props.channel.emit("rtc:call", { sessionId: props.room.session.id, userId });
    if (!res.ok) props.onProblem({ key: res.code === "timeout" ? "live.timeout" : errorMessageKey(res.code) });
  };
  const calledName = props.online.find((o) => o.userId === props.called)?.displayName ?? "";
  return (
    <div className="yx-toolbar" data-testid="av-call">
      <label className="yx-field">
        {t("live.av.callWho")}
        <select value={who} onChange={(e) => setWho(e.currentTarget.value)} data-testid="av-call-select">
          <option value="">{t("live.av.callPick")}</option>
          {others.map((o) => (
            <option key={o.userId} value={o.userId}>
              {o.displayName}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!who} data-testid="av-call-on" onClick={() => void call(who)}>
        {t("live.av.callOn")}
      </button>
      {props.called ? (
        <>
          <span className="yx-badge" data-testid="av-called">
            {t("live.av.calledNow", { name: calledName })}
          </span>
          <button type="button" data-testid="av-call-off" onClick={() => void call(null)}>
            {t("live.av.callOff")}
          </button>
        </>
      ) : null}
    </div>
  );
}

/** Called on by the host: open the microphone (audio only) and close it again. */
function CalledOn({ mesh, onProblem }: { mesh: RtcMesh; onProblem: (p: TAvProblem | null) => void }) {
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

function useDevices(refreshOn: unknown): { cameras: TDevice[]; microphones: TDevice[] } {
  const [devices, setDevices] = useState<{ cameras: TDevice[]; microphones: TDevice[] }>({ cameras: [], microphones: [] });
  useEffect(() => {
    const md = typeof navigator !== "undefined" ? navigator.mediaDevices : undefined;
    if (!md?.enumerateDevices) return;
    let live = true;
    const read = () =>
      void md.enumerateDevices().then((all) => {
        if (!live) return;
        // Labels are empty until the page has permission; numbered names stand in.
        const of = (kind: MediaDeviceKind) =>
          all.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ deviceId: d.deviceId, label: d.label || t("live.av.deviceUnnamed", { n: i + 1 }) }));
        setDevices({ cameras: of("videoinput"), microphones: of("audioinput") });
      });
    read();
    md.addEventListener?.("devicechange", read);
    return () => {
      live = false;
      md.removeEventListener?.("devicechange", read);
    };
  }, [refreshOn]);
  return devices;
}

function Publisher({ mesh, screenAllowed, onProblem }: { mesh: RtcMesh; screenAllowed: boolean; onProblem: (p: TAvProblem | null) => void }) {
  const { busy, act } = useAvAction(onProblem);
  const [camera, setCamera] = useState("");
  const [microphone, setMicrophone] = useState("");
  const { cameras, microphones } = useDevices(mesh.publishing);
  const receivers = [...mesh.out.values()];
  return (
    <div className="yx-stack" data-testid="av-publisher" data-publishing={mesh.publishing ? "true" : "false"}>
      <div className="yx-toolbar">
        <DeviceSelect
          label={t("live.av.camera")}
          testId="av-camera-select"
          devices={cameras}
          value={camera}
          onPick={(id) => {
            setCamera(id);
            if (mesh.publishing && id) void act(() => mesh.useDevice("video", id));
          }}
        />
        <DeviceSelect
          label={t("live.av.microphone")}
          testId="av-microphone-select"
          devices={microphones}
          value={microphone}
          onPick={(id) => {
            setMicrophone(id);
            if (mesh.publishing && id) void act(() => mesh.useDevice("audio", id));
          }}
        />
      </div>
      {mesh.publishing ? (
        <>
          <div className="yx-toolbar">
            <button type="button" aria-pressed={!mesh.audioOn} disabled={!mesh.mic} data-testid="av-mute" onClick={() => mesh.setAudio(!mesh.audioOn)}>
              {mesh.audioOn ? t("live.av.mute") : t("live.av.unmute")}
            </button>
            <button type="button" aria-pressed={!mesh.videoOn} disabled={!mesh.cam} data-testid="av-camera" onClick={() => mesh.setVideo(!mesh.videoOn)}>
              {mesh.videoOn ? t("live.av.cameraOff") : t("live.av.cameraOn")}
            </button>
            {screenAllowed ? (
              <button type="button" aria-pressed={mesh.screen != null} disabled={busy} data-testid="av-screen" onClick={() => void act(() => (mesh.screen ? mesh.stopSharing() : mesh.shareScreen()))}>
                {mesh.screen ? t("live.av.stopShare") : t("live.av.shareScreen")}
              </button>
            ) : null}
            <button type="button" className="yx-danger" disabled={busy} data-testid="av-stop" onClick={() => void act(() => mesh.stop())}>
              {t("live.av.stop")}
            </button>
          </div>
          <figure className="yx-av-tile" data-testid="av-self">
            <Media stream={mesh.local} kind="video" />
            <figcaption>
              {t("live.av.self")}
              {mesh.screen ? <span className="yx-badge">{t("live.av.sharing")}</span> : null}
              {!mesh.audioOn ? <span className="yx-badge">{t("live.av.muted")}</span> : null}
              {!mesh.videoOn ? <span className="yx-badge">{t("live.av.cameraIsOff")}</span> : null}
            </figcaption>
          </figure>
          <p className="yx-muted" data-testid="av-receivers">
            {t("live.av.receivers", { count: receivers.length })}
          </p>
          <ul className="yx-list yx-av-receivers">
            {receivers.map((o) => (
              <li key={o.id} data-testid="av-receiver" data-user={o.userId} data-rtc-state={o.pc.connectionState} data-low={mesh.lowFor.has(o.userId) ? "true" : "false"}>
                {t(`live.av.state.${o.pc.connectionState}`)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <button
          type="button"
          className="yx-primary"
          disabled={busy}
          data-testid="av-start"
          onClick={() => void act(() => mesh.start({ camera: camera || undefined, microphone: microphone || undefined }))}
        >
          {busy ? t("live.av.starting") : t("live.av.start")}
        </button>
      )}
    </div>
  );
}

function ViewerMode({ mesh }: { mesh: RtcMesh }) {
  return (
    <div className="yx-stack">
      <label className="yx-checkbox" title={t("live.av.low.hint")}>
        <input type="checkbox" checked={mesh.lowBandwidth} data-testid="av-low" onChange={(e) => mesh.setLowBandwidth(e.currentTarget.checked)} /> {t("live.av.low.label")}
      </label>
      {mesh.lowBandwidth ? (
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
      ) : null}
    </div>
  );
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
