import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { ZDiscussionPostInput } from "@yanxiu/domain/courses";
import { AppError } from "@yanxiu/domain/errors";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import type { Producer } from "../../platform/queue.ts";
import { courseVersion, discussionPost, teacherProfile, user } from "@yanxiu/db/schema";
import { parseInput } from "../../common/parse-input.ts";
import { enqueueProgress, saveUnitFacts, type TCourseRow } from "../common.ts";
import { requireStudyOpen } from "../learning/shared.ts";
import { afterKey, decodeKey, encodeKey, keyAt, loadParticipantUnit, lockEnrollment } from "./access.ts";
import { tenantEq } from "../../common/tenant-join.ts";

/**
 * Discussions: top-level posts with one level of replies (a reply to a reply joins the same thread),
 * open to the course's enrolled teachers and its owner. A teacher's posts count towards the unit's
 * `minPosts`.
 */

export type TPost = { id: string; authorId: string; authorName: string; byTrainer: boolean; mine: boolean; body: string; createdAt: string };
export type TThread = TPost & { replies: TPost[] };

export const postPageSize = 20;

async function readThreads(tx: Tx, actor: TActor, c: TCourseRow, unitId: string, after: string | null | undefined, limit: number) {
  const p = discussionPost;
  const cols = {
    id: p.id,
    parentId: p.parentId,
    authorId: p.authorId,
    authorName: sql<string>`coalesce(${teacherProfile.name}, ${user.displayName})`,
    body: p.body,
    createdAt: p.createdAt,
    key: keyAt(p.createdAt),
  };
  const base = () =>
    tx
      .select(cols)
      .from(p)
      .innerJoin(user, tenantEq(user.id, p.authorId))
      .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, p.authorId));
  const cursor = decodeKey(after);
  const tops = await base()
    .where(
      and(
        eq(p.courseId, c.id),
        eq(p.unitId, unitId),
        isNull(p.parentId),
        afterKey(p.createdAt, p.id, cursor),
      ),
    )
    .orderBy(asc(p.createdAt), asc(p.id))
    .limit(limit + 1);
  const page = tops.slice(0, limit);
  const replies = page.length ? await base().where(inArray(p.parentId, page.map((t) => t.id))).orderBy(asc(p.createdAt), asc(p.id)) : [];
  const view = (r: (typeof tops)[number]): TPost => ({
    id: r.id,
    authorId: r.authorId,
    authorName: r.authorName,
    byTrainer: r.authorId === c.ownerId,
    mine: r.authorId === actor.actorId,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
  });
  const threads: TThread[] = page.map((t) => ({ ...view(t), replies: replies.filter((r) => r.parentId === t.id).map(view) }));
  const last = page[page.length - 1];
  return { threads, next: tops.length > limit && last ? encodeKey(last.key, last.id) : null };
}

export async function countOwnPosts(tx: Tx, courseId: string, unitId: string, authorId: string): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(discussionPost)
    .where(and(eq(discussionPost.courseId, courseId), eq(discussionPost.unitId, unitId), eq(discussionPost.authorId, authorId)));
  return r?.n ?? 0;
}

export async function listPosts(opts: { db: Database; actor: TActor; courseId: string; unitId: string; after?: string | null; limit?: number }) {
  const { actor } = opts;
  const limit = Math.min(Math.max(opts.limit ?? postPageSize, 1), 100);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { course: c, unit } = await loadParticipantUnit(tx, actor, opts.courseId, opts.unitId, "discussion");
    return readThreads(tx, actor, c, unit.id, opts.after, limit);
  });
}

/** Internal to unitPanel: the same read inside an open transaction. */
export { readThreads };

export async function addPost(opts: { db: Database; producer: Producer; actor: TActor; input: unknown }) {
  const { db, actor } = opts;
  const input = parseInput(ZDiscussionPostInput, opts.input);
  const done = await db.withTenant(actor.tenantId, async (tx) => {
    const { course: c, enrollment: enr, unit } = await loadParticipantUnit(tx, actor, input.courseId, input.unitId, "discussion");
    if (enr) {
      // A teacher's post counts toward the unit, so it is taken only inside the study window.
      const [v] = await tx.select().from(courseVersion).where(eq(courseVersion.id, enr.versionId)).limit(1);
      requireStudyOpen(v!, new Date());
    }
    let parentId: string | null = null;
    if (input.parentId) {
      const [parent] = await tx
        .select({ id: discussionPost.id, parentId: discussionPost.parentId })
        .from(discussionPost)
        .where(and(eq(discussionPost.id, input.parentId), eq(discussionPost.courseId, c.id), eq(discussionPost.unitId, unit.id)))
        .limit(1);
      if (!parent) throw new AppError("badRequest", "parent post not in this discussion", { parentId: ["只能回复本讨论中的帖子"] });
      parentId = parent.parentId ?? parent.id;
    }
    if (enr) await lockEnrollment(tx, enr.id);
    const id = randomUUID();
    await tx.insert(discussionPost).values({ tenantId: actor.tenantId, id, courseId: c.id, unitId: unit.id, authorId: actor.actorId, parentId, body: input.body });
    if (enr) {
      const posts = await countOwnPosts(tx, c.id, unit.id, actor.actorId);
      await saveUnitFacts(tx, { tenantId: actor.tenantId, enrollmentId: enr.id, unit, patch: { posts } });
    }
    return { id, enrollmentId: enr?.id ?? null, unitId: unit.id };
  });
  if (done.enrollmentId) {
    await enqueueProgress(opts.producer, {
      kind: "discussionPosted",
      tenantId: actor.tenantId,
      enrollmentId: done.enrollmentId,
      unitId: done.unitId,
      actorId: actor.actorId,
      payload: { v: 1, postId: done.id },
    });
  }
  return { id: done.id };
}
