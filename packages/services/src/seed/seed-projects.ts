import { eq } from "drizzle-orm";
import type { TGrant } from "@yanxiu/domain/permissions";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { trainingProject } from "@yanxiu/db/schema";
import { allocateQuota } from "../projects/allocate-quota.ts";
import { saveAssessmentItem } from "../projects/assessment.ts";
import { createProject } from "../projects/create-project.ts";
import { nominateTeacher } from "../projects/nominate-teacher.ts";
import { publishProject } from "../projects/project-lifecycle.ts";
import { saveClassOffer, setRounds } from "../projects/rounds.ts";
import { chinaDay } from "@yanxiu/domain/china-time";

export const demoProjectName = "2026年初中语文骨干教师培训";

/**
 * A published province project (issue 16) through the services, as the province admin would make it: seats
 * handed to the first city, its county and a school, one teacher nominated, waiting on the county's review, and
 * two 考核项目.
 * Made once (found by name on later runs).
 */
export async function seedDemoProject(
  owner: OwnerDatabase,
  tenantId: string,
  opts: { adminId: string; countyAdminId: string; units: { province: { id: string; path: string }; city: string; county: { id: string; path: string }; school: string }; teacherId: string },
) {
  const [existing] = await owner.withTenant(tenantId, (tx) => tx.select({ id: trainingProject.id }).from(trainingProject).where(eq(trainingProject.name, demoProjectName)).limit(1));
  if (existing) return existing.id;
  const admin = { tenantId, actorId: opts.adminId, grants: [{ role: "provinceAdmin", orgUnitId: opts.units.province.id, orgPath: opts.units.province.path }] as TGrant[] };
  const county = { tenantId, actorId: opts.countyAdminId, grants: [{ role: "orgAdmin", orgUnitId: opts.units.county.id, orgPath: opts.units.county.path }] as TGrant[] };
  const { projectId, rootAllocationId } = await createProject({
    db: owner,
    actor: admin,
    input: {
      ownerUnitId: opts.units.province.id,
      name: demoProjectName,
      description: "面向全省初中语文骨干教师的混合式研修：集中培训 30 天，跟岗实践与网络研修结合，结业计入继续教育学时。",
      category: "backbone",
      form: "blended",
      startsOn: "2026-03-01",
      endsOn: "2026-12-31",
      plannedHours: "120",
      creditCategory: "concentrated",
      targetRoles: ["teacher"],
      subjects: ["语文"],
      stages: ["juniorSecondary"],
      capacity: "20",
      enrolmentMode: "nomination",
      requiredDays: "30",
      infoForm: [
        { key: "title", label: "职称", kind: "select", required: true, options: ["二级教师", "一级教师", "高级教师", "正高级教师"] },
        { key: "backbone", label: "骨干级别", kind: "select", options: ["校级", "县级", "市级", "省级"] },
        { key: "awards", label: "近三年获奖", kind: "text", maxLength: 500 },
      ],
    },
  });
  await publishProject({ db: owner, actor: admin, input: { projectId } });
  // 考核 (decision 031): a required 研修作业 and a 结业考试; the pass mark stays at 60 % of the 200.
  await saveAssessmentItem({ db: owner, actor: admin, input: { projectId, name: "研修作业", kind: "assignment", maxScore: "100", required: "on", dueOn: "2026-11-30" } });
  await saveAssessmentItem({ db: owner, actor: admin, input: { projectId, name: "结业考试", kind: "exam", maxScore: "100", dueOn: "2026-12-20" } });
  const city = await allocateQuota({ db: owner, actor: admin, input: { projectId, parentAllocationId: rootAllocationId, orgUnitId: opts.units.city, seats: 12 } });
  const c = await allocateQuota({ db: owner, actor: admin, input: { projectId, parentAllocationId: city.allocationId, orgUnitId: opts.units.county.id, seats: 6 } });
  const s = await allocateQuota({ db: owner, actor: county, input: { projectId, parentAllocationId: c.allocationId, orgUnitId: opts.units.school, seats: 3 } });
  await nominateTeacher({
    db: owner,
    actor: county,
    input: { projectId, allocationId: s.allocationId, nominatingUnitId: opts.units.school, teacherId: opts.teacherId, answers: { title: "一级教师", backbone: "县级", awards: "市级优质课一等奖" } },
  });
  return projectId;
}

