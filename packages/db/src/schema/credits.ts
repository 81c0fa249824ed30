import { sql } from "drizzle-orm";
import { boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgTable, pgView, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./common.ts";
import { enrollment, storedFile } from "./courses.ts";
import { orgUnit, tenant, user } from "./tenancy.ts";

// Completion and the credit ledger (issue 5): progress events, awards, certificates, policy, totals.

/**
 * Every learning action, as received from the `progress` queue: append-only, and unique per
 * (tenant, event id), so a redelivered job finds its event already there and does nothing. Postgres is
 * the system of record; unit progress, completion and credit can be rebuilt from this table.
 */
export const progressEvent = pgTable(
  "progress_event",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    eventId: uuid("event_id").notNull(),
    /** Null only for `studioAttended` and `coTeachingAttended` (no enrolment; decisions 003 and 005). */
    enrollmentId: uuid("enrollment_id"),
    unitId: uuid("unit_id"),
    actorId: uuid("actor_id").notNull(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId] }),
    foreignKey({ columns: [t.tenantId, t.enrollmentId], foreignColumns: [enrollment.tenantId, enrollment.id] }),
    index("progress_event_enrollment_unit_idx").on(t.tenantId, t.enrollmentId, t.unitId),
    check(
      "progress_event_subject_check",
      sql`(${t.enrollmentId} is not null and ${t.unitId} is not null) or (${t.kind} in ('studioAttended', 'coTeachingAttended') and ${t.payload} ? 'liveSessionId')`,
    ),
    index("progress_event_studio_idx").on(t.tenantId, t.actorId).where(sql`${t.kind} = 'studioAttended'`),
    index("progress_event_coteaching_idx").on(t.tenantId, t.actorId).where(sql`${t.kind} = 'coTeachingAttended'`),
  ],
);

/**
 * The 学分银行 ledger: one row per award, append-only (the app role may insert and read, nothing else).
 * Raw 学时 with category, organiser level and role; 学分 and totals are computed by the tenant's rules.
 * A correction is a `reversal` row naming the award it cancels. The unique key makes a second award
 * for the same source impossible (a course completion is one award per teacher and course).
 */
export const creditAward = pgTable(
  "credit_award",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    teacherId: uuid("teacher_id").notNull(),
    source: text("source", { enum: ["courseCompletion", "liveSession", "coTeaching", "external", "manual", "reversal", "trainingProject", "fixedPoint"] }).notNull(),
    /** What the award is for, unique per (teacher, source): the course id, the live session id, the request id … */
    sourceRef: text("source_ref").notNull(),
    title: text("title").notNull(),
    /** Raw 学时, tenths allowed; negative only on reversals. */
    hours: numeric("hours", { precision: 8, scale: 1 }).notNull(),
    category: text("category", {
      enum: ["concentrated", "online", "schoolBased", "shadowing", "outreach", "degree", "studio", "coTeaching", "selfStudy"],
    }).notNull(),
    organiserLevel: text("organiser_level", { enum: ["national", "provincial", "city", "county", "school"] }).notNull(),
    role: text("role", { enum: ["participant", "lead", "assistant"] }).notNull().default("participant"),
    /** The day the award counts for (its cycle and credit year). */
    countsFor: date("counts_for").notNull(),
    /** References to the evidence: completed units, check-ins, attendance, an uploaded proof file … */
    evidence: jsonb("evidence").notNull().default(sql`'[]'::jsonb`),
    reversesAwardId: uuid("reverses_award_id"),
    reason: text("reason"),
    actorId: uuid("actor_id"),
    /**
     * A certified fixed-point item (课题, 论文 …; source `fixedPoint`, decision 032): its kind. The scheme in effect
     * values it (the item's value for the level, its yearly cap); `hours` is then 0, as no 学时 were attended.
     */
    fixedPoint: text("fixed_point", { enum: ["research", "paper", "openLesson", "competition", "mentoring", "degree", "lecture", "textbook"] }),
    /**
     * 学分 stated by an imported list (批量导入, decision 039). Under a 学分 scheme they count as stated instead of
     * `hours` × the rate (eligibility, a rate of 0 and the caps still apply); `hours` holds the list's 学时, or 0.
     */
    statedCredits: numeric("stated_credits", { precision: 6, scale: 2 }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("credit_award_source_key").on(t.tenantId, t.teacherId, t.source, t.sourceRef),
    check("credit_award_stated_credits_check", sql`${t.statedCredits} is null or ${t.statedCredits} > 0`),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.reversesAwardId], foreignColumns: [t.tenantId, t.id] }),
    index("credit_award_teacher_idx").on(t.tenantId, t.teacherId, t.countsFor),
  ],
);

