import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { applicationRefusal, reviewChain, seatAvailable, takesApplications, ZApplyInput, ZInfoForm, ZProjectRef, type TEnrolmentMode, type TProjectState } from "@yanxiu/domain/projects";
import type { Database, Tx } from "@yanxiu/db/client";
import { chinaDay } from "@yanxiu/domain/china-time";
import { applicationRound, classApplyRefusal, roundPhase, seatsLeft } from "@yanxiu/domain/projects-rounds";
import { nomination, orgUnit, projectClass, projectClassPlan, quotaAllocation, teacherProfile, trainingProject, user } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import type { TActor } from "../org/scope.ts";
import { loadAllocation, recordDecision, uniqueViolation } from "./common.ts";
import { alreadyNominated, checkAnswers } from "./nominate-teacher.ts";
import { applicantCounts, classApplicantStates, offerOf, roundsOf } from "./rounds.ts";

/**
 * 自主报名 (decision 028): a teacher applies to a project that takes applications (self-enrolment, or both),
 * owned at or above their school, with its 信息表 answers. The application is a nomination like any other —
 * `applied`, nominated by the teacher's school, which reviews it first, then the same chain up to the owner's
 * 资质复审 — so the seats, the locks, the trail and the review pages are the ones nominations already have.
 * Its seat is the nearest allocation covering the school (the school's own, else its county's pool, …, else the
 * project's root), locked before counting; a project without a capacity (0) takes everyone.
 */

type TTeacherFacts = { schoolId: string; orgPath: string; subjects: string[]; stages: string[] };

async function teacherFacts(tx: Tx, actor: TActor): Promise<TTeacherFacts | null> {
  const [t] = await tx
    .select({ schoolId: teacherProfile.schoolId, orgPath: teacherProfile.orgPath, subjects: teacherProfile.subjects, stages: teacherProfile.stages })
    .from(teacherProfile)
    .innerJoin(user, tenantEq(user.id, teacherProfile.userId))
    .where(and(eq(teacherProfile.userId, actor.actorId), eq(user.status, "active")))
    .limit(1);
  return t ?? null;
}

type TOpenProject = {
  id: string;
  name: string;
  level: string;
  ownerName: string;
  ownerPath: string;
  startsOn: string;
  endsOn: string;
  plannedHours: number;
  creditCategory: string;
  capacity: number;
  state: TProjectState;
  enrolmentMode: TEnrolmentMode;
  subjects: string[];
  stages: string[];
  description: string;
  infoForm: unknown;
};

async function openProjectsFor(tx: Tx, t: TTeacherFacts, projectId?: string): Promise<TOpenProject[]> {
  const rows = await tx
    .select({
      id: trainingProject.id,
      name: trainingProject.name,
      level: trainingProject.level,
      ownerName: orgUnit.name,
      ownerPath: orgUnit.path,
      startsOn: trainingProject.startsOn,
      endsOn: trainingProject.endsOn,
      plannedHours: trainingProject.plannedHours,
      creditCategory: trainingProject.creditCategory,
      capacity: trainingProject.capacity,
      state: trainingProject.state,
      enrolmentMode: trainingProject.enrolmentMode,
      subjects: trainingProject.subjects,
      stages: trainingProject.stages,
      description: trainingProject.description,
      infoForm: trainingProject.infoForm,
    })
    .from(trainingProject)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, trainingProject.ownerUnitId))
    .where(
      and(
        inArray(trainingProject.state, ["published", "running"]),
        inArray(trainingProject.enrolmentMode, ["selfEnrolment", "both"]),
        // Owned at or above the teacher's school: a county's project is for that county's teachers only.
        sql`${t.orgPath} like ${orgUnit.path} || '%'`,
        projectId ? eq(trainingProject.id, projectId) : undefined,
      ),
    )
    .orderBy(desc(trainingProject.publishedAt), desc(trainingProject.id))
    .limit(100);
  return rows.map((r) => ({ ...r, plannedHours: Number(r.plannedHours) }));
}

type TMine = { id: string; state: string; applied: boolean; className: string | null; round: number | null; reason: string; canApplyAgain: boolean };

/**
 * The teacher's application or nomination per project: the live one (one per project, by the partial unique
 * index), else the latest that ended without a place — 未录取 or 撤回 (decision 035), after which they may apply again.
 */
