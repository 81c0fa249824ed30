import { z } from "zod";
import { ZCriterion, type TCriterion, type TUnitKind, unitKinds } from "./completion.ts";
import { listPagingShape } from "./list-page.ts";
import { ZStage } from "./roster.ts";

/**
 * Blended courses (线上线下混合式): what a trainer may write, how a course moves from draft to published,
 * who may enrol when, and how a quiz is graded. Pure rules; the services in packages/services apply them.
 */

/** The categories every tenant starts with; a tenant may add its own. */
export const defaultCourseCategories = ["师德师风", "学科教学", "信息技术应用", "班级管理", "心理健康", "教育科研", "专业发展"] as const;

const ZId = z.uuid();
const ZText = (max: number) => z.string().trim().max(max);
/** 学时 in halves of an hour, as provinces count them. */
export const ZCreditHours = z.coerce
  .number()
  .min(0)
  .max(500)
  .refine((n) => Number.isInteger(n * 2), "学时须为 0.5 的整数倍");
const ZDate = z.coerce.date();
const ZOptDate = z.preprocess((v) => (v === "" || v === null ? undefined : v), ZDate.optional());

export const enrollmentModes = ["open", "assigned"] as const;

/** The catalogue facts of a course version (everything but its content). */
export const ZCourseFacts = z
  .object({
    title: ZText(100).min(1, "请填写课程名称"),
    summary: ZText(4000).default(""),
    coverFileId: ZId.optional(),
    stages: z.array(ZStage).max(6).default([]),
    subjects: z.array(ZText(20).min(1)).max(20).default([]),
    categoryId: ZId,
    institutionId: ZId,
    creditHours: ZCreditHours,
    enrollmentMode: z.enum(enrollmentModes),
    enrollOpensAt: ZOptDate,
    enrollClosesAt: ZOptDate,
    studyStartsAt: ZOptDate,
    studyEndsAt: ZOptDate,
  })
  .strict()
  .refine((c) => !c.enrollOpensAt || !c.enrollClosesAt || c.enrollClosesAt > c.enrollOpensAt, {
    path: ["enrollClosesAt"],
    message: "报名截止须晚于报名开始",
  })
  .refine((c) => !c.studyStartsAt || !c.studyEndsAt || c.studyEndsAt > c.studyStartsAt, {
    path: ["studyEndsAt"],
    message: "学习结束须晚于学习开始",
  });
export type TCourseFacts = z.infer<typeof ZCourseFacts>;

// ─── Units ───────────────────────────────────────────────────────────────────────────────────────

export const questionKinds = ["single", "multiple", "trueFalse"] as const;
export const ZQuizQuestion = z
  .object({
    id: ZId,
    kind: z.enum(questionKinds),
    prompt: ZText(1000).min(1, "请填写题干"),
    options: z.array(z.object({ id: z.string().regex(/^[a-z0-9]{1,8}$/), text: ZText(300).min(1) }).strict()).min(2).max(8),
    correct: z.array(z.string()).min(1),
  })
  .strict()
  .superRefine((q, ctx) => {
    const ids = new Set(q.options.map((o) => o.id));
    if (ids.size !== q.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: "选项重复" });
    if (q.correct.some((c) => !ids.has(c))) ctx.addIssue({ code: "custom", path: ["correct"], message: "正确答案须是选项之一" });
    if (q.kind !== "multiple" && q.correct.length !== 1) ctx.addIssue({ code: "custom", path: ["correct"], message: "单选题和判断题只有一个正确答案" });
    if (q.kind === "trueFalse" && q.options.length !== 2) ctx.addIssue({ code: "custom", path: ["options"], message: "判断题只有两个选项" });
  });
export type TQuizQuestion = z.infer<typeof ZQuizQuestion>;

export const ZVideoConfig = z.object({ fileId: ZId, durationSeconds: z.number().int().min(1).max(24 * 3600) }).strict();
export const ZDocumentConfig = z.object({ fileId: ZId }).strict();
export const ZQuizConfig = z
  .object({
    questions: z.array(ZQuizQuestion).min(1).max(100),
    attemptLimit: z.coerce.number().int().min(1).max(20),
    shuffle: z.boolean().default(true),
  })
  .strict()
  .refine((c) => new Set(c.questions.map((q) => q.id)).size === c.questions.length, { path: ["questions"], message: "题目重复" });
