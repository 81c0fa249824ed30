import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { listStudios } from "../studios/studios.ts";
import { studioPage } from "../studios/page.ts";

export type TStudioActivityItem = { studioId: string; studioName: string; activityId: string; title: string; kind: string; date: string };
export type TStudioDesk = { studioId: string; name: string; myRole: "host" | "coHost" | "member" | null; memberCount: number; pendingApplications: number };

/**
 * The actor's studios (active membership) with their plans' activities from `today` on, soonest first,
 * and, for the ones the actor runs, the applications waiting for a decision. Built on the studio pages'
 * own reads (listStudios, studioPage), so membership rules stay theirs.
 */
export async function studioAgenda(opts: { db: Database; actor: TActor; today: string; limit: number }) {
  const mine = await listStudios({ db: opts.db, actor: opts.actor, query: { mine: true, size: 20 } });
  const studios: TStudioDesk[] = [];
  const activities: TStudioActivityItem[] = [];
  for (const s of mine.items) {
    const page = await studioPage({ db: opts.db, actor: opts.actor, query: { studioId: s.id, tab: "plan" } });
    studios.push({ studioId: s.id, name: s.name, myRole: s.myRole, memberCount: s.memberCount, pendingApplications: page.studio.pendingCount });
    for (const a of page.plan ?? []) {
      if (a.date >= opts.today) activities.push({ studioId: s.id, studioName: s.name, activityId: a.id, title: a.title, kind: a.kind, date: a.date });
    }
  }
  activities.sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
  return { studios, activities: activities.slice(0, opts.limit) };
}
