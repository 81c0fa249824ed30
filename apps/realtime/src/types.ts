import type { TSessionUser } from "@yanxiu/db/auth";
import type { TLiveRole } from "@yanxiu/domain/live";

/** The live session rooms this socket is in: its role there and its open attendance interval. */
export type TLiveMemberships = Record<string, { role: TLiveRole; attendanceId: string }>;

/** `sessionId`: the sign-in session's stored id (its sockets close when it is signed out). */
export type SocketData = { tenantId: string; user: TSessionUser; live: TLiveMemberships; sessionId: string };
