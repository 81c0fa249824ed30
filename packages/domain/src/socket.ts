import { z } from "zod";
import type { LiveClientToServerEvents, LiveServerToClientEvents } from "./live.ts";
import type { TRole } from "./roles.ts";

/** One person who is online, as the tenant's presence list shows them. */
export const ZPresenceEntry = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  role: z.string(),
});
export type TPresenceEntry = z.infer<typeof ZPresenceEntry> & { role: TRole };

export const ZPresenceRequest = z.object({}).strict();

export type TPresenceAck = { ok: true; online: TPresenceEntry[] } | { ok: false; code: string; message: string };

/**
 * Something happened to one person's data that their open pages should show without a reload: the worker
 * credited a course, or a certificate was issued. Published on Redis (`userEventsChannel`) by whoever made
 * the change, after commit; each realtime process relays it to the person's room. Ids only: the page
 * re-reads its own data.
 */
export const userEventKinds = ["creditAwarded", "certificateIssued"] as const;
export const ZUserEvent = z.object({
  tenantId: z.uuid(),
  userId: z.uuid(),
  kind: z.enum(userEventKinds),
});
export type TUserEvent = z.infer<typeof ZUserEvent>;
export type TUserEventKind = TUserEvent["kind"];

/** Live session rooms add their own events (see live.ts). */
export interface ServerToClientEvents extends LiveServerToClientEvents {
  "presence:update": (payload: { online: TPresenceEntry[] }) => void;
  "session:ended": () => void;
  "user:event": (payload: { kind: TUserEventKind }) => void;
}

export interface ClientToServerEvents extends LiveClientToServerEvents {
  "presence:list": (payload: unknown, ack: (res: TPresenceAck) => void) => void;
}
