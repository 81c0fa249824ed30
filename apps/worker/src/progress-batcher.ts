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
 *
 * Batches in flight touch disjoint enrolments (takeBatch): each locks its enrolments' rows first, so two
 * batches sharing one would run one after the other — with 128 events over a province's enrolments they
 * nearly always shared one, and the second batch's first statement spent most of its time waiting.
 */
export function createProgressBatcher(db: Database, opts: { maxBatch?: number; maxInFlight?: number } = {}) {
  const maxBatch = opts.maxBatch ?? 128;
  const maxInFlight = opts.maxInFlight ?? 2;
  const waiting = new Map<string, TWaiting[]>();
  /** Enrolments of the batches in flight. */
  const busy = new Set<string>();
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
      // The tenant with the most waiting goes first; a batch is one tenant's, of enrolments not in flight.
      const tenants = [...waiting.entries()].sort((a, b) => b[1].length - a[1].length);
      let started = false;
      for (const [tenantId, list] of tenants) {
        const batch = takeBatch(list, maxBatch, busy, (w) => w.event.enrollmentId);
        if (list.length === 0) waiting.delete(tenantId);
        if (batch.length === 0) continue;
        const held = [...new Set(batch.map((w) => w.event.enrollmentId))];
        for (const id of held) busy.add(id);
        inFlight++;
        started = true;
        void run(tenantId, batch).finally(() => {
          for (const id of held) busy.delete(id);
          inFlight--;
          pump();
        });
        break;
      }
      // Everything waiting belongs to enrolments in flight: their batch's end pumps again.
      if (!started) return;
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

/**
 * Takes out of `list` (in order) up to `max` items whose key is not in `busy`, leaving the rest in order.
 */
export function takeBatch<T>(list: T[], max: number, busy: ReadonlySet<string>, keyOf: (item: T) => string): T[] {
  const batch: T[] = [];
  const rest: T[] = [];
  for (const item of list) {
    if (batch.length < max && !busy.has(keyOf(item))) batch.push(item);
    else rest.push(item);
  }
  list.length = 0;
  for (const item of rest) list.push(item);
  return batch;
}
