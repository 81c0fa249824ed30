import { createOwnerDatabase } from "@yanxiu/db/client";
import { demoPassword, seedDemo } from "@yanxiu/services/seed";
import { seedDemoHistory } from "@yanxiu/services/seed-history";
import { seedDemoNational } from "@yanxiu/services/seed-national";
import { createFileStore } from "@yanxiu/services/files";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { launchApps, stopOrphanedApps, type LaunchedApps } from "./apps.ts";
import { env } from "./env.ts";
import { portIsFree } from "./proc.ts";
import { startInfra, type Infra } from "./stack.ts";

/**
 * `npm start`: Postgres (data kept in .data/, reused next time), Redis (append-only file), migrations,
 * demo seed, then web, realtime and worker. Ctrl-C (or SIGTERM) stops all of it, children first.
 */
const log = (s: string) => console.log(`  ${s}`);
let infra: Infra | undefined;
let apps: LaunchedApps | undefined;
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping…");
  await apps?.stop();
  await infra?.stop();
  console.log("stopped.");
  process.exit(code);
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => void stopAll(0));

/**
 * A key that must outlive the data it protects (the 身份证号 hashes of decision 037): read from `file`, or made once
 * and written there, readable by this user only. Losing it means re-importing the rosters' 身份证号 columns.
 */
function keptKey(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const key = randomBytes(32).toString("hex");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "wx" });
  return key;
}

try {
  const pidDir = path.join(env.DATA_DIR, "run");
  await stopOrphanedApps(pidDir, log);
  const ports = { web: env.WEB_PORT, realtime: env.REALTIME_PORT, workerHealth: env.WORKER_HEALTH_PORT };
  for (const [name, port] of Object.entries(ports)) {
    if (!(await portIsFree(port))) throw new Error(`port ${port} (${name}) is in use. Stop whatever uses it, or set ${name === "web" ? "WEB_PORT" : name === "realtime" ? "REALTIME_PORT" : "WORKER_HEALTH_PORT"}.`);
  }
  console.log("\x1b[1m▶ starting Postgres and Redis\x1b[0m");
  infra = await startInfra({
    dataDir: env.DATA_DIR,
    pgPort: env.PG_PORT,
    redisPort: env.REDIS_PORT,
    database: "yanxiu",
    passwords: { superuser: env.PG_SUPERUSER_PASSWORD, owner: env.PG_OWNER_PASSWORD, app: env.PG_APP_PASSWORD, platform: env.PG_PLATFORM_PASSWORD },
    persistent: true,
    log,
  });
  console.log("\x1b[1m▶ seeding demo data\x1b[0m");
  const owner = createOwnerDatabase(infra.ownerDatabaseUrl);
  const fileStoreDir = path.join(env.DATA_DIR, "files");
  const accounts = await seedDemo(owner, { files: createFileStore(fileStoreDir) });
  const history = await seedDemoHistory(owner);
  accounts.push(...(await seedDemoNational(owner)));
  console.log(`  ${history.teachers} teachers with their 学时 since ${new Date().getFullYear() - 5}${history.awards ? ` (${history.awards} awards added)` : ""}`);
  await owner.close();
  console.log("\x1b[1m▶ starting web, realtime and worker\x1b[0m");
  apps = await launchApps({
    databaseUrl: infra.databaseUrl,
    platformDatabaseUrl: infra.platformDatabaseUrl,
    redisUrl: infra.redisUrl,
    appDomain: env.APP_DOMAIN,
    ports,
    fileStoreDir,
    pidDir,
    cookieSecure: env.SESSION_COOKIE_SECURE === "true",
    idNumberKey: env.ID_NUMBER_KEY ?? keptKey(path.join(env.DATA_DIR, "id-number.key")),
    log,
  });

  const url = (slug: string | null) => `http://${slug ? `${slug}.` : ""}${env.APP_DOMAIN}:${ports.web}`;
  const lines = [
    "",
    "\x1b[1;32m研修 Yanxiu is running.\x1b[0m Press Ctrl-C to stop everything.",
    "",
    `  湖南 Hunan      ${url("hunan")}`,
    `  四川 Sichuan    ${url("sichuan")}`,
    `  平台 Platform   ${url(null)}`,
    "",
    `  Demo accounts (password for all: ${demoPassword})`,
    ...accounts.map((a) => `    ${(a.tenantSlug ?? "platform").padEnd(9)} ${a.login.padEnd(14)} ${a.displayName}  (${a.role})`),
    "",
    `  Health: ${url(null)}/healthz · realtime :${ports.realtime}/healthz · worker :${ports.workerHealth}/healthz`,
    "",
  ];
  console.log(lines.join("\n"));
} catch (e) {
  console.error(`\n\x1b[31mcould not start: ${(e as Error).message}\x1b[0m`);
  await stopAll(1);
}
