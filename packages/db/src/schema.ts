import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  date,
  numeric,
  integer,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * Tenant-owned tables all follow one pattern: `tenant_id` NOT NULL, primary key (tenant_id, id),
 * every unique key and foreign key leading with tenant_id, and row-level security ENABLED and FORCED
 * with a policy on `app.tenant_id` (written in the SQL migration; drizzle-kit emits no FORCE).
 * `src/catalog.integration.test.ts` fails when a table breaks the pattern.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** One province (or the platform itself). Not tenant-owned: the app role may only read it. */
export const tenant = pgTable("tenant", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  code: text("code").notNull(),
  kind: text("kind", { enum: ["province", "platform"] }).notNull().default("province"),
  status: text("status", { enum: ["active", "suspended"] }).notNull().default("active"),
  settings: jsonb("settings").notNull().default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
});

export const orgUnit = pgTable(
  "org_unit",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    parentId: uuid("parent_id"),
    kind: text("kind", {
      enum: ["province", "city", "county", "school", "developmentCenter", "trainingInstitution"],
    }).notNull(),
    name: text("name").notNull(),
    code: text("code").notNull(),
    /** Materialised path of ids from the root, `/a/b/c/`: a subtree is one prefix scan. */
    path: text("path").notNull(),
    attributes: jsonb("attributes").notNull().default(sql`'{}'::jsonb`),
    status: text("status", { enum: ["active", "inactive"] }).notNull().default("active"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("org_unit_tenant_code_key").on(t.tenantId, t.code),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    // text_pattern_ops so that `path LIKE '/a/b/%'` (a subtree) is an index range scan.
    index("org_unit_tenant_path_idx").on(t.tenantId, sql`${t.path} text_pattern_ops`),
    index("org_unit_tenant_name_idx").on(t.tenantId, t.name),
  ],
);

export const user = pgTable(
  "user",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    login: text("login").notNull(),
    passwordHash: text("password_hash").notNull(),
    displayName: text("display_name").notNull(),
    status: text("status", { enum: ["active", "disabled"] }).notNull().default("active"),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("user_tenant_login_key").on(t.tenantId, t.login)],
);

export const roleAssignment = pgTable(
  "role_assignment",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id").notNull(),
    role: text("role", {
      enum: ["platformOperator", "provinceAdmin", "orgAdmin", "reviewer", "trainer", "masterTeacher", "teacher"],
    }).notNull(),
    /** The subtree the role applies to; null for platform-wide roles. */
    orgUnitId: uuid("org_unit_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("role_assignment_key").on(t.tenantId, t.userId, t.role, t.orgUnitId).nullsNotDistinct(),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
  ],
);

/** Lucia-style session: the id is the SHA-256 (hex) of the cookie's token; the token itself is never stored. */
export const session = pgTable(
  "session",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: text("id").notNull(),
    userId: uuid("user_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }).onDelete("cascade"),
    index("session_tenant_user_idx").on(t.tenantId, t.userId),
  ],
);

/** Append-only: the app role may insert and read, never update or delete (see the grants migration). */
export const auditEvent = pgTable(
  "audit_event",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    actorId: uuid("actor_id"),
    action: text("action").notNull(),
    /** What the action was done to, e.g. `orgUnit:<id>` or `user:<id>`. */
    target: text("target"),
    /** The client address the action came from, when it came over HTTP. */
    ip: text("ip"),
    /** Where in the org tree the action happened (the unit's or the person's path), so subtree admins see it. */
    orgPath: text("org_path"),
    data: jsonb("data").notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("audit_event_tenant_occurred_idx").on(t.tenantId, t.occurredAt),
    index("audit_event_tenant_path_idx").on(t.tenantId, sql`${t.orgPath} text_pattern_ops`),
  ],
);

/**
 * A teacher's profile. The school may change (a transfer); the user, their history and credits stay.
 * `org_path` copies the school's path so that "teachers under this county" is one indexed prefix scan
 * with keyset pagination, even with 500,000 teachers; it is rewritten when a school moves.
 */
