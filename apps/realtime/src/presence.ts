import type { Server } from "socket.io";
import { presencePageSize, type TPresenceCursor, type TPresenceEntry, type TPresencePage, type TPresenceRequest } from "@yanxiu/domain/socket";
import { tenantRoom } from "@yanxiu/domain/tenant";
import { createCoalescer } from "./coalesce.ts";
import type { SocketData } from "./types.ts";

/** One collator for every comparison (localeCompare with a locale builds one per call). */
const byChineseName = new Intl.Collator("zh-CN");

/** The presence order: by name as a Chinese reader sorts, then by id (so equal names still have one order). */
export function comparePresence(a: { displayName: string; userId: string }, b: { displayName: string; userId: string }): number {
  return byChineseName.compare(a.displayName, b.displayName) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

/** The first index whose entry sorts after `cursor` (binary search: log n comparisons). */
function after(sorted: TPresenceEntry[], cursor: TPresenceCursor): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePresence(sorted[mid]!, cursor) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Who of a tenant is online, across every realtime process (fetchSockets asks the others through the
 * Redis adapter), one entry per person however many tabs they have open, in presence order.
 *
 * Sorting 10,000 Chinese names with the collator costs 25–190 ms, so the order is kept from the previous
 * look and only changed by what changed: people who left are dropped (no comparisons), newcomers are
 * inserted by binary search (a big batch is sorted and merged instead). See decision 026.
 */
export async function listPresence(io: Server, tenantId: string, previous: TPresenceEntry[] = []): Promise<TPresenceEntry[]> {
  const sockets = await io.in(tenantRoom(tenantId)).fetchSockets();
  const byUser = new Map<string, TPresenceEntry>();
  for (const s of sockets) {
    const d = s.data as SocketData;
    if (d.tenantId !== tenantId) continue; // rooms carry the tenant id; this is belt and braces
    if (!byUser.has(d.user.id)) byUser.set(d.user.id, { userId: d.user.id, displayName: d.user.displayName, role: d.user.primaryRole });
  }
  const kept: TPresenceEntry[] = [];
  for (const e of previous) {
    const now = byUser.get(e.userId);
    // A renamed person is taken out and inserted again at their new place.
    if (now && now.displayName === e.displayName) {
      kept.push(now);
      byUser.delete(e.userId);
    }
  }
  const joined = [...byUser.values()];
  if (joined.length === 0) return kept;
  if (joined.length < 1024) {
    for (const e of joined) kept.splice(after(kept, e), 0, e);
    return kept;
  }
  joined.sort(comparePresence);
  const merged: TPresenceEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length && j < joined.length) merged.push(comparePresence(kept[i]!, joined[j]!) <= 0 ? kept[i++]! : joined[j++]!);
  while (i < kept.length) merged.push(kept[i++]!);
  while (j < joined.length) merged.push(joined[j++]!);
  return merged;
}

/** Between realtime processes (serverSideEmit): a tenant's presence changed on another process. */
const staleEvent = "presence:stale";

type TTenantView = { sorted: TPresenceEntry[]; at: number; dirty: boolean; loading?: Promise<TPresenceEntry[]> };

/**
 * Presence for provinces of any size (decision 026). Each process keeps, per tenant, the last list it
 * looked up (at most `windowMs` old, and looked up again after a change of its own sockets), and:
 * - broadcasts to the tenant at most once per `windowMs` per 1,000 online (1–10 windows; the first change at
 *   once, a burst folded into one more) the count and the first page only, so a broadcast's size does not
 *   grow with the people online and their number a second stays bounded;
 * - serves `presence:list` pages from that list: a page costs a binary search, not a fetchSockets.
 */
export function createPresence(io: Server, log: (m: string) => void, opts: { windowMs?: number; pageSize?: number } = {}) {
  const windowMs = opts.windowMs ?? 1000;
  const pageSize = opts.pageSize ?? presencePageSize;
  const views = new Map<string, TTenantView>();
  // Each broadcast is one write to each of the tenant's sockets: a province of 10,000 online gets one every
  // 10 s (1 s per 1,000 online, 1–10 s), so the writes stay ~1,000 a second per tenant whatever its size.
  // Pages come from the list at once: a new socket asks for the first page itself (presence:list).
  const windowFor = (tenantId: string) => windowMs * Math.min(10, Math.max(1, Math.ceil((views.get(tenantId)?.sorted.length ?? 0) / 1000)));
  const c = createCoalescer(windowFor, (tenantId, e) => log(`presence failed for ${tenantId}: ${e.message}`));

  const load = (tenantId: string, maxAgeMs: number): Promise<TPresenceEntry[]> => {
    let v = views.get(tenantId);
    if (!v) views.set(tenantId, (v = { sorted: [], at: 0, dirty: true }));
    if (v.loading) return v.loading;
    if (!v.dirty && Date.now() - v.at <= maxAgeMs) return Promise.resolve(v.sorted);
    const view = v;
    view.dirty = false; // a change while this look-up runs marks it again
    const started = Date.now();
    view.loading = listPresence(io, tenantId, view.sorted)
      .then((sorted) => {
        view.sorted = sorted;
        view.at = started;
        // Nobody left online here: forget the tenant (a view is kept only while its people are online).
        if (sorted.length === 0 && !view.dirty && views.get(tenantId) === view) views.delete(tenantId);
        return sorted;
      })
      .finally(() => {
        view.loading = undefined;
      });
    return view.loading;
  };

  const broadcast = async (tenantId: string) => {
    const sorted = await load(tenantId, 0);
    io.to(tenantRoom(tenantId)).emit("presence:update", { total: sorted.length, online: sorted.slice(0, pageSize) });
    // The other processes look again at their next page request rather than serve a list that predates this.
    io.serverSideEmit(staleEvent, tenantId);
  };
  const onStale = (tenantId: unknown) => {
    const v = typeof tenantId === "string" ? views.get(tenantId) : undefined;
    if (v) v.dirty = true;
  };
  io.on(staleEvent, onStale);

  return {
    /** A socket of the tenant connected or left on this process. */
    changed(tenantId: string): void {
      const v = views.get(tenantId);
      if (v) v.dirty = true;
      c.schedule(tenantId, () => broadcast(tenantId));
    },
    /** One page of the tenant's online people, after `req.after` (from the start without it). */
    async page(tenantId: string, req: TPresenceRequest): Promise<TPresencePage> {
      const sorted = await load(tenantId, windowMs);
      const from = req.after ? after(sorted, req.after) : 0;
      const online = sorted.slice(from, from + req.limit);
      const last = online.at(-1);
      return { total: sorted.length, online, next: last && from + online.length < sorted.length ? { displayName: last.displayName, userId: last.userId } : null };
    },
    close(): void {
      io.off(staleEvent, onStale);
      c.close();
      views.clear();
    },
  };
}
