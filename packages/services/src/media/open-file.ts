import type { Readable } from "node:stream";
import { and, eq, ne, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { adminScope, can } from "@yanxiu/domain/permissions";
import type { Database, Tx } from "@yanxiu/db/client";
import { canAuthor, canReview, holds } from "../courses/common.ts";
import type { FileStore } from "../platform/files.ts";
import type { TActor } from "../org/scope.ts";
import { assignmentSubmission, course, courseUnit, enrollment, externalAwardRequest, fixedPointClaim, fixedPointClaimFile, liveParticipant, liveSession, storedFile, studioMember, studioOutput, studioResource, teacherProfile } from "@yanxiu/db/schema";
import { mayAttend } from "../live/access.ts";
import { mayReadProjectFile } from "../projects/evaluation-access.ts";
import { parseByteRange } from "./range.ts";
import { tenantEq } from "../common/tenant-join.ts";

export type TStoredFileRow = typeof storedFile.$inferSelect;

export type TOpenedFile = {
  status: 200 | 206;
  mime: string;
  /** The whole file's size. */
  size: number;
  /** First and last byte sent (inclusive); for an empty file start 0, end -1. */
  start: number;
  end: number;
  stream: Readable;
  originalName: string;
};

/** A range beyond the file: the AppError carries the size for `Content-Range: bytes *\/size`. */
export type TRangeNotSatisfiable = AppError & { size: number };

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether the actor may read the file. The uploader always may. Course media: authors and reviewers, and
 * a teacher whose enrolment's version has a unit showing it. Covers: anyone signed in to the tenant.
 * Assignment files: the owner of the course the submission belongs to, and admins. Credit proofs: the
 * teacher the request (or 定额项目 claim) is for and admins in that teacher's scope. Studio files: active members of the
 * studio whose library or outputs name the file, and everyone in the tenant for a library item shared with it.
 */
export async function mayRead(tx: Tx, actor: TActor, f: TStoredFileRow): Promise<boolean> {
  if (f.ownerId === actor.actorId) return true;
  switch (f.purpose) {
    case "courseCover":
      return true;
    case "courseVideo":
    case "courseDocument": {
      if (canAuthor(actor) || canReview(actor)) return true;
      const rows = await tx
        .select({ one: sql<number>`1` })
        .from(enrollment)
        .innerJoin(courseUnit, eq(courseUnit.versionId, enrollment.versionId))
        .where(and(eq(enrollment.teacherId, actor.actorId), ne(enrollment.status, "withdrawn"), sql`${courseUnit.config}->>'fileId' = ${f.id}`))
        .limit(1);
      return rows.length > 0;
    }
    case "assignment": {
      if (holds(actor, "provinceAdmin", "orgAdmin")) return true;
      const rows = await tx
        .select({ one: sql<number>`1` })
        .from(assignmentSubmission)
        .innerJoin(enrollment, eq(enrollment.id, assignmentSubmission.enrollmentId))
        .innerJoin(course, eq(course.id, enrollment.courseId))
        .where(and(eq(assignmentSubmission.fileId, f.id), eq(course.ownerId, actor.actorId)))
        .limit(1);
      return rows.length > 0;
    }
    case "creditProof": {
      // The teacher an external-award request is for, and admins whose scope holds that teacher.
      const rows = await tx
        .select({ teacherId: externalAwardRequest.teacherId, orgPath: teacherProfile.orgPath })
        .from(externalAwardRequest)
        .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, externalAwardRequest.teacherId))
        .where(eq(externalAwardRequest.proofFileId, f.id));
      if (rows.some((r) => r.teacherId === actor.actorId || (r.orgPath != null && can(actor.grants, "people.view", r.orgPath)))) return true;
      // The evidence of a 定额项目 claim (decision 032): the same readers, the claim's teacher and admins over them.
      const claims = await tx
        .select({ teacherId: fixedPointClaim.teacherId, orgPath: teacherProfile.orgPath })
        .from(fixedPointClaimFile)
        .innerJoin(fixedPointClaim, tenantEq(fixedPointClaim.id, fixedPointClaimFile.claimId))
        .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, fixedPointClaim.teacherId))
        .where(eq(fixedPointClaimFile.fileId, f.id));
      return claims.some((r) => r.teacherId === actor.actorId || (r.orgPath != null && can(actor.grants, "people.view", r.orgPath)));
    }
    case "studioResource": {
      // A library item shared with the tenant: anyone signed in to it. Otherwise active members of a studio
      // whose library or outputs name the file. A file no item names any more: only its uploader (above).
      const shared = await tx
        .select({ one: sql<number>`1` })
        .from(studioResource)
        .where(and(eq(studioResource.fileId, f.id), eq(studioResource.visibility, "tenant")))
        .limit(1);
      if (shared.length > 0) return true;
      const member = and(eq(studioMember.tenantId, f.tenantId), eq(studioMember.userId, actor.actorId), eq(studioMember.status, "active"));
      const viaLibrary = await tx
        .select({ one: sql<number>`1` })
        .from(studioResource)
        .innerJoin(studioMember, and(member, eq(studioMember.studioId, studioResource.studioId)))
        .where(eq(studioResource.fileId, f.id))
        .limit(1);
      if (viaLibrary.length > 0) return true;
      const viaOutputs = await tx
        .select({ one: sql<number>`1` })
        .from(studioOutput)
        .innerJoin(studioMember, and(member, eq(studioMember.studioId, studioOutput.studioId)))
        .where(eq(studioOutput.fileId, f.id))
        .limit(1);
      return viaOutputs.length > 0;
    }
    case "liveSlides": {
      // Whoever may attend a session showing the slides (the host, studio members or enrolled teachers),
      // unless the host removed them from it.
      const sessions = await tx.select().from(liveSession).where(eq(liveSession.slidesFileId, f.id));
      for (const s of sessions) {
        if (!(await mayAttend(tx, actor.actorId, s))) continue;
        const [p] = await tx
          .select({ removed: liveParticipant.removed })
          .from(liveParticipant)
          .where(and(eq(liveParticipant.sessionId, s.id), eq(liveParticipant.userId, actor.actorId)))
          .limit(1);
        if (!p?.removed) return true;
      }
      return false;
    }
    case "hoursImport":
      // Another platform's list of many teachers' 学时 (decision 029): besides its uploader, province admins only
      // (a county admin would otherwise read other counties' rows of a province-wide list).
      return adminScope(actor.grants) === "all" || actor.grants.some((g) => g.role === "provinceAdmin");
    case "projectBrief":
    case "projectReport":
      // A brief's images: whoever reads a brief naming them; a report: the admins who see its project.
      return mayReadProjectFile(tx, actor, f);
  }
}

