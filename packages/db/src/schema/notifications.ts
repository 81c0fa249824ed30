import { sql } from "drizzle-orm";
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";
import { tenant, user } from "./tenancy.ts";

/**
 * 站内消息 (decision 034): one notice to one person, written in the producer's own transaction. The text is
 * not stored: `kind` + `params` (checked by packages/domain/src/notifications.ts) are rendered through the
 * i18n catalogue when read. `dedupe_key` makes a notice once-only per person (a retried job, a double click).
 * The app may set `read_at` and nothing else on a written notice (migration 0050).
 */
export const notification = pgTable(
  "notification",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    /** The recipient. */
    userId: uuid("user_id").notNull(),
    kind: text("kind", { enum: ["fixedPointPassed", "fixedPointReturned", "fixedPointRejected", "fixedPointApproved", "externalApproved", "externalRejected", "reportOverdue", "enrolmentNotAdmitted", "enrolmentClassCancelled", "annualReportReady"] }).notNull(),
    params: jsonb("params").notNull().default(sql`'{}'::jsonb`),
    /** An in-app path ("/my/credits/fixed-points"), checked on the way in. */
    link: text("link").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("notification_dedupe_key").on(t.tenantId, t.userId, t.dedupeKey),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }),
    // The 消息 page: one person's notices, unread first, newest first.
    index("notification_user_idx").on(t.tenantId, t.userId, sql`(${t.readAt} is null) desc`, t.createdAt.desc()),
    // The bell's count on every page: only the unread rows are in it.
    index("notification_unread_idx").on(t.tenantId, t.userId).where(sql`${t.readAt} is null`),
    check("notification_link_check", sql`left(${t.link}, 1) = '/' and length(${t.link}) <= 500`),
  ],
);