export const teacherProfile = pgTable(
  "teacher_profile",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    userId: uuid("user_id").notNull(),
    teacherNo: text("teacher_no").notNull(),
    name: text("name").notNull(),
    gender: text("gender", { enum: ["male", "female"] }).notNull(),
    phone: text("phone").notNull(),
    email: text("email"),
    schoolId: uuid("school_id").notNull(),
    orgPath: text("org_path").notNull(),
    stages: text("stages").array().notNull().default(sql`'{}'::text[]`),
    subjects: text("subjects").array().notNull().default(sql`'{}'::text[]`),
    title: text("title"),
    backboneLevel: text("backbone_level", { enum: ["national", "provincial", "city", "county", "school"] }),
    rural: boolean("rural").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    unique("teacher_profile_teacher_no_key").on(t.tenantId, t.teacherNo),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.schoolId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    index("teacher_profile_path_name_idx").on(t.tenantId, sql`${t.orgPath} text_pattern_ops`, t.name, t.userId),
    index("teacher_profile_name_idx").on(t.tenantId, t.name, t.userId),
    index("teacher_profile_phone_idx").on(t.tenantId, t.phone),
  ],
);

/** Every school change of a teacher, never overwritten. */
export const teacherTransfer = pgTable(
  "teacher_transfer",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id").notNull(),
    fromSchoolId: uuid("from_school_id"),
    toSchoolId: uuid("to_school_id").notNull(),
    actorId: uuid("actor_id"),
    movedAt: timestamp("moved_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }).onDelete("cascade"),
    index("teacher_transfer_user_idx").on(t.tenantId, t.userId, t.movedAt),
  ],
);

/** One roster import: its counters are what the progress bar shows. */
export const rosterImport = pgTable(
  "roster_import",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    actorId: uuid("actor_id").notNull(),
    fileName: text("file_name").notNull(),
    fileKey: text("file_key").notNull(),
    status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull().default("queued"),
    totalRows: integer("total_rows"),
    checkedRows: integer("checked_rows").notNull().default(0),
    writtenRows: integer("written_rows").notNull().default(0),
    rejectedRows: integer("rejected_rows").notNull().default(0),
    /** Of the written rows: teachers new to the province, changed, and already exactly as in the file. */
    createdRows: integer("created_rows").notNull().default(0),
    updatedRows: integer("updated_rows").notNull().default(0),
    unchangedRows: integer("unchanged_rows").notNull().default(0),
    /** What the import read past without refusing the file (title rows, ignored columns), in Chinese. */
    notes: text("notes").array().notNull().default(sql`'{}'::text[]`),
    reportKey: text("report_key"),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("roster_import_created_idx").on(t.tenantId, t.createdAt)],
);

/** One export of a people list: the filters it was asked with, its counters and its file. */
export const peopleExport = pgTable(
  "people_export",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    actorId: uuid("actor_id").notNull(),
    query: jsonb("query").notNull().default(sql`'{}'::jsonb`),
    status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull().default("queued"),
    totalRows: integer("total_rows"),
    writtenRows: integer("written_rows").notNull().default(0),
    fileKey: text("file_key"),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("people_export_created_idx").on(t.tenantId, t.createdAt)],
);

// ─── Courses (issue 4) ───────────────────────────────────────────────────────────────────────────

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
    purpose: text("purpose", { enum: ["courseVideo", "courseDocument", "courseCover", "assignment", "creditProof", "studioResource", "liveSlides"] }).notNull(),
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

// ─── Completion and the credit ledger (issue 5) ──────────────────────────────────────────────────

/**
 * Every learning action, as received from the `progress` queue: append-only, and unique per
 * (tenant, event id), so a redelivered job finds its event already there and does nothing. Postgres is
 * the system of record; unit progress, completion and credit can be rebuilt from this table.
 */
export const progressEvent = pgTable(
  "progress_event",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    eventId: uuid("event_id").notNull(),
    /** Null only for `studioAttended` and `coTeachingAttended` (no enrolment; decisions 003 and 005). */
    enrollmentId: uuid("enrollment_id"),
    unitId: uuid("unit_id"),
    actorId: uuid("actor_id").notNull(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId] }),
    foreignKey({ columns: [t.tenantId, t.enrollmentId], foreignColumns: [enrollment.tenantId, enrollment.id] }),
    index("progress_event_enrollment_unit_idx").on(t.tenantId, t.enrollmentId, t.unitId),
    check(
      "progress_event_subject_check",
      sql`(${t.enrollmentId} is not null and ${t.unitId} is not null) or (${t.kind} in ('studioAttended', 'coTeachingAttended') and ${t.payload} ? 'liveSessionId')`,
    ),
    index("progress_event_studio_idx").on(t.tenantId, t.actorId).where(sql`${t.kind} = 'studioAttended'`),
    index("progress_event_coteaching_idx").on(t.tenantId, t.actorId).where(sql`${t.kind} = 'coTeachingAttended'`),
  ],
);

