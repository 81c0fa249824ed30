import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, bytea } from "./common.ts";
import { course, storedFile } from "./courses.ts";
import { studio, studioActivity } from "./studios.ts";
import { orgUnit, tenant, user } from "./tenancy.ts";

// Live sessions (issue 6) and 双师 co-teaching (issue 7): rooms, participants, classrooms, attendance, room state.

/**
 * A live session: a studio activity's, or a course's `liveSession` unit's (then `courseId`/`unitId`
 * name the unit, and attendance completes it). The room is `tenant:{tenantId}:session:{id}`.
 */
export const liveSession = pgTable(
  "live_session",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    kind: text("kind", { enum: ["studio", "coTeaching"] }).notNull().default("studio"),
    studioId: uuid("studio_id"),
    activityId: uuid("activity_id"),
    courseId: uuid("course_id"),
    unitId: uuid("unit_id"),
    title: text("title").notNull(),
    hostId: uuid("host_id").notNull(),
    scheduledStart: timestamp("scheduled_start", { withTimezone: true }).notNull(),
    scheduledMinutes: integer("scheduled_minutes").notNull(),
    status: text("status", { enum: ["scheduled", "live", "ended"] }).notNull().default("scheduled"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** The slides (a PDF in the file store) and the page everyone is on. */
    slidesFileId: uuid("slides_file_id"),
    slidePage: integer("slide_page").notNull().default(1),
    /** Breakout groups are open (their chat and documents are live) since this time; null when called back. */
    breakoutsOpenedAt: timestamp("breakouts_opened_at", { withTimezone: true }),
    /** When attendance events went on the `progress` queue (once, after the end). */
    attendanceQueuedAt: timestamp("attendance_queued_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.studioId], foreignColumns: [studio.tenantId, studio.id] }),
    foreignKey({ columns: [t.tenantId, t.activityId], foreignColumns: [studioActivity.tenantId, studioActivity.id] }),
    foreignKey({ columns: [t.tenantId, t.courseId], foreignColumns: [course.tenantId, course.id] }),
    foreignKey({ columns: [t.tenantId, t.hostId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.slidesFileId], foreignColumns: [storedFile.tenantId, storedFile.id] }),
    index("live_session_studio_idx").on(t.tenantId, t.studioId, t.scheduledStart),
    index("live_session_unit_idx").on(t.tenantId, t.courseId, t.unitId),
  ],
);

/** Who is in the room, and in which role; removal and muting are kept here so a reconnect cannot undo them. */
export const liveParticipant = pgTable(
  "live_participant",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    sessionId: uuid("session_id").notNull(),
    userId: uuid("user_id").notNull(),
    role: text("role", { enum: ["host", "coHost", "participant"] }).notNull().default("participant"),
    muted: boolean("muted").notNull().default(false),
    removed: boolean("removed").notNull().default(false),
    /** The breakout group the participant is in while groups are open. */
    groupId: uuid("group_id"),
    handRaisedAt: timestamp("hand_raised_at", { withTimezone: true }),
    firstJoinedAt: timestamp("first_joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sessionId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }),
  ],
);

/**
 * 双师 co-teaching (issue 7, decision 010): the session's own facts — the 学时 the lecturer and each assistant
 * who stayed earn, and the organiser unit the award's level comes from. One row per `coTeaching` session.
 */
export const liveCoTeaching = pgTable(
  "live_coteaching",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    sessionId: uuid("session_id").notNull(),
    /** 学时 for the session (0–20, tenths); 0 means none. */
    creditHours: numeric("credit_hours", { precision: 3, scale: 1 }).notNull(),
    /** The org unit of the grant that scheduled it (null: a tenant-wide admin, counted as provincial). */
    organiserUnitId: uuid("organiser_unit_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sessionId] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.organiserUnitId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    check("live_coteaching_credit_hours_check", sql`${t.creditHours} >= 0 and ${t.creditHours} <= 20`),
  ],
);

/** A remote classroom of a co-teaching session: a school class and its assistant teacher (辅导教师). */
export const liveClassroom = pgTable(
  "live_classroom",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    /** The order the lecturer listed the classrooms in (tiles show in this order). */
    position: integer("position").notNull(),
    schoolId: uuid("school_id").notNull(),
    grade: text("grade").notNull(),
    className: text("class_name").notNull(),
    headcount: integer("headcount").notNull(),
    assistantId: uuid("assistant_id").notNull(),
    /** The class roster (names) when one was loaded; the attendance sheet then takes names. */
    roster: jsonb("roster").$type<string[]>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("live_classroom_assistant_key").on(t.tenantId, t.sessionId, t.assistantId),
    unique("live_classroom_position_key").on(t.tenantId, t.sessionId, t.position),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.schoolId], foreignColumns: [orgUnit.tenantId, orgUnit.id] }),
    foreignKey({ columns: [t.tenantId, t.assistantId], foreignColumns: [user.tenantId, user.id] }),
    check("live_classroom_headcount_check", sql`${t.headcount} between 1 and 200`),
    index("live_classroom_assistant_idx").on(t.tenantId, t.assistantId),
  ],
);

/**
 * A question a remote classroom sends the lecturer (the assistant relays the class's question); the
 * lecturer marks it answered. Kept with the session's record.
 */
export const liveClassQuestion = pgTable(
  "live_class_question",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    classroomId: uuid("classroom_id").notNull(),
    body: text("body").notNull(),
    askedBy: uuid("asked_by").notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.classroomId], foreignColumns: [liveClassroom.tenantId, liveClassroom.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.askedBy], foreignColumns: [user.tenantId, user.id] }),
    check("live_class_question_body_check", sql`char_length(${t.body}) between 1 and 500`),
    index("live_class_question_classroom_idx").on(t.tenantId, t.classroomId, t.createdAt),
  ],
);

