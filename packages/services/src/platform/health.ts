import type { Database } from "@yanxiu/db/client";
import type { Redis } from "./redis.ts";

export type THealth = { ok: boolean; postgres: "up" | "down"; redis: "up" | "down" };

async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What `/healthz` of every app reports: can it reach Postgres and Redis right now. */
export async function checkHealth(db: Database, redis: Redis, timeoutMs = 2000): Promise<THealth> {
  const [pg, rd] = await Promise.all([within(db.ping(), timeoutMs), within(redis.ping(), timeoutMs)]);
  return { ok: pg && rd, postgres: pg ? "up" : "down", redis: rd ? "up" : "down" };
}
