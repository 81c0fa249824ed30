import type { IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "@yanxiu/db/client";
import { checkHealth } from "./health.ts";
import type { Redis } from "./redis.ts";

/**
 * Answers `GET /healthz` with Postgres and Redis reachability (200 or 503). Returns false for any other
 * path, so a server can chain its own handling after it.
 */
export function healthzHandler(db: Database, redis: Redis) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.url !== "/healthz") return false;
    void checkHealth(db, redis).then((h) => {
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify(h));
    });
    return true;
  };
}

/** Closes a service once on SIGTERM or SIGINT (in-flight work finishes first), then exits. */
export function closeOnSignals(name: string, close: () => Promise<void>): void {
  let closing = false;
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.on(sig, () => {
      if (closing) return;
      closing = true;
      console.log(`[${name}] ${sig}: closing`);
      close().then(
        () => process.exit(0),
        (e: Error) => {
          console.error(`[${name}] close failed: ${e.message}`);
          process.exit(1);
        },
      );
    });
  }
}
