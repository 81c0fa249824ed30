import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TActor } from "@yanxiu/services/org";
import { seedFixtureCourse } from "@yanxiu/services/courses/test-fixtures";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "@yanxiu/services/factories";
import { testDatabase, testOwnerDatabase } from "@yanxiu/services/testing";
import type { TRole } from "@yanxiu/domain/roles";
import type { WebLoadContext } from "../app/load-context.ts";
import { action as editorAction, loader as editorLoader } from "../app/routes/trainer.courses.$courseId.tsx";
import { loader as reviewLoader } from "../app/routes/review.$courseId.tsx";
import { createWebServices } from "./services.ts";

/**
 * A course whose units add up to 3 学时 while it declares 总学时 4: the course editor warns its author
 * (before and after submitting for review, as submitting does not refuse it), and the reviewer sees the
 * same warning. The loaders and the editor's action run against real Postgres.
 */
const owner = testOwnerDatabase();
const db = testDatabase();
const authoring = createWebServices({ db, files: undefined as never, producer: undefined as never, redis: undefined as never, checkInSecret: "x".repeat(32), throttle: undefined as never, platformDb: undefined as never }).authoring;
afterAll(async () => {
  await db.close();
  await owner.close();
});

let tenantId: string;
let institutionId: string;
let trainer: TActor;
let reviewer: TActor;

async function actorWith(role: TRole): Promise<TActor> {
  const u = await seedUser(owner, tenantId, buildUser({ roles: [{ role }] }));
  return { tenantId, actorId: u.id, grants: [{ role, orgUnitId: null, orgPath: null }] };
}

beforeAll(async () => {
  tenantId = (await seedTenant(owner, buildTenant())).id;
  institutionId = (await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "发展中心", code: `CH${randomUUID().slice(0, 6)}` })).id;
  trainer = await actorWith("trainer");
  reviewer = await actorWith("reviewer");
});

const ctxFor = (a: TActor): WebLoadContext =>
  ({
    services: { authoring },
    tenant: { id: a.tenantId, slug: "x", name: "省", kind: "province", status: "active" },
    user: { id: a.actorId, grants: a.grants, roles: a.grants.map((g) => g.role), displayName: "培训者", primaryRole: a.grants[0]!.role },
    clientIp: "127.0.0.1",
  }) as unknown as WebLoadContext;

const editor = (a: TActor, courseId: string) =>
  editorLoader({ request: new Request(`http://x.localhost/trainer/courses/${courseId}`), context: ctxFor(a), params: { courseId } } as never) as ReturnType<typeof editorLoader>;
const review = (a: TActor, courseId: string) =>
  reviewLoader({ request: new Request(`http://x.localhost/review/${courseId}`), context: ctxFor(a), params: { courseId } } as never) as ReturnType<typeof reviewLoader>;
const submit = async (a: TActor, courseId: string) => {
  const r = await editorAction({
    request: new Request(`http://x.localhost/trainer/courses/${courseId}`, { method: "POST", body: new URLSearchParams({ intent: "submit" }) }),
    context: ctxFor(a),
    params: { courseId },
  } as never);
  return (r as unknown as { data: unknown }).data;
};

describe("a course's 总学时 against its units' 学时", () => {
  it("units adding up to 3 under a declared 4: the editor warns before and after submitting, and the reviewer sees it", async () => {
    const c = await seedFixtureCourse(db, tenantId, { ownerId: trainer.actorId, institutionId, kinds: ["video", "quiz", "discussion"], status: "draft", facts: { creditHours: "4" } });
    expect((await editor(trainer, c.courseId)).hoursMismatch).toEqual({ declared: 4, unitsTotal: 3 });
    // A warning, not a refusal: the author may still send it to review.
    expect(await submit(trainer, c.courseId)).toEqual({ ok: true, intent: "submit" });
    const after = await editor(trainer, c.courseId);
    expect(after.version.status).toBe("inReview");
    expect(after.hoursMismatch).toEqual({ declared: 4, unitsTotal: 3 });
    expect((await review(reviewer, c.courseId)).hoursMismatch).toEqual({ declared: 4, unitsTotal: 3 });
  });

  it("no warning when the units add up to the declared 总学时", async () => {
    const c = await seedFixtureCourse(db, tenantId, { ownerId: trainer.actorId, institutionId, kinds: ["video", "quiz", "discussion"], status: "draft", facts: { creditHours: "3" } });
    expect((await editor(trainer, c.courseId)).hoursMismatch).toBeNull();
  });
});
