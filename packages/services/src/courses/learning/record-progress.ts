import { and, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { mergeRanges, watchedPercent } from "@yanxiu/domain/completion";
import { parseUnitConfig } from "@yanxiu/domain/courses";
import { cappedElapsedSeconds, checkHeartbeat, ZUnitActionInput, ZVideoBeatInput } from "@yanxiu/domain/progress";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../../org/scope.ts";
import type { Producer } from "../../platform/queue.ts";
import { unitProgress } from "@yanxiu/db/schema";
import { parseInput } from "../../common/parse-input.ts";
import { enqueueProgress, loadOwnEnrollment, loadVersionContent, saveUnitFacts, unitState } from "../common.ts";
import { requireStudyOpen, unitOf } from "./shared.ts";

/**
 * One video heartbeat. The unit must be a video of the actor's enrolment's version, inside the study
 * window. The page's elapsed time is capped by the server's own clock since this unit's facts were last
 * written (or since enrolling, for the first beat), then `checkHeartbeat` refuses impossible beats
 * (beyond the end, from the future, faster than real time) with badRequest and the reason, and a beat
 * dated before the enrolment began with progressBeforeEnrollment; nothing is recorded then. Good beats merge into the played ranges, and a `videoProgress` event goes on the
 * `progress` queue after the transaction commits.
 */
export async function recordVideoBeat(opts: { db: Database; producer: Producer; actor: TActor; input: unknown; now?: Date }) {
  const input = parseInput(ZVideoBeatInput, opts.input);
  const now = opts.now ?? new Date();
  const { actor } = opts;
  const r = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const enr = await loadOwnEnrollment(tx, actor, input.courseId);
    const content = await loadVersionContent(tx, enr.versionId);
    const unit = unitOf(content, input.unitId, "video");
    requireStudyOpen(content.version, now);
    const { durationSeconds } = parseUnitConfig("video", unit.config);
    const [row] = await tx
      .select()
      .from(unitProgress)
      .where(and(eq(unitProgress.enrollmentId, enr.id), eq(unitProgress.unitId, unit.id)))
      .for("update")
      .limit(1);
    const since = (now.getTime() - (row?.updatedAt ?? enr.enrolledAt).getTime()) / 1000;
    const elapsedSeconds = cappedElapsedSeconds(input.elapsedSeconds, since);
    const check = checkHeartbeat({ v: 1, ranges: input.ranges, elapsedSeconds }, { durationSeconds, occurredAt: input.occurredAt, now, enrolledAt: enr.enrolledAt });
    if (!check.ok && check.reason === "beforeEnrollment") throw new AppError("progressBeforeEnrollment", `heartbeat of ${input.occurredAt.toISOString()} before the enrolment`);
    if (!check.ok) throw new AppError("badRequest", `heartbeat refused: ${check.reason}`, { ranges: [check.reason] });
    const before = (row?.playedRanges as [number, number][] | undefined) ?? [];
    const playedRanges = mergeRanges([...before, ...input.ranges], durationSeconds);
    const saved = await saveUnitFacts(tx, { tenantId: actor.tenantId, enrollmentId: enr.id, unit, patch: { playedRanges } });
    return { enrollmentId: enr.id, elapsedSeconds, watchedPercent: Math.floor(watchedPercent(playedRanges, durationSeconds)), state: unitState(unit, saved) };
  });
  await enqueueProgress(opts.producer, {
    kind: "videoProgress",
    tenantId: actor.tenantId,
    enrollmentId: r.enrollmentId,
    unitId: input.unitId,
    actorId: actor.actorId,
    occurredAt: input.occurredAt,
    payload: { v: 1, ranges: input.ranges.map(([s, e]) => [s, e] as [number, number]), elapsedSeconds: r.elapsedSeconds },
  });
  return { watchedPercent: r.watchedPercent, state: r.state, complete: r.state === "complete" };
}

/** A document unit was opened (the page rendered it): the fact `opened`, and a `documentOpened` event the first time. */
export async function documentOpened(opts: { db: Database; producer: Producer; actor: TActor; input: unknown; now?: Date }) {
  const input = parseInput(ZUnitActionInput, opts.input);
  const now = opts.now ?? new Date();
  const { actor } = opts;
  const r = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const enr = await loadOwnEnrollment(tx, actor, input.courseId);
    const content = await loadVersionContent(tx, enr.versionId);
    const unit = unitOf(content, input.unitId, "document");
    requireStudyOpen(content.version, now);
    const [row] = await tx.select().from(unitProgress).where(and(eq(unitProgress.enrollmentId, enr.id), eq(unitProgress.unitId, unit.id))).limit(1);
    if (row?.opened) return { enrollmentId: enr.id, first: false, state: unitState(unit, row) };
    const saved = await saveUnitFacts(tx, { tenantId: actor.tenantId, enrollmentId: enr.id, unit, patch: { opened: true } });
    return { enrollmentId: enr.id, first: true, state: unitState(unit, saved) };
  });
  if (r.first)
    await enqueueProgress(opts.producer, { kind: "documentOpened", tenantId: actor.tenantId, enrollmentId: r.enrollmentId, unitId: input.unitId, actorId: actor.actorId, occurredAt: now, payload: { v: 1 } });
  return { state: r.state, complete: r.state === "complete" };
}
