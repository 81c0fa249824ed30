import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { chinaDay } from "@yanxiu/domain/china-time";
import { AppError } from "@yanxiu/domain/errors";
import { ZProjectRef } from "@yanxiu/domain/projects";
import {
  admitByOrder,
  cancelledClassReason,
  classSubscription,
  roundPhase,
  roundsRefusal,
  screeningOpen,
  seatsLeft,
  ZCancelClassInput,
  ZClassOfferInput,
  ZRetractApplicationInput,
  ZRoundSettingsInput,
  ZScreenClassInput,
  type TRoundPhase,
  type TRounds,
} from "@yanxiu/domain/projects-rounds";
import type { Database, Tx } from "@yanxiu/db/client";
import { nomination, projectClass, projectClassMember, projectClassPlan } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { joinPerson, personColumns } from "../common/person.ts";
import { notify } from "../notifications/notify.ts";
import type { TActor } from "../org/scope.ts";
import { needManage, recordDecision, uniqueViolation } from "./common.ts";
import { ensurePlan, loadRunningFor, needRun, type TRunningContext } from "./running-common.ts";

/**
 * 两轮报名 (decision 035): the rounds and the classes on offer (managers), 筛选 of oversubscribed classes (managers
 * and the implementing unit), 取消开班 of undersubscribed ones (managers), and a teacher's 撤回 of their own
 * application. Applications themselves go through applyToProject (apply-to-project.ts), which reads the same
 * class row under its lock. A class's applicants are its nominations under review or approved.
 */

/** Nominations that count as a class's applicants (and, in round 2, as its seats taken). */
export const classApplicantStates = ["reviewing", "approved"] as const;

type TPlanRow = typeof projectClassPlan.$inferSelect;
type TClassRow = typeof projectClass.$inferSelect;

/** The plan's rounds, when the project runs 两轮报名. */
export function roundsOf(plan: TPlanRow | null | undefined): TRounds | null {
  if (!plan?.twoRound || !plan.round1Opens || !plan.round1Closes || !plan.round2Opens || !plan.round2Closes) return null;
  return { round1Opens: plan.round1Opens, round1Closes: plan.round1Closes, round2Opens: plan.round2Opens, round2Closes: plan.round2Closes };
}

/** Live applicants per class of a project. */
export async function applicantCounts(tx: Tx, projectId: string, classIds?: string[]): Promise<Map<string, number>> {
  const rows = await tx
    .select({ classId: nomination.classId, n: sql<number>`count(*)::int` })
    .from(nomination)
    .where(and(eq(nomination.projectId, projectId), inArray(nomination.state, [...classApplicantStates]), classIds ? inArray(nomination.classId, classIds) : sql`${nomination.classId} is not null`))
    .groupBy(nomination.classId);
  return new Map(rows.map((r) => [r.classId!, r.n]));
}

export const offerOf = (c: TClassRow, applicants: number) => ({ cap: c.cap ?? 0, minSize: c.minSize ?? 0, applicants, cancelled: c.cancelledAt !== null });

function needOpen(ctx: TRunningContext) {
  if (ctx.project.state === "closed" || ctx.project.state === "pendingApproval") throw new AppError("projectStateConflict", `project ${ctx.project.id} is ${ctx.project.state}`);
  if (ctx.project.enrolmentMode === "nomination") throw new AppError("projectStateConflict", `project ${ctx.project.id} takes no applications`, { twoRound: ["仅接受自主报名的项目可设置两轮报名"] });
}

