import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCoTeachingWorld, type TCoTeachingPerson } from "@yanxiu/services/coteaching/testing";
import { testDatabase, testOwnerDatabase } from "@yanxiu/services/testing";
import type { TAssistantView, TLecturerView } from "@yanxiu/services/coteaching";
import type { WebLoadContext } from "../app/load-context.ts";
import { loader as newLoader } from "../app/routes/coteaching.new.tsx";
import { action as panelAction, loader as panelLoader } from "../app/routes/live.$sessionId_.coteaching.ts";
import { createWebServices } from "./services.ts";

/**
 * The 双师 routes against real Postgres: the panel's data per viewer (tiles for the lecturer, the
 * classroom for its assistant, nothing for others), the assistant's forms, and who may open the form;
 * another province gets 404 everywhere.
 */
const owner = testOwnerDatabase();
const db = testDatabase();
const coteaching = createWebServices({ db, redis: undefined as never, files: undefined as never, producer: undefined as never, checkInSecret: "x".repeat(32), throttle: undefined as never, platformDb: undefined as never }).coteaching;
let w: Awaited<ReturnType<typeof seedCoTeachingWorld>>;
let other: Awaited<ReturnType<typeof seedCoTeachingWorld>>;
let sessionId: string;
beforeAll(async () => {
  w = await seedCoTeachingWorld(owner, db);
  other = await seedCoTeachingWorld(owner, db);
  sessionId = (await w.newSession()).sessionId;
});
afterAll(async () => {
  await db.close();
  await owner.close();
});

const ctxFor = (p: TCoTeachingPerson, tenantId = w.tenantId): WebLoadContext =>
  ({
    services: { coteaching },
    tenant: { id: tenantId, slug: "x", name: "省", kind: "province", status: "active" },
    user: { id: p.id, displayName: p.displayName, primaryRole: "teacher", grants: [], roles: ["teacher"] },
    clientIp: "127.0.0.1",
  }) as unknown as WebLoadContext;
async function call<R>(f: () => Promise<R>): Promise<R | unknown> {
  try {
    return await f();
  } catch (e) {
    return e;
  }
}
const statusOf = (r: unknown) => (r instanceof Response ? r.status : ((r as { init?: { status?: number } })?.init?.status ?? 200));
const panel = (p: TCoTeachingPerson, id = sessionId, tenantId = w.tenantId) =>
  call(() => panelLoader({ request: new Request(`http://x.localhost/live/${id}/coteaching`), context: ctxFor(p, tenantId), params: { sessionId: id } } as never));
const post = (p: TCoTeachingPerson, form: Record<string, string>) =>
  call(() =>
    panelAction({
      request: new Request(`http://x.localhost/live/${sessionId}/coteaching`, { method: "POST", body: new URLSearchParams(form), headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      context: ctxFor(p),
      params: { sessionId },
    } as never),
  );

describe("双师 routes", () => {
  it("the panel: tiles for the lecturer, the classroom for its assistant, nothing for an outsider; another province 404s", async () => {
    const lect = (await panel(w.people.lecturer)) as { view: TLecturerView };
    expect(lect.view.role).toBe("lecturer");
    expect(lect.view.tiles.tiles.map((t) => t.className)).toEqual(["1班", "复式班", "2班"]);
    const asA = (await panel(w.people.assistantA)) as { view: TAssistantView };
    expect(asA.view).toMatchObject({ role: "assistant", classroom: { className: "1班", headcount: 40 }, poll: null, sheet: null });
    expect(((await panel(w.people.outsider)) as { view: unknown }).view).toBeNull();
    // Another province's lecturer, with their own tenant: the session does not exist there.
    expect(((await panel(other.people.lecturer, sessionId, other.tenantId)) as { view: unknown }).view).toBeNull();
  });

  it("the assistant's sheet is saved for their classroom only; too many present is refused with the reason", async () => {
    const asA = (await panel(w.people.assistantA)) as { view: TAssistantView };
    const classroomId = asA.view.classroom.id;
    const tooMany = (await post(w.people.assistantA, { intent: "classAttendance", classroomId, mode: "count", presentCount: "41" })) as { data: { ok: boolean; fieldErrors: Record<string, string[]> } };
    expect(statusOf(tooMany)).toBe(400);
    expect(Object.values(tooMany.data.fieldErrors).flat().join()).toContain("40");
    expect(statusOf(await post(w.people.assistantB, { intent: "classAttendance", classroomId, mode: "count", presentCount: "10" }))).toBe(403);
    expect(statusOf(await post(w.people.assistantA, { intent: "classAttendance", classroomId, mode: "count", presentCount: "38" }))).toBe(200);
    const lect = (await panel(w.people.lecturer)) as { view: TLecturerView };
    expect(lect.view.tiles.tiles.find((t) => t.id === classroomId)?.presentCount).toBe(38);
    expect(statusOf(await post(w.people.assistantA, { intent: "nonsense" }))).toBe(400);
  });

  it("the form opens for a master teacher with the province's schools and is refused to a teacher", async () => {
    const page = (await call(() => newLoader({ request: new Request("http://x.localhost/coteaching/new"), context: ctxFor(w.people.lecturer), params: {} } as never))) as { schools: { id: string }[] };
    expect(page.schools.map((s) => s.id)).toEqual(expect.arrayContaining([w.units.townSchool.id, w.units.ruralSchool.id, w.units.farSchool.id]));
    expect(page.schools.map((s) => s.id)).not.toContain(other.units.townSchool.id);
    expect(statusOf(await call(() => newLoader({ request: new Request("http://x.localhost/coteaching/new"), context: ctxFor(w.people.outsider), params: {} } as never)))).toBe(403);
  });
});
