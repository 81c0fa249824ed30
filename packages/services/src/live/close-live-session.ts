import type { TLiveSessionStatus } from "@yanxiu/domain/live";
import type { Database } from "@yanxiu/db/client";
import { enqueueLiveAttendance } from "../completion/live-attendance.ts";
import type { Producer } from "../platform/queue.ts";
import type { TLiveActor } from "./access.ts";
import { snapshotLiveDocs } from "./docs.ts";
import { endLiveSession } from "./lifecycle.ts";

/**
 * The host's 结束直播: the session ends, then, after that commit, its attendance goes on the progress queue
 * toward 学时 (decision 006; deterministic job ids, so a retry or the sweep re-sending is harmless) and the
 * shared documents get their final versions. Those two are best effort: a failure is logged, not thrown —
 * the sweep re-sends attendance, and the documents keep their updates.
 */
export async function closeLiveSession(opts: { db: Database; producer: Producer; actor: TLiveActor; sessionId: string; log: (m: string) => void }): Promise<TLiveSessionStatus> {
  const { db, actor, sessionId, log } = opts;
  const status = await endLiveSession({ db, actor, sessionId });
  const tenantId = actor.tenantId;
  await enqueueLiveAttendance({ db, producer: opts.producer, tenantId, sessionId }).catch((e: Error) => log(`live attendance of ${sessionId} not queued (a sweep re-sends it): ${e.message}`));
  await snapshotLiveDocs({ db, tenantId, sessionId }).catch((e: Error) => log(`live documents of ${sessionId} not snapshotted: ${e.message}`));
  return status;
}
