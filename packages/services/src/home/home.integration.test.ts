import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queues } from "@yanxiu/domain/jobs";
import { courseVersion, liveSession } from "@yanxiu/db/schema";
import { seedFixtureCourse } from "../courses/test-fixtures.ts";
import { enrol } from "../courses/classwork/test-setup.ts";
import { myCredits, recomputeTeacherStatus } from "../credits/index.ts";
import { seedAward } from "../credits/test-setup.ts";
import { createLiveSession } from "../live/index.ts";
import { createProducer } from "../platform/queue.ts";
import { computeRollups } from "../rollups/index.ts";
import { buildUser, seedTenant, seedUser } from "../seed/factories.ts";
import { applyToStudio, createStudio, decideApplication, saveActivity } from "../studios/index.ts";
import { seedStudioWorld } from "../studios/test-setup.ts";
import type { TPlatformActor } from "../tenants/console.ts";
import { testDatabase, testOwnerDatabase, testRedis } from "../testing.ts";
import { readAdminHome, readMasterTeacherHome, readOperatorHome, readTeacherHome, readTrainerHome } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
afterAll(async () => {
  redis.disconnect();
  await db.close();
  await owner.close();
});

const now = new Date();
const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);
const dayIn = (d: number) => new Date(inDays(d).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** An award in the ledger and the teacher's stored totals brought up to date, as the completion worker does. */
async function award(tenantId: string, teacherId: string, hours: number) {
  await seedAward(db, tenantId, teacherId, { hours, countsFor: today });
  await db.withTenant(tenantId, (tx) => recomputeTeacherStatus(tx, { tenantId, teacherId, today, landed: [] }));
}

let w: Awaited<ReturnType<typeof seedStudioWorld>>;
let other: Awaited<ReturnType<typeof seedStudioWorld>>;
let teacherA: Awaited<ReturnType<typeof w.teacher>>;
let teacherB: Awaited<ReturnType<typeof w.teacher>>;
let studioId: string;
let course: Awaited<ReturnType<typeof seedFixtureCourse>>;

beforeAll(async () => {
  w = await seedStudioWorld(owner);
  other = await seedStudioWorld(owner);
  teacherA = await w.teacher(w.units.schoolA.id);
  teacherB = await w.teacher(w.units.schoolB.id);
  ({ studioId } = await createStudio({
    db,
    actor: w.provinceAdmin,
    input: { name: `首页工作室${randomUUID().slice(0, 6)}`, subject: "语文", stages: ["juniorSecondary"], termStart: dayIn(-30), termEnd: dayIn(300), description: "", hostLogin: w.master.login, orgUnitId: w.units.schoolA.id },
  }));
  await applyToStudio({ db, actor: teacherA.actor, input: { studioId } });
  await decideApplication({ db, actor: w.master.actor, input: { studioId, userId: teacherA.userId, decision: "approve" } });
  course = await seedFixtureCourse(db, w.tenantId, { ownerId: w.provinceAdmin.actorId, institutionId: w.units.province.id, kinds: ["video", "assignment", "offlineSession"], title: "大单元教学设计" });
  await enrol(db, w.tenantId, course, teacherA.userId);

  // Another province, with 学时 and a session of its own, which none of the homes above may count.
  const ot = await other.teacher(other.units.schoolA.id);
  await award(other.tenantId, ot.userId, 40);
  await computeRollups({ db, tenantId: other.tenantId, today });
});

describe("the teacher's home", () => {
  it("shows the 学时 of 我的学时 with its pace after an award, and the next session once one is scheduled", async () => {
    const before = await readTeacherHome({ db, actor: teacherA.actor, today, now });
    expect(before.credits).toMatchObject({ cycleHours: 0, requiredHours: 360, remaining: 360 });
    expect(before.sessions).toEqual([]);

    await award(w.tenantId, teacherA.userId, 12.5);
    const start = inDays(2);
    await createLiveSession({ db, actor: w.master.actor, input: { studioId, title: "集体备课直播", scheduledStart: start.toISOString(), scheduledMinutes: 60 } });
    await createLiveSession({ db, actor: w.master.actor, input: { studioId, title: "更晚的直播", scheduledStart: inDays(5).toISOString(), scheduledMinutes: 60 } });

    const home = await readTeacherHome({ db, actor: teacherA.actor, today, now });
    const mine = (await myCredits({ db, actor: teacherA.actor, today })).totals;
    expect(home.credits).toMatchObject({ cycleHours: 12.5, yearHours: 12.5, remaining: 347.5, requiredHours: 360 });
    // The same figures and verdict as 我的学时 (one pace rule).
    expect(home.credits).toMatchObject({ pace: mine.pace, percent: mine.percent, expectedByNow: mine.expectedByNow, yearShortfall: mine.yearShortfall });
    expect(home.sessions.map((s) => s.title)).toEqual(["集体备课直播", "更晚的直播"]);
    expect(home.sessions[0]!.scheduledStart).toBe(start.toISOString());
  });

  it("lists the course to continue with its next unit, the offline session to check in to and the assignment not passed", async () => {
    const home = await readTeacherHome({ db, actor: teacherA.actor, today, now });
    expect(home.continueLearning).toEqual([expect.objectContaining({ courseId: course.courseId, title: "大单元教学设计", nextUnitId: course.unitIds[0], progressPercent: 0 })]);
    expect(home.continueLearning[0]!.nextUnitTitle).toBeTruthy();
    expect(home.checkIns).toEqual([expect.objectContaining({ courseId: course.courseId, unitId: course.unitIds[2], place: "长沙市岳麓区第一中学报告厅" })]);
    expect(home.assignments).toEqual([expect.objectContaining({ courseId: course.courseId, unitId: course.unitIds[1], state: "notStarted" })]);
  });

  it("shows the studio's next activities to a member, and nothing of a studio to a teacher outside it", async () => {
    await saveActivity({ db, actor: w.master.actor, input: { studioId, kind: "lessonPlanning", title: "下周集体备课", date: dayIn(7) } });
    await saveActivity({ db, actor: w.master.actor, input: { studioId, kind: "lecture", title: "上月讲座", date: dayIn(-30) } });
    const home = await readTeacherHome({ db, actor: teacherA.actor, today, now });
    expect(home.studioActivities.map((a) => [a.title, a.date])).toEqual([["下周集体备课", dayIn(7)]]);
    const outsider = await readTeacherHome({ db, actor: teacherB.actor, today, now });
    expect(outsider).toMatchObject({ studios: [], studioActivities: [], sessions: [], continueLearning: [] });
  });
});

describe("the master teacher's home", () => {
  it("counts the applications waiting in the studios they run", async () => {
    const applicant = await w.teacher(w.units.schoolB.id);
    await applyToStudio({ db, actor: applicant.actor, input: { studioId } });
    const home = await readMasterTeacherHome({ db, actor: w.master.actor, today, now });
    expect(home.hosting).toEqual([expect.objectContaining({ studioId, myRole: "host", pendingApplications: 1 })]);
    expect(home.pendingApplications).toBe(1);
    // A member sees no applications: they are the host's to decide.
    const member = await readMasterTeacherHome({ db, actor: teacherA.actor, today, now });
    expect(member.hosting).toEqual([]);
  });
});

describe("the trainer's home", () => {
  it("counts the courses by state, a sent-back draft as returned, and shows a published course's next check-in", async () => {
    const u = await seedUser(owner, w.tenantId, buildUser({ roles: [{ role: "trainer", orgUnitId: w.units.province.id }] }));
    const trainer = { tenantId: w.tenantId, actorId: u.id, grants: [{ role: "trainer" as const, orgUnitId: w.units.province.id, orgPath: null }] };
    const published = await seedFixtureCourse(db, w.tenantId, { ownerId: u.id, institutionId: w.units.province.id, kinds: ["video", "offlineSession"], title: "已发布课" });
    await seedFixtureCourse(db, w.tenantId, { ownerId: u.id, institutionId: w.units.province.id, status: "draft", title: "草稿课" });
    await seedFixtureCourse(db, w.tenantId, { ownerId: u.id, institutionId: w.units.province.id, status: "inReview", title: "审核中课" });
    const returned = await seedFixtureCourse(db, w.tenantId, { ownerId: u.id, institutionId: w.units.province.id, status: "draft", title: "退回课" });
    await db.withTenant(w.tenantId, (tx) => tx.update(courseVersion).set({ reviewComment: "请补充作业要求" }).where(eq(courseVersion.id, returned.versionId)));
    const home = await readTrainerHome({ db, actor: trainer, now });
    expect(home.counts).toEqual({ draft: 1, inReview: 1, published: 1, returned: 1, archived: 0 });
    expect(home.attention.map((c) => [c.title, c.state])).toEqual(expect.arrayContaining([["退回课", "returned"], ["草稿课", "draft"]]));
    expect(home.classes).toEqual([expect.objectContaining({ courseId: published.courseId, pendingGrading: 0, nextCheckIn: expect.objectContaining({ unitId: published.unitIds[1] }) })]);
    // National classes are served from the platform host only; a province's trainer has none.
    expect(home.national).toEqual([]);
  });
});

describe("the admin's home", () => {
  it("counts only the admin's subtree, and another province's data never appears", async () => {
    await award(w.tenantId, teacherB.userId, 30);
    // A session at the start of this week (China time), whatever weekday the test runs on.
    const { chinaWeek } = await import("./admin-home.ts");
    await db.withTenant(w.tenantId, (tx) =>
      tx.insert(liveSession).values({ tenantId: w.tenantId, studioId, title: "本周直播", hostId: w.master.userId, scheduledStart: new Date(chinaWeek(now).start.getTime() + 3600_000), scheduledMinutes: 60, status: "ended" }),
    );
    await computeRollups({ db, tenantId: w.tenantId, today });
    const province = await readAdminHome({ db, actor: w.provinceAdmin, now });
    const countyA = await readAdminHome({ db, actor: w.countyAdminA, now });
    const countyB = await readAdminHome({ db, actor: w.countyAdminB, now });
    const month = Number(today.slice(5, 7));
    // 学时 by month, from the ledger: A's 12.5 and B's 30 in the province, each in their own county.
    expect(province.hoursByMonth[month - 1]!.hours).toBe(42.5);
    expect(countyA.hoursByMonth[month - 1]!.hours).toBe(12.5);
    expect(countyB.hoursByMonth[month - 1]!.hours).toBe(30);
    expect(province.hoursByMonth.reduce((s, m) => s + m.hours, 0)).toBe(42.5);
    expect(countyA.kpis.hoursThisYear).toBe(12.5);
    expect(province.kpis.hoursThisYear).toBe(42.5);
    expect(countyA.kpis.teachers + countyB.kpis.teachers).toBe(province.kpis.teachers);
    expect(countyB.kpis.teachers).toBeGreaterThan(0);
    // The course being studied is teacher A's: county A counts it, county B does not.
    expect([province.kpis.activeCourses, countyA.kpis.activeCourses, countyB.kpis.activeCourses]).toEqual([1, 1, 0]);
    // This week's sessions belong to the studio in county A's school.
    const week = province.kpis.sessionsThisWeek;
    expect(week).toBeGreaterThanOrEqual(1);
    expect(countyA.kpis.sessionsThisWeek).toBe(week);
    expect(countyB.kpis.sessionsThisWeek).toBe(0);
    // On-pace share one level down: the province sees its two counties; a county its one school.
    expect(province.onPaceByArea.map((r) => r.name).sort()).toEqual(["乙县", "甲县"]);
    expect(countyA.onPaceByArea.map((r) => r.name)).toEqual(["甲县一中"]);
    expect(province.kpis.computedAt).not.toBeNull();
  });

  it("alerts to external 学时 waiting in the subtree, and a teacher has no admin home", async () => {
    const { submitExternalAward } = await import("../credits/index.ts");
    const { seedProof } = await import("../credits/test-setup.ts");
    const proof = await seedProof(db, w.tenantId, teacherB.userId);
    await submitExternalAward({
      db,
      actor: teacherB.actor,
      input: { title: "国培计划", issuer: "教育部", certificateNo: "", hours: "8", category: "concentrated", organiserLevel: "national", completedOn: today, proofFileId: proof },
      today,
    });
    expect((await readAdminHome({ db, actor: w.countyAdminB, now })).pendingRequests).toEqual({ count: 1, more: false });
    expect((await readAdminHome({ db, actor: w.countyAdminA, now })).pendingRequests).toEqual({ count: 0, more: false });
    expect((await readAdminHome({ db, actor: w.provinceAdmin, now })).pendingRequests.count).toBe(1);
    expect((await readAdminHome({ db, actor: other.provinceAdmin, now })).pendingRequests.count).toBe(0);
    await expect(readAdminHome({ db, actor: teacherA.actor, now })).rejects.toMatchObject({ code: "notFound" });
  });
});

describe("the operator's home", () => {
  it("lists the provinces and the job counts of every queue the worker consumes", async () => {
    const prefix = `home-${randomUUID().slice(0, 8)}`;
    const producer = createProducer(redis, { prefix });
    try {
      const platform = (await db.findTenant({ kind: "platform" })) ?? (await seedTenant(owner, { slug: "platform", name: "研修平台", code: "00", kind: "platform" }));
      const op = await seedUser(owner, platform.id, buildUser({ roles: [{ role: "platformOperator" }] }));
      const operator: TPlatformActor = { tenantId: platform.id, actorId: op.id, grants: [{ role: "platformOperator", orgUnitId: null, orgPath: null }] };
      const { rollupJob } = await import("@yanxiu/domain/jobs");
      await producer.add(rollupJob, { v: 1, tenantId: w.tenantId }, { jobId: `r-${randomUUID()}` });
      const home = await readOperatorHome({ db, producer, actor: operator });
      expect(home.tenants.map((t) => t.id)).toEqual(expect.arrayContaining([w.tenantId, other.tenantId]));
      expect(home.queues.map((q) => q.name).sort()).toEqual(Object.values(queues).sort());
      expect(home.queues.find((q) => q.name === queues.rollups)!.counts.waiting).toBe(1);
      expect(home.totals.waitingJobs).toBe(1);
      // Nobody else reaches it.
      await expect(readOperatorHome({ db, producer, actor: w.provinceAdmin })).rejects.toMatchObject({ code: "notFound" });
    } finally {
      await producer.close();
    }
  });
});
