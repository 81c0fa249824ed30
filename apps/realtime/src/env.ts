import { z } from "zod";

const ZEnv = z.object({
  DATABASE_URL: z.string().min(1),
  REDIS_URL: z.string().min(1),
  PORT: z.coerce.number().int().min(0).default(3001),
  APP_DOMAIN: z.string().default("localhost"),
  /** The web app's public port: only pages served from it may open a socket. */
  WEB_PORT: z.coerce.number().int().positive().default(3000),
  /** BullMQ key prefix: an ended live session's attendance goes on the `progress` queue (decision 006). */
  QUEUE_PREFIX: z.string().default("bull"),
  /**
   * How often an open socket's sign-in session is checked again (and at its expiry, whichever is sooner):
   * a revocation whose Redis notice was missed, or an expiry, ends the socket within this long.
   */
  SESSION_RECHECK_MS: z.coerce.number().int().min(200).default(15 * 60_000),
  /** Audio/video publishers in one live session's mesh (decision 011: above this, an SFU). */
  RTC_MAX_PUBLISHERS: z.coerce.number().int().min(1).max(16).default(4),
  ORIGIN_PROTOCOLS: z
    .string()
    .default("http,https")
    .transform((s) => s.split(",").map((p) => p.trim())),
});

/** The realtime app's only read of process.env. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  return ZEnv.parse(source);
}
export type TRealtimeEnv = ReturnType<typeof loadEnv>;