/** The managers' and screeners' page: rounds, phase, every class with applicants against cap and minimum, and its applicants. */
export async function roundsPage(opts: { db: Database; actor: TActor; query: unknown; now?: Date }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, projectId);
    if (!ctx.runs) throw new AppError("notFound", `project ${projectId}`);
    const rounds = roundsOf(ctx.plan);
    const phase: TRoundPhase | null = rounds ? roundPhase(rounds, chinaDay(opts.now)) : null;
    const classes = await tx.select().from(projectClass).where(eq(projectClass.projectId, projectId)).orderBy(asc(projectClass.createdAt), asc(projectClass.name));
    const applicants = classes.length
      ? await joinPerson(
          tx
            .select({ id: nomination.id, classId: nomination.classId, state: nomination.state, round: nomination.round, appliedAt: nomination.createdAt, lastReason: nomination.lastReason, ...personColumns })
            .from(nomination)
            .$dynamic(),
          nomination.teacherId,
        )
          .where(and(eq(nomination.projectId, projectId), inArray(nomination.classId, classes.map((c) => c.id)), inArray(nomination.state, [...classApplicantStates, "notAdmitted"])))
          .orderBy(asc(nomination.createdAt), asc(nomination.id))
      : [];
    return {
      project: { id: ctx.project.id, state: ctx.project.state, enrolmentMode: ctx.project.enrolmentMode, startsOn: ctx.project.startsOn, endsOn: ctx.project.endsOn },
      manages: ctx.manages,
      twoRound: ctx.plan?.twoRound ?? false,
      rounds,
      phase,
      canScreen: phase !== null && screeningOpen(phase),
      classes: classes.map((c) => {
        const mine = applicants.filter((a) => a.classId === c.id);
        const live = mine.filter((a) => (classApplicantStates as readonly string[]).includes(a.state));
        const offer = offerOf(c, live.length);
        return {
          id: c.id,
          name: c.name,
          subject: c.subject,
          cap: c.cap,
          minSize: c.minSize,
          cancelled: offer.cancelled,
          applicants: live.length,
          seatsLeft: seatsLeft(offer),
          subscription: c.cap === null ? null : classSubscription(offer),
          people: mine.map((a) => ({ id: a.id, name: a.name, school: a.school, state: a.state, round: a.round, appliedAt: a.appliedAt, reason: a.lastReason })),
        };
      }),
    };
  });
}

/** 两轮报名 on or off, with the four round days (checked against each other and the project's dates). */
export async function setRounds(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZRoundSettingsInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId, { lock: true });
    needManage(ctx);
    needOpen(ctx);
    const rounds = input.twoRound ? { round1Opens: input.round1Opens!, round1Closes: input.round1Closes!, round2Opens: input.round2Opens!, round2Closes: input.round2Closes! } : null;
    if (rounds) {
      const refusal = roundsRefusal(rounds, ctx.project);
      if (refusal) throw new AppError("badRequest", "rounds", refusal);
    }
    await ensurePlan(tx, actor.tenantId, input.projectId);
    await tx
      .update(projectClassPlan)
      .set({ twoRound: input.twoRound, ...(rounds ?? { round1Opens: null, round1Closes: null, round2Opens: null, round2Closes: null }), updatedAt: new Date() })
      .where(eq(projectClassPlan.projectId, input.projectId));
    await appendAudit(tx, actor, { action: "projects.rounds", target: `project:${input.projectId}`, orgPath: ctx.ownerPath, data: { twoRound: input.twoRound, ...(rounds ?? {}) } });
    return { twoRound: input.twoRound };
  });
}

/** A class on offer, new or edited: name, subject, 班额, 开班最低人数. A cancelled class is not edited. */
export async function saveClassOffer(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZClassOfferInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadRunningFor(tx, actor, input.projectId);
    needManage(ctx);
    needOpen(ctx);
    await ensurePlan(tx, actor.tenantId, input.projectId);
    const values = { name: input.name, subject: input.subject, cap: input.cap, minSize: input.minSize };
    try {
      let classId = input.classId;
      if (classId) {
        const [c] = await tx.select().from(projectClass).where(and(eq(projectClass.id, classId), eq(projectClass.projectId, input.projectId))).for("update").limit(1);
        if (!c) throw new AppError("badRequest", "class", { classId: ["班级不存在"] });
        if (c.cancelledAt) throw new AppError("projectStateConflict", `class ${c.id} is cancelled`, { classId: ["该班已取消开班"] });
        await tx.update(projectClass).set(values).where(eq(projectClass.id, c.id));
      } else {
        const [c] = await tx.insert(projectClass).values({ tenantId: actor.tenantId, projectId: input.projectId, ...values }).returning({ id: projectClass.id });
        classId = c!.id;
      }
      await appendAudit(tx, actor, { action: "projects.classes.offer", target: `class:${classId}`, orgPath: ctx.ownerPath, data: values });
      return { classId };
    } catch (e) {
      if (uniqueViolation(e, "project_class_name_key")) throw new AppError("conflict", "class name taken", { name: ["已有同名班级"] });
      throw e;
    }
  });
}

