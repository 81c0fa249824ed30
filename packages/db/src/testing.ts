import { createDatabase, createOwnerDatabase, createPlatformDatabase, type Database, type OwnerDatabase, type PlatformDatabase } from "./client.ts";
import { dbEnv } from "./env.ts";

/**
 * Handles on the real Postgres that `pnpm test` starts for one run (infra/src/test-run.ts). Tests above the
 * database use `@yanxiu/services/testing`, which re-exports these and adds Redis and seeded tenants.
 */
function need(name: string, v: string | undefined): string {
  if (!v) throw new Error(`${name} is not set: integration tests run through \`pnpm test\` (infra/src/test-run.ts), which starts Postgres and Redis.`);
  return v;
}

export const testUrls = {
  get database() {
    return need("TEST_DATABASE_URL", dbEnv.TEST_DATABASE_URL);
  },
  get ownerDatabase() {
    return need("TEST_DATABASE_OWNER_URL", dbEnv.TEST_DATABASE_OWNER_URL);
  },
  /** As the platform console's role, which may only run the platform_* functions. */
  get platformDatabase() {
    return need("TEST_PLATFORM_DATABASE_URL", dbEnv.TEST_PLATFORM_DATABASE_URL);
  },
};

export function testDatabase(): Database {
  return createDatabase(testUrls.database, { max: 4, appName: "yanxiu-test" });
}

export function testPlatformDatabase(): PlatformDatabase {
  return createPlatformDatabase(testUrls.platformDatabase, { max: 1 });
}

export function testOwnerDatabase(): OwnerDatabase {
  return createOwnerDatabase(testUrls.ownerDatabase, { max: 2 });
}
