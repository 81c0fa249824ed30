import type { Server, Socket } from "socket.io";
import type { Database } from "@yanxiu/db/client";
import type { Producer } from "@yanxiu/services/queue";
import {
  addStroke,
  answerPoll,
  applyDocUpdate,
  clearBoard,
  closeBreakouts,
  loadBoardPage,
  openBreakouts,
  closeLiveSession,
  syncDoc,
  undoStroke,
  closePoll,
  createPoll,
  deleteChatMessage,
  joinLiveSession,
  leaveLiveSession,
  loadLiveSession,
  loadRoomState,
  liveRemovalsChannel,
  lowerHand,
  muteParticipant,
  publishLiveRemoval,
  raiseHand,
  removeParticipant,
  sendChatMessage,
  setSlidePage,
  startLiveSession,
  useSlides,
  ZLiveRemoval,
  type TLiveActor,
} from "@yanxiu/services/live";
import type { Redis } from "@yanxiu/services/redis";
import { AppError, errorAck } from "@yanxiu/domain/errors";
import {
  docKeyGroup,
  isLiveSubRoom,
  liveClientEventNames,
  liveGroupRoom,
  liveMemberRoom,
  liveModeratorRoom,
  liveClientEvents,
  liveRateLimits,
  liveSessionRoom,
  parseLiveSessionRoom,
  takeToken,
  type TLiveClientEvent,
  type TLiveEventGroup,
  type TLiveRole,
  type TLiveRoomState,
  type TOnlineEntry,
  type TTokenBucket,
} from "@yanxiu/domain/live";
import type { ClientToServerEvents, ServerToClientEvents } from "@yanxiu/domain/socket";
import type { z } from "zod";
import type { SocketData } from "../types.ts";
import { userRoom } from "../user-events.ts";
import { listRtcPublishers, rtcHandlers } from "./rtc.ts";

/** One collator for every sort (localeCompare with a locale builds one per comparison). */
const byChineseName = new Intl.Collator("zh-CN");

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IOSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Log = (m: string) => void;
/** `maxPublishers`: audio/video publishers per session's mesh (RTC_MAX_PUBLISHERS). */
export type LiveDeps = { io: IO; db: Database; pub: Redis; producer: Producer; log: Log; maxPublishers: number };

/**
 * The live session room, by lifecycle: `live:join` (the service decides who may attend) puts the socket in
 * `tenant:{tenantId}:session:{sessionId}`; every other event is refused unless the socket is in that room.
 * Each inbound event is rate-limited per socket and group, parsed with its zod schema from
 * @yanxiu/domain/live, handed to ONE service function, then fanned out to the room; errors become acks.
 */

/** Who is in a session's room right now, across every process; one entry per person. */
export async function listLivePresence(io: IO, tenantId: string, sessionId: string): Promise<TOnlineEntry[]> {
  const sockets = await io.in(liveSessionRoom(tenantId, sessionId)).fetchSockets();
  const byUser = new Map<string, TOnlineEntry>();
  for (const s of sockets) {
    const d = s.data;
    const m = d.live?.[sessionId];
    if (d.tenantId !== tenantId || !m) continue;
    byUser.set(d.user.id, { userId: d.user.id, displayName: d.user.displayName, role: m.role });
  }
  return [...byUser.values()].sort((a, b) => byChineseName.compare(a.displayName, b.displayName));
}

function broadcastLivePresence(deps: LiveDeps, tenantId: string, sessionId: string): void {
  void listLivePresence(deps.io, tenantId, sessionId)
    .then((online) => deps.io.to(liveSessionRoom(tenantId, sessionId)).emit("live:presence", { sessionId, online }))
    .catch((e: Error) => deps.log(`live presence failed: ${e.message}`));
}

type Ctx = { sessionId: string; room: string };

/**
 * Besides the session's room a socket is in sub-rooms of it: its person's (so any process can move all of
 * that person's sockets into a group room with the adapter's socketsJoin), the moderators' (the host and
 * co-hosts get every group's chat and document) and, during breakouts, its group's.
 */
