import { sql } from "drizzle-orm";
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";
import { orgUnit, tenant, user } from "./tenancy.ts";

// Courses (issue 4): categories, stored files, versions, sections, units, enrolments and classwork.

/** A course category (师德师风, 学科教学 …): each tenant starts with the defaults and may add its own. */
export const courseCategory = pgTable(
  "course_category",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("course_category_name_key").on(t.tenantId, t.name)],
);

/**
 * A stored file (video, PDF, cover image, assignment attachment). The bytes live in the file store under
 * `<tenant>/<area>/<id>.<ext>`; this row says what they are (type sniffed from the first bytes, never the
 * name) and who uploaded them. Downloads check access through what the file is attached to.
 */
export const storedFile = pgTable(
  "stored_file",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    ownerId: uuid("owner_id").notNull(),
    purpose: text("purpose", { enum: ["courseVideo", "courseDocument", "courseCover", "assignment", "creditProof", "studioResource", "liveSlides", "projectBrief", "projectReport", "hoursImport"] }).notNull(),
    mime: text("mime").notNull(),
    key: text("key").notNull(),
    size: integer("size").notNull(),
    originalName: text("original_name").notNull(),
    durationSeconds: integer("duration_seconds"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [user.tenantId, user.id] }),
  ],
);

/**
 * A course: who owns it and which version teachers see. Everything a teacher reads lives in versions;
 * `published_version_id` is the one new enrolments get, `draft_version_id` the one being edited.
 */
export const course = pgTable(
  "course",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    ownerId: uuid("owner_id").notNull(),
    status: text("status", { enum: ["draft", "published", "archived"] }).notNull().default("draft"),
    publishedVersionId: uuid("published_version_id"),
    draftVersionId: uuid("draft_version_id"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [user.tenantId, user.id] }),
    index("course_owner_idx").on(t.tenantId, t.ownerId),
  ],
);

/**
 * One version of a course: the catalogue facts and, through sections and units, the content. A version
 * is edited while `draft`, read-only while `inReview`, and frozen for good once `published` (a newer
 * published version makes it `superseded`; teachers enrolled on it keep it).
 */
export const courseVersion = pgTable(
  "course_version",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    courseId: uuid("course_id").notNull(),
    number: integer("number").notNull(),
    status: text("status", { enum: ["draft", "inReview", "published", "superseded"] }).notNull().default("draft"),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    coverFileId: uuid("cover_file_id"),
    stages: text("stages").array().notNull().default(sql`'{}'::text[]`),
    subjects: text("subjects").array().notNull().default(sql`'{}'::text[]`),
    categoryId: uuid("category_id").notNull(),
    institutionId: uuid("institution_id").notNull(),
    /** Total 学时 as announced; units carry their own. Tenths of an hour. */
    creditHours: text("credit_hours").notNull().default("0"),
    enrollmentMode: text("enrollment_mode", { enum: ["open", "assigned"] }).notNull().default("open"),
    enrollOpensAt: timestamp("enroll_opens_at", { withTimezone: true }),
    enrollClosesAt: timestamp("enroll_closes_at", { withTimezone: true }),
    studyStartsAt: timestamp("study_starts_at", { withTimezone: true }),
    studyEndsAt: timestamp("study_ends_at", { withTimezone: true }),
    reviewComment: text("review_comment"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("course_version_number_key").on(t.tenantId, t.courseId, t.number),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [course.tenantId, course.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [courseCategory.tenantId, courseCategory.id] }),
    foreignKey({ columns: [t.tenantId, t.institutionId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    index("course_version_status_idx").on(t.tenantId, t.status),
  ],
);

export const courseSection = pgTable(
  "course_section",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    versionId: uuid("version_id").notNull(),
    /** Stable across versions, like unit ids. */
    id: uuid("id").notNull().defaultRandom(),
    position: integer("position").notNull(),
    title: text("title").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.versionId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.versionId], foreignColumns: [courseVersion.tenantId, courseVersion.id] }).onDelete("cascade"),
  ],
);

/**
 * A unit of one version. `id` is stable across versions ("the same unit"), so progress recorded against
 * it follows a teacher moved to a newer version; the row's key is (tenant, version, id).
 * `config` holds the kind's settings (validated by `ZUnitConfig` in packages/domain), `criterion` its
 * completion rule (`ZCriterion`).
 */
