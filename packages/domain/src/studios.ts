import { z } from "zod";
import { listPagingShape } from "./list-page.ts";
import { ZStage } from "./roster.ts";

/**
 * 名师工作室 (studio workspace, issue 6): what an admin, a host and a teacher may write, how a membership
 * moves (apply → approve or reject; invite → accept or decline; leave; removal), and one function that
 * says what a person may do in a studio. Pure rules; the services in packages/services apply them.
 */

export const studioRoles = ["host", "coHost", "member"] as const;
export type TStudioRole = (typeof studioRoles)[number];
export const memberStatuses = ["applied", "invited", "active", "rejected", "left"] as const;
export type TMemberStatus = (typeof memberStatuses)[number];
export const activityKinds = ["lessonPlanning", "lessonStudy", "observation", "lecture", "other"] as const;
export type TActivityKind = (typeof activityKinds)[number];
export const resourceKinds = ["document", "video"] as const;
export type TResourceKind = (typeof resourceKinds)[number];
export const resourceVisibilities = ["members", "tenant"] as const;
export const outputKinds = ["lessonPlan", "case", "paper", "recordedLesson", "other"] as const;
export type TOutputKind = (typeof outputKinds)[number];
export const studioTabs = ["overview", "plan", "library", "board", "outputs", "members"] as const;
export type TStudioTab = (typeof studioTabs)[number];

const ZId = z.uuid();
const ZText = (max: number) => z.string().trim().max(max);
/** An empty form field means "not given". */
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const ZOptId = z.preprocess(blank, ZId.optional());
const ZDay = z.string("请填写日期").trim().regex(/^\d{4}-\d{2}-\d{2}$/, "请填写日期");
/** A checkbox: present ("on", "1", "true") or absent. */
const ZCheckbox = z.preprocess((v) => v === true || v === "on" || v === "1" || v === "true", z.boolean());
/** One value or several (repeated form fields). */
const many = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/**
 * Tags as people type them: separated by commas (either width), 、 or spaces; trimmed, without
 * duplicates, at most 10 of at most 20 characters.
 */
export function parseTags(input: unknown): string[] {
  const parts = (Array.isArray(input) ? input : [input]).flatMap((v) => (typeof v === "string" ? v.split(/[,，、;；\s]+/) : []));
  return [...new Set(parts.map((s) => s.trim()).filter(Boolean))];
}
const ZTags = z.preprocess(parseTags, z.array(z.string().max(20, "每个标签不超过 20 字")).max(10, "最多 10 个标签"));

// ─── Studios ─────────────────────────────────────────────────────────────────────────────────────

const studioFacts = {
  name: ZText(60).min(1, "请填写工作室名称"),
  subject: ZText(20).min(1, "请填写学科"),
  stages: many(ZStage).pipe(z.array(ZStage).min(1, "请至少选择一个学段").max(6)).transform((a) => [...new Set(a)]),
  orgUnitId: z.preprocess(blank, z.uuid("请选择所属机构")),
  termStart: ZDay,
  termEnd: ZDay,
  description: ZText(4000).default(""),
};

const termOrder = <T extends { termStart: string; termEnd: string }>(s: z.ZodType<T>) =>
  s.refine((v) => v.termEnd >= v.termStart, { path: ["termEnd"], message: "结束日期不能早于开始日期" });

/** A new studio: its facts and the host, named by login (a master teacher or teacher of the tenant). */
export const ZCreateStudioInput = termOrder(
  z.object({ ...studioFacts, hostLogin: ZText(64).min(1, "请填写主持人账号") }).strict(),
);
export type TCreateStudioInput = z.infer<typeof ZCreateStudioInput>;

/** Editing a studio's facts (the host stays: a new host is a new studio's business). */
export const ZEditStudioInput = termOrder(z.object({ studioId: ZId, ...studioFacts }).strict());
export type TEditStudioInput = z.infer<typeof ZEditStudioInput>;

export const ZStudioRef = z.object({ studioId: ZId }).strict();

export const ZStudioQuery = z
  .object({
    q: ZText(50).optional(),
    subject: ZText(20).optional(),
    stage: ZStage.optional(),
    /** Only studios the person belongs to (active). */
    mine: z.coerce.boolean().optional(),
    /** Numbered pages of 20, 50 or 100 (newest first). */
    ...listPagingShape({ size: 20 }),
  })
  .strict();
