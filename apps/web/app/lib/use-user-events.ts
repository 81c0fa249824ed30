import { useEffect, useRef } from "react";
import { useRevalidator, useRouteLoaderData } from "@remix-run/react";
import { io } from "socket.io-client";
import type { TUserEventKind } from "@yanxiu/domain/socket";
import type { loader as rootLoader } from "../root.tsx";

/**
 * Calls `onEvent` when the worker says this person's credits or certificates changed (Redis → realtime →
 * the person's own room). The socket lives as long as the page; the realtime service is on its own port
 * of the same host, and authenticates with the session cookie.
 */
export function useUserEvents(onEvent: (kind: TUserEventKind | "connected") => void, enabled = true) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const port = root?.realtimePort;
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!enabled || !port) return;
    const socket = io(`${window.location.protocol}//${window.location.hostname}:${port}`, { transports: ["websocket"], withCredentials: true });
    socket.on("user:event", (p: { kind: TUserEventKind }) => handler.current(p.kind));
    socket.on("connect", () => handler.current("connected"));
    return () => {
      socket.disconnect();
    };
  }, [port, enabled]);
}

/**
 * Re-reads the page's data (no reload) whenever this person's credits or certificates change. With
 * `catchUp`, also once the socket is (re)connected: a page that starts listening just as the change
 * happens (a record shown the moment a session ends) would otherwise miss the notice sent before.
 */
export function useRevalidateOnUserEvents(enabled = true, opts: { catchUp?: boolean } = {}) {
  const revalidator = useRevalidator();
  const r = useRef(revalidator);
  r.current = revalidator;
  const catchUp = opts.catchUp === true;
  useUserEvents((kind) => {
    if (kind !== "connected" || catchUp) r.current.revalidate();
  }, enabled);
}
