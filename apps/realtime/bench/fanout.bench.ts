/**
 * Fan-out: BENCH_CLIENTS sockets (200) in ONE live session room of the realtime service (a child process,
 * on Postgres and Redis as in production, chat stored before it is relayed), chat at BENCH_RATE messages/s
 * (20) for BENCH_SECONDS (15); the latency from send (a timestamp inside the message) to each receiver.
 * Baseline: a bare socket.io server of the same version (websocket, no adapter, no store) broadcasting the
 * same messages to as many sockets in a room. Goal: our p99 ≤ 1.3× the baseline's and ≤ 25 ms.
 *
 * The room allows one chat message per second per socket (burst 8, liveRateLimits.chat), so the 20/s come
 * from 20 senders in turn, 1/s each: the fan-out is the same, and nothing is refused.
 * Clients and the bench are one process; the server is another, so its work is not mixed with theirs.
 */
import { seedOrgUnit } from "@yanxiu/services/factories";
import { seedLiveWorld } from "@yanxiu/services/live/testing";
import { testDatabase, testOwnerDatabase } from "@yanxiu/services/testing";
import type { Socket } from "socket.io-client";
import { loadBenchEnv } from "./env.ts";
import { connected, f1, machine, openClient, pct, pool, seedPeople, seedSessionFor, send, sleep, spawnServer, table, verdict, waitUntil, type TServerChild, type TStats } from "./harness.ts";

const knobs = loadBenchEnv();
const N = knobs.BENCH_CLIENTS;
const RATE = knobs.BENCH_RATE;
const SECONDS = knobs.BENCH_SECONDS;
const SENDERS = Math.min(N, RATE); // 1 message/s each: the room's sustained chat rate per socket

type TRun = { latencies: number[]; expected: number; refused: Map<string, number>; ackMs: number[]; serverLag: TStats };

/**
 * Sends RATE messages/s from the senders in turn, each carrying its send time; every client records the
 * latency of each message it receives. `warmup` seconds first, not recorded.
 */
async function drive(server: TServerChild, clients: Socket[], sessionId: string, warmup: number): Promise<TRun> {
  let recording = false;
  const latencies: number[] = [];
  let received = 0;
  for (const c of clients) {
    c.on("chat:message", (p: { message: { body: string } }) => {
      const m = /^bench (\d+) ([\d.]+)$/.exec(p.message.body);
      if (!m || !recording) return;
      latencies.push(performance.now() - Number(m[2]));
      received++;
    });
  }
  const refused = new Map<string, number>();
  const ackMs: number[] = [];
  const senders = clients.slice(clients.length - SENDERS);
  const phase = async (seconds: number) => {
    const total = RATE * seconds;
    const start = performance.now();
    const acks: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const s = senders[i % senders.length]!;
      const at = performance.now();
      acks.push(
        send(s, "chat:send", { sessionId, body: `bench ${i} ${at.toFixed(3)}` }).then(
          (a) => {
            if (recording) ackMs.push(performance.now() - at);
            if (!a.ok) refused.set(a.code, (refused.get(a.code) ?? 0) + 1);
          },
          () => void refused.set("ackTimeout", (refused.get("ackTimeout") ?? 0) + 1),
        ),
      );
    }
    await Promise.all(acks);
  };
  await phase(warmup);
  await sleep(1000);
  recording = true;
  await server.ask("resetLag");
  await phase(SECONDS);
  const expected = RATE * SECONDS * clients.length;
  await waitUntil(() => received >= expected, 10_000);
  recording = false;
  const serverLag = await server.ask("stats");
  for (const c of clients) c.off("chat:message");
  return { latencies: latencies.sort((a, b) => a - b), expected, refused, ackMs: ackMs.sort((a, b) => a - b), serverLag };
}

async function closeAll(clients: Socket[], server: TServerChild) {
  for (const c of clients) c.disconnect();
  await server.stop();
}

const owner = testOwnerDatabase();
const db = testDatabase();
try {
  // Baseline: the bare server.
  const bare = await spawnServer("bare", knobs);
  const bareClients = await pool(Array.from({ length: N }), 50, async () => {
    const s = openClient(bare.port);
    await connected(s);
    return s;
  });
  const base = await drive(bare, bareClients, "00000000-0000-4000-8000-000000000000", 2);
  await closeAll(bareClients, bare);

  // Ours: a studio session with its host and N - 1 members, all joined, started by the host.
  const w = await seedLiveWorld(owner, db);
  const liveSession = await w.newStudioSession();
  const school = await seedOrgUnit(owner, w.tenantId, { kind: "school", name: "二中", code: `BF${w.tenant.slug.slice(2, 8)}` });
  const members = await seedPeople(owner, w.tenantId, N - 1, { orgUnitId: school.id, studioId: w.studioId });
  const hostToken = await seedSessionFor(owner, w.tenantId, w.people.host.id);
  const server = await spawnServer("ours", knobs);
  const slug = w.tenant.slug;
  const host = openClient(server.port, { slug, token: hostToken });
  await connected(host);
  const hostJoin = await send(host, "live:join", { sessionId: liveSession.id });
  if (!hostJoin.ok) throw new Error(`host join refused: ${hostJoin.code}`);
  const started = await send(host, "session:start", { sessionId: liveSession.id });
  if (!started.ok) throw new Error(`start refused: ${started.code}`);
  const j0 = performance.now();
  const memberClients = await pool(members, 20, async (p) => {
    const s = openClient(server.port, { slug, token: p.token });
    await connected(s);
    const a = await send(s, "live:join", { sessionId: liveSession.id }, 60_000);
    if (!a.ok) throw new Error(`join refused: ${a.code}`);
    return s;
  });
  const joinMs = performance.now() - j0;
  // Every connect and join broadcasts presence to the tenant and the room (N² small messages): let it settle.
  await sleep(3000);
  const ours = await drive(server, [host, ...memberClients], liveSession.id, 2);
  await closeAll([host, ...memberClients], server);

  const b99 = pct(base.latencies, 99);
  const o99 = pct(ours.latencies, 99);
  const row = (name: string, r: TRun) => [
    name,
    f1(pct(r.latencies, 50)),
    f1(pct(r.latencies, 99)),
    f1(r.latencies.at(-1) ?? NaN),
    f1(pct(r.ackMs, 50)),
    f1(pct(r.ackMs, 99)),
    f1(r.serverLag.lagP99),
    `${r.latencies.length}/${r.expected}`,
    [...r.refused].map(([k, v]) => `${k}×${v}`).join(" ") || "0",
  ];
  console.log(`\nfan-out: ${N} sockets in one live room, ${RATE} chat messages/s for ${SECONDS} s from ${SENDERS} senders in turn (1/s each, the room's chat limit); latency send → each receiver, ms`);
  console.log(
    table([
      ["server", "p50", "p99", "max", "ack p50", "ack p99", "server loop p99", "delivered", "refused"],
      row("baseline: bare socket.io, one room", base),
      row("realtime service (stored, Redis streams)", ours),
    ]),
  );
  console.log(`  p99 ratio ${(o99 / b99).toFixed(2)}× (goal ≤ 1.3×): ${verdict(o99 <= 1.3 * b99)};  p99 ${f1(o99)} ms (goal ≤ 25 ms): ${verdict(o99 <= 25)}`);
  console.log(`  ${machine()}`);
  console.log(`  (our ${N} sockets connected and joined in ${(joinMs / 1000).toFixed(1)} s, 20 at a time)`);
} finally {
  await db.close();
  await owner.close();
}

