import { useEffect, useState } from "react";
import { mayLive, type TLiveRoomState, type TOnlineEntry, type TRtcIceServer } from "@yanxiu/domain/live";
import { errorMessageKey, t } from "@yanxiu/ui/i18n";
import { useRtc, type RtcMesh, type TAvProblem, type TRtcChannel } from "./use-rtc.ts";

/** The room's audio and video state: the mesh (one per room), and the last problem a media action met. */
export type TAv = { mesh: RtcMesh | null; problem: TAvProblem | null; setProblem: (p: TAvProblem | null) => void };

/**
 * The room's audio and video, made once per room: the stage shows the tiles (av-tiles.tsx), the 音视频 panel
 * the publisher's controls (this file). An ended session sends nothing any more.
 */
export function useAv(props: { room: TLiveRoomState; online: TOnlineEntry[]; channel: TRtcChannel; iceServers: TRtcIceServer[] }): TAv {
  const { room } = props;
  const live = room.session.status === "live";
  const mesh = useRtc({
    sessionId: room.session.id,
    me: room.me.userId,
    iceServers: props.iceServers,
    channel: props.channel,
    online: props.online.map((o) => o.userId),
    joined: true,
  });
  const [problem, setProblem] = useState<TAvProblem | null>(null);
  useEffect(() => {
    if (!live && mesh?.publishing) void mesh.stop();
  }, [live, mesh]);
  return { mesh, problem, setProblem };
}

/**
 * The 音视频 panel of a publisher (开启音视频, devices, mute, camera, the host's screen, who receives) and the
 * host's 点名发言. State for tests and support sits in data attributes: `data-rtc-state` is the
 * RTCPeerConnection's connectionState.
 */
export function AvPanel(props: { room: TLiveRoomState; online: TOnlineEntry[]; channel: TRtcChannel; av: TAv }) {
  const { room } = props;
  const { mesh, problem, setProblem } = props.av;
  const me = room.me;
  const live = room.session.status === "live";
  if (!mesh) return null;
  return (
    <section className="yx-stack" data-testid="av" aria-label={t("live.av.title")}>
      {problem ? (
        <p className="yx-alert" role="alert" data-testid="av-error">
          {t(problem.key, problem.params)}
        </p>
      ) : null}
      {live ? <Publisher mesh={mesh} screenAllowed={mayLive(me.role, "av.screen")} onProblem={setProblem} /> : <p className="yx-muted">{t("live.av.waitingLive")}</p>}
      {live && mayLive(me.role, "av.callOn") ? <CallOn room={room} online={props.online} channel={props.channel} called={mesh.called} onProblem={setProblem} /> : null}
    </section>
  );
}

type TDevice = { deviceId: string; label: string };

/** Runs one media action at a time: busy while it runs, its problem (if any) shown by the panel. */
export function useAvAction(onProblem: (p: TAvProblem | null) => void) {
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