async function syncSubRooms(socket: IOSocket, sessionId: string, role: TLiveRole, state: TLiveRoomState): Promise<void> {
  const { tenantId, user } = socket.data;
  const want = [liveMemberRoom(tenantId, sessionId, user.id)];
  if (role !== "participant") want.push(liveModeratorRoom(tenantId, sessionId));
  if (state.group) want.push(liveGroupRoom(tenantId, sessionId, state.group.id));
  for (const r of [...socket.rooms]) if (isLiveSubRoom(r, tenantId, sessionId) && !want.includes(r)) await socket.leave(r);
  await socket.join(want);
}

async function leaveSubRooms(socket: IOSocket, sessionId: string): Promise<void> {
  for (const r of [...socket.rooms]) if (isLiveSubRoom(r, socket.data.tenantId, sessionId)) await socket.leave(r);
}
type Input<E extends TLiveClientEvent> = z.infer<(typeof liveClientEvents)[E]["schema"]>;
type Handlers = { [E in TLiveClientEvent]: (input: Input<E>, ctx: Ctx) => Promise<object> };

/** Registers the room's handlers on a freshly connected (or recovered) socket. */
export function attachLiveRoom(deps: LiveDeps, socket: IOSocket): void {
  const { io, db, log } = deps;
  const { tenantId, user } = socket.data;
  const actor: TLiveActor = { tenantId, actorId: user.id };
  const buckets = new Map<TLiveEventGroup, TTokenBucket>();
  // A socket's document events run one after another: an update may build on the one before it, which
  // must be stored first (handlers are async, so they would otherwise race).
  let docChain: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = docChain.then(fn, fn);
    docChain = next.catch(() => {});
    return next;
  };
  let lastFloodLog = 0;

  const handlers: Handlers = {
    "live:join": async (_input, { sessionId, room }) => {
      const r = await joinLiveSession({ db, actor, sessionId });
      const previous = socket.data.live[sessionId];
      socket.data.live[sessionId] = { role: r.role, attendanceId: r.attendanceId };
      await socket.join(room);
      await syncSubRooms(socket, sessionId, r.role, r.state);
      // Joining again from the same socket: one interval is enough.
      if (previous) await leaveLiveSession({ db, actor, attendanceId: previous.attendanceId });
      broadcastLivePresence(deps, tenantId, sessionId);
      return { state: r.state };
    },
    "live:leave": async (_input, { sessionId, room }) => {
      await leaveRoom(deps, socket, sessionId, room);
      return {};
    },
    "chat:send": async (input, { sessionId, room }) => {
      const message = await sendChatMessage({ db, actor, input });
      const to = input.groupId ? [liveGroupRoom(tenantId, sessionId, input.groupId), liveModeratorRoom(tenantId, sessionId)] : room;
      io.to(to).emit("chat:message", { sessionId, message });
      return { message };
    },
    "chat:delete": async (input, { sessionId, room }) => {
      const r = await deleteChatMessage({ db, actor, input });
      io.to(room).emit("chat:deleted", { sessionId, messageId: r.messageId });
      return r;
    },
    "participant:mute": async (input, { sessionId, room }) => {
      const participant = await muteParticipant({ db, actor, input });
      io.to(room).emit("participant:updated", { sessionId, participant });
      return { participant };
    },
    "participant:remove": async (input, { sessionId, room }) => {
      const r = await removeParticipant({ db, actor, input });
      // Every process (this one included) disconnects the person's sockets in the room; see relayLiveRemovals.
      if (!(await publishLiveRemoval(deps.pub, { tenantId, sessionId, userId: r.userId }))) log(`live removal of ${r.userId} not published`);
      io.to(room).emit("participant:removed", { sessionId, userId: r.userId });
      return r;
    },
    "hand:raise": async (_input, { sessionId, room }) => {
      const queue = await raiseHand({ db, actor, sessionId });
      io.to(room).emit("hand:queue", { sessionId, queue });
      return { queue };
    },
    "hand:lower": async (input, { sessionId, room }) => {
      const queue = await lowerHand({ db, actor, input });
      io.to(room).emit("hand:queue", { sessionId, queue });
      return { queue };
    },
    "poll:create": async (input, { sessionId, room }) => {
      const poll = await createPoll({ db, actor, input });
      io.to(room).emit("poll:created", { sessionId, poll });
      return { poll };
    },
    "poll:answer": async (input, { sessionId, room }) => {
      const tally = await answerPoll({ db, actor, input });
      io.to(room).emit("poll:tally", { sessionId, tally });
      return { tally };
    },
    "poll:close": async (input, { sessionId, room }) => {
      const tally = await closePoll({ db, actor, input });
      io.to(room).emit("poll:tally", { sessionId, tally });
      return { tally };
    },
    "slide:set": async (input, { sessionId, room }) => {
      const slide = await setSlidePage({ db, actor, input });
      io.to(room).emit("slide:changed", { sessionId, slide });
      return { slide };
    },
    "slides:use": async (input, { sessionId, room }) => {
      const slide = await useSlides({ db, actor, input });
      io.to(room).emit("slide:changed", { sessionId, slide });
      return { slide };
    },
    "session:start": async (_input, { sessionId, room }) => {
      const status = await startLiveSession({ db, actor, sessionId });
      io.to(room).emit("live:status", { sessionId, status });
      return { status };
    },
    "session:end": async (_input, { sessionId, room }) => {
      const status = await closeLiveSession({ db, producer: deps.producer, actor, sessionId, log });
      io.to(room).emit("live:status", { sessionId, status });
      return { status };
    },
    "stroke:add": async (input, { sessionId, room }) => {
      const r = await addStroke({ db, actor, input });
      // A resent stroke (lost ack) is acknowledged again but not drawn twice.
      if (r.created) io.to(room).emit("stroke:added", { sessionId, stroke: r.stroke });
      return { stroke: r.stroke };
    },
    "stroke:undo": async (input, { sessionId, room }) => {
      const r = await undoStroke({ db, actor, input });
      io.to(room).emit("stroke:removed", { sessionId, ...r });
      return r;
    },
    "board:clear": async (input, { sessionId, room }) => {
      const r = await clearBoard({ db, actor, input });
      io.to(room).emit("board:cleared", { sessionId, page: r.page });
      return r;
    },
    "board:page": async (input, { sessionId }) => ({ board: await loadBoardPage({ db, actor, sessionId, page: input.page }) }),
    "doc:update": async (input, { sessionId, room }) => {
      const r = await applyDocUpdate({ db, actor, input });
      const groupId = docKeyGroup(input.docKey);
      // Stored first, then relayed (to everyone else: the sender has it), so whoever builds on it finds it stored.
      const to = groupId ? [liveGroupRoom(tenantId, sessionId, groupId), liveModeratorRoom(tenantId, sessionId)] : room;
      socket.to(to).emit("doc:update", { sessionId, docKey: input.docKey, update: input.update });
      return { docKey: r.docKey };
    },
    "doc:sync": async (input) => syncDoc({ db, actor, input }),
    "breakout:open": async (input, { sessionId, room }) => {
      const r = await openBreakouts({ db, actor, input });
      // Through the adapter: the sockets on every process move (in stream order, before the broadcast below).
      if (r.replaced.length) io.in(room).socketsLeave(r.replaced.map((g) => liveGroupRoom(tenantId, sessionId, g)));
      for (const g of r.breakout.groups) {
        for (const userId of g.memberIds) io.in(liveMemberRoom(tenantId, sessionId, userId)).socketsJoin(liveGroupRoom(tenantId, sessionId, g.id));
      }
      io.to(room).emit("breakout:changed", { sessionId, breakout: r.breakout });
      return { breakout: r.breakout };
    },
    "breakout:close": async (_input, { sessionId, room }) => {
      const r = await closeBreakouts({ db, actor, sessionId });
      if (r.closed.length) io.in(room).socketsLeave(r.closed.map((g) => liveGroupRoom(tenantId, sessionId, g)));
      io.to(room).emit("breakout:changed", { sessionId, breakout: r.breakout });
      return { breakout: r.breakout };
    },
    ...rtcHandlers(deps, socket),
  };

  async function handle(event: TLiveClientEvent, payload: unknown, ack: unknown): Promise<void> {
    const reply = typeof ack === "function" ? (ack as (res: object) => void) : () => {};
    const spec = liveClientEvents[event];
    try {
      const now = Date.now();
      const t = takeToken(buckets.get(spec.group), liveRateLimits[spec.group], now);
      buckets.set(spec.group, t.state);
      if (!t.ok) {
        if (now - lastFloodLog > 5000) {
          lastFloodLog = now;
          log(`live: ${user.id} floods ${spec.group} events (${event}); refusing`);
        }
        reply(errorAck(new AppError("rateLimited", `${spec.group} events too fast`)));
        return;
      }
      const parsed = spec.schema.safeParse(payload);
      if (!parsed.success) throw new AppError("badRequest", `invalid ${event} payload`);
      const sessionId = parsed.data.sessionId;
      const room = liveSessionRoom(tenantId, sessionId);
      if (spec.needsRoom && !socket.rooms.has(room)) throw new AppError("liveNotJoined", `${event} for a room not joined`);
      const run = handlers[event] as (input: unknown, ctx: Ctx) => Promise<object>;
      const go = () => run(parsed.data, { sessionId, room });
      reply({ ok: true, ...(await (spec.group === "doc" ? inOrder(go) : go())) });
    } catch (e) {
      const a = errorAck(e);
      log(`live: ${event} from ${user.id} refused: ${a.code}${a.code === "internal" ? ` (${e instanceof Error ? e.message : String(e)})` : ""}`);
      reply(a);
    }
  }

  const on = socket.on.bind(socket) as unknown as (event: string, fn: (payload: unknown, ack?: unknown) => void) => void;
  for (const event of liveClientEventNames) on(event, (payload, ack) => void handle(event, payload, ack));

  socket.on("disconnect", () => {
    for (const [sessionId, m] of Object.entries(socket.data.live)) {
      void leaveLiveSession({ db, actor, attendanceId: m.attendanceId }).catch((e: Error) => log(`live leave failed: ${e.message}`));
      broadcastLivePresence(deps, tenantId, sessionId);
    }
  });
}

