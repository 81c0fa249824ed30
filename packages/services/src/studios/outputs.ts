import { and, desc, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { ZOutputInput, ZOutputRef } from "@yanxiu/domain/studios";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { storedFile, studioActivity, studioOutput } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadStudioFor, need, type TStudioContext } from "./common.ts";
import { ownStudioFile } from "./library.ts";
import { tenantEq } from "../common/tenant-join.ts";

/** 成果: what the studio produced, newest first, with its file and the activity it came from; members only. */
export async function outputsOf(tx: Tx, ctx: TStudioContext) {
  need(ctx, "readMembersOnly");
  return tx
    .select({
      id: studioOutput.id,
      kind: studioOutput.kind,
      title: studioOutput.title,
      description: studioOutput.description,
      authors: studioOutput.authors,
      fileId: studioOutput.fileId,
      fileName: storedFile.originalName,
      activityId: studioOutput.activityId,
      activityTitle: studioActivity.title,
      createdAt: studioOutput.createdAt,
    })
    .from(studioOutput)
    .leftJoin(storedFile, tenantEq(storedFile.id, studioOutput.fileId))
    .leftJoin(studioActivity, tenantEq(studioActivity.id, studioOutput.activityId))
    .where(eq(studioOutput.studioId, ctx.studio.id))
    .orderBy(desc(studioOutput.createdAt), desc(studioOutput.id));
}

export async function listOutputs(opts: { db: Database; actor: TActor; studioId: string }) {
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => outputsOf(tx, await loadStudioFor(tx, opts.actor, opts.studioId)));
}

/**
 * Adds an output, or edits one (with `outputId`); a host or co-host. A new file must be one the actor
 * uploaded for a studio; an edit may keep the file it has. The activity must be this studio's.
 */
export async function saveOutput(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { studioId, outputId, ...facts } = parseInput(ZOutputInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, studioId);
    need(ctx, "manage");
    const [existing] = outputId ? await tx.select().from(studioOutput).where(and(eq(studioOutput.studioId, studioId), eq(studioOutput.id, outputId))).limit(1) : [];
    if (outputId && !existing) throw new AppError("notFound", `output ${outputId}`);
    if (facts.fileId && facts.fileId !== existing?.fileId) await ownStudioFile(tx, actor, facts.fileId);
    if (facts.activityId) {
      const [a] = await tx.select({ id: studioActivity.id }).from(studioActivity).where(and(eq(studioActivity.studioId, studioId), eq(studioActivity.id, facts.activityId))).limit(1);
      if (!a) throw new AppError("badRequest", "activity of another studio", { activityId: ["请选择本工作室的活动"] });
    }
    const values = { ...facts, fileId: facts.fileId ?? null, activityId: facts.activityId ?? null };
    if (existing) {
      await tx.update(studioOutput).set(values).where(and(eq(studioOutput.studioId, studioId), eq(studioOutput.id, existing.id)));
      return { outputId: existing.id };
    }
    const [row] = await tx.insert(studioOutput).values({ tenantId: actor.tenantId, studioId, ...values, createdBy: actor.actorId }).returning({ id: studioOutput.id });
    return { outputId: row!.id };
  });
}

export async function deleteOutput(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { studioId, outputId } = parseInput(ZOutputRef, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, studioId);
    need(ctx, "manage");
    const rows = await tx.delete(studioOutput).where(and(eq(studioOutput.studioId, studioId), eq(studioOutput.id, outputId))).returning({ id: studioOutput.id });
    if (!rows[0]) throw new AppError("notFound", `output ${outputId}`);
    return { outputId };
  });
}
