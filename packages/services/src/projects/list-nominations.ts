import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { AppError } from "@yanxiu/domain/errors";
import { escapeLike, pageOffset } from "@yanxiu/domain/list-page";
import { adminRoles, can } from "@yanxiu/domain/permissions";
import { ZNominationQuery, ZNominationRef } from "@yanxiu/domain/projects";
import type { Database } from "@yanxiu/db/client";
import { nomination, orgUnit, projectDecision, quotaAllocation, teacherProfile, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { inScope, type TActor } from "../org/scope.ts";
import { loadProjectFor } from "./common.ts";

const nominating = alias(orgUnit, "nominating_unit");
const awaiting = alias(orgUnit, "awaiting_unit");
const school = alias(orgUnit, "school");

/**
 * Waiting on the actor's own level: the unit of one of their admin grants (a grant over the whole tenant
 * stands at its root), not the units below, whose admins decide first.
 */
function awaitingOwnLevel(actor: TActor): SQL {
  const admin = actor.grants.filter((g) => (adminRoles as readonly string[]).includes(g.role));
  const ids = admin.map((g) => g.orgUnitId).filter((id): id is string => id !== null);
  const whole = admin.some((g) => g.orgPath === null);
  const parts: SQL[] = [];
  if (ids.length > 0) parts.push(inArray(awaiting.id, ids));
  if (whole) parts.push(isNull(awaiting.parentId));
  return parts.length > 0 ? or(...parts)! : sql`false`;
}

/**
 * A project's nominations as the actor may see them (its managers: all; admins below: those nominated inside
 * their subtree), newest first, a numbered page at a time with the total under the same filters. `awaitingMe`
 * keeps those waiting on the actor's own level.
 */
export async function listNominations(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const query = parseInput(ZNominationQuery, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, query.projectId);
    const where: SQL[] = [eq(nomination.projectId, ctx.project.id)];
    if (!ctx.manages) where.push(inScope(nominating.path, actor.grants));
    if (query.state) where.push(eq(nomination.state, query.state));
    if (query.q) {
      const q = escapeLike(query.q);
      where.push(sql`exists (select 1 from ${teacherProfile} tp where tp.user_id = ${nomination.teacherId} and (tp.name ilike ${`%${q}%`} or tp.teacher_no ilike ${`${q}%`}))`);
    }
    if (query.awaitingMe) where.push(sql`${nomination.state} = 'reviewing'`, awaitingOwnLevel(actor));
    const filter = and(...where);
    const base = () =>
      tx
        .select({
          id: nomination.id,
          teacherId: nomination.teacherId,
          teacherName: teacherProfile.name,
          teacherNo: teacherProfile.teacherNo,
          schoolName: school.name,
          nominatingUnitName: nominating.name,
          awaitingUnitId: nomination.awaitingUnitId,
          awaitingUnitName: awaiting.name,
          quotaKey: quotaAllocation.quotaKey,
          state: nomination.state,
          answers: nomination.answers,
          lastReason: nomination.lastReason,
          replacesId: nomination.replacesId,
          createdAt: nomination.createdAt,
        })
        .from(nomination)
        .innerJoin(nominating, tenantEq(nominating.id, nomination.nominatingUnitId))
        .innerJoin(quotaAllocation, tenantEq(quotaAllocation.id, nomination.allocationId))
        .innerJoin(user, tenantEq(user.id, nomination.teacherId))
        .leftJoin(teacherProfile, tenantEq(teacherProfile.userId, nomination.teacherId))
        .leftJoin(school, tenantEq(school.id, teacherProfile.schoolId))
        .leftJoin(awaiting, tenantEq(awaiting.id, nomination.awaitingUnitId));
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(nomination)
      .innerJoin(nominating, tenantEq(nominating.id, nomination.nominatingUnitId))
      .leftJoin(awaiting, tenantEq(awaiting.id, nomination.awaitingUnitId))
      .where(filter);
    const items = await base()
      .where(filter)
      .orderBy(desc(nomination.createdAt), desc(nomination.id))
      .limit(query.size)
      .offset(pageOffset(query));
    return { query, total: counted?.n ?? 0, items };
  });
}

/** The trail of one nomination, oldest first: every decision, who, at which unit, when and why. */
export async function nominationTrail(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const { nominationId } = parseInput(ZNominationRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const [n] = await tx
      .select({ projectId: nomination.projectId, unitPath: orgUnit.path })
      .from(nomination)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, nomination.nominatingUnitId))
      .where(eq(nomination.id, nominationId))
      .limit(1);
    if (!n) throw new AppError("notFound", `nomination ${nominationId}`);
    const ctx = await loadProjectFor(tx, actor, n.projectId);
    if (!ctx.manages && !can(actor.grants, "org.view", n.unitPath)) throw new AppError("notFound", `nomination ${nominationId}`);
    return tx
      .select({
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
      .where(eq(projectDecision.nominationId, nominationId))
      .orderBy(asc(projectDecision.occurredAt), asc(projectDecision.id));
  });
}
