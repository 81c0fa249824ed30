import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import type { Queue } from "bullmq";

/**
 * For the worker's integration tests and benchmarks: the worker as a real child process (`node --import tsx
 * src/main.ts`, as infra/src/apps.ts starts it), so `kill -9` is a real crash, and helpers to wait on
 * the queue. Nothing here runs in production.
 */
const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type TWorkerChild = { child: ChildProcess; ready: Promise<void>; output: string[]; kill9(): Promise<void>; stop(): Promise<void> };

/**
 * `env` is the child's whole environment: the worker reads nothing else. `args` (relative to
 * apps/worker) pick another entry, such as the benchmark's no-op worker; it is ready when it prints
 * "consuming queues".
 */
export function spawnWorker(env: Record<string, string>, args: string[] = ["src/main.ts"]): TWorkerChild {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: workerDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    for (const s of [child.stdout, child.stderr]) {
      readline.createInterface({ input: s! }).on("line", (line) => {
        output.push(line);
        if (output.length > 200) output.shift();
        if (line.includes("consuming queues")) resolve();
      });
    }
    void exited.then(() => reject(new Error(`worker exited before it was ready:\n${output.join("\n")}`)));
  });
  ready.catch(() => {});
  return {
    child,
    ready,
    output,
    async kill9() {
      if (child.exitCode == null && child.signalCode == null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode == null && child.signalCode == null) child.kill("SIGTERM");
      await exited;
    },
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until nothing is waiting, running or delayed on the queue. A loaded machine only makes that take
 * longer, so there is no deadline: it gives up when the queue has not moved (no count changed, no job
 * finished) for `stallMs`.
 */
export async function waitDrained(queue: Queue, stallMs: number) {
  let last = "";
  let movedAt = Date.now();
  for (;;) {
    const c = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed");
    const { completed: _completed, failed: _failed, ...open } = c;
    if (Object.values(open).every((n) => n === 0)) return;
    const now = JSON.stringify(c);
    if (now !== last) {
      last = now;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallMs) {
      throw new Error(`queue not drained and not moving for ${stallMs} ms: ${now}`);
    }
    await pause(100);
  }
}

/**
 * Waits until `count()` reaches `target`. As with waitDrained there is no deadline: it gives up when the
 * count has not grown for `stallMs`.
 */
export async function waitForCount(count: () => Promise<number>, target: number, stallMs: number, what: string): Promise<number> {
  let most = -Infinity;
  let grewAt = Date.now();
  for (;;) {
    const n = await count();
    if (n >= target) return n;
    if (n > most) {
      most = n;
      grewAt = Date.now();
    } else if (Date.now() - grewAt > stallMs) {
      throw new Error(`${what}: ${n} of ${target}, and no more for ${stallMs} ms`);
    }
    await pause(25);
  }
}

/** Polls `probe` until it returns true. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await pause(25);
  }
}

/** Adds jobs in chunks (one round trip per chunk). */
export async function addJobs(queue: Queue, name: string, jobs: readonly { jobId: string; data: unknown }[], opts: { attempts?: number } = {}) {
  for (let i = 0; i < jobs.length; i += 1000) {
    await queue.addBulk(
      jobs.slice(i, i + 1000).map((j) => ({
        name,
        data: j.data,
        opts: { jobId: j.jobId, attempts: opts.attempts ?? 5, backoff: { type: "exponential", delay: 200 }, removeOnComplete: true, removeOnFail: false },
      })),
    );
  }
}