export const ZAssignmentConfig = z.object({ instructions: ZText(4000).min(1, "请填写作业要求") }).strict();
export const ZLiveSessionConfig = z.object({ startsAt: ZDate, durationMinutes: z.coerce.number().int().min(1).max(24 * 60) }).strict();
export const ZOfflineSessionConfig = z
  .object({
    startsAt: ZDate,
    endsAt: ZDate,
    place: ZText(200).min(1, "请填写地点"),
    checkInOpensAt: ZDate,
    checkInClosesAt: ZDate,
    /** Check-ins after this moment (and before the window closes) are recorded as late. */
    lateAfter: ZDate,
  })
  .strict()
  .refine((c) => c.endsAt > c.startsAt, { path: ["endsAt"], message: "结束须晚于开始" })
  .refine((c) => c.checkInClosesAt > c.checkInOpensAt, { path: ["checkInClosesAt"], message: "签到截止须晚于签到开始" })
  .refine((c) => c.lateAfter >= c.checkInOpensAt && c.lateAfter <= c.checkInClosesAt, { path: ["lateAfter"], message: "迟到时间须在签到时段内" });
export const ZDiscussionConfig = z.object({ prompt: ZText(4000).min(1, "请填写讨论话题") }).strict();

const configByKind = {
  video: ZVideoConfig,
  document: ZDocumentConfig,
  quiz: ZQuizConfig,
  assignment: ZAssignmentConfig,
  liveSession: ZLiveSessionConfig,
  offlineSession: ZOfflineSessionConfig,
  discussion: ZDiscussionConfig,
} as const satisfies Record<TUnitKind, z.ZodType>;

export type TUnitConfig<K extends TUnitKind = TUnitKind> = z.infer<(typeof configByKind)[K]>;

export function parseUnitConfig<K extends TUnitKind>(kind: K, config: unknown): TUnitConfig<K> {
  return configByKind[kind].parse(config) as TUnitConfig<K>;
}

/** A unit as the trainer writes it: its kind's settings and a criterion of the same kind. */
export const ZUnitInput = z
  .object({
    kind: z.enum(unitKinds),
    title: ZText(100).min(1, "请填写单元名称"),
    creditHours: ZCreditHours,
    required: z.boolean().default(true),
    criterion: ZCriterion,
    config: z.unknown(),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.criterion.kind !== u.kind) ctx.addIssue({ code: "custom", path: ["criterion"], message: "完成条件与单元类型不符" });
    const r = configByKind[u.kind].safeParse(u.config);
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: "custom", path: ["config", ...i.path.map(String)], message: i.message });
  })
  .transform((u) => ({ ...u, config: configByKind[u.kind].parse(u.config) as TUnitConfig }));
export type TUnitInput = z.infer<typeof ZUnitInput>;

/** The default criterion a new unit of each kind gets. */
export function defaultCriterion(kind: TUnitKind): TCriterion {
  switch (kind) {
    case "video":
      return { kind, minWatchedPercent: 90 };
    case "quiz":
      return { kind, passPercent: 60 };
    case "liveSession":
      return { kind, minMinutes: 30 };
    case "discussion":
      return { kind, minPosts: 1 };
    default:
      return { kind } as TCriterion;
  }
}

/**
 * Which 学时 count: the course's declared 总学时 (`creditHours` of its version). Completing the course
 * credits exactly that to the ledger (complete-enrollment in packages/db); the units' 学时 are the author's
 * breakdown and are never summed into an award. When the units add up to anything else, the author is
 * warned in the course editor and when submitting for review, and the reviewer sees it too; it is not
 * refused (the author may mean the total). Compared in halves of an hour, as 学时 are written. Null when
 * they agree or there are no units yet.
 */
export function creditHoursMismatch(declared: number | string, units: readonly { creditHours: number | string }[]): { declared: number; unitsTotal: number } | null {
  if (units.length === 0) return null;
  const halves = (h: number | string) => Math.round(Number(h) * 2);
  const declaredHalves = halves(declared);
  const unitHalves = units.reduce((sum, u) => sum + halves(u.creditHours), 0);
  return declaredHalves === unitHalves ? null : { declared: declaredHalves / 2, unitsTotal: unitHalves / 2 };
}

// ─── Review and publish ──────────────────────────────────────────────────────────────────────────

export const versionStatuses = ["draft", "inReview", "published", "superseded"] as const;
export type TVersionStatus = (typeof versionStatuses)[number];
export const reviewActions = ["submit", "approve", "sendBack", "withdraw"] as const;
export type TReviewAction = (typeof reviewActions)[number];

