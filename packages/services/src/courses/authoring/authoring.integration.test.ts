import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@yanxiu/domain/errors";
import type { TGrant } from "@yanxiu/domain/permissions";
import type { TRole } from "@yanxiu/domain/roles";
import type { TActor } from "../../org/scope.ts";
import { course, courseUnit, courseVersion, enrollment, storedFile, unitProgress } from "@yanxiu/db/schema";
import { buildTenant, buildUser, seedOrgUnit, seedTenant, seedUser } from "../../seed/factories.ts";
import { testDatabase, testOwnerDatabase } from "../../testing.ts";
import { loadVersionContent } from "../common.ts";
import {
  addCategory,
  addSection,
  addUnit,
  approve,
  archiveCourse,
  createCourse,
  deleteSection,
  deleteUnit,
  frozenAsConflict,
  getCourseForEdit,
  getReviewVersion,
  listCategories,
  listInstitutions,
  listMyCourses,
  listReviewQueue,
  moveEnrollments,
  moveSection,
  moveUnit,
  renameSection,
  restoreCourse,
  sendBack,
  startNewDraft,
  submitForReview,
  updateFacts,
  updateUnit,
  withdraw,
} from "./index.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
afterAll(async () => {
  await db.close();
  await owner.close();
});

const code = (p: Promise<unknown>) => p.then(() => "ok", (e: AppError) => e.code ?? String(e));
const fieldErrors = (p: Promise<unknown>) => p.then(() => ({}), (e: AppError) => e.fieldErrors ?? { code: [e.code] });

let tenantId: string;
let institutionId: string;
let trainer: TActor;
let trainer2: TActor;
let reviewer: TActor;
let admin: TActor;
let teacher: TActor;
let foreign: TActor;
let categoryId: string;

async function actorWith(tid: string, role: TRole): Promise<TActor> {
  const u = await seedUser(owner, tid, buildUser({ roles: [{ role }] }));
  return { tenantId: tid, actorId: u.id, grants: [{ role, orgUnitId: null, orgPath: null }] as TGrant[] };
}

async function insertFile(tid: string, ownerId: string, purpose: "courseVideo" | "courseDocument" | "courseCover", durationSeconds: number | null = null) {
  const id = randomUUID();
  await db.withTenant(tid, (tx) =>
    tx.insert(storedFile).values({ tenantId: tid, id, ownerId, purpose, mime: "video/webm", key: `${tid}/x/${id}`, size: 10, originalName: "f", durationSeconds }),
  );
  return id;
}

const facts = (over: Record<string, unknown> = {}) => ({
  title: "新课标下的大单元教学",
  summary: "面向小学语文教师。",
  stages: ["primary"],
  subjects: ["语文"],
  categoryId,
  institutionId,
  creditHours: 6,
  enrollmentMode: "open",
  ...over,
});

const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
const quizQuestions = [
  { id: randomUUID(), kind: "single", prompt: "一加一等于几？", options: [{ id: "a", text: "一" }, { id: "b", text: "二" }], correct: ["b"] },
  { id: randomUUID(), kind: "multiple", prompt: "哪些是偶数？", options: [{ id: "a", text: "2" }, { id: "b", text: "3" }, { id: "c", text: "4" }], correct: ["a", "c"] },
];

function unitsOfEveryKind(videoFileId: string, documentFileId: string) {
  return [
    { kind: "video", title: "导读视频", creditHours: 1, required: true, criterion: { kind: "video", minWatchedPercent: 90 }, config: { fileId: videoFileId } },
    { kind: "document", title: "课标文本", creditHours: 0.5, required: false, criterion: { kind: "document" }, config: { fileId: documentFileId } },
    { kind: "quiz", title: "随堂测验", creditHours: 0.5, required: true, criterion: { kind: "quiz", passPercent: 60 }, config: { questions: quizQuestions, attemptLimit: 3, shuffle: true } },
    { kind: "assignment", title: "教学设计", creditHours: 1, required: true, criterion: { kind: "assignment" }, config: { instructions: "提交一份大单元教学设计。" } },
    { kind: "liveSession", title: "直播答疑", creditHours: 1, required: true, criterion: { kind: "liveSession", minMinutes: 30 }, config: { startsAt: hours(48), durationMinutes: 60 } },
    {
      kind: "offlineSession",
      title: "线下工作坊",
      creditHours: 2,
      required: true,
      criterion: { kind: "offlineSession" },
      config: { startsAt: hours(72), endsAt: hours(75), place: "湖南省教师发展中心 301", checkInOpensAt: hours(71.5), checkInClosesAt: hours(73), lateAfter: hours(72.25) },
    },
    { kind: "discussion", title: "研讨", creditHours: 0.5, required: false, criterion: { kind: "discussion", minPosts: 2 }, config: { prompt: "你如何理解大单元？" } },
  ];
}

