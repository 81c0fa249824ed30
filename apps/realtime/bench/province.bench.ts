/**
 * One province is one tenant: BENCH_PROVINCE_SOCKETS (10,000) signed-in sockets of ONE tenant connect to one
 * realtime process (a child process: its memory and event loop are its own), then for BENCH_PROVINCE_SECONDS
 * (10) BENCH_PROVINCE_CHURN (1 %) of them leave and as many join again each second. Baseline: a bare
 * socket.io server child (no adapter, no authentication, no presence) with the same clients doing the same.
 * The two run interleaved (bare, ours, bare, ours …, BENCH_PROVINCE_ROUNDS of each) so a change in the
 * machine's load hits both; each figure is printed with the load average when it was taken.
 *
 * Figures: connect time of the whole storm (200 handshakes in flight; goal: ours ≤ 2× bare), RSS per socket
 * after the storm, event-loop delay p99 in the server during the churn (monitorEventLoopDelay at 10 ms),
 * and what presence costs each socket: broadcasts received per second and their size (the count and the
 * first page: it must not grow with the people online).
 * The clients (the load generator) are this process, not the measured one.
 */
import os from "node:os";
import { testOwnerDatabase } from "@yanxiu/services/testing";
import { presencePageSize, type TPresenceUpdate } from "@yanxiu/domain/socket";
import type { Socket } from "socket.io-client";
import { loadBenchEnv } from "./env.ts";
import { connected, f1, openClient, pct, pool, seedBenchTenant, seedPeople, sleep, spawnServer, table, verdict, type TServerChild, type TStats } from "./harness.ts";

const knobs = loadBenchEnv();
const S = knobs.BENCH_PROVINCE_SOCKETS;
const SECONDS = knobs.BENCH_PROVINCE_SECONDS;
const CHURN = Math.max(1, Math.round(S * knobs.BENCH_PROVINCE_CHURN));

const load1 = () => os.loadavg()[0]!.toFixed(1);

type TRun = {
  kind: "bare" | "ours";
  connectMs: number;
  connectLoad: string;
  perSocketKB: number;
  memLoad: string;
  churn: TStats;
  churnLoad: string;
  joinP99: number;
  /** How long the churn took (longer than BENCH_PROVINCE_SECONDS when the joins of a second take longer). */
  churnMs: number;
  /** Presence seen by one watcher socket during the churn: broadcasts, their largest size, the last count. */
  updates: number;
  maxUpdateBytes: number;
  lastTotal: number | undefined;
  pageOk: boolean;
};

async function round(kind: "bare" | "ours", auth: { slug: string; token: string }[]): Promise<TRun> {
  const server: TServerChild = await spawnServer(kind, knobs);
  const open = (i: number) => (kind === "ours" ? openClient(server.port, auth[i % auth.length]!) : openClient(server.port));
  try {
    // Warm up (JIT, the pool's connections) with other people than the measured ones' first.
    const warm = await pool(Array.from({ length: 50 }), 25, async (_, i) => {
      const s = open(S - 1 - i);
      await connected(s);
      return s;
    });
    for (const s of warm) s.disconnect();
    await sleep(1500);
    await server.ask("gc");
    const before = await server.ask("stats");

    const t0 = performance.now();
    const sockets: Socket[] = await pool(Array.from({ length: S }), 200, async (_, i) => {
      const s = open(i);
      await connected(s);
      return s;
    });
    const connectMs = performance.now() - t0;
    const connectLoad = load1();
    await sleep(3000);
    await server.ask("gc");
    const after = await server.ask("stats");
    if (after.sockets !== S) throw new Error(`${after.sockets} sockets on the ${kind} server, ${S} expected`);
    const memLoad = load1();

    // One watcher (also one of the people: the same person's second tab) records what presence sends.
    const watcher = open(0);
    await connected(watcher);
    let updates = 0;
    let maxUpdateBytes = 0;
    let lastTotal: number | undefined;
    watcher.on("presence:update", (u: TPresenceUpdate) => {
      updates++;
      maxUpdateBytes = Math.max(maxUpdateBytes, Buffer.byteLength(JSON.stringify(u)));
      lastTotal = u.total;
      if (u.online.length > presencePageSize) throw new Error(`a broadcast of ${u.online.length} people`);
    });
    await sleep(1500);
    updates = 0;

    // Churn: each second CHURN sockets leave and as many people join again (their own cookie).
    await server.ask("resetLag");
    const joins: number[] = [];
    const churnStarted = performance.now();
    for (let sec = 0; sec < SECONDS; sec++) {
      const started = performance.now();
      const leaving = new Set<number>();
      while (leaving.size < CHURN) leaving.add(Math.floor(Math.random() * S));
      for (const i of leaving) sockets[i]!.disconnect();
      await Promise.all(
        [...leaving].map(async (i) => {
          const t = performance.now();
          const s = open(i);
          await connected(s);
          joins.push(performance.now() - t);
          sockets[i] = s;
        }),
      );
      const left = 1000 - (performance.now() - started);
      if (left > 0) await sleep(left);
    }
    const churnMs = performance.now() - churnStarted;
    const churn = await server.ask("stats");
    const churnLoad = load1();
    const seen = updates;
    await sleep(1500); // the last broadcast of the churn
    let pageOk = true;
    if (kind === "ours") {
      const r = (await watcher.timeout(10_000).emitWithAck("presence:list", { limit: 100 })) as { ok: boolean; total?: number; online?: unknown[] };
      pageOk = r.ok && r.total === S && r.online?.length === 100;
    }
    watcher.disconnect();
    updates = seen;
    for (const s of sockets) s.disconnect();
    joins.sort((a, b) => a - b);
    return { kind, connectMs, connectLoad, perSocketKB: (after.rss - before.rss) / S / 1024, memLoad, churn, churnLoad, churnMs, joinP99: pct(joins, 99), updates, maxUpdateBytes, lastTotal, pageOk };
  } finally {
    await server.stop();
  }
}

