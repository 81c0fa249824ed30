import http from "node:http";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Server, type Socket } from "socket.io";
import { validateSessionToken } from "@yanxiu/services/auth";
import { createDatabase, type Database } from "@yanxiu/db/client";
import { healthzHandler } from "@yanxiu/services/lifecycle";
import { createProducer } from "@yanxiu/services/queue";
import { createRequestAuth } from "@yanxiu/services/session-cache";
import { authSessionRoom, createRedis, sessionsEndedChannel, type Redis, type TSessionsEnded } from "@yanxiu/services/redis";
import { isAllowedOrigin, readCookie, sessionPolicy } from "@yanxiu/domain/auth";
import { AppError, errorAck } from "@yanxiu/domain/errors";
import { limits } from "@yanxiu/domain/limits";
import { ZPresenceRequest, type ClientToServerEvents, type ServerToClientEvents } from "@yanxiu/domain/socket";
import { liveClientEventNames } from "@yanxiu/domain/live";
import { tenantRoom } from "@yanxiu/domain/tenant";
import type { TRealtimeEnv } from "./env.ts";
import { attachLiveRoom, relayLiveRemovals, restoreLiveRooms } from "./live/room.ts";
import { createPresence } from "./presence.ts";
import type { SocketData } from "./types.ts";
import { relayUserEvents } from "./user-events.ts";

type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeServer = { io: IO; port: number; close(): Promise<void> };

/**
 * The realtime service, by lifecycle: the handshake is allowed only from our own web origins (allowRequest),
 * authenticated with the web's session cookie in the tenant the Origin names (middleware), then each socket
 * joins its tenant's room; events are parsed with zod before anything else.
 */
