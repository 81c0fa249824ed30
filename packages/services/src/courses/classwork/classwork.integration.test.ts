import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollment, storedFile, unitProgress } from "@yanxiu/db/schema";
import { testDatabase, testOwnerDatabase, testRedis } from "../../testing.ts";
import { seedFixtureCourse, type TFixtureCourse } from "../test-fixtures.ts";
import {
  addPost,
  assignEnrollments,
  checkIn,
  classList,
  exportClassList,
  exportGradingQueue,
  gradeSubmission,
  gradingQueue,
  listPosts,
  submitAssignment,
  unitPanel,
} from "./index.ts";
import { codeOf, enrol, seedClassworkWorld } from "./test-setup.ts";

const owner = testOwnerDatabase();
const db = testDatabase();
const redis = testRedis();
type TWorld = Awaited<ReturnType<typeof seedClassworkWorld>>;
type TTeacher = Awaited<ReturnType<TWorld["teacherAt"]>>;
let w: TWorld;
let other: TWorld;
let course: TFixtureCourse;
let assignment: string;
let discussion: string;
let discussion2: string;
let t1: TTeacher;
let t2: TTeacher;
let outsider: TTeacher;

afterAll(async () => {
  for (const x of [w, other]) {
    await x.producer.close();
    await x.progressQueue.close();
  }
  redis.disconnect();
  await db.close();
  await owner.close();
});

beforeAll(async () => {
  w = await seedClassworkWorld(owner, redis);
  other = await seedClassworkWorld(owner, redis);
  course = await seedFixtureCourse(db, w.tenantId, {
    ownerId: w.owner.actorId,
    institutionId: w.units.center.id,
    kinds: ["assignment", "discussion", "discussion", "offlineSession"],
  });
  [assignment, discussion, discussion2] = course.unitIds as [string, string, string];
  t1 = await w.teacherAt(w.units.schoolA.id);
  t2 = await w.teacherAt(w.units.schoolB.id);
  outsider = await w.teacherAt(w.units.schoolA.id);
  await enrol(db, w.tenantId, course, t1.userId);
  await enrol(db, w.tenantId, course, t2.userId);
});

const queued = async (kind: string, match: (data: { payload: Record<string, unknown>; enrollmentId: string }) => boolean) => {
  const jobs = await w.progressQueue.getJobs(["waiting", "prioritized", "delayed"]);
  return jobs.some((j) => j.data.kind === kind && match(j.data));
};
const enrollmentOf = async (t: TTeacher) =>
  (await db.withTenant(w.tenantId, (tx) => tx.select().from(enrollment).where(and(eq(enrollment.teacherId, t.userId), eq(enrollment.courseId, course.courseId)))))[0]!;
const progressOf = async (t: TTeacher, unitId: string) => {
  const e = await enrollmentOf(t);
  return (await db.withTenant(w.tenantId, (tx) => tx.select().from(unitProgress).where(and(eq(unitProgress.enrollmentId, e.id), eq(unitProgress.unitId, unitId)))))[0];
};