/** The assistant's attendance sheet for their classroom: one per classroom, saved again as it changes. */
export const liveClassroomAttendance = pgTable(
  "live_classroom_attendance",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    classroomId: uuid("classroom_id").notNull(),
    presentCount: integer("present_count").notNull(),
    /** Who is present, when the class has a roster (present_count is then their number). */
    presentNames: jsonb("present_names").$type<string[]>(),
    recordedBy: uuid("recorded_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.classroomId] }),
    foreignKey({ columns: [t.tenantId, t.classroomId], foreignColumns: [liveClassroom.tenantId, liveClassroom.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.recordedBy], foreignColumns: [user.tenantId, user.id] }),
    check("live_classroom_attendance_present_check", sql`${t.presentCount} >= 0`),
  ],
);

/** Join and leave times, one row per connection interval (the server writes them; left_at null while in). */
export const liveAttendance = pgTable(
  "live_attendance",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    userId: uuid("user_id").notNull(),
    /** For co-teaching: the classroom the interval counts for. */
    classroomId: uuid("classroom_id"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull(),
    leftAt: timestamp("left_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_attendance_user_idx").on(t.tenantId, t.sessionId, t.userId, t.joinedAt),
    foreignKey({ columns: [t.tenantId, t.classroomId], foreignColumns: [liveClassroom.tenantId, liveClassroom.id] }).onDelete("cascade"),
  ],
);

/**
 * A person invited to one live session (a guest from outside the studio or the course): they may attend
 * as a participant. Revoking deletes the row; the audit of who came is live_attendance.
 */
export const liveInvite = pgTable(
  "live_invite",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    sessionId: uuid("session_id").notNull(),
    userId: uuid("user_id").notNull(),
    invitedBy: uuid("invited_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sessionId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [user.tenantId, user.id] }),
    foreignKey({ columns: [t.tenantId, t.invitedBy], foreignColumns: [user.tenantId, user.id] }),
    index("live_invite_user_idx").on(t.tenantId, t.userId),
  ],
);

/** Breakout groups of a session (each with its own chat and document). */
export const liveGroup = pgTable(
  "live_group",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_group_session_idx").on(t.tenantId, t.sessionId, t.position),
  ],
);

/** Chat, kept after the session (the room's record); a group's chat has its group id. Deletion is a mark. */
export const liveChatMessage = pgTable(
  "live_chat_message",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    groupId: uuid("group_id"),
    authorId: uuid("author_id").notNull(),
    body: text("body").notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_chat_session_idx").on(t.tenantId, t.sessionId, t.createdAt),
  ],
);

/** A poll the host asks; answers in `live_poll_answer`, one per participant. */
export const livePoll = pgTable(
  "live_poll",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    question: text("question").notNull(),
    options: jsonb("options").$type<string[]>().notNull(),
    status: text("status", { enum: ["open", "closed"] }).notNull().default("open"),
    createdAt: createdAt(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_poll_session_idx").on(t.tenantId, t.sessionId, t.createdAt),
  ],
);

export const livePollAnswer = pgTable(
  "live_poll_answer",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    pollId: uuid("poll_id").notNull(),
    userId: uuid("user_id").notNull(),
    option: integer("option").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.pollId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.pollId], foreignColumns: [livePoll.tenantId, livePoll.id] }).onDelete("cascade"),
  ],
);

/**
 * A classroom's answer to a poll, given by its assistant for the whole class: the class's choice, or a count
 * per option. The primary key (tenant, poll, classroom) makes a class count once.
 */
export const liveClassPollAnswer = pgTable(
  "live_class_poll_answer",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    pollId: uuid("poll_id").notNull(),
    classroomId: uuid("classroom_id").notNull(),
    answeredBy: uuid("answered_by").notNull(),
    choice: integer("choice"),
    counts: jsonb("counts").$type<number[]>(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.pollId, t.classroomId] }),
    foreignKey({ columns: [t.tenantId, t.pollId], foreignColumns: [livePoll.tenantId, livePoll.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.classroomId], foreignColumns: [liveClassroom.tenantId, liveClassroom.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.answeredBy], foreignColumns: [user.tenantId, user.id] }),
    check("live_class_poll_answer_one_check", sql`(${t.choice} is null) <> (${t.counts} is null)`),
    index("live_class_poll_answer_classroom_idx").on(t.tenantId, t.classroomId),
  ],
);

/** Whiteboard strokes over a slide page; undo marks one's own stroke removed, the host's clear marks them all. */
export const liveStroke = pgTable(
  "live_stroke",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull(),
    sessionId: uuid("session_id").notNull(),
    page: integer("page").notNull(),
    authorId: uuid("author_id").notNull(),
    data: jsonb("data").notNull(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_stroke_page_idx").on(t.tenantId, t.sessionId, t.page, t.createdAt),
  ],
);

/**
 * The shared lesson-plan documents (Yjs): every update as received (`kind` update), and snapshots of the
 * whole state (`kind` snapshot) taken now and then and at the end, which are the versions shown after the
 * session. `docKey` is `main` or `group:<groupId>`.
 */
export const liveDocUpdate = pgTable(
  "live_doc_update",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenant.id),
    id: uuid("id").notNull().defaultRandom(),
    sessionId: uuid("session_id").notNull(),
    docKey: text("doc_key").notNull(),
    kind: text("kind", { enum: ["update", "snapshot"] }).notNull(),
    data: bytea("data").notNull(),
    authorId: uuid("author_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.sessionId], foreignColumns: [liveSession.tenantId, liveSession.id] }).onDelete("cascade"),
    index("live_doc_update_idx").on(t.tenantId, t.sessionId, t.docKey, t.createdAt),
  ],
);
