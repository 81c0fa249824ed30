import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { isAlive, spawnLogged, stopChild, stopPid, tail, waitFor } from "./proc.ts";

export type RedisHandle = { port: number; url: string; stop(): Promise<void> };

export function redisBinary(): string {
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"]).toString().trim();
  } catch {
    throw new Error("redis-server is not installed. Run: bash infra/bin/bootstrap.sh (it installs Debian's redis-server).");
  }
}

/** Debian's redis-server, on loopback only, with noeviction (what BullMQ needs). */
export async function startRedis(opts: { dir: string; port: number; persistent: boolean; log?: (s: string) => void }): Promise<RedisHandle> {
  const log = opts.log ?? (() => {});
  fs.mkdirSync(opts.dir, { recursive: true });
  const pidFile = path.join(opts.dir, "redis.pid");
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
    if (pid > 0 && isAlive(pid)) {
      log(`stopping an orphaned redis-server (pid ${pid}) from an earlier run`);
      await stopPid(pid, "SIGTERM");
    }
    fs.rmSync(pidFile, { force: true });
  }
  const logFile = path.join(opts.dir, "redis.log");
  fs.writeFileSync(logFile, "");
  const args = [
    "--port", String(opts.port),
    "--bind", "127.0.0.1",
    "--dir", opts.dir,
    "--pidfile", pidFile,
    "--daemonize", "no",
    "--maxmemory-policy", "noeviction",
    "--save", "",
    "--appendonly", opts.persistent ? "yes" : "no",
  ];
  const child: ChildProcess = spawnLogged(redisBinary(), args, { logFile });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const url = `redis://127.0.0.1:${opts.port}`;
  const ready = await waitFor(async () => {
    if (exited) return true;
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on("error", () => {});
    try {
      await r.connect();
      return (await r.ping()) === "PONG";
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  }, 15_000, 100);
  if (exited || !ready) {
    await stopChild(child);
    throw new Error(`redis-server did not start on port ${opts.port}. Log:\n${tail(logFile)}`);
  }
  return { port: opts.port, url, stop: () => stopChild(child, "SIGTERM") };
}