/** A class of a two-round project, locked (every admission and release of its applicants is serialised on it). */
async function loadOfferedClass(tx: Tx, actor: TActor, classId: string, now: Date | undefined) {
  const [c] = await tx.select().from(projectClass).where(eq(projectClass.id, classId)).for("update").limit(1);
  if (!c) throw new AppError("notFound", `class ${classId}`);
  const ctx = await loadRunningFor(tx, actor, c.projectId).catch(() => {
    throw new AppError("notFound", `class ${classId}`);
  });
  if (!ctx.runs) throw new AppError("notFound", `class ${classId}`);
  needRun(ctx);
  const rounds = roundsOf(ctx.plan);
  if (!rounds || c.cap === null) throw new AppError("projectStateConflict", `project ${c.projectId} has no two-round enrolment`);
  const phase = roundPhase(rounds, chinaDay(now));
  if (!screeningOpen(phase)) throw new AppError("projectStateConflict", `class ${classId}: ${phase}`, { classId: ["第一轮报名截止后、第二轮截止前才能筛选或取消开班"] });
  if (c.cancelledAt) throw new AppError("projectStateConflict", `class ${classId} is cancelled`, { classId: ["该班已取消开班"] });
  const applicants = await tx
    .select()
    .from(nomination)
    .where(and(eq(nomination.classId, c.id), eq(nomination.projectId, c.projectId), inArray(nomination.state, [...classApplicantStates])))
    .orderBy(asc(nomination.createdAt), asc(nomination.id))
    .for("update");
  return { c, ctx, applicants };
}

type TNominationRow = typeof nomination.$inferSelect;

/** Releases applicants of a class: 未录取 with the reason, out of the class, on the trail and in the teacher's messages. */
async function release(tx: Tx, actor: TActor, ctx: TRunningContext, c: TClassRow, out: TNominationRow[], how: { action: string; reason: string; kind: "enrolmentNotAdmitted" | "enrolmentClassCancelled" }) {
  if (out.length === 0) return;
  const ids = out.map((n) => n.id);
  await tx.update(nomination).set({ state: "notAdmitted", awaitingUnitId: null, lastReason: how.reason, updatedAt: new Date() }).where(inArray(nomination.id, ids));
  await tx.delete(projectClassMember).where(inArray(projectClassMember.nominationId, ids));
  for (const n of out) {
    await recordDecision(tx, actor, { projectId: c.projectId, nominationId: n.id, allocationId: n.allocationId, action: how.action, fromState: n.state, toState: "notAdmitted", atUnitId: ctx.project.ownerUnitId, reason: how.reason, data: { classId: c.id } });
  }
  await notify(tx, {
    tenantId: actor.tenantId,
    notices: out.map((n) => {
      const common = { userId: n.teacherId, link: `/my/projects/${c.projectId}/apply`, dedupeKey: `${how.action}:${n.id}` };
      return how.kind === "enrolmentNotAdmitted"
        ? { ...common, kind: "enrolmentNotAdmitted" as const, params: { projectName: ctx.project.name, className: c.name, reason: how.reason } }
        : { ...common, kind: "enrolmentClassCancelled" as const, params: { projectName: ctx.project.name, className: c.name } };
    }),
  });
}

/**
 * 筛选: of an oversubscribed class, the chosen applicants (at most the cap) are admitted and the rest are 未录取
 * with the reason — or, byOrder, the first `cap` by time of application.
 */
