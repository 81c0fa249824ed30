import { useEffect, useReducer, useState } from "react";
import { rtcLooksPoor, type TRtcCandidate, type TRtcIceServer, type TRtcPublisher, type TRtcQualitySample, type TRtcSignal, type TRtcSignalKind } from "@yanxiu/domain/live";
import { errorMessageKey, type TMessageKey } from "@yanxiu/ui/i18n";
import type { TLiveRoom, TRtcEvent } from "./use-live-room.ts";

/**
 * Audio and video in the live room (issue 7): a mesh, publisher-offers-only. Each publisher (host,
 * co-hosts) holds one RTCPeerConnection per other person in the room and sends the offers; everyone else
 * only answers, so there is never glare. Signalling goes over the room's socket (`rtc:signal`), which the
 * server relays only to the named person in the same session. A viewer's 音频+课件 mode (`rtc:mode`) makes
 * every publisher set its video transceiver to that viewer to inactive and renegotiate: video stops, audio
 * and the slides (which come over the socket anyway) continue. Above a handful of publishers this is the
 * wrong shape: see apps/realtime/docs/decisions/011-sfu-above-mesh.md.
 */

export type TRtcChannel = Pick<TLiveRoom, "emit" | "onRtc" | "connection">;
export type TAvProblem = { key: TMessageKey; params?: Record<string, string | number> };

type TOut = {
  userId: string;
  id: string;
  pc: RTCPeerConnection;
  audio: RTCRtpTransceiver;
  video: RTCRtpTransceiver;
  chain: Promise<unknown>;
};
export type TIn = {
  userId: string;
  id: string;
  pc: RTCPeerConnection;
  stream: MediaStream;
  chain: Promise<unknown>;
  samples: TRtcQualitySample[];
  prev: { lost: number; received: number } | null;
  audioBytes: number;
  videoFrames: number;
};

const statsEveryMs = 2000;
const newId = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).replace(/[^A-Za-z0-9_-]/g, "");

/** A getUserMedia/getDisplayMedia failure as the person should read it. */
export function mediaProblem(e: unknown, screen = false): TAvProblem {
  const name = e instanceof DOMException || e instanceof Error ? e.name : "";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return { key: "live.av.error.notFound" };
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return { key: screen ? "live.av.error.screenNotAllowed" : "live.av.error.notAllowed" };
  if (name === "NotReadableError" || name === "TrackStartError") return { key: "live.av.error.notReadable" };
  return { key: "live.av.error.other", params: { message: e instanceof Error ? e.message : String(e) } };
}

/** The mesh of one page: imperative (peer connections are), with `onChange` telling React to redraw. */
export class RtcMesh {
  readonly out = new Map<string, TOut>();
  readonly in = new Map<string, TIn>();
  publishers: TRtcPublisher[] = [];
  local: MediaStream | null = null;
  mic: MediaStreamTrack | null = null;
  cam: MediaStreamTrack | null = null;
  screen: MediaStreamTrack | null = null;
  audioOn = true;
  videoOn = true;
  /** This page's own viewer mode. */
  lowBandwidth = false;
  /** Whom the host has called on (their microphone may open), as the server last said. */
  called: string | null = null;
  /** This page publishes only because it was called on (audio only). */
  byCall = false;
  /** Viewers who asked this publisher for no video. */
  readonly lowFor = new Set<string>();
  online = new Set<string>();
  poor = false;
  poorSample: TRtcQualitySample | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;

  constructor(
    private readonly sessionId: string,
    private readonly me: string,
    private readonly iceServers: TRtcIceServer[],
    private readonly emit: TLiveRoom["emit"],
    private readonly onChange: () => void,
  ) {
    this.timer = setInterval(() => void this.sample(), statsEveryMs);
  }

  get publishing(): boolean {
    return this.local != null;
  }

  private signal(to: string, kind: TRtcSignalKind, pc: string, extra: { sdp?: string; candidate?: TRtcCandidate } = {}) {
    return this.emit("rtc:signal", { sessionId: this.sessionId, to, kind, pc, ...extra });
  }

  private peerConnection(): RTCPeerConnection {
    return new RTCPeerConnection({ iceServers: this.iceServers });
  }

  /** What the video senders send now: the screen when shared, else the camera. */
  private videoTrack(): MediaStreamTrack | null {
    return this.screen ?? this.cam;
  }

