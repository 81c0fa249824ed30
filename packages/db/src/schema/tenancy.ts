import { sql } from "drizzle-orm";
import { boolean, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";

// Tenants, the org tree, accounts, role grants, sessions and the audit log.

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
