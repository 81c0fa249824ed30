import type { Producer } from "../platform/queue.ts";
import { publishUserEvent, type Redis } from "../platform/redis.ts";
import { enqueueCertificate } from "./pending-certificates.ts";
import type { TProcessResult } from "./process-progress-event.ts";

/**
 * After an award's commit: the teacher's open pages (the player, 我的学时) re-read their 学时. Best effort —
 * a lost notice only means the page shows it on its next read.
 */
export async function announceCreditAwarded(redis: Redis | undefined, tenantId: string, teacherId: string): Promise<void> {
  if (redis) await publishUserEvent(redis, { tenantId, userId: teacherId, kind: "creditAwarded" });
}

/**
 * A course progress event's effects once its batch has committed: the new certificate's job, then the notice
 * of a new award. A crash between the commit and here leaves a pending certificate that
 * `enqueuePendingCertificates` picks up.
 */
export async function afterProgressEventCommitted(opts: { producer: Producer; redis: Redis; tenantId: string; result: TProcessResult }): Promise<void> {
  const r = opts.result;
  if (r.duplicate) return;
  if (r.certificateId) await enqueueCertificate(opts.producer, opts.tenantId, r.certificateId);
  if (r.courseCompleted && r.awardId) await announceCreditAwarded(opts.redis, opts.tenantId, r.teacherId);
}
