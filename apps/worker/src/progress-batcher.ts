import type { Database } from "@yanxiu/db/client";
import { processProgressEvent, processProgressEvents, type TProcessResult } from "@yanxiu/services/completion";
import type { TProgressEvent } from "@yanxiu/domain/progress";

type TWaiting = { event: TProgressEvent; resolve: (r: TProcessResult) => void; reject: (e: unknown) => void };

/**
 * Groups the progress jobs this process runs at once into one transaction per tenant (a few statements
 * per batch instead of per event: the difference between hundreds and thousands of events a second).
 * Each job still gets its own outcome. While `maxInFlight` batches run, newly arriving events wait and
 * go together in the next one. When a batch's transaction fails as a whole (a deadlock, a lost
 * connection), its events are run again one by one, so each job fails or succeeds on its own.
 */
export function createProgressBatcher(db: Database, opts: { maxBatch?: number; maxInFlight?: number } = {}) {
  const maxBatch = opts.maxBatch ?? 128;
  const maxInFlight = opts.maxInFlight ?? 2;
  const waiting = new Map<string, TWaiting[]>();
  let inFlight = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  };

  const pump = () => {
    while (inFlight < maxInFlight && waiting.size > 0) {
      // The tenant with the most waiting goes first; a batch is one tenant's.
      const [tenantId, list] = [...waiting.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
      const batch = list.splice(0, maxBatch);
      if (list.length === 0) waiting.delete(tenantId);
      inFlight++;
      void run(tenantId, batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  const run = async (tenantId: string, batch: TWaiting[]) => {
    let results: Awaited<ReturnType<typeof processProgressEvents>>;
    try {
      results = await processProgressEvents({ db, tenantId, events: batch.map((w) => w.event) });
    } catch {
      await Promise.all(batch.map((w) => processProgressEvent({ db, event: w.event }).then(w.resolve, w.reject)));
      return;
    }
    results.forEach((r, i) => (r instanceof Error ? batch[i]!.reject(r) : batch[i]!.resolve(r)));
  };

  return {
    process(event: TProgressEvent): Promise<TProcessResult> {
      return new Promise((resolve, reject) => {
        const list = waiting.get(event.tenantId) ?? [];
        list.push({ event, resolve, reject });
        waiting.set(event.tenantId, list);
        schedule();
      });
    },
  };
}
