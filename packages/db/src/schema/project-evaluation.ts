import { sql } from "drizzle-orm";
import { date, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";
import { storedFile } from "./courses.ts";
import { trainingProject } from "./projects.ts";
import { tenant, user } from "./tenancy.ts";

// A training project's 培训简报, 培训效果评估 questionnaires with their anonymous responses, and the
// implementing unit's 绩效评估报告 (issue 16). Rules in packages/domain/src/project-evaluation.ts; services in
// packages/services/src/projects (decision 024).

/**
 * A 培训简报: plain paragraphs and the ids of uploaded images (purpose projectBrief, checked by the service:
 * an array cannot carry a foreign key). `posted_on` is the China-time day it was first posted, for the count
 * per year.
 */
export const projectBrief = pgTable(
  "project_brief",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    imageIds: uuid("image_ids").array().notNull().default(sql`'{}'::uuid[]`),
    postedOn: date("posted_on", { mode: "string" }).notNull(),
    createdBy: uuid("created_by").notNull(),
    updatedBy: uuid("updated_by").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.updatedBy], foreignColumns: [user.tenantId, user.id] }),
    index("project_brief_project_idx").on(t.tenantId, t.projectId, t.postedOn),
  ],
);

/**
 * A questionnaire of a project: its questions as data (`ZQuestionList`), editable while a draft; open, it
 * takes answers; closed, it does not (it may be reopened).
 */
export const questionnaire = pgTable(
  "questionnaire",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    projectId: uuid("project_id").notNull(),
    title: text("title").notNull(),
    intro: text("intro").notNull().default(""),
    questions: jsonb("questions").notNull(),
    state: text("state", { enum: ["draft", "open", "closed"] }).notNull().default("draft"),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [user.tenantId, user.id] }),
    index("questionnaire_project_idx").on(t.tenantId, t.projectId),
  ],
);

/**
 * Who has answered a questionnaire: one row per trainee (the primary key stops a second answer), no time and
 * nothing of the answer. Written in the same transaction as the response, which names nobody.
 */
export const questionnaireRespondent = pgTable(
  "questionnaire_respondent",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    questionnaireId: uuid("questionnaire_id").notNull(),
    userId: uuid("user_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.questionnaireId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.questionnaireId], foreignColumns: [questionnaire.tenantId, questionnaire.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }),
  ],
);

/**
 * One anonymous response: the answers, and nothing that names or dates the person (no user, no timestamp, a
 * random id), so no query joins it back to `questionnaire_respondent`.
 */
export const questionnaireResponse = pgTable(
  "questionnaire_response",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    questionnaireId: uuid("questionnaire_id").notNull(),
    answers: jsonb("answers").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.questionnaireId], foreignColumns: [questionnaire.tenantId, questionnaire.id] }),
    index("questionnaire_response_questionnaire_idx").on(t.tenantId, t.questionnaireId),
  ],
);

/** The implementing unit's 绩效评估报告 for a project: a file (PDF), a text, or both; one per project, replaced in place. */
export const projectReport = pgTable(
  "project_report",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    projectId: uuid("project_id").notNull(),
    fileId: uuid("file_id"),
    body: text("body").notNull().default(""),
    /** The China-time day of the first submission (on time or late is judged by it). */
    submittedOn: date("submitted_on", { mode: "string" }).notNull(),
    submittedBy: uuid("submitted_by").notNull(),
    updatedBy: uuid("updated_by").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.projectId] }),
    foreignKey({ columns: [t.tenantId, t.projectId], foreignColumns: [trainingProject.tenantId, trainingProject.id] }),
    foreignKey({ columns: [t.tenantId, t.fileId], foreignColumns: [storedFile.tenantId, storedFile.id] }),
    foreignKey({ columns: [t.tenantId, t.submittedBy], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.updatedBy], foreignColumns: [user.tenantId, user.id] }),
  ],
);
