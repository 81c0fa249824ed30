import path from "node:path";
import { appRole, ownerRole, platformRole, prepareCluster, runMigrations, withCredentials, withDatabase } from "@yanxiu/db/migrate";
import { startPostgres, type PgHandle } from "./postgres.ts";
import { startRedis, type RedisHandle } from "./redis.ts";

export type Infra = {
  pg: PgHandle;
  redis: RedisHandle;
  databaseUrl: string;
  ownerDatabaseUrl: string;
  /** As the platform console's role (only the platform_* functions); the web app's PLATFORM_DATABASE_URL. */
  platformDatabaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
};

/** Postgres and Redis up, roles and database made, migrations applied. Stops what it started if a step fails. */
export async function startInfra(opts: {
  dataDir: string;
  pgPort: number;
  redisPort: number;
  database: string;
  passwords: { superuser: string; owner: string; app: string; platform: string };
  persistent: boolean;
  /** Extra Postgres settings (`name=value`). */
  pgSettings?: readonly string[];
  log: (s: string) => void;
}): Promise<Infra> {
  const t0 = Date.now();
  const pg = await startPostgres({
    dataDir: path.join(opts.dataDir, "postgres"),
    port: opts.pgPort,
    superuserPassword: opts.passwords.superuser,
    ephemeral: !opts.persistent,
    settings: opts.pgSettings,
    log: opts.log,
  });
  opts.log(`postgres up on 127.0.0.1:${pg.port} (${Date.now() - t0} ms)`);
  let redis: RedisHandle | undefined;
  try {
    redis = await startRedis({ dir: path.join(opts.dataDir, "redis"), port: opts.redisPort, persistent: opts.persistent, log: opts.log });
    opts.log(`redis up on 127.0.0.1:${redis.port}`);
    await prepareCluster(pg.superuserUrl, { database: opts.database, ownerPassword: opts.passwords.owner, appPassword: opts.passwords.app, platformPassword: opts.passwords.platform });
    const base = withDatabase(pg.superuserUrl, opts.database);
    const ownerDatabaseUrl = withCredentials(base, ownerRole, opts.passwords.owner);
    const databaseUrl = withCredentials(base, appRole, opts.passwords.app);
    const platformDatabaseUrl = withCredentials(base, platformRole, opts.passwords.platform);
    await runMigrations(ownerDatabaseUrl);
    opts.log("migrations applied");
    const r = redis;
    return {
      pg,
      redis: r,
      databaseUrl,
      ownerDatabaseUrl,
      platformDatabaseUrl,
      redisUrl: r.url,
      async stop() {
        await Promise.allSettled([r.stop(), pg.stop()]);
      },
    };
  } catch (e) {
    await Promise.allSettled([redis?.stop(), pg.stop()]);
    throw e;
  }
}
