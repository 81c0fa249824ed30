import type { TRole } from "@yanxiu/domain/roles";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { creditSchemeVersion } from "@yanxiu/db/schema";
import { seedDemoFixedPointClaim } from "./seed-fixed-points.ts";
import type { TCreditScheme } from "@yanxiu/domain/credit-scheme";
import { creditSchemePresets } from "@yanxiu/domain/credit-scheme-presets";
import type { TSchemePresetKey } from "@yanxiu/domain/credit-scheme-form";
import { seedDemoCourse } from "./seed-courses.ts";
import { seedDemoStudio } from "./seed-studios.ts";
import { seedDemoOpenProject, seedDemoProject, seedDemoTwoRoundProject } from "./seed-projects.ts";
import { attachTeacherProfile, seedOrgUnit, seedTeacher, seedTenant, seedUser, type TOrgUnitKind } from "./factories.ts";
import type { FileStore } from "../platform/files.ts";

/** One password for every demo account; printed by the start command. Never used outside demo data. */
export const demoPassword = "Yanxiu@2026";

type DemoOrg = { key: string; kind: TOrgUnitKind; name: string; code: string; parent?: string; attributes?: Record<string, unknown> };
type DemoUser = { login: string; displayName: string; role: TRole; org: string; teacherNo?: string };
export type DemoProvince = { slug: string; name: string; code: string; prefix: string; orgs: DemoOrg[]; users: DemoUser[]; more: [string, string][] };

function province(p: {
  slug: string;
  name: string;
  code: string;
  prefix: string;
  cities: [string, string][];
  county: [string, string];
  county2: [string, string];
  schools: [string, string, "urban" | "rural"][];
  school3: [string, string];
  people: [string, string, string, string, string, string, string];
  /** Teachers without demo accounts, to fill the lists: [name, school key]. */
  more: [string, string][];
}): DemoProvince {
  const [city1, city2] = p.cities;
  const orgs: DemoOrg[] = [
    { key: "root", kind: "province", name: p.name, code: `${p.code}0000` },
    { key: "center", kind: "developmentCenter", name: `${p.name}教师发展中心`, code: `${p.code}0000-DC`, parent: "root" },
    { key: "city1", kind: "city", name: city1![0], code: city1![1], parent: "root" },
    { key: "city2", kind: "city", name: city2![0], code: city2![1], parent: "root" },
    { key: "county", kind: "county", name: p.county[0], code: p.county[1], parent: "city1" },
    { key: "county2", kind: "county", name: p.county2[0], code: p.county2[1], parent: "city1" },
    { key: "school3", kind: "school", name: p.school3[0], code: p.school3[1], parent: "county2", attributes: { stages: ["primary"], area: "urban" } },
    ...p.schools.map(([name, code, area], i) => ({
      key: `school${i + 1}`,
      kind: "school" as const,
      name,
      code,
      parent: "county",
      attributes: { stages: i === 0 ? ["juniorSecondary", "seniorSecondary"] : ["primary"], area },
    })),
  ];
  const [admin, trainer, master, t1, t2, t3, countyAdmin] = p.people;
  const code = p.code.toUpperCase();
  const users: DemoUser[] = [
    { login: `${p.prefix}_admin`, displayName: admin, role: "provinceAdmin", org: "root" },
    { login: `${p.prefix}_county`, displayName: countyAdmin, role: "orgAdmin", org: "county" },
    { login: `${p.prefix}_trainer`, displayName: trainer, role: "trainer", org: "center" },
    { login: `${p.prefix}_reviewer`, displayName: "课程审核组", role: "reviewer", org: "root" },
    { login: `${p.prefix}_mingshi`, displayName: master, role: "masterTeacher", org: "school1" },
    { login: `${p.prefix}_teacher1`, displayName: t1, role: "teacher", org: "school1", teacherNo: `${code}T0001` },
    { login: `${p.prefix}_teacher2`, displayName: t2, role: "teacher", org: "school1", teacherNo: `${code}T0002` },
    { login: `${p.prefix}_teacher3`, displayName: t3, role: "teacher", org: "school2", teacherNo: `${code}T0003` },
  ];
  return { slug: p.slug, name: p.name, code: p.code, prefix: p.prefix, orgs, users, more: p.more };
}

export const demoProvinces: DemoProvince[] = [
  province({
    slug: "hunan",
    name: "湖南省",
    code: "43",
    prefix: "hn",
    cities: [["长沙市", "430100"], ["株洲市", "430200"]],
    county: ["岳麓区", "430104"],
    county2: ["天心区", "430103"],
    schools: [["长沙市岳麓区第一中学", "4301040001", "urban"], ["岳麓区莲花镇中心小学", "4301040002", "rural"]],
    school3: ["天心区青园小学", "4301030001"],
    people: ["刘建国", "周敏", "谭晓红", "王芳", "李明", "张伟", "彭立新"],
    more: [["陈雪", "school1"], ["胡文斌", "school1"], ["邓丽君", "school2"], ["曾志远", "school2"], ["贺晓燕", "school3"], ["罗嘉", "school3"]],
  }),
  province({
    slug: "sichuan",
    name: "四川省",
    code: "51",
    prefix: "sc",
    cities: [["成都市", "510100"], ["绵阳市", "510700"]],
    county: ["武侯区", "510107"],
    county2: ["锦江区", "510104"],
    schools: [["成都市武侯区实验中学", "5101070001", "urban"], ["武侯区簇桥乡小学", "5101070002", "rural"]],
    school3: ["锦江区盐道街小学", "5101040001"],
    people: ["陈志强", "杨丽", "罗德华", "赵静", "黄磊", "吴霞", "钟国庆"],
    more: [["蒋欣", "school1"], ["廖明", "school2"], ["唐诗雨", "school3"]],
  }),
];

