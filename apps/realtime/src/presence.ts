import type { Server } from "socket.io";
import type { TPresenceEntry } from "@yanxiu/domain/socket";
import { tenantRoom } from "@yanxiu/domain/tenant";
import { createCoalescer } from "./coalesce.ts";
import type { SocketData } from "./types.ts";

/** One collator for every sort (localeCompare with a locale builds one per comparison). */
const byChineseName = new Intl.Collator("zh-CN");

/**
 * Who of a tenant is online, across every realtime process (fetchSockets asks the others through the
 * Redis adapter). One entry per person however many tabs they have open.
 */
export async function listPresence(io: Server, tenantId: string): Promise<TPresenceEntry[]> {
  const sockets = await io.in(tenantRoom(tenantId)).fetchSockets();
  const byUser = new Map<string, TPresenceEntry>();
  for (const s of sockets) {
    const d = s.data as SocketData;
    if (d.tenantId !== tenantId) continue; // rooms carry the tenant id; this is belt and braces
    byUser.set(d.user.id, { userId: d.user.id, displayName: d.user.displayName, role: d.user.primaryRole });
  }
  return [...byUser.values()].sort((a, b) => byChineseName.compare(a.displayName, b.displayName));
}

export async function broadcastPresence(io: Server, tenantId: string): Promise<void> {
  const online = await listPresence(io, tenantId);
  io.to(tenantRoom(tenantId)).emit("presence:update", { online });
}

/**
 * The tenant's list goes out at most once a second per process (the first change at once, a burst
 * folded into one more): each broadcast carries the whole list, so one per connect would grow with the
 * square of the people online.
 */
export function presenceBroadcaster(io: Server, log: (m: string) => void, windowMs = 1000) {
  const c = createCoalescer(windowMs, (tenantId, e) => log(`presence failed for ${tenantId}: ${e.message}`));
  return { changed: (tenantId: string) => c.schedule(tenantId, () => broadcastPresence(io, tenantId)), close: () => c.close() };
}
