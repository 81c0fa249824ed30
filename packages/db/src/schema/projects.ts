import { sql } from "drizzle-orm";
import { boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";
import { orgUnit, tenant, user } from "./tenancy.ts";

// 培训项目 (issue 16), within one province: projects, the quota allocation tree, nominations and the trail of
// every decision on them. Rules in packages/domain/src/projects.ts; services in packages/services/src/projects.

/**
 * A training project, owned by an org unit whose kind gives its level (省/市/县/校). Planned 学时, their
 * category and organiser level are what the ledger will credit; a trigger (migration 0023) keeps planned 学时
 * fixed once the project is published.
 */
export const trainingProject = pgTable(
  "training_project",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    ownerUnitId: uuid("owner_unit_id").notNull(),
    level: text("level", { enum: ["province", "city", "county", "school"] }).notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    category: text("category").notNull(),
    form: text("form", { enum: ["fullTime", "online", "blended"] }).notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    plannedHours: numeric("planned_hours", { precision: 6, scale: 1 }).notNull(),
    creditCategory: text("credit_category").notNull(),
    organiserLevel: text("organiser_level", { enum: ["national", "provincial", "city", "county", "school"] }).notNull(),
    targetRoles: text("target_roles").array().notNull().default(sql`'{}'::text[]`),
    subjects: text("subjects").array().notNull().default(sql`'{}'::text[]`),
    stages: text("stages").array().notNull().default(sql`'{}'::text[]`),
    /** Seats in the whole project (the root allocation's); 0 = no limit (self-enrolment only). */
    capacity: integer("capacity").notNull().default(0),
    enrolmentMode: text("enrolment_mode", { enum: ["nomination", "selfEnrolment", "both"] }).notNull(),
    needsApproval: boolean("needs_approval").notNull().default(false),
    requiredDays: integer("required_days").notNull().default(0),
    /** 考核 pass mark (decision 031): the total must reach this percentage of the items' maximum total; 0 = none. */
    passPercent: integer("pass_percent").notNull().default(60),
    /** 培训简报 required per year (seed 002: at least 4). */
    briefsPerYear: integer("briefs_per_year").notNull().default(4),
    /** The 绩效评估报告 is due this many days after the end (seed 002: 15). */
    reportDueDays: integer("report_due_days").notNull().default(15),
    /** The subjects or classes seats may be allocated by (empty: one pool). */
    quotaKeys: text("quota_keys").array().notNull().default(sql`'{}'::text[]`),
    /** The 信息表: field definitions (`ZInfoForm` in packages/domain). */
    infoForm: jsonb("info_form").notNull().default(sql`'[]'::jsonb`),
    state: text("state", { enum: ["draft", "pendingApproval", "published", "running", "closed"] }).notNull().default("draft"),
    /** Null for a province's mirror of a national project: a federation message made it, not a person. */
    createdBy: uuid("created_by"),
    /**
     * A province's mirror of a national project: the platform tenant and its project (references, not foreign
     * keys: another tenant). Its seats come from the national quota message; its nominations are the province's own.
     */
    nationalTenantId: uuid("national_tenant_id"),
    nationalProjectId: uuid("national_project_id"),
    createdAt: createdAt(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [user.tenantId, user.id] }),
    index("training_project_owner_idx").on(t.tenantId, t.ownerUnitId),
    index("training_project_created_idx").on(t.tenantId, t.createdAt),
    check("training_project_dates_check", sql`${t.endsOn} >= ${t.startsOn}`),
    check("training_project_hours_check", sql`${t.plannedHours} > 0 and ${t.plannedHours} <= 1000`),
    check("training_project_capacity_check", sql`${t.capacity} >= 0`),
    check("training_project_days_check", sql`${t.requiredDays} between 0 and 366`),
    check("training_project_pass_check", sql`${t.passPercent} between 0 and 100`),
    check("training_project_briefs_check", sql`${t.briefsPerYear} between 0 and 100`),
    check("training_project_report_days_check", sql`${t.reportDueDays} between 1 and 365`),
    // One mirror per national project in a province.
    uniqueIndex("training_project_national_idx").on(t.tenantId, t.nationalProjectId).where(sql`${t.nationalProjectId} is not null`),
    check("training_project_national_check", sql`(${t.nationalProjectId} is null) = (${t.nationalTenantId} is null)`),
  ],
);

/**
 * One node of the 名额分配表: the seats an org unit got for a project from its parent allocation (the root,
 * with no parent, is the owner's: the project's capacity). Optionally for one subject or class (`quota_key`,
 * '' for a pool). What a node handed down is the sum of its children; what it holds is its nominations.
 */