/**
 * The 学分银行 ledger: one row per award, append-only (the app role may insert and read, nothing else).
 * Raw 学时 with category, organiser level and role; 学分 and totals are computed by the tenant's rules.
 * A correction is a `reversal` row naming the award it cancels. The unique key makes a second award
 * for the same source impossible (a course completion is one award per teacher and course).
 */
export const creditAward = pgTable(
  "credit_award",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    teacherId: uuid("teacher_id").notNull(),
    source: text("source", { enum: ["courseCompletion", "liveSession", "coTeaching", "external", "manual", "reversal"] }).notNull(),
    /** What the award is for, unique per (teacher, source): the course id, the live session id, the request id … */
    sourceRef: text("source_ref").notNull(),
    title: text("title").notNull(),
    /** Raw 学时, tenths allowed; negative only on reversals. */
    hours: numeric("hours", { precision: 8, scale: 1 }).notNull(),
    category: text("category", {
      enum: ["concentrated", "online", "schoolBased", "shadowing", "outreach", "degree", "studio", "coTeaching", "selfStudy"],
    }).notNull(),
    organiserLevel: text("organiser_level", { enum: ["national", "provincial", "city", "county", "school"] }).notNull(),
    role: text("role", { enum: ["participant", "lead", "assistant"] }).notNull().default("participant"),
    /** The day the award counts for (its cycle and credit year). */
    countsFor: date("counts_for").notNull(),
    /** References to the evidence: completed units, check-ins, attendance, an uploaded proof file … */
    evidence: jsonb("evidence").notNull().default(sql`'[]'::jsonb`),
    reversesAwardId: uuid("reverses_award_id"),
    reason: text("reason"),
    actorId: uuid("actor_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("credit_award_source_key").on(t.tenantId, t.teacherId, t.source, t.sourceRef),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.reversesAwardId], foreignColumns: [t.tenantId, t.id] }),
    index("credit_award_teacher_idx").on(t.tenantId, t.teacherId, t.countsFor),
  ],
);

/** A certificate for an award: a number people read, a code the public verification page takes. */
export const certificate = pgTable(
  "certificate",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    awardId: uuid("award_id").notNull(),
    teacherId: uuid("teacher_id").notNull(),
    number: text("number").notNull(),
    /** Unguessable (128 bits, base32); the public page /verify/<code> takes it. */
    verifyCode: text("verify_code").notNull(),
    status: text("status", { enum: ["pending", "issued"] }).notNull().default("pending"),
    fileKey: text("file_key"),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("certificate_award_key").on(t.tenantId, t.awardId),
    unique("certificate_number_key").on(t.tenantId, t.number),
    unique("certificate_verify_code_key").on(t.tenantId, t.verifyCode),
    foreignKey({ columns: [t.tenantId, t.awardId], foreignColumns: [creditAward.tenantId, creditAward.id] }),
  ],
);

