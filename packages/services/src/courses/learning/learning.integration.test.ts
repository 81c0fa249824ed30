import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import type { TGrant } from "@yanxiu/domain/permissions";
import type { TActor } from "../../org/scope.ts";
import { course, courseCategory, courseSection, courseUnit, courseVersion, enrollment } from "@yanxiu/db/schema";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "../../seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../../testing.ts";
import { seedFixtureCourse } from "../test-fixtures.ts";
import { catalogue, courseDetail, myCourses, player, selfEnroll } from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: AppError) => (e.message.startsWith("enrollRefused") ? e.fieldErrors!.courseId![0] : e.code),
  );
const hours = (h: number) => new Date(Date.now() + h * 3600_000);

let tenantId: string;
let institutionId: string;
let ownerId: string;
let teacher: TActor;
let otherTenant: { tenantId: string; institutionId: string; ownerId: string; teacher: TActor };

async function seedSide() {
  const t = (await seedTenant(owner, buildTenant())).id;
  const inst = (await seedOrgUnit(owner, t, { kind: "developmentCenter", name: "教师发展中心", code: `LC${randomUUID().slice(0, 6)}` })).id;
  const trainer = (await seedUser(owner, t, buildUser({ roles: [{ role: "trainer" }] }))).id;
  const tch = (await seedUser(owner, t, buildUser())).id;
  const actor: TActor = { tenantId: t, actorId: tch, grants: [{ role: "teacher", orgUnitId: null, orgPath: null }] as TGrant[] };
  return { tenantId: t, institutionId: inst, ownerId: trainer, teacher: actor };
}

beforeAll(async () => {
  const a = await seedSide();
  ({ tenantId, institutionId, ownerId, teacher } = a);
  otherTenant = await seedSide();
});

const fixture = (opts: Partial<Parameters<typeof seedFixtureCourse>[2]> = {}) => seedFixtureCourse(db, tenantId, { ownerId, institutionId, ...opts });