/** A certificate for an award: a number people read, a code the public verification page takes. */
export const certificate = pgTable(
  "certificate",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    awardId: uuid("award_id").notNull(),
    teacherId: uuid("teacher_id").notNull(),
    number: text("number").notNull(),
    /** Unguessable (128 bits, base32); the public page /verify/<code> takes it. */
    verifyCode: text("verify_code").notNull(),
    status: text("status", { enum: ["pending", "issued"] }).notNull().default("pending"),
    fileKey: text("file_key"),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("certificate_award_key").on(t.tenantId, t.awardId),
    unique("certificate_number_key").on(t.tenantId, t.number),
    unique("certificate_verify_code_key").on(t.tenantId, t.verifyCode),
    foreignKey({ columns: [t.tenantId, t.awardId], foreignColumns: [creditAward.tenantId, creditAward.id] }),
  ],
);

/** A tenant's credit rules, versioned: a new version is a new row; totals are recomputed from raw 学时. */
export const creditPolicy = pgTable(
  "credit_policy",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    version: integer("version").notNull(),
    /** `ZCreditPolicy` in packages/domain: cycle start year and length, required 学时, yearly minimum, category limits. */
    rules: jsonb("rules").notNull(),
    actorId: uuid("actor_id"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.version] })],
);

/**
 * An award asked for training done elsewhere (校本研修, a national-platform certificate …): submitted by the
 * teacher or a school admin with a proof file, approved by an admin in scope, then written to the ledger.
 * `fingerprint` (issuer + certificate number, or teacher + title + date) finds duplicates.
 */
export const externalAwardRequest = pgTable(
  "external_award_request",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    teacherId: uuid("teacher_id").notNull(),
    submittedBy: uuid("submitted_by").notNull(),
    title: text("title").notNull(),
    issuer: text("issuer").notNull(),
    certificateNo: text("certificate_no"),
    hours: numeric("hours", { precision: 8, scale: 1 }).notNull(),
    category: text("category").notNull(),
    organiserLevel: text("organiser_level").notNull(),
    completedOn: date("completed_on").notNull(),
    proofFileId: uuid("proof_file_id"),
    fingerprint: text("fingerprint").notNull(),
    status: text("status", { enum: ["pending", "approved", "rejected"] }).notNull().default("pending"),
    reviewedBy: uuid("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    comment: text("comment"),
    awardId: uuid("award_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
    index("external_award_request_status_idx").on(t.tenantId, t.status, t.createdAt),
    index("external_award_request_fingerprint_idx").on(t.tenantId, t.teacherId, t.fingerprint),
  ],
);

/**
 * Each teacher's totals under the current policy, kept current by the worker in the same transaction as
 * the award (and recomputable from the ledger): what admin lists and rollups read instead of the ledger.
 */
export const teacherCreditStatus = pgTable(
  "teacher_credit_status",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    teacherId: uuid("teacher_id").notNull(),
    cycleStartYear: integer("cycle_start_year").notNull(),
    cycleHours: numeric("cycle_hours", { precision: 8, scale: 1 }).notNull().default("0"),
    yearHours: numeric("year_hours", { precision: 8, scale: 1 }).notNull().default("0"),
    year: integer("year").notNull(),
    onPace: boolean("on_pace").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.teacherId] }),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
  ],
);

/**
 * What the stored statuses (teacher_credit_status) were last computed under, for the whole tenant: the credit
 * scheme version in effect (null: the simple policy), the policy version and the credit year. The nightly job
 * recomputes every status when today's differ — a scheme published for a later day takes effect on that day, and
 * a new credit year starts every year's count from zero (decision 025, addendum).
 */