/** A tenant's credit rules, versioned: a new version is a new row; totals are recomputed from raw 学时. */
export const creditPolicy = pgTable(
  "credit_policy",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    version: integer("version").notNull(),
    /** `ZCreditPolicy` in packages/domain: cycle start year and length, required 学时, yearly minimum, category limits. */
    rules: jsonb("rules").notNull(),
    actorId: uuid("actor_id"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
);

/**
 * An award asked for training done elsewhere (校本研修, a national-platform certificate …): submitted by the
 * teacher or a school admin with a proof file, approved by an admin in scope, then written to the ledger.
 * `fingerprint` (issuer + certificate number, or teacher + title + date) finds duplicates.
 */
export const externalAwardRequest = pgTable(
  "external_award_request",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    teacherId: uuid("teacher_id").notNull(),
    submittedBy: uuid("submitted_by").notNull(),
    title: text("title").notNull(),
    issuer: text("issuer").notNull(),
    certificateNo: text("certificate_no"),
    hours: numeric("hours", { precision: 8, scale: 1 }).notNull(),
    category: text("category").notNull(),
    organiserLevel: text("organiser_level").notNull(),
    completedOn: date("completed_on").notNull(),
    proofFileId: uuid("proof_file_id"),
    fingerprint: text("fingerprint").notNull(),
    status: text("status", { enum: ["pending", "approved", "rejected"] }).notNull().default("pending"),
    reviewedBy: uuid("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    comment: text("comment"),
    awardId: uuid("award_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
    index("external_award_request_status_idx").on(t.tenantId, t.status, t.createdAt),
    index("external_award_request_fingerprint_idx").on(t.tenantId, t.teacherId, t.fingerprint),
  ],
);

/**
 * Each teacher's totals under the current policy, kept current by the worker in the same transaction as
 * the award (and recomputable from the ledger): what admin lists and rollups read instead of the ledger.
 */
export const teacherCreditStatus = pgTable(
  "teacher_credit_status",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    teacherId: uuid("teacher_id").notNull(),
    cycleStartYear: integer("cycle_start_year").notNull(),
    cycleHours: numeric("cycle_hours", { precision: 8, scale: 1 }).notNull().default("0"),
    yearHours: numeric("year_hours", { precision: 8, scale: 1 }).notNull().default("0"),
    year: integer("year").notNull(),
    onPace: boolean("on_pace").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.teacherId] }),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
  ],
);

/** Per org unit (school … province) figures for dashboards, rebuilt by a repeatable job. */
export const orgRollup = pgTable(
  "org_rollup",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    orgUnitId: uuid("org_unit_id").notNull(),
    teachers: integer("teachers").notNull().default(0),
    ruralTeachers: integer("rural_teachers").notNull().default(0),
    enrollments: integer("enrollments").notNull().default(0),
    completions: integer("completions").notNull().default(0),
    hoursThisYear: numeric("hours_this_year", { precision: 12, scale: 1 }).notNull().default("0"),
    hoursThisCycle: numeric("hours_this_cycle", { precision: 12, scale: 1 }).notNull().default("0"),
    teachersOnPace: integer("teachers_on_pace").notNull().default(0),
    ruralTeachersOnPace: integer("rural_teachers_on_pace").notNull().default(0),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.orgUnitId] }),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
  ],
);

// ─── Studios and live sessions (issue 6) ─────────────────────────────────────────────────────────

/** Raw bytes (Yjs updates and snapshots). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * A 名师工作室: a master teacher's (the host's) standing group for online teaching research, for a term.
 * Its org unit places it in admins' scopes; its members are in `studio_member`.
 */
export const studio = pgTable(
  "studio",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    hostId: uuid("host_id").notNull(),
    subject: text("subject").notNull(),
    stages: text("stages").array().notNull().default(sql`'{}'::text[]`),
    orgUnitId: uuid("org_unit_id").notNull(),
    termStart: date("term_start", { mode: "string" }).notNull(),
    termEnd: date("term_end", { mode: "string" }).notNull(),
    description: text("description").notNull().default(""),
    status: text("status", { enum: ["active", "archived"] }).notNull().default("active"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("studio_name_key").on(t.tenantId, t.name),
    foreignKey({ columns: [t.tenantId, t.hostId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    index("studio_org_idx").on(t.tenantId, t.orgUnitId),
  ],
);

/**
 * Membership: a teacher applies (applied → active or rejected) or is invited (invited → active);
 * the host's own row has role host. One row per (studio, user); leaving sets status left.
 */
export const studioMember = pgTable(
  "studio_member",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    studioId: uuid("studio_id").notNull(),
    userId: uuid("user_id").notNull(),
    role: text("role", { enum: ["host", "coHost", "member"] }).notNull().default("member"),
    status: text("status", { enum: ["applied", "invited", "active", "rejected", "left"] }).notNull(),
    note: text("note").notNull().default(""),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.studioId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.studioId], foreignColumns: [studio.tenantId, studio.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }),
    index("studio_member_user_idx").on(t.tenantId, t.userId),
  ],
);

/** The studio's annual plan: 集体备课, 课例研讨, 听评课, 专题讲座 … on a date; a live session may run it. */
export const studioActivity = pgTable(
  "studio_activity",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    studioId: uuid("studio_id").notNull(),
    kind: text("kind", { enum: ["lessonPlanning", "lessonStudy", "observation", "lecture", "other"] }).notNull(),
    title: text("title").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    description: text("description").notNull().default(""),
    /** 学时 an attendee earns when the activity's live session is attended long enough. */
    creditHours: numeric("credit_hours", { precision: 5, scale: 1 }).notNull().default("0"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.studioId], foreignColumns: [studio.tenantId, studio.id] }).onDelete("cascade"),
    index("studio_activity_date_idx").on(t.tenantId, t.studioId, t.date),
  ],
);

