import type { Server } from "socket.io";
import { userEventsChannel, type Redis } from "@yanxiu/services/redis";
import { ZUserEvent, type ClientToServerEvents, type ServerToClientEvents } from "@yanxiu/domain/socket";
import { tenantRoom } from "@yanxiu/domain/tenant";
import type { SocketData } from "./types.ts";

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The room every signed-in socket of one person joins on connect (see server.ts). */
export const userRoom = (tenantId: string, userId: string) => `${tenantRoom(tenantId)}:user:${userId}`;

/**
 * Relays `ZUserEvent`s from Redis to the person's sockets on THIS process (every process subscribes, so
 * `io.local` reaches each socket once). A message that is not one is logged and dropped, never thrown:
 * the subscriber must outlive whatever is published on the channel.
 */
export async function relayUserEvents(io: IO, subscriber: Redis, log: (m: string) => void): Promise<void> {
  await subscriber.subscribe(userEventsChannel);
  subscriber.on("message", (channel: string, raw: string) => {
    if (channel !== userEventsChannel) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      log("ignored a user event that is not JSON");
      return;
    }
    const m = ZUserEvent.safeParse(json);
    if (!m.success) {
      log("ignored a malformed user event");
      return;
    }
    io.local.to(userRoom(m.data.tenantId, m.data.userId)).emit("user:event", { kind: m.data.kind });
  });
}
