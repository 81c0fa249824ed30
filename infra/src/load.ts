import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

/**
 * `LOAD=N npm test`: N busy loops beside the test run, to prove the tests wait on conditions and not on
 * budgets sized for an idle machine. Loop i is pinned to the i-th allowed CPU, round robin (with util-linux's
 * `taskset`, when there is one), so two loops on a two-core machine keep both cores busy.
 *
 * Each loop is a shell loop, not a node process (a few hundred KB each), and checks every so often that
 * `watchPid` (the test run) is still there: a run killed with -9 leaves no loop spinning behind it.
 */
export type TLoad = { pids: number[]; stop(): Promise<void> };

const loop = 'n=0; while :; do n=$((n+1)); if [ "$n" -ge 50000 ]; then n=0; kill -0 "$1" 2>/dev/null || exit 0; fi; done';

function taskset(): string | null {
  for (const p of ["/usr/bin/taskset", "/bin/taskset"]) if (fs.existsSync(p)) return p;
  return null;
}

/** The CPUs this process may run on (`Cpus_allowed_list`, say "0-1" or "2,4-5"); empty when unknown. */
export function allowedCpus(): number[] {
  try {
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] ?? "";
    return line.split(",").flatMap((part) => {
      const [a, b] = part.trim().split("-").map(Number);
      if (!Number.isInteger(a)) return [];
      return Array.from({ length: (Number.isInteger(b) ? b! : a!) - a! + 1 }, (_, k) => a! + k);
    });
  } catch {
    return [];
  }
}

export function startLoad(n: number, opts: { watchPid?: number } = {}): TLoad {
  const watchPid = String(opts.watchPid ?? process.pid);
  const cpus = allowedCpus();
  const pin = cpus.length ? taskset() : null;
  const children: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    const args = ["-c", loop, "busy-loop", watchPid];
    const child = pin ? spawn(pin, ["-c", String(cpus[i % cpus.length]), "sh", ...args], { stdio: "ignore" }) : spawn("sh", args, { stdio: "ignore" });
    child.on("error", () => {});
    children.push(child);
  }
  return {
    pids: children.map((c) => c.pid).filter((p): p is number => p !== undefined),
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once("exit", () => resolve());
              c.kill("SIGKILL");
            }),
        ),
      );
    },
  };
}
