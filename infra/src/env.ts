import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const ZInfraEnv = z.object({
  APP_DOMAIN: z.string().default("localhost"),
  WEB_PORT: z.coerce.number().int().positive().default(3000),
  REALTIME_PORT: z.coerce.number().int().positive().default(3001),
  WORKER_HEALTH_PORT: z.coerce.number().int().positive().default(3002),
  PG_PORT: z.coerce.number().int().positive().default(54329),
  REDIS_PORT: z.coerce.number().int().positive().default(6390),
  DATA_DIR: z.string().default(path.join(repoRoot, ".data")),
  PG_SUPERUSER_PASSWORD: z.string().default("postgres-dev"),
  PG_OWNER_PASSWORD: z.string().default("owner-dev"),
  PG_APP_PASSWORD: z.string().default("app-dev"),
  PG_PLATFORM_PASSWORD: z.string().default("platform-dev"),
  SESSION_COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
  /** The key of 身份证号 hashes (decision 037); unset, `npm start` makes one in DATA_DIR and keeps it there. */
  ID_NUMBER_KEY: z.string().min(32).optional(),
  CI: z.string().optional(),
  /** `LOAD=N npm test`: N busy loops beside the run (infra/src/load.ts); 0, the default, runs none. */
  LOAD: z.coerce.number().int().min(0).max(64).default(0),
});

/** The only place infra reads process.env. */
export const env = ZInfraEnv.parse(process.env);