async function leaveRoom(deps: LiveDeps, socket: IOSocket, sessionId: string, room: string): Promise<void> {
  const m = socket.data.live[sessionId];
  delete socket.data.live[sessionId];
  const published = socket.data.rtc?.[sessionId] != null;
  if (socket.data.rtc) delete socket.data.rtc[sessionId];
  await leaveSubRooms(socket, sessionId);
  await socket.leave(room);
  if (m) await leaveLiveSession({ db: deps.db, actor: { tenantId: socket.data.tenantId, actorId: socket.data.user.id }, attendanceId: m.attendanceId });
  broadcastLivePresence(deps, socket.data.tenantId, sessionId);
  if (published) {
    const { tenantId } = socket.data;
    void listRtcPublishers(deps.io, tenantId, sessionId)
      .then((publishers) => deps.io.to(liveSessionRoom(tenantId, sessionId)).emit("rtc:publishers", { sessionId, publishers }))
      .catch((e: Error) => deps.log(`rtc publishers after leave failed: ${e.message}`));
  }
}

/** Reads of a recovered room's state that a broadcast overtook, before one is sent anyway (and logged). */
const maxStateRereads = 5;

/**
 * Whether a broadcast that changes what the room's state holds went out to `socket` for the session since
 * the last `reset` (presence and audio/video signalling are not part of the state).
 */
