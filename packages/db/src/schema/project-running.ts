import { sql } from "drizzle-orm";
import { boolean, check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";
import { nomination, trainingProject } from "./projects.ts";
import { orgUnit, tenant, user } from "./tenancy.ts";

// Running a training project (issue 16, decision 023): 编班, the schedule, 报到 and attendance per day. Rules in
// packages/domain/src/projects-running.ts; services in packages/services/src/projects.

/**
 * The 编班计划 of a project: the implementing unit (实施单位, which runs classes and attendance beside the owner),
 * the class size the last automatic split used, and when the class list was published to the trainees.
 */
export const projectClassPlan = pgTable(
  "project_class_plan",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    projectId: uuid("project_id").notNull(),
    implementingUnitId: uuid("implementing_unit_id"),
    classSize: integer("class_size"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedBy: uuid("published_by"),
    /**
     * 两轮报名 (decision 035): applications choose a declared class; round 1 (uncapped) and round 2 (capped, fills
     * the gaps) are China days, inclusive.
     */
    twoRound: boolean("two_round").notNull().default(false),
    round1Opens: date("round1_opens", { mode: "string" }),
    round1Closes: date("round1_closes", { mode: "string" }),
    round2Opens: date("round2_opens", { mode: "string" }),
    round2Closes: date("round2_closes", { mode: "string" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.projectId] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.implementingUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.publishedBy], foreignColumns: [user.tenantId, user.id] }),
    check("project_class_plan_size_check", sql`${t.classSize} is null or ${t.classSize} between 1 and 200`),
    check(
      "project_class_plan_rounds_check",
      sql`not ${t.twoRound} or (${t.round1Opens} <= ${t.round1Closes} and ${t.round1Closes} < ${t.round2Opens} and ${t.round2Opens} <= ${t.round2Closes})`,
    ),
  ],
);

/** A class (班级) of a project: its subject, its name, its 班主任. */
export const projectClass = pgTable(
  "project_class",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    subject: text("subject").notNull().default(""),
    name: text("name").notNull(),
    headTeacherId: uuid("head_teacher_id"),
    /** 两轮报名 (decision 035): 班额 (round 2 fills up to it) and 开班最低人数 (below it the class may be cancelled). */
    cap: integer("cap"),
    minSize: integer("min_size"),
    /** 取消开班: its applicants were released (未录取, 班级未开班). */
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("project_class_name_key").on(t.tenantId, t.projectId, t.name),
    check("project_class_cap_check", sql`(${t.cap} is null or ${t.cap} between 1 and 1000) and (${t.minSize} is null or ${t.minSize} between 0 and ${t.cap})`),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.headTeacherId], foreignColumns: [user.tenantId, user.id] }),
  ],
);

/** A trainee (an approved nomination) in a class: one class per trainee, so moving is one update. */
export const projectClassMember = pgTable(
  "project_class_member",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    nominationId: uuid("nomination_id").notNull(),
    projectId: uuid("project_id").notNull(),
    classId: uuid("class_id").notNull(),
    placedAt: timestamp("placed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.nominationId] }),
    foreignKey({ columns: [t.tenantId, t.nominationId], foreignColumns: [nomination.tenantId, nomination.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.classId], foreignColumns: [projectClass.tenantId, projectClass.id] }),
    index("project_class_member_class_idx").on(t.tenantId, t.classId),
    index("project_class_member_project_idx").on(t.tenantId, t.projectId),
  ],
);

/** A mentor (导师: a 名师 of the province, e.g. a studio host) of a class. */
export const projectClassMentor = pgTable(
  "project_class_mentor",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    classId: uuid("class_id").notNull(),
    userId: uuid("user_id").notNull(),
    projectId: uuid("project_id").notNull(),
    addedBy: uuid("added_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.classId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.classId], foreignColumns: [projectClass.tenantId, projectClass.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.addedBy], foreignColumns: [user.tenantId, user.id] }),
    index("project_class_mentor_project_idx").on(t.tenantId, t.projectId),
  ],
);

/**
 * A session of the project's schedule: a concentrated day (checked in with the unit's code) or a reference to a
 * catalog course, a studio live session or a course's offline session (`ref_id`, not a foreign key: those
 * features keep their own rows and rules). Day and clock times are China time.
 */
