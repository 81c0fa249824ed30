import { io as connect, type Socket } from "socket.io-client";
import { signIn } from "@yanxiu/services/auth";
import type { seedLiveWorld, TLivePerson } from "@yanxiu/services/live/testing";
import { createLoginThrottle } from "@yanxiu/services/redis";
import { testDatabase, testOwnerDatabase, testRedis, testUrls } from "@yanxiu/services/testing";
import { sessionPolicy } from "@yanxiu/domain/auth";
import { loadEnv } from "./env.ts";
import { startRealtime, type RealtimeServer } from "./server.ts";

/**
 * What the live-room integration tests share (tests only): real Postgres and Redis, realtime processes
 * started on port 0 and recording their logs, and signed-in socket.io clients that record every event.
 */
type World = Awaited<ReturnType<typeof seedLiveWorld>>;
export type TLiveClient = { socket: Socket; got: [string, unknown][]; id: string };
export type TLiveAck = { ok: true; [k: string]: unknown } | { ok: false; code: string; message: string };

export function liveTestRig(name: string, webPort = 3996) {
  const owner = testOwnerDatabase();
  const db = testDatabase();
  const redis = testRedis();
  const throttle = createLoginThrottle(redis);
  const servers: RealtimeServer[] = [];
  const sockets: Socket[] = [];
  const logs: string[] = [];
  const originOf = (t: World) => `http://${t.tenant.slug}.localhost:${webPort}`;
  return {
    owner,
    db,
    redis,
    servers,
    logs,
    originOf,
    /** One more realtime process on the shared Redis (extra env: a smaller limit, say); returns its index. */
    async startServer(extra: Record<string, string> = {}): Promise<number> {
      const env = loadEnv({ DATABASE_URL: testUrls.database, REDIS_URL: testUrls.redis, PORT: "0", WEB_PORT: String(webPort), QUEUE_PREFIX: `test-${name}-${Date.now()}`, ...extra });
      servers.push(await startRealtime(env, (m) => logs.push(m)));
      return servers.length - 1;
    },
    async close(): Promise<void> {
      for (const s of sockets) s.disconnect();
      await Promise.all(servers.map((s) => s.close()));
      await db.close();
      await owner.close();
      redis.disconnect();
    },
    /** `p` signed in to world `t`, connected to process `server`. */
    async as(p: TLivePerson, server: number, t: World): Promise<TLiveClient> {
      const r = await signIn({ db, throttle, tenantId: t.tenantId, input: { login: p.login, password: p.password }, ip: `${name}-${Math.random()}` });
      const socket = connect(`http://127.0.0.1:${servers[server]!.port}`, {
        transports: ["websocket"],
        extraHeaders: { origin: originOf(t), cookie: `${sessionPolicy.cookieName}=${r.token}` },
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      const got: [string, unknown][] = [];
      socket.onAny((event: string, payload: unknown) => got.push([event, payload]));
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", (e) => reject(e));
      });
      return { socket, got, id: p.id };
    },
    /**
     * An event and its ack. The budget only turns a lost ack into an error: it starts when the event is sent,
     * and a socket's document updates are handled one after another, so on a loaded machine the last of a
     * burst waits behind all the others.
     */
    send: (c: TLiveClient, event: string, payload: unknown) => c.socket.timeout(30_000).emitWithAck(event, payload) as Promise<TLiveAck>,
  };
}
