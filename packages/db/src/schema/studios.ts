import { sql } from "drizzle-orm";
import { boolean, date, foreignKey, index, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";
import { storedFile } from "./courses.ts";
import { orgUnit, tenant, user } from "./tenancy.ts";

// 名师工作室 (issue 6): studios, members, the activity plan, the library, the board, outputs.

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
