import { and, asc, desc, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { can, isAdministrator } from "@yanxiu/domain/permissions";
import { ZCreateStudioInput, ZEditStudioInput, ZStudioQuery, ZStudioRef } from "@yanxiu/domain/studios";
import { appendAudit } from "../audit/append.ts";
import type { Database, Tx } from "@yanxiu/db/client";
import { inScope, type TActor } from "../org/scope.ts";
import { orgUnit, roleAssignment, studio, studioMember, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { pageOffset } from "@yanxiu/domain/list-page";
import { escapeLike, loadStudioFor, need } from "./common.ts";
import { tenantEq } from "../common/tenant-join.ts";

const uniqueViolation = (e: unknown) => {
  const c = e as { code?: string; cause?: { code?: string } };
  return c?.code === "23505" || c?.cause?.code === "23505";
};
const nameTaken = () => new AppError("badRequest", "studio name taken", { name: ["已有同名工作室，请换一个名称"] });

/** The org unit, if the actor administers it; otherwise a field error (the form names the unit). */
async function unitInScope(tx: Tx, actor: TActor, orgUnitId: string) {
  const [unit] = await tx.select().from(orgUnit).where(eq(orgUnit.id, orgUnitId)).limit(1);
  if (!unit || !can(actor.grants, "org.view", unit.path)) throw new AppError("badRequest", "org unit out of scope", { orgUnitId: ["所选机构不在你的管理范围内"] });
  return unit;
}

async function nameFree(tx: Tx, name: string, exceptId?: string) {
  const [row] = await tx.select({ id: studio.id }).from(studio).where(eq(studio.name, name)).limit(1);
  if (row && row.id !== exceptId) throw nameTaken();
}

/**
 * Creates a studio: a province admin, or an org admin whose scope holds the studio's org unit. The host,
 * named by login, must be an active master teacher or teacher of the tenant; they get the studio's host
 * membership (active) in the same transaction.
 */
export async function createStudio(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZCreateStudioInput, opts.input);
  if (!isAdministrator(actor.grants)) throw new AppError("forbidden", "only admins create studios");
  return opts.db
    .withTenant(actor.tenantId, async (tx) => {
      const unit = await unitInScope(tx, actor, input.orgUnitId);
      const [host] = await tx
        .select({ id: user.id })
        .from(user)
        .innerJoin(roleAssignment, tenantEq(roleAssignment.userId, user.id))
        .where(and(eq(user.login, input.hostLogin), eq(user.status, "active"), inArray(roleAssignment.role, ["masterTeacher", "teacher"])))
        .limit(1);
      if (!host) throw new AppError("badRequest", "host not a teacher", { hostLogin: ["主持人须为本省在职的名师或教师账号"] });
      await nameFree(tx, input.name);
      const [row] = await tx
        .insert(studio)
        .values({
          tenantId: actor.tenantId,
          name: input.name,
          hostId: host.id,
          subject: input.subject,
          stages: input.stages,
          orgUnitId: unit.id,
          termStart: input.termStart,
          termEnd: input.termEnd,
          description: input.description,
          createdBy: actor.actorId,
        })
        .returning({ id: studio.id });
      await tx.insert(studioMember).values({
        tenantId: actor.tenantId,
        studioId: row!.id,
        userId: host.id,
        role: "host",
        status: "active",
        decidedBy: actor.actorId,
        decidedAt: new Date(),
      });
      await appendAudit(tx, actor, { action: "studios.create", target: `studio:${row!.id}`, orgPath: unit.path, data: { name: input.name, hostId: host.id } });
      return { studioId: row!.id };
    })
    .catch((e: unknown) => {
      throw uniqueViolation(e) ? nameTaken() : e;
    });
}

/** Edits a studio's facts: its host, or an admin over its org unit (and over the new one, if it moves). */
export async function editStudio(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZEditStudioInput, opts.input);
  return opts.db
    .withTenant(actor.tenantId, async (tx) => {
      const ctx = await loadStudioFor(tx, actor, input.studioId, { lock: true });
      need(ctx, "editFacts");
      if (input.orgUnitId !== ctx.studio.orgUnitId) await unitInScope(tx, actor, input.orgUnitId);
      await nameFree(tx, input.name, ctx.studio.id);
      const { studioId, ...facts } = input;
      await tx.update(studio).set(facts).where(eq(studio.id, studioId));
      await appendAudit(tx, actor, { action: "studios.edit", target: `studio:${studioId}`, orgPath: ctx.orgPath, data: { name: input.name } });
      return { studioId };
    })
    .catch((e: unknown) => {
      throw uniqueViolation(e) ? nameTaken() : e;
    });
}

