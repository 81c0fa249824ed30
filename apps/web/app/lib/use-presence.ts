import { useEffect, useState } from "react";
import { io } from "socket.io-client";
import type { TPresenceEntry } from "@yanxiu/domain/socket";
import type { TPresenceState } from "@yanxiu/ui/presence";

/** Live list of who of my province is online, from the realtime service (same host, its own port). */
export function usePresence(realtimePort: number) {
  const [state, setState] = useState<TPresenceState>("connecting");
  const [online, setOnline] = useState<TPresenceEntry[]>([]);
  useEffect(() => {
    const socket = io(`${window.location.protocol}//${window.location.hostname}:${realtimePort}`, {
      transports: ["websocket"],
      withCredentials: true,
    });
    socket.on("connect", () => setState("online"));
    socket.on("disconnect", () => setState("offline"));
    socket.on("connect_error", () => setState("offline"));
    socket.on("presence:update", (p: { online: TPresenceEntry[] }) => setOnline(p.online));
    return () => {
      socket.disconnect();
    };
  }, [realtimePort]);
  return { state, online };
}
