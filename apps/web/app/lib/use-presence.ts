import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { TPresenceAck, TPresenceEntry, TPresenceUpdate } from "@yanxiu/domain/socket";
import type { TPresenceMore, TPresenceState } from "@yanxiu/ui/presence";

/**
 * Who of my province is online, from the realtime service (same host, its own port): the count and the
 * first page as broadcast, and more pages on request (presence:list with the last shown person as cursor).
 */
export function usePresence(realtimePort: number) {
  const [state, setState] = useState<TPresenceState>("connecting");
  const [update, setUpdate] = useState<TPresenceUpdate>({ total: 0, online: [] });
  const [extra, setExtra] = useState<{ people: TPresenceEntry[]; loading: boolean; failed: boolean; ended: boolean }>({ people: [], loading: false, failed: false, ended: false });
  const socketRef = useRef<Socket | null>(null);
  useEffect(() => {
    const socket = io(`${window.location.protocol}//${window.location.hostname}:${realtimePort}`, {
      transports: ["websocket"],
      withCredentials: true,
    });
    socketRef.current = socket;
    socket.on("connect", () => {
      setState("online");
      // The broadcast of a big province comes every few seconds: the first page is asked for at once.
      socket
        .timeout(10_000)
        .emitWithAck("presence:list", {})
        .then((r: TPresenceAck) => {
          if (r.ok) setUpdate({ total: r.total, online: r.online });
        })
        .catch(() => {});
    });
    socket.on("disconnect", () => setState("offline"));
    socket.on("connect_error", () => setState("offline"));
    socket.on("presence:update", (p: TPresenceUpdate) => setUpdate(p));
    return () => {
      socketRef.current = null;
      socket.disconnect();
    };
  }, [realtimePort]);

  const onMore = useCallback(() => {
    const socket = socketRef.current;
    if (!socket || extra.loading) return;
    const last = extra.people.at(-1) ?? update.online.at(-1);
    setExtra((e) => ({ ...e, loading: true, failed: false }));
    socket
      .timeout(10_000)
      .emitWithAck("presence:list", last ? { after: { displayName: last.displayName, userId: last.userId } } : {})
      .then((r: TPresenceAck) => {
        if (!r.ok) throw new Error(r.code);
        setExtra((e) => ({ people: [...e.people, ...r.online], loading: false, failed: false, ended: r.next === null }));
      })
      .catch(() => setExtra((e) => ({ ...e, loading: false, failed: true })));
  }, [extra, update]);
  const onLess = useCallback(() => setExtra({ people: [], loading: false, failed: false, ended: false }), []);

  const more: TPresenceMore = { people: extra.people, loading: extra.loading, failed: extra.failed, hasMore: !extra.ended, onMore, onLess };
  return { state, total: update.total, online: update.online, more };
}
