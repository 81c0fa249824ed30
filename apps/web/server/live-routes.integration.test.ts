import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endLiveSession, joinLiveSession, startLiveSession } from "@yanxiu/services/live";
import { seedLiveWorld, type TLivePerson } from "@yanxiu/services/live/testing";
import { testDatabase, testOwnerDatabase, testRedis } from "@yanxiu/services/testing";
import type { WebLoadContext } from "../app/load-context.ts";
import { loader as attendanceLoader } from "../app/routes/live.$sessionId_.attendance[.xlsx].ts";
import { action as liveAction, loader as liveLoader } from "../app/routes/live.$sessionId.tsx";
import { loader as myLiveLoader } from "../app/routes/my.live.tsx";
import { loader as courseLiveLoader } from "../app/routes/teach.$courseId.live.tsx";
import { createWebServices } from "./services.ts";

/**
 * The live routes added around the room, against real Postgres (and Redis for the removal a revoked
 * invitation publishes): who gets the attendance sheet, the course's 直播 tab, 我的直播 and the guest
 * list; everyone else and every other province gets 404.
 */
const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const live = createWebServices({ db, redis, files: undefined as never, producer: undefined as never, checkInSecret: "x".repeat(32), throttle: undefined as never, platformDb: undefined as never }).live;
let w: Awaited<ReturnType<typeof seedLiveWorld>>;
let other: Awaited<ReturnType<typeof seedLiveWorld>>;
let ended: string;
beforeAll(async () => {
  w = await seedLiveWorld(owner, db);
  other = await seedLiveWorld(owner, db);
  const s = await w.newStudioSession("导出考勤");
  ended = s.id;
  await joinLiveSession({ db, actor: w.people.host.actor, sessionId: ended });
  await startLiveSession({ db, actor: w.people.host.actor, sessionId: ended });
  await joinLiveSession({ db, actor: w.people.memberA.actor, sessionId: ended });
  await endLiveSession({ db, actor: w.people.host.actor, sessionId: ended });
});
afterAll(async () => {
  await db.close();
  await owner.close();
  redis.disconnect();
});

const ctxFor = (p: TLivePerson): WebLoadContext =>
  ({
    services: { live },
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

describe("live routes around the room", () => {
  it("attendance.xlsx: the host gets a spreadsheet; a member, an outsider and another province get 404", async () => {
    const args = (p: TLivePerson) => ({ request: get(`/live/${ended}/attendance.xlsx`), context: ctxFor(p), params: { sessionId: ended } }) as never;
    const res = (await attendanceLoader(args(w.people.host))) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("spreadsheetml");
    expect(decodeURIComponent(res.headers.get("Content-Disposition") ?? "")).toContain("导出考勤-考勤.xlsx");
    // A zip (the sheet's rows are checked in packages/services' attendance-export test).
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    expect(bytes.length).toBeGreaterThan(1000);
    for (const p of [w.people.memberA, w.people.outsider, other.people.host]) expect(statusOf(await call(() => attendanceLoader(args(p))))).toBe(404);
  });

  it("/teach/:courseId/live lists the course's 直播 units for its owner; another province's trainer gets 404", async () => {
    const args = (p: TLivePerson) => ({ request: get(`/teach/${w.course.courseId}/live`), context: ctxFor(p), params: { courseId: w.course.courseId } }) as never;
    const page = (await courseLiveLoader(args(w.people.trainer))) as Awaited<ReturnType<typeof courseLiveLoader>>;
    expect(page.units.map((u) => u.id)).toEqual([w.course.unitIds[0]]);
    expect(statusOf(await call(() => courseLiveLoader(args(other.people.trainer))))).toBe(404);
  });

  it("the guest list: the host invites and revokes from the room page; a member posting the same gets 404; the guest finds it under /my/live", async () => {
    const s = await w.newStudioSession("邀请嘉宾");
    const act = (p: TLivePerson, form: Record<string, string>) => call(() => liveAction({ request: post(`/live/${s.id}`, form), context: ctxFor(p), params: { sessionId: s.id } } as never));
    expect(statusOf(await act(w.people.memberA, { intent: "invite", login: w.people.outsider.login }))).toBe(404);
    expect(statusOf(await act(other.people.host, { intent: "invite", login: w.people.outsider.login }))).toBe(404);
    expect(statusOf(await act(w.people.host, { intent: "invite", login: w.people.outsider.login }))).toBe(200);

    const page = (await liveLoader({ request: get(`/live/${s.id}`), context: ctxFor(w.people.host), params: { sessionId: s.id } } as never)) as Awaited<ReturnType<typeof liveLoader>>;
    expect(page.page.invites?.map((i) => i.userId)).toEqual([w.people.outsider.id]);
    const mine = (await myLiveLoader({ request: get("/my/live"), context: ctxFor(w.people.outsider), params: {} } as never)) as Awaited<ReturnType<typeof myLiveLoader>>;
    expect(mine.sessions.map((x) => [x.id, x.via])).toEqual([[s.id, "invite"]]);

    expect(statusOf(await act(w.people.host, { intent: "revokeInvite", userId: w.people.outsider.id }))).toBe(200);
    expect(statusOf(await call(() => liveLoader({ request: get(`/live/${s.id}`), context: ctxFor(w.people.outsider), params: { sessionId: s.id } } as never)))).toBe(404);
    expect(statusOf(await act(w.people.host, { intent: "nonsense" }))).toBe(400);
  });
});