describe("self-enrolment", () => {
  it("a teacher cannot enrol in a draft, archived, closed, assigned-only or another tenant's course, and nothing is recorded", async () => {
    const draft = await fixture({ status: "draft" });
    const archived = await fixture({ status: "archived" });
    const closed = await fixture({ facts: { enrollOpensAt: hours(-48), enrollClosesAt: hours(-1) } });
    const notYet = await fixture({ facts: { enrollOpensAt: hours(24) } });
    const assigned = await fixture({ facts: { enrollmentMode: "assigned" } });
    const foreign = await seedFixtureCourse(db, otherTenant.tenantId, { ownerId: otherTenant.ownerId, institutionId: otherTenant.institutionId });
    expect(await refusal(selfEnroll({ db, actor: teacher, input: { courseId: draft.courseId } }))).toBe("notFound");
    expect(await refusal(selfEnroll({ db, actor: teacher, input: { courseId: archived.courseId } }))).toBe("archived");
    expect(await refusal(selfEnroll({ db, actor: teacher, input: { courseId: closed.courseId } }))).toBe("closed");
    expect(await refusal(selfEnroll({ db, actor: teacher, input: { courseId: notYet.courseId } }))).toBe("notOpenYet");
    expect(await refusal(selfEnroll({ db, actor: teacher, input: { courseId: assigned.courseId } }))).toBe("assignedOnly");
    expect(await refusal(selfEnroll({ db, actor: teacher, input: { courseId: foreign.courseId } }))).toBe("notFound");
    expect(await refusal(selfEnroll({ db, actor: teacher, input: { courseId: "not-a-uuid" } }))).toBe("badRequest");
    const mine = await db.withTenant(tenantId, (tx) => tx.select().from(enrollment).where(eq(enrollment.teacherId, teacher.actorId)));
    expect(mine.filter((e) => [draft, archived, closed, notYet, assigned].some((c) => c.courseId === e.courseId))).toEqual([]);
    // The course page says why, and a draft or foreign course is not there at all.
    expect((await courseDetail({ db, actor: teacher, input: { courseId: closed.courseId } })).refusal).toBe("closed");
    expect((await courseDetail({ db, actor: teacher, input: { courseId: assigned.courseId } })).refusal).toBe("assignedOnly");
    expect(await refusal(courseDetail({ db, actor: teacher, input: { courseId: draft.courseId } }))).toBe("notFound");
    expect(await refusal(courseDetail({ db, actor: teacher, input: { courseId: foreign.courseId } }))).toBe("notFound");
  });

  it("enrolling twice gives one enrolment, on the published version, from the teacher themselves", async () => {
    const c = await fixture();
    const first = await selfEnroll({ db, actor: teacher, input: { courseId: c.courseId } });
    const second = await selfEnroll({ db, actor: teacher, input: { courseId: c.courseId } });
    expect(first.created).toBe(true);
    expect(second).toEqual({ enrollmentId: first.enrollmentId, created: false });
    const rows = await db.withTenant(tenantId, (tx) => tx.select().from(enrollment).where(and(eq(enrollment.courseId, c.courseId))));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ teacherId: teacher.actorId, versionId: c.versionId, source: "self", status: "active" });
    const detail = await courseDetail({ db, actor: teacher, input: { courseId: c.courseId } });
    expect(detail.enrollment).toMatchObject({ id: first.enrollmentId, progressPercent: 0, nextUnitId: c.unitIds[0] });
    expect(detail.refusal).toBeNull();
    expect(detail.outline[0]!.units.map((u) => u.kind)).toEqual(["video", "quiz", "offlineSession"]);
  });

  it("我的课程 lists the enrolments with source, deadline for assigned ones, progress and the next unit", async () => {
    const side = await seedSide();
    const self = await seedFixtureCourse(db, side.tenantId, { ownerId: side.ownerId, institutionId: side.institutionId, title: "自选课" });
    const assigned = await seedFixtureCourse(db, side.tenantId, { ownerId: side.ownerId, institutionId: side.institutionId, title: "指派课", facts: { enrollmentMode: "assigned" } });
    expect((await myCourses({ db, actor: side.teacher })).items).toEqual([]);
    await selfEnroll({ db, actor: side.teacher, input: { courseId: self.courseId } });
    const deadline = hours(24 * 30);
    await db.withTenant(side.tenantId, (tx) =>
      tx.insert(enrollment).values({ tenantId: side.tenantId, courseId: assigned.courseId, teacherId: side.teacher.actorId, versionId: assigned.versionId, source: "assigned", deadline, enrolledAt: hours(-1) }),
    );
    const { items } = await myCourses({ db, actor: side.teacher });
    expect(items.map((i) => [i.title, i.source, i.deadline?.getTime() ?? null, i.progressPercent, i.nextUnitId])).toEqual([
      ["自选课", "self", null, 0, self.unitIds[0]],
      ["指派课", "assigned", deadline.getTime(), 0, assigned.unitIds[0]],
    ]);
    // Another teacher sees none of them.
    expect((await myCourses({ db, actor: teacher })).items.some((i) => i.courseId === self.courseId)).toBe(false);
  });
});

