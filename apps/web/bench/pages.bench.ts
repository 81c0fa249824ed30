/**
 * Signed-in pages under load (issue 18): a demo teacher's home, 我的学时 (/my/credits) and 课程目录 (/courses),
 * each at 100 connections with autocannon, next to the web process's own /healthz (Postgres and Redis pinged,
 * no page rendered) as the baseline, in the same run and interleaved (healthz, home, credits, courses, then
 * again) so a change in the shared machine's load hits all of them. Goal: each page ≥ 800 req/s with p99 ≤
 * 150 ms, using every core.
 *
 * The server is the production build (made by the `bench` script just before) started as in production:
 * `server.ts` in its own process tree, with as many web processes as cores (BENCH_PAGES_PROCESSES to
 * choose). The load generator (autocannon, in this process) never shares their event loops. The demo data
 * is seeded like `npm start` does, 学时 history included, so 我的学时 has years of rows to read.
 * No realtime or worker process: these pages read only; the home's presence list connects from the browser.
 *
 * Knobs (apps/web/bench/env.ts): BENCH_PAGES_SECONDS, BENCH_PAGES_ROUNDS, BENCH_PAGES_CONNECTIONS,
 * BENCH_PAGES_PROCESSES, BENCH_PAGES_CPU_PROF_DIR (profiles of each web process, for `--cpu-prof`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createOwnerDatabase } from "@yanxiu/db/client";
import { sessionPolicy } from "@yanxiu/domain/auth";
import { demoPassword, seedDemo } from "@yanxiu/services/seed";
import { seedDemoHistory } from "@yanxiu/services/seed-history";
import { loadBenchEnv } from "./env.ts";

const env = loadBenchEnv();
const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const teacher = "hn_teacher1";
const goal = { rps: 800, p99: 150 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** One request to the web process with the tenant's Host header (no DNS for *.localhost needed). */
function request(port: number, opts: { method?: string; path: string; host: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path, headers: { host: opts.host, ...opts.headers } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

async function signIn(port: number, host: string): Promise<string> {
  const body = new URLSearchParams({ login: teacher, password: demoPassword, redirectTo: "/" }).toString();
  const res = await request(port, {
    method: "POST",
    path: "/login",
    host,
    headers: { origin: `http://${host}`, "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)) },
    body,
  });
  const cookie = (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!).find((c) => c.startsWith(`${sessionPolicy.cookieName}=`));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${teacher} failed: ${res.status}`);
  return cookie;
}

type TTarget = { name: string; path: string; headers: Record<string, string>; baseline?: boolean };
type TResult = { rps: number; p50: number; p99: number; non2xx: number; errors: number; load: number; cpuMsPerRequest: number };

/** CPU milliseconds (user + system) the web processes (the cluster's primary and its children) have used so far. */
function webCpuMs(pid: number): number {
  const ticks = (p: number) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime are fields 14 and 15 of stat(5); here the list starts at field 3.
      return Number(f[11]) + Number(f[12]);
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    /* no children file: one process */
  }
  return [pid, ...children].reduce((sum, p) => sum + ticks(p), 0) * 10;
}

/**
 * Requests autocannon left in flight when its time was up still run on the server: wait until /healthz
 * answers quickly again, so they do not slow down the next measurement.
 */
async function settle(port: number) {
  await sleep(500);
  for (let i = 0; i < 120; i++) {
    const t0 = performance.now();
    await request(port, { path: "/healthz", host: "localhost" }).catch(() => undefined);
    if (performance.now() - t0 < 50) return;
    await sleep(250);
  }
}

async function measure(port: number, pid: number, t: TTarget, seconds: number): Promise<TResult> {
  await settle(port);
  const load = os.loadavg()[0]!;
  const cpu0 = webCpuMs(pid);
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${t.path}`,
    connections: env.BENCH_PAGES_CONNECTIONS,
    duration: seconds,
    headers: t.headers,
  });
  const cpuMsPerRequest = r.requests.total > 0 ? (webCpuMs(pid) - cpu0) / r.requests.total : NaN;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, load, cpuMsPerRequest };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "yanxiu-pages-bench-"));
