import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { TErrorCode } from "@yanxiu/domain/errors";
import type { LiveClientToServerEvents, LiveServerToClientEvents, TLiveAck, TLiveRoomState, TOnlineEntry, TRtcPublisher, TRtcSignal } from "@yanxiu/domain/live";
import { withBreakout, withChatMessage } from "./breakouts-state.ts";
import { listenBoard } from "./board-state.ts";

export type TConnection = "connecting" | "online" | "offline";
type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;
type TEmitEvent = keyof LiveClientToServerEvents;

/** An ack that never came back within this time is reported as such, not waited on forever. */
const ackTimeoutMs = 10_000;

type TAckResult = TLiveAck<Record<string, unknown>> | { ok: false; code: "timeout"; message: string };

/** Sends one event and waits for its ack, or for the timeout. */
function send(socket: LiveSocket, event: TEmitEvent, payload: object): Promise<TAckResult> {
  return new Promise((resolve) => {
    // Every client event takes (payload, ack); the contract's per-event signatures, loosely typed here.
    const timed = socket.timeout(ackTimeoutMs) as unknown as {
      emit: (e: string, p: object, ack: (err: Error | null, res: TLiveAck<Record<string, unknown>>) => void) => void;
    };
    timed.emit(event, payload, (err, res) => resolve(err ? { ok: false, code: "timeout", message: err.message } : res));
  });
}

export type TLiveRoom = {
  connection: TConnection;
  room: TLiveRoomState | null;
  online: TOnlineEntry[];
  /** Why joining failed (an error code), while not in the room. */
  joinError: TErrorCode | "timeout" | null;
  removed: boolean;
  /** Sends one event; resolves with the server's ack (or a timeout as `{ ok: false, code: "timeout" }`). */
  emit: (event: TEmitEvent, payload: object) => Promise<TAckResult>;
  rejoin: () => void;
  /** Relayed document updates (document.tsx applies them); returns the unsubscribe. */
  onDocUpdate: (fn: TDocListener) => () => void;
  /** Audio/video signalling for use-rtc.ts; returns the unsubscribe. */
  onRtc: (fn: TRtcListener) => () => void;
};
export type TRtcEvent =
  | { type: "signal"; signal: TRtcSignal }
  | { type: "mode"; from: string; lowBandwidth: boolean }
  | { type: "publishers"; publishers: TRtcPublisher[] }
  | { type: "called"; userId: string | null };
export type TRtcListener = (e: TRtcEvent) => void;
export type TDocListener = (p: { docKey: string; update: ArrayBuffer | Uint8Array }) => void;

/**
 * One live session's room over socket.io: connects to the realtime service (same host, its own port, the
 * session cookie), joins with `live:join`, and keeps the room's state current from the server's events.
 * On a reconnect that recovered the connection the server re-sends the state (`live:state`); otherwise the
 * hook joins again, so a dropped network comes back to the room by itself.
 */