describe("assignments", () => {
  const submit = (t: TTeacher, input: Record<string, unknown>) =>
    submitAssignment({ db, producer: w.producer, actor: t.actor, input: { courseId: course.courseId, unitId: assignment, ...input } });

  it("a teacher may resubmit only after a fail; a pass completes the unit and both steps are queued", async () => {
    expect(await codeOf(submit(t1, { body: "" }))).toBe("badRequest");
    const first = await submit(t1, { body: "我的教学反思" });
    expect(await queued("assignmentSubmitted", (d) => d.payload.submissionId === first.id)).toBe(true);
    expect(await codeOf(submit(t1, { body: "再交一次" }))).toBe("assignmentAwaitingGrade");

    const queue = await gradingQueue({ db, actor: w.owner, courseId: course.courseId });
    expect(queue.items.map((i) => [i.submissionId, i.name, i.school])).toEqual([[first.id, t1.name, "甲县一中"]]);
    expect(await codeOf(gradeSubmission({ db, producer: w.producer, actor: w.owner, input: { submissionId: first.id, result: "fail" } }))).toBe("badRequest");
    await gradeSubmission({ db, producer: w.producer, actor: w.owner, input: { submissionId: first.id, result: "fail", comment: "请结合课例" } });
    expect(await codeOf(gradeSubmission({ db, producer: w.producer, actor: w.owner, input: { submissionId: first.id, result: "pass" } }))).toBe("alreadyGraded");
    expect((await progressOf(t1, assignment))?.completedAt).toBeNull();

    const panel = await unitPanel({ db, actor: t1.actor, courseId: course.courseId, unitId: assignment });
    expect(panel.kind === "assignment" && panel.canSubmit && panel.submissions[0]?.comment).toBe("请结合课例");

    const second = await submit(t1, { body: "改过的反思" });
    const r = await gradeSubmission({ db, producer: w.producer, actor: w.owner, input: { submissionId: second.id, result: "pass", comment: "很好" } });
    expect(r.unitComplete).toBe(true);
    const p = await progressOf(t1, assignment);
    expect(p?.graded).toBe("pass");
    expect(p?.completedAt).not.toBeNull();
    expect(await queued("assignmentGraded", (d) => d.payload.submissionId === second.id && d.payload.result === "pass")).toBe(true);
    expect(await codeOf(submit(t1, { body: "第三次" }))).toBe("assignmentPassed");
    const after = await unitPanel({ db, actor: t1.actor, courseId: course.courseId, unitId: assignment });
    expect(after.state).toBe("complete");
    expect((await gradingQueue({ db, actor: w.owner, courseId: course.courseId })).items).toEqual([]);
  });

  it("a file must be the teacher's own assignment upload", async () => {
    const fileId = crypto.randomUUID();
    await db.withTenant(w.tenantId, (tx) =>
      tx.insert(storedFile).values({ tenantId: w.tenantId, id: fileId, ownerId: t1.userId, purpose: "assignment", mime: "application/pdf", key: `k/${fileId}.pdf`, size: 1, originalName: "反思.pdf" }),
    );
    expect(await codeOf(submit(t2, { fileId }))).toBe("badRequest");
    const mine = await submit(t2, { fileId: "", body: "正文" });
    const queue = await gradingQueue({ db, actor: w.owner, courseId: course.courseId });
    expect(queue.items.map((i) => i.submissionId)).toEqual([mine.id]);
  });

  it("the grading queue exports to .xlsx; a teacher cannot open or grade it", async () => {
    const { stream } = await exportGradingQueue({ db, actor: w.owner, courseId: course.courseId });
    const rows = await readSheet(stream);
    expect(rows[0]).toEqual(["教师编号", "姓名", "学校", "作业", "提交时间", "作业内容", "附件"]);
    expect(rows.slice(1).map((r) => r[1])).toEqual([t2.name]);
    expect(await codeOf(gradingQueue({ db, actor: t1.actor, courseId: course.courseId }))).toBe("forbidden");
    const queue = await gradingQueue({ db, actor: w.owner, courseId: course.courseId });
    expect(await codeOf(gradeSubmission({ db, producer: w.producer, actor: t1.actor, input: { submissionId: queue.items[0]!.submissionId, result: "pass" } }))).toBe("forbidden");
  });
});

describe("discussions", () => {
  const post = (t: { actor: TTeacher["actor"] } | { tenantId: string }, input: Record<string, unknown>) =>
    addPost({ db, producer: w.producer, actor: "actor" in t ? t.actor : (t as TTeacher["actor"]), input: { courseId: course.courseId, unitId: discussion, ...input } });

  it("threads replies under their post, counts a teacher's posts and queues them", async () => {
    const top = await post(t1, { body: "双减之后作业要精。" });
    const reply = await post(t2, { body: "同意。", parentId: top.id });
    // A reply to a reply joins the same thread.
    await addPost({ db, producer: w.producer, actor: w.owner, input: { courseId: course.courseId, unitId: discussion, parentId: reply.id, body: "说得好" } });
    expect(await codeOf(post(t1, { body: "" }))).toBe("badRequest");
    expect(await codeOf(post(t1, { body: "x".repeat(4001) }))).toBe("badRequest");
    const page = await listPosts({ db, actor: t1.actor, courseId: course.courseId, unitId: discussion });
    expect(page.threads).toHaveLength(1);
    expect(page.threads[0]!.replies.map((r) => [r.body, r.byTrainer])).toEqual([
      ["同意。", false],
      ["说得好", true],
    ]);
    expect((await progressOf(t2, discussion))?.posts).toBe(1);
    expect((await progressOf(t2, discussion))?.completedAt).not.toBeNull();
    expect(await queued("discussionPosted", (d) => d.payload.postId === reply.id)).toBe(true);
    const panel = await unitPanel({ db, actor: t1.actor, courseId: course.courseId, unitId: discussion });
    expect(panel.kind === "discussion" && [panel.myPosts, panel.minPosts]).toEqual([1, 1]);
  });

  it("a reply whose parent is in another unit is refused; people not on the course cannot read or post", async () => {
    const elsewhere = await addPost({ db, producer: w.producer, actor: t1.actor, input: { courseId: course.courseId, unitId: discussion2, body: "另一个话题" } });
    expect(await codeOf(post(t1, { body: "回复", parentId: elsewhere.id }))).toBe("badRequest");
    expect(await codeOf(post(outsider, { body: "我没报名" }))).toBe("notFound");
    expect(await codeOf(listPosts({ db, actor: outsider.actor, courseId: course.courseId, unitId: discussion }))).toBe("notFound");
    // An assignment unit is not a discussion.
    expect(await codeOf(post(t1, { unitId: assignment, body: "错单元" }))).toBe("notFound");
  });
});