export async function screenClass(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const { actor } = opts;
  const input = parseInput(ZScreenClassInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { c, ctx, applicants } = await loadOfferedClass(tx, actor, input.classId, opts.now);
    const cap = c.cap!;
    let admit: string[];
    if (input.mode === "byOrder") admit = admitByOrder(applicants.map((n) => ({ id: n.id, appliedAt: n.createdAt })), cap).admit;
    else {
      admit = [...new Set(input.admit)];
      const known = new Set(applicants.map((n) => n.id));
      if (admit.some((id) => !known.has(id))) throw new AppError("badRequest", "admit", { admit: ["只能录取该班的报名者"] });
      if (admit.length > cap) throw new AppError("badRequest", "admit", { admit: [`录取人数不能超过班额 ${cap} 人`] });
    }
    const admitted = new Set(admit);
    const out = applicants.filter((n) => !admitted.has(n.id));
    for (const n of applicants.filter((a) => admitted.has(a.id))) {
      await recordDecision(tx, actor, { projectId: c.projectId, nominationId: n.id, allocationId: n.allocationId, action: "nomination.admit", fromState: n.state, toState: n.state, atUnitId: ctx.project.ownerUnitId, data: { classId: c.id, mode: input.mode } });
    }
    await release(tx, actor, ctx, c, out, { action: "nomination.notAdmitted", reason: input.reason, kind: "enrolmentNotAdmitted" });
    await appendAudit(tx, actor, { action: "projects.classes.screen", target: `class:${c.id}`, orgPath: ctx.ownerPath, data: { mode: input.mode, admitted: admit.length, notAdmitted: out.length } });
    return { classId: c.id, admitted: admit.length, notAdmitted: out.length };
  });
}

/** 取消开班: the owner's managers cancel a class below its minimum; every applicant is released (班级未开班). */
export async function cancelClass(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const { actor } = opts;
  const input = parseInput(ZCancelClassInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { c, ctx, applicants } = await loadOfferedClass(tx, actor, input.classId, opts.now);
    needManage(ctx);
    if (classSubscription(offerOf(c, applicants.length)) !== "under") {
      throw new AppError("projectStateConflict", `class ${c.id} is not under its minimum`, { classId: [`只能取消报名人数不足开班最低人数（${c.minSize ?? 0} 人）的班级`] });
    }
    await tx.update(projectClass).set({ cancelledAt: new Date() }).where(eq(projectClass.id, c.id));
    await release(tx, actor, ctx, c, applicants, { action: "nomination.classCancelled", reason: cancelledClassReason, kind: "enrolmentClassCancelled" });
    await appendAudit(tx, actor, { action: "projects.classes.cancel", target: `class:${c.id}`, orgPath: ctx.ownerPath, data: { released: applicants.length } });
    return { classId: c.id, released: applicants.length };
  });
}

/** 撤回报名: a teacher withdraws their own application while it is still under review (not once approved). */
export async function retractApplication(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZRetractApplicationInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [n] = await tx
      .select()
      .from(nomination)
      .where(and(eq(nomination.id, input.nominationId), eq(nomination.teacherId, actor.actorId), eq(nomination.applied, true)))
      .for("update")
      .limit(1);
    if (!n) throw new AppError("notFound", `nomination ${input.nominationId}`);
    if (n.state !== "reviewing") throw new AppError("nominationStateConflict", `nomination ${n.id} is ${n.state}`, { nominationId: ["只能撤回审核中的报名"] });
    await tx.update(nomination).set({ state: "retracted", awaitingUnitId: null, updatedAt: new Date() }).where(eq(nomination.id, n.id));
    await recordDecision(tx, actor, { projectId: n.projectId, nominationId: n.id, allocationId: n.allocationId, action: "nomination.retract", fromState: n.state, toState: "retracted", atUnitId: n.nominatingUnitId });
    await appendAudit(tx, actor, { action: "projects.retract", target: `nomination:${n.id}`, data: { projectId: n.projectId } });
    return { nominationId: n.id, state: "retracted" as const };
  });
}
