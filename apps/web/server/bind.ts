import type { Database, PlatformDatabase } from "@yanxiu/db/client";
import type { FileStore } from "@yanxiu/services/files";
import type { Producer } from "@yanxiu/services/queue";
import type { LoginThrottle, Redis } from "@yanxiu/services/redis";

/**
 * The ports a service function may take, made once per process by server.ts: the database (and the platform
 * console's own login, decision 017), the file store, the queue producer, Redis, the sign-in throttle and the
 * check-in code secret. A route passes only what
 * the request decides (actor, input, ids); the binder fills in the rest, and a request can never pass its own.
 */
export type TServicePorts = { db: Database; platformDb: PlatformDatabase; files: FileStore; producer: Producer; redis: Redis; throttle: LoginThrottle; checkInSecret: string };
type PortKey = keyof TServicePorts;

/** One service function with this process's ports filled in. */
export type Bound<F> = F extends () => infer R
  ? () => R
  : F extends (opts: infer O) => infer R
    ? (opts: O extends object ? Omit<O, PortKey> : never) => R
    : never;

/**
 * Every service function of a module — the functions that take one options object, or none — bound to the
 * ports: `BoundModule<typeof import("@yanxiu/services/credits")>` is what `context.services.credits` is.
 */
export type BoundModule<M> = {
  [K in keyof M as M[K] extends () => unknown ? K : M[K] extends (opts: infer O) => unknown ? (O extends object ? K : never) : never]: Bound<M[K]>;
};

/** Binds every function a service module exports; the ports win over anything the caller passes under their names. */
export function bindModule<M extends object>(mod: M, ports: TServicePorts): BoundModule<M> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(mod)) {
    if (typeof f === "function") out[name] = (opts?: object) => (f as (o: object) => unknown)({ ...opts, ...ports });
  }
  return out as BoundModule<M>;
}