  // ─── Publishing ──────────────────────────────────────────────────────────────────────────────

  /** Opens camera and microphone (either may be missing: the other is sent alone) and starts publishing. */
  async start(devices: { camera?: string; microphone?: string; audioOnly?: boolean }): Promise<TAvProblem | null> {
    if (typeof navigator === "undefined" || !navigator.mediaDevices?.getUserMedia || typeof RTCPeerConnection === "undefined") return { key: "live.av.error.unsupported" };
    const audio: MediaTrackConstraints | boolean = devices.microphone ? { deviceId: { exact: devices.microphone } } : true;
    this.byCall = devices.audioOnly === true;
    if (devices.audioOnly) {
      // Called on: the microphone alone.
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio });
      } catch (e) {
        return mediaProblem(e);
      }
      return this.begin(stream, null);
    }
    const video: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 15 }, ...(devices.camera ? { deviceId: { exact: devices.camera } } : {}) };
    let stream: MediaStream;
    let partial: TAvProblem | null = null;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio, video });
    } catch (e) {
      const problem = mediaProblem(e);
      if (problem.key !== "live.av.error.notFound") return problem;
      // One of the two is missing: go on with the other, and say which.
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio });
        partial = { key: "live.av.error.noCamera" };
      } catch {
        try {
          stream = await navigator.mediaDevices.getUserMedia({ video });
          partial = { key: "live.av.error.noMicrophone" };
        } catch (e2) {
          return mediaProblem(e2);
        }
      }
    }
    return this.begin(stream, partial);
  }

  /** Publishes an opened stream: announced to the server, then offered to everyone in the room. */
  private async begin(stream: MediaStream, partial: TAvProblem | null): Promise<TAvProblem | null> {
    this.local = stream;
    this.mic = stream.getAudioTracks()[0] ?? null;
    this.cam = stream.getVideoTracks()[0] ?? null;
    this.audioOn = this.mic != null;
    this.videoOn = this.cam != null;
    const refused = await this.announce();
    if (refused) {
      this.stopTracks();
      this.onChange();
      return refused;
    }
    for (const userId of this.online) if (userId !== this.me) this.openOut(userId);
    this.onChange();
    return partial;
  }

  /** Tells the room what this publisher sends (the server keeps it and tells everyone). */
  async announce(): Promise<TAvProblem | null> {
    const res = await this.emit("rtc:publish", {
      sessionId: this.sessionId,
      publishing: this.publishing,
      audio: this.audioOn,
      video: this.videoOn,
      screen: this.screen != null,
    });
    return res.ok ? null : { key: res.code === "timeout" ? "live.timeout" : errorMessageKey(res.code) };
  }

  async stop(): Promise<void> {
    for (const o of [...this.out.values()]) {
      void this.signal(o.userId, "bye", o.id);
      this.closeOut(o.userId);
    }
    this.stopTracks();
    this.onChange();
    await this.announce();
  }

  private stopTracks() {
    for (const t of [this.mic, this.cam, this.screen]) t?.stop();
    this.local = this.mic = this.cam = this.screen = null;
  }

  setAudio(on: boolean) {
    if (!this.mic) return;
    this.mic.enabled = on;
    this.audioOn = on;
    this.onChange();
    void this.announce();
  }

  setVideo(on: boolean) {
    if (!this.cam) return;
    this.cam.enabled = on;
    this.videoOn = on;
    this.onChange();
    void this.announce();
  }

  /** Switches camera or microphone while publishing: the senders take the new track without renegotiating. */
  async useDevice(kind: "audio" | "video", deviceId: string): Promise<TAvProblem | null> {
    if (!this.local) return null;
    let track: MediaStreamTrack | undefined;
    try {
      const s = await navigator.mediaDevices.getUserMedia(kind === "audio" ? { audio: { deviceId: { exact: deviceId } } } : { video: { deviceId: { exact: deviceId }, width: { ideal: 640 }, height: { ideal: 360 } } });
      track = kind === "audio" ? s.getAudioTracks()[0] : s.getVideoTracks()[0];
    } catch (e) {
      return mediaProblem(e);
    }
    if (!track) return { key: "live.av.error.notFound" };
    const old = kind === "audio" ? this.mic : this.cam;
    if (old) this.local.removeTrack(old);
    this.local.addTrack(track);
    if (kind === "audio") {
      track.enabled = this.audioOn;
      this.mic = track;
      for (const o of this.out.values()) await o.audio.sender.replaceTrack(track);
    } else {
      track.enabled = this.videoOn;
      this.cam = track;
      if (!this.screen) for (const o of this.out.values()) if (!this.lowFor.has(o.userId)) await o.video.sender.replaceTrack(track);
    }
    old?.stop();
    this.onChange();
    return null;
  }

  /** The host's screen instead of the camera, for everyone who receives video. */
  async shareScreen(): Promise<TAvProblem | null> {
    if (!this.local || !navigator.mediaDevices?.getDisplayMedia) return { key: "live.av.error.unsupported" };
    let track: MediaStreamTrack | undefined;
    try {
      track = (await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false })).getVideoTracks()[0];
    } catch (e) {
      return mediaProblem(e, true);
    }
    if (!track) return null;
    this.screen = track;
    track.addEventListener("ended", () => void this.stopSharing());
    for (const o of this.out.values()) if (!this.lowFor.has(o.userId)) await o.video.sender.replaceTrack(track);
    this.onChange();
    const refused = await this.announce();
    if (refused) await this.stopSharing();
    return refused;
  }

  async stopSharing(): Promise<void> {
    if (!this.screen) return;
    this.screen.stop();
    this.screen = null;
    for (const o of this.out.values()) if (!this.lowFor.has(o.userId)) await o.video.sender.replaceTrack(this.cam);
    this.onChange();
    await this.announce();
  }

  /** One connection to one receiver; its video starts inactive if that viewer is in 音频+课件 mode. */
  private openOut(userId: string) {
    if (!this.local || this.out.has(userId)) return;
    const pc = this.peerConnection();
    const low = this.lowFor.has(userId);
    const audio = pc.addTransceiver(this.mic ?? "audio", { direction: "sendonly", streams: [this.local] });
    const video = pc.addTransceiver((low ? null : this.videoTrack()) ?? "video", { direction: low ? "inactive" : "sendonly", streams: [this.local] });
    const o: TOut = { userId, id: newId(), pc, audio, video, chain: Promise.resolve() };
    this.out.set(userId, o);
    pc.onicecandidate = (e) => {
      if (e.candidate) void this.signal(userId, "ice", o.id, { candidate: e.candidate.toJSON() as TRtcCandidate });
    };
    pc.onconnectionstatechange = () => {
      this.onChange();
      // A receiver that went away and came back, or a network change: start over while both are here.
      if (pc.connectionState === "failed") setTimeout(() => this.out.get(userId) === o && this.resetOut(userId), 1000);
    };
    this.offer(o);
  }

  private offer(o: TOut) {
    o.chain = o.chain
      .then(async () => {
        if (o.pc.signalingState === "closed") return;
        await o.pc.setLocalDescription(await o.pc.createOffer());
        const res = await this.signal(o.userId, "offer", o.id, { sdp: o.pc.localDescription!.sdp });
        // Not (or no longer) in the room: nothing to send to.
        if (!res.ok && res.code === "notFound" && this.out.get(o.userId) === o) this.closeOut(o.userId);
      })
      .catch(() => {});
  }

  private closeOut(userId: string) {
    const o = this.out.get(userId);
    if (!o) return;
    this.out.delete(userId);
    o.pc.close();
    this.onChange();
  }

  private resetOut(userId: string) {
    this.closeOut(userId);
    if (this.publishing && this.online.has(userId)) this.openOut(userId);
  }

  /** A viewer's 音频+课件 mode: no video to them (the transceiver goes inactive, so their track ends). */
  private setLowFor(userId: string, low: boolean) {
    if (low) this.lowFor.add(userId);
    else this.lowFor.delete(userId);
    this.onChange();
    const o = this.out.get(userId);
    if (!o) return;
    o.chain = o.chain
      .then(async () => {
        o.video.direction = low ? "inactive" : "sendonly";
        await o.video.sender.replaceTrack(low ? null : this.videoTrack());
      })
      .catch(() => {});
    this.offer(o);
  }

  // ─── Receiving ───────────────────────────────────────────────────────────────────────────────

  private openIn(userId: string, id: string): TIn {
    this.closeIn(userId);
    const pc = this.peerConnection();
    const i: TIn = { userId, id, pc, stream: new MediaStream(), chain: Promise.resolve(), samples: [], prev: null, audioBytes: 0, videoFrames: 0 };
    this.in.set(userId, i);
    pc.ontrack = (e) => {
      // The publisher's stream (msid): the browser takes a track out of it when its transceiver goes inactive.
      const s = e.streams[0];
      if (s && s !== i.stream) {
        i.stream = s;
        s.addEventListener("removetrack", this.onChange);
        s.addEventListener("addtrack", this.onChange);
      } else if (!s && !i.stream.getTracks().includes(e.track)) i.stream.addTrack(e.track);
      e.track.addEventListener("mute", this.onChange);
      e.track.addEventListener("unmute", this.onChange);
      e.track.addEventListener("ended", this.onChange);
      this.onChange();
    };
    pc.onicecandidate = (e) => {
      if (e.candidate) void this.signal(userId, "ice", id, { candidate: e.candidate.toJSON() as TRtcCandidate });
    };
    pc.onconnectionstatechange = this.onChange;
    return i;
  }

  private closeIn(userId: string) {
    const i = this.in.get(userId);
    if (!i) return;
    this.in.delete(userId);
    i.pc.close();
    this.onChange();
  }

  setLowBandwidth(low: boolean) {
    this.lowBandwidth = low;
    if (!low) this.poor = false;
    for (const i of this.in.values()) i.samples = [];
    this.onChange();
    void this.emit("rtc:mode", { sessionId: this.sessionId, lowBandwidth: low });
  }

  /** Asks every publisher for a fresh connection (after this page (re)joined: they may hold a dead one). */
  async greet(): Promise<void> {
    const res = await this.emit("rtc:list", { sessionId: this.sessionId });
    if (!res.ok) return;
    this.publishers = (res as unknown as { publishers: TRtcPublisher[] }).publishers;
    this.onChange();
    if (this.lowBandwidth) void this.emit("rtc:mode", { sessionId: this.sessionId, lowBandwidth: true });
    // `bye` without a connection id from a receiver: "start over with me".
    for (const p of this.publishers) if (p.userId !== this.me && !this.in.has(p.userId)) void this.emit("rtc:signal", { sessionId: this.sessionId, to: p.userId, kind: "bye" });
  }

  // ─── Events ──────────────────────────────────────────────────────────────────────────────────

  setOnline(userIds: string[]) {
    this.online = new Set(userIds);
    for (const userId of [...this.out.keys()]) if (!this.online.has(userId)) this.closeOut(userId);
    for (const userId of [...this.in.keys()]) if (!this.online.has(userId)) this.closeIn(userId);
    if (this.publishing) for (const userId of this.online) if (userId !== this.me) this.openOut(userId);
  }

  handle(e: TRtcEvent) {
    if (this.closed) return;
    if (e.type === "publishers") {
      this.publishers = e.publishers;
      for (const userId of [...this.in.keys()]) if (!e.publishers.some((p) => p.userId === userId)) this.closeIn(userId);
      this.onChange();
    } else if (e.type === "mode") {
      if (this.publishing) this.setLowFor(e.from, e.lowBandwidth);
      else if (e.lowBandwidth) this.lowFor.add(e.from);
      else this.lowFor.delete(e.from);
      } else if (e.type === "called") {
      const wasMe = this.called === this.me;
      this.called = e.userId;
      // Called off: a microphone opened only because of the call closes.
      if (wasMe && e.userId !== this.me && this.publishing && this.byCall) void this.stop();
      this.onChange();
    } else this.onSignal(e.signal);
  }

  private onSignal(s: TRtcSignal) {
    const { from } = s;
    if (s.kind === "offer" && s.pc && s.sdp) {
      let i = this.in.get(from);
      const fresh = !i || i.id !== s.pc;
      if (!i || fresh) i = this.openIn(from, s.pc);
      const peer = i;
      const sdp = s.sdp;
      peer.chain = peer.chain
        .then(async () => {
          await peer.pc.setRemoteDescription({ type: "offer", sdp });
          await peer.pc.setLocalDescription(await peer.pc.createAnswer());
          await this.signal(from, "answer", peer.id, { sdp: peer.pc.localDescription!.sdp });
          // A publisher that did not know this viewer's mode yet.
          if (fresh && this.lowBandwidth) void this.emit("rtc:mode", { sessionId: this.sessionId, lowBandwidth: true });
        })
        .catch(() => {});
    } else if (s.kind === "answer" && s.sdp) {
      const o = this.out.get(from);
      const sdp = s.sdp;
      if (!o || o.id !== s.pc) return;
      o.chain = o.chain.then(() => o.pc.setRemoteDescription({ type: "answer", sdp })).catch(() => {});
    } else if (s.kind === "ice" && s.candidate) {
      const candidate = s.candidate;
      const o = this.out.get(from);
      const i = this.in.get(from);
      const peer = o?.id === s.pc ? o : i?.id === s.pc ? i : null;
      if (peer) peer.chain = peer.chain.then(() => peer.pc.addIceCandidate(candidate)).catch(() => {});
    } else if (s.kind === "bye") {
      if (this.in.get(from)?.id === s.pc) this.closeIn(from);
      else if (!s.pc || this.out.get(from)?.id === s.pc) this.resetOut(from);
    }
  }

  /** Every few seconds: each received connection's loss and round trip; proposes 音频+课件 when poor. */
  private async sample() {
    let poor = false;
    for (const i of this.in.values()) {
      if (i.pc.connectionState !== "connected") continue;
      let lost = 0;
      let received = 0;
      let rtt: number | null = null;
      let audioBytes = 0;
      let videoFrames = 0;
      try {
        const report = await i.pc.getStats();
        report.forEach((r: Record<string, unknown>) => {
          if (r.type === "inbound-rtp") {
            lost += Number(r.packetsLost ?? 0);
            received += Number(r.packetsReceived ?? 0);
            if (r.kind === "audio") audioBytes += Number(r.bytesReceived ?? 0);
            if (r.kind === "video") videoFrames += Number(r.framesDecoded ?? 0);
          } else if (r.type === "candidate-pair" && r.nominated && typeof r.currentRoundTripTime === "number") {
            rtt = Math.round(r.currentRoundTripTime * 1000);
          }
        });
      } catch {
        continue;
      }
      const dLost = i.prev ? lost - i.prev.lost : 0;
      const dReceived = i.prev ? received - i.prev.received : 0;
      i.prev = { lost, received };
      i.audioBytes = audioBytes;
      i.videoFrames = videoFrames;
      const sample = { lossPercent: dLost + dReceived > 0 ? Math.round((Math.max(0, dLost) / (dLost + dReceived)) * 100) : 0, rttMs: rtt };
      i.samples = [...i.samples.slice(-4), sample];
      if (!this.lowBandwidth && rtcLooksPoor(i.samples)) {
        poor = true;
        this.poorSample = sample;
      }
    }
    if (poor !== this.poor || this.in.size > 0) {
      this.poor = poor;
      this.onChange();
    }
  }

  dispose() {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const userId of [...this.out.keys()]) this.closeOut(userId);
    for (const userId of [...this.in.keys()]) this.closeIn(userId);
    this.stopTracks();
  }
}

