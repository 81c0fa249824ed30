import { z } from "zod";
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

export interface ServerToClientEvents {
  "presence:update": (payload: { online: TPresenceEntry[] }) => void;
  "session:ended": () => void;
}

export interface ClientToServerEvents {
  "presence:list": (payload: unknown, ack: (res: TPresenceAck) => void) => void;
}
