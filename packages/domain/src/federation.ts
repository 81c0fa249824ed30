import { z } from "zod";
import { awardCategories } from "./credits.ts";
import { listPagingShape } from "./list-page.ts";
import { projectCategories, projectForms, ZDay, ZHours, ZLine, ZParagraphs } from "./projects.ts";

/**
 * Federation (issue 16, docs/decisions/021-federation.md in packages/services): the only way work crosses
 * tenants. A sender writes a message into its own outbox inside its own transaction; the worker delivers it
 * and the receiver applies it inside its own `withTenant`, once per message id. This file holds the message
 * contracts (a discriminated union by kind, each kind versioned by `v`), the delivery job's payload and the
 * inputs of the national-project services. Pure: no I/O.
 */

const ZId = z.uuid("记录不存在");
const blankAsNone = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
/** What a nominee is to the national side: a reference only their home province can resolve. */
const ZRef = z.uuid("无效的引用");

/**
 * national → province: the province's share of a national project (created or updated). Carries the facts
 * the province needs to run its own nominations (name, dates, 学时 and their category, seats), nothing more.
 */
export const ZNationalQuotaMessage = z
  .object({
    kind: z.literal("nationalQuota"),
    v: z.literal(1),
    projectId: ZId,
    name: ZLine(80, "项目名称").pipe(z.string().min(1, "请填写项目名称")),
    description: ZParagraphs(4000, "项目简介"),
    category: z.enum(projectCategories),
    form: z.enum(projectForms),
    startsOn: ZDay,
    endsOn: ZDay,
    plannedHours: ZHours,
    creditCategory: z.enum(awardCategories),
    seats: z.number().int().min(0).max(100000),
    /** The national quota's revision: a province applies only a newer one (retries may arrive out of order). */
    revision: z.number().int().min(1),
  })
  .strict();

/**
 * province → national: one approved nominee, with exactly what the national project needs. `.strict()` is
 * the guard that keeps the person in their province: a phone, an ID number or a user id is refused.
 */
export const ZNomineeApprovedMessage = z
  .object({
    kind: z.literal("nomineeApproved"),
    v: z.literal(1),
    projectId: ZId,
    ref: ZRef,
    name: ZLine(40, "姓名").pipe(z.string().min(1, "请填写姓名")),
    school: ZLine(80, "学校").pipe(z.string().min(1, "请填写学校")),
    subject: ZLine(20, "学科"),
    homeProvince: ZLine(40, "省份").pipe(z.string().min(1, "请填写省份")),
  })
  .strict();

/** province → national: a nominee withdrawn (退出培训) after the list was sent. */
export const ZNomineeWithdrawnMessage = z
  .object({ kind: z.literal("nomineeWithdrawn"), v: z.literal(1), projectId: ZId, ref: ZRef, reason: ZLine(200, "原因") })
  .strict();

/** national → home province: the nominee completed the project; the province awards the 学时 to the person behind `ref`. */
export const ZTrainingCompletedMessage = z
  .object({
    kind: z.literal("trainingCompleted"),
    v: z.literal(1),
    projectId: ZId,
    ref: ZRef,
    title: ZLine(80, "项目名称").pipe(z.string().min(1)),
    hours: ZHours,
    creditCategory: z.enum(awardCategories),
    completedOn: ZDay,
  })
  .strict();

/**
 * Every message kind. A new version of a kind is added next to the old one (as a union under the same kind)
 * so that rows written before a deploy still parse; a kind is never reused for another meaning.
 */
export const ZFederationMessage = z.discriminatedUnion("kind", [ZNationalQuotaMessage, ZNomineeApprovedMessage, ZNomineeWithdrawnMessage, ZTrainingCompletedMessage]);
export type TFederationMessage = z.infer<typeof ZFederationMessage>;
export type TFederationKind = TFederationMessage["kind"];
export const federationKinds = ["nationalQuota", "nomineeApproved", "nomineeWithdrawn", "trainingCompleted"] as const satisfies readonly TFederationKind[];

/**
 * Which way each kind may travel. The receiver checks it against the sender tenant's kind, so a province
 * cannot send a province a quota, nor the platform award itself 学时 in a province it did not nominate from.
 */
