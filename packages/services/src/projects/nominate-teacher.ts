import { and, eq } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import { parseInfoAnswers, reviewChain, seatAvailable, takesNominations, ZInfoForm, ZNominateInput, type TInfoAnswers } from "@yanxiu/domain/projects";
import type { Tx } from "@yanxiu/db/client";
import type { Database } from "@yanxiu/db/client";
import { nomination, teacherProfile, user } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { underPath, type TActor } from "../org/scope.ts";
import { loadAllocation, loadProjectFor, recordDecision, uniqueViolation, unitById, type TProjectContext } from "./common.ts";

/** The project's 信息表 answers for a nomination, or a badRequest naming each wrong field. */
export function checkAnswers(ctx: TProjectContext, answers: unknown): TInfoAnswers {
  const r = parseInfoAnswers(ZInfoForm.parse(ctx.project.infoForm), answers);
  if (!r.ok) throw new AppError("badRequest", "info form", r.fieldErrors);
  return r.answers;
}

/** An active teacher whose school is inside the nominating unit (anything else is a field error, like a typo). */
export async function teacherUnder(tx: Tx, teacherId: string, unitPath: string) {
  const [t] = await tx
    .select({ userId: teacherProfile.userId, name: teacherProfile.name })
    .from(teacherProfile)
    .innerJoin(user, tenantEq(user.id, teacherProfile.userId))
    .where(and(eq(teacherProfile.userId, teacherId), eq(user.status, "active"), underPath(teacherProfile.orgPath, unitPath)))
    .limit(1);
  if (!t) throw new AppError("badRequest", "teacher not under unit", { teacherId: ["只能推荐本单位在职的教师"] });
  return t;
}

export const alreadyNominated = () => new AppError("alreadyNominated", "teacher already nominated", { teacherId: ["该教师已被推荐参加本项目"] });

/**
 * 推荐: a school or county (the nominating unit, which the actor administers) puts a teacher of its own forward
 * into an allocation that covers it — its own, or its county's pool — with the 信息表 answers. The
 * allocation's row is locked before its seats are counted, so of two nominations racing for its last seat
 * exactly one gets it; the other is refused with quotaExceeded. The nomination then waits on the first unit
 * of its review chain (the county, the city …, last the owner's 资质复审).
 */
export async function nominateTeacher(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZNominateInput, opts.input);
  return opts.db
    .withTenant(actor.tenantId, async (tx) => {
      const ctx = await loadProjectFor(tx, actor, input.projectId);
      if (!takesNominations(ctx.project)) throw new AppError("projectStateConflict", `project ${ctx.project.id} takes no nominations now`);
      const unit = await unitById(tx, input.nominatingUnitId);
      if (!unit || !can(actor.grants, "org.view", unit.path)) throw new AppError("notFound", `org unit ${input.nominatingUnitId}`);
      if (unit.status !== "active") throw new AppError("badRequest", "nominating unit inactive", { nominatingUnitId: ["该机构已停用"] });
      const answers = checkAnswers(ctx, input.answers);
      const teacher = await teacherUnder(tx, input.teacherId, unit.path);
      const alloc = await loadAllocation(tx, ctx.project.id, input.allocationId, { lock: true });
      if (!alloc || !unit.path.startsWith(alloc.unitPath)) throw new AppError("badRequest", "allocation does not cover unit", { allocationId: ["该名额不属于本单位"] });
      if (!seatAvailable(alloc.node)) throw new AppError("quotaExceeded", `allocation ${alloc.allocation.id} has no seat left`, { allocationId: ["名额已用完"] });
      const chain = reviewChain(unit.path, ctx.ownerPath)!;
      const [row] = await tx
        .insert(nomination)
        .values({
          tenantId: actor.tenantId,
          projectId: ctx.project.id,
          allocationId: alloc.allocation.id,
          nominatingUnitId: unit.id,
          teacherId: teacher.userId,
          answers,
          state: "reviewing",
          awaitingUnitId: chain[0]!,
          createdBy: actor.actorId,
        })
        .returning({ id: nomination.id });
      const nominationId = row!.id;
      await recordDecision(tx, actor, { projectId: ctx.project.id, nominationId, allocationId: alloc.allocation.id, action: "nomination.create", toState: "reviewing", atUnitId: unit.id });
      await appendAudit(tx, actor, { action: "projects.nominate", target: `nomination:${nominationId}`, orgPath: unit.path, data: { projectId: ctx.project.id, teacherId: teacher.userId } });
      return { nominationId, awaitingUnitId: chain[0]! };
    })
    .catch((e: unknown) => {
      throw uniqueViolation(e, "nomination_teacher_idx") ? alreadyNominated() : e;
    });
}
