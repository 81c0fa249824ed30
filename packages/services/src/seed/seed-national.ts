import { eq } from "drizzle-orm";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { nationalProject, user } from "@yanxiu/db/schema";
import type { TGrant } from "@yanxiu/domain/permissions";
import { allocateNationalQuota, createNationalProject, grantProjectStaff } from "../federation/national-projects.ts";
import { demoPassword, platformOperator, type TDemoAccount } from "./seed-demo.ts";
import { seedUser } from "./factories.ts";

export const demoNationalProjectName = "国培计划（2026）—中西部骨干教师示范性培训";
export const demoNationalStaff = { login: "nt_staff", displayName: "师范大学培训者" };

/**
 * A national project for `npm start` (the tests use the plain demo seed, whose message counts they assert): the
 * 项目办 in the platform tenant gives 湖南 and 四川 their seats, and an implementing university's staff account
 * serves its first class. The quota messages wait in the platform's outbox until the worker starts; its sweep
 * delivers them, and each province then finds the project under 培训项目, tagged 国家级, ready for nominations.
 * Made once (found by name on later runs).
 */
export async function seedDemoNational(owner: OwnerDatabase, opts: { name?: string; seats?: Record<string, number>; staffLogin?: string; platform?: { tenantId: string; operatorId: string } } = {}): Promise<TDemoAccount[]> {
  const name = opts.name ?? demoNationalProjectName;
  const seats = opts.seats ?? { hunan: 6, sichuan: 4 };
  const staffAccount = { ...demoNationalStaff, login: opts.staffLogin ?? demoNationalStaff.login };
  const platform = opts.platform ? { id: opts.platform.tenantId } : await owner.findTenant({ kind: "platform" });
  if (!platform) return [];
  const accounts: TDemoAccount[] = [{ tenantSlug: null, ...staffAccount, role: "trainer" }];
  const [existing] = await owner.withTenant(platform.id, (tx) => tx.select({ id: nationalProject.id }).from(nationalProject).where(eq(nationalProject.name, name)).limit(1));
  if (existing) return accounts;
  const [op] = opts.platform
    ? [{ id: opts.platform.operatorId }]
    : await owner.withTenant(platform.id, (tx) => tx.select({ id: user.id }).from(user).where(eq(user.login, platformOperator.login)).limit(1));
  if (!op) return [];
  const actor = { tenantId: platform.id, actorId: op.id, grants: [{ role: "platformOperator", orgUnitId: null, orgPath: null }] as TGrant[] };
  const { projectId } = await createNationalProject({
    db: owner,
    actor,
    input: {
      name,
      description: "由项目办统一组织、多所师范院校承办的国家级示范性培训：集中研修与跟岗实践结合，学员由各省推荐并经资质复审，结业学时计入学员所在省的学时账户。",
      category: "backbone",
      form: "blended",
      startsOn: "2026-07-01",
      endsOn: "2026-12-31",
      plannedHours: 120,
      creditCategory: "concentrated",
      // Seed 002: at least 30 days of concentrated study.
      requiredDays: 30,
    },
  });
  const provinces = (await owner.listTenants()).filter((t) => t.kind === "province");
  for (const p of provinces) {
    if (seats[p.slug]) await allocateNationalQuota({ db: owner, actor, input: { projectId, provinceTenantId: p.id, seats: seats[p.slug] } });
  }
  const staff = await seedUser(owner, platform.id, { ...staffAccount, password: demoPassword, roles: [{ role: "trainer" }] });
  await grantProjectStaff({ db: owner, actor, input: { projectId, userId: staff.id, classCode: "一班" } });
  return accounts;
}
