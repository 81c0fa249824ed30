import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { ZResourceInput, ZResourceQuery, ZResourceRef } from "@yanxiu/domain/studios";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { storedFile, studioResource, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadStudioFor, need, type TStudioContext } from "./common.ts";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * The resource and case library. Members see every item; anyone else in the tenant sees only the items
 * shared with the tenant (visibility "tenant": the cross-school case library the policies ask for).
 * Hosts and co-hosts add and delete items. Deleting an item keeps its stored_file row (the app role may
 * not delete files, and an output may name the same file); an unreferenced file is readable only by its
 * uploader (packages/services/src/media/open-file.ts).
 */

export async function resourcesOf(tx: Tx, ctx: TStudioContext, filters: { tag?: string; kind?: "document" | "video"; cases?: boolean }) {
  const where: SQL[] = [eq(studioResource.studioId, ctx.studio.id)];
  if (!ctx.perms.readMembersOnly) where.push(eq(studioResource.visibility, "tenant"));
  const visible = and(...where);
  if (filters.tag) where.push(sql`${filters.tag} = any(${studioResource.tags})`);
  if (filters.kind) where.push(eq(studioResource.kind, filters.kind));
  if (filters.cases) where.push(eq(studioResource.isCase, true));
  const items = await tx
    .select({
      id: studioResource.id,
      title: studioResource.title,
      kind: studioResource.kind,
      isCase: studioResource.isCase,
      tags: studioResource.tags,
      visibility: studioResource.visibility,
      fileId: studioResource.fileId,
      fileName: storedFile.originalName,
      size: storedFile.size,
      uploaderName: user.displayName,
      createdAt: studioResource.createdAt,
    })
    .from(studioResource)
    .innerJoin(storedFile, tenantEq(storedFile.id, studioResource.fileId))
    .innerJoin(user, tenantEq(user.id, studioResource.uploadedBy))
    .where(and(...where))
    .orderBy(desc(studioResource.createdAt), desc(studioResource.id))
    .limit(500);
  const tagRows = await tx
    .selectDistinct({ tag: sql<string>`unnest(${studioResource.tags})` })
    .from(studioResource)
    .where(visible);
  return { items, tags: tagRows.map((r) => r.tag).sort((a, b) => a.localeCompare(b, "zh-CN")), membersOnlyHidden: !ctx.perms.readMembersOnly };
}

export async function listResources(opts: { db: Database; actor: TActor; query: unknown }) {
  const { studioId, ...filters } = parseInput(ZResourceQuery, opts.query);
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => resourcesOf(tx, await loadStudioFor(tx, opts.actor, studioId), filters));
}

/** A stored file the actor uploaded for a studio (purpose studioResource); anything else is a field error. */
export async function ownStudioFile(tx: Tx, actor: TActor, fileId: string) {
  const [f] = await tx.select().from(storedFile).where(eq(storedFile.id, fileId)).limit(1);
  if (!f || f.purpose !== "studioResource" || f.ownerId !== actor.actorId) throw new AppError("badRequest", `file ${fileId} not usable`, { fileId: ["文件不可用，请重新上传"] });
  return f;
}

/** Adds an uploaded file to the library (a host or co-host); its kind (document or video) comes from the file's type. */
export async function addResource(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZResourceInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, input.studioId);
    need(ctx, "manage");
    const f = await ownStudioFile(tx, actor, input.fileId);
    const [row] = await tx
      .insert(studioResource)
      .values({
        tenantId: actor.tenantId,
        studioId: input.studioId,
        fileId: f.id,
        title: input.title,
        kind: f.mime.startsWith("video/") ? "video" : "document",
        isCase: input.isCase,
        tags: input.tags,
        visibility: input.visibility,
        uploadedBy: actor.actorId,
      })
      .returning({ id: studioResource.id });
    return { resourceId: row!.id };
  });
}

export async function deleteResource(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { studioId, resourceId } = parseInput(ZResourceRef, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, studioId);
    need(ctx, "manage");
    const rows = await tx
      .delete(studioResource)
      .where(and(eq(studioResource.studioId, studioId), eq(studioResource.id, resourceId)))
      .returning({ id: studioResource.id });
    if (!rows[0]) throw new AppError("notFound", `resource ${resourceId}`);
    return { resourceId };
  });
}
