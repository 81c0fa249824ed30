import { and, asc, eq, inArray } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import {
  membershipRefusal,
  nextMemberStatus,
  ZAnswerInvitationInput,
  ZApplyInput,
  ZDecideInput,
  ZInviteInput,
  ZMemberRef,
  ZSetRoleInput,
  ZStudioRef,
  type TMembershipAction,
} from "@yanxiu/domain/studios";
import type { Database, Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { orgUnit, roleAssignment, studioMember, user } from "@yanxiu/db/schema";
import { joinPerson } from "../common/person.ts";
import { parseInput } from "../common/parse-input.ts";
import { loadStudioFor, membershipOf, need, type TStudioContext } from "./common.ts";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * Membership: a teacher applies and a host or co-host approves or rejects; a host or co-host invites and
 * the teacher accepts or declines; a member leaves or is removed; the host makes a member co-host. The
 * studio row is locked for each change, so two changes to one studio's members never interleave, and a
 * (studio, teacher) pair is one row: nobody has two applications pending.
 */

const teacherRoles = ["masterTeacher", "teacher"] as const;

async function move(tx: Tx, actor: TActor, ctx: TStudioContext, userId: string, action: TMembershipAction, note?: string) {
  if (ctx.studio.status === "archived") throw new AppError("forbidden", `studio ${ctx.studio.id} archived`);
  const current = userId === actor.actorId ? ctx.member : await membershipOf(tx, ctx.studio.id, userId);
  const refusal = membershipRefusal(current ? { status: current.status, role: current.role } : null, action);
  if (refusal) throw new AppError(refusal, `${action} on ${current?.status ?? "none"}`);
  const status = nextMemberStatus(current ? { status: current.status, role: current.role } : null, action)!;
  // Whoever leaves or is turned down comes back (if ever) as a plain member.
  const role = status === "active" ? (current?.role ?? "member") : "member";
  const decided = action === "apply" ? { decidedBy: null, decidedAt: null } : { decidedBy: actor.actorId, decidedAt: new Date() };
  if (current) {
    await tx
      .update(studioMember)
      .set({ status, role, ...decided, ...(note !== undefined ? { note } : {}) })
      .where(and(eq(studioMember.studioId, ctx.studio.id), eq(studioMember.userId, userId)));
  } else {
    await tx.insert(studioMember).values({ tenantId: actor.tenantId, studioId: ctx.studio.id, userId, role, status, note: note ?? "", ...decided });
  }
  return { studioId: ctx.studio.id, userId, status };
}

/** A teacher (or master teacher) applies to join, with an optional note to the host. */
export async function applyToStudio(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZApplyInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, input.studioId, { lock: true });
    if (!actor.grants.some((g) => (teacherRoles as readonly string[]).includes(g.role))) throw new AppError("forbidden", "only teachers apply");
    return move(tx, actor, ctx, actor.actorId, "apply", input.note);
  });
}

/** A host or co-host approves or rejects an application. */
export async function decideApplication(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZDecideInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, input.studioId, { lock: true });
    need(ctx, "manage");
    return move(tx, actor, ctx, input.userId, input.decision);
  });
}

/** A host or co-host invites a teacher of the tenant by login. */
export async function inviteToStudio(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZInviteInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, input.studioId, { lock: true });
    need(ctx, "manage");
    const [who] = await tx
      .select({ id: user.id })
      .from(user)
      .innerJoin(roleAssignment, tenantEq(roleAssignment.userId, user.id))
      .where(and(eq(user.login, input.login), eq(user.status, "active"), inArray(roleAssignment.role, [...teacherRoles])))
      .limit(1);
    if (!who) throw new AppError("badRequest", "no such teacher", { login: ["未找到该教师账号（须为本省在职教师）"] });
    return move(tx, actor, ctx, who.id, "invite");
  });
}

/** The invited teacher accepts or declines. */
export async function answerInvitation(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZAnswerInvitationInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, input.studioId, { lock: true });
    return move(tx, actor, ctx, actor.actorId, input.answer);
  });
}

/** A member leaves (or withdraws an application). The host cannot leave their own studio. */
export async function leaveStudio(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZStudioRef, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, input.studioId, { lock: true });
    return move(tx, actor, ctx, actor.actorId, "leave");
  });
}

/** A host or co-host removes an active member (never the host). */
export async function removeMember(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZMemberRef, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, input.studioId, { lock: true });
    need(ctx, "manage");
    return move(tx, actor, ctx, input.userId, "remove");
  });
}

/** The host makes an active member co-host, or a co-host a member again. */
export async function setMemberRole(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const input = parseInput(ZSetRoleInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, input.studioId, { lock: true });
    need(ctx, "setRoles");
    const m = await membershipOf(tx, ctx.studio.id, input.userId);
    if (!m || m.status !== "active" || m.role === "host") throw new AppError("membershipNotPending", `set role of ${m?.status ?? "none"}`);
    await tx.update(studioMember).set({ role: input.role }).where(and(eq(studioMember.studioId, ctx.studio.id), eq(studioMember.userId, input.userId)));
    return { studioId: ctx.studio.id, userId: input.userId, role: input.role };
  });
}

/** The members tab's people (membersOf); members only. Another tenant's studio is notFound. */
export async function listMembers(opts: { db: Database; actor: TActor; input: unknown }) {
  const { studioId } = parseInput(ZStudioRef, opts.input);
  return opts.db.withTenant(opts.actor.tenantId, async (tx) => membersOf(tx, await loadStudioFor(tx, opts.actor, studioId)));
}

/** The people of a studio: active members (host first), and for its managers the pending applications and invitations. */
export async function membersOf(tx: Tx, ctx: TStudioContext) {
  need(ctx, "readMembersOnly");
  const members = tx
    .select({
      userId: studioMember.userId,
      role: studioMember.role,
      status: studioMember.status,
      note: studioMember.note,
      since: studioMember.decidedAt,
      appliedAt: studioMember.createdAt,
      name: user.displayName,
      login: user.login,
      schoolName: orgUnit.name,
    })
    .from(studioMember)
    .$dynamic();
  const rows = await joinPerson(members, studioMember.userId)
    .where(and(eq(studioMember.studioId, ctx.studio.id), inArray(studioMember.status, ctx.perms.manage ? ["active", "applied", "invited"] : ["active"])))
    .orderBy(asc(studioMember.createdAt));
  const rank = { host: 0, coHost: 1, member: 2 } as const;
  return {
    active: rows.filter((r) => r.status === "active").sort((a, b) => rank[a.role] - rank[b.role]),
    applied: rows.filter((r) => r.status === "applied"),
    invited: rows.filter((r) => r.status === "invited"),
  };
}