export type TStudioQuery = z.infer<typeof ZStudioQuery>;

// ─── Membership ──────────────────────────────────────────────────────────────────────────────────

export const membershipActions = ["apply", "invite", "approve", "reject", "accept", "decline", "leave", "remove"] as const;
export type TMembershipAction = (typeof membershipActions)[number];

/**
 * Where a membership goes on an action, or null when the action does not apply to it (the service
 * refuses it). `current` is null when the person has no row yet. Rejected and departed teachers may
 * apply or be invited again; a pending application or invitation is one row, so nobody applies twice.
 * The host's own row never moves (the host cannot leave or be removed).
 */
export function nextMemberStatus(current: { status: TMemberStatus; role: TStudioRole } | null, action: TMembershipAction): TMemberStatus | null {
  const s = current?.status ?? null;
  if (current?.role === "host") return null;
  switch (action) {
    case "apply":
    case "invite":
      return s === null || s === "rejected" || s === "left" ? (action === "apply" ? "applied" : "invited") : null;
    case "approve":
      return s === "applied" ? "active" : null;
    case "reject":
      return s === "applied" ? "rejected" : null;
    case "accept":
      return s === "invited" ? "active" : null;
    case "decline":
      return s === "invited" ? "rejected" : null;
    case "leave":
      // Withdrawing an application is leaving too.
      return s === "active" || s === "applied" ? "left" : null;
    case "remove":
      return s === "active" ? "left" : null;
  }
}

/** Why an action does not apply, as an error code the services throw. */
export function membershipRefusal(current: { status: TMemberStatus; role: TStudioRole } | null, action: TMembershipAction): "alreadyStudioMember" | "alreadyApplied" | "membershipNotPending" | null {
  if (nextMemberStatus(current, action) !== null) return null;
  if ((action === "apply" || action === "invite") && current) {
    if (current.status === "active" || current.role === "host") return "alreadyStudioMember";
    return "alreadyApplied";
  }
  return "membershipNotPending";
}

export const ZApplyInput = z.object({ studioId: ZId, note: ZText(500).default("") }).strict();
export const ZDecideInput = z.object({ studioId: ZId, userId: ZId, decision: z.enum(["approve", "reject"]) }).strict();
export const ZInviteInput = z.object({ studioId: ZId, login: ZText(64).min(1, "请填写教师账号") }).strict();
export const ZAnswerInvitationInput = z.object({ studioId: ZId, answer: z.enum(["accept", "decline"]) }).strict();
export const ZMemberRef = z.object({ studioId: ZId, userId: ZId }).strict();
export const ZSetRoleInput = z.object({ studioId: ZId, userId: ZId, role: z.enum(["coHost", "member"], "请选择角色") }).strict();

// ─── Permissions ─────────────────────────────────────────────────────────────────────────────────

export type TStudioPermissions = {
  /** Plan, library (members-only items), board, outputs and the member list. */
  readMembersOnly: boolean;
  post: boolean;
  /** The plan, the library, the outputs, applications and invitations, removal. */
  manage: boolean;
  /** Make a member co-host or back (the host only). */
  setRoles: boolean;
  /** The studio's facts (name, subject, term …): the host, and admins whose scope holds its org unit. */
  editFacts: boolean;
  archive: boolean;
  apply: boolean;
  answerInvitation: boolean;
  leave: boolean;
};

/**
 * What a person may do in a studio, from their membership (null: none) and whether they administer the
 * studio's org unit. Only active members read members-only content; an admin's oversight is of the
 * studio's facts, not of its members' discussion. An archived studio is read-only for everyone.
 */
export function studioPermissions(opts: {
  member: { status: TMemberStatus; role: TStudioRole } | null;
  adminInScope: boolean;
  archived: boolean;
}): TStudioPermissions {
  const { member, adminInScope, archived } = opts;
  const active = member?.status === "active";
  const role = active ? member.role : null;
  const manager = role === "host" || role === "coHost";
  const open = !archived;
  return {
    readMembersOnly: active,
    post: active && open,
    manage: manager && open,
    setRoles: role === "host" && open,
    editFacts: open && (role === "host" || adminInScope),
    archive: open && adminInScope,
    apply: open && nextMemberStatus(member, "apply") !== null,
    answerInvitation: open && member?.status === "invited",
    leave: open && nextMemberStatus(member, "leave") !== null,
  };
}