export const platformOperator = { login: "operator", displayName: "平台运营员" };

export type TDemoAccount = { tenantSlug: string | null; login: string; displayName: string; role: TRole };

/**
 * Writes the demo data. Running it again changes nothing but resetting demo passwords. With the platform's
 * file store, the demo's uploaded evidence gets real files too (else those files are rows only).
 */
export async function seedDemo(owner: OwnerDatabase, opts: { files?: FileStore } = {}): Promise<TDemoAccount[]> {
  const accounts: TDemoAccount[] = [];
  const platform = await seedTenant(owner, { slug: "platform", name: "研修平台", code: "00", kind: "platform" });
  await seedUser(owner, platform.id, { ...platformOperator, password: demoPassword, roles: [{ role: "platformOperator" }] });
  accounts.push({ tenantSlug: null, ...platformOperator, role: "platformOperator" });

  for (const p of demoProvinces) accounts.push(...(await seedDemoProvince(owner, p, opts.files)));
  return accounts;
}

/**
 * The demo provinces' credit schemes (issue 17, decision 025): 湖南 counts in 学时 (the 山东 preset), 四川 in 学分
 * (the 陕西 preset); the third preset (北京) is loadable from the scheme page (从模板载入).
 */
export const demoSchemes: Record<string, TSchemePresetKey> = { hunan: "shandong", sichuan: "shaanxi" };

/** A published scheme version, as version 1 of the tenant (left alone when the tenant has any version). */
export async function seedSchemeVersion(owner: OwnerDatabase, tenantId: string, scheme: TCreditScheme) {
  await owner.withTenant(tenantId, async (tx) => {
    const [existing] = await tx.select({ id: creditSchemeVersion.id }).from(creditSchemeVersion).limit(1);
    if (existing) return;
    await tx.insert(creditSchemeVersion).values({ tenantId, version: scheme.version, status: "published", effectiveFrom: scheme.effectiveFrom, scheme, template: null, publishedAt: new Date() });
  });
}

/** One demo province: its tenant, org tree, accounts, course, studio and teachers. */
export async function seedDemoProvince(owner: OwnerDatabase, p: DemoProvince, files?: FileStore): Promise<TDemoAccount[]> {
  const accounts: TDemoAccount[] = [];
  const t = await seedTenant(owner, { slug: p.slug, name: p.name, code: p.code });
  const preset = demoSchemes[p.slug];
  if (preset) await seedSchemeVersion(owner, t.id, creditSchemePresets[preset]);
  const ids = new Map<string, string>();
  const paths = new Map<string, string>();
  let trainerId: string | undefined;
  const userIds = new Map<string, string>();
  for (const o of p.orgs) {
    const row = await seedOrgUnit(owner, t.id, {
      kind: o.kind,
      name: o.name,
      code: o.code,
      parentId: o.parent ? ids.get(o.parent) : null,
      attributes: o.attributes,
    });
    ids.set(o.key, row.id);
    paths.set(o.key, row.path);
  }
  for (const u of p.users) {
    const row = await seedUser(owner, t.id, {
      login: u.login,
      displayName: u.displayName,
      password: demoPassword,
      roles: [{ role: u.role, orgUnitId: ids.get(u.org) }],
    });
    if (u.teacherNo) {
      await attachTeacherProfile(owner, t.id, row.id, ids.get(u.org)!, {
        teacherNo: u.teacherNo, name: u.displayName, gender: "female", phone: `1380000${u.teacherNo.slice(-4)}`,
        email: null, stages: ["juniorSecondary"], subjects: ["语文"], title: "一级教师", backboneLevel: null,
      });
    }
    if (u.role === "trainer") trainerId = row.id;
    userIds.set(u.login, row.id);
    accounts.push({ tenantSlug: p.slug, login: u.login, displayName: u.displayName, role: u.role });
  }
  await seedDemoCourse(owner, t.id, { ownerId: trainerId!, institutionId: ids.get("center")! });
  await seedDemoStudio(owner, t.id, { hostId: userIds.get(`${p.prefix}_mingshi`)!, memberId: userIds.get(`${p.prefix}_teacher1`)!, orgUnitId: ids.get("school1")! });
  const unit = (key: string) => ({ id: ids.get(key)!, path: paths.get(key)! });
  await seedDemoProject(owner, t.id, {
    adminId: userIds.get(`${p.prefix}_admin`)!,
    countyAdminId: userIds.get(`${p.prefix}_county`)!,
    units: { province: unit("root"), city: ids.get("city1")!, county: unit("county"), school: ids.get("school1")! },
    teacherId: userIds.get(`${p.prefix}_teacher1`)!,
  });
  await seedDemoOpenProject(owner, t.id, { adminId: userIds.get(`${p.prefix}_admin`)!, province: unit("root") });
  await seedDemoTwoRoundProject(owner, t.id, { adminId: userIds.get(`${p.prefix}_admin`)!, province: unit("root") });
  if (preset) await seedDemoFixedPointClaim(owner, t.id, { id: userIds.get(`${p.prefix}_teacher1`)!, schoolId: ids.get("school1")! }, files);
  for (const [i, [name, school]] of p.more.entries()) {
    const n = String(i + 100).padStart(4, "0");
    await seedTeacher(owner, t.id, ids.get(school)!, {
      teacherNo: `${p.code}T${n}`, name, gender: i % 2 ? "male" : "female", phone: `1390000${n}`, email: null,
      stages: ["primary"], subjects: [i % 2 ? "数学" : "英语"], title: i % 3 ? "二级教师" : "高级教师", backboneLevel: i === 0 ? "county" : null,
    });
  }
  return accounts;
}
