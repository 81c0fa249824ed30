import { z } from "zod";
import type { TErrorCode } from "./errors.ts";
import { tenantRoom } from "./tenant.ts";

/**
 * Live session room contracts and rules (issue 6): what a client may send (each event parsed with the
 * schema below before anything else), what the server sends back, who may do what by role, the hand
 * queue's order, poll tallies and the per-socket rate limits. Pure: the services in packages/services and the
 * handlers in apps/realtime apply them.
 */

const ZId = z.uuid();

export const liveRoles = ["host", "coHost", "participant"] as const;
export type TLiveRole = (typeof liveRoles)[number];
export const liveSessionStatuses = ["scheduled", "live", "ended"] as const;
export type TLiveSessionStatus = (typeof liveSessionStatuses)[number];

// ─── Rooms ───────────────────────────────────────────────────────────────────────────────────────

/** The socket.io room of one live session. Room names always carry the tenant id. */
export function liveSessionRoom(tenantId: string, sessionId: string): string {
  return `${tenantRoom(tenantId)}:session:${sessionId}`;
}

const roomShape = /^tenant:([0-9a-f-]{36}):session:([0-9a-f-]{36})$/i;
/** The tenant and session a room name names, or null when it is no live session room. */
export function parseLiveSessionRoom(room: string): { tenantId: string; sessionId: string } | null {
  const m = roomShape.exec(room);
  return m ? { tenantId: m[1]!, sessionId: m[2]! } : null;
}

/** A breakout group's room: its members' sockets (and the moderators') get its chat and document. */
export function liveGroupRoom(tenantId: string, sessionId: string, groupId: string): string {
  return `${liveSessionRoom(tenantId, sessionId)}:group:${groupId}`;
}
/** One person's sockets in one session (so a process can move them into a group room on every process). */
export function liveMemberRoom(tenantId: string, sessionId: string, userId: string): string {
  return `${liveSessionRoom(tenantId, sessionId)}:member:${userId}`;
}
/** The host's and co-hosts' sockets in one session: they see every group's chat and document. */
export function liveModeratorRoom(tenantId: string, sessionId: string): string {
  return `${liveSessionRoom(tenantId, sessionId)}:moderators`;
}
/** Whether a room is one of a session's sub-rooms (group, member, moderators). */
export function isLiveSubRoom(room: string, tenantId: string, sessionId: string): boolean {
  return room.startsWith(`${liveSessionRoom(tenantId, sessionId)}:`);
}
/** The sockets of whoever the host called on (their microphone may open; see rtcPublishRefusal). */
export function liveCalledRoom(tenantId: string, sessionId: string): string {
  return `${liveSessionRoom(tenantId, sessionId)}:called`;
}

// ─── Limits ──────────────────────────────────────────────────────────────────────────────────────

export const liveLimits = {
  chatBodyChars: 2000,
  /** Messages a (re)joining client gets back. */
  chatHistory: 100,
  pollQuestionChars: 300,
  pollOptionChars: 100,
  pollMinOptions: 2,
  pollMaxOptions: 10,
  maxSlidePage: 2000,
  titleChars: 100,
  maxScheduledMinutes: 24 * 60,
  /** Whiteboard: coordinates are normalised to the page (0..1), x and y interleaved. */
  strokeMaxPoints: 2000,
  strokeMinWidth: 0.5,
  strokeMaxWidth: 50,
  /** One Yjs update or state vector from a client (the socket's own limit is 64 KiB). */
  docUpdateBytes: 32 * 1024,
  /** Updates kept as rows before they are folded into a snapshot (a version). */
  docCompactEvery: 100,
  minGroups: 2,
  maxGroups: 20,
} as const;

/** The Y.Text every lesson-plan document edits, on every client and on the server. */
export const liveDocTextName = "content";
export const liveMainDocKey = "main";
const groupDocKeyShape = /^group:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** `main` (the session's document) or `group:<groupId>` (a breakout group's). */
export const ZDocKey = z.union([z.literal(liveMainDocKey), z.string().regex(groupDocKeyShape)]);
export type TDocKey = z.infer<typeof ZDocKey>;
export const groupDocKey = (groupId: string): string => `group:${groupId}`;
/** The group a doc key names, or null for the main document. */
export function docKeyGroup(docKey: string): string | null {
  return groupDocKeyShape.exec(docKey)?.[1]?.toLowerCase() ?? null;
}
export const breakoutGroupName = (position: number): string => `第 ${position} 组`;

/**
 * Round-robin: the i-th person (in the order given) goes to group i mod n. Pure, so every reader of the
 * split agrees with the service that made it.
 */
