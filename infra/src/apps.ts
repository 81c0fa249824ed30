import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { repoRoot } from "./env.ts";
import { stopChild, tail, waitFor } from "./proc.ts";

export type AppPorts = { web: number; realtime: number; workerHealth: number };
export type LaunchedApps = { ports: AppPorts; stop(): Promise<void>; printLogTails(): void };

type AppSpec = { name: string; dir: string; entry: string; env: Record<string, string>; healthUrl: string };

/**
 * Starts web, realtime and worker as plain `node --import tsx` processes (one process each, so a signal
 * reaches the app itself), waits until each one's /healthz says Postgres and Redis are reachable.
 * With `logDir` their output goes to files; otherwise it is streamed with a [name] prefix.
 */
export async function launchApps(opts: {
  databaseUrl: string;
  redisUrl: string;
  appDomain: string;
  ports: AppPorts;
  logDir?: string;
  cookieSecure?: boolean;
  log: (s: string) => void;
}): Promise<LaunchedApps> {
  const common = { DATABASE_URL: opts.databaseUrl, REDIS_URL: opts.redisUrl };
  const specs: AppSpec[] = [
    {
      name: "worker",
      dir: "apps/worker",
      entry: "src/main.ts",
      env: { ...common, HEALTH_PORT: String(opts.ports.workerHealth) },
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
      }, 60_000, 200);
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