export const creditStatusBasis = pgTable("credit_status_basis", {
  tenantId: uuid("tenant_id").primaryKey().references(() => tenant.id),
  schemeVersion: integer("scheme_version"),
  policyVersion: integer("policy_version").notNull(),
  creditYear: integer("credit_year").notNull(),
  computedOn: date("computed_on", { mode: "string" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Per org unit (school … province) figures for dashboards, rebuilt by a repeatable job. */
export const orgRollup = pgTable(
  "org_rollup",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    orgUnitId: uuid("org_unit_id").notNull(),
    teachers: integer("teachers").notNull().default(0),
    ruralTeachers: integer("rural_teachers").notNull().default(0),
    enrollments: integer("enrollments").notNull().default(0),
    completions: integer("completions").notNull().default(0),
    hoursThisYear: numeric("hours_this_year", { precision: 12, scale: 1 }).notNull().default("0"),
    hoursThisCycle: numeric("hours_this_cycle", { precision: 12, scale: 1 }).notNull().default("0"),
    teachersOnPace: integer("teachers_on_pace").notNull().default(0),
    ruralTeachersOnPace: integer("rural_teachers_on_pace").notNull().default(0),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * The day on-pace, "this year" and "this cycle" are judged for: the day of the last full run. Awards
     * landing since move the figures by their delta judged for this same day, so the rows always equal a
     * full computation for `as_of` (the nightly reconcile checks it, then moves `as_of` to today).
     */
    asOf: date("as_of", { mode: "string" }),
    /** Enrolments assigned to teachers (by an admin or a project), and how many of them are completed. */
    assignedEnrollments: integer("assigned_enrollments").notNull().default(0),
    assignedCompletions: integer("assigned_completions").notNull().default(0),
    /** Teachers per 骨干 level (`national` … `school`), from their profiles; refreshed by the full run only. */
    backbone: jsonb("backbone").$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.orgUnitId] }),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
  ],
);

/**
 * Raw 学时 of the ledger per org unit (its whole subtree), month (of counts_for) and category: what the
 * dashboard's "学时 by category / by month" read instead of the ledger. Kept current by the award's own
 * transaction (rollups/apply-rollup-delta.ts) and rebuilt from the ledger by the full run.
 */
export const orgRollupHours = pgTable(
  "org_rollup_hours",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    orgUnitId: uuid("org_unit_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    category: text("category").notNull(),
    hours: numeric("hours", { precision: 14, scale: 1 }).notNull().default("0"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.orgUnitId, t.month, t.category] }),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
  ],
);

/**
 * What awards and completions moved in an org unit's rollup and nobody has folded into org_rollup yet
 * (decision 033). An award's transaction appends one row per unit on the teacher's path — an insert that
 * locks no shared row, so awards of one province no longer queue on the province's org_rollup row — and
 * the worker folds them in every ~250 ms (rollups/fold-rollup-deltas.ts). Readers read `org_rollup_now`,
 * which adds the rows not yet folded, so the figures are still current at the award's commit.
 * No foreign keys on purpose: each would lock the tenant's and the province's row (FOR KEY SHARE) in every
 * award; the fold's upsert into org_rollup checks the unit. No primary key: rows are only appended, read
 * by unit and deleted by the fold.
 */
export const orgRollupDelta = pgTable(
  "org_rollup_delta",
  {
    tenantId: uuid("tenant_id").notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    hoursThisYear: numeric("hours_this_year", { precision: 12, scale: 1 }).notNull().default("0"),
    hoursThisCycle: numeric("hours_this_cycle", { precision: 12, scale: 1 }).notNull().default("0"),
    teachersOnPace: integer("teachers_on_pace").notNull().default(0),
    ruralTeachersOnPace: integer("rural_teachers_on_pace").notNull().default(0),
    completions: integer("completions").notNull().default(0),
    enrollments: integer("enrollments").notNull().default(0),
    assignedCompletions: integer("assigned_completions").notNull().default(0),
    assignedEnrollments: integer("assigned_enrollments").notNull().default(0),
  },
  (t) => [index("org_rollup_delta_unit_idx").on(t.tenantId, t.orgUnitId)],
);

/** The same for org_rollup_hours: 学时 by unit, month and category not yet folded (decision 033). */
export const orgRollupHoursDelta = pgTable(
  "org_rollup_hours_delta",
  {
    tenantId: uuid("tenant_id").notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    category: text("category").notNull(),
    hours: numeric("hours", { precision: 14, scale: 1 }).notNull(),
  },
  (t) => [index("org_rollup_hours_delta_unit_idx").on(t.tenantId, t.orgUnitId, t.month)],
);

/**
 * org_rollup with the deltas not yet folded added (decision 033): what every reader reads. A view with
 * `security_invoker`, so the reader's row-level security applies to both tables (migration 0048).
 */
