import { and, asc, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { escapeLike } from "@yanxiu/domain/list-page";
import { adminRoles, can, isAdministrator } from "@yanxiu/domain/permissions";
import { activeNominationStates, isQualificationStep, projectLevels, quotaRemaining, takesNominations, ZInfoForm, ZNominationOptionsQuery, ZNominationRef, ZProjectRef } from "@yanxiu/domain/projects";
import type { Database } from "@yanxiu/db/client";
import { nomination, orgUnit, projectDecision, quotaAllocation, teacherProfile, trainingProject, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { inScope, underPath, type TActor } from "../org/scope.ts";
import { loadProjectFor, nodeFigures } from "./common.ts";
import { quotaRows } from "./quota-table.ts";

/**
 * What the project pages need besides the verbs: the units an admin may run a project from, the places seats
 * can go, the nominate form's choices, one nomination with its trail and what the actor may do with it, and
 * a teacher's own nominations.
 */

/** The new-project form: the active province, city, county and school units the admin administers. */
export async function projectFormOptions(opts: { db: Database; actor: TActor }) {
  const { actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "project form");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const units = await tx
      .select({ id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind, path: orgUnit.path })
      .from(orgUnit)
      .where(and(eq(orgUnit.status, "active"), inArray(orgUnit.kind, [...projectLevels]), inScope(orgUnit.path, actor.grants)))
      .orderBy(asc(orgUnit.path))
      .limit(500);
    const top = Math.min(...units.map((u) => u.path.split("/").length));
    return { units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, depth: u.path.split("/").length - top })) };
  });
}

/**
 * The 名额分配表 with where the actor may send seats: for each allocation whose unit they administer, its
 * unit's active city, county and school children, with the seats each already got from it.
 */
export async function quotaPlan(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, projectId);
    const table = await quotaRows(tx, actor, ctx);
    const [withPaths, open] = [
      await tx
        .select({ id: quotaAllocation.id, path: orgUnit.path, unitId: orgUnit.id })
        .from(quotaAllocation)
        .innerJoin(orgUnit, tenantEq(orgUnit.id, quotaAllocation.orgUnitId))
        .where(and(eq(quotaAllocation.projectId, projectId), inScope(orgUnit.path, actor.grants))),
      ctx.project.state !== "closed" && ctx.project.enrolmentMode !== "selfEnrolment",
    ];
    const givers = withPaths.filter((a) => can(actor.grants, "org.view", a.path));
    const children = givers.length
      ? await tx
          .select({ id: orgUnit.id, name: orgUnit.name, code: orgUnit.code, kind: orgUnit.kind, parentId: orgUnit.parentId })
          .from(orgUnit)
          .where(and(inArray(orgUnit.parentId, [...new Set(givers.map((g) => g.unitId))]), eq(orgUnit.status, "active"), inArray(orgUnit.kind, [...projectLevels])))
          .orderBy(asc(orgUnit.name))
          .limit(2000)
      : [];
    const byId = new Map(table.rows.map((r) => [r.id, r]));
    const targets = open
      ? givers.flatMap((g) => {
          const parent = byId.get(g.id)!;
          return children
            .filter((c) => c.parentId === g.unitId)
            .map((c) => {
              const current = table.rows.find((r) => r.parentId === g.id && r.orgUnitId === c.id && (parent.quotaKey === "" || r.quotaKey === parent.quotaKey));
              return { parentAllocationId: g.id, parentName: parent.unitName, parentKey: parent.quotaKey, parentRemaining: parent.remaining, unitId: c.id, unitName: c.name, unitKind: c.kind, seats: current?.seats ?? 0 };
            });
        })
      : [];
    return { ...table, targets, manages: ctx.manages };
  });
}

/** The nominating units an actor may use for a project: the units of their admin grants inside the owner's subtree. */
function ownUnitIds(actor: TActor): string[] {
  return actor.grants.filter((g) => (adminRoles as readonly string[]).includes(g.role) && g.orgUnitId).map((g) => g.orgUnitId!);
}

/**
 * The nominate form: the units the actor nominates for (their own units inside the project's tree), the seats
 * that cover the chosen one (its own allocation and those of the units above it) with what is left, and the
 * teachers of the unit matching the search (name or 教师编号), each marked when already nominated. With
 * `replacing`, the unit and the seat are those of the returned nomination.
 */
