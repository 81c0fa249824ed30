import { sql } from "drizzle-orm";
import {
  boolean,
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
      enum: ["platformOperator", "provinceAdmin", "orgAdmin", "trainer", "masterTeacher", "teacher"],
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
