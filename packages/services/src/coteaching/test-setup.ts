import type { Database, OwnerDatabase } from "@yanxiu/db/client";
import type { TLiveActor } from "../live/access.ts";
import { buildTeacher, buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser, attachTeacherProfile } from "../seed/factories.ts";
import { createCoTeachingSession } from "./create-coteaching-session.ts";

/**
 * A province for the co-teaching tests (integration tests only, here and in apps): a county with two
 * schools (one rural) and a school in another county; a master teacher (the lecturer), a trainer, a county
 * admin, three assistant teachers (one with a 教师编号), a disabled teacher and an outsider teacher.
 */
export type TCoTeachingPerson = { id: string; login: string; password: string; displayName: string; actor: TLiveActor };

export async function seedCoTeachingWorld(owner: OwnerDatabase, db: Database) {
  const tenant = await seedTenant(owner, buildTenant());
  const tenantId = tenant.id;
  const s = tenant.slug.slice(2, 8);
  const province = await seedOrgUnit(owner, tenantId, { kind: "province", name: "省", code: `CP${s}` });
  const county = await seedOrgUnit(owner, tenantId, { kind: "county", name: "山阳县", code: `CC${s}`, parentId: province.id });
  const otherCounty = await seedOrgUnit(owner, tenantId, { kind: "county", name: "河东县", code: `CO${s}`, parentId: province.id });
  const cityCenter = await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "教师发展中心", code: `CD${s}`, parentId: province.id });
  const townSchool = await seedOrgUnit(owner, tenantId, { kind: "school", name: "县一中", code: `CS1${s}`, parentId: county.id });
  const ruralSchool = await seedOrgUnit(owner, tenantId, { kind: "school", name: "山阳村小", code: `CS2${s}`, parentId: county.id, attributes: { area: "rural" } });
  const farSchool = await seedOrgUnit(owner, tenantId, { kind: "school", name: "河东中学", code: `CS3${s}`, parentId: otherCounty.id });
  const person = async (
    displayName: string,
    role: "teacher" | "masterTeacher" | "trainer" | "orgAdmin" = "teacher",
    orgUnitId: string = townSchool.id,
    status: "active" | "disabled" = "active",
  ): Promise<TCoTeachingPerson> => {
    const b = buildUser({ displayName, roles: [{ role, orgUnitId }], status });
    const u = await seedUser(owner, tenantId, b);
    return { id: u.id, login: b.login, password: b.password, displayName, actor: { tenantId, actorId: u.id } };
  };
  const lecturer = await person("主讲名师", "masterTeacher");
  const trainer = await person("培训者", "trainer", cityCenter.id);
  const countyAdmin = await person("县管理员", "orgAdmin", county.id);
  const assistantA = await person("辅导甲");
  const assistantB = await person("辅导乙", "teacher", ruralSchool.id);
  const assistantC = await person("辅导丙", "teacher", farSchool.id);
  const profileC = buildTeacher();
  const teacherNoC = profileC.teacherNo;
  await attachTeacherProfile(owner, tenantId, assistantC.id, farSchool.id, profileC);
  const disabled = await person("停用教师", "teacher", townSchool.id, "disabled");
  const outsider = await person("局外人");

  const when = { scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledMinutes: 45 };
  /** A session by the lecturer: classroom A (town, 40), B (rural, 30), C (far, 3 with a roster). */
  const newSession = (over: Record<string, unknown> = {}) =>
    createCoTeachingSession({
      db,
      actor: lecturer.actor,
      input: {
        title: "双师课堂：古诗鉴赏",
        ...when,
        creditHours: "2.5",
        classrooms: [
          { schoolId: townSchool.id, grade: "七年级", className: "1班", headcount: 40, assistant: assistantA.login },
          { schoolId: ruralSchool.id, grade: "七年级", className: "复式班", headcount: 30, assistant: assistantB.login },
          { schoolId: farSchool.id, grade: "七年级", className: "2班", headcount: 3, assistant: teacherNoC, roster: ["张三", "李四", "王五"] },
        ],
        ...over,
      },
    });

  return {
    tenant,
    tenantId,
    units: { province, county, otherCounty, cityCenter, townSchool, ruralSchool, farSchool },
    people: { lecturer, trainer, countyAdmin, assistantA, assistantB, assistantC, disabled, outsider },
    teacherNoC,
    when,
    newSession,
  };
}