export async function nominationOptions(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const query = parseInput(ZNominationOptionsQuery, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, query.projectId);
    const p = ctx.project;
    let replacing: { id: string; unitId: string; allocationId: string; answers: unknown; teacherName: string } | null = null;
    if (query.replacing) {
      const [r] = await tx
        .select({ id: nomination.id, unitId: nomination.nominatingUnitId, allocationId: nomination.allocationId, answers: nomination.answers, state: nomination.state, teacherName: teacherProfile.name })
        .from(nomination)
        .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, nomination.teacherId))
        .where(and(eq(nomination.id, query.replacing), eq(nomination.projectId, p.id)))
        .limit(1);
      if (!r || r.state !== "returned") throw new AppError("notFound", `nomination ${query.replacing}`);
      replacing = { id: r.id, unitId: r.unitId, allocationId: r.allocationId, answers: r.answers, teacherName: r.teacherName ?? "" };
    }
    const ids = replacing ? [replacing.unitId] : ownUnitIds(actor);
    const units = ids.length
      ? (
          await tx
            .select({ id: orgUnit.id, name: orgUnit.name, path: orgUnit.path, status: orgUnit.status })
            .from(orgUnit)
            .where(inArray(orgUnit.id, ids))
            .orderBy(asc(orgUnit.path))
        ).filter((u) => u.status === "active" && u.path.startsWith(ctx.ownerPath) && can(actor.grants, "org.view", u.path))
      : [];
    if (replacing && units.length === 0) throw new AppError("notFound", `nomination ${query.replacing}`);
    const unit = units.find((u) => u.id === query.unitId) ?? units[0] ?? null;
    const covering = unit
      ? await tx
          .select({ allocation: quotaAllocation, unitName: orgUnit.name, unitPath: orgUnit.path })
          .from(quotaAllocation)
          .innerJoin(orgUnit, tenantEq(orgUnit.id, quotaAllocation.orgUnitId))
          .where(and(eq(quotaAllocation.projectId, p.id), sql`${unit.path} like ${orgUnit.path} || '%'`))
          .orderBy(desc(sql`length(${orgUnit.path})`), asc(quotaAllocation.quotaKey))
      : [];
    const seats = [];
    for (const c of covering) {
      if (replacing && c.allocation.id !== replacing.allocationId) continue;
      const figures = await nodeFigures(tx, c.allocation);
      seats.push({ allocationId: c.allocation.id, unitName: c.unitName, quotaKey: c.allocation.quotaKey, remaining: quotaRemaining(figures), seats: figures.seats });
    }
    const teachers =
      unit && query.q
        ? await tx
            .select({
              userId: teacherProfile.userId,
              name: teacherProfile.name,
              teacherNo: teacherProfile.teacherNo,
              schoolName: orgUnit.name,
              title: teacherProfile.title,
              subjects: teacherProfile.subjects,
              nominated: sql<boolean>`exists (select 1 from ${nomination} n where n.project_id = ${p.id} and n.teacher_id = ${teacherProfile.userId} and n.state in (${sql.join(
                activeNominationStates.map((s) => sql`${s}`),
                sql`, `,
              )}))`,
            })
            .from(teacherProfile)
            .innerJoin(user, tenantEq(user.id, teacherProfile.userId))
            .innerJoin(orgUnit, tenantEq(orgUnit.id, teacherProfile.schoolId))
            .where(
              and(
                eq(user.status, "active"),
                underPath(teacherProfile.orgPath, unit.path),
                or(ilike(teacherProfile.name, `%${escapeLike(query.q)}%`), ilike(teacherProfile.teacherNo, `${escapeLike(query.q)}%`)),
              ),
            )
            .orderBy(asc(teacherProfile.name), asc(teacherProfile.teacherNo))
            .limit(20)
        : [];
    return {
      project: { id: p.id, name: p.name, state: p.state, open: takesNominations(p), infoForm: ZInfoForm.parse(p.infoForm) },
      query,
      units: units.map((u) => ({ id: u.id, name: u.name })),
      unitId: unit?.id ?? null,
      seats,
      teachers,
      replacing,
    };
  });
}

