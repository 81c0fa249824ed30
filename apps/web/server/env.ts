import { z } from "zod";
import { ZRtcIceServer } from "@yanxiu/domain/live";

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  DATABASE_URL: z.string().min(1),
  REDIS_URL: z.string().min(1),
  /**
   * The platform console's connection, as yanxiu_platform: the only role that may run the platform_*
   * functions that open and suspend provinces (packages/db/docs/decisions/017-platform-role.md).
   */
  PLATFORM_DATABASE_URL: z.string().min(1),
  PORT: z.coerce.number().int().min(0).default(3000),
  APP_DOMAIN: z.string().default("localhost"),
  /** The realtime service's port on the same host names (the browser connects to it directly). */
  REALTIME_PUBLIC_PORT: z.coerce.number().int().positive().default(3001),
  SESSION_COOKIE_SECURE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** The shared folder of uploaded and generated files (see @yanxiu/services/files). */
  FILE_STORE_DIR: z.string().min(1),
  /** The key offline-session check-in codes are derived from; every web process of a deployment shares it. */
  CHECK_IN_SECRET: z.string().min(32),
  /**
   * STUN/TURN servers for the live room's audio/video, a JSON list of RTCIceServer, e.g.
   * `[{"urls":"stun:stun.example.cn:3478"},{"urls":"turns:turn.example.cn:443?transport=tcp","username":"u","credential":"p"}]`.
   * None (the default): host candidates only, enough on one machine or one LAN.
   */
  RTC_ICE_SERVERS: z
    .string()
    .default("[]")
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "RTC_ICE_SERVERS is not JSON" });
        return z.NEVER;
      }
    })
    .pipe(z.array(ZRtcIceServer)),
  /**
   * Which peers' X-Forwarded-For to believe for the client's address (express's "trust proxy"): "loopback"
   * (the default: web listens on 127.0.0.1, so a reverse proxy on this host), a number of hops, a list of
   * addresses or subnets, or "false" to use the socket's peer. Sign-in throttling and the audit log use it.
   */
  TRUST_PROXY: z
    .string()
    .default("loopback")
    .transform((v): boolean | number | string => (v === "true" ? true : v === "false" ? false : /^\d+$/.test(v) ? Number(v) : v)),
  /**
   * How many web processes serve the port (node:cluster, see server.ts). Unset: one per core
   * (os.availableParallelism()); 1: this process serves alone, no cluster.
   */
  WEB_PROCESSES: z.coerce.number().int().min(1).max(64).optional(),
  /** BullMQ key prefix; tests give each run its own. */
  QUEUE_PREFIX: z.string().default("bull"),
});

/** The web app's only read of process.env. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env) {
  return ZEnv.parse(source);
}
export type TWebEnv = ReturnType<typeof loadEnv>;
