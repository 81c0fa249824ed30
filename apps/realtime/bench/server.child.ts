/**
 * One socket.io server as a child process of a benchmark, so that its memory and event loop are its own.
 * `ours`: the realtime service (startRealtime, its env from the parent). `bare`: a plain socket.io server
 * of the same version, websocket only, no adapter and no authentication, that puts every socket in one
 * room and broadcasts each `chat:send` to it, shaped like our `chat:message`: the baseline.
 * The parent talks to it over IPC: `{ id, cmd: "stats" | "gc" | "resetLag" }` → `{ id, ... }`.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Server } from "socket.io";
import { loadEnv } from "../src/env.ts";
import { startRealtime } from "../src/server.ts";

const kind = process.argv[2];
// The histogram records whole timer intervals (the resolution included): the lag is what exceeds it.
const RESOLUTION_MS = 10;
const lag = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
lag.enable();
let logged = 0;
let io: Server;
let close: () => Promise<void>;
let port: number;

if (kind === "ours") {
  // The service logs a line per refused event; print the first few so a broken run shows why.
  const rt = await startRealtime(loadEnv(), (m) => {
    if (++logged <= 10) console.error(`[realtime child] ${m}`);
  });
  io = rt.io as unknown as Server;
  port = rt.port;
  close = () => rt.close();
} else if (kind === "bare") {
  const httpServer = http.createServer();
  io = new Server(httpServer, { transports: ["websocket"], serveClient: false });
  io.on("connection", (socket) => {
    void socket.join("room");
    socket.on("chat:send", (input: { sessionId: string; body: string }, ack?: (r: object) => void) => {
      const message = { id: randomUUID(), sessionId: input.sessionId, groupId: null, authorId: randomUUID(), authorName: "成员", body: input.body, createdAt: new Date().toISOString() };
      io.to("room").emit("chat:message", { sessionId: input.sessionId, message });
      ack?.({ ok: true, message });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const addr = httpServer.address();
  port = typeof addr === "object" && addr ? addr.port : 0;
  close = () => new Promise<void>((resolve) => io.close(() => resolve()));
} else {
  throw new Error(`unknown server kind ${kind}`);
}

const lagMs = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
process.on("message", (m: { id: number; cmd: string }) => {
  if (m.cmd === "gc") {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ id: m.id });
  } else if (m.cmd === "resetLag") {
    lag.reset();
    process.send!({ id: m.id });
  } else if (m.cmd === "stats") {
    const mem = process.memoryUsage();
    process.send!({
      id: m.id,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      external: mem.external,
      sockets: io.engine.clientsCount,
      lagP50: lagMs(lag.percentile(50)),
      lagP99: lagMs(lag.percentile(99)),
      lagMax: lagMs(lag.max),
    });
  }
});
process.on("SIGTERM", () => {
  void close().finally(() => process.exit(0));
});
process.send!({ ready: true, port });