export const quotaAllocation = pgTable(
  "quota_allocation",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    parentId: uuid("parent_id"),
    quotaKey: text("quota_key").notNull().default(""),
    seats: integer("seats").notNull(),
    /** Null when a federation message set it (a national project's seats for this province). */
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("quota_allocation_unit_key").on(t.tenantId, t.projectId, t.orgUnitId, t.quotaKey),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    index("quota_allocation_parent_idx").on(t.tenantId, t.parentId),
    // One root per project.
    uniqueIndex("quota_allocation_root_idx").on(t.tenantId, t.projectId).where(sql`${t.parentId} is null`),
    check("quota_allocation_seats_check", sql`${t.seats} >= 0`),
  ],
);

/**
 * A teacher nominated into an allocation by a unit (the school or county that put them forward). `state` and
 * `awaiting_unit_id` (the unit whose review is next) follow `nextNomination` in packages/domain; a
 * replacement names the returned nomination it replaces.
 */
export const nomination = pgTable(
  "nomination",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    allocationId: uuid("allocation_id").notNull(),
    nominatingUnitId: uuid("nominating_unit_id").notNull(),
    teacherId: uuid("teacher_id").notNull(),
    /** 自主报名: the teacher applied themselves (their school, the nominating unit, is the first to review). */
    applied: boolean("applied").notNull().default(false),
    /** The 信息表 answers, validated against the project's form when written. */
    answers: jsonb("answers").notNull().default(sql`'{}'::jsonb`),
    state: text("state", { enum: ["reviewing", "approved", "returned", "replaced", "withdrawn", "notAdmitted", "retracted"] }).notNull().default("reviewing"),
    awaitingUnitId: uuid("awaiting_unit_id"),
    replacesId: uuid("replaces_id"),
    /** The latest 退回 or 退出培训 reason, for lists (the trail keeps every one). */
    lastReason: text("last_reason").notNull().default(""),
    /**
     * Days attended (rows of project_attendance), kept by that table's statement triggers (migration
     * `nomination_attended_days`, decision 031) so 学时认定 reads a column instead of counting 30 rows per trainee.
     */
    attendedDays: integer("attended_days").notNull().default(0),
    /** 两轮报名 (decision 035): the class applied for and the round (1 or 2) the application came in. */
    classId: uuid("class_id"),
    round: smallint("round"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.allocationId], foreignColumns: [quotaAllocation.tenantId, quotaAllocation.id] }),
    foreignKey({ columns: [t.tenantId, t.nominatingUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.awaitingUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.replacesId], foreignColumns: [t.tenantId, t.id] }),
    index("nomination_project_idx").on(t.tenantId, t.projectId, t.createdAt),
    index("nomination_allocation_idx").on(t.tenantId, t.allocationId, t.state),
    index("nomination_awaiting_idx").on(t.tenantId, t.projectId, t.awaitingUnitId),
    index("nomination_class_idx").on(t.tenantId, t.classId, t.state).where(sql`${t.classId} is not null`),
    check("nomination_round_check", sql`${t.round} is null or ${t.round} in (1, 2)`),
    // A teacher holds at most one live nomination per project (returned and replaced ones do not count).
    uniqueIndex("nomination_teacher_idx").on(t.tenantId, t.projectId, t.teacherId).where(sql`${t.state} in ('reviewing', 'approved', 'withdrawn')`),
    // A returned nomination is replaced once.
    uniqueIndex("nomination_replaces_idx").on(t.tenantId, t.replacesId).where(sql`${t.replacesId} is not null`),
    check("nomination_awaiting_check", sql`(${t.state} = 'reviewing') = (${t.awaitingUnitId} is not null)`),
  ],
);

/**
 * The trail: every decision on a project or a nomination (submitted, approved, returned, passed at a level,
 * 资质复审, replaced, withdrawn, quota set), who made it, at which unit, when and why. Insert-only.
 */
export const projectDecision = pgTable(
  "project_decision",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    nominationId: uuid("nomination_id"),
    allocationId: uuid("allocation_id"),
    action: text("action").notNull(),
    fromState: text("from_state"),
    toState: text("to_state"),
    /** The unit at which the decision was taken (the reviewing level). */
    atUnitId: uuid("at_unit_id"),
    /** Null for a decision a federation message brought (the national side's quota). */
    actorId: uuid("actor_id"),
    reason: text("reason").notNull().default(""),
    data: jsonb("data").notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.nominationId], foreignColumns: [nomination.tenantId, nomination.id] }),
    foreignKey({ columns: [t.tenantId, t.allocationId], foreignColumns: [quotaAllocation.tenantId, quotaAllocation.id] }),
    foreignKey({ columns: [t.tenantId, t.atUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.actorId], foreignColumns: [user.tenantId, user.id] }),
    index("project_decision_project_idx").on(t.tenantId, t.projectId, t.occurredAt),
    index("project_decision_nomination_idx").on(t.tenantId, t.nominationId, t.occurredAt),
  ],
);