/** The resource and case library: an uploaded document or video with tags; members-only unless shared. */
export const studioResource = pgTable(
  "studio_resource",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    studioId: uuid("studio_id").notNull(),
    fileId: uuid("file_id").notNull(),
    title: text("title").notNull(),
    kind: text("kind", { enum: ["document", "video"] }).notNull(),
    /** A teaching case (案例) rather than a plain resource. */
    isCase: boolean("is_case").notNull().default(false),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    visibility: text("visibility", { enum: ["members", "tenant"] }).notNull().default("members"),
    uploadedBy: uuid("uploaded_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.studioId], foreignColumns: [studio.tenantId, studio.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.fileId], foreignColumns: [storedFile.tenantId, storedFile.id] }),
    index("studio_resource_idx").on(t.tenantId, t.studioId, t.createdAt),
  ],
);

/** The studio's discussion board: threads (a title) and replies (a parent). */
export const studioPost = pgTable(
  "studio_post",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    studioId: uuid("studio_id").notNull(),
    authorId: uuid("author_id").notNull(),
    parentId: uuid("parent_id"),
    title: text("title"),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.studioId], foreignColumns: [studio.tenantId, studio.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.authorId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    index("studio_post_idx").on(t.tenantId, t.studioId, t.createdAt),
  ],
);

/** 成果: what the studio produced (a lesson plan, a case, a paper, a recorded lesson …), optionally with a file. */
export const studioOutput = pgTable(
  "studio_output",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    studioId: uuid("studio_id").notNull(),
    kind: text("kind", { enum: ["lessonPlan", "case", "paper", "recordedLesson", "other"] }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    authors: text("authors").notNull().default(""),
    fileId: uuid("file_id"),
    activityId: uuid("activity_id"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.studioId], foreignColumns: [studio.tenantId, studio.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.fileId], foreignColumns: [storedFile.tenantId, storedFile.id] }),
    foreignKey({ columns: [t.tenantId, t.activityId], foreignColumns: [studioActivity.tenantId, studioActivity.id] }),
    index("studio_output_idx").on(t.tenantId, t.studioId, t.createdAt),
  ],
);

/**
 * A live session: a studio activity's, or a course's `liveSession` unit's (then `courseId`/`unitId`
 * name the unit, and attendance completes it). The room is `tenant:{tenantId}:session:{id}`.
 */
export const liveSession = pgTable(
  "live_session",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    kind: text("kind", { enum: ["studio", "coTeaching"] }).notNull().default("studio"),
    studioId: uuid("studio_id"),
    activityId: uuid("activity_id"),
    courseId: uuid("course_id"),
    unitId: uuid("unit_id"),
    title: text("title").notNull(),
    hostId: uuid("host_id").notNull(),
    scheduledStart: timestamp("scheduled_start", { withTimezone: true }).notNull(),
    scheduledMinutes: integer("scheduled_minutes").notNull(),
    status: text("status", { enum: ["scheduled", "live", "ended"] }).notNull().default("scheduled"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** The slides (a PDF in the file store) and the page everyone is on. */
    slidesFileId: uuid("slides_file_id"),
    slidePage: integer("slide_page").notNull().default(1),
    /** Breakout groups are open (their chat and documents are live) since this time; null when called back. */
    breakoutsOpenedAt: timestamp("breakouts_opened_at", { withTimezone: true }),
    /** When attendance events went on the `progress` queue (once, after the end). */
    attendanceQueuedAt: timestamp("attendance_queued_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.studioId], foreignColumns: [studio.tenantId, studio.id] }),
    foreignKey({ columns: [t.tenantId, t.activityId], foreignColumns: [studioActivity.tenantId, studioActivity.id] }),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [course.tenantId, course.id] }),
    foreignKey({ columns: [t.tenantId, t.hostId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.slidesFileId], foreignColumns: [storedFile.tenantId, storedFile.id] }),
    index("live_session_studio_idx").on(t.tenantId, t.studioId, t.scheduledStart),
    index("live_session_unit_idx").on(t.tenantId, t.courseId, t.unitId),
  ],
);