/** draft → inReview (submit) → published (approve) or back to draft (sendBack, withdraw). */
export function nextVersionStatus(current: TVersionStatus, action: TReviewAction): TVersionStatus | null {
  if (current === "draft" && action === "submit") return "inReview";
  if (current === "inReview" && action === "approve") return "published";
  if (current === "inReview" && (action === "sendBack" || action === "withdraw")) return "draft";
  return null;
}

/** What a version must have before it can be sent to review. Returns message keys' reasons. */
export function publishProblems(v: { units: { kind: TUnitKind; required: boolean }[] }): ("noUnits" | "noRequiredUnit")[] {
  if (v.units.length === 0) return ["noUnits"];
  if (!v.units.some((u) => u.required)) return ["noRequiredUnit"];
  return [];
}

export const ZReviewInput = z
  .object({
    courseId: ZId,
    action: z.enum(reviewActions),
    comment: ZText(2000).optional(),
  })
  .strict()
  .refine((r) => r.action !== "sendBack" || (r.comment && r.comment.length > 0), { path: ["comment"], message: "退回时请写明原因" });

// ─── Enrolment ───────────────────────────────────────────────────────────────────────────────────

export type TEnrollRefusal = "notPublished" | "archived" | "assignedOnly" | "notOpenYet" | "closed";

/** Whether a teacher may enrol themselves now. */
export function selfEnrollRefusal(
  c: { courseStatus: "draft" | "published" | "archived"; enrollmentMode: "open" | "assigned"; enrollOpensAt: Date | null; enrollClosesAt: Date | null },
  now: Date,
): TEnrollRefusal | null {
  if (c.courseStatus === "archived") return "archived";
  if (c.courseStatus !== "published") return "notPublished";
  if (c.enrollmentMode !== "open") return "assignedOnly";
  if (c.enrollOpensAt && now < c.enrollOpensAt) return "notOpenYet";
  if (c.enrollClosesAt && now >= c.enrollClosesAt) return "closed";
  return null;
}

/** Whether study is possible now (the player refuses to record progress outside the study window). */
export function studyOpen(c: { studyStartsAt: Date | null; studyEndsAt: Date | null }, now: Date): boolean {
  return (!c.studyStartsAt || now >= c.studyStartsAt) && (!c.studyEndsAt || now < c.studyEndsAt);
}