export const orgRollupNow = pgView("org_rollup_now", {
  tenantId: uuid("tenant_id").notNull(),
  orgUnitId: uuid("org_unit_id").notNull(),
  teachers: integer("teachers").notNull(),
  ruralTeachers: integer("rural_teachers").notNull(),
  enrollments: integer("enrollments").notNull(),
  completions: integer("completions").notNull(),
  hoursThisYear: numeric("hours_this_year", { precision: 12, scale: 1 }).notNull(),
  hoursThisCycle: numeric("hours_this_cycle", { precision: 12, scale: 1 }).notNull(),
  teachersOnPace: integer("teachers_on_pace").notNull(),
  ruralTeachersOnPace: integer("rural_teachers_on_pace").notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  asOf: date("as_of", { mode: "string" }),
  assignedEnrollments: integer("assigned_enrollments").notNull(),
  assignedCompletions: integer("assigned_completions").notNull(),
  backbone: jsonb("backbone").$type<Record<string, number>>().notNull(),
}).existing();

/** org_rollup_hours with the deltas not yet folded added (decision 033). */
export const orgRollupHoursNow = pgView("org_rollup_hours_now", {
  tenantId: uuid("tenant_id").notNull(),
  orgUnitId: uuid("org_unit_id").notNull(),
  month: date("month", { mode: "string" }).notNull(),
  category: text("category").notNull(),
  hours: numeric("hours", { precision: 14, scale: 1 }).notNull(),
}).existing();

/**
 * A province's credit scheme (issue 17, decision 025) as versions: `ZCreditScheme` in packages/domain, in
 * `scheme`. A tenant has at most one draft (editable, discardable) and any number of published versions,
 * numbered from 1 without gaps; a published row is never updated or deleted (a trigger in the migration
 * refuses it, whatever the service does). The version in effect on a day is `schemeInEffect` over the
 * published ones; `effective_from` and `version` repeat the JSON's fields so they can be indexed and checked.
 */