/** Who is in the room, and in which role; removal and muting are kept here so a reconnect cannot undo them. */
export const liveParticipant = pgTable(
  "live_participant",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    sessionId: uuid("session_id").notNull(),
    userId: uuid("user_id").notNull(),
    role: text("role", { enum: ["host", "coHost", "participant"] }).notNull().default("participant"),
    muted: boolean("muted").notNull().default(false),
    removed: boolean("removed").notNull().default(false),
    /** The breakout group the participant is in while groups are open. */
    groupId: uuid("group_id"),
    handRaisedAt: timestamp("hand_raised_at", { withTimezone: true }),
    firstJoinedAt: timestamp("first_joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sessionId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }),
  ],
);

/**
 * 双师 co-teaching (issue 7, decision 005): the session's own facts — the 学时 the lecturer and each assistant
 * who stayed earn, and the organiser unit the award's level comes from. One row per `coTeaching` session.
 */
export const liveCoTeaching = pgTable(
  "live_coteaching",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    sessionId: uuid("session_id").notNull(),
    /** 学时 for the session (0–20, tenths); 0 means none. */
    creditHours: numeric("credit_hours", { precision: 3, scale: 1 }).notNull(),
    /** The org unit of the grant that scheduled it (null: a tenant-wide admin, counted as provincial). */
    organiserUnitId: uuid("organiser_unit_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sessionId] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.organiserUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    check("live_coteaching_credit_hours_check", sql`${t.creditHours} >= 0 and ${t.creditHours} <= 20`),
  ],
);

/** A remote classroom of a co-teaching session: a school class and its assistant teacher (辅导教师). */
export const liveClassroom = pgTable(
  "live_classroom",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    /** The order the lecturer listed the classrooms in (tiles show in this order). */
    position: integer("position").notNull(),
    schoolId: uuid("school_id").notNull(),
    grade: text("grade").notNull(),
    className: text("class_name").notNull(),
    headcount: integer("headcount").notNull(),
    assistantId: uuid("assistant_id").notNull(),
    /** The class roster (names) when one was loaded; the attendance sheet then takes names. */
    roster: jsonb("roster").$type<string[]>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("live_classroom_assistant_key").on(t.tenantId, t.sessionId, t.assistantId),
    unique("live_classroom_position_key").on(t.tenantId, t.sessionId, t.position),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.schoolId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.assistantId], foreignColumns: [user.tenantId, user.id] }),
    check("live_classroom_headcount_check", sql`${t.headcount} between 1 and 200`),
    index("live_classroom_assistant_idx").on(t.tenantId, t.assistantId),
  ],
);

/**
 * A question a remote classroom sends the lecturer (the assistant relays the class's question); the
 * lecturer marks it answered. Kept with the session's record.
 */
export const liveClassQuestion = pgTable(
  "live_class_question",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    classroomId: uuid("classroom_id").notNull(),
    body: text("body").notNull(),
    askedBy: uuid("asked_by").notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.classroomId], foreignColumns: [liveClassroom.tenantId, liveClassroom.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.askedBy], foreignColumns: [user.tenantId, user.id] }),
    check("live_class_question_body_check", sql`char_length(${t.body}) between 1 and 500`),
    index("live_class_question_classroom_idx").on(t.tenantId, t.classroomId, t.createdAt),
  ],
);

/** The assistant's attendance sheet for their classroom: one per classroom, saved again as it changes. */
export const liveClassroomAttendance = pgTable(
  "live_classroom_attendance",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    classroomId: uuid("classroom_id").notNull(),
    presentCount: integer("present_count").notNull(),
    /** Who is present, when the class has a roster (present_count is then their number). */
    presentNames: jsonb("present_names").$type<string[]>(),
    recordedBy: uuid("recorded_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.classroomId] }),
    foreignKey({ columns: [t.tenantId, t.classroomId], foreignColumns: [liveClassroom.tenantId, liveClassroom.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.recordedBy], foreignColumns: [user.tenantId, user.id] }),
    check("live_classroom_attendance_present_check", sql`${t.presentCount} >= 0`),
  ],
);

