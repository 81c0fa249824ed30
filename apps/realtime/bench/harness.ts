import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as connect, type Socket } from "socket.io-client";
import { generateSessionToken, hashPassword, sessionIdFromToken } from "@yanxiu/services/auth";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { roleAssignment, session, studioMember, user } from "@yanxiu/db/schema";
import { buildTenant, seedOrgUnit, seedTenant } from "@yanxiu/services/factories";
import { sessionPolicy } from "@yanxiu/domain/auth";
import type { TBenchEnv } from "./env.ts";

/**
 * What the realtime benchmarks share: servers as child processes (ours or the bare baseline), people
 * with real session cookies written in bulk, clients, and the arithmetic. Nothing here runs in production.
 */
const realtimeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const WEB_PORT = 3998;

export type TStats = { rss: number; heapUsed: number; external: number; sockets: number; lagP50: number; lagP99: number; lagMax: number };
export type TServerChild = {
  port: number;
  child: ChildProcess;
  ask(cmd: "stats"): Promise<TStats>;
  ask(cmd: "gc" | "resetLag"): Promise<unknown>;
  stop(): Promise<void>;
};

/** `ours` reads the env it is given (PORT 0, the bench's Postgres and Redis); `bare` reads nothing. */
export async function spawnServer(kind: "ours" | "bare", knobs: TBenchEnv, queuePrefix = `bench-rt-${randomUUID().slice(0, 6)}`): Promise<TServerChild> {
  const env = { PATH: knobs.PATH, DATABASE_URL: knobs.TEST_DATABASE_URL, REDIS_URL: knobs.TEST_REDIS_URL, PORT: "0", WEB_PORT: String(WEB_PORT), QUEUE_PREFIX: queuePrefix };
  const child = spawn(process.execPath, ["--expose-gc", ...(knobs.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${knobs.BENCH_CPU_PROF}`] : []), "--import", "tsx", "bench/server.child.ts", kind], { cwd: realtimeDir, env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let next = 1;
  const waiting = new Map<number, (m: unknown) => void>();
  const port = await new Promise<number>((resolve, reject) => {
    child.on("message", (m: { id?: number; ready?: boolean; port?: number }) => {
      if (m.ready) resolve(m.port!);
      else if (m.id && waiting.has(m.id)) {
        waiting.get(m.id)!(m);
        waiting.delete(m.id);
      }
    });
    void exited.then(() => reject(new Error(`${kind} server exited before it was ready`)));
  });
  const ask = (cmd: string) =>
    new Promise<unknown>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, cmd });
    });
  return {
    port,
    child,
    ask: ask as TServerChild["ask"],
    async stop() {
      if (child.exitCode == null && child.signalCode == null) child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export type TBenchPerson = { id: string; token: string };

/**
 * `n` active teachers of a school in the tenant, each with one session (its cookie token returned), and
 * optionally active members of a studio. Written in bulk through the owner connection: signing in 10,000
 * people would measure argon2, and they all share one password hash (nobody signs in).
 */
let sharedHash: Promise<string> | undefined;
export async function seedPeople(owner: OwnerDatabase, tenantId: string, n: number, opts: { orgUnitId: string; studioId?: string }): Promise<TBenchPerson[]> {
  const passwordHash = await (sharedHash ??= hashPassword(`bench-${randomUUID()}`));
  const expiresAt = new Date(Date.now() + sessionPolicy.lifetimeMs);
  const people: TBenchPerson[] = [];
  const tag = randomUUID().slice(0, 6);
  for (let from = 0; from < n; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, n - from) }, (_, i) => ({
      tenantId,
      id: randomUUID(),
      login: `bench-${tag}-${from + i}`,
      displayName: `学员${String(from + i).padStart(5, "0")}`,
      passwordHash,
    }));
    const tokens = rows.map(() => generateSessionToken());
    await owner.withTenant(tenantId, async (tx) => {
      await tx.insert(user).values(rows);
      await tx.insert(roleAssignment).values(rows.map((r) => ({ tenantId, userId: r.id, role: "teacher" as const, orgUnitId: opts.orgUnitId })));
      await tx.insert(session).values(rows.map((r, i) => ({ tenantId, id: sessionIdFromToken(tokens[i]!), userId: r.id, expiresAt })));
      if (opts.studioId) {
        const studioId = opts.studioId;
        await tx.insert(studioMember).values(rows.map((r) => ({ tenantId, studioId, userId: r.id, role: "member" as const, status: "active" as const })));
      }
    });
    rows.forEach((r, i) => people.push({ id: r.id, token: tokens[i]! }));
  }
  return people;
}

/** A session cookie for someone who already exists (the live world's host). */
export async function seedSessionFor(owner: OwnerDatabase, tenantId: string, userId: string): Promise<string> {
  const token = generateSessionToken();
  await owner.withTenant(tenantId, (tx) =>
    tx.insert(session).values({ tenantId, id: sessionIdFromToken(token), userId, expiresAt: new Date(Date.now() + sessionPolicy.lifetimeMs) }),
  );
  return token;
}

/** A fresh tenant with one school, for people who only connect. */
export async function seedBenchTenant(owner: OwnerDatabase) {
  const tenant = await seedTenant(owner, buildTenant());
  const school = await seedOrgUnit(owner, tenant.id, { kind: "school", name: "一中", code: `BS${tenant.slug.slice(2, 8)}` });
  return { tenant, schoolId: school.id };
}

export const originOf = (slug: string) => `http://${slug}.localhost:${WEB_PORT}`;

/** A websocket-only client; with `slug` and `token` it carries the Origin and cookie our handshake checks. */
export function openClient(port: number, auth?: { slug: string; token: string }): Socket {
  const extraHeaders: Record<string, string> = auth ? { origin: originOf(auth.slug), cookie: `${sessionPolicy.cookieName}=${auth.token}` } : {};
  return connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], extraHeaders, reconnection: false, forceNew: true, timeout: 60_000 });
}

export function connected(s: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve();
    s.once("connect", () => resolve());
    s.once("connect_error", (e) => reject(new Error(`connect refused: ${e.message}`)));
  });
}

/** Runs `fn` over `items` with at most `limit` at a time (a handshake storm would measure the storm). */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k]!, k);
      }
    }),
  );
  return out;
}

export type TAck = { ok: true; [k: string]: unknown } | { ok: false; code: string; message: string };
export const send = (s: Socket, event: string, payload: unknown, timeoutMs = 10_000) => s.timeout(timeoutMs).emitWithAck(event, payload) as Promise<TAck>;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(ok: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > until) return false;
    await sleep(20);
  }
  return true;
}

/** Nearest-rank percentile of an ascending array. */
export const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
export const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "—");
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
export const verdict = (met: boolean) => (met ? "met" : "MISSED");

/** A fixed-width table: the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => "  " + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("   ")).join("\n");
}

/** The figures are only as quiet as the machine: say how busy it was. */
export const machine = () => `machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (1 / 5 / 15 min)`;
