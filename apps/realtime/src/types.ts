import type { TSessionUser } from "@yanxiu/services/auth";
import type { TLiveRole, TRtcMedia } from "@yanxiu/domain/live";

/** The live session rooms this socket is in: its role there and its open attendance interval. */
export type TLiveMemberships = Record<string, { role: TLiveRole; attendanceId: string }>;

/**
 * `sessionId`: the sign-in session's stored id (its sockets close when it is signed out).
 * `rtc`: the live sessions this socket publishes audio/video in, and what it sends.
 */
export type SocketData = { tenantId: string; user: TSessionUser; live: TLiveMemberships; sessionId: string; rtc?: Record<string, TRtcMedia> };