/** Archives a studio (an admin over its org unit): it stays readable to its members, and nothing changes in it any more. */
export async function archiveStudio(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { studioId } = parseInput(ZStudioRef, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, studioId, { lock: true });
    need(ctx, "archive");
    await tx.update(studio).set({ status: "archived" }).where(eq(studio.id, studioId));
    await appendAudit(tx, actor, { action: "studios.archive", target: `studio:${studioId}`, orgPath: ctx.orgPath });
    return { studioId };
  });
}

/**
 * The tenant's active studios, newest first, with the public facts everyone may see and the actor's own
 * membership. Search by name, subject and stage, or only one's own; a numbered page at a time with the total under
 * the same filters.
 */
export async function listStudios(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const query = parseInput(ZStudioQuery, opts.query ?? {});
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const mine = sql`(select ${studioMember.status} || ':' || ${studioMember.role} from ${studioMember} where ${studioMember.tenantId} = ${studio.tenantId} and ${studioMember.studioId} = ${studio.id} and ${studioMember.userId} = ${actor.actorId})`;
    const where: SQL[] = [eq(studio.status, "active")];
    if (query.q) where.push(ilike(studio.name, `%${escapeLike(query.q)}%`));
    if (query.subject) where.push(eq(studio.subject, query.subject));
    if (query.stage) where.push(sql`${query.stage} = any(${studio.stages})`);
    if (query.mine) where.push(sql`${mine} like 'active:%'`);
    const filter = and(...where);
    const [counted] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(studio)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, studio.orgUnitId))
      .innerJoin(user, tenantEq(user.id, studio.hostId))
      .where(filter);
    const rows = await tx
      .select({
        id: studio.id,
        name: studio.name,
        subject: studio.subject,
        stages: studio.stages,
        termStart: studio.termStart,
        termEnd: studio.termEnd,
        orgName: orgUnit.name,
        hostName: user.displayName,
        memberCount: sql<number>`(select count(*)::int from ${studioMember} where ${studioMember.tenantId} = ${studio.tenantId} and ${studioMember.studioId} = ${studio.id} and ${studioMember.status} = 'active')`,
        mine: sql<string | null>`${mine}`,
      })
      .from(studio)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, studio.orgUnitId))
      .innerJoin(user, tenantEq(user.id, studio.hostId))
      .where(filter)
      .orderBy(desc(studio.createdAt), desc(studio.id))
      .limit(query.size)
      .offset(pageOffset(query));
    return {
      query,
      total: counted?.n ?? 0,
      items: rows.map(({ mine: m, ...r }) => {
        const [status, role] = m ? m.split(":") : [null, null];
        return { ...r, myStatus: status as "applied" | "invited" | "active" | "rejected" | "left" | null, myRole: role as "host" | "coHost" | "member" | null };
      }),
      canCreate: isAdministrator(actor.grants),
    };
  });
}

/** What the studio form offers: the org units the actor administers (to place the studio) and the tenant's master teachers (suggested hosts). */
export async function studioFormOptions(opts: { db: Database; actor: TActor }) {
  const { actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "studio form");
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const units = await tx
      .select({ id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind, path: orgUnit.path })
      .from(orgUnit)
      .where(and(eq(orgUnit.status, "active"), inScope(orgUnit.path, actor.grants)))
      .orderBy(asc(orgUnit.path))
      .limit(500);
    const masters = await tx
      .selectDistinct({ login: user.login, displayName: user.displayName })
      .from(user)
      .innerJoin(roleAssignment, tenantEq(roleAssignment.userId, user.id))
      .where(and(eq(roleAssignment.role, "masterTeacher"), eq(user.status, "active")))
      .orderBy(asc(user.login))
      .limit(200);
    return { units: units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, depth: u.path.split("/").filter(Boolean).length })), masters };
  });
}
