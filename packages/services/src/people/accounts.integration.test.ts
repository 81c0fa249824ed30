import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import type { TGrant } from "@yanxiu/domain/permissions";
import { changePassword, signIn, validateSessionToken } from "../auth/index.ts";
import type { TActor } from "../org/scope.ts";
import { createLoginThrottle } from "../platform/redis.ts";
import { teacherProfile, teacherTransfer, user } from "@yanxiu/db/schema";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTeacher, seedTenant, seedUser } from "../seed/factories.ts";
import { testDatabase, testOwnerDatabase, testRedis } from "../testing.ts";
import { getTeacher, resetPassword, setAccountStatus, transferTeacher } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const throttle = createLoginThrottle(redis);
afterAll(async () => {
  redis.disconnect();
  await db.close();
  await owner.close();
});

let tenantId: string;
let countyA: TActor;
let inA: { userId: string; teacherNo: string };
let inB: { userId: string; teacherNo: string };
const codes = { A2: "", B1: "" };

const code = (p: Promise<unknown>) => p.then(() => "ok", (e: AppError) => e.code);
const signInAs = (login: string, password: string) => signIn({ db, throttle, tenantId, input: { login, password }, ip: `acc-${Math.random()}` });

beforeAll(async () => {
  const t = await seedTenant(owner, buildTenant());
  tenantId = t.id;
  const s = t.slug.slice(2, 8);
  const prov = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `AP${s}` });
  const a = await seedOrgUnit(owner, tenantId, { kind: "county", name: "甲", code: `AKA${s}`, parentId: prov.id });
  const b = await seedOrgUnit(owner, tenantId, { kind: "county", name: "乙", code: `AKB${s}`, parentId: prov.id });
  const a1 = await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲一", code: `AA1${s}`, parentId: a.id });
  codes.A2 = `AA2${s}`;
  codes.B1 = `AB1${s}`;
  await seedOrgUnit(owner, tenantId, { kind: "school", name: "甲二", code: codes.A2, parentId: a.id, attributes: { area: "rural" } });
  const b1 = await seedOrgUnit(owner, tenantId, { kind: "school", name: "乙一", code: codes.B1, parentId: b.id });
  const ta = buildTeacher();
  const tb = buildTeacher();
  inA = { userId: (await seedTeacher(owner, tenantId, a1.id, ta)).userId, teacherNo: ta.teacherNo };
  inB = { userId: (await seedTeacher(owner, tenantId, b1.id, tb)).userId, teacherNo: tb.teacherNo };
  const ca = await seedUser(owner, tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: a.id }] }));
  countyA = { tenantId, actorId: ca.id, grants: [{ role: "orgAdmin", orgUnitId: a.id, orgPath: a.path }] as TGrant[] };
});

describe("accounts", () => {
  it("an imported teacher cannot sign in until an admin sets a first password, which must then be changed", async () => {
    expect(await code(signInAs(inA.teacherNo, "anything"))).toBe("invalidCredentials");
    const { password } = await resetPassword({ db, actor: countyA, input: { userId: inA.userId } });
    const first = await signInAs(inA.teacherNo, password);
    const v = await validateSessionToken({ db, tenantId, token: first.token });
    expect(v?.user.mustChangePassword).toBe(true);
    const second = await signInAs(inA.teacherNo, password);
    await changePassword({ db, tenantId, userId: inA.userId, token: first.token, ip: "x", input: { current: password, next: "new-secret-1", confirm: "new-secret-1" } });
    expect((await validateSessionToken({ db, tenantId, token: first.token }))?.user.mustChangePassword).toBe(false);
    expect(await validateSessionToken({ db, tenantId, token: second.token })).toBeNull(); // other sessions end
    expect(await code(changePassword({ db, tenantId, userId: inA.userId, token: first.token, ip: "x", input: { current: "wrong", next: "x-12345678", confirm: "x-12345678" } }))).toBe("badRequest");
  });

  it("deactivation refuses the old session at once, and the account cannot sign in again", async () => {
    const { password } = await resetPassword({ db, actor: countyA, input: { userId: inA.userId } });
    const s = await signInAs(inA.teacherNo, password);
    expect(await validateSessionToken({ db, tenantId, token: s.token })).not.toBeNull();
    await setAccountStatus({ db, actor: countyA, input: { userId: inA.userId, status: "disabled" } });
    expect(await validateSessionToken({ db, tenantId, token: s.token })).toBeNull();
    expect(await code(signInAs(inA.teacherNo, password))).toBe("invalidCredentials");
    await setAccountStatus({ db, actor: countyA, input: { userId: inA.userId, status: "active" } });
    expect((await signInAs(inA.teacherNo, password)).token).toBeTruthy();
  });

  it("a county admin cannot see, reset, deactivate or transfer a teacher of another county: 404, nothing written", async () => {
    const [before] = await db.withTenant(tenantId, (tx) => tx.select().from(user).where(eq(user.id, inB.userId)));
    expect(await code(getTeacher({ db, actor: countyA, userId: inB.userId }))).toBe("notFound");
    expect(await code(resetPassword({ db, actor: countyA, input: { userId: inB.userId } }))).toBe("notFound");
    expect(await code(setAccountStatus({ db, actor: countyA, input: { userId: inB.userId, status: "disabled" } }))).toBe("notFound");
    expect(await code(transferTeacher({ db, actor: countyA, input: { userId: inB.userId, schoolCode: codes.A2 } }))).toBe("notFound");
    const [after] = await db.withTenant(tenantId, (tx) => tx.select().from(user).where(eq(user.id, inB.userId)));
    expect(after).toEqual(before);
  });

  it("a transfer keeps the person and records the move; a school outside the scope is refused", async () => {
    expect(await transferTeacher({ db, actor: countyA, input: { userId: inA.userId, schoolCode: codes.A2 } })).toEqual({ transferred: true });
    const [p] = await db.withTenant(tenantId, (tx) => tx.select().from(teacherProfile).where(eq(teacherProfile.userId, inA.userId)));
    expect(p?.rural).toBe(true);
    const moves = await db.withTenant(tenantId, (tx) => tx.select().from(teacherTransfer).where(eq(teacherTransfer.userId, inA.userId)));
    expect(moves.length).toBe(2);
    expect(await code(transferTeacher({ db, actor: countyA, input: { userId: inA.userId, schoolCode: codes.B1 } }))).toBe("badRequest");
    const t = await getTeacher({ db, actor: countyA, userId: inA.userId });
    expect(t.transfers.map((m) => m.toSchool)).toEqual(["甲一", "甲二"]);
  });
});