export const federationDirection: Record<TFederationKind, { from: "platform" | "province"; to: "platform" | "province" }> = {
  nationalQuota: { from: "platform", to: "province" },
  nomineeApproved: { from: "province", to: "platform" },
  nomineeWithdrawn: { from: "province", to: "platform" },
  trainingCompleted: { from: "platform", to: "province" },
};

/** Who sees a tenant's federation traffic: its province admins (the whole province), or the platform's operator. */
export function seesFederation(grants: readonly { role: string; orgPath: string | null }[]): boolean {
  return grants.some((g) => g.role === "platformOperator" || (g.role === "provinceAdmin" && (g.orgPath === null || g.orgPath.split("/").filter(Boolean).length === 1)));
}

export const outboxStates = ["pending", "delivered", "failed"] as const;
export type TOutboxState = (typeof outboxStates)[number];

/** Attempts before a message is given up (failed, visible to both admins) — BullMQ's attempts for the job. */
export const maxDeliveryAttempts = 8;

/** Exponential backoff for redelivery, in ms (the job's backoff, and the sweep's wait before it re-enqueues). */
export function deliveryBackoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 10 * 60_000);
}

// ─── National projects (the platform tenant) ────────────────────────────────────────────────────

/** Days from `from` to `to`, both counted (2026-03-01..2026-03-01 is 1). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

const ZRequiredDays = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v),
  z.coerce.number("要求出勤天数须为整数").int("要求出勤天数须为整数").min(0, "要求出勤天数不能为负数").max(366, "要求出勤天数不超过 366"),
);

export const nationalProjectStates = ["draft", "published", "closed"] as const;
export type TNationalProjectState = (typeof nationalProjectStates)[number];

export const ZCreateNationalProjectInput = z
  .object({
    name: ZLine(80, "项目名称").pipe(z.string().min(1, "请填写项目名称")),
    description: ZParagraphs(4000, "项目简介").default(""),
    category: z.enum(projectCategories, "请选择项目类别"),
    form: z.enum(projectForms, "请选择培训形式"),
    startsOn: ZDay,
    endsOn: ZDay,
    plannedHours: ZHours,
    creditCategory: z.enum(awardCategories, "请选择学时类别"),
    /** 集中研修天数 a trainee must attend before completion (seed 002: ≥ 30 days a year); 0 = no rule. */
    requiredDays: ZRequiredDays.default(0),
  })
  .strict()
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "结束日期不能早于开始日期" })
  .refine((v) => v.requiredDays <= daysBetween(v.startsOn, v.endsOn), { path: ["requiredDays"], message: "要求出勤天数不能超过项目的天数" });
export type TCreateNationalProjectInput = z.infer<typeof ZCreateNationalProjectInput>;

const ZSeats = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v),
  z.coerce.number("名额须为整数").int("名额须为整数").min(0, "名额不能为负数").max(100000, "名额不超过 100000"),
);

export const ZAllocateNationalQuotaInput = z.object({ projectId: ZId, provinceTenantId: z.uuid("请选择省份"), seats: ZSeats }).strict();
export const ZNationalProjectRef = z.object({ projectId: ZId }).strict();
export const ZAssignTraineeClassInput = z
  .object({ traineeId: ZId, classCode: ZLine(30, "班级").pipe(z.string().regex(/^[\p{L}\p{N}_-]*$/u, "班级编号只能含文字、数字、- 和 _")) })
  .strict();
export const ZGrantProjectStaffInput = z
  .object({ projectId: ZId, userId: z.uuid("请选择账号"), classCode: ZLine(30, "班级").pipe(z.string().min(1, "请填写班级")) })
  .strict();
/**
 * 学时认定 for one trainee. Below the project's required days it is refused, unless the operator (项目办) gives an
 * exception reason (kept in the audit); staff cannot make exceptions (decision 021, addendum).
 */
export const ZRecordCompletionInput = z
  .object({ traineeId: ZId, completedOn: ZDay, hours: ZHours.optional(), exceptionReason: z.preprocess(blankAsNone, ZLine(200, "破例原因").optional()) })
  .strict();
