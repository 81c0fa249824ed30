import { and, desc, eq, inArray, sql } from "drizzle-orm";
import {
  effectiveEntries,
  externalAwardFingerprint,
  titleDayFingerprint,
  ZApproveExternalInput,
  ZExternalAwardInput,
  ZRejectExternalInput,
  ZRequestListQuery,
} from "@yanxiu/domain/credits";
import { AppError } from "@yanxiu/domain/errors";
import { appendAudit } from "../audit/append.ts";
import { notifyOne } from "../notifications/notify.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { inScope, type TActor } from "../org/scope.ts";
import { creditAward, externalAwardRequest, orgUnit, storedFile, teacherProfile } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { loadTeacherInScope } from "./common.ts";
import { chinaDay, ledgerOf, recomputeTeacherStatus } from "./status.ts";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * Awards for training done elsewhere (校本研修, a national-platform certificate …): a teacher asks for
 * themselves, or an admin for a teacher in their scope, with a proof file; an admin in the teacher's
 * scope approves (the award joins the ledger) or rejects with a comment. The same training is refused
 * a second time (`duplicateAward`).
 */

/** Submits a request; returns its id. */
export async function submitExternalAward(opts: { db: Database; actor: TActor; input: unknown; today?: string }) {
  const { actor } = opts;
  const input = parseInput(ZExternalAwardInput, opts.input);
  const teacherId = input.teacherId ?? actor.actorId;
  if (input.completedOn > (opts.today ?? chinaDay())) throw new AppError("badRequest", "completed in the future", { completedOn: ["完成日期不能晚于今天"] });
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    let orgPath: string | null = null;
    if (teacherId !== actor.actorId) {
      orgPath = (await loadTeacherInScope(tx, actor, teacherId)).orgPath;
    } else {
      const [p] = await tx.select({ orgPath: teacherProfile.orgPath }).from(teacherProfile).where(eq(teacherProfile.userId, teacherId)).limit(1);
      if (!p) throw new AppError("forbidden", "only teachers claim external awards for themselves");
      orgPath = p.orgPath;
    }
    // The proof must be a credit proof the submitter uploaded.
    const [file] = await tx
      .select({ id: storedFile.id })
      .from(storedFile)
      .where(and(eq(storedFile.id, input.proofFileId), eq(storedFile.ownerId, actor.actorId), eq(storedFile.purpose, "creditProof")))
      .limit(1);
    if (!file) throw new AppError("badRequest", "proof file", { proofFileId: ["请上传证明材料"] });

    const fingerprint = externalAwardFingerprint({ ...input, teacherId });
    // Two submissions of the same training at once: the second waits here, then sees the first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`external-award:${actor.tenantId}`}), hashtext(${fingerprint}))`);
    await refuseDuplicate(tx, { teacherId, fingerprint, title: input.title, completedOn: input.completedOn });

    const [row] = await tx
      .insert(externalAwardRequest)
      .values({
        tenantId: actor.tenantId,
        teacherId,
        submittedBy: actor.actorId,
        title: input.title,
        issuer: input.issuer,
        certificateNo: input.certificateNo ?? null,
        hours: String(input.hours),
        category: input.category,
        organiserLevel: input.organiserLevel,
        completedOn: input.completedOn,
        proofFileId: input.proofFileId,
        fingerprint,
      })
      .returning({ id: externalAwardRequest.id });
    await appendAudit(tx, actor, { action: "credits.submitExternal", target: `externalAwardRequest:${row!.id}`, orgPath, data: { teacherId } });
    return { id: row!.id };
  });
}

/**
 * The same training already claimed (a pending request, or an approved one whose award still counts)
 * or already in the teacher's ledger under the same title and day.
 */
