import type { Database } from "@yanxiu/db/client";
import { foldPendingRollups } from "@yanxiu/services/rollups";

type Log = (m: string) => void;

/**
 * Folds the rollup deltas awards append into org_rollup (decision 033): every `everyMs`, one probe finds
 * the tenants with deltas waiting, and each is folded in a short transaction of its own. Readers add what
 * is not folded yet, so this bounds the size of the delta tables, not the freshness of any figure. Several
 * worker processes may all run it: folds of one tenant queue on their own lock. `tenantIds` narrows it (tests).
 */
export function startRollupFolding(opts: { db: Database; log: Log; everyMs: number; idleMaxMs?: number; tenantIds?: ReadonlySet<string> }) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // While nothing is waiting, the probe backs off (doubling up to idleMaxMs); the first delta found brings
  // it back to everyMs. Readers are exact either way: this only bounds how many deltas wait.
  const idleMaxMs = Math.max(opts.everyMs, opts.idleMaxMs ?? 2_000);
  let delay = opts.everyMs;
  const tick = () => {
    running = foldPendingRollups({ db: opts.db, ...(opts.tenantIds ? { tenantIds: opts.tenantIds } : {}) })
      .then(
        (runs) => {
          delay = runs.length > 0 ? opts.everyMs : Math.min(idleMaxMs, delay * 2);
        },
        (e: Error) => opts.log(`rollup fold: ${e.message}`),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, delay);
      });
  };
  timer = setTimeout(tick, opts.everyMs);
  return {
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