describe("staff accounts", () => {
  it("an admin creates a trainer in their scope who must change the temporary password; outside the scope is refused", async () => {
    const { listStaffAccounts, createStaffAccount } = await import("./index.ts");
    const unit = countyA.grants[0]!.orgUnitId!;
    const made = await createStaffAccount({ db, actor: countyA, input: { login: "Trainer_A", displayName: "培训者甲", role: "trainer", orgUnitId: unit } });
    const s = await signInAs("trainer_a", made.password);
    expect((await validateSessionToken({ db, tenantId, token: s.token }))?.user).toMatchObject({ primaryRole: "trainer", mustChangePassword: true });
    expect((await listStaffAccounts({ db, actor: countyA })).map((x) => x.login)).toContain("trainer_a");
    expect(await code(createStaffAccount({ db, actor: countyA, input: { login: "trainer_a", displayName: "重复", role: "trainer", orgUnitId: unit } }))).toBe("conflict");
    const other = (await getTeacher({ db, actor: { ...countyA, grants: [{ role: "provinceAdmin", orgUnitId: null, orgPath: null }] }, userId: inB.userId })).profile.schoolId;
    expect(await code(createStaffAccount({ db, actor: countyA, input: { login: "sneaky", displayName: "越权", role: "orgAdmin", orgUnitId: other } }))).toBe("badRequest");
    expect(await code(createStaffAccount({ db, actor: countyA, input: { login: "boss", displayName: "省管", role: "provinceAdmin", orgUnitId: unit } }))).toBe("badRequest");
  });
});

describe("profile editing", () => {
  it("an admin edits a teacher's profile in scope; bad input and a phone used by another teacher are refused", async () => {
    const { updateTeacherProfile } = await import("./index.ts");
    await updateTeacherProfile({ db, actor: countyA, input: { userId: inA.userId, name: "改名后", phone: "１３９ 1234 5678", email: "A@B.cn", title: "高级教师", stages: ["primary", "juniorSecondary"], subjects: "语文、数学" } });
    const t = await getTeacher({ db, actor: countyA, userId: inA.userId });
    expect(t.profile).toMatchObject({ name: "改名后", phone: "13912345678", email: "a@b.cn", title: "高级教师", stages: ["primary", "juniorSecondary"], subjects: ["语文", "数学"] });
    expect(t.user.displayName).toBe("改名后");
    expect(await code(updateTeacherProfile({ db, actor: countyA, input: { userId: inA.userId, name: "", phone: "123", email: "x", title: "", stages: [], subjects: "" } }))).toBe("badRequest");
    expect(await code(updateTeacherProfile({ db, actor: countyA, input: { userId: inB.userId, name: "越权", phone: "13900000000", email: "", title: "", stages: ["primary"], subjects: "" } }))).toBe("notFound");
  });
});
