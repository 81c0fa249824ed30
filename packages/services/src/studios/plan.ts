import { and, asc, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { ZActivityInput, ZActivityRef } from "@yanxiu/domain/studios";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { studioActivity, studioOutput } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadStudioFor, need, type TStudioContext } from "./common.ts";

/** The annual plan (集体备课, 课例研讨, 听评课, 专题讲座 …) in date order; members only. */
export async function activitiesOf(tx: Tx, ctx: TStudioContext) {
  need(ctx, "readMembersOnly");
  return tx
    .select({ id: studioActivity.id, kind: studioActivity.kind, title: studioActivity.title, date: studioActivity.date, description: studioActivity.description, creditHours: studioActivity.creditHours })
    .from(studioActivity)
    .where(eq(studioActivity.studioId, ctx.studio.id))
    .orderBy(asc(studioActivity.date), asc(studioActivity.createdAt));
}

export async function listActivities(opts: { db: Database; actor: TActor; studioId: string }) {
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => activitiesOf(tx, await loadStudioFor(tx, opts.actor, opts.studioId)));
}

/** Adds an activity to the plan, or edits one (with `activityId`); a host or co-host. */
export async function saveActivity(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { studioId, activityId, creditHours, ...rest } = parseInput(ZActivityInput, opts.input);
  const facts = { ...rest, creditHours: creditHours.toFixed(1) };
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, studioId);
    need(ctx, "manage");
    if (activityId) {
      const rows = await tx
        .update(studioActivity)
        .set(facts)
        .where(and(eq(studioActivity.studioId, studioId), eq(studioActivity.id, activityId)))
        .returning({ id: studioActivity.id });
      if (!rows[0]) throw new AppError("notFound", `activity ${activityId}`);
      return { activityId };
    }
    const [row] = await tx.insert(studioActivity).values({ tenantId: actor.tenantId, studioId, ...facts, createdBy: actor.actorId }).returning({ id: studioActivity.id });
    return { activityId: row!.id };
  });
}

/**
 * Deletes an activity from the plan; outputs that named it keep their place (the link is dropped). An
 * activity a live session runs cannot be deleted (conflict): the session's record must stay whole.
 */
export async function deleteActivity(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { studioId, activityId } = parseInput(ZActivityRef, opts.input);
  return opts.db
    .withTenant(actor.tenantId, async (tx) => {
      const ctx = await loadStudioFor(tx, actor, studioId);
      need(ctx, "manage");
      await tx.update(studioOutput).set({ activityId: null }).where(and(eq(studioOutput.studioId, studioId), eq(studioOutput.activityId, activityId)));
      const rows = await tx
        .delete(studioActivity)
        .where(and(eq(studioActivity.studioId, studioId), eq(studioActivity.id, activityId)))
        .returning({ id: studioActivity.id });
      if (!rows[0]) throw new AppError("notFound", `activity ${activityId}`);
      return { activityId };
    })
    .catch((e: unknown) => {
      const c = e as { code?: string; cause?: { code?: string } };
      if (c?.code === "23503" || c?.cause?.code === "23503") throw new AppError("conflict", `activity ${activityId} is in use`);
      throw e;
    });
}