export function splitRoundRobin<T>(people: readonly T[], groups: number): T[][] {
  const out = Array.from({ length: groups }, () => [] as T[]);
  people.forEach((p, i) => out[i % groups]!.push(p));
  return out;
}

// ─── Client → server events ──────────────────────────────────────────────────────────────────────

const ZSessionRef = z.object({ sessionId: ZId }).strict();

export const ZLiveJoin = ZSessionRef;
export const ZLiveLeave = ZSessionRef;
/** With `groupId`: a message in that breakout group's chat (its members and the moderators only). */
export const ZChatSend = z
  .object({ sessionId: ZId, body: z.string().trim().min(1).max(liveLimits.chatBodyChars), groupId: ZId.optional() })
  .strict();
export const ZChatDelete = z.object({ sessionId: ZId, messageId: ZId }).strict();
export const ZParticipantMute = z.object({ sessionId: ZId, userId: ZId, muted: z.boolean() }).strict();
export const ZParticipantRemove = z.object({ sessionId: ZId, userId: ZId }).strict();
export const ZHandRaise = ZSessionRef;
/** Without `userId` (or with one's own) a participant lowers their own hand; a host lowers anyone's. */
export const ZHandLower = z.object({ sessionId: ZId, userId: ZId.optional() }).strict();
export const ZPollCreate = z
  .object({
    sessionId: ZId,
    question: z.string().trim().min(1).max(liveLimits.pollQuestionChars),
    options: z
      .array(z.string().trim().min(1).max(liveLimits.pollOptionChars))
      .min(liveLimits.pollMinOptions)
      .max(liveLimits.pollMaxOptions),
  })
  .strict();
export const ZPollAnswer = z
  .object({ sessionId: ZId, pollId: ZId, option: z.number().int().min(0).max(liveLimits.pollMaxOptions - 1) })
  .strict();
export const ZPollClose = z.object({ sessionId: ZId, pollId: ZId }).strict();
export const ZSlideSet = z.object({ sessionId: ZId, page: z.number().int().min(1).max(liveLimits.maxSlidePage) }).strict();
/** The host puts an uploaded PDF (upload purpose `liveSlides`) on the room's screen; everyone goes to page 1. */
export const ZSlidesUse = z.object({ sessionId: ZId, fileId: ZId }).strict();
export const ZSessionStart = ZSessionRef;
export const ZSessionEnd = ZSessionRef;

const ZUnit = z.number().finite().min(0).max(1);
const ZPage = z.number().int().min(1).max(liveLimits.maxSlidePage);
/** A stroke drawn over a slide page; `strokeId` is the client's uuid, so resending it is harmless. */
export const ZStrokeAdd = z
  .object({
    sessionId: ZId,
    strokeId: ZId,
    page: ZPage,
    points: z
      .array(ZUnit)
      .min(2)
      .max(liveLimits.strokeMaxPoints * 2)
      .refine((a) => a.length % 2 === 0, "x and y pairs"),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    width: z.number().finite().min(liveLimits.strokeMinWidth).max(liveLimits.strokeMaxWidth),
  })
  .strict();
export const ZStrokeUndo = z.object({ sessionId: ZId, strokeId: ZId }).strict();
export const ZBoardClear = z.object({ sessionId: ZId, page: ZPage }).strict();
export const ZBoardPage = z.object({ sessionId: ZId, page: ZPage }).strict();

/** Binary from socket.io (a Buffer on the server, which is a Uint8Array), bounded. */
const ZBytes = z.instanceof(Uint8Array).refine((b) => b.byteLength <= liveLimits.docUpdateBytes, "too large");
export const ZDocUpdate = z.object({ sessionId: ZId, docKey: ZDocKey, update: ZBytes.refine((b) => b.byteLength > 0, "empty") }).strict();
/** Without `stateVector` the whole document comes back. */
export const ZDocSync = z.object({ sessionId: ZId, docKey: ZDocKey, stateVector: ZBytes.optional() }).strict();

export const ZBreakoutOpen = z.object({ sessionId: ZId, groups: z.number().int().min(liveLimits.minGroups).max(liveLimits.maxGroups) }).strict();
export const ZBreakoutClose = ZSessionRef;