export const courseUnit = pgTable(
  "course_unit",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    versionId: uuid("version_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    sectionId: uuid("section_id").notNull(),
    position: integer("position").notNull(),
    kind: text("kind", { enum: ["video", "document", "quiz", "assignment", "liveSession", "offlineSession", "discussion"] }).notNull(),
    title: text("title").notNull(),
    creditHours: text("credit_hours").notNull().default("0"),
    required: boolean("required").notNull().default(true),
    criterion: jsonb("criterion").notNull(),
    config: jsonb("config").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.versionId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.versionId, t.sectionId], foreignColumns: [courseSection.tenantId, courseSection.versionId, courseSection.id] }).onDelete("cascade"),
    index("course_unit_id_idx").on(t.tenantId, t.id),
  ],
);

/** A teacher on a course: one per (tenant, teacher, course), on one version. */
export const enrollment = pgTable(
  "enrollment",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    courseId: uuid("course_id").notNull(),
    teacherId: uuid("teacher_id").notNull(),
    versionId: uuid("version_id").notNull(),
    source: text("source", { enum: ["self", "assigned", "project"] }).notNull(),
    status: text("status", { enum: ["active", "completed", "withdrawn"] }).notNull().default("active"),
    deadline: timestamp("deadline", { withTimezone: true }),
    assignedBy: uuid("assigned_by"),
    enrolledAt: timestamp("enrolled_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("enrollment_teacher_course_key").on(t.tenantId, t.teacherId, t.courseId),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [course.tenantId, course.id] }),
    foreignKey({ columns: [t.tenantId, t.versionId], foreignColumns: [courseVersion.tenantId, courseVersion.id] }),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
    index("enrollment_course_idx").on(t.tenantId, t.courseId, t.enrolledAt),
  ],
);

/**
 * The facts recorded for one unit of one enrolment: what the completion criterion reads (`TUnitFacts`
 * in packages/domain). Keyed by the stable unit id, so it survives a move to a newer version.
 */
export const unitProgress = pgTable(
  "unit_progress",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    enrollmentId: uuid("enrollment_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    playedRanges: jsonb("played_ranges").notNull().default(sql`'[]'::jsonb`),
    opened: boolean("opened").notNull().default(false),
    bestScorePercent: integer("best_score_percent"),
    graded: text("graded", { enum: ["pass", "fail"] }),
    attendedMinutes: integer("attended_minutes").notNull().default(0),
    checkedIn: boolean("checked_in").notNull().default(false),
    posts: integer("posts").notNull().default(0),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.enrollmentId, t.unitId] }),
    foreignKey({ columns: [t.tenantId, t.enrollmentId], foreignColumns: [enrollment.tenantId, enrollment.id] }).onDelete("cascade"),
  ],
);

export const quizAttempt = pgTable(
  "quiz_attempt",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    enrollmentId: uuid("enrollment_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    number: integer("number").notNull(),
    /** The question ids in the order this attempt showed them (shuffled per attempt). */
    questionOrder: jsonb("question_order").notNull(),
    answers: jsonb("answers"),
    scorePercent: integer("score_percent"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("quiz_attempt_number_key").on(t.tenantId, t.enrollmentId, t.unitId, t.number),
    foreignKey({ columns: [t.tenantId, t.enrollmentId], foreignColumns: [enrollment.tenantId, enrollment.id] }).onDelete("cascade"),
  ],
);

export const assignmentSubmission = pgTable(
  "assignment_submission",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    enrollmentId: uuid("enrollment_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    body: text("body").notNull().default(""),
    fileId: uuid("file_id"),
    status: text("status", { enum: ["submitted", "pass", "fail"] }).notNull().default("submitted"),
    gradeComment: text("grade_comment"),
    gradedBy: uuid("graded_by"),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.enrollmentId], foreignColumns: [enrollment.tenantId, enrollment.id] }).onDelete("cascade"),
    index("assignment_submission_status_idx").on(t.tenantId, t.status, t.submittedAt),
  ],
);

/** One check-in per teacher per offline session (unit): the key makes a second one impossible. */
export const offlineCheckIn = pgTable(
  "offline_check_in",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    enrollmentId: uuid("enrollment_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    late: boolean("late").notNull(),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.enrollmentId, t.unitId] }),
    foreignKey({ columns: [t.tenantId, t.enrollmentId], foreignColumns: [enrollment.tenantId, enrollment.id] }).onDelete("cascade"),
  ],
);

export const discussionPost = pgTable(
  "discussion_post",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    courseId: uuid("course_id").notNull(),
    unitId: uuid("unit_id").notNull(),
    authorId: uuid("author_id").notNull(),
    parentId: uuid("parent_id"),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [course.tenantId, course.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.authorId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    index("discussion_post_unit_idx").on(t.tenantId, t.courseId, t.unitId, t.createdAt),
  ],
);