export const ZCatalogueQuery = z
  .object({
    q: ZText(50).optional(),
    stage: ZStage.optional(),
    subject: ZText(20).optional(),
    categoryId: ZId.optional(),
    minHours: z.coerce.number().min(0).max(500).optional(),
    maxHours: z.coerce.number().min(0).max(500).optional(),
    openNow: z.coerce.boolean().optional(),
    after: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type TCatalogueQuery = z.infer<typeof ZCatalogueQuery>;

/** 我的课程 (an author's courses, newest change first): numbered pages of 20, 50 or 100. */
export const ZMyCoursesQuery = z.object(listPagingShape({ size: 50 })).strict();
export type TMyCoursesQuery = z.infer<typeof ZMyCoursesQuery>;

export const ZAssignEnrollmentInput = z.discriminatedUnion("by", [
  z.object({ by: z.literal("subtree"), courseId: ZId, orgUnitId: ZId, deadline: ZOptDate }).strict(),
  z.object({ by: z.literal("filter"), courseId: ZId, orgUnitId: ZId.optional(), stage: ZStage.optional(), subject: ZText(20).optional(), deadline: ZOptDate }).strict(),
  z.object({ by: z.literal("list"), courseId: ZId, teacherNos: z.array(ZText(32).min(1)).min(1).max(20_000), deadline: ZOptDate }).strict(),
]);
export type TAssignEnrollmentInput = z.infer<typeof ZAssignEnrollmentInput>;

// ─── Quiz ────────────────────────────────────────────────────────────────────────────────────────

/** An attempt's answers: question id → the chosen option ids. */
export const ZQuizAnswers = z.record(z.uuid(), z.array(z.string().max(8)).max(8));
export type TQuizAnswers = z.infer<typeof ZQuizAnswers>;

export type TQuizGrade = { ok: true; scorePercent: number; correct: number; total: number } | { ok: false; reason: "unknownQuestion" | "unknownOption" | "tooManyChoices" };

/**
 * Grades answers against the questions. Answers naming a question that is not in this quiz, or an option
 * a question does not have, are refused as a whole (nothing is recorded). A question is right only when
 * exactly the correct options are chosen; an unanswered question is wrong.
 */
export function gradeQuiz(questions: readonly TQuizQuestion[], answers: TQuizAnswers): TQuizGrade {
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [qid, chosen] of Object.entries(answers)) {
    const q = byId.get(qid);
    if (!q) return { ok: false, reason: "unknownQuestion" };
    const opts = new Set(q.options.map((o) => o.id));
    if (chosen.some((c) => !opts.has(c))) return { ok: false, reason: "unknownOption" };
    if (q.kind !== "multiple" && chosen.length > 1) return { ok: false, reason: "tooManyChoices" };
  }
  let correct = 0;
  for (const q of questions) {
    const chosen = new Set(answers[q.id] ?? []);
    if (chosen.size === q.correct.length && q.correct.every((c) => chosen.has(c))) correct++;
  }
  return { ok: true, correct, total: questions.length, scorePercent: Math.round((correct / questions.length) * 100) };
}

/** A deterministic shuffle (mulberry32 seeded by a string), so an attempt's order can be re-derived. */
export function shuffled<T>(items: readonly T[], seed: string): T[] {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
  let a = h >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ─── Offline sessions ────────────────────────────────────────────────────────────────────────────

export type TCheckInWindow = "notOpen" | "onTime" | "late" | "closed";

export function checkInWindow(c: { checkInOpensAt: Date; checkInClosesAt: Date; lateAfter: Date }, now: Date): TCheckInWindow {
  if (now < c.checkInOpensAt) return "notOpen";
  if (now >= c.checkInClosesAt) return "closed";
  return now > c.lateAfter ? "late" : "onTime";
}

/** A teacher's state on the roster: present, late, absent (window closed without a check-in) or pending. */
export function attendanceState(checkIn: { late: boolean } | null, c: { checkInClosesAt: Date }, now: Date): "present" | "late" | "absent" | "pending" {
  if (checkIn) return checkIn.late ? "late" : "present";
  return now >= c.checkInClosesAt ? "absent" : "pending";
}

export const ZCheckInInput = z
  .object({
    courseId: ZId,
    unitId: ZId,
    code: z.string().trim().regex(/^\d{6}$/, "签到码为 6 位数字"),
  })
  .strict();

// ─── Files ───────────────────────────────────────────────────────────────────────────────────────

export const filePurposes = ["courseVideo", "courseDocument", "courseCover", "assignment", "creditProof", "studioResource", "liveSlides", "projectBrief", "projectReport"] as const;
export type TFilePurpose = (typeof filePurposes)[number];
/** A Word document (.docx): a zip whose entries the upload checks once it has the whole file (validate.ts). */
export const docxMime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export type TSniffedType = "video/mp4" | "video/webm" | "application/pdf" | "image/png" | "image/jpeg" | "image/webp" | typeof docxMime;

/** What each purpose accepts (by sniffed type) and how large it may be. */
export const filePolicy: Record<TFilePurpose, { types: readonly TSniffedType[]; maxBytes: number }> = {
  courseVideo: { types: ["video/mp4", "video/webm"], maxBytes: 2 * 1024 ** 3 },
  courseDocument: { types: ["application/pdf"], maxBytes: 100 * 1024 ** 2 },
  courseCover: { types: ["image/png", "image/jpeg", "image/webp"], maxBytes: 5 * 1024 ** 2 },
  assignment: { types: ["application/pdf", "image/png", "image/jpeg", "image/webp"], maxBytes: 50 * 1024 ** 2 },
  /** A certificate or attendance proof for training done elsewhere (external awards). */
  creditProof: { types: ["application/pdf", "image/png", "image/jpeg", "image/webp"], maxBytes: 20 * 1024 ** 2 },
  /** A studio's library: documents (PDF) and videos. */
  studioResource: { types: ["application/pdf", "video/mp4", "video/webm"], maxBytes: 2 * 1024 ** 3 },
  /** A live session's slides, rendered page by page in the browser. */
  liveSlides: { types: ["application/pdf"], maxBytes: 100 * 1024 ** 2 },
  /** A training project's 培训简报 images (the covers' limit). */
  projectBrief: { types: ["image/png", "image/jpeg", "image/webp"], maxBytes: 5 * 1024 ** 2 },
  /** A project's 绩效评估报告: PDF, or a Word document (.docx, as Word, WPS and LibreOffice save it). */
  projectReport: { types: ["application/pdf", docxMime], maxBytes: 100 * 1024 ** 2 },
};

/** The type a file really is, from its first bytes (at least 16); null when it is none we accept. */
export function sniffFileType(head: Uint8Array): TSniffedType | null {
  const at = (i: number, ...bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(0, 0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp"; // RIFF....WEBP
  if (at(0, 0x1a, 0x45, 0xdf, 0xa3)) return "video/webm"; // EBML
  if (at(4, 0x66, 0x74, 0x79, 0x70)) return "video/mp4"; // ....ftyp
  // PK\x03\x04, a zip's first local header: only a Word document is a zip we take, and whether it is one
  // shows in its central directory at the end (validate.ts refuses any other zip).
  if (at(0, 0x50, 0x4b, 0x03, 0x04)) return docxMime;
  return null;
}

/**
 * What an upload request says besides its bytes: the purpose (query) and the file's name (header). The name
 * is only shown back to people; it never decides the type. Path parts and control characters are dropped.
 */
export const ZUploadRequest = z
  .object({
    purpose: z.enum(filePurposes, "不支持的文件用途"),
    originalName: z
      .string()
      .transform((s) =>
        [...(s.split(/[\\/]/).pop() ?? "")]
          .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
          .join("")
          .trim()
          .slice(0, 200),
      )
      .pipe(z.string().min(1, "缺少文件名")),
  })
  .strict();
export type TUploadRequest = z.infer<typeof ZUploadRequest>;

export const fileExtension: Record<TSniffedType, string> = {
  "video/mp4": "mp4",
  "video/webm": "webm",
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  [docxMime]: "docx",
};

// ─── Classwork: assignments and discussions ──────────────────────────────────────────────────────

const ZOptId = z.preprocess((v) => (v === "" || v === null ? undefined : v), ZId.optional());

/** A teacher's assignment submission: text, a file (uploaded with purpose `assignment`), or both. */
export const ZSubmitAssignmentInput = z
  .object({
    courseId: ZId,
    unitId: ZId,
    body: ZText(20_000).default(""),
    fileId: ZOptId,
  })
  .strict()
  .refine((s) => s.body.length > 0 || s.fileId, { path: ["body"], message: "请填写作业内容或上传附件" });
export type TSubmitAssignmentInput = z.infer<typeof ZSubmitAssignmentInput>;

export const ZGradeSubmissionInput = z
  .object({
    submissionId: ZId,
    result: z.enum(["pass", "fail"], { message: "请选择通过或不通过" }),
    comment: ZText(2000).default(""),
  })
  .strict()
  .refine((g) => g.result === "pass" || g.comment.length > 0, { path: ["comment"], message: "不通过时请写明原因" });
export type TGradeSubmissionInput = z.infer<typeof ZGradeSubmissionInput>;

/** A discussion post; `parentId` makes it a reply (to a post of the same unit). */
export const ZDiscussionPostInput = z
  .object({
    courseId: ZId,
    unitId: ZId,
    parentId: ZOptId,
    body: ZText(4000).min(1, "请填写内容"),
  })
  .strict();
export type TDiscussionPostInput = z.infer<typeof ZDiscussionPostInput>;

/**
 * 教师编号 pasted into a textarea or read from a sheet's first column: one per line (commas, spaces and
 * Chinese punctuation also separate), trimmed, upper-cased, duplicates and a header cell dropped.
 */
export function parseTeacherNos(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/[\s,，;；、]+/)) {
    const no = raw.trim().toUpperCase();
    if (no && no !== "教师编号") out.add(no);
  }
  return [...out];
}

/** The facts a course version carries (what the facts form edits and a new draft copies). */
export const versionFactKeys = ["title", "summary", "coverFileId", "stages", "subjects", "categoryId", "institutionId", "creditHours", "enrollmentMode", "enrollOpensAt", "enrollClosesAt", "studyStartsAt", "studyEndsAt"] as const;
export type TVersionFactKey = (typeof versionFactKeys)[number];

/** A version's facts, picked from its row (one list of them for copying, showing and editing). */
export function pickVersionFacts<T extends Record<TVersionFactKey, unknown>>(v: T): Pick<T, TVersionFactKey> {
  const out: Partial<Pick<T, TVersionFactKey>> = {};
  for (const k of versionFactKeys) out[k] = v[k];
  return out as Pick<T, TVersionFactKey>;
}