export type TLiveJoin = z.infer<typeof ZLiveJoin>;
export type TChatSend = z.infer<typeof ZChatSend>;
export type TChatDelete = z.infer<typeof ZChatDelete>;
export type TParticipantMute = z.infer<typeof ZParticipantMute>;
export type TParticipantRemove = z.infer<typeof ZParticipantRemove>;
export type THandLower = z.infer<typeof ZHandLower>;
export type TPollCreate = z.infer<typeof ZPollCreate>;
export type TPollAnswer = z.infer<typeof ZPollAnswer>;
export type TPollClose = z.infer<typeof ZPollClose>;
export type TSlideSet = z.infer<typeof ZSlideSet>;
export type TSlidesUse = z.infer<typeof ZSlidesUse>;
export type TStrokeAdd = z.infer<typeof ZStrokeAdd>;
export type TStrokeUndo = z.infer<typeof ZStrokeUndo>;
export type TBoardClear = z.infer<typeof ZBoardClear>;
export type TBoardPage = z.infer<typeof ZBoardPage>;
export type TDocUpdate = z.infer<typeof ZDocUpdate>;
export type TDocSync = z.infer<typeof ZDocSync>;
export type TBreakoutOpen = z.infer<typeof ZBreakoutOpen>;

// ─── Audio and video: WebRTC signalling (issue 7) ────────────────────────────────────────────────

export const rtcLimits = {
  /**
   * One SDP. Real ones are a few KB; the bound stays well under the socket's 64 KiB message limit, so an
   * oversized one is refused with an ack instead of the socket being cut for an oversized frame.
   */
  sdpChars: 32 * 1024,
  candidateChars: 1024,
  /** Publishers in one session's mesh: each sends one stream per receiver (decision 011, apps/realtime). */
  maxPublishers: 4,
} as const;

