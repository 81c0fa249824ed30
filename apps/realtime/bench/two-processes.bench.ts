/**
 * Two processes: one live room of BENCH_TP_CLIENTS (100) sockets, every one of them sending chat as fast
 * as its acks and the room's chat limit allow (burst 8, then 1/s per socket: liveRateLimits.chat) for
 * BENCH_TP_SECONDS (10), all on one realtime process, then split evenly over two processes sharing Redis
 * (the streams adapter), as production runs them. Figure: during the flood (every socket's burst allowance
 * of 8, one message in flight per socket, 800 messages at once), deliveries per second (one message reaching
 * one socket counts one) from the first send until the flood's last delivery. Goal: two ≥ 0.8× one.
 * The steady part afterwards (1/s per socket, below the capacity of either) shows latency only: a fixed
 * load both keep up with would give a ratio of 1 whatever the cost.
 * Clients and the bench are one process; each server is a child process.
 */
import { seedOrgUnit } from "@yanxiu/services/factories";
import { seedLiveWorld } from "@yanxiu/services/live/testing";
import { testDatabase, testOwnerDatabase } from "@yanxiu/services/testing";
import { liveRateLimits } from "@yanxiu/domain/live";
import type { Socket } from "socket.io-client";
import { loadBenchEnv } from "./env.ts";
import { connected, f1, machine, openClient, pct, pool, seedPeople, seedSessionFor, send, sleep, spawnServer, table, verdict, waitUntil, type TServerChild } from "./harness.ts";

const knobs = loadBenchEnv();
const N = knobs.BENCH_TP_CLIENTS;
const SECONDS = knobs.BENCH_TP_SECONDS;
const chatLimit = liveRateLimits.chat;

const owner = testOwnerDatabase();
const db = testDatabase();

type TRun = {
  sent: number;
  refused: number;
  delivered: number;
  expected: number;
  /** The flood: each socket's first `capacity` messages, one in flight per socket, no waiting on the limit. */
  burst: { messages: number; delivered: number; ms: number };
  /** Afterwards, 1 message/s per socket: latency send → each receiver. */
  steady: number[];
  lagP99: number[];
};

/** One client's sending: its own copy of the server's token bucket (plus a margin), one message in flight. */
async function flood(s: Socket, sessionId: string, until: number, onAck: (ok: boolean) => void) {
  let tokens = chatLimit.capacity;
  let at = performance.now();
  let k = 0;
  // The burst is sent whole however long it takes: it is what the flood figure counts.
  while (k < chatLimit.capacity || performance.now() < until) {
    const now = performance.now();
    tokens = Math.min(chatLimit.capacity, tokens + ((now - at) / 1000) * chatLimit.refillPerSecond);
    at = now;
    if (tokens < 1) {
      // 25 ms late on purpose: the server's clock for the bucket starts when the message arrives.
      await sleep(((1 - tokens) / chatLimit.refillPerSecond) * 1000 + 25);
      continue;
    }
    tokens -= 1;
    const phase = k++ < chatLimit.capacity ? "b" : "s";
    const a = await send(s, "chat:send", { sessionId, body: `bench ${phase} ${performance.now().toFixed(3)}` }).catch(() => ({ ok: false }) as const);
    onAck(a.ok);
  }
}

async function run(processes: 1 | 2): Promise<TRun> {
  const w = await seedLiveWorld(owner, db);
  const liveSession = await w.newStudioSession();
  const school = await seedOrgUnit(owner, w.tenantId, { kind: "school", name: "二中", code: `BT${w.tenant.slug.slice(2, 8)}` });
  const members = await seedPeople(owner, w.tenantId, N - 1, { orgUnitId: school.id, studioId: w.studioId });
  const hostToken = await seedSessionFor(owner, w.tenantId, w.people.host.id);
  const servers: TServerChild[] = [];
  for (let i = 0; i < processes; i++) servers.push(await spawnServer("ours", knobs));
  const slug = w.tenant.slug;
  const clients = await pool([hostToken, ...members.map((m) => m.token)], 20, async (token, i) => {
    const s = openClient(servers[i % processes]!.port, { slug, token });
    await connected(s);
    const a = await send(s, "live:join", { sessionId: liveSession.id }, 60_000);
    if (!a.ok) throw new Error(`join refused: ${a.code}`);
    if (i === 0) {
      const started = await send(s, "session:start", { sessionId: liveSession.id });
      if (!started.ok) throw new Error(`start refused: ${started.code}`);
    }
    return s;
  });
  // Presence after every join goes to the whole room: let it settle.
  await sleep(3000);
  let delivered = 0;
  let burstDelivered = 0;
  let burstLast = 0;
  const steady: number[] = [];
  for (const c of clients) {
    c.on("chat:message", (p: { message: { body: string } }) => {
      const m = /^bench ([bs]) ([\d.]+)$/.exec(p.message.body);
      if (!m) return;
      const now = performance.now();
      delivered++;
      if (m[1] === "b") {
        burstDelivered++;
        burstLast = now;
      } else steady.push(now - Number(m[2]));
    });
  }
  for (const s of servers) await s.ask("resetLag");
  let sent = 0;
  let refused = 0;
  const t0 = performance.now();
  await Promise.all(clients.map((c) => flood(c, liveSession.id, t0 + SECONDS * 1000, (ok) => (ok ? sent++ : refused++))));
  const expected = sent * N;
  await waitUntil(() => delivered >= expected, 15_000);
  const lagP99 = [];
  for (const s of servers) lagP99.push((await s.ask("stats")).lagP99);
  for (const c of clients) c.disconnect();
  for (const s of servers) await s.stop();
  const burst = { messages: burstDelivered / N, delivered: burstDelivered, ms: burstLast - t0 };
  return { sent, refused, delivered, expected, burst, steady: steady.sort((a, b) => a - b), lagP99 };
}

try {
  const one = await run(1);
  const two = await run(2);
  const rate = (r: TRun) => (r.burst.delivered / r.burst.ms) * 1000;
  const row = (name: string, r: TRun) => [
    name,
    `${r.burst.messages} in ${(r.burst.ms / 1000).toFixed(2)} s`,
    ((r.burst.messages / r.burst.ms) * 1000).toFixed(0),
    rate(r).toFixed(0),
    f1(pct(r.steady, 50)),
    f1(pct(r.steady, 99)),
    `${r.delivered}/${r.expected}`,
    `${r.refused}`,
    r.lagP99.map(f1).join(" / "),
  ];
  console.log(`\ntwo processes: ${N} sockets in one live room; each floods ${chatLimit.capacity} chat messages (its burst allowance, one in flight), then sends ${chatLimit.refillPerSecond}/s (the limit) until ${SECONDS} s`);
  console.log(
    table([
      ["processes", "flood: messages", "stored/s", "deliveries/s", "then: p50 ms", "p99 ms", "delivered", "refused", "server loop p99 ms"],
      row("one realtime process", one),
      row("two, sockets split, Redis streams", two),
    ]),
  );
  const ratio = rate(two) / rate(one);
  console.log(`  ${machine()}`);
  console.log(`  flood deliveries/s, two processes ÷ one: ${ratio.toFixed(2)}× (goal ≥ 0.8×): ${verdict(ratio >= 0.8)}  (a delivery is one message reaching one socket)`);
} finally {
  await db.close();
  await owner.close();
}
