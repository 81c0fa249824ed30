import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { repoRoot } from "./env.ts";
import { isAlive, stopChild, stopPid, tail, waitFor } from "./proc.ts";

export type AppPorts = { web: number; realtime: number; workerHealth: number };
export type LaunchedApps = { ports: AppPorts; stop(): Promise<void>; printLogTails(): void };

type AppSpec = { name: string; dir: string; entry: string; env: Record<string, string>; healthUrl: string };

/**
 * Starts web, realtime and worker as plain `node --import tsx` processes (one process each, so a signal
 * reaches the app itself), waits until each one's /healthz says Postgres and Redis are reachable.
 * With `logDir` their output goes to files; otherwise it is streamed with a [name] prefix.
 */
/** Stops apps that a killed earlier run left running (their pid files survived it). */
export async function stopOrphanedApps(pidDir: string, log: (s: string) => void): Promise<void> {
  if (!fs.existsSync(pidDir)) return;
  for (const f of fs.readdirSync(pidDir).filter((n) => n.endsWith(".pid"))) {
    const pid = Number(fs.readFileSync(path.join(pidDir, f), "utf8"));
    if (pid > 0 && isAlive(pid) && isOurApp(pid)) {
      log(`stopping ${f.replace(/\.pid$/, "")} (pid ${pid}) left running by an earlier run`);
      await stopPid(pid, "SIGTERM", 10_000);
    }
    fs.rmSync(path.join(pidDir, f), { force: true });
  }
}

/** A reused pid may belong to something else by now: only stop a node process running one of our apps. */
function isOurApp(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmd.includes("tsx") && (cmd.includes("src/main.ts") || cmd.includes("server.ts"));
  } catch {
    return false;
  }
}

export async function launchApps(opts: {
  databaseUrl: string;
  /** The platform console's connection (web only): the one role that may run the platform_* functions. */
  platformDatabaseUrl: string;
  redisUrl: string;
  appDomain: string;
  ports: AppPorts;
  /** Uploaded and generated files, shared by web and worker. */
  fileStoreDir: string;
  logDir?: string;
  /** Where to keep a pid file per app, so a later start can stop what a killed run left behind. */
  pidDir?: string;
  cookieSecure?: boolean;
  /**
   * The worker's key for 身份证号 hashes (decision 037). It must outlive the data: `npm start` keeps one in its data
   * folder; without one (a test run's fresh database) a random key serves the run.
   */
  idNumberKey?: string;
  log: (s: string) => void;
}): Promise<LaunchedApps> {
  // One check-in secret per launch, shared by every web process of it (codes live 30 seconds anyway).
  const common = { DATABASE_URL: opts.databaseUrl, REDIS_URL: opts.redisUrl, FILE_STORE_DIR: opts.fileStoreDir, CHECK_IN_SECRET: randomBytes(32).toString("hex") };
  const specs: AppSpec[] = [
    {
      name: "worker",
      dir: "apps/worker",
      entry: "src/main.ts",
      env: {
        ...common,
        HEALTH_PORT: String(opts.ports.workerHealth),
        ID_NUMBER_KEY: opts.idNumberKey ?? randomBytes(32).toString("hex"),
        // Certificates' QR codes point at the tenant's host on the web port launched here.
        PUBLIC_URL_TEMPLATE: `${opts.cookieSecure ? "https" : "http"}://{slug}.${opts.appDomain}:${opts.ports.web}`,
      },
      healthUrl: `http://127.0.0.1:${opts.ports.workerHealth}/healthz`,
    },
    {
      name: "realtime",
      dir: "apps/realtime",
      entry: "src/main.ts",
      env: { ...common, PORT: String(opts.ports.realtime), APP_DOMAIN: opts.appDomain, WEB_PORT: String(opts.ports.web) },
      healthUrl: `http://127.0.0.1:${opts.ports.realtime}/healthz`,
    },
    {
      name: "web",
      dir: "apps/web",
      entry: "server.ts",
      env: {
        ...common,
        NODE_ENV: "production",
        PORT: String(opts.ports.web),
        PLATFORM_DATABASE_URL: opts.platformDatabaseUrl,
        APP_DOMAIN: opts.appDomain,
        REALTIME_PUBLIC_PORT: String(opts.ports.realtime),
        SESSION_COOKIE_SECURE: opts.cookieSecure ? "true" : "false",
      },
      healthUrl: `http://127.0.0.1:${opts.ports.web}/healthz`,
    },
  ];

  const children: { spec: AppSpec; child: ChildProcess; logFile?: string }[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => stopChild(c.child, "SIGTERM", 10_000)));
    if (opts.pidDir) for (const c of children) fs.rmSync(path.join(opts.pidDir, `${c.spec.name}.pid`), { force: true });
  };

  try {
    for (const spec of specs) {
      const cwd = path.join(repoRoot, spec.dir);
      const logFile = opts.logDir ? path.join(opts.logDir, `${spec.name}.log`) : undefined;
      const out = logFile ? fs.openSync(logFile, "a") : "pipe";
      const child = spawn(process.execPath, ["--import", "tsx", spec.entry], {
        cwd,
        env: { ...process.env, ...spec.env },
        stdio: ["ignore", out, out],
      });
      if (typeof out === "number") fs.closeSync(out);
      else {
        for (const s of [child.stdout, child.stderr]) {
          if (!s) continue;
          // The apps prefix their own lines; anything else they print (a crash) gets the prefix here.
          readline.createInterface({ input: s }).on("line", (line) => console.log(line.startsWith(`[${spec.name}]`) ? line : `[${spec.name}] ${line}`));
        }
      }
      children.push({ spec, child, logFile });
      if (opts.pidDir && child.pid) {
        fs.mkdirSync(opts.pidDir, { recursive: true });
        fs.writeFileSync(path.join(opts.pidDir, `${spec.name}.pid`), String(child.pid));
      }
      let exited = false;
      child.once("exit", () => {
        exited = true;
      });
      const healthy = await waitFor(async () => {
        if (exited) return true;
        try {
          const res = await fetch(spec.healthUrl);
          return res.ok;
        } catch {
          return false;
        }
      }, 180_000, 200);
      if (exited || !healthy) {
        throw new Error(`${spec.name} did not become healthy at ${spec.healthUrl}${logFile ? `:\n${tail(logFile)}` : ""}`);
      }
      opts.log(`${spec.name} is up (${spec.healthUrl})`);
    }
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    ports: opts.ports,
    stop,
    printLogTails() {
      for (const c of children) if (c.logFile) console.log(`--- ${c.spec.name} log ---\n${tail(c.logFile, 40)}`);
    },
  };
}