export const rtcSignalKinds = ["offer", "answer", "ice", "bye"] as const;
export type TRtcSignalKind = (typeof rtcSignalKinds)[number];
/** RTCIceCandidateInit, bounded. A null/empty `candidate` is the end of candidates. */
export const ZRtcCandidate = z
  .object({
    candidate: z.string().max(rtcLimits.candidateChars),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(255).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .strict();
/**
 * One signalling message for one person in the same session. `from` is accepted and ignored: the server
 * always sets it from the socket (a client cannot speak for someone else). Publisher-offers-only: offers
 * come from publishers, answers go back to them; `bye` closes the pair's connection.
 */
export const ZRtcSignal = z
  .object({
    sessionId: ZId,
    to: ZId,
    kind: z.enum(rtcSignalKinds),
    sdp: z.string().min(1).max(rtcLimits.sdpChars).optional(),
    candidate: ZRtcCandidate.optional(),
    /**
     * Which connection between the two it is about: an id the offerer picks and both sides echo. Two
     * publishers in one mesh hold two connections (one each way); with an SFU, one per transport.
     */
    pc: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    from: z.string().max(64).optional(),
  })
  .strict()
  .refine((s) => (s.kind === "offer" || s.kind === "answer" ? s.sdp !== undefined && s.candidate === undefined : s.sdp === undefined), "sdp with offer and answer only")
  .refine((s) => (s.kind === "ice" ? s.candidate !== undefined : s.candidate === undefined), "candidate with ice only");
/** A viewer's 音频+课件 mode: publishers stop sending it video (audio continues). */
export const ZRtcMode = z.object({ sessionId: ZId, lowBandwidth: z.boolean() }).strict();
/** A publisher's state: starting, stopping, muting the microphone, turning the camera off, sharing the screen. */
export const ZRtcPublish = z.object({ sessionId: ZId, publishing: z.boolean(), audio: z.boolean(), video: z.boolean(), screen: z.boolean() }).strict();
export const ZRtcList = ZSessionRef;
/** The host calls on one participant (their microphone may open), or on nobody (`userId: null`). */
export const ZRtcCall = z.object({ sessionId: ZId, userId: ZId.nullable() }).strict();
export type TRtcCall = z.infer<typeof ZRtcCall>;
/** One STUN/TURN server as RTCPeerConnection takes it (configuration: the web app's RTC_ICE_SERVERS). */
export const ZRtcIceServer = z
  .object({
    urls: z.union([z.string().regex(/^(stun|stuns|turn|turns):/), z.array(z.string().regex(/^(stun|stuns|turn|turns):/)).min(1)]),
    username: z.string().optional(),
    credential: z.string().optional(),
  })
  .strict();
export type TRtcIceServer = z.infer<typeof ZRtcIceServer>;
export type TRtcSignalInput = z.infer<typeof ZRtcSignal>;
export type TRtcCandidate = z.infer<typeof ZRtcCandidate>;
export type TRtcMode = z.infer<typeof ZRtcMode>;
export type TRtcPublish = z.infer<typeof ZRtcPublish>;
/** What a publisher sends now (the server keeps it on the publisher's socket). */
export type TRtcMedia = { audio: boolean; video: boolean; screen: boolean };
export type TRtcPublisher = { userId: string } & TRtcMedia;
/** A relayed signal: the envelope a client sent, without `to`, with the sender the server saw. */
export type TRtcSignal = { sessionId: string; from: string; kind: TRtcSignalKind; pc?: string; sdp?: string; candidate?: TRtcCandidate };

/** One sample of a receiving connection's quality (from getStats, over the last interval). */
export type TRtcQualitySample = { lossPercent: number; rttMs: number | null };
export const rtcQualityThresholds = { lossPercent: 8, rttMs: 600, samples: 3 } as const;
/**
 * Whether a viewer's connection looks poor enough to propose 音频+课件 mode: the last few samples all
 * lose too many packets or wait too long. One bad sample (a hiccup) is not enough.
 */
export function rtcLooksPoor(samples: readonly TRtcQualitySample[], t = rtcQualityThresholds): boolean {
  const last = samples.slice(-t.samples);
  return last.length === t.samples && last.every((s) => s.lossPercent >= t.lossPercent || (s.rttMs != null && s.rttMs >= t.rttMs));
}

/**
 * Why a signal may not go from sender to target (both already known to be joined to the session), or null.
 * Offers carry media, so only a publishing host or co-host sends them; answers go only to a publisher.
 */
export function rtcSignalRefusal(
  sender: { userId: string; role: TLiveRole; publishing: boolean; called?: boolean },
  target: { userId: string; publishing: boolean },
  kind: TRtcSignalKind,
): TErrorCode | null {
  if (sender.userId === target.userId) return "badRequest";
  if (kind === "offer" && ((!mayLive(sender.role, "av.publish") && !sender.called) || !sender.publishing)) return "forbidden";
  if (kind === "answer" && !target.publishing) return "forbidden";
  return null;
}

/** Whether someone may start publishing (or change what they publish) given who publishes already. */
export function rtcPublishRefusal(
  me: { userId: string; role: TLiveRole },
  media: TRtcMedia,
  publishers: readonly { userId: string }[],
  maxPublishers: number = rtcLimits.maxPublishers,
  /** Called on by the host: a participant may then send audio (only). */
  called = false,
): TErrorCode | null {
  if (!mayLive(me.role, "av.publish") && !(called && !media.video && !media.screen)) return "forbidden";
  if (media.screen && !mayLive(me.role, "av.screen")) return "forbidden";
  const others = new Set(publishers.map((p) => p.userId).filter((id) => id !== me.userId));
  return others.size >= maxPublishers ? "rtcPublishersFull" : null;
}

/** Rate-limit groups: each socket has one token bucket per group. */
export const liveEventGroups = ["join", "chat", "control", "answer", "draw", "doc", "signal"] as const;
export type TLiveEventGroup = (typeof liveEventGroups)[number];

export type TTokenBucketPolicy = { capacity: number; refillPerSecond: number };
/** Per socket and group. Generous for a person, tight for a script. */
export const liveRateLimits: Record<TLiveEventGroup, TTokenBucketPolicy> = {
  join: { capacity: 6, refillPerSecond: 0.5 },
  chat: { capacity: 8, refillPerSecond: 1 },
  control: { capacity: 20, refillPerSecond: 4 },
  answer: { capacity: 6, refillPerSecond: 1 },
  /** A stroke is sent when the pen lifts; a fast drawer lifts a few times a second. */
  draw: { capacity: 40, refillPerSecond: 10 },
  /** Yjs sends an update per keystroke burst; clients are expected to batch (e.g. every 100 ms). */
  doc: { capacity: 60, refillPerSecond: 20 },
  /**
   * WebRTC signals: a publisher starting with 4 receivers sends 4 offers and, per connection, a burst of
   * ICE candidates (host, server-reflexive and relay, per interface: easily 10–20) within a second or two.
   */
  signal: { capacity: 150, refillPerSecond: 40 },
};

/**
 * Every inbound live event: its schema, its rate-limit group, and whether the socket must already be in
 * the session's room (everything but joining). The realtime server registers handlers from this table.
 */
export const liveClientEvents = {
  "live:join": { schema: ZLiveJoin, group: "join", needsRoom: false },
  "live:leave": { schema: ZLiveLeave, group: "join", needsRoom: true },
  "chat:send": { schema: ZChatSend, group: "chat", needsRoom: true },
  "chat:delete": { schema: ZChatDelete, group: "control", needsRoom: true },
  "participant:mute": { schema: ZParticipantMute, group: "control", needsRoom: true },
  "participant:remove": { schema: ZParticipantRemove, group: "control", needsRoom: true },
  "hand:raise": { schema: ZHandRaise, group: "control", needsRoom: true },
  "hand:lower": { schema: ZHandLower, group: "control", needsRoom: true },
  "poll:create": { schema: ZPollCreate, group: "control", needsRoom: true },
  "poll:answer": { schema: ZPollAnswer, group: "answer", needsRoom: true },
  "poll:close": { schema: ZPollClose, group: "control", needsRoom: true },
  "slide:set": { schema: ZSlideSet, group: "control", needsRoom: true },
  "slides:use": { schema: ZSlidesUse, group: "control", needsRoom: true },
  "session:start": { schema: ZSessionStart, group: "control", needsRoom: true },
  "session:end": { schema: ZSessionEnd, group: "control", needsRoom: true },
  "stroke:add": { schema: ZStrokeAdd, group: "draw", needsRoom: true },
  "stroke:undo": { schema: ZStrokeUndo, group: "draw", needsRoom: true },
  "board:clear": { schema: ZBoardClear, group: "control", needsRoom: true },
  "board:page": { schema: ZBoardPage, group: "control", needsRoom: true },
  "doc:update": { schema: ZDocUpdate, group: "doc", needsRoom: true },
  "doc:sync": { schema: ZDocSync, group: "doc", needsRoom: true },
  "breakout:open": { schema: ZBreakoutOpen, group: "control", needsRoom: true },
  "breakout:close": { schema: ZBreakoutClose, group: "control", needsRoom: true },
  "rtc:signal": { schema: ZRtcSignal, group: "signal", needsRoom: true },
  "rtc:mode": { schema: ZRtcMode, group: "control", needsRoom: true },
  "rtc:publish": { schema: ZRtcPublish, group: "control", needsRoom: true },
  "rtc:list": { schema: ZRtcList, group: "control", needsRoom: true },
  "rtc:call": { schema: ZRtcCall, group: "control", needsRoom: true },
} as const satisfies Record<string, { schema: z.ZodType<{ sessionId: string }>; group: TLiveEventGroup; needsRoom: boolean }>;
export type TLiveClientEvent = keyof typeof liveClientEvents;
export const liveClientEventNames = Object.keys(liveClientEvents) as TLiveClientEvent[];

// ─── Token bucket (pure; the realtime server keeps one state per socket and group) ───────────────

export type TTokenBucket = { tokens: number; at: number };

/** Takes one token if there is one. Returns the new state and whether the event may go on. */
export function takeToken(state: TTokenBucket | undefined, policy: TTokenBucketPolicy, nowMs: number): { state: TTokenBucket; ok: boolean } {
  const prev = state ?? { tokens: policy.capacity, at: nowMs };
  const elapsed = Math.max(0, nowMs - prev.at) / 1000;
  const tokens = Math.min(policy.capacity, prev.tokens + elapsed * policy.refillPerSecond);
  if (tokens < 1) return { state: { tokens, at: nowMs }, ok: false };
  return { state: { tokens: tokens - 1, at: nowMs }, ok: true };
}

// ─── Who may do what ─────────────────────────────────────────────────────────────────────────────

export const liveActions = [
  "chat.send",
  "chat.deleteOwn",
  "chat.deleteAny",
  "participant.mute",
  "participant.remove",
  "hand.raise",
  "hand.lowerOwn",
  "hand.lowerAny",
  "poll.create",
  "poll.answer",
  "poll.close",
  "slide.set",
  "session.start",
  "session.end",
  "board.draw",
  "board.undoAny",
  "board.clear",
  "doc.edit",
  "breakout.manage",
  /** Send audio and video into the session's mesh. */
  "av.publish",
  "av.screen",
  /** Call on someone (a 双师 classroom's assistant): their microphone may open while called. */
  "av.callOn",
] as const;
export type TLiveAction = (typeof liveActions)[number];

const everyone: TLiveAction[] = ["chat.send", "chat.deleteOwn", "hand.raise", "hand.lowerOwn", "poll.answer", "board.draw", "doc.edit"];
const moderators: TLiveAction[] = [
  ...everyone,
  "chat.deleteAny",
  "participant.mute",
  "participant.remove",
  "hand.lowerAny",
  "poll.create",
  "poll.close",
  "slide.set",
  "board.undoAny",
  "board.clear",
  "breakout.manage",
  "av.publish",
  "av.callOn",
];
const allowed: Record<TLiveRole, ReadonlySet<TLiveAction>> = {
  participant: new Set(everyone),
  coHost: new Set(moderators),
  host: new Set<TLiveAction>([...moderators, "session.start", "session.end", "av.screen"]),
};

export function mayLive(role: TLiveRole, action: TLiveAction): boolean {
  return allowed[role].has(action);
}

/** Whom a moderator may mute or remove: the host anyone but themselves; a co-host only participants. */
export function mayModerate(actor: { userId: string; role: TLiveRole }, target: { userId: string; role: TLiveRole }): boolean {
  if (actor.userId === target.userId || target.role === "host") return false;
  if (actor.role === "host") return true;
  return actor.role === "coHost" && target.role === "participant";
}

/**
 * Whether an action may happen in a session of this status: nothing changes once it has ended; answering
 * polls and raising hands wait for it to start (chat works in the waiting room).
 */
export function statusRefusal(status: TLiveSessionStatus, action: TLiveAction): TErrorCode | null {
  if (status === "ended") return "sessionEnded";
  if (status === "scheduled" && (action === "poll.answer" || action === "hand.raise" || action === "session.end" || action === "breakout.manage")) return "sessionNotLive";
  return null;
}

// ─── Hand queue and polls ────────────────────────────────────────────────────────────────────────

export type THandEntry = { userId: string; displayName: string; raisedAt: string };

/** First raised, first called; ties (same instant) by user id so every process shows the same order. */
export function handQueue<T extends { userId: string; handRaisedAt: Date | string | null }>(participants: readonly T[]): T[] {
  const at = (p: T) => new Date(p.handRaisedAt!).getTime();
  return participants
    .filter((p) => p.handRaisedAt != null)
    .sort((a, b) => at(a) - at(b) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/** Counts per option (answers out of range are ignored: the service refuses them anyway). */
export function tallyPoll(optionCount: number, answers: readonly number[]): { counts: number[]; total: number } {
  const counts = Array.from({ length: optionCount }, () => 0);
  for (const a of answers) if (Number.isInteger(a) && a >= 0 && a < optionCount) counts[a]! += 1;
  return { counts, total: counts.reduce((s, n) => s + n, 0) };
}

// ─── Creating a session (web) ────────────────────────────────────────────────────────────────────

/**
 * A session is scheduled for now or later (issue 13): a start in the past would put a time on the record
 * that never happened. `graceMinutes` tolerates a form filled a moment ago (and a clock a little off);
 * the form proposes a start at least `leadMinutes` ahead, on the next `stepMinutes` boundary.
 */
export const liveSchedulePolicy = { graceMinutes: 5, leadMinutes: 15, stepMinutes: 30 } as const;
export const pastStartMessage = "开始时间不能早于当前时间";

/** The Chinese message for a start in the past, or null. */
export function pastStartRefusal(start: Date, now: Date, policy = liveSchedulePolicy): string | null {
  return start.getTime() < now.getTime() - policy.graceMinutes * 60_000 ? pastStartMessage : null;
}

/**
 * What a schedule form proposes: the planned time (a studio activity's day, a course unit's start) while it
 * is at least `leadMinutes` ahead; otherwise the first `stepMinutes` boundary that is (China is UTC+8 all
 * year, so half hours are the same there as in UTC).
 */
export function suggestedLiveStart(planned: Date | null, now: Date, policy = liveSchedulePolicy): Date {
  const earliest = now.getTime() + policy.leadMinutes * 60_000;
  if (planned && planned.getTime() >= earliest) return planned;
  const step = policy.stepMinutes * 60_000;
  return new Date(Math.ceil(earliest / step) * step);
}

/** A session's start: a valid instant, not in the past (judged when the input is parsed). */
export const ZLiveStart = z.coerce
  .date("请填写有效的开始时间")
  .refine((d) => pastStartRefusal(d, new Date()) === null, pastStartMessage);

/** A live session's title, start and planned length; `titleLabel` names the title in the messages (直播标题, 课堂标题). */
export function liveScheduleFields(titleLabel: string) {
  return {
    title: z.string(`请填写${titleLabel}`).trim().min(1, `请填写${titleLabel}`).max(liveLimits.titleChars, `标题不能超过 ${liveLimits.titleChars} 个字`),
    scheduledStart: ZLiveStart,
    scheduledMinutes: z.coerce
      .number("请填写时长（分钟）")
      .int("时长须为整数分钟")
      .min(5, "时长至少 5 分钟")
      .max(liveLimits.maxScheduledMinutes, `时长不能超过 ${liveLimits.maxScheduledMinutes} 分钟`),
  };
}
const ZSchedule = liveScheduleFields("直播标题");
export const ZCreateStudioLiveSession = z.object({ studioId: ZId, activityId: ZId.optional(), ...ZSchedule }).strict();
export const ZCreateCourseLiveSession = z.object({ courseId: ZId, unitId: ZId, ...ZSchedule }).strict();
export const ZCreateLiveSessionInput = z.union([ZCreateStudioLiveSession, ZCreateCourseLiveSession]);
/**
 * The branch of ZCreateLiveSessionInput an input means (a studio's when it names a studio), so a form's
 * errors come back per field in Chinese instead of one "no branch matched".
 */
export function createLiveSessionSchemaFor(input: unknown): typeof ZCreateStudioLiveSession | typeof ZCreateCourseLiveSession {
  return input && typeof input === "object" && "studioId" in input && (input as { studioId?: unknown }).studioId !== undefined
    ? ZCreateStudioLiveSession
    : ZCreateCourseLiveSession;
}
export type TCreateLiveSessionInput = z.infer<typeof ZCreateLiveSessionInput>;

/** A guest for one session, named by account or 教师编号 (the host invites from the room page). */
export const ZLiveInviteInput = z
  .object({
    sessionId: ZId,
    login: z.string("请填写被邀请人的账号或教师编号").trim().min(1, "请填写被邀请人的账号或教师编号").max(64, "账号不能超过 64 个字符"),
  })
  .strict();
export const ZLiveInviteRevoke = z.object({ sessionId: ZId, userId: ZId }).strict();
export type TLiveInviteInput = z.infer<typeof ZLiveInviteInput>;
export type TLiveInvite = { userId: string; displayName: string; login: string; invitedAt: string; joined: boolean };

// ─── Server → client ─────────────────────────────────────────────────────────────────────────────

export type TLiveSessionFacts = {
  id: string;
  title: string;
  kind: "studio" | "coTeaching";
  status: TLiveSessionStatus;
  hostId: string;
  studioId: string | null;
  activityId: string | null;
  courseId: string | null;
  unitId: string | null;
  scheduledStart: string;
  scheduledMinutes: number;
  startedAt: string | null;
  endedAt: string | null;
  slidesFileId: string | null;
  slidePage: number;
};
export type TLiveParticipant = { userId: string; displayName: string; role: TLiveRole; muted: boolean };
export type TChatMessage = {
  id: string;
  sessionId: string;
  /** A breakout group's message; absent or null in the room's chat. */
  groupId?: string | null;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: string;
};
export type TStroke = { id: string; page: number; authorId: string; points: number[]; color: string; width: number; createdAt: string };
export type TBoardPageState = { page: number; strokes: TStroke[] };
export type TLiveGroup = { id: string; position: number; name: string; memberIds: string[] };
export type TBreakoutState = { open: boolean; groups: TLiveGroup[] };
/** A Yjs update (base64 in the room state, which is JSON-safe) that brings an empty Y.Doc to the document. */
export type TDocState = { docKey: string; update: string };
export type TDocVersion = { id: string; docKey: string; createdAt: string };
export type TPollView = {
  id: string;
  question: string;
  options: string[];
  status: "open" | "closed";
  counts: number[];
  total: number;
  /** The caller's own answer, or null. */
  myAnswer: number | null;
  createdAt: string;
};
export type TPollTally = { pollId: string; status: "open" | "closed"; counts: number[]; total: number };
export type TSlideState = { slidesFileId: string | null; page: number };
export type TOnlineEntry = { userId: string; displayName: string; role: TLiveRole };

/** Everything a (re)joining client needs to draw the room. */
export type TLiveRoomState = {
  session: TLiveSessionFacts;
  me: TLiveParticipant;
  participants: TLiveParticipant[];
  chat: TChatMessage[];
  polls: TPollView[];
  slide: TSlideState;
  handQueue: THandEntry[];
  /** The strokes on the page on screen. */
  board: TBoardPageState;
  /** The session's document; the group's in `group` while breakouts are open. */
  doc: TDocState;
  breakout: TBreakoutState;
  /** The caller's breakout group, its chat and document; null outside breakouts (and for moderators). */
  group: { id: string; name: string; chat: TChatMessage[]; doc: TDocState } | null;
};

type Err = { ok: false; code: TErrorCode; message: string };
export type TLiveAck<T extends object = object> = ({ ok: true } & T) | Err;
type AckFn<T extends object = object> = (res: TLiveAck<T>) => void;

export interface LiveClientToServerEvents {
  "live:join": (payload: unknown, ack?: AckFn<{ state: TLiveRoomState }>) => void;
  "live:leave": (payload: unknown, ack?: AckFn) => void;
  "chat:send": (payload: unknown, ack?: AckFn<{ message: TChatMessage }>) => void;
  "chat:delete": (payload: unknown, ack?: AckFn<{ messageId: string }>) => void;
  "participant:mute": (payload: unknown, ack?: AckFn<{ participant: TLiveParticipant }>) => void;
  "participant:remove": (payload: unknown, ack?: AckFn<{ userId: string }>) => void;
  "hand:raise": (payload: unknown, ack?: AckFn<{ queue: THandEntry[] }>) => void;
  "hand:lower": (payload: unknown, ack?: AckFn<{ queue: THandEntry[] }>) => void;
  "poll:create": (payload: unknown, ack?: AckFn<{ poll: TPollView }>) => void;
  "poll:answer": (payload: unknown, ack?: AckFn<{ tally: TPollTally }>) => void;
  "poll:close": (payload: unknown, ack?: AckFn<{ tally: TPollTally }>) => void;
  "slide:set": (payload: unknown, ack?: AckFn<{ slide: TSlideState }>) => void;
  "slides:use": (payload: unknown, ack?: AckFn<{ slide: TSlideState }>) => void;
  "session:start": (payload: unknown, ack?: AckFn<{ status: TLiveSessionStatus }>) => void;
  "session:end": (payload: unknown, ack?: AckFn<{ status: TLiveSessionStatus }>) => void;
  "stroke:add": (payload: unknown, ack?: AckFn<{ stroke: TStroke }>) => void;
  "stroke:undo": (payload: unknown, ack?: AckFn<{ page: number; strokeId: string }>) => void;
  "board:clear": (payload: unknown, ack?: AckFn<{ page: number }>) => void;
  "board:page": (payload: unknown, ack?: AckFn<{ board: TBoardPageState }>) => void;
  /** Applied on the server's copy first: an update Yjs cannot read is refused and not stored. */
  "doc:update": (payload: unknown, ack?: AckFn<{ docKey: string }>) => void;
  /** `update` is what the sender's state vector lacks (binary). */
  "doc:sync": (payload: unknown, ack?: AckFn<{ docKey: string; update: Uint8Array }>) => void;
  "breakout:open": (payload: unknown, ack?: AckFn<{ breakout: TBreakoutState }>) => void;
  "breakout:close": (payload: unknown, ack?: AckFn<{ breakout: TBreakoutState }>) => void;
  /** Relayed to the target's sockets in the same session only (`notFound` when they are not there). */
  "rtc:signal": (payload: unknown, ack?: AckFn) => void;
  "rtc:mode": (payload: unknown, ack?: AckFn) => void;
  "rtc:publish": (payload: unknown, ack?: AckFn<{ publishers: TRtcPublisher[] }>) => void;
  "rtc:list": (payload: unknown, ack?: AckFn<{ publishers: TRtcPublisher[] }>) => void;
  "rtc:call": (payload: unknown, ack?: AckFn) => void;
}

/** Every server → client live event names its session, so a page in several rooms can tell them apart. */
export interface LiveServerToClientEvents {
  /** A reconnect that recovered the room: the fresh state, as `live:join` would have answered. */
  "live:state": (p: { sessionId: string; state: TLiveRoomState }) => void;
  "live:presence": (p: { sessionId: string; online: TOnlineEntry[] }) => void;
  "live:removed": (p: { sessionId: string }) => void;
  "live:status": (p: { sessionId: string; status: TLiveSessionStatus }) => void;
  "chat:message": (p: { sessionId: string; message: TChatMessage }) => void;
  "chat:deleted": (p: { sessionId: string; messageId: string }) => void;
  "participant:updated": (p: { sessionId: string; participant: TLiveParticipant }) => void;
  "participant:removed": (p: { sessionId: string; userId: string }) => void;
  "hand:queue": (p: { sessionId: string; queue: THandEntry[] }) => void;
  "poll:created": (p: { sessionId: string; poll: TPollView }) => void;
  "poll:tally": (p: { sessionId: string; tally: TPollTally }) => void;
  "slide:changed": (p: { sessionId: string; slide: TSlideState }) => void;
  "stroke:added": (p: { sessionId: string; stroke: TStroke }) => void;
  "stroke:removed": (p: { sessionId: string; page: number; strokeId: string }) => void;
  "board:cleared": (p: { sessionId: string; page: number }) => void;
  /** Another client's update (binary), to apply with Y.applyUpdate. */
  "doc:update": (p: { sessionId: string; docKey: string; update: Uint8Array }) => void;
  /** Groups opened (each client finds itself in `memberIds`) or closed (everyone back in the room). */
  "breakout:changed": (p: { sessionId: string; breakout: TBreakoutState }) => void;
  "rtc:signal": (p: TRtcSignal) => void;
  /** A viewer switched its 音频+课件 mode (every publisher adapts what it sends to `from`). */
  "rtc:mode": (p: { sessionId: string; from: string; lowBandwidth: boolean }) => void;
  /** Who publishes now, and what. */
  "rtc:publishers": (p: { sessionId: string; publishers: TRtcPublisher[] }) => void;
  /** Whom the host called on now (null: nobody). */
  "rtc:called": (p: { sessionId: string; userId: string | null }) => void;
}