describe("assigned enrolment", () => {
  it("by subtree reaches only the teachers under it, and never another province's", async () => {
    const c = await seedFixtureCourse(db, w.tenantId, { ownerId: w.owner.actorId, institutionId: w.units.center.id, kinds: ["assignment"] });
    const a1 = await w.teacherAt(w.units.schoolA.id);
    const a2 = await w.teacherAt(w.units.schoolA.id, "juniorSecondary");
    const b1 = await w.teacherAt(w.units.schoolB.id);
    const foreign = await other.teacherAt(other.units.schoolA.id);
    await enrol(db, w.tenantId, c, a1.userId);
    const r = await assignEnrollments({ db, actor: w.owner, input: { by: "subtree", courseId: c.courseId, orgUnitId: w.units.countyA.id, deadline: "2030-01-01" } });
    const enrolled = await db.withTenant(w.tenantId, (tx) => tx.select().from(enrollment).where(eq(enrollment.courseId, c.courseId)));
    const ids = new Set(enrolled.map((e) => e.teacherId));
    expect(ids.has(a2.userId) && ids.has(t1.userId) && ids.has(a1.userId)).toBe(true);
    expect(ids.has(b1.userId) || ids.has(t2.userId) || ids.has(foreign.userId)).toBe(false);
    expect(r.alreadyEnrolled).toBe(1);
    expect(r.added).toBe(enrolled.length - 1);
    const assigned = enrolled.find((e) => e.teacherId === a2.userId)!;
    expect([assigned.source, assigned.assignedBy, assigned.versionId, assigned.deadline?.getUTCFullYear()]).toEqual(["assigned", w.owner.actorId, c.versionId, 2030]);
    // The other province's county is not a unit here.
    expect(await codeOf(assignEnrollments({ db, actor: w.owner, input: { by: "subtree", courseId: c.courseId, orgUnitId: other.units.countyA.id } }))).toBe("notFound");

    const byFilter = await assignEnrollments({ db, actor: w.owner, input: { by: "filter", courseId: c.courseId, stage: "juniorSecondary" } });
    expect(byFilter.added).toBe(0);
  });

  it("by list reports unknown 教师编号 (another province's count as unknown); an admin reaches only their county", async () => {
    const c = await seedFixtureCourse(db, w.tenantId, { ownerId: w.owner.actorId, institutionId: w.units.center.id, kinds: ["assignment"] });
    const foreign = await other.teacherAt(other.units.schoolA.id);
    const r = await assignEnrollments({ db, actor: w.owner, input: { by: "list", courseId: c.courseId, teacherNos: [t1.teacherNo, t1.teacherNo.toLowerCase(), "NOSUCH1", foreign.teacherNo] } });
    expect(r).toEqual({ added: 1, alreadyEnrolled: 0, unknownTeacherNos: ["NOSUCH1", foreign.teacherNo] });
    const admin = await assignEnrollments({ db, actor: w.countyAdminB, input: { by: "list", courseId: c.courseId, teacherNos: [t1.teacherNo, t2.teacherNo] } });
    expect(admin).toEqual({ added: 1, alreadyEnrolled: 0, unknownTeacherNos: [t1.teacherNo] });
    expect(await codeOf(assignEnrollments({ db, actor: w.countyAdminB, input: { by: "subtree", courseId: c.courseId, orgUnitId: w.units.countyA.id } }))).toBe("notFound");
    expect(await codeOf(assignEnrollments({ db, actor: t1.actor, input: { by: "list", courseId: c.courseId, teacherNos: [t2.teacherNo] } }))).toBe("forbidden");
    const draft = await seedFixtureCourse(db, w.tenantId, { ownerId: w.owner.actorId, institutionId: w.units.center.id, kinds: ["assignment"], status: "draft" });
    expect(await codeOf(assignEnrollments({ db, actor: w.owner, input: { by: "list", courseId: draft.courseId, teacherNos: [t1.teacherNo] } }))).toBe("courseNotPublished");
    const archived = await seedFixtureCourse(db, w.tenantId, { ownerId: w.owner.actorId, institutionId: w.units.center.id, kinds: ["assignment"], status: "archived" });
    expect(await codeOf(assignEnrollments({ db, actor: w.owner, input: { by: "list", courseId: archived.courseId, teacherNos: [t1.teacherNo] } }))).toBe("courseNotPublished");
  });
});

