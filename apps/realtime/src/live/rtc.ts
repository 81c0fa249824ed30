import type { RemoteSocket, Server, Socket } from "socket.io";
import { AppError } from "@yanxiu/domain/errors";
import {
  liveCalledRoom,
  liveMemberRoom,
  liveSessionRoom,
  mayLive,
  rtcPublishRefusal,
  rtcSignalRefusal,
  type TRtcCall,
  type TRtcMode,
  type TRtcPublish,
  type TRtcPublisher,
  type TRtcSignal,
  type TRtcSignalInput,
} from "@yanxiu/domain/live";
import type { ClientToServerEvents, ServerToClientEvents } from "@yanxiu/domain/socket";
import type { SocketData } from "../types.ts";

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IOSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AnySocket = IOSocket | RemoteSocket<ServerToClientEvents, SocketData>;
export type RtcDeps = { io: IO; log: (m: string) => void; maxPublishers: number };
type Ctx = { sessionId: string; room: string };

/** A socket that is a joined participant of this session in this tenant (as the service admitted it). */
function inSession(s: AnySocket, tenantId: string, sessionId: string): boolean {
  return s.data.tenantId === tenantId && s.data.live?.[sessionId] != null;
}

/** Who publishes in a session now, across every process; one entry per person. */
export async function listRtcPublishers(io: IO, tenantId: string, sessionId: string): Promise<TRtcPublisher[]> {
  const byUser = new Map<string, TRtcPublisher>();
  for (const s of await io.in(liveSessionRoom(tenantId, sessionId)).fetchSockets()) {
    const media = s.data.rtc?.[sessionId];
    if (media && inSession(s, tenantId, sessionId)) byUser.set(s.data.user.id, { userId: s.data.user.id, ...media });
  }
  return [...byUser.values()].sort((a, b) => (a.userId < b.userId ? -1 : 1));
}

/**
 * WebRTC signalling over the session's socket (issue 7; the SFU path is decision 011). The server only
 * relays: a signal goes to the target's member room of THIS session — a room name that carries the tenant
 * and the session — and only when the target has a socket joined there, so nothing crosses sessions or
 * tenants, and `from` is always the sender's own id. Media never touches this process.
 */