export const creditSchemeVersion = pgTable(
  "credit_scheme_version",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    version: integer("version").notNull(),
    /** `draft` | `published`. */
    status: text("status").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    scheme: jsonb("scheme").notNull(),
    /** Which preset the draft was loaded from, when it was (shown, never interpreted). */
    template: text("template"),
    createdBy: uuid("created_by"),
    publishedBy: uuid("published_by"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("credit_scheme_version_number_key").on(t.tenantId, t.version),
    uniqueIndex("credit_scheme_version_one_draft").on(t.tenantId).where(sql`status = 'draft'`),
    check("credit_scheme_version_status_check", sql`${t.status} in ('draft', 'published')`),
    check("credit_scheme_version_published_check", sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`),
  ],
);

/**
 * One bulk import of 学时 from another platform's list (decision 029): the stored upload (also the awards'
 * evidence, `file_id`), its counters for the progress bar, and its outcome. All or nothing: `refused` when
 * any row could not be used (nothing written), `done` when every usable row became an `external` award in
 * one transaction. `issues` holds the rows the page lists (refused or skipped, the first few hundred); the
 * .xlsx report at `report_key` has every row with its outcome.
 */
export const hoursImport = pgTable(
  "hours_import",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    actorId: uuid("actor_id").notNull(),
    fileName: text("file_name").notNull(),
    fileKey: text("file_key").notNull(),
    fileId: uuid("file_id").notNull(),
    status: text("status", { enum: ["queued", "running", "done", "refused", "failed"] }).notNull().default("queued"),
    totalRows: integer("total_rows"),
    checkedRows: integer("checked_rows").notNull().default(0),
    /** Awards written (done), rows that were duplicates (skipped) and rows that could not be used (refused). */
    writtenRows: integer("written_rows").notNull().default(0),
    skippedRows: integer("skipped_rows").notNull().default(0),
    refusedRows: integer("refused_rows").notNull().default(0),
    /** How many teachers the written awards went to. */
    teacherCount: integer("teacher_count").notNull().default(0),
    notes: text("notes").array().notNull().default(sql`'{}'::text[]`),
    issues: jsonb("issues").notNull().default(sql`'[]'::jsonb`),
    reportKey: text("report_key"),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.fileId], foreignColumns: [storedFile.tenantId, storedFile.id] }),
    index("hours_import_created_idx").on(t.tenantId, t.createdAt),
  ],
);

/**
 * The annual quality report (教师教育质量年度报告, issue 17, decision 030): one row per request, for an org unit
 * (省, 市 or 县) and a calendar year. The worker gathers the figures (stored in `figures`, the very numbers the
 * PDF prints, so a test can hold them against the dashboard's), renders the PDF and keeps it in the file store.
 * A request is never deleted: it records who asked for which report when.
 */
export const annualReport = pgTable(
  "annual_report",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    year: integer("year").notNull(),
    /** Who asked; null for a report the year-end schedule made (decision 038), whose figures are the province's. */
    actorId: uuid("actor_id"),
    /** Made by the year-end schedule (自动生成, decision 038): at most one per unit and year. */
    auto: boolean("auto").notNull().default(false),
    status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull().default("queued"),
    /** 0–100, and what the worker is doing (a section's name) for the progress bar. */
    progress: integer("progress").notNull().default(0),
    step: text("step"),
    figures: jsonb("figures"),
    fileKey: text("file_key"),
    pages: integer("pages"),
    bytes: integer("bytes"),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.actorId], foreignColumns: [user.tenantId, user.id] }),
    check("annual_report_year", sql`${t.year} between 2000 and 2100`),
    check("annual_report_progress", sql`${t.progress} between 0 and 100`),
    index("annual_report_created_idx").on(t.tenantId, t.createdAt),
    // The schedule's once-only guard: a second run, a restart or two workers insert nothing more.
    uniqueIndex("annual_report_auto_key").on(t.tenantId, t.orgUnitId, t.year).where(sql`auto`),
    check("annual_report_actor", sql`${t.auto} or ${t.actorId} is not null`),
  ],
);

/**
 * The province's year-end schedule of annual reports (decision 038): on or after `day` of January, the
 * previous year's report of the province and of every active city and county is queued once. One row per
 * tenant; no row means the default (on, 15 January).
 */
export const annualReportSchedule = pgTable(
  "annual_report_schedule",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    enabled: boolean("enabled").notNull(),
    day: integer("day").notNull(),
    updatedBy: uuid("updated_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId] }),
    foreignKey({ columns: [t.tenantId, t.updatedBy], foreignColumns: [user.tenantId, user.id] }),
    check("annual_report_schedule_day", sql`${t.day} between 1 and 31`),
  ],
);

/**
 * 进度达标 at the end of a past credit year, per org unit (its subtree), from the ledger (decision 038): the
 * dashboard and the annual report of a closed year read it instead of today's rollups. `as_of` is the day
 * the year was judged on (its credit year's last day); membership is the teachers' units when computed.
 */
export const orgPaceSnapshot = pgTable(
  "org_pace_snapshot",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    year: integer("year").notNull(),
    orgUnitId: uuid("org_unit_id").notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    teachers: integer("teachers").notNull(),
    teachersOnPace: integer("teachers_on_pace").notNull(),
    ruralTeachers: integer("rural_teachers").notNull(),
    ruralTeachersOnPace: integer("rural_teachers_on_pace").notNull(),
    hoursThisYear: numeric("hours_this_year", { precision: 14, scale: 1 }).notNull(),
    hoursThisCycle: numeric("hours_this_cycle", { precision: 14, scale: 1 }).notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.year, t.orgUnitId] }),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    check("org_pace_snapshot_year", sql`${t.year} between 2000 and 2100`),
  ],
);

/**
 * 定额项目申报 (decision 032): a teacher's claim for one of the scheme's fixed-point items, certified step by
 * step along the item's approval chain. The chain (levels and the unit of each step), the scheme version, the
 * item's category and its value are copied at submission, so a later scheme change does not move a claim in
 * flight. `step` is the index of the step it waits at; `acting_unit_id` the unit whose admins decide it (the
 * step's unit, or the nearest unit above with an admin). `round` counts submissions (a returned claim is
 * edited and sent again). A pending or approved claim holds its (teacher, kind, normalised title).
 */
export const fixedPointClaim = pgTable(
  "fixed_point_claim",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    teacherId: uuid("teacher_id").notNull(),
    kind: text("kind", { enum: ["research", "paper", "openLesson", "competition", "mentoring", "degree", "lecture", "textbook"] }).notNull(),
    level: text("level", { enum: ["national", "provincial", "city", "county", "school"] }).notNull(),
    category: text("category", {
      enum: ["concentrated", "online", "schoolBased", "shadowing", "outreach", "degree", "studio", "coTeaching", "selfStudy"],
    }).notNull(),
    title: text("title").notNull(),
    titleKey: text("title_key").notNull(),
    happenedOn: date("happened_on", { mode: "string" }).notNull(),
    description: text("description").notNull(),
    schemeVersion: integer("scheme_version").notNull(),
    schemeKey: text("scheme_key").notNull(),
    unit: text("unit", { enum: ["hours", "credits"] }).notNull(),
    /** The item's value for the level when submitted (shown; the award is valued by the scheme in effect). */
    value: numeric("value", { precision: 8, scale: 1 }).notNull(),
    yearlyCap: numeric("yearly_cap", { precision: 8, scale: 1 }),
    chain: text("chain").array().notNull(),
    stepUnitIds: uuid("step_unit_ids").array().notNull(),
    step: integer("step").notNull().default(0),
    round: integer("round").notNull().default(1),
    actingUnitId: uuid("acting_unit_id"),
    status: text("status", { enum: ["pending", "returned", "rejected", "approved"] }).notNull().default("pending"),
    lastReason: text("last_reason"),
    awardId: uuid("award_id"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.teacherId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.actingUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.awardId], foreignColumns: [creditAward.tenantId, creditAward.id] }),
    uniqueIndex("fixed_point_claim_title_key").on(t.tenantId, t.teacherId, t.kind, t.titleKey).where(sql`${t.status} in ('pending', 'approved')`),
    index("fixed_point_claim_queue_idx").on(t.tenantId, t.actingUnitId, t.createdAt).where(sql`${t.status} = 'pending'`),
    index("fixed_point_claim_teacher_idx").on(t.tenantId, t.teacherId, t.createdAt),
    check("fixed_point_claim_step_check", sql`${t.step} >= 0 and ${t.step} < cardinality(${t.stepUnitIds}) and cardinality(${t.chain}) = cardinality(${t.stepUnitIds})`),
  ],
);

/** The evidence files of a claim, per round (a resubmission brings its own; the earlier rounds' stay on record). */
export const fixedPointClaimFile = pgTable(
  "fixed_point_claim_file",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    claimId: uuid("claim_id").notNull(),
    round: integer("round").notNull(),
    fileId: uuid("file_id").notNull(),
    /** Which of the item's evidence names it is. */
    label: text("label").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.claimId, t.round, t.fileId] }),
    foreignKey({ columns: [t.tenantId, t.claimId], foreignColumns: [fixedPointClaim.tenantId, fixedPointClaim.id] }),
    foreignKey({ columns: [t.tenantId, t.fileId], foreignColumns: [storedFile.tenantId, storedFile.id] }),
    index("fixed_point_claim_file_file_idx").on(t.tenantId, t.fileId),
  ],
);

/**
 * A claim's trail, append-only: each submission and each decision — who, for which step (its level and unit),
 * acting as which unit's admin, what, why, when.
 */
export const fixedPointDecision = pgTable(
  "fixed_point_decision",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    claimId: uuid("claim_id").notNull(),
    round: integer("round").notNull(),
    step: integer("step").notNull(),
    action: text("action", { enum: ["submit", "resubmit", "pass", "return", "reject"] }).notNull(),
    /** The step's level and unit (for a submission: the first step). */
    level: text("level", { enum: ["school", "county", "city", "province"] }).notNull(),
    forUnitId: uuid("for_unit_id").notNull(),
    /** The unit whose admin decided (differs from for_unit_id when an admin above acted for it); null for a submission. */
    actingUnitId: uuid("acting_unit_id"),
    actorId: uuid("actor_id").notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.claimId], foreignColumns: [fixedPointClaim.tenantId, fixedPointClaim.id] }),
    foreignKey({ columns: [t.tenantId, t.forUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.actingUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.actorId], foreignColumns: [user.tenantId, user.id] }),
    index("fixed_point_decision_claim_idx").on(t.tenantId, t.claimId, t.createdAt),
    // One decision per step of a round: a second approval of the same step cannot be recorded.
    uniqueIndex("fixed_point_decision_step_key").on(t.tenantId, t.claimId, t.round, t.step).where(sql`${t.action} in ('pass', 'return', 'reject')`),
  ],
);
