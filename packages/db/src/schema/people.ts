import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";
import { orgUnit, tenant, user } from "./tenancy.ts";

// Teachers (profiles and school history), roster imports and people exports.

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
    /**
     * HMAC-SHA256 (hex) of the tenant id and the 18-character 身份证号, keyed by the deployment's ID_NUMBER_KEY
     * (decision 037): lists from other platforms match by it; the number itself is never stored.
     */
    idNumberHash: text("id_number_hash"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    unique("teacher_profile_teacher_no_key").on(t.tenantId, t.teacherNo),
    uniqueIndex("teacher_profile_id_number_hash_key").on(t.tenantId, t.idNumberHash).where(sql`${t.idNumberHash} is not null`),
    check("teacher_profile_id_number_hash_shape", sql`${t.idNumberHash} ~ '^[0-9a-f]{64}$'`),
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