async function refuseDuplicate(tx: Tx, a: { teacherId: string; fingerprint: string; title: string; completedOn: string }) {
  const ledger = await ledgerOf(tx, a.teacherId);
  const counting = new Set(effectiveEntries(ledger).map((e) => e.id));
  const sameFingerprint = await tx
    .select({ id: externalAwardRequest.id, status: externalAwardRequest.status, awardId: externalAwardRequest.awardId, teacherId: externalAwardRequest.teacherId })
    .from(externalAwardRequest)
    .where(and(eq(externalAwardRequest.fingerprint, a.fingerprint), inArray(externalAwardRequest.status, ["pending", "approved"])));
  for (const r of sameFingerprint) {
    if (r.status === "pending") throw new AppError("duplicateAward", `request ${r.id}`);
    // An approved request whose award was reversed no longer stands in the way (a corrected claim).
    if (r.teacherId !== a.teacherId || !r.awardId || counting.has(r.awardId)) throw new AppError("duplicateAward", `request ${r.id}`);
  }
  const want = titleDayFingerprint(a.teacherId, a.title, a.completedOn);
  if (a.fingerprint !== want) {
    const mine = await tx
      .select({ id: externalAwardRequest.id, title: externalAwardRequest.title, completedOn: externalAwardRequest.completedOn, status: externalAwardRequest.status, awardId: externalAwardRequest.awardId })
      .from(externalAwardRequest)
      .where(and(eq(externalAwardRequest.teacherId, a.teacherId), inArray(externalAwardRequest.status, ["pending", "approved"])));
    const hit = mine.find((r) => titleDayFingerprint(a.teacherId, r.title, r.completedOn) === want && (r.status === "pending" || (r.awardId && counting.has(r.awardId))));
    if (hit) throw new AppError("duplicateAward", `request ${hit.id}`);
  }
  const awards = await tx
    .select({ id: creditAward.id, title: creditAward.title, countsFor: creditAward.countsFor })
    .from(creditAward)
    .where(and(eq(creditAward.teacherId, a.teacherId), eq(creditAward.countsFor, a.completedOn)));
  const same = awards.find((w) => counting.has(w.id) && titleDayFingerprint(a.teacherId, w.title, w.countsFor) === want);
  if (same) throw new AppError("duplicateAward", `award ${same.id}`);
}

/** A teacher's own requests, newest first. */
export async function myExternalRequests(opts: { db: Database; actor: TActor }) {
  return opts.db.withTenant(opts.actor.tenantId, (tx) =>
    tx.select().from(externalAwardRequest).where(eq(externalAwardRequest.teacherId, opts.actor.actorId)).orderBy(desc(externalAwardRequest.createdAt)),
  );
}

export const requestPageSize = 50;

/**
 * Pending requests for teachers in the actor's scope, oldest first (first come, first reviewed); keyset on
 * (created_at, id), the cursor carrying Postgres's own text of the timestamp (a JS Date would drop the microseconds).
 */
