import { eq } from "drizzle-orm";
import { sessionIdFromToken } from "./auth/session.ts";
import { createDatabase, createOwnerDatabase, createPlatformDatabase, type Database, type OwnerDatabase, type PlatformDatabase } from "./client.ts";
import { dbEnv } from "./env.ts";
import { createRedis, type Redis } from "./redis.ts";
import { session } from "./schema.ts";
import { buildTenant, buildUser, seedTenant, seedUser, type TBuildUser } from "./seed/factories.ts";

/**
 * Handles on the real Postgres and Redis that `pnpm test` starts for one run (infra/src/test-run.ts).
 * Each test makes its own tenants with random slugs, so files can run side by side and leave nothing
 * shared behind.
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
  get redis() {
    return need("TEST_REDIS_URL", dbEnv.TEST_REDIS_URL);
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

export function testRedis(): Redis {
  return createRedis(testUrls.redis, { maxRetriesPerRequest: null });
}

/** A fresh tenant with one user per given role. */
export async function seedTestTenant(owner: OwnerDatabase, users: Partial<TBuildUser>[] = [{}]) {
  const tenant = await seedTenant(owner, buildTenant());
  const made = [];
  for (const u of users) {
    const b = buildUser(u);
    const row = await seedUser(owner, tenant.id, b);
    made.push({ ...row, password: b.password });
  }
  return { tenant, users: made };
}

/** Moves a sign-in session's expiry (to test what happens when it comes while a socket is open). */
export async function setSessionExpiry(owner: OwnerDatabase, tenantId: string, token: string, at: Date): Promise<void> {
  await owner.withTenant(tenantId, (tx) => tx.update(session).set({ expiresAt: at }).where(eq(session.id, sessionIdFromToken(token))));
}
