import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLiveWorld, type TLivePerson } from "@yanxiu/services/live/testing";
import { testDatabase, testOwnerDatabase, testRedis } from "@yanxiu/services/testing";
import type { WebLoadContext } from "../app/load-context.ts";
import { loader as layoutLoader } from "../app/routes/studios.$studioId.tsx";
import { loader as overviewLoader } from "../app/routes/studios.$studioId._index.tsx";
import { action as boardAction, loader as boardLoader } from "../app/routes/studios.$studioId.board.tsx";
import { loader as libraryLoader } from "../app/routes/studios.$studioId.library.tsx";
import { loader as membersLoader } from "../app/routes/studios.$studioId.members.tsx";
import { loader as outputsLoader } from "../app/routes/studios.$studioId.outputs.tsx";
import { action as planAction, loader as planLoader } from "../app/routes/studios.$studioId.plan.tsx";
import { createWebServices } from "./services.ts";

/**
 * The studio's tab routes, each loading only its own data, against real Postgres: the same access as the
 * one-page studio had (members-only tabs closed to anyone else in the province, another province's studio a
 * 404), and the old `?tab=` addresses going on to the tab's route.
 */
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const services = createWebServices({ db, redis, files: undefined as never, producer: undefined as never, checkInSecret: "x".repeat(32), throttle: undefined as never, platformDb: undefined as never });
let w: Awaited<ReturnType<typeof seedLiveWorld>>;
let other: Awaited<ReturnType<typeof seedLiveWorld>>;
beforeAll(async () => {
  w = await seedLiveWorld(owner, db);
  other = await seedLiveWorld(owner, db);
  await services.studios.saveActivity({ actor: { ...w.people.host.actor, grants: [] }, input: { studioId: w.studioId, kind: "lessonPlanning", title: "集体备课", date: "2026-10-01" } });
});
afterAll(async () => {
  await db.close();
  await owner.close();
  redis.disconnect();
});

const ctxFor = (p: TLivePerson): WebLoadContext =>
  ({
    services,
    tenant: { id: p.actor.tenantId, slug: "x", name: "省", kind: "province", status: "active" },
    user: { id: p.id, displayName: p.displayName, primaryRole: "teacher", grants: [], roles: ["teacher"] },
    clientIp: "127.0.0.1",
    realtimePort: 0,
    iceServers: [],
  }) as unknown as WebLoadContext;

async function call<R>(f: () => Promise<R>): Promise<R | unknown> {
  try {
    return await f();
  } catch (e) {
    return e;
  }
}
const statusOf = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } })?.init?.status ?? 200));
const get = (path: string) => new Request(`http://x.localhost${path}`);
const post = (path: string, form: Record<string, string>) =>
  new Request(`http://x.localhost${path}`, { method: "POST", body: new URLSearchParams(form), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
const args = (p: TLivePerson, path: string, studioId: string = w.studioId) => ({ request: get(path), context: ctxFor(p), params: { studioId } }) as never;

const tabLoaders: Record<string, (a: never) => Promise<unknown>> = { overview: overviewLoader, plan: planLoader, library: libraryLoader, board: boardLoader, outputs: outputsLoader, members: membersLoader };

describe("the studio's tab routes", () => {
  it("every tab's own loader refuses another province's studio with 404, as the layout does", async () => {
    const path = `/studios/${w.studioId}`;
    expect(statusOf(await call(() => layoutLoader(args(other.people.host, path))))).toBe(404);
    for (const [tab, loader] of Object.entries(tabLoaders)) {
      expect(statusOf(await call(() => loader(args(other.people.host, `${path}/${tab}`)))), tab).toBe(404);
    }
    // A studio id that is no id is a bad request, as before.
    expect(statusOf(await call(() => planLoader(args(w.people.memberA, "/studios/x/plan", "x"))))).toBe(400);
  });

  it("a non-member of the province sees the members-only tabs closed and only what the library shares; a member reads them", async () => {
    const path = (tab: string) => `/studios/${w.studioId}/${tab}`;
    const outsider = w.people.outsider;
    expect((await planLoader(args(outsider, path("plan")))).plan).toBeNull();
    expect((await planLoader(args(outsider, path("plan")))).sessions).toBeNull();
    expect(await boardLoader(args(outsider, path("board")))).toEqual({ board: null, thread: null });
    expect((await outputsLoader(args(outsider, path("outputs")))).outputs).toBeNull();
    expect((await membersLoader(args(outsider, path("members")))).members).toBeNull();
    expect((await libraryLoader(args(outsider, path("library")))).library.membersOnlyHidden).toBe(true);
    expect((await overviewLoader(args(outsider, `/studios/${w.studioId}`))).sessions).toBeNull();

    const member = w.people.memberA;
    expect((await planLoader(args(member, path("plan")))).plan?.map((a) => a.title)).toEqual(["集体备课"]);
    expect((await membersLoader(args(member, path("members")))).members?.active.map((m) => m.name)).toContain("成员甲");
    expect((await boardLoader(args(member, path("board")))).board?.items).toEqual([]);
    expect((await libraryLoader(args(member, path("library")))).library.membersOnlyHidden).toBe(false);
  });

  it("/studios/<id>?tab=plan goes on to /studios/<id>/plan with its other parameters; an unknown tab is a bad request", async () => {
    const base = `/studios/${w.studioId}`;
    for (const [from, to] of [
      [`${base}?tab=plan`, `${base}/plan`],
      [`${base}?tab=library&tag=%E6%9C%97%E8%AF%BB&cases=1`, `${base}/library?tag=%E6%9C%97%E8%AF%BB&cases=1`],
      [`${base}?after=abc&tab=board`, `${base}/board?after=abc`],
      [`${base}?tab=overview`, base],
      [`${base}?tab=`, base],
    ] as const) {
      const res = (await call(() => overviewLoader(args(w.people.memberA, from)))) as Response;
      expect(res.status, from).toBe(302);
      expect(res.headers.get("Location"), from).toBe(to);
    }
    expect(statusOf(await call(() => overviewLoader(args(w.people.memberA, `${base}?tab=nope`))))).toBe(400);
  });

  it("a tab's action answers its own intents only", async () => {
    const host = w.people.host;
    const postTo = (tab: string, form: Record<string, string>) => ({ request: post(`/studios/${w.studioId}/${tab}`, form), context: ctxFor(host), params: { studioId: w.studioId } }) as never;
    expect(statusOf(await call(() => planAction(postTo("plan", { intent: "post", title: "题目", body: "内容" }))))).toBe(400);
    const posted = (await boardAction(postTo("board", { intent: "post", title: "题目", body: "内容" }))) as { data: { ok: boolean; intent: string } };
    expect(posted.data).toMatchObject({ ok: true, intent: "post" });
  });
});
