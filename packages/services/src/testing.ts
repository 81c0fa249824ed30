import { eq } from "drizzle-orm";
import { session } from "@yanxiu/db/schema";
import { testUrls as dbTestUrls } from "@yanxiu/db/testing";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { sessionIdFromToken } from "./auth/session.ts";
import { servicesEnv } from "./env.ts";
import { createRedis, type Redis } from "./platform/redis.ts";
import { idNumberHasher } from "./platform/id-number-hash.ts";
import { buildTenant, buildUser, seedTenant, seedUser, type TBuildUser } from "./seed/factories.ts";

/**
 * Test handles above the database (`@yanxiu/db/testing` has the database ones, re-exported here so a test
 * imports one module): Redis, and tenants with signed-up users. Each test makes its own tenants with random
 * slugs, so files can run side by side and leave nothing shared behind.
 */
export { testDatabase, testOwnerDatabase, testPlatformDatabase } from "@yanxiu/db/testing";

/** The database URLs of the test run, and Redis's. */
export const testUrls = {
  get database() {
    return dbTestUrls.database;
  },
  get ownerDatabase() {
    return dbTestUrls.ownerDatabase;
  },
  get platformDatabase() {
    return dbTestUrls.platformDatabase;
  },
  get redis() {
    if (!servicesEnv.TEST_REDIS_URL) throw new Error("TEST_REDIS_URL is not set: integration tests run through `pnpm test` (infra/src/test-run.ts), which starts Postgres and Redis.");
    return servicesEnv.TEST_REDIS_URL;
  },
};

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

/** The 身份证号 hash of tests (decision 037): a fixed key, as a deployment's ID_NUMBER_KEY would be. */
export const testIdNumbers = idNumberHasher("test-only-id-number-key-0123456789abcdef");
