import { z } from "zod";
import type { LiveClientToServerEvents, LiveServerToClientEvents } from "./live.ts";
import { hasNulByte } from "./limits.ts";
import type { TRole } from "./roles.ts";

/** One person who is online, as the tenant's presence list shows them. */
export const ZPresenceEntry = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  role: z.string(),
});
export type TPresenceEntry = z.infer<typeof ZPresenceEntry> & { role: TRole };

/**
 * Presence is paged, never the whole province at once (decision 026): the broadcast carries the count and
 * the first `presencePageSize` people, sorted by name (zh-CN collation, then id); the rest is read on demand,
 * page by page, through `presence:list`.
 */
export const presencePageSize = 50;
export const presenceMaxPageSize = 100;

/**
 * Where the previous page ended: its last person's name and id (a keyset, so people who come or go between
 * two requests do not shift the pages: everyone online throughout is listed exactly once).
 */
export const ZPresenceCursor = z
  .object({
    displayName: z.string().max(200).refine((s) => !hasNulByte(s), "NUL"),
    userId: z.uuid(),
  })
  .strict();
export type TPresenceCursor = z.infer<typeof ZPresenceCursor>;

export const ZPresenceRequest = z
  .object({
    after: ZPresenceCursor.optional(),
    limit: z.number().int().min(1).max(presenceMaxPageSize).default(presencePageSize),
  })
  .strict();
export type TPresenceRequest = z.infer<typeof ZPresenceRequest>;

/** One page: `total` people online in the tenant; `next` is the cursor of the page after, null at the end. */
export type TPresencePage = { total: number; online: TPresenceEntry[]; next: TPresenceCursor | null };
/** What every socket of the tenant gets when someone comes or goes: the count and the first page. */
export type TPresenceUpdate = { total: number; online: TPresenceEntry[] };

export type TPresenceAck = ({ ok: true } & TPresencePage) | { ok: false; code: string; message: string };

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
  "presence:update": (payload: TPresenceUpdate) => void;
  "session:ended": () => void;
  "user:event": (payload: { kind: TUserEventKind }) => void;
}

export interface ClientToServerEvents extends LiveClientToServerEvents {
  "presence:list": (payload: unknown, ack: (res: TPresenceAck) => void) => void;
}