export const demoOpenProjectName = "2026年初中教师信息技术应用能力提升（自主报名）";

/**
 * A published province project that takes applications (自主报名, decision 028), open to every junior-secondary
 * teacher of the province with no cap on seats: teachers find it under 可报名的培训项目. Made once (by name).
 */
export async function seedDemoOpenProject(owner: OwnerDatabase, tenantId: string, opts: { adminId: string; province: { id: string; path: string } }) {
  const [existing] = await owner.withTenant(tenantId, (tx) => tx.select({ id: trainingProject.id }).from(trainingProject).where(eq(trainingProject.name, demoOpenProjectName)).limit(1));
  if (existing) return existing.id;
  const admin = { tenantId, actorId: opts.adminId, grants: [{ role: "provinceAdmin", orgUnitId: opts.province.id, orgPath: opts.province.path }] as TGrant[] };
  const { projectId } = await createProject({
    db: owner,
    actor: admin,
    input: {
      ownerUnitId: opts.province.id,
      name: demoOpenProjectName,
      description: "网络研修为主：信息技术与学科教学融合的专题课程、校本实践任务和线上研讨，学校审核后入选。",
      category: "subjectTeaching",
      form: "online",
      startsOn: "2026-09-01",
      endsOn: "2027-01-31",
      plannedHours: "50",
      creditCategory: "online",
      targetRoles: ["teacher"],
      subjects: [],
      stages: ["juniorSecondary"],
      capacity: "0",
      enrolmentMode: "selfEnrolment",
      requiredDays: "0",
      infoForm: [
        { key: "title", label: "职称", kind: "select", required: true, options: ["二级教师", "一级教师", "高级教师", "正高级教师"] },
        { key: "goal", label: "研修目标", kind: "text", maxLength: 200 },
      ],
    },
  });
  await publishProject({ db: owner, actor: admin, input: { projectId } });
  return projectId;
}

export const demoTwoRoundProjectName = "2026年中小学教师学科专题研修（两轮报名）";

/**
 * A published province project taking applications in two rounds (两轮报名, decision 035), for every teacher:
 * three classes with 班额 and 开班最低人数, round 1 open around the day the demo is seeded, round 2 after it. Made
 * once (by name).
 */
export async function seedDemoTwoRoundProject(owner: OwnerDatabase, tenantId: string, opts: { adminId: string; province: { id: string; path: string } }) {
  const [existing] = await owner.withTenant(tenantId, (tx) => tx.select({ id: trainingProject.id }).from(trainingProject).where(eq(trainingProject.name, demoTwoRoundProjectName)).limit(1));
  if (existing) return existing.id;
  const admin = { tenantId, actorId: opts.adminId, grants: [{ role: "provinceAdmin", orgUnitId: opts.province.id, orgPath: opts.province.path }] as TGrant[] };
  const day = (offset: number) => chinaDay(new Date(Date.now() + offset * 86_400_000));
  const { projectId } = await createProject({
    db: owner,
    actor: admin,
    input: {
      ownerUnitId: opts.province.id,
      name: demoTwoRoundProjectName,
      description: "按学科开设专题班：第一轮自由报名，报满的班级由实施单位筛选，人数不足的班级取消开班，第二轮补报有空位的班级。",
      category: "subjectTeaching",
      form: "blended",
      startsOn: day(20),
      endsOn: day(120),
      plannedHours: "36",
      creditCategory: "concentrated",
      targetRoles: ["teacher"],
      subjects: [],
      stages: [],
      capacity: "0",
      enrolmentMode: "selfEnrolment",
      requiredDays: "0",
      infoForm: [{ key: "title", label: "职称", kind: "select", required: true, options: ["二级教师", "一级教师", "高级教师", "正高级教师"] }],
    },
  });
  await setRounds({ db: owner, actor: admin, input: { projectId, twoRound: true, round1Opens: day(-2), round1Closes: day(5), round2Opens: day(8), round2Closes: day(14) } });
  for (const [name, subject, cap, minSize] of [
    ["语文专题班", "语文", 30, 10],
    ["数学专题班", "数学", 30, 10],
    ["英语专题班", "英语", 20, 8],
  ] as const) {
    await saveClassOffer({ db: owner, actor: admin, input: { projectId, name, subject, cap, minSize } });
  }
  await publishProject({ db: owner, actor: admin, input: { projectId } });
  return projectId;
}
