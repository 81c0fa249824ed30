import { and, eq, sql } from "drizzle-orm";
import { ZStudioPageQuery, ZStudioRef } from "@yanxiu/domain/studios";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { studioActivity, studioMember, user } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";
import { threadOf, threadsOf } from "./board.ts";
import { loadStudioFor, need } from "./common.ts";
import { resourcesOf } from "./library.ts";
import { membersOf } from "./members.ts";
import { activitiesOf } from "./plan.ts";
import { outputsOf } from "./outputs.ts";
import { studioFormOptions } from "./studios.ts";

/**
 * One studio page: the public facts everyone in the tenant sees, the actor's membership and permissions,
 * and the data of one tab. Members-only tabs hold null for anyone who is not an active member (the
 * library holds the items shared with the tenant). Another tenant's studio is notFound.
 */
export async function studioPage(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  const q = parseInput(ZStudioPageQuery, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, q.studioId);
    const s = ctx.studio;
    const [host] = await tx.select({ name: user.displayName }).from(user).where(eq(user.id, s.hostId)).limit(1);
    const [counts] = await tx
      .select({
        members: sql<number>`count(*) filter (where ${studioMember.status} = 'active')::int`,
        pending: sql<number>`count(*) filter (where ${studioMember.status} = 'applied')::int`,
      })
      .from(studioMember)
      .where(eq(studioMember.studioId, s.id));
    const members = ctx.perms.readMembersOnly;
    const [next] = members
      ? await tx
          .select({ id: studioActivity.id, title: studioActivity.title, date: studioActivity.date, kind: studioActivity.kind })
          .from(studioActivity)
          .where(and(eq(studioActivity.studioId, s.id), sql`${studioActivity.date} >= (now() at time zone 'Asia/Shanghai')::date`))
          .orderBy(studioActivity.date)
          .limit(1)
      : [];
    const tab = q.tab;
    const limit = 20;
    return {
      studio: {
        id: s.id,
        name: s.name,
        subject: s.subject,
        stages: s.stages,
        termStart: s.termStart,
        termEnd: s.termEnd,
        description: s.description,
        status: s.status,
        orgName: ctx.orgName,
        hostName: host?.name ?? "",
        memberCount: counts?.members ?? 0,
        pendingCount: ctx.perms.manage ? (counts?.pending ?? 0) : 0,
        nextActivity: next ?? null,
      },
      me: ctx.member ? { status: ctx.member.status, role: ctx.member.role } : null,
      perms: ctx.perms,
      tab,
      plan: tab === "plan" && members ? await activitiesOf(tx, ctx) : null,
      library: tab === "library" ? await resourcesOf(tx, ctx, { tag: q.tag, kind: q.kind, cases: q.cases }) : null,
      board: tab === "board" && members && !q.thread ? await threadsOf(tx, ctx, { after: q.after, limit }) : null,
      thread: tab === "board" && members && q.thread ? await threadOf(tx, ctx, { threadId: q.thread, after: q.after, limit: 50 }) : null,
      outputs: tab === "outputs" && members ? await outputsOf(tx, ctx) : null,
      // The activities an output may name.
      activities: tab === "outputs" && ctx.perms.manage ? await activitiesOf(tx, ctx) : null,
      members: tab === "members" && members ? await membersOf(tx, ctx) : null,
    };
  });
}

/** A studio's facts for its edit form, with the form's options; for whoever may edit them. */
export async function studioForEdit(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  const { studioId } = parseInput(ZStudioRef, opts.input);
  const facts = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadStudioFor(tx, actor, studioId);
    need(ctx, "editFacts");
    const s = ctx.studio;
    return {
      studioId: s.id,
      name: s.name,
      subject: s.subject,
      stages: s.stages,
      orgUnitId: s.orgUnitId,
      orgName: ctx.orgName,
      termStart: s.termStart,
      termEnd: s.termEnd,
      description: s.description,
      canArchive: ctx.perms.archive,
    };
  });
  // A host who administers nothing keeps the studio where it is: the only unit offered is its own.
  const options = actor.grants.some((g) => g.role === "provinceAdmin" || g.role === "orgAdmin")
    ? await studioFormOptions({ db: opts.db, actor })
    : { units: [], masters: [] };
  if (!options.units.some((u) => u.id === facts.orgUnitId)) options.units.unshift({ id: facts.orgUnitId, name: facts.orgName, kind: "school", depth: 1 });
  return { facts, options };
}