/**
 * The mesh for one room page. `online` is the room's presence (whom a publisher sends to); `joined`
 * turns true once the room is joined (again after a reconnect), when a publisher re-announces itself and a
 * viewer asks the publishers for fresh connections.
 */
export function useRtc(opts: { sessionId: string; me: string; iceServers: TRtcIceServer[]; channel: TRtcChannel; online: string[]; joined: boolean }): RtcMesh | null {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [mesh, setMesh] = useState<RtcMesh | null>(null);
  const { sessionId, me, iceServers, channel } = opts;
  const iceKey = JSON.stringify(iceServers);

  useEffect(() => {
    const m = new RtcMesh(sessionId, me, JSON.parse(iceKey) as TRtcIceServer[], channel.emit, redraw);
    setMesh(m);
    const off = channel.onRtc((e) => m.handle(e));
    return () => {
      off();
      // Leaving the page: receivers see the publisher go (the server forgets it with the socket too).
      if (m.publishing) void m.stop();
      m.dispose();
    };
  }, [sessionId, me, iceKey, channel.emit, channel.onRtc]);

  const onlineKey = opts.online.join(",");
  useEffect(() => {
    mesh?.setOnline(onlineKey ? onlineKey.split(",") : []);
  }, [mesh, onlineKey]);

  const ready = opts.joined && channel.connection === "online";
  useEffect(() => {
    if (!ready || !mesh) return;
    if (mesh.publishing) void mesh.announce();
    void mesh.greet();
  }, [mesh, ready]);

  return mesh;
}
