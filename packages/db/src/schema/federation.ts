import { sql } from "drizzle-orm";
import { check, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";
import { tenant, user } from "./tenancy.ts";

// Federation (issue 16; docs/decisions/021-federation.md in packages/services): messages between tenants, and
// national projects in the platform tenant. Every table is tenant-owned with forced RLS (migration 0026): the
// outbox belongs to the sender, the inbox to the receiver, and no query reads both. Another tenant's id is a
// reference, never a foreign key: that tenant may live on another Postgres server (the placement map), and a
// foreign key to it would be a read across tenants.

/**
 * A message this tenant sent (or is sending) to another: written in the sender's own transaction together
 * with the change it announces, delivered by the worker. `payload` is one `ZFederationMessage`.
 */
export const federationOutbox = pgTable(
  "federation_outbox",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    /** The message id: the delivery job's id and the receiver's dedup key. */
    id: uuid("id").notNull().defaultRandom(),
    toTenantId: uuid("to_tenant_id").notNull(),
    kind: text("kind").notNull(),
    version: integer("version").notNull(),
    payload: jsonb("payload").notNull(),
    state: text("state", { enum: ["pending", "delivered", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error").notNull().default(""),
    /** What the message is about, for the admins' list (a project id). */
    subjectRef: text("subject_ref").notNull().default(""),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [user.tenantId, user.id] }),
    index("federation_outbox_state_idx").on(t.tenantId, t.state, t.createdAt),
    index("federation_outbox_created_idx").on(t.tenantId, t.createdAt),
    check("federation_outbox_other_tenant_check", sql`${t.toTenantId} <> ${t.tenantId}`),
    check("federation_outbox_attempts_check", sql`${t.attempts} >= 0`),
  ],
);

/**
 * A message this tenant received and applied, once: the primary key (tenant, message id) is the guard, and
 * the row is written in the same transaction as the change the message makes here.
 */
export const federationInbox = pgTable(
  "federation_inbox",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    messageId: uuid("message_id").notNull(),
    fromTenantId: uuid("from_tenant_id").notNull(),
    kind: text("kind").notNull(),
    version: integer("version").notNull(),
    payload: jsonb("payload").notNull(),
    /** What applying it did, in a word (created, updated, awarded, ignored: …). */
    outcome: text("outcome").notNull(),
    subjectRef: text("subject_ref").notNull().default(""),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.messageId] }), index("federation_inbox_received_idx").on(t.tenantId, t.receivedAt)],
);

/** A national project (国家级项目), in the platform tenant: its 项目办 allocates seats to provinces. */
export const nationalProject = pgTable(
  "national_project",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    category: text("category").notNull(),
    form: text("form", { enum: ["fullTime", "online", "blended"] }).notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    plannedHours: numeric("planned_hours", { precision: 6, scale: 1 }).notNull(),
    creditCategory: text("credit_category").notNull(),
    /** 集中研修 days a trainee must attend before completion (0 = no rule); counted from `national_attendance`. */
    requiredDays: integer("required_days").notNull().default(0),
    state: text("state", { enum: ["draft", "published", "closed"] }).notNull().default("published"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [user.tenantId, user.id] }),
    check("national_project_dates_check", sql`${t.endsOn} >= ${t.startsOn}`),
    check("national_project_hours_check", sql`${t.plannedHours} > 0 and ${t.plannedHours} <= 1000`),
    check("national_project_required_days_check", sql`${t.requiredDays} >= 0 and ${t.requiredDays} <= 366`),
  ],
);

/** The seats a national project gave one province (the province's mirror project holds them as its root allocation). */
export const nationalQuota = pgTable(
  "national_quota",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    provinceTenantId: uuid("province_tenant_id").notNull(),
    seats: integer("seats").notNull(),
    /** Bumped on every change; the province applies a quota message only if it is newer than the last it applied. */
    revision: integer("revision").notNull().default(1),
    /** The last message that told the province. */
    messageId: uuid("message_id").notNull(),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("national_quota_province_key").on(t.tenantId, t.projectId, t.provinceTenantId),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [nationalProject.tenantId, nationalProject.id] }),
    check("national_quota_seats_check", sql`${t.seats} >= 0`),
  ],
);

/**
 * A nominee as the national project knows them: name, school, subject, home province and an opaque reference
 * only the home province resolves — never a user id, phone or ID number (the catalog test holds the columns).
 */
export const nationalTrainee = pgTable(
  "national_trainee",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    homeTenantId: uuid("home_tenant_id").notNull(),
    ref: uuid("ref").notNull(),
    name: text("name").notNull(),
    school: text("school").notNull(),
    subject: text("subject").notNull(),
    homeProvince: text("home_province").notNull(),
    state: text("state", { enum: ["enrolled", "withdrawn", "completed"] }).notNull().default("enrolled"),
    /** The class (编班) the project put them in; implementing-university staff see their classes only. */
    classCode: text("class_code").notNull().default(""),
    hoursAwarded: numeric("hours_awarded", { precision: 6, scale: 1 }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("national_trainee_ref_key").on(t.tenantId, t.projectId, t.homeTenantId, t.ref),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [nationalProject.tenantId, nationalProject.id] }),
    index("national_trainee_class_idx").on(t.tenantId, t.projectId, t.classCode),
  ],
);

/** An implementing university's staff account (platform tenant) and the class of a national project it serves. */
export const nationalProjectStaff = pgTable(
  "national_project_staff",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    projectId: uuid("project_id").notNull(),
    userId: uuid("user_id").notNull(),
    classCode: text("class_code").notNull(),
    grantedBy: uuid("granted_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.projectId, t.userId, t.classCode] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [nationalProject.tenantId, nationalProject.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }),
    index("national_project_staff_user_idx").on(t.tenantId, t.userId),
  ],
);

/**
 * 按日点名 on the national side (decision 021, addendum): one row per trainee per day present — the key makes
 * marking twice one day. National trainees are not nominations, so decision 023's `project_attendance` cannot
 * hold them. Unmarking deletes the row; who marked it and when stay in the audit.
 */
export const nationalAttendance = pgTable(
  "national_attendance",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    traineeId: uuid("trainee_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    recordedBy: uuid("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.traineeId, t.day] }),
    foreignKey({ columns: [t.tenantId, t.traineeId], foreignColumns: [nationalTrainee.tenantId, nationalTrainee.id] }),
    foreignKey({ columns: [t.tenantId, t.recordedBy], foreignColumns: [user.tenantId, user.id] }),
  ],
);