async function readSheet(stream: NodeJS.ReadableStream): Promise<unknown[][]> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("class list", () => {
  it("lists every enrolment with per-unit state, a page at a time, and exports a readable .xlsx", async () => {
    const first = await classList({ db, actor: w.owner, courseId: course.courseId, limit: 1 });
    expect(first.rows).toHaveLength(1);
    expect(first.next).not.toBeNull();
    const second = await classList({ db, actor: w.owner, courseId: course.courseId, limit: 1, after: first.next });
    expect([first.rows[0]!.teacherId, second.rows[0]!.teacherId]).toEqual([t1.userId, t2.userId]);
    expect(first.rows[0]!.units[assignment]).toBe("complete");
    // Assignment passed and a post in each discussion: three of four required units.
    expect(first.rows[0]!.progressPercent).toBe(75);
    expect(second.rows[0]!.units[discussion]).toBe("complete");

    const { stream } = await exportClassList({ db, actor: w.owner, courseId: course.courseId, pageSize: 1 });
    const rows = await readSheet(stream);
    expect(rows[0]!.slice(0, 7)).toEqual(["教师编号", "姓名", "学校", "报名方式", "截止日期", "报名时间", "完成进度(%)"]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[6], r[7]])).toEqual([
      [t1.teacherNo, t1.name, "甲县一中", "自主选学", 75, "已完成"],
      [t2.teacherNo, t2.name, "乙县一中", "自主选学", 25, "未开始"],
    ]);
  });

  it("a teacher cannot open the trainer's lists; a province admin can, a county admin outside cannot", async () => {
    expect(await codeOf(classList({ db, actor: t1.actor, courseId: course.courseId }))).toBe("forbidden");
    expect(await codeOf(exportClassList({ db, actor: t1.actor, courseId: course.courseId }))).toBe("forbidden");
    expect(await codeOf(classList({ db, actor: w.countyAdminB, courseId: course.courseId }))).toBe("forbidden");
    const provinceAdmin = { tenantId: w.tenantId, actorId: crypto.randomUUID(), grants: [{ role: "provinceAdmin" as const, orgUnitId: w.units.province.id, orgPath: w.units.province.path }] };
    expect((await classList({ db, actor: provinceAdmin, courseId: course.courseId })).rows).toHaveLength(2);
    expect(await codeOf(classList({ db, actor: w.owner, courseId: "not-a-uuid" }))).toBe("notFound");
  });
});

describe("another province", () => {
  it("gets notFound from every classwork service", async () => {
    const foreign = other.owner;
    const teacher = await other.teacherAt(other.units.schoolA.id);
    const c = { courseId: course.courseId };
    const sub = (await gradingQueue({ db, actor: w.owner, courseId: course.courseId })).items[0]!;
    const calls: (() => Promise<unknown>)[] = [
      () => classList({ db, actor: foreign, ...c }),
      () => exportClassList({ db, actor: foreign, ...c }),
      () => gradingQueue({ db, actor: foreign, ...c }),
      () => exportGradingQueue({ db, actor: foreign, ...c }),
      () => gradeSubmission({ db, producer: other.producer, actor: foreign, input: { submissionId: sub.submissionId, result: "pass" } }),
      () => listPosts({ db, actor: foreign, ...c, unitId: discussion }),
      () => addPost({ db, producer: other.producer, actor: teacher.actor, input: { ...c, unitId: discussion, body: "外省" } }),
      () => submitAssignment({ db, producer: other.producer, actor: teacher.actor, input: { ...c, unitId: assignment, body: "外省" } }),
      () => unitPanel({ db, actor: teacher.actor, ...c, unitId: assignment }),
      () => checkIn({ db, redis, producer: other.producer, actor: teacher.actor, checkInSecret: "s", input: { ...c, unitId: course.units.offlineSession!, code: "123456" } }),
      () => assignEnrollments({ db, actor: foreign, input: { by: "list", ...c, teacherNos: [teacher.teacherNo] } }),
    ];
    expect(await Promise.all(calls.map((f) => codeOf(f())))).toEqual(calls.map(() => "notFound"));
  });
});