/** Join and leave times, one row per connection interval (the server writes them; left_at null while in). */
export const liveAttendance = pgTable(
  "live_attendance",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    userId: uuid("user_id").notNull(),
    /** For co-teaching: the classroom the interval counts for. */
    classroomId: uuid("classroom_id"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull(),
    leftAt: timestamp("left_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_attendance_user_idx").on(t.tenantId, t.sessionId, t.userId, t.joinedAt),
    foreignKey({ columns: [t.tenantId, t.classroomId], foreignColumns: [liveClassroom.tenantId, liveClassroom.id] }).onDelete("cascade"),
  ],
);

/**
 * A person invited to one live session (a guest from outside the studio or the course): they may attend
 * as a participant. Revoking deletes the row; the audit of who came is live_attendance.
 */
export const liveInvite = pgTable(
  "live_invite",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    sessionId: uuid("session_id").notNull(),
    userId: uuid("user_id").notNull(),
    invitedBy: uuid("invited_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sessionId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.invitedBy], foreignColumns: [user.tenantId, user.id] }),
    index("live_invite_user_idx").on(t.tenantId, t.userId),
  ],
);

/** Breakout groups of a session (each with its own chat and document). */
export const liveGroup = pgTable(
  "live_group",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_group_session_idx").on(t.tenantId, t.sessionId, t.position),
  ],
);

/** Chat, kept after the session (the room's record); a group's chat has its group id. Deletion is a mark. */
export const liveChatMessage = pgTable(
  "live_chat_message",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    groupId: uuid("group_id"),
    authorId: uuid("author_id").notNull(),
    body: text("body").notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_chat_session_idx").on(t.tenantId, t.sessionId, t.createdAt),
  ],
);

/** A poll the host asks; answers in `live_poll_answer`, one per participant. */
export const livePoll = pgTable(
  "live_poll",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    question: text("question").notNull(),
    options: jsonb("options").$type<string[]>().notNull(),
    status: text("status", { enum: ["open", "closed"] }).notNull().default("open"),
    createdAt: createdAt(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_poll_session_idx").on(t.tenantId, t.sessionId, t.createdAt),
  ],
);

export const livePollAnswer = pgTable(
  "live_poll_answer",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    pollId: uuid("poll_id").notNull(),
    userId: uuid("user_id").notNull(),
    option: integer("option").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.pollId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.pollId], foreignColumns: [livePoll.tenantId, livePoll.id] }).onDelete("cascade"),
  ],
);

/**
 * A classroom's answer to a poll, given by its assistant for the whole class: the class's choice, or a count
 * per option. The primary key (tenant, poll, classroom) makes a class count once.
 */
export const liveClassPollAnswer = pgTable(
  "live_class_poll_answer",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    pollId: uuid("poll_id").notNull(),
    classroomId: uuid("classroom_id").notNull(),
    answeredBy: uuid("answered_by").notNull(),
    choice: integer("choice"),
    counts: jsonb("counts").$type<number[]>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.pollId, t.classroomId] }),
    foreignKey({ columns: [t.tenantId, t.pollId], foreignColumns: [livePoll.tenantId, livePoll.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.classroomId], foreignColumns: [liveClassroom.tenantId, liveClassroom.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.answeredBy], foreignColumns: [user.tenantId, user.id] }),
    check("live_class_poll_answer_one_check", sql`(${t.choice} is null) <> (${t.counts} is null)`),
    index("live_class_poll_answer_classroom_idx").on(t.tenantId, t.classroomId),
  ],
);

/** Whiteboard strokes over a slide page; undo marks one's own stroke removed, the host's clear marks them all. */
export const liveStroke = pgTable(
  "live_stroke",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    sessionId: uuid("session_id").notNull(),
    page: integer("page").notNull(),
    authorId: uuid("author_id").notNull(),
    data: jsonb("data").notNull(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_stroke_page_idx").on(t.tenantId, t.sessionId, t.page, t.createdAt),
  ],
);

/**
 * The shared lesson-plan documents (Yjs): every update as received (`kind` update), and snapshots of the
 * whole state (`kind` snapshot) taken now and then and at the end, which are the versions shown after the
 * session. `docKey` is `main` or `group:<groupId>`.
 */
export const liveDocUpdate = pgTable(
  "live_doc_update",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    docKey: text("doc_key").notNull(),
    kind: text("kind", { enum: ["update", "snapshot"] }).notNull(),
    data: bytea("data").notNull(),
    authorId: uuid("author_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_doc_update_idx").on(t.tenantId, t.sessionId, t.docKey, t.createdAt),
  ],
);