function watchRoomBroadcasts(socket: IOSocket, sessionId: string) {
  let seen = false;
  const listener = (event: string, payload: unknown) => {
    if (event === "live:presence" || event.startsWith("rtc:")) return;
    if ((payload as { sessionId?: unknown } | null)?.sessionId === sessionId) seen = true;
  };
  socket.onAnyOutgoing(listener);
  return {
    seen: () => seen,
    reset: () => void (seen = false),
    stop: () => void socket.offAnyOutgoing(listener),
  };
}

/**
 * A socket whose connection state was recovered is back in its rooms without having asked: each live room
 * is re-checked with the service (a removed person, an ended session or lost membership is refused and
 * taken out of the room), a new attendance interval opens, and the client gets the room's state.
 *
 * The socket is in the room while its state is read, so a change committed after the read may reach it
 * first; the client takes `live:state` whole, so sending that older state afterwards would undo the change
 * (a loaded process makes the read slow enough to see it: the page turned back, the raised hand gone). So
 * the state is read again until no such broadcast went out while it was read, and is sent at once: what
 * comes after it is newer.
 */
export async function restoreLiveRooms(deps: LiveDeps, socket: IOSocket): Promise<void> {
  const { tenantId, user } = socket.data;
  for (const room of [...socket.rooms]) {
    const parsed = parseLiveSessionRoom(room);
    if (!parsed) continue;
    if (parsed.tenantId !== tenantId) {
      await socket.leave(room);
      continue;
    }
    const { sessionId } = parsed;
    const overtaken = watchRoomBroadcasts(socket, sessionId);
    try {
      const r = await joinLiveSession({ db: deps.db, actor: { tenantId, actorId: user.id }, sessionId });
      socket.data.live[sessionId] = { role: r.role, attendanceId: r.attendanceId };
      let state = r.state;
      for (let reads = 1; ; reads++) {
        // Groups may have opened or closed while it was away.
        await syncSubRooms(socket, sessionId, r.role, state);
        if (!overtaken.seen()) break;
        if (reads > maxStateRereads) {
          deps.log(`live: recovered room ${sessionId} for ${user.id} sent after ${reads} reads overtaken by broadcasts`);
          break;
        }
        overtaken.reset();
        state = await deps.db.withTenant(tenantId, async (tx) => loadRoomState(tx, await loadLiveSession(tx, sessionId), user.id));
      }
      overtaken.stop();
      socket.emit("live:state", { sessionId, state });
      broadcastLivePresence(deps, tenantId, sessionId);
    } catch (e) {
      const a = errorAck(e);
      deps.log(`live: recovered room ${sessionId} refused for ${user.id}: ${a.code}`);
      await leaveSubRooms(socket, sessionId);
      await socket.leave(room);
      if (a.code === "removedFromSession") socket.emit("live:removed", { sessionId });
    } finally {
      overtaken.stop();
    }
  }
}

