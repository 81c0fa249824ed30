import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { defaultCriterion } from "@yanxiu/domain/courses";
import type { TUnitKind } from "@yanxiu/domain/completion";
import type { Database } from "@yanxiu/db/client";
import { course, courseCategory, courseSection, courseUnit, courseVersion, storedFile } from "@yanxiu/db/schema";

/**
 * Test data for the course services: a course written straight into the tables (through withTenant, so
 * RLS applies), in any status, with one unit of each kind asked for. Used by integration tests only.
 */
export type TFixtureCourse = {
  courseId: string;
  versionId: string;
  sectionId: string;
  categoryId: string;
  units: Record<string, string>;
  /** Unit ids in order. */
  unitIds: string[];
};

const now = () => new Date();
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000);

export function fixtureUnitConfig(kind: TUnitKind, fileId?: string): unknown {
  switch (kind) {
    case "video":
      return { fileId: fileId ?? randomUUID(), durationSeconds: 100 };
    case "document":
      return { fileId: fileId ?? randomUUID() };
    case "quiz":
      return {
        attemptLimit: 2,
        shuffle: true,
        questions: [
          { id: "00000000-0000-4000-8000-000000000001", kind: "single", prompt: "一加一等于几？", options: [{ id: "a", text: "一" }, { id: "b", text: "二" }], correct: ["b"] },
          { id: "00000000-0000-4000-8000-000000000002", kind: "trueFalse", prompt: "地球是圆的。", options: [{ id: "t", text: "对" }, { id: "f", text: "错" }], correct: ["t"] },
        ],
      };
    case "assignment":
      return { instructions: "写一篇教学反思。" };
    case "liveSession":
      return { startsAt: hoursFromNow(24).toISOString(), durationMinutes: 60 };
    case "offlineSession":
      return {
        startsAt: hoursFromNow(-1).toISOString(),
        endsAt: hoursFromNow(3).toISOString(),
        place: "长沙市岳麓区第一中学报告厅",
        checkInOpensAt: hoursFromNow(-1).toISOString(),
        checkInClosesAt: hoursFromNow(2).toISOString(),
        lateAfter: hoursFromNow(1).toISOString(),
      };
    case "discussion":
      return { prompt: "谈谈你对双减的理解。" };
  }
}

export async function seedFixtureCourse(
  db: Database,
  tenantId: string,
  opts: {
    ownerId: string;
    institutionId: string;
    kinds?: TUnitKind[];
    status?: "draft" | "inReview" | "published" | "archived";
    title?: string;
    facts?: Partial<typeof courseVersion.$inferInsert>;
    /** A stored file row is made for video/document units (no bytes written). */
    withFiles?: boolean;
  },
): Promise<TFixtureCourse> {
  const kinds = opts.kinds ?? ["video", "quiz", "offlineSession"];
  const status = opts.status ?? "published";
  return db.withTenant(tenantId, async (tx) => {
    const [existingCat] = await tx.select().from(courseCategory).where(eq(courseCategory.name, "学科教学")).limit(1);
    const categoryId = existingCat?.id ?? (await tx.insert(courseCategory).values({ tenantId, name: "学科教学" }).returning())[0]!.id;
    const courseId = randomUUID();
    const versionId = randomUUID();
    const sectionId = randomUUID();
    await tx.insert(course).values({ tenantId, id: courseId, ownerId: opts.ownerId, status: status === "archived" ? "archived" : status === "published" ? "published" : "draft" });
    // Content is written while the version is a draft; publishing happens after (the triggers freeze it).
    await tx.insert(courseVersion).values({
      tenantId,
      id: versionId,
      courseId,
      number: 1,
      status: "draft",
      title: opts.title ?? `测试课程${courseId.slice(0, 6)}`,
      summary: "用于测试的课程。",
      categoryId,
      institutionId: opts.institutionId,
      creditHours: "4",
      enrollmentMode: "open",
      stages: ["primary"],
      subjects: ["语文"],
      ...opts.facts,
    });
    await tx.insert(courseSection).values({ tenantId, versionId, id: sectionId, position: 0, title: "第一章" });
    const units: Record<string, string> = {};
    const unitIds: string[] = [];
    for (const [i, kind] of kinds.entries()) {
      const id = randomUUID();
      let fileId: string | undefined;
      if (opts.withFiles && (kind === "video" || kind === "document")) {
        fileId = randomUUID();
        await tx.insert(storedFile).values({
          tenantId,
          id: fileId,
          ownerId: opts.ownerId,
          purpose: kind === "video" ? "courseVideo" : "courseDocument",
          mime: kind === "video" ? "video/webm" : "application/pdf",
          key: `${tenantId}/media/${fileId}.${kind === "video" ? "webm" : "pdf"}`,
          size: 1,
          originalName: kind === "video" ? "lesson.webm" : "doc.pdf",
          durationSeconds: kind === "video" ? 100 : null,
        });
      }
      await tx.insert(courseUnit).values({
        tenantId,
        versionId,
        id,
        sectionId,
        position: i,
        kind,
        title: `${kind}单元`,
        creditHours: "1",
        required: true,
        criterion: defaultCriterion(kind),
        config: fixtureUnitConfig(kind, fileId),
      });
      units[kind] ??= id;
      unitIds.push(id);
    }
    if (status !== "draft") {
      const vStatus = status === "inReview" ? "inReview" : "published";
      await tx
        .update(courseVersion)
        .set({ status: vStatus, submittedAt: now(), publishedAt: vStatus === "published" ? now() : null })
        .where(eq(courseVersion.id, versionId));
      await tx
        .update(course)
        .set(status === "inReview" ? { draftVersionId: versionId } : { publishedVersionId: versionId })
        .where(eq(course.id, courseId));
    } else {
      await tx.update(course).set({ draftVersionId: versionId }).where(eq(course.id, courseId));
    }
    return { courseId, versionId, sectionId, categoryId, units, unitIds };
  });
}
