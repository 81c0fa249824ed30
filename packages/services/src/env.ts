import { z } from "zod";

/**
 * The services package's only read of process.env: the test helpers' Redis. Apps pass their own URLs and
 * settings in from their env.ts; service code never reads the environment.
 */
const ZServicesEnv = z.object({
  TEST_REDIS_URL: z.string().optional(),
});

export const servicesEnv = ZServicesEnv.parse(process.env);