export const projectSession = pgTable(
  "project_session",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    title: text("title").notNull(),
    kind: text("kind", { enum: ["concentrated", "course", "live", "offline"] }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    startsAt: text("starts_at").notNull(),
    endsAt: text("ends_at").notNull(),
    place: text("place").notNull().default(""),
    refId: uuid("ref_id"),
    /** 必修 (decision 036): a `course` session whose catalog course every trainee must complete for 学时认定. */
    required: boolean("required").notNull().default(false),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [user.tenantId, user.id] }),
    index("project_session_day_idx").on(t.tenantId, t.projectId, t.day),
    // Only a course session with a catalog course may be required (the service checks the course is published).
    check("project_session_required_check", sql`not ${t.required} or (${t.kind} = 'course' and ${t.refId} is not null)`),
    check("project_session_clock_check", sql`${t.startsAt} ~ '^[0-2][0-9]:[0-5][0-9]$' and ${t.endsAt} ~ '^[0-2][0-9]:[0-5][0-9]$' and ${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * A day a trainee attended: one row per trainee and day (the key makes a second check-in the same day a no-op),
 * by code at a session or marked by hand. 报到 is the first such day.
 */
export const projectAttendance = pgTable(
  "project_attendance",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    nominationId: uuid("nomination_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    projectId: uuid("project_id").notNull(),
    sessionId: uuid("session_id"),
    method: text("method", { enum: ["code", "manual"] }).notNull(),
    recordedBy: uuid("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.nominationId, t.day] }),
    foreignKey({ columns: [t.tenantId, t.nominationId], foreignColumns: [nomination.tenantId, nomination.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [projectSession.tenantId, projectSession.id] }),
    foreignKey({ columns: [t.tenantId, t.recordedBy], foreignColumns: [user.tenantId, user.id] }),
    index("project_attendance_project_idx").on(t.tenantId, t.projectId, t.day),
    check("project_attendance_code_check", sql`${t.method} = 'manual' or ${t.sessionId} is not null`),
  ],
);

// 考核 (decision 031): the items a project assesses and each trainee's score in each. The pass mark is
// `training_project.pass_percent`; the rule is `completionCheck` in packages/domain/src/projects-running.ts.

/** A 考核项目 of a project: 作业, 考试, 研修成果 … with its maximum score; `required` items must be submitted. */
export const projectAssessmentItem = pgTable(
  "project_assessment_item",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["assignment", "exam", "other"] }).notNull(),
    maxScore: integer("max_score").notNull().default(100),
    required: boolean("required").notNull().default(false),
    dueOn: date("due_on", { mode: "string" }),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
    updatedBy: uuid("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.updatedBy], foreignColumns: [user.tenantId, user.id] }),
    index("project_assessment_item_project_idx").on(t.tenantId, t.projectId),
    check("project_assessment_item_max_check", sql`${t.maxScore} between 1 and 1000`),
    check("project_assessment_item_name_check", sql`length(${t.name}) between 1 and 40`),
  ],
);

/**
 * A trainee's score in one item (no row = not submitted). The service checks 0 … the item's max; every change
 * is also an audit event with the score before and after (the trail).
 */
export const projectScore = pgTable(
  "project_score",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    nominationId: uuid("nomination_id").notNull(),
    itemId: uuid("item_id").notNull(),
    projectId: uuid("project_id").notNull(),
    score: numeric("score", { precision: 5, scale: 1 }).notNull(),
    updatedBy: uuid("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.nominationId, t.itemId] }),
    foreignKey({ columns: [t.tenantId, t.nominationId], foreignColumns: [nomination.tenantId, nomination.id] }),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [projectAssessmentItem.tenantId, projectAssessmentItem.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.updatedBy], foreignColumns: [user.tenantId, user.id] }),
    index("project_score_project_idx").on(t.tenantId, t.projectId),
    index("project_score_item_idx").on(t.tenantId, t.itemId),
    check("project_score_range_check", sql`${t.score} >= 0 and ${t.score} <= 1000`),
  ],
);