/** One nomination: who, where, the answers with the form's labels, its trail and what the actor may do. */
export async function nominationPage(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { nominationId } = parseInput(ZNominationRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [row] = await tx
      .select({
        n: nomination,
        unitPath: orgUnit.path,
        unitName: orgUnit.name,
        teacherName: teacherProfile.name,
        teacherNo: teacherProfile.teacherNo,
        quotaKey: quotaAllocation.quotaKey,
      })
      .from(nomination)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, nomination.nominatingUnitId))
      .innerJoin(quotaAllocation, tenantEq(quotaAllocation.id, nomination.allocationId))
      .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, nomination.teacherId))
      .where(eq(nomination.id, nominationId))
      .limit(1);
    if (!row) throw new AppError("notFound", `nomination ${nominationId}`);
    const ctx = await loadProjectFor(tx, actor, row.n.projectId).catch(() => {
      throw new AppError("notFound", `nomination ${nominationId}`);
    });
    if (!ctx.manages && !can(actor.grants, "org.view", row.unitPath)) throw new AppError("notFound", `nomination ${nominationId}`);
    const n = row.n;
    const [awaiting] = n.awaitingUnitId ? await tx.select({ name: orgUnit.name, path: orgUnit.path }).from(orgUnit).where(eq(orgUnit.id, n.awaitingUnitId)).limit(1) : [];
    const chainEnd = ctx.project.ownerUnitId;
    const trail = await tx
      .select({
        id: projectDecision.id,
        action: projectDecision.action,
        fromState: projectDecision.fromState,
        toState: projectDecision.toState,
        atUnitName: orgUnit.name,
        actorName: user.displayName,
        reason: projectDecision.reason,
        occurredAt: projectDecision.occurredAt,
      })
      .from(projectDecision)
      .innerJoin(user, tenantEq(user.id, projectDecision.actorId))
      .leftJoin(orgUnit, tenantEq(orgUnit.id, projectDecision.atUnitId))
      .where(eq(projectDecision.nominationId, n.id))
      .orderBy(asc(projectDecision.occurredAt), asc(projectDecision.id));
    const [replacement] = await tx.select({ id: nomination.id }).from(nomination).where(eq(nomination.replacesId, n.id)).limit(1);
    const open = takesNominations(ctx.project);
    const decides = n.state === "reviewing" && awaiting !== undefined && can(actor.grants, "org.view", awaiting.path);
    return {
      project: { id: ctx.project.id, name: ctx.project.name, state: ctx.project.state },
      nomination: {
        id: n.id,
        state: n.state,
        teacherName: row.teacherName ?? "",
        teacherNo: row.teacherNo ?? "",
        unitName: row.unitName,
        quotaKey: row.quotaKey,
        awaitingUnitName: awaiting?.name ?? null,
        qualification: isQualificationStep(n.awaitingUnitId, [chainEnd]),
        lastReason: n.lastReason,
        replacesId: n.replacesId,
        replacedById: replacement?.id ?? null,
        createdAt: n.createdAt,
      },
      answers: ZInfoForm.parse(ctx.project.infoForm).map((f) => ({ key: f.key, label: f.label, value: (n.answers as Record<string, unknown>)[f.key] ?? null })),
      trail,
      perms: {
        review: decides,
        replace: open && n.state === "returned" && can(actor.grants, "org.view", row.unitPath),
        withdraw: ctx.manages && ctx.project.state !== "closed" && n.state === "approved",
      },
    };
  });
}

/** A teacher's own nominations: the project, where it stands and the trail's latest step. */
export async function myNominations(opts: { db: Database; actor: TActor }) {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const last = tx
      .selectDistinctOn([projectDecision.nominationId], {
        nominationId: projectDecision.nominationId,
        action: projectDecision.action,
        occurredAt: projectDecision.occurredAt,
        reason: projectDecision.reason,
      })
      .from(projectDecision)
      .where(sql`${projectDecision.nominationId} in (select id from ${nomination} where teacher_id = ${actor.actorId})`)
      .orderBy(projectDecision.nominationId, desc(projectDecision.occurredAt), desc(projectDecision.id))
      .as("last");
    return tx
      .select({
        id: nomination.id,
        projectId: nomination.projectId,
        projectName: trainingProject.name,
        startsOn: trainingProject.startsOn,
        endsOn: trainingProject.endsOn,
        state: nomination.state,
        lastAction: last.action,
        lastAt: last.occurredAt,
      })
      .from(nomination)
      .innerJoin(trainingProject, tenantEq(trainingProject.id, nomination.projectId))
      .leftJoin(last, eq(last.nominationId, nomination.id))
      .where(and(eq(nomination.teacherId, actor.actorId), sql`${nomination.state} <> 'replaced'`))
      .orderBy(desc(nomination.createdAt))
      .limit(20);
  });
}
