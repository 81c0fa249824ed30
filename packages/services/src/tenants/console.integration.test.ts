import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import { signIn, validateSessionToken } from "../auth/index.ts";
import { createLoginThrottle } from "../platform/redis.ts";
import { buildUser, seedTenant, seedUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase, testPlatformDatabase, testRedis, testUrls } from "../testing.ts";
import { createProvinceTenant, listTenantStats, setTenantStatus, type TPlatformActor } from "./console.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const platformDb = testPlatformDatabase();
const redis = testRedis();
const throttle = createLoginThrottle(redis);
afterAll(async () => {
  redis.disconnect();
  await db.close();
  await platformDb.close();
  await owner.close();
});

let operator: TPlatformActor;
const code = (p: Promise<unknown>) => p.then(() => "ok", (e: AppError) => e.code);

beforeAll(async () => {
  // The one platform tenant may already exist (another test file's demo seed); reuse it.
  const platform = (await db.findTenant({ kind: "platform" })) ?? (await seedTenant(owner, { slug: "platform", name: "研修平台", code: "00", kind: "platform" }));
  const op = await seedUser(owner, platform.id, buildUser({ roles: [{ role: "platformOperator" }] }));
  operator = { tenantId: platform.id, actorId: op.id, grants: [{ role: "platformOperator", orgUnitId: null, orgPath: null }] };
});

describe("platform console", () => {
  const slug = `p-${randomUUID().slice(0, 8)}`;
  let tenantId = "";
  let password = "";

  it("the operator opens a province with its first admin, who signs in with the temporary password", async () => {
    const r = await createProvinceTenant({ db, platformDb, actor: operator, input: { slug, name: "测试省", code: "62", adminLogin: "First_Admin", adminName: "首位管理员" } });
    tenantId = r.tenantId;
    password = r.password;
    const s = await signIn({ db, throttle, tenantId, input: { login: "first_admin", password }, ip: `p-${Math.random()}` });
    const v = await validateSessionToken({ db, tenantId, token: s.token });
    expect(v?.user).toMatchObject({ primaryRole: "provinceAdmin", mustChangePassword: true });
    expect(v?.user.grants[0]?.orgPath).toMatch(/^\/[0-9a-f-]{36}\/$/);
    const stats = await listTenantStats({ db, actor: operator });
    expect(stats.find((t) => t.id === tenantId)).toMatchObject({ slug, status: "active", orgUnits: 1, teachers: 0, activeUsers: 1 });
  });

  it("a taken slug is a conflict, and bad input is refused with field reasons", async () => {
    expect(await code(createProvinceTenant({ db, platformDb, actor: operator, input: { slug, name: "重复", code: "62", adminLogin: "a", adminName: "a" } }))).toBe("conflict");
    expect(await code(createProvinceTenant({ db, platformDb, actor: operator, input: { slug: "platform", name: "x", code: "6", adminLogin: "", adminName: "" } }))).toBe("badRequest");
  });

  it("suspending ends every session and refuses sign-in; reactivating lets people back in", async () => {
    const s = await signIn({ db, throttle, tenantId, input: { login: "first_admin", password }, ip: `p-${Math.random()}` });
    await setTenantStatus({ db, platformDb, actor: operator, input: { tenantId, status: "suspended" } });
    expect(await validateSessionToken({ db, tenantId, token: s.token })).toBeNull();
    expect(await code(signIn({ db, throttle, tenantId, input: { login: "first_admin", password }, ip: `p-${Math.random()}` }))).toBe("tenantSuspended");
    await setTenantStatus({ db, platformDb, actor: operator, input: { tenantId, status: "active" } });
    expect(await code(signIn({ db, throttle, tenantId, input: { login: "first_admin", password }, ip: `p-${Math.random()}` }))).toBe("ok");
  });

  it("nobody but a platform operator on the platform host can use the console", async () => {
    const provinceAdmin: TPlatformActor = { tenantId, actorId: randomUUID(), grants: [{ role: "provinceAdmin", orgUnitId: null, orgPath: null }] };
    expect(await code(listTenantStats({ db, actor: provinceAdmin }))).toBe("notFound");
    // A platformOperator grant claimed inside a province tenant does not count either.
    const forged: TPlatformActor = { tenantId, actorId: randomUUID(), grants: [{ role: "platformOperator", orgUnitId: null, orgPath: null }] };
    expect(await code(setTenantStatus({ db, platformDb, actor: forged, input: { tenantId, status: "suspended" } }))).toBe("notFound");
  });

  it("the platform tenant itself is not touchable, even through the platform role", async () => {
    expect(await platformDb.setTenantStatus(operator.tenantId, "suspended")).toBe(false);
  });

  it("the app role may not run the platform functions, and the platform role may do nothing else", async () => {
    const asApp = postgres(testUrls.database, { max: 1, onnotice: () => {} });
    const asPlatform = postgres(testUrls.platformDatabase, { max: 1, onnotice: () => {} });
    try {
      await expect(asApp`select platform_set_tenant_status(${tenantId}::uuid, 'suspended')`).rejects.toThrow(/permission denied/);
      await expect(asApp`select platform_create_tenant('evil', 'x', '99')`).rejects.toThrow(/permission denied/);
      await expect(asPlatform`select slug from tenant`).rejects.toThrow(/permission denied/);
      await expect(asPlatform`update tenant set status = 'suspended'`).rejects.toThrow(/permission denied/);
      await expect(asPlatform`select count(*) from "user"`).rejects.toThrow(/permission denied/);
    } finally {
      await Promise.all([asApp.end(), asPlatform.end()]);
    }
    expect((await db.findTenant({ id: tenantId }))?.status).toBe("active");
  });
});