let web: ChildProcess | undefined;
const port = await freePort();
try {
  const owner = createOwnerDatabase(env.TEST_DATABASE_OWNER_URL);
  await seedDemo(owner);
  const history = await seedDemoHistory(owner);
  await owner.close();

  const processes = env.BENCH_PAGES_PROCESSES ?? os.availableParallelism();
  const nodeArgs = ["--import", "tsx"];
  if (env.BENCH_PAGES_CPU_PROF_DIR) nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${path.resolve(env.BENCH_PAGES_CPU_PROF_DIR)}`);
  web = spawn(process.execPath, [...nodeArgs, "server.ts"], {
    cwd: webDir,
    env: {
      PATH: env.PATH,
      NODE_ENV: "production",
      DATABASE_URL: env.TEST_DATABASE_URL,
      REDIS_URL: env.TEST_REDIS_URL,
      PLATFORM_DATABASE_URL: env.TEST_PLATFORM_DATABASE_URL,
      APP_DOMAIN: "localhost",
      PORT: String(port),
      WEB_PROCESSES: String(processes),
      QUEUE_PREFIX: `bench-pages-${Date.now()}`,
      FILE_STORE_DIR: path.join(tmp, "files"),
      CHECK_IN_SECRET: randomBytes(32).toString("hex"),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; ; i++) {
    if (web.exitCode != null) throw new Error(`web exited (${web.exitCode})`);
    if (i > 300) throw new Error("web did not come up");
    const ok = await request(port, { path: "/healthz", host: "localhost" }).then((r) => r.status === 200, () => false);
    if (ok) break;
    await sleep(200);
  }

  const host = `hunan.localhost:${port}`;
  const cookie = await signIn(port, host);
  const headers = { host, cookie };
  const targets: TTarget[] = [
    { name: "/healthz (baseline)", path: "/healthz", headers: { host: `localhost:${port}` }, baseline: true },
    { name: "home /", path: "/", headers },
    { name: "我的学时 /my/credits", path: "/my/credits", headers },
    { name: "课程目录 /courses", path: "/courses", headers },
  ];
  // Each page, once by hand: signed in (no redirect to /login), the whole document, the teacher's frame.
  for (const t of targets.filter((x) => !x.baseline)) {
    const r = await request(port, { path: t.path, host, headers: { cookie } });
    if (r.status !== 200 || !r.body.includes('data-testid="signed-in-as"')) throw new Error(`${t.path}: ${r.status}, not the signed-in page`);
    console.log(`  ${t.path}: ${(Buffer.byteLength(r.body) / 1024).toFixed(1)} KB of HTML`);
  }
  // Warm-up (JIT, connection pools, caches), not counted.
  for (const t of targets) await measure(port, web.pid!, t, 2);

  const results = new Map<string, TResult[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < env.BENCH_PAGES_ROUNDS; round++) {
    for (const t of targets) results.get(t.name)!.push(await measure(port, web.pid!, t, env.BENCH_PAGES_SECONDS));
  }

  const cpus = os.cpus();
  console.log(
    `\nsigned-in pages (${teacher}, ${history.teachers} teachers with 学时 history), ${processes} web process(es), ${cpus.length} cores (${cpus[0]?.model ?? "?"}), ` +
      `${env.BENCH_PAGES_CONNECTIONS} connections, ${env.BENCH_PAGES_SECONDS} s each, ${env.BENCH_PAGES_ROUNDS} interleaved rounds`,
  );
  console.log(`goal: each page ≥ ${goal.rps} req/s with p99 ≤ ${goal.p99} ms`);
  console.log("| target | round | req/s | p50 | p99 | non-2xx | errors | web CPU per request | load avg (1 min) at start | goal |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  let allMet = true;
  for (const t of targets) {
    results.get(t.name)!.forEach((r, i) => {
      const met = r.rps >= goal.rps && r.p99 <= goal.p99 && r.non2xx === 0 && r.errors === 0;
      if (!t.baseline && !met) allMet = false;
      console.log(
        `| ${t.name} | ${i + 1} | ${r.rps.toFixed(0)} | ${r.p50} ms | ${r.p99} ms | ${r.non2xx} | ${r.errors} | ${r.cpuMsPerRequest.toFixed(2)} ms | ${r.load.toFixed(2)} | ${t.baseline ? "—" : met ? "met" : "missed"} |`,
      );
    });
  }
  console.log(`pages goal: ${allMet ? "met" : "missed"} (load average now ${os.loadavg().map((l) => l.toFixed(2)).join(" ")})`);
} finally {
  if (web && web.exitCode == null) {
    await settle(port).catch(() => undefined);
    web.kill("SIGTERM");
    await new Promise((r) => web!.once("exit", r));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