describe("the catalogue", () => {
  it("filters by title, stage, subject, category, 学时 and open-now, and never shows unpublished or foreign courses", async () => {
    const side = await seedSide();
    const seed = (title: string, facts: Partial<typeof courseVersion.$inferInsert> = {}, status?: "draft" | "archived" | "inReview") =>
      seedFixtureCourse(db, side.tenantId, { ownerId: side.ownerId, institutionId: side.institutionId, title, facts, status });
    const [cat2] = await db.withTenant(side.tenantId, (tx) => tx.insert(courseCategory).values({ tenantId: side.tenantId, name: "师德师风" }).returning());
    const math = await seed("初中数学 100%达标", { stages: ["juniorSecondary"], subjects: ["数学"], creditHours: "8" });
    const ethics = await seed("师德修养", { categoryId: cat2!.id, creditHours: "2", subjects: ["综合"] });
    const closed = await seed("往期语文课", { enrollClosesAt: hours(-1), enrollOpensAt: hours(-100) });
    const assigned = await seed("指派的语文课", { enrollmentMode: "assigned" });
    await seed("草稿课程", {}, "draft");
    await seed("归档课程", {}, "archived");
    await seed("审核中课程", {}, "inReview");
    await seedFixtureCourse(db, otherTenant.tenantId, { ownerId: otherTenant.ownerId, institutionId: otherTenant.institutionId, title: "外省课程" });
    const list = async (query: Record<string, unknown>) => (await catalogue({ db, actor: side.teacher, query })).items.map((i) => i.title).sort();
    const all = [math, ethics, closed, assigned].length;
    expect(await list({})).toHaveLength(all);
    expect(await list({})).not.toContain("外省课程");
    expect(await list({ q: "数学" })).toEqual(["初中数学 100%达标"]);
    // Wildcards in the search are literal characters.
    expect(await list({ q: "100%" })).toEqual(["初中数学 100%达标"]);
    expect(await list({ q: "%" })).toEqual(["初中数学 100%达标"]);
    expect(await list({ q: "_" })).toEqual([]);
    expect(await list({ stage: "juniorSecondary" })).toEqual(["初中数学 100%达标"]);
    expect(await list({ subject: "综合" })).toEqual(["师德修养"]);
    expect(await list({ categoryId: cat2!.id })).toEqual(["师德修养"]);
    expect(await list({ minHours: 5 })).toEqual(["初中数学 100%达标"]);
    expect(await list({ maxHours: 3 })).toEqual(["师德修养"]);
    expect(await list({ openNow: "on" })).toEqual(["初中数学 100%达标", "师德修养"].sort());
    expect(await list({ stage: "nursery" }).catch((e: AppError) => e.code)).toBe("badRequest");
    // The item says whether the teacher is on it.
    await selfEnroll({ db, actor: side.teacher, input: { courseId: math.courseId } });
    const items = (await catalogue({ db, actor: side.teacher, query: {} })).items;
    expect(items.find((i) => i.courseId === math.courseId)).toMatchObject({ enrolled: true, categoryName: "学科教学", institutionName: "教师发展中心", creditHours: 8 });
    expect(items.find((i) => i.courseId === closed.courseId)).toMatchObject({ enrolled: false, refusal: "closed" });
  });

  it("counts each course's teachers (withdrawn ones not), says the viewer's own enrolment, and the total the filters match", async () => {
    const side = await seedSide();
    const seed = (title: string) => seedFixtureCourse(db, side.tenantId, { ownerId: side.ownerId, institutionId: side.institutionId, title });
    const popular = await seed("热门课程");
    const quiet = await seed("冷门课程");
    await seed("无人课程");
    // A course of another tenant with teachers on it changes nothing here.
    const foreign = await seedFixtureCourse(db, otherTenant.tenantId, { ownerId: otherTenant.ownerId, institutionId: otherTenant.institutionId, title: "热门课程" });
    const teachers = await Promise.all([0, 1, 2, 3].map(async () => (await seedUser(owner, side.tenantId, buildUser())).id));
    const enrol = (tenant: string, c: { courseId: string; versionId: string }, teacherId: string, status: "active" | "completed" | "withdrawn" = "active") =>
      db.withTenant(tenant, (tx) => tx.insert(enrollment).values({ tenantId: tenant, courseId: c.courseId, versionId: c.versionId, teacherId, source: "self", status }));
    await enrol(side.tenantId, popular, teachers[0]!);
    await enrol(side.tenantId, popular, teachers[1]!, "completed");
    await enrol(side.tenantId, popular, teachers[2]!);
    await enrol(side.tenantId, popular, teachers[3]!, "withdrawn");
    await enrol(side.tenantId, quiet, teachers[0]!, "withdrawn");
    await enrol(otherTenant.tenantId, foreign, otherTenant.teacher.actorId);
    await selfEnroll({ db, actor: side.teacher, input: { courseId: quiet.courseId } });
    const r = await catalogue({ db, actor: side.teacher, query: {} });
    expect(r.total).toBe(3);
    expect(r.items.map((i) => [i.title, i.enrollmentCount, i.enrollmentStatus])).toEqual([
      ["无人课程", 0, null],
      ["冷门课程", 1, "active"],
      ["热门课程", 3, null],
    ]);
    // The total counts every page the filters match, not the page.
    const first = await catalogue({ db, actor: side.teacher, query: { limit: 1 } });
    expect([first.items.length, first.total]).toEqual([1, 3]);
    const second = await catalogue({ db, actor: side.teacher, query: { limit: 1, after: first.next } });
    expect([second.items.map((i) => i.title), second.total]).toEqual([["冷门课程"], 3]);
    expect((await catalogue({ db, actor: side.teacher, query: { q: "门" } })).total).toBe(2);
    expect((await catalogue({ db, actor: side.teacher, query: { q: "没有这门" } })).total).toBe(0);
  });

  it("pages with an opaque cursor, newest first, without repeats or gaps", async () => {
    const side = await seedSide();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await seedFixtureCourse(db, side.tenantId, { ownerId: side.ownerId, institutionId: side.institutionId, title: `课程${i}` })).courseId);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await catalogue({ db, actor: side.teacher, query: { limit: 2, ...(after ? { after } : {}) } });
      seen.push(...r.items.map((i) => i.title));
      if (!r.next) break;
      after = r.next;
    }
    expect(seen).toEqual(["课程4", "课程3", "课程2", "课程1", "课程0"]);
    expect(await catalogue({ db, actor: side.teacher, query: { after: "garbage" } }).catch((e: AppError) => e.fieldErrors)).toEqual({ after: ["badCursor"] });
  });
});