/**
 * Removals published on Redis: every process takes the person's sockets on ITSELF out of the session
 * (they are told, then disconnected). A message that is not one is logged and dropped, never thrown.
 */
export async function relayLiveRemovals(io: IO, subscriber: Redis, log: Log): Promise<void> {
  await subscriber.subscribe(liveRemovalsChannel);
  subscriber.on("message", (channel: string, raw: string) => {
    if (channel !== liveRemovalsChannel) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      log("ignored a live removal that is not JSON");
      return;
    }
    const m = ZLiveRemoval.safeParse(json);
    if (!m.success) {
      log("ignored a malformed live removal");
      return;
    }
    const { tenantId, sessionId, userId, announce } = m.data;
    const room = liveSessionRoom(tenantId, sessionId);
    for (const id of io.sockets.adapter.rooms.get(userRoom(tenantId, userId)) ?? []) {
      const s = io.sockets.sockets.get(id);
      if (!s || !s.rooms.has(room)) continue;
      // The service already closed their attendance; nothing is left to close on disconnect.
      delete s.data.live[sessionId];
      // `local`: written at once. A plain emit goes through the adapter's stream first (connection state
      // recovery numbers it) and would leave after the disconnect.
      io.local.to(s.id).emit("live:removed", { sessionId });
      s.disconnect(true);
    }
    // Every process gets the message, so each tells only the sockets on itself: everyone hears it once.
    if (announce) io.local.to(room).emit("participant:removed", { sessionId, userId });
  });
}