/** A course by `who` with one unit of every kind; returns ids. */
async function courseWithEveryKind(who: TActor) {
  const { courseId, versionId } = await createCourse({ db, actor: who, input: facts() });
  const edit = await getCourseForEdit({ db, actor: who, courseId });
  const sectionId = edit.content.sections[0]!.id;
  const video = await insertFile(tenantId, who.actorId, "courseVideo", 240);
  const doc = await insertFile(tenantId, who.actorId, "courseDocument");
  const unitIds: string[] = [];
  for (const unit of unitsOfEveryKind(video, doc)) unitIds.push((await addUnit({ db, actor: who, input: { courseId, sectionId, unit } })).unitId);
  return { courseId, versionId, sectionId, unitIds };
}

async function publishedCourse(who: TActor) {
  const c = await courseWithEveryKind(who);
  await submitForReview({ db, actor: who, input: { courseId: c.courseId } });
  await approve({ db, actor: reviewer, input: { courseId: c.courseId } });
  return c;
}

beforeAll(async () => {
  tenantId = (await seedTenant(owner, buildTenant())).id;
  institutionId = (await seedOrgUnit(owner, tenantId, { kind: "developmentCenter", name: "省教师发展中心", code: `FZ${tenantId.slice(0, 6)}` })).id;
  trainer = await actorWith(tenantId, "trainer");
  trainer2 = await actorWith(tenantId, "trainer");
  reviewer = await actorWith(tenantId, "reviewer");
  admin = await actorWith(tenantId, "provinceAdmin");
  teacher = await actorWith(tenantId, "teacher");
  const otherTenant = (await seedTenant(owner, buildTenant())).id;
  foreign = await actorWith(otherTenant, "provinceAdmin");
  foreign.grants.push({ role: "reviewer", orgUnitId: null, orgPath: null });
  const cats = await listCategories({ db, actor: trainer });
  categoryId = cats.find((c) => c.name === "学科教学")!.id;
});

