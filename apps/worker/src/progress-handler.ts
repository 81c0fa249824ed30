import type { Database } from "@yanxiu/db/client";
import { afterProgressEventCommitted, processCoTeachingAttendance, processStudioAttendance } from "@yanxiu/services/completion";
import type { Job } from "bullmq";
import { coTeachingAttendanceJob, progressEventJob, studioAttendanceJob } from "@yanxiu/domain/jobs";
import type { TWorkerDeps } from "./deps.ts";
import { handler } from "./handlers.ts";
import { createProgressBatcher } from "./progress-batcher.ts";

/**
 * The `progress` queue: each event into the system of record (processProgressEvents, batched with the
 * other jobs running at that moment), then its after-commit effects (afterProgressEventCommitted). The
 * attendance services publish their own notices after their commit.
 */
export function createProgressHandler(deps: TWorkerDeps, batching: { maxBatch?: number; maxInFlight?: number } = {}) {
  const batcher = createProgressBatcher(deps.db, batching);
  const db = cachedTenants(deps.db);
  const courseEvents = handler(progressEventJob, { db, log: deps.log }, async (event) => {
    const result = await batcher.process(event);
    await afterProgressEventCommitted({ producer: deps.producer, redis: deps.redis, tenantId: event.tenantId, result });
    return result;
  });
  // A studio session's attendance (decision 006): low volume, one transaction each.
  const studioAttendance = handler(studioAttendanceJob, { db, log: deps.log }, (event) => processStudioAttendance({ db: deps.db, redis: deps.redis, event }));
  // A co-teaching session's attendance (decision 010): the same shape.
  const coTeachingAttendance = handler(coTeachingAttendanceJob, { db, log: deps.log }, (event) => processCoTeachingAttendance({ db: deps.db, redis: deps.redis, event }));
  return (job: Job) =>
    job.name === studioAttendanceJob.name ? studioAttendance(job) : job.name === coTeachingAttendanceJob.name ? coTeachingAttendance(job) : courseEvents(job);
}

/**
 * The tenant check of `handler()` costs a query per job; on this queue that is a sixth of the work. A
 * tenant found stays found for a minute (a suspended or unknown one is asked again every time, and
 * RLS refuses its rows anyway).
 */
function cachedTenants(db: Database, ttlMs = 60_000): Database {
  const known = new Map<string, { row: NonNullable<Awaited<ReturnType<Database["findTenant"]>>>; until: number }>();
  return {
    ...db,
    async findTenant(by) {
      if (!("id" in by)) return db.findTenant(by);
      const hit = known.get(by.id);
      if (hit && hit.until > Date.now()) return hit.row;
      const row = await db.findTenant(by);
      if (row) known.set(by.id, { row, until: Date.now() + ttlMs });
      return row;
    },
  };
}