export function rtcHandlers(deps: RtcDeps, socket: IOSocket) {
  const { io } = deps;
  const { tenantId, user } = socket.data;
  const roleIn = (sessionId: string) => {
    const m = socket.data.live[sessionId];
    if (!m) throw new AppError("liveNotJoined", "not in the session");
    return m.role;
  };
  const broadcast = async (sessionId: string) => {
    const publishers = await listRtcPublishers(io, tenantId, sessionId);
    io.to(liveSessionRoom(tenantId, sessionId)).emit("rtc:publishers", { sessionId, publishers });
    return publishers;
  };

  // Whether the target is in the session (and publishes) — a cross-process lookup. An ICE burst asks the
  // same question a dozen times in a second, so a positive answer is kept briefly; if the target has left
  // meanwhile its member room is empty and the relay reaches nobody.
  const targets = new Map<string, { found: Promise<{ publishing: boolean } | null>; until: number }>();
  function lookUp(sessionId: string, to: string, fresh: boolean): Promise<{ publishing: boolean } | null> {
    const key = `${sessionId}:${to}`;
    const hit = targets.get(key);
    if (!fresh && hit && hit.until > Date.now()) return hit.found;
    const found = io
      .in(liveMemberRoom(tenantId, sessionId, to))
      .fetchSockets()
      .then((all) => {
        const sockets = all.filter((s) => inSession(s, tenantId, sessionId) && s.data.user.id === to);
        // Only a positive answer is kept (a refusal must not outlive the target's arrival).
        if (sockets.length === 0) targets.delete(key);
        return sockets.length ? { publishing: sockets.some((s) => s.data.rtc?.[sessionId] != null) } : null;
      });
    // Concurrent signals to the same target (an ICE burst) share one lookup.
    targets.set(key, { found, until: Date.now() + 2000 });
    found.catch(() => targets.delete(key));
    return found;
  }

  socket.on("disconnect", () => {
    for (const sessionId of Object.keys(socket.data.rtc ?? {})) {
      void broadcast(sessionId).catch((e: Error) => deps.log(`rtc publishers after disconnect failed: ${e.message}`));
    }
  });

  return {
    "rtc:signal": async (input: TRtcSignalInput, { sessionId }: Ctx) => {
      const role = roleIn(sessionId);
      // Offers and answers always look again: they decide who publishes to whom.
      const target = await lookUp(sessionId, input.to, input.kind === "offer" || input.kind === "answer");
      if (!target) throw new AppError("notFound", "no such participant in this session");
      const refusal = rtcSignalRefusal(
        { userId: user.id, role, publishing: socket.data.rtc?.[sessionId] != null, called: socket.rooms.has(liveCalledRoom(tenantId, sessionId)) },
        { userId: input.to, publishing: target.publishing },
        input.kind,
      );
      if (refusal) throw new AppError(refusal, `rtc ${input.kind} refused`);
      const out: TRtcSignal = { sessionId, from: user.id, kind: input.kind };
      if (input.pc !== undefined) out.pc = input.pc;
      if (input.sdp !== undefined) out.sdp = input.sdp;
      if (input.candidate !== undefined) out.candidate = input.candidate;
      io.to(liveMemberRoom(tenantId, sessionId, input.to)).emit("rtc:signal", out);
      return {};
    },
    "rtc:mode": async (input: TRtcMode, { sessionId, room }: Ctx) => {
      roleIn(sessionId);
      // Publishers act on it; for anyone else it is a harmless fact about a viewer.
      socket.to(room).emit("rtc:mode", { sessionId, from: user.id, lowBandwidth: input.lowBandwidth });
      return {};
    },
    "rtc:publish": async (input: TRtcPublish, { sessionId }: Ctx) => {
      const role = roleIn(sessionId);
      const rtc = (socket.data.rtc ??= {});
      if (!input.publishing) {
        delete rtc[sessionId];
        return { publishers: await broadcast(sessionId) };
      }
      const media = { audio: input.audio, video: input.video, screen: input.screen };
      // Two people starting at the same instant on two processes could both pass: the mesh then has one
      // publisher more than the limit, which it survives; the next one is refused.
      const current = await listRtcPublishers(io, tenantId, sessionId);
      const refusal = rtcPublishRefusal({ userId: user.id, role }, media, current, deps.maxPublishers, socket.rooms.has(liveCalledRoom(tenantId, sessionId)));
      if (refusal) throw new AppError(refusal, "rtc publish refused");
      rtc[sessionId] = media;
      return { publishers: await broadcast(sessionId) };
    },
    /**
     * The host (or a co-host) calls on one person in the session — a 双师 classroom's assistant — whose
     * sockets on every process join the session's called room (through the adapter), so their microphone
     * may open; whoever was called before leaves it and stops. `userId: null` calls on nobody.
     */
    "rtc:call": async (input: TRtcCall, { sessionId, room }: Ctx) => {
      const role = roleIn(sessionId);
      if (!mayLive(role, "av.callOn")) throw new AppError("forbidden", "only the host calls on someone");
      if (input.userId && !(await lookUp(sessionId, input.userId, true))) throw new AppError("notFound", "no such participant in this session");
      const called = liveCalledRoom(tenantId, sessionId);
      io.in(called).socketsLeave(called);
      if (input.userId) io.in(liveMemberRoom(tenantId, sessionId, input.userId)).socketsJoin(called);
      io.to(room).emit("rtc:called", { sessionId, userId: input.userId });
      return {};
    },
    "rtc:list": async (_input: unknown, { sessionId }: Ctx) => {
      roleIn(sessionId);
      return { publishers: await listRtcPublishers(io, tenantId, sessionId) };
    },
  };
}