// ─── Plan, library, board, outputs ───────────────────────────────────────────────────────────────

export const ZActivityInput = z
  .object({
    studioId: ZId,
    /** Present when editing. */
    activityId: ZOptId,
    kind: z.enum(activityKinds, "请选择活动类型"),
    title: ZText(100).min(1, "请填写活动名称"),
    date: ZDay,
    description: ZText(4000).default(""),
    /** 学时 each participant earns by attending the activity's live session long enough (0: none). */
    creditHours: z.preprocess(
      (v) => (v === "" || v == null ? 0 : typeof v === "string" ? Number(v) : v),
      z
        .number("学时须为数字")
        .min(0, "学时不能为负")
        .max(20, "单次活动最多 20 学时")
        .refine((n) => Number.isInteger(Math.round(n * 10)) && Math.abs(Math.round(n * 10) - n * 10) < 1e-9, "学时最多保留一位小数"),
    ),
  })
  .strict();
export type TActivityInput = z.infer<typeof ZActivityInput>;
export const ZActivityRef = z.object({ studioId: ZId, activityId: ZId }).strict();

/** A library item for an uploaded file (purpose studioResource); its kind comes from the file's type. */
export const ZResourceInput = z
  .object({
    studioId: ZId,
    fileId: z.preprocess(blank, z.uuid("请先上传文件")),
    title: ZText(100).min(1, "请填写资源名称"),
    isCase: ZCheckbox.default(false),
    tags: ZTags.default([]),
    visibility: z.enum(resourceVisibilities).default("members"),
  })
  .strict();
export type TResourceInput = z.infer<typeof ZResourceInput>;
export const ZResourceRef = z.object({ studioId: ZId, resourceId: ZId }).strict();
export const ZResourceQuery = z
  .object({
    studioId: ZId,
    tag: z.preprocess(blank, ZText(20).optional()),
    kind: z.preprocess(blank, z.enum(resourceKinds).optional()),
    cases: z.preprocess(blank, z.coerce.boolean().optional()),
  })
  .strict();

/** A board post: a thread (with a title) or a reply to a thread (parentId, no title). */
export const ZPostInput = z
  .object({
    studioId: ZId,
    parentId: ZOptId,
    title: z.preprocess(blank, ZText(100).optional()),
    body: ZText(4000).min(1, "请填写内容"),
  })
  .strict()
  .refine((p) => p.parentId || (p.title && p.title.length > 0), { path: ["title"], message: "请填写主题" });
export type TPostInput = z.infer<typeof ZPostInput>;
export const ZBoardQuery = z.object({ studioId: ZId, after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
export const ZThreadQuery = z
  .object({ studioId: ZId, threadId: ZId, after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

export const ZOutputInput = z
  .object({
    studioId: ZId,
    outputId: ZOptId,
    kind: z.enum(outputKinds, "请选择成果类型"),
    title: ZText(100).min(1, "请填写成果名称"),
    description: ZText(4000).default(""),
    authors: ZText(200).default(""),
    fileId: ZOptId,
    activityId: ZOptId,
  })
  .strict();
export type TOutputInput = z.infer<typeof ZOutputInput>;
export const ZOutputRef = z.object({ studioId: ZId, outputId: ZId }).strict();

/** The studio page: which tab, and that tab's filters and paging. */
export const ZStudioPageQuery = z
  .object({
    studioId: ZId,
    tab: z.preprocess(blank, z.enum(studioTabs).default("overview")),
    after: z.string().max(200).optional(),
    thread: ZOptId,
    tag: z.preprocess(blank, ZText(20).optional()),
    kind: z.preprocess(blank, z.enum(resourceKinds).optional()),
    cases: z.preprocess(blank, z.coerce.boolean().optional()),
  })
  .strict();
export type TStudioPageQuery = z.infer<typeof ZStudioPageQuery>;