export async function startRealtime(env: TRealtimeEnv, log = (m: string) => console.log(`[realtime] ${m}`)): Promise<RealtimeServer> {
  const db: Database = createDatabase(env.DATABASE_URL, { appName: "yanxiu-realtime" });
  const pub: Redis = createRedis(env.REDIS_URL);
  pub.on("error", (e) => log(`redis error: ${e.message}`));
  const originOpts = { appDomain: env.APP_DOMAIN, webPort: env.WEB_PORT, protocols: env.ORIGIN_PROTOCOLS };

  const healthz = healthzHandler(db, pub);
  const httpServer = http.createServer((req, res) => {
    if (healthz(req, res)) return;
    if (!req.url?.startsWith("/socket.io/")) res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });

  const io: IO = new Server(httpServer, {
    // Websocket only: no long-polling, so several processes need no sticky sessions.
    transports: ["websocket"],
    maxHttpBufferSize: limits.socketMessageBytes,
    serveClient: false,
    cors: { origin: (origin, cb) => cb(null, isAllowedOrigin(origin, originOpts)), credentials: true },
    allowRequest: (req, cb) => {
      const ok = isAllowedOrigin(req.headers.origin, originOpts);
      cb(ok ? null : "badOrigin", ok);
    },
    // Redis streams (not pub/sub): a process that loses Redis for a moment resumes the stream, and socket
    // sessions are kept in Redis, so a client that reconnects to ANY process gets its rooms and the
    // broadcasts it missed back. Recovery does not skip the middlewares: the cookie is checked again.
    adapter: createAdapter(pub, { blockTimeInMs: 2000 }),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  const knownEvents = new Set<string>(["presence:list", ...liveClientEventNames]);
  // Its own connection: BullMQ's commands must not queue behind the adapter's.
  const queueRedis: Redis = pub.duplicate();
  queueRedis.on("error", (e) => log(`redis error: ${e.message}`));
  const producer = createProducer(queueRedis, { prefix: env.QUEUE_PREFIX });
  const live = { io, db, pub, producer, log, maxPublishers: env.RTC_MAX_PUBLISHERS };
  const presence = createPresence(io, log);

  // Sessions ended anywhere (sign-out, a deactivated person, a suspended province) arrive on this one
  // connection: the handshake's cache drops them, and the sockets they had are closed (below), in the same
  // tick, so no handshake can be served from the cache between the two.
  const ended: Redis = pub.duplicate();
  ended.on("error", (e) => log(`redis error: ${e.message}`));
  // The handshake's tenant lookup and session check (decision 026): web's per-process cache, so a connect
  // storm of one province asks Postgres once per person and TTL, not once per socket, and the checks of one
  // tick in one transaction (batch); revocations are seen at once through the sessions-ended channel, and
  // nothing is served from it while that is down.
  const requestAuth = createRequestAuth({ db, subscriber: ended, appDomain: env.APP_DOMAIN, batch: true });

  /**
   * An open socket's sign-in session is checked again at its expiry or every SESSION_RECHECK_MS (a little
   * jittered, so sockets that connected together do not all ask at once), whichever comes first: web renews
   * sessions as they are used, so a live one just sets the next check; an expired or revoked one (say its
   * Redis notice was missed) gets session:ended and the disconnect.
   */
  const endAtExpiry = (socket: Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>, tenantId: string, token: string | null, expiresAt: Date) => {
    let timer: NodeJS.Timeout | undefined;
    const arm = (at: Date) => {
      const every = env.SESSION_RECHECK_MS * (0.9 + Math.random() * 0.2);
      timer = setTimeout(() => void check(), Math.min(Math.max(0, at.getTime() - Date.now()) + 50, every));
      timer.unref();
    };
    const check = async () => {
      if (socket.disconnected) return;
      const v = await validateSessionToken({ db, tenantId, token }).catch(() => undefined);
      if (v === undefined) return arm(new Date(Date.now() + Math.min(30_000, env.SESSION_RECHECK_MS))); // the database is away: ask again soon
      if (v && v.session.expiresAt.getTime() > Date.now()) return arm(v.session.expiresAt);
      socket.emit("session:ended");
      socket.disconnect(true);
    };
    arm(expiresAt);
    socket.once("disconnect", () => clearTimeout(timer));
  };

  io.use(async (socket, next) => {
    try {
      const req = socket.request;
      // The Origin names the tenant (its host is `{slug}.{APP_DOMAIN}`); the cookie must be a session there.
      const originHost = new URL(String(req.headers.origin)).host;
      const tenant = await requestAuth.tenant(originHost);
      if (!tenant || tenant.status !== "active") throw new AppError("unauthenticated", "no such tenant");
      const token = readCookie(req.headers.cookie, sessionPolicy.cookieName);
      const v = await requestAuth.session(tenant.id, token);
      if (!v) throw new AppError("unauthenticated", "no valid session");
      // A recovered connection brings its old data and rooms back: they must be this same person's.
      const restored = socket.data as Partial<SocketData> | undefined;
      if (socket.recovered && restored?.user && (restored.user.id !== v.user.id || restored.tenantId !== tenant.id)) {
        throw new AppError("unauthenticated", "recovered session of someone else");
      }
      socket.data = { tenantId: tenant.id, user: v.user, live: {}, sessionId: v.session.id };
      endAtExpiry(socket as unknown as Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>, tenant.id, token, v.session.expiresAt);
      next();
    } catch (e) {
      const ack = errorAck(e);
      next(Object.assign(new Error(ack.code), { data: ack }));
    }
  });

  io.on("connection", (socket: Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>) => {
    const { tenantId, user } = socket.data;
    void socket.join([tenantRoom(tenantId), `${tenantRoom(tenantId)}:user:${user.id}`, authSessionRoom(tenantId, socket.data.sessionId)]);
    presence.changed(tenantId);
    attachLiveRoom(live, socket);
    if (socket.recovered) void restoreLiveRooms(live, socket).catch((e: Error) => log(`live restore failed: ${e.message}`));

    socket.on("presence:list", async (payload, ack) => {
      if (typeof ack !== "function") return;
      try {
        const req = ZPresenceRequest.parse(payload ?? {});
        ack({ ok: true, ...(await presence.page(tenantId, req)) });
      } catch (e) {
        ack(errorAck(e instanceof Error && e.name === "ZodError" ? new AppError("badRequest", "invalid payload") : e));
      }
    });

    // Events nobody handles get a clear answer when the sender asked for one.
    socket.onAny((event: string, ...args: unknown[]) => {
      if (knownEvents.has(event)) return;
      const ack = args[args.length - 1];
      if (typeof ack === "function") ack(errorAck(new AppError("badRequest", `unknown event ${event.slice(0, 64)}`)));
    });

    socket.on("disconnect", () => {
      presence.changed(tenantId);
    });
  });

  // A deactivated person (or one whose password was reset) loses their open sockets at once.
  await ended.subscribe(sessionsEndedChannel);
  ended.on("message", (channel, raw: string) => {
    if (channel !== sessionsEndedChannel) return;
    try {
      const m = JSON.parse(raw) as TSessionsEnded;
      const room = m.sessionId ? authSessionRoom(m.tenantId, m.sessionId) : m.userId ? `${tenantRoom(m.tenantId)}:user:${m.userId}` : tenantRoom(m.tenantId);
      io.local.to(room).emit("session:ended");
      io.local.in(room).disconnectSockets(true);
    } catch {
      log("ignored a malformed sessions-ended message");
    }
  });

  // A participant removed from a live session: every process disconnects their sockets in the room.
  const removals: Redis = pub.duplicate();
  removals.on("error", (e) => log(`redis error: ${e.message}`));
  await relayLiveRemovals(io, removals, log);

  // A credit or certificate for a person: their open pages re-read their data.
  const userEvents: Redis = pub.duplicate();
  userEvents.on("error", (e) => log(`redis error: ${e.message}`));
  await relayUserEvents(io, userEvents, log);

  await new Promise<void>((resolve) => httpServer.listen(env.PORT, "127.0.0.1", resolve));
  const addr = httpServer.address();
  const port = typeof addr === "object" && addr ? addr.port : env.PORT;
  log(`listening on http://127.0.0.1:${port} for pages on port ${env.WEB_PORT} of *.${env.APP_DOMAIN}`);

  return {
    io,
    port,
    async close() {
      // Only this process's sockets: through the adapter, a bare io.disconnectSockets() would cut every process's.
      io.local.disconnectSockets(true);
      presence.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await producer.close();
      queueRedis.disconnect();
      await requestAuth.close(); // and the sessions-ended connection with it
      await db.close();
      userEvents.disconnect();
      removals.disconnect();
      pub.disconnect();
    },
  };
}