async function mineFor(tx: Tx, teacherId: string, projectIds: string[]): Promise<Map<string, TMine>> {
  if (projectIds.length === 0) return new Map();
  const rows = await tx
    .select({ projectId: nomination.projectId, id: nomination.id, state: nomination.state, applied: nomination.applied, className: projectClass.name, round: nomination.round, reason: nomination.lastReason })
    .from(nomination)
    .leftJoin(projectClass, tenantEq(projectClass.id, nomination.classId))
    .where(and(eq(nomination.teacherId, teacherId), inArray(nomination.projectId, projectIds), inArray(nomination.state, ["reviewing", "approved", "withdrawn", "returned", "notAdmitted", "retracted"])))
    .orderBy(desc(nomination.createdAt));
  const out = new Map<string, TMine>();
  for (const r of rows) {
    const again = r.state === "notAdmitted" || r.state === "retracted";
    const known = out.get(r.projectId);
    // A live one wins over an ended one; among ended ones the latest (rows come newest first).
    if (!known || (known.canApplyAgain && !again)) out.set(r.projectId, { ...r, canApplyAgain: again });
  }
  return out;
}

/** 两轮报名: the round on `day` and every class with its seats and why not (decision 035); null for a one-round project. */
async function classChoice(tx: Tx, projectId: string, now?: Date) {
  const [plan] = await tx.select().from(projectClassPlan).where(eq(projectClassPlan.projectId, projectId)).limit(1);
  const rounds = roundsOf(plan);
  if (!rounds) return null;
  const phase = roundPhase(rounds, chinaDay(now));
  const classes = await tx.select().from(projectClass).where(eq(projectClass.projectId, projectId)).orderBy(projectClass.createdAt, projectClass.name);
  const counts = await applicantCounts(tx, projectId);
  return {
    rounds,
    phase,
    round: applicationRound(phase),
    classes: classes
      .filter((c) => c.cap !== null)
      .map((c) => {
        const offer = offerOf(c, counts.get(c.id) ?? 0);
        return { id: c.id, name: c.name, subject: c.subject, cap: offer.cap, applicants: offer.applicants, seatsLeft: seatsLeft(offer), cancelled: offer.cancelled, refusal: classApplyRefusal(phase, offer) };
      }),
  };
}

/** 可报名的项目: the projects a teacher may apply to now, each with why not (a subject, a stage) or their application. */
export async function openProjects(opts: { db: Database; actor: TActor }) {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const t = await teacherFacts(tx, actor);
    if (!t) return { teacher: false, projects: [] };
    const projects = await openProjectsFor(tx, t);
    const mine = await mineFor(tx, actor.actorId, projects.map((p) => p.id));
    return {
      teacher: true,
      projects: projects.map((p) => ({
        id: p.id,
        name: p.name,
        level: p.level,
        ownerName: p.ownerName,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        plannedHours: p.plannedHours,
        creditCategory: p.creditCategory,
        subjects: p.subjects,
        refusal: applicationRefusal(p, t),
        mine: mine.get(p.id) ?? null,
      })),
    };
  });
}

/** The application form of one project: its facts and 信息表, or why the teacher cannot apply. */
export async function applicationForm(opts: { db: Database; actor: TActor; query: unknown; now?: Date }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const t = await teacherFacts(tx, actor);
    const [p] = t ? await openProjectsFor(tx, t, projectId) : [];
    if (!t || !p) throw new AppError("notFound", `project ${projectId}`);
    const mine = (await mineFor(tx, actor.actorId, [p.id])).get(p.id) ?? null;
    return {
      project: { id: p.id, name: p.name, description: p.description, ownerName: p.ownerName, startsOn: p.startsOn, endsOn: p.endsOn, plannedHours: p.plannedHours, creditCategory: p.creditCategory },
      infoForm: ZInfoForm.parse(p.infoForm),
      refusal: applicationRefusal(p, t),
      mine,
      twoRound: await classChoice(tx, p.id, opts.now),
    };
  });
}

