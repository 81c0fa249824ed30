import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { defaultCourseCategories, defaultCriterion } from "@yanxiu/domain/courses";
import type { TUnitKind } from "@yanxiu/domain/completion";
import type { OwnerDatabase } from "@yanxiu/db/client";
import { course, courseCategory, courseSection, courseUnit, courseVersion } from "@yanxiu/db/schema";

/**
 * One published demo course per province, so the catalogue is not empty on first start: a blended course
 * with a quiz, an assignment, a discussion and an offline session whose check-in window is open around
 * the time the demo is started. Skipped when the course is already there.
 */
export const demoCourseTitle = "新课标下的大单元教学设计";

const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

const units: { kind: TUnitKind; title: string; creditHours: string; config: unknown }[] = [
  {
    kind: "quiz",
    title: "课标要点自测",
    creditHours: "1",
    config: {
      attemptLimit: 3,
      shuffle: true,
      questions: [
        { id: randomUUID(), kind: "single", prompt: "大单元教学设计首先要明确的是？", options: [{ id: "a", text: "教学进度" }, { id: "b", text: "单元学习目标" }, { id: "c", text: "考试题型" }], correct: ["b"] },
        { id: randomUUID(), kind: "multiple", prompt: "以下哪些属于核心素养导向的评价方式？", options: [{ id: "a", text: "表现性评价" }, { id: "b", text: "过程性评价" }, { id: "c", text: "只看期末分数" }], correct: ["a", "b"] },
        { id: randomUUID(), kind: "trueFalse", prompt: "大单元教学要求打破课时之间的割裂。", options: [{ id: "t", text: "正确" }, { id: "f", text: "错误" }], correct: ["t"] },
      ],
    },
  },
  { kind: "assignment", title: "提交一份大单元教学设计", creditHours: "2", config: { instructions: "结合任教学科，提交一个大单元的教学设计（目标、任务、评价），可附 PDF。" } },
  { kind: "discussion", title: "研讨：大单元与课时教学的关系", creditHours: "1", config: { prompt: "你在备课中如何处理单元整体与课时之间的关系？请分享一个例子。" } },
  {
    kind: "offlineSession",
    title: "集中研修：大单元教学工作坊",
    creditHours: "4",
    config: { startsAt: hours(-1), endsAt: hours(7 * 24), place: "省教师发展中心 201 报告厅", checkInOpensAt: hours(-1), checkInClosesAt: hours(7 * 24), lateAfter: hours(6 * 24) },
  },
];

export async function seedDemoCourse(owner: OwnerDatabase, tenantId: string, opts: { ownerId: string; institutionId: string }) {
  await owner.withTenant(tenantId, async (tx) => {
    const existing = await tx.select({ id: courseVersion.id }).from(courseVersion).where(eq(courseVersion.title, demoCourseTitle)).limit(1);
    if (existing[0]) return;
    const cats = await tx.select().from(courseCategory);
    if (cats.length === 0) {
      await tx.insert(courseCategory).values(defaultCourseCategories.map((name, position) => ({ tenantId, name, position })));
    }
    const [cat] = await tx.select().from(courseCategory).where(eq(courseCategory.name, "学科教学")).limit(1);
    const courseId = randomUUID();
    const versionId = randomUUID();
    const sectionId = randomUUID();
    await tx.insert(course).values({ tenantId, id: courseId, ownerId: opts.ownerId, status: "published" });
    await tx.insert(courseVersion).values({
      tenantId,
      id: versionId,
      courseId,
      number: 1,
      title: demoCourseTitle,
      summary: "围绕义务教育课程方案和课程标准，学习以大概念统领的大单元教学设计，线上学习与集中研修相结合。",
      categoryId: cat!.id,
      institutionId: opts.institutionId,
      creditHours: "8",
      enrollmentMode: "open",
      stages: ["primary", "juniorSecondary"],
      subjects: ["语文", "数学", "英语"],
    });
    await tx.insert(courseSection).values({ tenantId, versionId, id: sectionId, position: 0, title: "第一模块 理念与实践" });
    await tx.insert(courseUnit).values(
      units.map((u, position) => ({ tenantId, versionId, id: randomUUID(), sectionId, position, kind: u.kind, title: u.title, creditHours: u.creditHours, required: true, criterion: defaultCriterion(u.kind), config: u.config })),
    );
    const now = new Date();
    await tx.update(courseVersion).set({ status: "published", submittedAt: now, publishedAt: now }).where(eq(courseVersion.id, versionId));
    await tx.update(course).set({ publishedVersionId: versionId }).where(eq(course.id, courseId));
  });
}
