import { createDatabase, createOwnerDatabase, type Database, type OwnerDatabase } from "./client.ts";
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
};

export function testDatabase(): Database {
  return createDatabase(testUrls.database, { max: 4, appName: "yanxiu-test" });
}

export function testOwnerDatabase(): OwnerDatabase {
  return createOwnerDatabase(testUrls.ownerDatabase, { max: 2 });
}