const owner = testOwnerDatabase();
try {
  const { tenant, schoolId } = await seedBenchTenant(owner);
  const people = await seedPeople(owner, tenant.id, S, { orgUnitId: schoolId });
  const auth = people.map((p) => ({ slug: tenant.slug, token: p.token }));
  const runs: TRun[] = [];
  for (let r = 0; r < knobs.BENCH_PROVINCE_ROUNDS; r++) {
    for (const kind of ["bare", "ours"] as const) {
      const run = await round(kind, auth);
      runs.push(run);
      console.log(`  round ${r + 1} ${kind}: connect ${(run.connectMs / 1000).toFixed(1)} s (load ${run.connectLoad}), lag p99 ${f1(run.churn.lagP99)} ms (load ${run.churnLoad})`);
    }
  }
  console.log(`\none province: ${S.toLocaleString("en")} signed-in sockets in ONE tenant on one server process (child); then ${SECONDS} s of ${CHURN} leaving and ${CHURN} joining each second; interleaved bare, ours × ${knobs.BENCH_PROVINCE_ROUNDS}`);
  console.log(
    table([
      ["round", "connect", "load", "RSS KB/socket", "load", "lag p50 ms", "lag p99 ms", "lag max ms", "load", "churn s", "join p99 ms", "presence/s", "max bytes", "count"],
      ...runs.map((r, i) => [
        `${Math.floor(i / 2) + 1} ${r.kind === "bare" ? "bare socket.io" : "realtime service"}`,
        `${(r.connectMs / 1000).toFixed(1)} s`,
        r.connectLoad,
        f1(r.perSocketKB),
        r.memLoad,
        f1(r.churn.lagP50),
        f1(r.churn.lagP99),
        f1(r.churn.lagMax),
        r.churnLoad,
        (r.churnMs / 1000).toFixed(1),
        f1(r.joinP99),
        r.kind === "ours" ? (r.updates / (r.churnMs / 1000)).toFixed(1) : "—",
        r.kind === "ours" ? String(r.maxUpdateBytes) : "—",
        r.kind === "ours" ? String(r.lastTotal ?? "—") : "—",
      ]),
    ]),
  );
  console.log(`  machine: ${os.cpus().length} cores; load = 1-minute load average when the figure beside it was taken`);
  for (let r = 0; r < runs.length; r += 2) {
    const bare = runs[r]!;
    const ours = runs[r + 1]!;
    const ratio = ours.connectMs / bare.connectMs;
    console.log(
      `  round ${r / 2 + 1}: connect ${ratio.toFixed(2)}× bare (goal ≤ 2×): ${verdict(ratio <= 2)}; ${f1(ours.perSocketKB)} KB per socket (goal ≤ 60): ${verdict(ours.perSocketKB <= 60)}; ` +
        `lag p99 ${f1(ours.churn.lagP99)} ms vs bare ${f1(bare.churn.lagP99)} ms (goal ≤ 50 ms): ${verdict(ours.churn.lagP99 <= 50)}; ` +
        `presence broadcast ≤ ${ours.maxUpdateBytes} bytes with ${S.toLocaleString("en")} online, count ${ours.lastTotal === S ? "right" : `WRONG (${ours.lastTotal})`}, a page of the list ${ours.pageOk ? "right" : "WRONG"}`,
    );
  }
} finally {
  await owner.close();
}