describe("course authoring", () => {
  it("a tenant gets the default categories on first use; only administrators add one", async () => {
    const cats = await listCategories({ db, actor: teacher });
    expect(cats.map((c) => c.name)).toContain("师德师风");
    expect(cats).toHaveLength(7);
    expect(await code(addCategory({ db, actor: trainer, input: { name: "劳动教育" } }))).toBe("forbidden");
    await addCategory({ db, actor: admin, input: { name: "劳动教育" } });
    expect(await fieldErrors(addCategory({ db, actor: admin, input: { name: "劳动教育" } }))).toEqual({ name: ["categoryTaken"] });
    expect((await listCategories({ db, actor: trainer })).at(-1)!.name).toBe("劳动教育");
    expect((await listInstitutions({ db, actor: trainer })).map((i) => i.id)).toEqual([institutionId]);
  });

  it("a teacher without an author role cannot create a course", async () => {
    expect(await code(createCourse({ db, actor: teacher, input: facts() }))).toBe("forbidden");
    expect(await code(listMyCourses({ db, actor: teacher }))).toBe("forbidden");
  });

  it("bad facts are refused field by field, and references must exist in this tenant", async () => {
    expect(Object.keys(await fieldErrors(createCourse({ db, actor: trainer, input: facts({ title: "" }) })))).toEqual(["title"]);
    expect(await fieldErrors(createCourse({ db, actor: trainer, input: facts({ institutionId: randomUUID() }) }))).toEqual({ institutionId: ["institutionNotFound"] });
    const video = await insertFile(tenantId, trainer.actorId, "courseVideo", 10);
    expect(await fieldErrors(createCourse({ db, actor: trainer, input: facts({ coverFileId: video }) }))).toEqual({ coverFileId: ["fileNotFound"] });
  });

  it("create → units of every kind → submit → a reviewer approves and the version is published", async () => {
    const c = await courseWithEveryKind(trainer);
    const edit = await getCourseForEdit({ db, actor: trainer, courseId: c.courseId });
    expect(edit.content.sections.map((s) => s.title)).toEqual(["第一章"]);
    expect(edit.content.units.map((u) => u.kind)).toEqual(["video", "document", "quiz", "assignment", "liveSession", "offlineSession", "discussion"]);
    expect(edit.content.units[0]!.config).toMatchObject({ durationSeconds: 240 });
    expect(edit.versions).toMatchObject([{ number: 1, status: "draft", enrolled: 0 }]);

    await submitForReview({ db, actor: trainer, input: { courseId: c.courseId } });
    const queue = await listReviewQueue({ db, actor: reviewer });
    expect(queue.find((q) => q.courseId === c.courseId)).toMatchObject({ number: 1, own: false });
    const preview = await getReviewVersion({ db, actor: reviewer, courseId: c.courseId });
    expect(preview.content.units.find((u) => u.kind === "quiz")!.config).toMatchObject({ questions: [{ correct: ["b"] }, { correct: ["a", "c"] }] });
    // Under review, the author can no longer change it.
    expect(await code(updateFacts({ db, actor: trainer, input: { courseId: c.courseId, facts: facts({ title: "改" }) } }))).toBe("conflict");

    expect(await code(approve({ db, actor: trainer, input: { courseId: c.courseId } }))).toBe("forbidden");
    expect(await code(approve({ db, actor: teacher, input: { courseId: c.courseId } }))).toBe("forbidden");
    await approve({ db, actor: reviewer, input: { courseId: c.courseId } });

    const after = await getCourseForEdit({ db, actor: trainer, courseId: c.courseId });
    expect(after.course).toMatchObject({ status: "published", publishedVersionId: c.versionId, draftVersionId: null });
    expect(after.version).toMatchObject({ status: "published", reviewedBy: reviewer.actorId });
    expect(after.version.publishedAt).toBeInstanceOf(Date);
    expect((await listReviewQueue({ db, actor: reviewer })).some((q) => q.courseId === c.courseId)).toBe(false);
    expect(await code(approve({ db, actor: reviewer, input: { courseId: c.courseId } }))).toBe("conflict");
  });

  it("the owner cannot approve their own course, even as a reviewer", async () => {
    const both: TActor = { ...trainer2, grants: [...trainer2.grants, { role: "reviewer", orgUnitId: null, orgPath: null }] };
    const c = await courseWithEveryKind(both);
    await submitForReview({ db, actor: both, input: { courseId: c.courseId } });
    expect((await listReviewQueue({ db, actor: both })).find((q) => q.courseId === c.courseId)?.own).toBe(true);
    expect(await code(approve({ db, actor: both, input: { courseId: c.courseId } }))).toBe("forbidden");
    expect(await code(sendBack({ db, actor: both, input: { courseId: c.courseId, comment: "自己退回" } }))).toBe("forbidden");
  });

  it("sending back needs a comment and returns the version to draft with it; withdrawing also returns it", async () => {
    const c = await courseWithEveryKind(trainer);
    await submitForReview({ db, actor: trainer, input: { courseId: c.courseId } });
    expect(await fieldErrors(sendBack({ db, actor: reviewer, input: { courseId: c.courseId, comment: "  " } }))).toHaveProperty("comment");
    await sendBack({ db, actor: reviewer, input: { courseId: c.courseId, comment: "视频单元缺少字幕说明。" } });
    const edit = await getCourseForEdit({ db, actor: trainer, courseId: c.courseId });
    expect(edit.version).toMatchObject({ status: "draft", reviewComment: "视频单元缺少字幕说明。" });
    expect(edit.versions[0]).toMatchObject({ status: "draft", reviewComment: "视频单元缺少字幕说明。" });
    // Editable again.
    await updateFacts({ db, actor: trainer, input: { courseId: c.courseId, facts: facts({ title: "改过的标题" }) } });
    await submitForReview({ db, actor: trainer, input: { courseId: c.courseId } });
    expect(await code(withdraw({ db, actor: reviewer, input: { courseId: c.courseId } }))).toBe("notFound");
    await withdraw({ db, actor: trainer, input: { courseId: c.courseId } });
    expect((await getCourseForEdit({ db, actor: trainer, courseId: c.courseId })).version.status).toBe("draft");
  });

  it("an empty course or one with no required unit cannot be submitted", async () => {
    const { courseId } = await createCourse({ db, actor: trainer, input: facts() });
    expect(await fieldErrors(submitForReview({ db, actor: trainer, input: { courseId } }))).toEqual({ form: ["noUnits"] });
    const sectionId = (await getCourseForEdit({ db, actor: trainer, courseId })).content.sections[0]!.id;
    await addUnit({ db, actor: trainer, input: { courseId, sectionId, unit: { kind: "assignment", title: "选做", creditHours: 1, required: false, criterion: { kind: "assignment" }, config: { instructions: "写" } } } });
    expect(await fieldErrors(submitForReview({ db, actor: trainer, input: { courseId } }))).toEqual({ form: ["noRequiredUnit"] });
  });

  it("sections and units can be added, renamed, moved and deleted in the draft", async () => {
    const { courseId } = await createCourse({ db, actor: trainer, input: facts() });
    const first = (await getCourseForEdit({ db, actor: trainer, courseId })).content.sections[0]!.id;
    const { sectionId: second } = await addSection({ db, actor: trainer, input: { courseId, title: "第二章" } });
    await renameSection({ db, actor: trainer, input: { courseId, sectionId: first, title: "导论" } });
    await moveSection({ db, actor: trainer, input: { courseId, sectionId: second, direction: "up" } });
    const unit = (title: string) => ({ kind: "discussion", title, creditHours: 0, required: true, criterion: { kind: "discussion", minPosts: 1 }, config: { prompt: "谈谈" } });
    const a = (await addUnit({ db, actor: trainer, input: { courseId, sectionId: first, unit: unit("甲") } })).unitId;
    const b = (await addUnit({ db, actor: trainer, input: { courseId, sectionId: first, unit: unit("乙") } })).unitId;
    await moveUnit({ db, actor: trainer, input: { courseId, unitId: b, direction: "up" } });
    await moveUnit({ db, actor: trainer, input: { courseId, unitId: b, direction: "up" } }); // already first: nothing moves
    await updateUnit({ db, actor: trainer, input: { courseId, unitId: a, unit: unit("甲改") } });
    expect(await fieldErrors(updateUnit({ db, actor: trainer, input: { courseId, unitId: a, unit: { ...unit("x"), kind: "assignment", criterion: { kind: "assignment" }, config: { instructions: "写" } } } }))).toEqual({ kind: ["kindChanged"] });
    let content = (await getCourseForEdit({ db, actor: trainer, courseId })).content;
    expect(content.sections.map((s) => s.title)).toEqual(["第二章", "导论"]);
    expect(content.units.map((u) => u.title)).toEqual(["乙", "甲改"]);
    await deleteUnit({ db, actor: trainer, input: { courseId, unitId: b } });
    await deleteSection({ db, actor: trainer, input: { courseId, sectionId: second } });
    content = (await getCourseForEdit({ db, actor: trainer, courseId })).content;
    expect(content.sections.map((s) => s.title)).toEqual(["导论"]);
    expect(content.units.map((u) => u.title)).toEqual(["甲改"]);
    // Another trainer of the same province does not see it.
    expect(await code(getCourseForEdit({ db, actor: trainer2, courseId }))).toBe("notFound");
    expect(await code(deleteUnit({ db, actor: trainer2, input: { courseId, unitId: a } }))).toBe("notFound");
  });

  it("files must be this tenant's and of the right purpose; a video's duration comes from the stored file", async () => {
    const { courseId } = await createCourse({ db, actor: trainer, input: facts() });
    const sectionId = (await getCourseForEdit({ db, actor: trainer, courseId })).content.sections[0]!.id;
    const doc = await insertFile(tenantId, trainer.actorId, "courseDocument");
    const videoUnit = (fileId: string) => ({ kind: "video", title: "视频", creditHours: 1, criterion: { kind: "video", minWatchedPercent: 80 }, config: { fileId } });
    expect(await fieldErrors(addUnit({ db, actor: trainer, input: { courseId, sectionId, unit: videoUnit(randomUUID()) } }))).toEqual({ "config.fileId": ["fileNotFound"] });
    expect(await fieldErrors(addUnit({ db, actor: trainer, input: { courseId, sectionId, unit: videoUnit(doc) } }))).toEqual({ "config.fileId": ["fileNotFound"] });
    const foreignVideo = await insertFile(foreign.tenantId, foreign.actorId, "courseVideo", 60);
    expect(await fieldErrors(addUnit({ db, actor: trainer, input: { courseId, sectionId, unit: videoUnit(foreignVideo) } }))).toEqual({ "config.fileId": ["fileNotFound"] });
    const video = await insertFile(tenantId, trainer.actorId, "courseVideo", 321);
    // A duration sent by the browser is ignored: the stored file's is used.
    await addUnit({ db, actor: trainer, input: { courseId, sectionId, unit: { ...videoUnit(video), config: { fileId: video, durationSeconds: 5 } } } });
    expect((await getCourseForEdit({ db, actor: trainer, courseId })).content.units[0]!.config).toEqual({ fileId: video, durationSeconds: 321 });
    const docUnit = { kind: "document", title: "文档", creditHours: 1, criterion: { kind: "document" }, config: { fileId: video } };
    expect(await fieldErrors(addUnit({ db, actor: trainer, input: { courseId, sectionId, unit: docUnit } }))).toEqual({ "config.fileId": ["fileNotFound"] });
  });

  it("a quiz whose correct answer names a missing option is refused with a field error", async () => {
    const { courseId } = await createCourse({ db, actor: trainer, input: facts() });
    const sectionId = (await getCourseForEdit({ db, actor: trainer, courseId })).content.sections[0]!.id;
    const bad = { ...quizQuestions[0]!, correct: ["z"] };
    const errs = await fieldErrors(
      addUnit({ db, actor: trainer, input: { courseId, sectionId, unit: { kind: "quiz", title: "测验", creditHours: 1, criterion: { kind: "quiz", passPercent: 60 }, config: { questions: [bad], attemptLimit: 1 } } } }),
    );
    expect(errs).toEqual({ "config.questions.0.correct": ["正确答案须是选项之一"] });
    expect((await getCourseForEdit({ db, actor: trainer, courseId })).content.units).toHaveLength(0);
  });

  it("a published version cannot be edited, by the service or directly in the database", async () => {
    const c = await publishedCourse(trainer);
    expect(await code(updateFacts({ db, actor: trainer, input: { courseId: c.courseId, facts: facts({ title: "改" }) } }))).toBe("conflict");
    expect(await code(addSection({ db, actor: trainer, input: { courseId: c.courseId, title: "新章" } }))).toBe("conflict");
    expect(await code(deleteUnit({ db, actor: trainer, input: { courseId: c.courseId, unitId: c.unitIds[0] } }))).toBe("conflict");
    const direct = db.withTenant(tenantId, (tx) => tx.update(courseUnit).set({ title: "改" }).where(eq(courseUnit.versionId, c.versionId)));
    // The trigger's refusal (SQLSTATE 23514) becomes a conflict wherever a service meets it.
    expect(await code(frozenAsConflict(direct))).toBe("conflict");
    const content = await db.withTenant(tenantId, (tx) => loadVersionContent(tx, c.versionId));
    expect(content.units[0]!.title).toBe("导读视频");
  });

  it("a new draft keeps unit ids; editing it changes nothing for a teacher on v1; approving it supersedes v1; moved teachers keep progress", async () => {
    const c = await publishedCourse(trainer);
    const enrollmentId = randomUUID();
    await db.withTenant(tenantId, async (tx) => {
      await tx.insert(enrollment).values({ tenantId, id: enrollmentId, courseId: c.courseId, teacherId: teacher.actorId, versionId: c.versionId, source: "self" });
      await tx.insert(unitProgress).values({ tenantId, enrollmentId, unitId: c.unitIds[3]!, graded: "pass", completedAt: new Date() });
    });
    const { versionId: v2 } = await startNewDraft({ db, actor: trainer, input: { courseId: c.courseId } });
    expect(await startNewDraft({ db, actor: trainer, input: { courseId: c.courseId } })).toEqual({ versionId: v2 });
    const draft = await getCourseForEdit({ db, actor: trainer, courseId: c.courseId });
    expect(draft.version).toMatchObject({ id: v2, number: 2, status: "draft", title: "新课标下的大单元教学" });
    expect(draft.content.units.map((u) => u.id)).toEqual(c.unitIds);
    expect(draft.content.sections.map((s) => s.id)).toEqual([c.sectionId]);
    expect(draft.versions.map((v) => [v.number, v.status, v.enrolled])).toEqual([
      [2, "draft", 0],
      [1, "published", 1],
    ]);

    const edited = unitsOfEveryKind("", "")[3]!;
    await updateUnit({ db, actor: trainer, input: { courseId: c.courseId, unitId: c.unitIds[3], unit: { ...edited, title: "教学设计（第二版）" } } });
    await deleteUnit({ db, actor: trainer, input: { courseId: c.courseId, unitId: c.unitIds[6] } });
    const seen = await db.withTenant(tenantId, async (tx) => {
      const [e] = await tx.select().from(enrollment).where(eq(enrollment.id, enrollmentId));
      return loadVersionContent(tx, e!.versionId);
    });
    expect(seen.units.map((u) => u.title)).toContain("教学设计");
    expect(seen.units).toHaveLength(7);

    // Moving onto a version that is not published is refused.
    expect(await code(moveEnrollments({ db, actor: trainer, input: { courseId: c.courseId, toVersionId: v2 } }))).toBe("conflict");

    await submitForReview({ db, actor: trainer, input: { courseId: c.courseId } });
    await approve({ db, actor: reviewer, input: { courseId: c.courseId } });
    const [v1Row] = await db.withTenant(tenantId, (tx) => tx.select().from(courseVersion).where(eq(courseVersion.id, c.versionId)));
    expect(v1Row!.status).toBe("superseded");
    const [courseRow] = await db.withTenant(tenantId, (tx) => tx.select().from(course).where(eq(course.id, c.courseId)));
    // New enrolments take the published version.
    expect(courseRow).toMatchObject({ publishedVersionId: v2, draftVersionId: null, status: "published" });

    expect(await code(moveEnrollments({ db, actor: admin, input: { courseId: c.courseId, toVersionId: v2 } }))).toBe("forbidden");
    expect(await moveEnrollments({ db, actor: trainer, input: { courseId: c.courseId, toVersionId: v2 } })).toEqual({ moved: 1 });
    expect(await moveEnrollments({ db, actor: trainer, input: { courseId: c.courseId, toVersionId: v2 } })).toEqual({ moved: 0 });
    const after = await db.withTenant(tenantId, async (tx) => ({
      e: (await tx.select().from(enrollment).where(eq(enrollment.id, enrollmentId)))[0]!,
      p: await tx.select().from(unitProgress).where(and(eq(unitProgress.enrollmentId, enrollmentId))),
    }));
    expect(after.e.versionId).toBe(v2);
    expect(after.p).toMatchObject([{ unitId: c.unitIds[3], graded: "pass" }]);
    const v2content = await db.withTenant(tenantId, (tx) => loadVersionContent(tx, v2));
    expect(v2content.units.find((u) => u.id === c.unitIds[3])!.title).toBe("教学设计（第二版）");
  });

  it("archiving and restoring a course; a province admin sees every course, a trainer only their own", async () => {
    const c = await publishedCourse(trainer);
    expect(await code(archiveCourse({ db, actor: trainer2, input: { courseId: c.courseId } }))).toBe("notFound");
    await archiveCourse({ db, actor: trainer, input: { courseId: c.courseId } });
    expect(await code(archiveCourse({ db, actor: trainer, input: { courseId: c.courseId } }))).toBe("conflict");
    const mine = await listMyCourses({ db, actor: trainer });
    expect(mine.items.find((i) => i.courseId === c.courseId)).toMatchObject({ courseStatus: "archived", versionNumber: 1, versionStatus: "published", enrolled: 0 });
    await restoreCourse({ db, actor: admin, input: { courseId: c.courseId } });
    expect((await listMyCourses({ db, actor: admin })).items.find((i) => i.courseId === c.courseId)?.courseStatus).toBe("published");
    expect((await listMyCourses({ db, actor: trainer2 })).items.some((i) => i.courseId === c.courseId)).toBe(false);
  });

  it("我的课程 pages by number with the total: page 2 continues page 1; another province's courses are never counted", async () => {
    const author = await actorWith(tenantId, "trainer");
    const made: string[] = [];
    for (let i = 0; i < 22; i++) made.push((await createCourse({ db, actor: author, input: facts({ title: `分页课程${i}` }) })).courseId);
    const p1 = await listMyCourses({ db, actor: author, query: { size: "20" } });
    const p2 = await listMyCourses({ db, actor: author, query: { size: "20", page: "2" } });
    expect([p1.total, p1.items.length, p2.total, p2.items.length, p1.pages]).toEqual([22, 20, 22, 2, 2]);
    expect(p1.query).toEqual({ page: 1, size: 20 });
    expect(new Set([...p1.items, ...p2.items].map((i) => i.courseId))).toEqual(new Set(made));
    // Newest change first: the first two made are on page 2.
    expect(p2.items.map((i) => i.courseId).sort()).toEqual(made.slice(0, 2).sort());
    expect((await listMyCourses({ db, actor: author })).items).toHaveLength(22);
    const everyone = await listMyCourses({ db, actor: admin, query: { size: "100" } });
    expect(everyone.total).toBeGreaterThanOrEqual(22);
    const foreignTotal = (await listMyCourses({ db, actor: foreign })).total;
    expect((await listMyCourses({ db, actor: foreign, query: { size: "100" } })).items.some((i) => made.includes(i.courseId))).toBe(false);
    expect(foreignTotal).toBeLessThan(everyone.total);
    for (const query of [{ page: "0" }, { page: "1001" }, { size: "10" }, { sort: "title" }]) {
      expect(await code(listMyCourses({ db, actor: author, query }))).toBe("badRequest");
    }
  });

  it("another tenant's actor finds none of it", async () => {
    const c = await courseWithEveryKind(trainer);
    await submitForReview({ db, actor: trainer, input: { courseId: c.courseId } });
    const input = { courseId: c.courseId, sectionId: c.sectionId, unitId: c.unitIds[0], title: "x", direction: "up", comment: "x", toVersionId: c.versionId, facts: facts() };
    const unit = unitsOfEveryKind("", "")[3];
    const calls: [string, () => Promise<unknown>][] = [
      ["getCourseForEdit", () => getCourseForEdit({ db, actor: foreign, courseId: c.courseId })],
      ["getReviewVersion", () => getReviewVersion({ db, actor: foreign, courseId: c.courseId })],
      ["updateFacts", () => updateFacts({ db, actor: foreign, input })],
      ["addSection", () => addSection({ db, actor: foreign, input })],
      ["renameSection", () => renameSection({ db, actor: foreign, input })],
      ["moveSection", () => moveSection({ db, actor: foreign, input })],
      ["deleteSection", () => deleteSection({ db, actor: foreign, input })],
      ["addUnit", () => addUnit({ db, actor: foreign, input: { ...input, unit } })],
      ["updateUnit", () => updateUnit({ db, actor: foreign, input: { ...input, unit } })],
      ["moveUnit", () => moveUnit({ db, actor: foreign, input })],
      ["deleteUnit", () => deleteUnit({ db, actor: foreign, input })],
      ["submitForReview", () => submitForReview({ db, actor: foreign, input })],
      ["withdraw", () => withdraw({ db, actor: foreign, input })],
      ["approve", () => approve({ db, actor: foreign, input })],
      ["sendBack", () => sendBack({ db, actor: foreign, input })],
      ["archiveCourse", () => archiveCourse({ db, actor: foreign, input })],
      ["restoreCourse", () => restoreCourse({ db, actor: foreign, input })],
      ["startNewDraft", () => startNewDraft({ db, actor: foreign, input })],
      ["moveEnrollments", () => moveEnrollments({ db, actor: foreign, input: { courseId: c.courseId, toVersionId: c.versionId } })],
    ];
    for (const [name, call] of calls) expect([name, await code(call())]).toEqual([name, "notFound"]);
    expect((await listReviewQueue({ db, actor: foreign })).some((q) => q.courseId === c.courseId)).toBe(false);
    expect((await listMyCourses({ db, actor: foreign })).items.some((i) => i.courseId === c.courseId)).toBe(false);
    expect((await listCategories({ db, actor: foreign })).some((cat) => cat.id === categoryId)).toBe(false);
    // And nothing changed.
    expect((await getReviewVersion({ db, actor: reviewer, courseId: c.courseId })).content.version.status).toBe("inReview");
  });
});