/** The operator changes a national project's required days (the rest of the project is fixed once seats went out). */
export const ZSetNationalRequiredDaysInput = z.object({ projectId: ZId, requiredDays: ZRequiredDays }).strict();

export const nationalTraineeStates = ["enrolled", "completed", "withdrawn"] as const;
export type TNationalTraineeState = (typeof nationalTraineeStates)[number];

/**
 * A national project's trainees page, as its URL says: the home province, the class ("-" = not yet in one),
 * the state and a name or school to find, a numbered page at a time.
 */
export const ZNationalTraineesQuery = z
  .object({
    projectId: ZId,
    province: z.preprocess(blankAsNone, z.uuid("请选择省份").optional()),
    classCode: z.preprocess(blankAsNone, ZLine(30, "班级").optional()),
    state: z.preprocess(blankAsNone, z.enum(nationalTraineeStates).optional()),
    q: z.preprocess(blankAsNone, ZLine(50, "姓名或学校").optional()),
    ...listPagingShape({ size: 50 }),
  })
  .strict();
export type TNationalTraineesQuery = z.infer<typeof ZNationalTraineesQuery>;

const ZClassCode = ZLine(30, "班级").pipe(z.string().min(1, "请填写班级").regex(/^[\p{L}\p{N}_-]*$/u, "班级编号只能含文字、数字、- 和 _"));

/**
 * The operator adds an implementing university's staff member to one class of a national project: an existing
 * platform trainer account by its login, or a new one (with a temporary password) when the login is free.
 */
export const ZAddNationalStaffInput = z
  .object({
    projectId: ZId,
    login: z
      .string("请填写账号")
      .trim()
      .min(1, "请填写账号")
      .max(64, "账号不超过 64 个字符")
      .regex(/^[A-Za-z0-9._@-]+$/, "账号只能含字母、数字和 . _ @ -")
      .transform((s) => s.toLowerCase()),
    displayName: z.preprocess(blankAsNone, ZLine(40, "姓名").optional()),
    classCode: ZClassCode,
  })
  .strict();
export const ZRevokeNationalStaffInput = z.object({ projectId: ZId, userId: z.uuid("记录不存在"), classCode: ZClassCode }).strict();

// ─── 按日点名: attendance on the national side (decision 021, addendum) ─────────────────────────

/** At most this many trainees in one roll call (a class is far smaller; the cap keeps a hostile form cheap). */
export const maxRollCallTrainees = 500;
const ZIds = z.preprocess(
  (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.uuid("记录不存在")).max(maxRollCallTrainees, `一次点名不超过 ${maxRollCallTrainees} 人`),
);
/** The class a roll call is for: "" = every class the actor may see, "-" = trainees not yet in a class. */
const ZRollCallClass = z.preprocess((v) => (v == null ? "" : v), ZLine(30, "班级"));

/**
 * Which day and class the roll call shows. No day = today (China), kept within the project's dates; no class =
 * the first class the actor may see (a whole project of trainees is too long a list to tick).
 */
export const ZNationalRollCallQuery = z.object({ projectId: ZId, day: z.preprocess(blankAsNone, ZDay.optional()), classCode: ZLine(30, "班级").optional() }).strict();

/**
 * A day's roll call as the form sends it: `traineeIds` are the trainees the form showed, `present` those ticked.
 * Each shown trainee ends up present or not on that day; trainees not shown are left alone.
 */
export const ZSaveNationalRollCallInput = z
  .object({ projectId: ZId, day: ZDay, classCode: ZRollCallClass, traineeIds: ZIds, present: ZIds })
  .strict()
  .refine((v) => v.present.every((id) => v.traineeIds.includes(id)), { path: ["present"], message: "所选学员不在本次点名名单中" });

/** Why a completion is refused for attendance: null when the days are enough (or no days are required). */
export function attendanceShortfall(attended: number, requiredDays: number): { attended: number; required: number } | null {
  const required = Math.max(0, Math.trunc(requiredDays));
  return attended >= required ? null : { attended, required };
}