/** 报名: the teacher's application, waiting on their school's approval. */
export async function applyToProject(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const { actor } = opts;
  const input = parseInput(ZApplyInput, opts.input);
  return opts.db
    .withTenant(actor.tenantId, async (tx) => {
      const t = await teacherFacts(tx, actor);
      // Not a teacher, another province's project, a project not open to this teacher's school: all notFound.
      const [p] = t ? await tx.select().from(trainingProject).where(eq(trainingProject.id, input.projectId)).limit(1).for("update") : [];
      const [open] = t && p ? await openProjectsFor(tx, t, p.id) : [];
      if (!t || !p || !open) {
        // A project the teacher's school could see (published, running or closed) that takes no applications now.
        if (p && t && p.state !== "draft" && p.state !== "pendingApproval" && !takesApplications(p)) throw new AppError("projectStateConflict", `project ${p.id} takes no applications now`);
        throw new AppError("notFound", `project ${input.projectId}`);
      }
      const refusal = applicationRefusal(open, t);
      if (refusal) throw new AppError("badRequest", "not for this teacher", { projectId: [refusal] });
      const answers = checkAnswers({ project: p, ownerPath: open.ownerPath, ownerName: open.ownerName, manages: false }, input.answers);
      const chosen = await chooseClass(tx, p.id, input.classId, opts.now);
      // The nearest allocation covering the school (deepest path first), locked before its seats are counted.
      const covering = (
        await tx
          .select({ id: quotaAllocation.id, path: orgUnit.path })
          .from(quotaAllocation)
          .innerJoin(orgUnit, tenantEq(orgUnit.id, quotaAllocation.orgUnitId))
          .where(and(eq(quotaAllocation.projectId, p.id), sql`${t.orgPath} like ${orgUnit.path} || '%'`))
      ).sort((a, b) => b.path.length - a.path.length);
      if (covering.length === 0) throw new AppError("notFound", `project ${p.id}: no allocation`);
      const alloc = await loadAllocation(tx, p.id, covering[0]!.id, { lock: true });
      if (!alloc) throw new AppError("notFound", `project ${p.id}: no allocation`);
      if (p.capacity > 0 && !seatAvailable(alloc.node)) throw new AppError("quotaExceeded", `allocation ${alloc.allocation.id} has no seat left`, { projectId: ["名额已满"] });
      const chain = reviewChain(t.orgPath, open.ownerPath, { applied: true })!;
      const [row] = await tx
        .insert(nomination)
        .values({
          tenantId: actor.tenantId,
          projectId: p.id,
          allocationId: alloc.allocation.id,
          nominatingUnitId: t.schoolId,
          teacherId: actor.actorId,
          applied: true,
          answers,
          classId: chosen?.classId ?? null,
          round: chosen?.round ?? null,
          state: "reviewing",
          awaitingUnitId: chain[0]!,
          createdBy: actor.actorId,
        })
        .returning({ id: nomination.id });
      const nominationId = row!.id;
      const data = chosen ? { classId: chosen.classId, round: chosen.round } : undefined;
      await recordDecision(tx, actor, { projectId: p.id, nominationId, allocationId: alloc.allocation.id, action: "nomination.apply", toState: "reviewing", atUnitId: t.schoolId, data });
      await appendAudit(tx, actor, { action: "projects.apply", target: `nomination:${nominationId}`, orgPath: t.orgPath, data: { projectId: p.id, ...data } });
      return { nominationId, awaitingUnitId: chain[0]! };
    })
    .catch((e: unknown) => {
      throw uniqueViolation(e, "nomination_teacher_idx") ? alreadyNominated() : e;
    });
}

/**
 * 两轮报名 (decision 035): the class chosen, locked before its applicants are counted — so in round 2 of two
 * teachers racing for a class's last seat exactly one gets it (the other: 该班已满). Round 1 takes everyone.
 * Null for a one-round project (which takes no class).
 */
async function chooseClass(tx: Tx, projectId: string, classId: string | undefined, now?: Date): Promise<{ classId: string; round: 1 | 2 } | null> {
  const [plan] = await tx.select().from(projectClassPlan).where(eq(projectClassPlan.projectId, projectId)).limit(1);
  const rounds = roundsOf(plan);
  if (!rounds) {
    if (classId) throw new AppError("badRequest", "no class choice", { classId: ["本项目报名时无需选择班级"] });
    return null;
  }
  if (!classId) throw new AppError("badRequest", "class required", { classId: ["请选择班级"] });
  // Another project's or another province's class is simply not there (RLS hides the latter).
  const [c] = await tx.select().from(projectClass).where(and(eq(projectClass.id, classId), eq(projectClass.projectId, projectId))).for("update").limit(1);
  if (!c || c.cap === null) throw new AppError("badRequest", "class", { classId: ["班级不存在"] });
  const [n] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(nomination)
    .where(and(eq(nomination.classId, c.id), inArray(nomination.state, [...classApplicantStates])));
  const phase = roundPhase(rounds, chinaDay(now));
  const refusal = classApplyRefusal(phase, offerOf(c, n?.n ?? 0));
  if (refusal === "该班已满") throw new AppError("quotaExceeded", `class ${c.id} is full`, { classId: [refusal] });
  if (refusal) throw new AppError("projectStateConflict", `class ${c.id}: ${phase}`, { classId: [refusal] });
  return { classId: c.id, round: applicationRound(phase)! };
}
