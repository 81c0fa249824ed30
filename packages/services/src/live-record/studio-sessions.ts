import { asc, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { TLiveSessionStatus } from "@yanxiu/domain/live";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { isUuid } from "../live/index.ts";
import { liveSession } from "@yanxiu/db/schema";
import { loadStudioFor } from "../studios/common.ts";

export type TStudioSession = {
  id: string;
  title: string;
  activityId: string | null;
  status: TLiveSessionStatus;
  scheduledStart: string;
  scheduledMinutes: number;
  startedAt: string | null;
  endedAt: string | null;
};

/**
 * A studio's live sessions in the order they are scheduled, for its active members (the plan and the
 * overview show them). Anyone else reads null: the studio is public inside the tenant, its sessions are not.
 * Another tenant's studio is notFound.
 */
export async function listStudioSessions(opts: { db: Database; actor: TActor; studioId: string }): Promise<TStudioSession[] | null> {
  const { actor, studioId } = opts;
  if (!isUuid(studioId)) throw new AppError("notFound", `studio ${studioId}`);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, studioId);
    if (!ctx.perms.readMembersOnly) return null;
    const rows = await tx
      .select()
      .from(liveSession)
      .where(eq(liveSession.studioId, studioId))
      .orderBy(asc(liveSession.scheduledStart), asc(liveSession.createdAt));
    return rows.map((s) => ({
      id: s.id,
      title: s.title,
      activityId: s.activityId,
      status: s.status,
      scheduledStart: s.scheduledStart.toISOString(),
      scheduledMinutes: s.scheduledMinutes,
      startedAt: s.startedAt?.toISOString() ?? null,
      endedAt: s.endedAt?.toISOString() ?? null,
    }));
  });
}
