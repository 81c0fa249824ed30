import { z } from "zod";

/**
 * The db package's only read of process.env: the database CLIs (migrate, seed) and the test helpers.
 * Apps pass their own URLs in from their env.ts; library code never reads the environment.
 */
const ZDbEnv = z.object({
  DATABASE_URL: z.string().optional(),
  DATABASE_OWNER_URL: z.string().optional(),
  TEST_DATABASE_URL: z.string().optional(),
  TEST_DATABASE_OWNER_URL: z.string().optional(),
  TEST_PLATFORM_DATABASE_URL: z.string().optional(),
});

export const dbEnv = ZDbEnv.parse(process.env);