describe("the player", () => {
  it("a teacher enrolled on v1 keeps v1's units after v2 is published; a new enrolment gets v2", async () => {
    const c = await fixture({ kinds: ["video", "document"] });
    await selfEnroll({ db, actor: teacher, input: { courseId: c.courseId } });
    const v2 = randomUUID();
    const extraUnit = randomUUID();
    await db.withTenant(tenantId, async (tx) => {
      const [v1] = await tx.select().from(courseVersion).where(eq(courseVersion.id, c.versionId));
      const { id: _id, number: _n, status: _s, publishedAt: _p, createdAt: _c, ...facts } = v1!;
      await tx.insert(courseVersion).values({ ...facts, id: v2, number: 2, status: "draft", title: "第二版" });
      await tx.insert(courseSection).values({ tenantId, versionId: v2, id: c.sectionId, position: 0, title: "第一章（修订）" });
      const units = await tx.select().from(courseUnit).where(eq(courseUnit.versionId, c.versionId));
      await tx.insert(courseUnit).values(units.map((u) => ({ ...u, versionId: v2, title: `${u.title}（修订）` })));
      await tx.insert(courseUnit).values({ ...units[0]!, versionId: v2, id: extraUnit, position: 9, title: "新增视频" });
      await tx.update(courseVersion).set({ status: "published", publishedAt: new Date() }).where(eq(courseVersion.id, v2));
      await tx.update(courseVersion).set({ status: "superseded" }).where(eq(courseVersion.id, c.versionId));
      await tx.update(course).set({ publishedVersionId: v2 }).where(eq(course.id, c.courseId));
    });
    const p = await player({ db, actor: teacher, input: { courseId: c.courseId } });
    expect(p.versionId).toBe(c.versionId);
    expect(p.sections.flatMap((s) => s.units.map((u) => u.title))).toEqual(["video单元", "document单元"]);
    expect(await player({ db, actor: teacher, input: { courseId: c.courseId, unitId: extraUnit } }).catch((e: AppError) => e.code)).toBe("notFound");
    const side = await seedUser(owner, tenantId, buildUser());
    const newcomer: TActor = { tenantId, actorId: side.id, grants: [{ role: "teacher", orgUnitId: null, orgPath: null }] };
    await selfEnroll({ db, actor: newcomer, input: { courseId: c.courseId } });
    const p2 = await player({ db, actor: newcomer, input: { courseId: c.courseId } });
    expect(p2.versionId).toBe(v2);
    expect(p2.sections.flatMap((s) => s.units.map((u) => u.title))).toEqual(["video单元（修订）", "document单元（修订）", "新增视频"]);
  });

  it("shows the current unit with prev/next and each unit's state; not enrolled or another tenant is notFound", async () => {
    const c = await fixture({ kinds: ["video", "document", "liveSession"] });
    expect(await player({ db, actor: teacher, input: { courseId: c.courseId } }).catch((e: AppError) => e.code)).toBe("notFound");
    await selfEnroll({ db, actor: teacher, input: { courseId: c.courseId } });
    const p = await player({ db, actor: teacher, input: { courseId: c.courseId, unitId: c.unitIds[1] } });
    expect(p.current).toMatchObject({ id: c.unitIds[1], kind: "document", state: "notStarted", content: { kind: "document", opened: false } });
    expect([p.prevId, p.nextId]).toEqual([c.unitIds[0], c.unitIds[2]]);
    expect(p.sections[0]!.units.map((u) => u.state)).toEqual(["notStarted", "notStarted", "notStarted"]);
    const first = await player({ db, actor: teacher, input: { courseId: c.courseId } });
    expect(first.current?.content).toMatchObject({ kind: "video", durationSeconds: 100, watchedPercent: 0 });
    expect(first.prevId).toBeNull();
    expect(await player({ db, actor: otherTenant.teacher, input: { courseId: c.courseId } }).catch((e: AppError) => e.code)).toBe("notFound");
  });
});