/** The stored file row if the actor may read it; anything else (missing, foreign tenant, no access) is notFound. */
export async function loadReadableFile(db: Database, actor: TActor, id: string): Promise<TStoredFileRow> {
  if (!uuidShape.test(id)) throw new AppError("notFound", `file ${id}`);
  return db.withTenant(actor.tenantId, async (tx) => {
    const [f] = await tx.select().from(storedFile).where(eq(storedFile.id, id)).limit(1);
    if (!f || !(await mayRead(tx, actor, f))) throw new AppError("notFound", `file ${id}`);
    return f;
  });
}

/**
 * Opens a stored file for reading after the access check, honouring one HTTP byte range
 * (`bytes=a-b`, `bytes=a-`, `bytes=-n`). A range beyond the file throws rangeNotSatisfiable.
 */
export async function openFile(opts: { db: Database; files: FileStore; actor: TActor; id: string; range?: string | null }): Promise<TOpenedFile> {
  const f = await loadReadableFile(opts.db, opts.actor, opts.id);
  const r = parseByteRange(opts.range, f.size);
  const base = { mime: f.mime, size: f.size, originalName: f.originalName };
  if (r.kind === "unsatisfiable") {
    throw Object.assign(new AppError("rangeNotSatisfiable", `range ${opts.range} of ${f.size}`), { size: f.size }) as TRangeNotSatisfiable;
  }
  if (r.kind === "partial") {
    return { ...base, status: 206, start: r.start, end: r.end, stream: opts.files.readRange(f.key, r.start, r.end) };
  }
  return { ...base, status: 200, start: 0, end: f.size - 1, stream: opts.files.read(f.key) };
}