export function useLiveRoom(sessionId: string, realtimePort: number): TLiveRoom {
  const [connection, setConnection] = useState<TConnection>("connecting");
  const [room, setRoom] = useState<TLiveRoomState | null>(null);
  const [online, setOnline] = useState<TOnlineEntry[]>([]);
  const [joinError, setJoinError] = useState<TLiveRoom["joinError"]>(null);
  const [removed, setRemoved] = useState(false);
  const socketRef = useRef<LiveSocket | null>(null);
  const docListeners = useRef(new Set<TDocListener>());
  const rtcListeners = useRef(new Set<TRtcListener>());

  const join = useCallback(() => {
    const socket = socketRef.current;
    if (!socket) return;
    setJoinError(null);
    void send(socket, "live:join", { sessionId }).then((res) => {
      if (res.ok) setRoom((res as unknown as { state: TLiveRoomState }).state);
      else {
        setJoinError(res.code);
        if (res.code === "removedFromSession") setRemoved(true);
      }
    });
  }, [sessionId]);

  useEffect(() => {
    const socket: LiveSocket = io(`${window.location.protocol}//${window.location.hostname}:${realtimePort}`, {
      transports: ["websocket"],
      withCredentials: true,
    });
    socketRef.current = socket;
    listenBoard(socket, sessionId, setRoom);
    const mine = <P extends { sessionId: string }>(fn: (p: P) => void) => (p: P) => {
      if (p.sessionId === sessionId) fn(p);
    };
    socket.on("connect", () => {
      setConnection("online");
      // A recovered connection is still in the room: the server sends `live:state` itself.
      if (!socket.recovered) join();
    });
    socket.on("disconnect", () => setConnection("offline"));
    socket.on("connect_error", () => setConnection("offline"));
    socket.on("live:state", mine((p) => setRoom(p.state)));
    socket.on("live:presence", mine((p) => setOnline(p.online)));
    socket.on(
      "live:removed",
      mine(() => {
        setRemoved(true);
        socket.disconnect();
      }),
    );
    socket.on("live:status", mine((p) => setRoom((r) => (r ? { ...r, session: { ...r.session, status: p.status } } : r))));
    socket.on(
      "chat:message",
      mine((p) => setRoom((r) => (r ? withChatMessage(r, p.message) : r))),
    );
    socket.on("chat:deleted", mine((p) => setRoom((r) => (r ? { ...r, chat: r.chat.filter((m) => m.id !== p.messageId) } : r))));
    socket.on(
      "participant:updated",
      mine((p) =>
        setRoom((r) => {
          if (!r) return r;
          const others = r.participants.filter((x) => x.userId !== p.participant.userId);
          return { ...r, participants: [...others, p.participant], me: r.me.userId === p.participant.userId ? p.participant : r.me };
        }),
      ),
    );
    socket.on(
      "participant:removed",
      mine((p) => {
        setRoom((r) => (r ? { ...r, participants: r.participants.filter((x) => x.userId !== p.userId), handQueue: r.handQueue.filter((h) => h.userId !== p.userId) } : r));
        setOnline((o) => o.filter((x) => x.userId !== p.userId));
      }),
    );
    socket.on("hand:queue", mine((p) => setRoom((r) => (r ? { ...r, handQueue: p.queue } : r))));
    socket.on(
      "poll:created",
      mine((p) =>
        setRoom((r) => {
          if (!r || r.polls.some((x) => x.id === p.poll.id)) return r;
          // The broadcast carries the creator's own answer; nobody has answered a new poll.
          return { ...r, polls: [...r.polls, { ...p.poll, myAnswer: null }] };
        }),
      ),
    );
    socket.on(
      "poll:tally",
      mine((p) =>
        setRoom((r) =>
          r ? { ...r, polls: r.polls.map((x) => (x.id === p.tally.pollId ? { ...x, status: p.tally.status, counts: p.tally.counts, total: p.tally.total } : x)) } : r,
        ),
      ),
    );
    socket.on("slide:changed", mine((p) => setRoom((r) => (r ? { ...r, slide: p.slide } : r))));
    socket.on("breakout:changed", mine((p) => setRoom((r) => (r ? withBreakout(r, p.breakout) : r))));
    socket.on("doc:update", mine((p) => docListeners.current.forEach((fn) => fn(p))));
    const rtc = (e: TRtcEvent) => rtcListeners.current.forEach((fn) => fn(e));
    socket.on("rtc:signal", mine((signal) => rtc({ type: "signal", signal })));
    socket.on("rtc:mode", mine((p) => rtc({ type: "mode", from: p.from, lowBandwidth: p.lowBandwidth })));
    socket.on("rtc:publishers", mine((p) => rtc({ type: "publishers", publishers: p.publishers })));
    socket.on("rtc:called", mine((p) => rtc({ type: "called", userId: p.userId })));
    return () => {
      socketRef.current = null;
      socket.disconnect();
    };
  }, [sessionId, realtimePort, join]);

  const emit = useCallback<TLiveRoom["emit"]>((event, payload) => {
    const socket = socketRef.current;
    if (!socket?.connected) return Promise.resolve({ ok: false, code: "timeout", message: "not connected" });
    return send(socket, event, payload);
  }, []);

  const onDocUpdate = useCallback<TLiveRoom["onDocUpdate"]>((fn) => {
    docListeners.current.add(fn);
    return () => void docListeners.current.delete(fn);
  }, []);

  const onRtc = useCallback<TLiveRoom["onRtc"]>((fn) => {
    rtcListeners.current.add(fn);
    return () => void rtcListeners.current.delete(fn);
  }, []);

  return { connection, room, online, joinError, removed, emit, rejoin: join, onDocUpdate, onRtc };
}