export async function listExternalRequests(opts: { db: Database; actor: TActor; query?: unknown; limit?: number }) {
  const { actor } = opts;
  const query = parseInput(ZRequestListQuery, opts.query ?? {});
  const limit = Math.min(opts.limit ?? requestPageSize, 500);
  const cursor = decodeRequestCursor(query.after);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const r = externalAwardRequest;
    const where = [eq(r.status, "pending"), inScope(teacherProfile.orgPath, actor.grants)];
    if (cursor) where.push(sql`(${r.createdAt}, ${r.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
    const rows = await tx
      .select({ request: r, teacherName: teacherProfile.name, schoolName: orgUnit.name, at: sql<string>`${r.createdAt}::text` })
      .from(r)
      .innerJoin(teacherProfile, tenantEq(teacherProfile.userId, r.teacherId))
      .innerJoin(orgUnit, tenantEq(orgUnit.id, teacherProfile.schoolId))
      .where(and(...where))
      .orderBy(r.createdAt, r.id)
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      requests: page.map((x) => ({ ...x.request, hours: Number(x.request.hours), teacherName: x.teacherName, schoolName: x.schoolName })),
      next: rows.length > limit && last ? encodeURIComponent(`${last.at}|${last.request.id}`) : null,
    };
  });
}

function decodeRequestCursor(after: string | undefined): { at: string; id: string } | null {
  if (!after) return null;
  try {
    const [at, id] = decodeURIComponent(after).split("|");
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { at, id };
  } catch {
    return null;
  }
}

/** A pending request for a teacher in the actor's scope, locked for the review; notFound otherwise. */
async function loadPendingRequest(tx: Tx, actor: TActor, requestId: string) {
  const [req] = await tx.select().from(externalAwardRequest).where(eq(externalAwardRequest.id, requestId)).for("update").limit(1);
  if (!req) throw new AppError("notFound", `request ${requestId}`);
  const teacher = await loadTeacherInScope(tx, actor, req.teacherId);
  if (req.status !== "pending") throw new AppError("requestAlreadyReviewed", `request ${requestId} is ${req.status}`);
  return { req, teacher };
}

/**
 * Approves a request: the award joins the ledger (source `external`, source_ref = the request, evidence
 * = the proof) and the teacher's status is recomputed in the same transaction.
 */
export async function approveExternalAward(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { requestId } = parseInput(ZApproveExternalInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { req, teacher } = await loadPendingRequest(tx, actor, requestId);
    const [award] = await tx
      .insert(creditAward)
      .values({
        tenantId: actor.tenantId,
        teacherId: req.teacherId,
        source: "external",
        sourceRef: req.id,
        title: req.title,
        hours: req.hours,
        category: req.category as typeof creditAward.$inferInsert.category,
        organiserLevel: req.organiserLevel as typeof creditAward.$inferInsert.organiserLevel,
        countsFor: req.completedOn,
        evidence: [{ kind: "request", requestId: req.id }, ...(req.proofFileId ? [{ kind: "file", fileId: req.proofFileId }] : [])],
        actorId: actor.actorId,
      })
      .returning({ id: creditAward.id });
    await tx
      .update(externalAwardRequest)
      .set({ status: "approved", reviewedBy: actor.actorId, reviewedAt: new Date(), awardId: award!.id })
      .where(eq(externalAwardRequest.id, req.id));
    const totals = await recomputeTeacherStatus(tx, {
      tenantId: actor.tenantId,
      teacherId: req.teacherId,
      landed: [{ teacherId: req.teacherId, hours: req.hours, category: req.category, countsFor: req.completedOn }],
    });
    await notifyOne(tx, actor.tenantId, { kind: "externalApproved", userId: req.teacherId, params: { title: req.title, hours: Number(req.hours) }, link: "/my/credits", dedupeKey: `external:${req.id}:approved` });
    await appendAudit(tx, actor, {
      action: "credits.approveExternal",
      target: `externalAwardRequest:${req.id}`,
      orgPath: teacher.orgPath,
      data: { awardId: award!.id, teacherId: req.teacherId, hours: Number(req.hours) },
    });
    return { awardId: award!.id, totals };
  });
}

/** Rejects a request with a comment the teacher sees. */
export async function rejectExternalAward(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { requestId, comment } = parseInput(ZRejectExternalInput, opts.input);
  await opts.db.withTenant(actor.tenantId, async (tx) => {
    const { req, teacher } = await loadPendingRequest(tx, actor, requestId);
    await tx.update(externalAwardRequest).set({ status: "rejected", reviewedBy: actor.actorId, reviewedAt: new Date(), comment }).where(eq(externalAwardRequest.id, req.id));
    await notifyOne(tx, actor.tenantId, { kind: "externalRejected", userId: req.teacherId, params: { title: req.title, reason: comment }, link: "/my/credits", dedupeKey: `external:${req.id}:rejected` });
    await appendAudit(tx, actor, { action: "credits.rejectExternal", target: `externalAwardRequest:${req.id}`, orgPath: teacher.orgPath, data: { comment } });
  });
  return { requestId };
}
