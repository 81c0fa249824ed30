/**
 * Idle sockets: BENCH_IDLE_SOCKETS (10,000) signed-in sockets, connected (not in a live room), on one
 * realtime process (a child process, so its memory is its own): RSS growth per socket (goal ≤ 60 KB) and
 * the event loop's delay p99 while they sit idle for BENCH_IDLE_SECONDS (goal ≤ 50 ms), measured in the
 * child with perf_hooks.monitorEventLoopDelay. Baseline: a bare socket.io server child with as many
 * sockets, unauthenticated.
 *
 * The people are spread over BENCH_IDLE_TENANTS (1,000) tenants of 10, so these figures stay comparable with
 * the earlier runs (when every broadcast carried a tenant's whole list, one tenant of 10,000 would not finish).
 * Since decision 026 a broadcast is the count and one page: 10,000 in ONE tenant, with churn, is
 * province.bench.ts.
 */
import { testOwnerDatabase } from "@yanxiu/services/testing";
import type { Socket } from "socket.io-client";
import { loadBenchEnv } from "./env.ts";
import { connected, f1, machine, openClient, pool, seedBenchTenant, seedPeople, sleep, spawnServer, table, verdict, type TServerChild, type TStats } from "./harness.ts";

const knobs = loadBenchEnv();
const S = knobs.BENCH_IDLE_SOCKETS;
const T = Math.min(knobs.BENCH_IDLE_TENANTS, S);

type TRun = { before: TStats; after: TStats; idle: TStats; connectMs: number; perSocketKB: number };

/** Warm up (so the first sockets do not pay for JIT and pool connections), then connect, settle, idle. */
async function measure(server: TServerChild, open: (i: number) => Socket): Promise<TRun> {
  const warm = await pool(Array.from({ length: 50 }), 25, async (_, i) => {
    const s = open(i);
    await connected(s);
    return s;
  });
  for (const s of warm) s.disconnect();
  await sleep(1500);
  await server.ask("gc");
  const before = await server.ask("stats");
  const t0 = performance.now();
  const sockets = await pool(Array.from({ length: S }), 200, async (_, i) => {
    const s = open(i);
    await connected(s);
    return s;
  });
  const connectMs = performance.now() - t0;
  await sleep(3000);
  await server.ask("gc");
  const after = await server.ask("stats");
  if (after.sockets !== S) throw new Error(`${after.sockets} sockets on the server, ${S} expected`);
  await server.ask("resetLag");
  await sleep(knobs.BENCH_IDLE_SECONDS * 1000);
  const idle = await server.ask("stats");
  for (const s of sockets) s.disconnect();
  await server.stop();
  return { before, after, idle, connectMs, perSocketKB: (after.rss - before.rss) / S / 1024 };
}

const owner = testOwnerDatabase();
try {
  const bare = await spawnServer("bare", knobs);
  const base = await measure(bare, () => openClient(bare.port));

  const per = Math.ceil(S / T);
  const tenants = await pool(Array.from({ length: T }), 4, async (_, t) => {
    const { tenant, schoolId } = await seedBenchTenant(owner);
    const people = await seedPeople(owner, tenant.id, Math.min(per, S - t * per), { orgUnitId: schoolId });
    return people.map((p) => ({ slug: tenant.slug, token: p.token }));
  });
  const auth = tenants.flat();
  // The warm-up sockets reuse the first cookies; the measured ones go round the tenants.
  const order = Array.from({ length: S }, (_, i) => (i % T) * per + Math.floor(i / T)).filter((k) => k < auth.length);
  const server = await spawnServer("ours", knobs);
  const ours = await measure(server, (i) => openClient(server.port, auth[order[i]!]!));

  const kb = (r: TRun, k: "rss" | "heapUsed") => `${((r.after[k] - r.before[k]) / S / 1024).toFixed(1)}`;
  const row = (name: string, r: TRun) => [
    name,
    `${(r.before.rss / 2 ** 20).toFixed(0)} → ${(r.after.rss / 2 ** 20).toFixed(0)}`,
    kb(r, "rss"),
    kb(r, "heapUsed"),
    f1(r.idle.lagP50),
    f1(r.idle.lagP99),
    f1(r.idle.lagMax),
    `${(r.connectMs / 1000).toFixed(1)} s`,
  ];
  console.log(`\nidle sockets: ${S.toLocaleString("en")} connected sockets on one server process (child), idle ${knobs.BENCH_IDLE_SECONDS} s; ours signed in (session cookie), ${T} tenants × ${per}, not in a live room`);
  console.log(
    table([
      ["server", "RSS MB", "RSS KB/socket", "heap KB/socket", "lag p50 ms", "lag p99 ms", "lag max ms", "connect"],
      row("baseline: bare socket.io, no auth", base),
      row("realtime service", ours),
    ]),
  );
  console.log(`  ${machine()}`);
  console.log(`  ours ${f1(ours.perSocketKB)} KB per socket (goal ≤ 60 KB): ${verdict(ours.perSocketKB <= 60)}, ${(ours.perSocketKB / base.perSocketKB).toFixed(1)}× the baseline's ${f1(base.perSocketKB)} KB`);
  console.log(`  ours event-loop delay p99 ${f1(ours.idle.lagP99)} ms while idle (goal ≤ 50 ms): ${verdict(ours.idle.lagP99 <= 50)}; baseline ${f1(base.idle.lagP99)} ms (monitorEventLoopDelay at 10 ms: delay beyond the timer)`);
} finally {
  await owner.close();
}
