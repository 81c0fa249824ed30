import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import type { ServerBuild } from "@remix-run/node";
import { loadEnv, type TWebEnv } from "./server/env.ts";

/**
 * The web process. With WEB_PROCESSES above 1 (the default: one per core) this process is the primary of a
 * node:cluster: it forks that many web processes, which share the one listening port (the primary hands out
 * connections round-robin), and serves nothing itself. Each web process is a whole app (its own Postgres
 * pool, Redis connections and caches); nothing a request needs lives in one process only (sign-in throttling
 * is in Redis, the check-in secret comes from the environment, cached sessions are dropped on every process
 * through Redis when they end).
 *
 * SIGTERM or SIGINT (Ctrl-C reaches every process of the group) closes each web process gracefully
 * (in-flight requests finish), then the primary exits. A web process whose primary dies exits with it (its
 * IPC channel closes), so nothing is left behind. A web process that crashes is replaced.
 */
const env = loadEnv();
const processes = env.WEB_PROCESSES ?? os.availableParallelism();

if (cluster.isPrimary && processes > 1) runPrimary(processes);
else await runWebProcess(env);

async function runWebProcess(env: TWebEnv) {
  // Imported here, not at the top: the cluster's primary never loads the app (it only forks), so it starts at once.
  const { closeOnSignals } = await import("@yanxiu/services/lifecycle");
  const { createWebApp } = await import("./server/app.ts");
  // @ts-expect-error the build exists only after `remix vite:build`
  const build = (await import("./build/server/index.js")) as ServerBuild;
  const web = await createWebApp(env, build);
  const server = web.app.listen(env.PORT, "127.0.0.1", () => {
    if (cluster.isPrimary) console.log(`[web] listening on http://127.0.0.1:${env.PORT} (tenants at http://{slug}.${env.APP_DOMAIN}:${env.PORT})`);
    else process.send?.({ type: "listening" });
  });

  closeOnSignals("web", async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await web.close();
  });
}

function runPrimary(n: number) {
  let stopping = false;
  let exitCode = 0;
  let listening = 0;
  const started = new Map<Worker, number>();
  const recentCrashes: number[] = [];

  const fork = () => {
    const w = cluster.fork();
    started.set(w, Date.now());
    w.on("message", (m: { type?: string }) => {
      if (m?.type === "listening" && ++listening === n) {
        console.log(`[web] listening on http://127.0.0.1:${env.PORT} (tenants at http://{slug}.${env.APP_DOMAIN}:${env.PORT}), ${n} processes`);
      }
    });
  };

  cluster.on("exit", (w, code, signal) => {
    started.delete(w);
    if (stopping) {
      if (started.size === 0) process.exit(exitCode);
      return;
    }
    // A crash: replace the process, unless they keep crashing (then stop, so a supervisor sees it).
    const now = Date.now();
    recentCrashes.push(now);
    while (recentCrashes[0]! < now - 60_000) recentCrashes.shift();
    console.error(`[web] process ${w.process.pid} exited (${signal ?? code})`);
    if (recentCrashes.length > 2 * n) {
      console.error("[web] web processes keep exiting: stopping");
      stop(1);
      return;
    }
    fork();
  });

  const stop = (code: number) => {
    stopping = true;
    exitCode = code;
    if (started.size === 0) process.exit(code);
    for (const w of started.keys()) w.process.kill("SIGTERM");
    // closeOnSignals in each process lets in-flight requests finish; past this, they are killed.
    setTimeout(() => {
      for (const w of started.keys()) w.process.kill("SIGKILL");
      process.exit(code);
    }, 15_000).unref();
  };
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.on(sig, () => {
      if (stopping) return;
      console.log(`[web] ${sig}: closing ${started.size} processes`);
      stop(0);
    });
  }

  for (let i = 0; i < n; i++) fork();
}
