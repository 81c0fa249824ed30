import { sql } from "drizzle-orm";
import { boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { nomination, trainingProject } from "./projects.ts";
import { tenant, user } from "./tenancy.ts";

// 学时认定 and 学时分发 of a training project (issue 16, decision 027). Rules in packages/domain/src/project-credits.ts;
// services in packages/services/src/projects/credits.ts. The awards themselves are rows of the ledger (credit_award,
// source `trainingProject`); these tables hold the owner's decisions and the worker's progress.

/** An exception the owner set for one trainee before confirming: award or not, fewer hours, and why. */
export const projectCreditException = pgTable(
  "project_credit_exception",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    nominationId: uuid("nomination_id").notNull(),
    projectId: uuid("project_id").notNull(),
    award: boolean("award").notNull(),
    /** Fewer than the planned 学时 (null: the plan). */
    hours: numeric("hours", { precision: 8, scale: 1 }),
    reason: text("reason").notNull(),
    setBy: uuid("set_by").notNull(),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.nominationId] }),
    foreignKey({ columns: [t.tenantId, t.nominationId], foreignColumns: [nomination.tenantId, nomination.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.setBy], foreignColumns: [user.tenantId, user.id] }),
    index("project_credit_exception_project_idx").on(t.tenantId, t.projectId),
    check("project_credit_exception_hours_check", sql`${t.hours} is null or (${t.award} and ${t.hours} > 0)`),
  ],
);

/** The confirmation (once per project): the split, the day the awards count for, and the worker's progress. */
export const projectCreditRun = pgTable(
  "project_credit_run",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    projectId: uuid("project_id").notNull(),
    /** 学时分发: [{ category, hours }] summing to the planned 学时. */
    split: jsonb("split").notNull(),
    countsFor: date("counts_for", { mode: "string" }).notNull(),
    /** Trainees to award (the rows of project_credit_award). */
    total: integer("total").notNull(),
    awarded: integer("awarded").notNull().default(0),
    /** Withdrawn (退出培训) between confirmation and the worker's turn: nothing written for them. */
    skipped: integer("skipped").notNull().default(0),
    confirmedBy: uuid("confirmed_by").notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.projectId] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.confirmedBy], foreignColumns: [user.tenantId, user.id] }),
    check("project_credit_run_counts_check", sql`${t.total} >= 0 and ${t.awarded} >= 0 and ${t.skipped} >= 0 and ${t.awarded} + ${t.skipped} <= ${t.total}`),
  ],
);

/** One trainee's 学时 as confirmed, and whether the worker has written them into the ledger yet. */
export const projectCreditAward = pgTable(
  "project_credit_award",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    nominationId: uuid("nomination_id").notNull(),
    projectId: uuid("project_id").notNull(),
    teacherId: uuid("teacher_id").notNull(),
    hours: numeric("hours", { precision: 8, scale: 1 }).notNull(),
    /** The exception's reason when the owner changed the proposal for this trainee. */
    reason: text("reason"),
    state: text("state", { enum: ["pending", "awarded", "skipped"] }).notNull().default("pending"),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.nominationId] }),
    foreignKey({ columns: [t.tenantId, t.nominationId], foreignColumns: [nomination.tenantId, nomination.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [projectCreditRun.tenantId, projectCreditRun.projectId] }),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
    index("project_credit_award_pending_idx").on(t.tenantId, t.projectId, t.state),
    check("project_credit_award_hours_check", sql`${t.hours} > 0`),
    check("project_credit_award_done_check", sql`(${t.state} = 'pending') = (${t.doneAt} is null)`),
  ],
);
