import { and, asc, eq, exists, inArray, isNull } from "drizzle-orm";
import { breakoutGroupName, splitRoundRobin, type TBreakoutOpen, type TBreakoutState, type TLiveGroup } from "@yanxiu/domain/live";
import type { Database, Tx } from "@yanxiu/db/client";
import { liveAttendance, liveGroup, liveParticipant, liveSession } from "@yanxiu/db/schema";
import { requireParticipant, type TLiveActor, type TLiveSessionRow } from "./access.ts";

/**
 * Breakout groups. `live_group` is insert-only: each split makes new groups (stamped with the session's
 * `breakouts_opened_at`, which is how the current ones are told from earlier splits) and each participant's
 * `group_id` points at theirs while groups are open. Calling everyone back clears both.
 */

/** The current split's groups with their members, or closed. */
export async function breakoutState(tx: Tx, s: TLiveSessionRow): Promise<TBreakoutState> {
  if (!s.breakoutsOpenedAt) return { open: false, groups: [] };
  const groups = await tx
    .select()
    .from(liveGroup)
    .where(and(eq(liveGroup.sessionId, s.id), eq(liveGroup.createdAt, s.breakoutsOpenedAt)))
    .orderBy(asc(liveGroup.position));
  const ids = groups.map((g) => g.id);
  const members = ids.length
    ? await tx
        .select({ userId: liveParticipant.userId, groupId: liveParticipant.groupId })
        .from(liveParticipant)
        .where(and(eq(liveParticipant.sessionId, s.id), eq(liveParticipant.removed, false), inArray(liveParticipant.groupId, ids)))
        .orderBy(asc(liveParticipant.firstJoinedAt), asc(liveParticipant.userId))
    : [];
  const view = (g: typeof liveGroup.$inferSelect): TLiveGroup => ({
    id: g.id,
    position: g.position,
    name: g.name,
    memberIds: members.filter((m) => m.groupId === g.id).map((m) => m.userId),
  });
  return { open: true, groups: groups.map(view) };
}

/**
 * The host or a co-host splits the participants who are in the room now (an open attendance interval;
 * not the host or co-hosts, who visit every group) round-robin into `groups` new groups. Opening again
 * makes a new split. Returns the new state and the groups it replaced (their sockets leave those rooms).
 */
export async function openBreakouts(opts: { db: Database; actor: TLiveActor; input: TBreakoutOpen }): Promise<{ breakout: TBreakoutState; replaced: string[] }> {
  const { actor, input } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, input.sessionId, "breakout.manage", { lock: true });
    const replaced = (await breakoutState(tx, session)).groups.map((g) => g.id);
    const present = await tx
      .select({ userId: liveParticipant.userId })
      .from(liveParticipant)
      .where(
        and(
          eq(liveParticipant.sessionId, session.id),
          eq(liveParticipant.role, "participant"),
          eq(liveParticipant.removed, false),
          exists(
            tx
              .select({ one: liveAttendance.id })
              .from(liveAttendance)
              .where(and(eq(liveAttendance.sessionId, session.id), eq(liveAttendance.userId, liveParticipant.userId), isNull(liveAttendance.leftAt))),
          ),
        ),
      )
      .orderBy(asc(liveParticipant.firstJoinedAt), asc(liveParticipant.userId));
    const openedAt = new Date();
    const groups = await tx
      .insert(liveGroup)
      .values(Array.from({ length: input.groups }, (_, i) => ({ tenantId: actor.tenantId, sessionId: session.id, position: i + 1, name: breakoutGroupName(i + 1), createdAt: openedAt })))
      .returning();
    groups.sort((a, b) => a.position - b.position);
    await tx.update(liveParticipant).set({ groupId: null }).where(eq(liveParticipant.sessionId, session.id));
    const split = splitRoundRobin(
      present.map((p) => p.userId),
      input.groups,
    );
    for (const [i, userIds] of split.entries()) {
      if (userIds.length === 0) continue;
      await tx
        .update(liveParticipant)
        .set({ groupId: groups[i]!.id })
        .where(and(eq(liveParticipant.sessionId, session.id), inArray(liveParticipant.userId, userIds)));
    }
    const [s] = await tx.update(liveSession).set({ breakoutsOpenedAt: openedAt }).where(eq(liveSession.id, session.id)).returning();
    return { breakout: await breakoutState(tx, s!), replaced };
  });
}

/** Calls everyone back to the room. Returns the groups that closed. Closing when closed is a no-op. */
export async function closeBreakouts(opts: { db: Database; actor: TLiveActor; sessionId: string }): Promise<{ breakout: TBreakoutState; closed: string[] }> {
  const { actor } = opts;
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const { session } = await requireParticipant(tx, actor, opts.sessionId, "breakout.manage", { lock: true });
    const closed = (await breakoutState(tx, session)).groups.map((g) => g.id);
    await tx.update(liveParticipant).set({ groupId: null }).where(eq(liveParticipant.sessionId, session.id));
    await tx.update(liveSession).set({ breakoutsOpenedAt: null }).where(eq(liveSession.id, session.id));
    return { breakout: { open: false, groups: [] }, closed };
  });
}
