import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectAttendance, projectClass, projectClassMember } from "@yanxiu/db/schema";
import { codeOf } from "../credits/test-setup.ts";
import { currentCheckInCode } from "../courses/check-in-code.ts";
import { testDatabase, testOwnerDatabase, testRedis } from "../testing.ts";
import {
  addClassMentor,
  allocateQuota,
  attendanceGrid,
  checkInToSession,
  classesPage,
  createProject,
  createSession,
  deleteSession,
  exportAttendance,
  formClasses,
  getProject,
  markAttendance,
  moveTrainee,
  myProject,
  nominateTeacher,
  publishClasses,
  publishProject,
  reviewNomination,
  sessionCheckInScreen,
  setHeadTeacher,
  setImplementingUnit,
  staffOptions,
  withdrawNomination,
} from "./index.ts";
import { projectFacts, seedProjectWorld, type TProjectWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
const checkInSecret = "test-project-check-in";
afterAll(async () => {
  redis.disconnect();
  await Promise.all([db.close(), owner.close()]);
});

let w: TProjectWorld;
let other: TProjectWorld;
beforeAll(async () => {
  w = await seedProjectWorld(owner);
  other = await seedProjectWorld(owner);
});

type TTeacher = Awaited<ReturnType<TProjectWorld["teacherAt"]>>;

/**
 * A published province project with seats split by subject (数学 ×7 for county A, 语文 ×3 for county B) and
 * every nominee approved: 10 trainees, 7 of 数学 and 3 of 语文.
 */
async function projectWithTrainees(world: TProjectWorld = w) {
  const a = world.admins.province;
  const { projectId, rootAllocationId } = await createProject({
    db,
    actor: a,
    input: { ownerUnitId: world.units.province.id, ...projectFacts({ subjects: ["数学", "语文"], quotaKeys: ["数学", "语文"], capacity: "20", infoForm: [] }) },
  });
  await publishProject({ db, actor: a, input: { projectId } });
  const math = await allocateQuota({ db, actor: a, input: { projectId, parentAllocationId: rootAllocationId, orgUnitId: world.units.countyA.id, seats: 7, quotaKey: "数学" } });
  const chinese = await allocateQuota({ db, actor: a, input: { projectId, parentAllocationId: rootAllocationId, orgUnitId: world.units.countyB.id, seats: 3, quotaKey: "语文" } });
  const trainees: { teacher: TTeacher; nominationId: string; subject: string }[] = [];
  const plan: [string, { id: string }, number, string, TProjectWorld["admins"]["province"]][] = [
    [math.allocationId, world.units.schoolA1, 4, "数学", world.admins.schoolA1],
    [math.allocationId, world.units.schoolA2, 3, "数学", world.admins.schoolA2],
    [chinese.allocationId, world.units.schoolB1, 3, "语文", world.admins.schoolB1],
  ];
  for (const [allocationId, school, n, subject, schoolAdmin] of plan) {
    for (let i = 0; i < n; i++) {
      const teacher = await world.teacherAt(school);
      const { nominationId } = await nominateTeacher({ db, actor: schoolAdmin, input: { projectId, allocationId, nominatingUnitId: school.id, teacherId: teacher.userId, answers: {} } });
      // The province acts for every level above the school (county, city, 资质复审).
      for (let step = 0; step < 3; step++) await reviewNomination({ db, actor: a, input: { nominationId, decision: "pass" } });
      trainees.push({ teacher, nominationId, subject });
    }
  }
  return { projectId, trainees };
}

describe("编班", () => {
  it("the automatic split is persisted per subject, balanced within one, and shown on the page", async () => {
    const { projectId, trainees } = await projectWithTrainees();
    expect(await formClasses({ db, actor: w.admins.province, input: { projectId, classSize: "3" } })).toEqual({ classes: 4, trainees: 10 });
    const page = await classesPage({ db, actor: w.admins.province, query: { projectId } });
    expect(page.classes.map((c) => [c.name, c.members.length])).toEqual([
      ["数学1班", 3],
      ["数学2班", 2],
      ["数学3班", 2],
      ["语文1班", 3],
    ]);
    expect(page.unplaced).toEqual([]);
    for (const c of page.classes) for (const m of c.members) expect(trainees.find((t) => t.nominationId === m.nominationId)?.subject).toBe(c.subject);
    const rows = await db.withTenant(w.tenantId, (tx) => tx.select().from(projectClassMember).where(eq(projectClassMember.projectId, projectId)));
    expect(rows).toHaveLength(10);
    // Forming again replaces the unpublished list: still one class per trainee.
    await formClasses({ db, actor: w.admins.province, input: { projectId, classSize: "10" } });
    const again = await classesPage({ db, actor: w.admins.province, query: { projectId } });
    expect(again.classes.map((c) => [c.name, c.members.length])).toEqual([
      ["数学1班", 7],
      ["语文1班", 3],
    ]);
    expect(await db.withTenant(w.tenantId, (tx) => tx.select().from(projectClass).where(eq(projectClass.projectId, projectId)))).toHaveLength(2);
  });

  it("a trainee moves between classes by hand; publishing freezes the automatic split; a withdrawn trainee leaves their class", async () => {
    const { projectId, trainees } = await projectWithTrainees();
    const a = w.admins.province;
    await formClasses({ db, actor: a, input: { projectId, classSize: "4" } });
    let page = await classesPage({ db, actor: a, query: { projectId } });
    const [m1, m2] = page.classes;
    const mover = m1!.members[0]!.nominationId;
    await moveTrainee({ db, actor: a, input: { projectId, nominationId: mover, classId: m2!.id } });
    page = await classesPage({ db, actor: a, query: { projectId } });
    expect(page.classes.find((c) => c.id === m2!.id)!.members.map((m) => m.nominationId)).toContain(mover);
    expect(page.classes.find((c) => c.id === m1!.id)!.members.map((m) => m.nominationId)).not.toContain(mover);

    // 班主任 and a mentor found by name; a 名师 of another province is not a person here.
    const mentor = trainees[9]!.teacher;
    const found = await staffOptions({ db, actor: a, query: { projectId, q: mentor.name } });
    expect(found.map((f) => f.userId)).toContain(mentor.userId);
    await setHeadTeacher({ db, actor: a, input: { classId: m1!.id, userId: w.admins.province.actorId } });
    await addClassMentor({ db, actor: a, input: { classId: m1!.id, userId: mentor.userId } });
    const foreignTeacher = await other.teacherAt(other.units.schoolA1);
    expect(await codeOf(addClassMentor({ db, actor: a, input: { classId: m1!.id, userId: foreignTeacher.userId } }))).toBe("notFound");

    await publishClasses({ db, actor: a, input: { projectId } });
    expect(await codeOf(formClasses({ db, actor: a, input: { projectId, classSize: "4" } }))).toBe("projectStateConflict");

    // The trainee sees their class, 班主任 and mentor once the list is published.
    const stayer = page.classes.find((c) => c.id === m1!.id)!.members[0]!;
    const stayerTeacher = trainees.find((t) => t.nominationId === stayer.nominationId)!.teacher;
    const mine = await myProject({ db, actor: stayerTeacher.actor, query: { projectId } });
    expect(mine.klass).toMatchObject({ id: m1!.id, headTeacher: { name: expect.any(String) }, mentors: [{ name: mentor.name }] });

    await withdrawNomination({ db, actor: a, input: { nominationId: mover, reason: "因病退出" } });
    page = await classesPage({ db, actor: a, query: { projectId } });
    expect(page.classes.flatMap((c) => c.members.map((m) => m.nominationId))).not.toContain(mover);
    expect(page.unplaced.map((u) => u.nominationId)).not.toContain(mover);
    expect(await db.withTenant(w.tenantId, (tx) => tx.select().from(projectClassMember).where(eq(projectClassMember.nominationId, mover)))).toEqual([]);
    // A withdrawn trainee cannot be put back in a class.
    expect(await codeOf(moveTrainee({ db, actor: a, input: { projectId, nominationId: mover, classId: m1!.id } }))).toBe("notFound");
  });

  it("the implementing unit runs the classes; other admins below the owner do not", async () => {
    const { projectId } = await projectWithTrainees();
    const institutionAdmin = await (async () => {
      const { seedUser, buildUser } = await import("../seed/factories.ts");
      const u = await seedUser(owner, w.tenantId, buildUser({ roles: [{ role: "orgAdmin", orgUnitId: w.units.institution.id }] }));
      return { tenantId: w.tenantId, actorId: u.id, grants: [{ role: "orgAdmin" as const, orgUnitId: w.units.institution.id, orgPath: w.units.institution.path }] };
    })();
    expect(await codeOf(formClasses({ db, actor: institutionAdmin, input: { projectId, classSize: "5" } }))).toBe("forbidden");
    expect(await codeOf(setImplementingUnit({ db, actor: w.admins.countyA, input: { projectId, unitId: w.units.institution.id } }))).toBe("forbidden");
    await setImplementingUnit({ db, actor: w.admins.province, input: { projectId, unitId: w.units.institution.id } });
    expect(await formClasses({ db, actor: institutionAdmin, input: { projectId, classSize: "5" } })).toMatchObject({ trainees: 10 });
    // The project frame offers the running tabs to them, and not to a county admin who only sees the project.
    expect((await getProject({ db, actor: institutionAdmin, query: { projectId } })).perms.run).toBe(true);
    expect((await getProject({ db, actor: w.admins.countyA, query: { projectId } })).perms.run).toBe(false);
    expect((await getProject({ db, actor: w.admins.province, query: { projectId } })).perms.run).toBe(true);
    expect(await codeOf(formClasses({ db, actor: w.admins.countyA, input: { projectId, classSize: "5" } }))).toBe("forbidden");
  });

  it("another tenant's project, class, trainee and session ids are not found", async () => {
    const mine = await projectWithTrainees();
    const theirs = await projectWithTrainees(other);
    await formClasses({ db, actor: other.admins.province, input: { projectId: theirs.projectId, classSize: "5" } });
    const theirPage = await classesPage({ db, actor: other.admins.province, query: { projectId: theirs.projectId } });
    const theirClass = theirPage.classes[0]!.id;
    const { sessionId } = await createSession({ db, actor: other.admins.province, input: { projectId: theirs.projectId, title: "开班", kind: "concentrated", day: "2026-03-02", startsAt: "09:00", endsAt: "17:00", place: "" } });
    const a = w.admins.province;
    expect(await codeOf(classesPage({ db, actor: a, query: { projectId: theirs.projectId } }))).toBe("notFound");
    expect(await codeOf(formClasses({ db, actor: a, input: { projectId: theirs.projectId, classSize: "5" } }))).toBe("notFound");
    expect(await codeOf(moveTrainee({ db, actor: a, input: { projectId: mine.projectId, nominationId: theirs.trainees[0]!.nominationId, classId: theirClass } }))).toBe("notFound");
    expect(await codeOf(setHeadTeacher({ db, actor: a, input: { classId: theirClass, userId: a.actorId } }))).toBe("notFound");
    expect(await codeOf(deleteSession({ db, actor: a, input: { sessionId } }))).toBe("notFound");
    expect(await codeOf(sessionCheckInScreen({ db, actor: a, query: { sessionId }, checkInSecret }))).toBe("notFound");
    const code = currentCheckInCode({ secret: checkInSecret, tenantId: other.tenantId, sessionId, now: new Date("2026-03-02T02:00:00Z") }).code;
    expect(await codeOf(checkInToSession({ db, redis, actor: mine.trainees[0]!.teacher.actor, input: { sessionId, code }, checkInSecret, now: new Date("2026-03-02T02:00:00Z") }))).toBe("notFound");
    expect(await codeOf(markAttendance({ db, actor: a, input: { projectId: mine.projectId, nominationId: theirs.trainees[0]!.nominationId, day: "2026-03-02", present: "on" } }))).toBe("notFound");
  });
});

describe("报到 and attendance", () => {
  const at = (iso: string) => new Date(iso);
  it("a check-in with the session's code counts a day once; a wrong or expired code is refused; the grid and progress count days", async () => {
    const { projectId, trainees } = await projectWithTrainees();
    const a = w.admins.province;
    const day1 = await createSession({ db, actor: a, input: { projectId, title: "开班典礼", kind: "concentrated", day: "2026-03-02", startsAt: "09:00", endsAt: "12:00", place: "报告厅" } });
    const day1pm = await createSession({ db, actor: a, input: { projectId, title: "专题讲座", kind: "concentrated", day: "2026-03-02", startsAt: "14:00", endsAt: "17:00", place: "报告厅" } });
    await createSession({ db, actor: a, input: { projectId, title: "课堂观摩", kind: "concentrated", day: "2026-03-03", startsAt: "09:00", endsAt: "12:00", place: "附中" } });
    expect(await codeOf(createSession({ db, actor: a, input: { projectId, title: "越界", kind: "concentrated", day: "2027-01-01", startsAt: "09:00", endsAt: "12:00", place: "" } }))).toBe("badRequest");

    const now = at("2026-03-02T01:30:00Z"); // 09:30 in China
    const screen = await sessionCheckInScreen({ db, actor: a, query: { sessionId: day1.sessionId }, checkInSecret, now });
    expect(screen.window).toBe("open");
    const t0 = trainees[0]!.teacher;
    const checkIn = (code: string, when = now, who = t0, sessionId = day1.sessionId) => checkInToSession({ db, redis, actor: who.actor, input: { sessionId, code }, checkInSecret, now: when });

    expect(await checkIn(screen.code!)).toEqual({ day: "2026-03-02", alreadyRecorded: false });
    expect(await checkIn(screen.code!)).toEqual({ day: "2026-03-02", alreadyRecorded: true });
    // The afternoon's code the same day: still one day.
    const pm = currentCheckInCode({ secret: checkInSecret, tenantId: w.tenantId, sessionId: day1pm.sessionId, now: at("2026-03-02T06:10:00Z") }).code;
    expect(await checkIn(pm, at("2026-03-02T06:10:00Z"), t0, day1pm.sessionId)).toEqual({ day: "2026-03-02", alreadyRecorded: true });
    expect(await db.withTenant(w.tenantId, (tx) => tx.select().from(projectAttendance).where(eq(projectAttendance.nominationId, trainees[0]!.nominationId)))).toHaveLength(1);

    const t1 = trainees[1]!.teacher;
    const wrong = screen.code === "000000" ? "111111" : "000000";
    expect(await codeOf(checkIn(wrong, now, t1))).toBe("checkInCodeInvalid");
    // The code two minutes later is expired; another session's code is not this one's.
    expect(await codeOf(checkIn(screen.code!, at("2026-03-02T01:32:00Z"), t1))).toBe("checkInCodeInvalid");
    expect(await codeOf(checkIn(pm, now, t1))).toBe("checkInCodeInvalid");
    // Outside the window, and a teacher who is no trainee of the project.
    expect(await codeOf(checkIn(screen.code!, at("2026-03-02T05:00:00Z"), t1))).toBe("checkInClosed");
    const outsider = await w.teacherAt(w.units.schoolA1);
    expect(await codeOf(checkIn(screen.code!, now, outsider))).toBe("notFound");

    // The unit marks day 2 by hand for trainee 0, and day 1 for trainee 1.
    await markAttendance({ db, actor: a, input: { projectId, nominationId: trainees[0]!.nominationId, day: "2026-03-03", present: "on" } });
    await markAttendance({ db, actor: a, input: { projectId, nominationId: trainees[1]!.nominationId, day: "2026-03-02", present: "on" } });
    await markAttendance({ db, actor: a, input: { projectId, nominationId: trainees[1]!.nominationId, day: "2026-03-02", present: "on" } });
    const grid = await attendanceGrid({ db, actor: a, query: { projectId } });
    expect(grid.days).toEqual(["2026-03-02", "2026-03-03"]);
    const r0 = grid.rows.find((r) => r.nominationId === trainees[0]!.nominationId)!;
    expect(r0.attended).toEqual({ "2026-03-02": "code", "2026-03-03": "manual" });
    expect(r0.progress).toMatchObject({ attended: 2, required: 30, remaining: 28, met: false, registeredOn: "2026-03-02" });
    expect(grid.rows.find((r) => r.nominationId === trainees[1]!.nominationId)!.progress.attended).toBe(1);
    // Unmarking removes the day.
    await markAttendance({ db, actor: a, input: { projectId, nominationId: trainees[1]!.nominationId, day: "2026-03-02" } });
    expect((await attendanceGrid({ db, actor: a, query: { projectId } })).rows.find((r) => r.nominationId === trainees[1]!.nominationId)!.progress.attended).toBe(0);

    // The trainee's page: their days against the required ones.
    const mine = await myProject({ db, actor: t0.actor, query: { projectId }, now });
    expect(mine.progress).toMatchObject({ attended: 2, required: 30 });
    expect(mine.sessions.find((s) => s.id === day1.sessionId)).toMatchObject({ attended: true, canCheckIn: false });
    expect((await myProject({ db, actor: t1.actor, query: { projectId }, now })).sessions.find((s) => s.id === day1.sessionId)!.canCheckIn).toBe(true);
    expect(await codeOf(myProject({ db, actor: outsider.actor, query: { projectId } }))).toBe("notFound");

    // A session with check-ins stays; the export has the grid.
    expect(await codeOf(deleteSession({ db, actor: a, input: { sessionId: day1.sessionId } }))).toBe("conflict");
    const file = await exportAttendance({ db, actor: a, query: { projectId } });
    const chunks: Buffer[] = [];
    for await (const c of file.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 2).toString()).toBe("PK");
    expect(file.fileName).toMatch(/出勤表\.xlsx$/);
  });

  it("wrong codes are limited: after five in a minute even the right code is refused", async () => {
    const { projectId, trainees } = await projectWithTrainees();
    const { sessionId } = await createSession({ db, actor: w.admins.province, input: { projectId, title: "第一天", kind: "concentrated", day: "2026-03-05", startsAt: "09:00", endsAt: "17:00", place: "" } });
    const now = new Date("2026-03-05T02:00:00Z");
    const right = currentCheckInCode({ secret: checkInSecret, tenantId: w.tenantId, sessionId, now }).code;
    const wrong = right === "000000" ? "111111" : "000000";
    const who = trainees[2]!.teacher.actor;
    for (let i = 0; i < 5; i++) expect(await codeOf(checkInToSession({ db, redis, actor: who, input: { sessionId, code: wrong }, checkInSecret, now }))).toBe("checkInCodeInvalid");
    expect(await codeOf(checkInToSession({ db, redis, actor: who, input: { sessionId, code: right }, checkInSecret, now }))).toBe("tooManyAttempts");
  });

  it("hostile input gives field errors, not crashes", async () => {
    const { projectId } = await projectWithTrainees();
    const a = w.admins.province;
    const bad = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; fieldErrors?: Record<string, string[]> }) => ({ code: e.code, fields: Object.keys(e.fieldErrors ?? {}) }));
    expect(await bad(createSession({ db, actor: a, input: { projectId, title: "a\u0000b", kind: "concentrated", day: "2026-03-02", startsAt: "09:00", endsAt: "12:00", place: "x\r\ny" } }))).toEqual({ code: "badRequest", fields: ["title", "place"] });
    expect(await bad(formClasses({ db, actor: a, input: { projectId, classSize: "9".repeat(5000) } }))).toMatchObject({ code: "badRequest", fields: ["classSize"] });
    expect(await bad(moveTrainee({ db, actor: a, input: { projectId, nominationId: "x", classId: "" } }))).toMatchObject({ code: "badRequest" });
    expect(await bad(checkInToSession({ db, redis, actor: a, input: { sessionId: projectId, code: "12\u00003456" }, checkInSecret }))).toEqual({ code: "badRequest", fields: ["code"] });
  });
});
