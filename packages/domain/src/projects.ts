import { z } from "zod";
import { awardCategories, type TOrganiserLevel } from "./credits.ts";
import { listPagingShape } from "./list-page.ts";
import type { TOrgKind } from "./org.ts";
import { ZStage } from "./roster.ts";

/**
 * Training projects (培训项目, issue 16), within one province: what a project is, how its state moves, how
 * seats (名额) cascade down the org tree, the per-project 信息表 as data with the validator built from it,
 * and how a nomination (推荐) moves through the reviews above it. Pure rules; packages/services applies them
 * (docs/decisions/020-training-projects.md in packages/services).
 */

// ─── Words ───────────────────────────────────────────────────────────────────────────────────────

/** The level a project is run at, from the kind of the org unit that owns it (省/市/县/校). */
export const projectLevels = ["province", "city", "county", "school"] as const;
export type TProjectLevel = (typeof projectLevels)[number];

/** Category as provinces file them: 骨干, 新教师, 校(园)长, 班主任, 学科教学, 名师/领军, 其他. */
export const projectCategories = ["backbone", "newTeacher", "principal", "classTeacher", "subjectTeaching", "leadingTeacher", "other"] as const;
export type TProjectCategory = (typeof projectCategories)[number];

/** 脱产 (full-time, away from post), 网络 (online), 混合 (blended). */
export const projectForms = ["fullTime", "online", "blended"] as const;
export type TProjectForm = (typeof projectForms)[number];

/** Who the project is for (对象): 教师, 校(园)长, 班主任, 教研员. */
export const projectTargetRoles = ["teacher", "principal", "classTeacher", "researcher"] as const;

/** 推荐 only, 自主报名 with the school's approval only, or both. */
export const enrolmentModes = ["nomination", "selfEnrolment", "both"] as const;
export type TEnrolmentMode = (typeof enrolmentModes)[number];

export const projectStates = ["draft", "pendingApproval", "published", "running", "closed"] as const;
export type TProjectState = (typeof projectStates)[number];

/** A project's level from its owner unit's kind; other kinds (centres, institutions) own no project yet. */
export function projectLevelOf(kind: TOrgKind | string): TProjectLevel | null {
  return (projectLevels as readonly string[]).includes(kind) ? (kind as TProjectLevel) : null;
}

/** The ledger's organiser level for a project's 学时. */
export function organiserLevelOfProject(level: TProjectLevel): TOrganiserLevel {
  return ({ province: "provincial", city: "city", county: "county", school: "school" } as const)[level];
}

// ─── Text that is safe to store ──────────────────────────────────────────────────────────────────

/**
 * Control characters (NUL above all: Postgres refuses it and the query would fail as a 500) are refused in
 * one-line text; multi-line text may keep line breaks and tabs.
 */
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const controlCharsButBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

// A string far over the limit stops at the first check (abort): nothing else runs on megabytes of text.
export const ZLine = (max: number, label: string) =>
  z
    .string(`请填写${label}`)
    .max(max * 4, { error: `${label}不能超过 ${max} 字`, abort: true })
    .trim()
    .max(max, `${label}不能超过 ${max} 字`)
    .refine((s) => !controlChars.test(s), `${label}含有不可见的控制字符`);
export const ZParagraphs = (max: number, label: string) =>
  z
    .string(`${label}须为文本`)
    .max(max * 4, { error: `${label}不能超过 ${max} 字`, abort: true })
    .trim()
    .max(max, `${label}不能超过 ${max} 字`)
    .refine((s) => !controlCharsButBreaks.test(s), `${label}含有不可见的控制字符`);

const ZId = z.uuid("记录不存在");
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
/** A real calendar day (2026-02-30 is not one). */
const validDay = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
export const ZDay = z.string("请填写日期").trim().regex(/^\d{4}-\d{2}-\d{2}$/, "请填写日期").refine(validDay, "日期无效");
/** One value or several (repeated form fields). */
const many = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));
const ZCheckbox = z.preprocess((v) => v === true || v === "on" || v === "1" || v === "true", z.boolean());
const unique = <T>(a: T[]) => [...new Set(a)];

// ─── The 信息表 (nomination form) as data ────────────────────────────────────────────────────────

export const infoFieldKinds = ["text", "number", "select", "multiSelect", "date"] as const;
export type TInfoFieldKind = (typeof infoFieldKinds)[number];

/** At most this many fields on a form, and options on a select. */
export const maxInfoFields = 30;
export const maxInfoOptions = 50;

export const ZInfoField = z
  .object({
    /** The answer's key in the stored answers (ASCII, so it is a safe JSON key and form field name). */
    key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,31}$/, "字段标识须以小写字母开头，仅含字母和数字，最多 32 个字符"),
    label: ZLine(30, "字段名称").pipe(z.string().min(1, "请填写字段名称")),
    kind: z.enum(infoFieldKinds, "请选择字段类型"),
    required: z.boolean().default(false),
    /** For select and multiSelect: the choices. */
    options: z.array(ZLine(40, "选项").pipe(z.string().min(1, "选项不能为空"))).max(maxInfoOptions, `最多 ${maxInfoOptions} 个选项`).default([]),
    /** For text: the longest answer (1–2000, default 200). */
    maxLength: z.number().int().min(1).max(2000).default(200),
    /** For number: the range an answer must fall in. */
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const choosing = f.kind === "select" || f.kind === "multiSelect";
    if (choosing && f.options.length === 0) ctx.addIssue({ code: "custom", path: ["options"], message: `「${f.label}」须至少有一个选项` });
    if (choosing && new Set(f.options).size !== f.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: `「${f.label}」的选项有重复` });
    if (!choosing && f.options.length > 0) ctx.addIssue({ code: "custom", path: ["options"], message: `「${f.label}」不是选择题，不能设置选项` });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) ctx.addIssue({ code: "custom", path: ["max"], message: `「${f.label}」的最大值不能小于最小值` });
  });
export type TInfoField = z.infer<typeof ZInfoField>;

export const ZInfoForm = z
  .array(ZInfoField)
  .max(maxInfoFields, `信息表最多 ${maxInfoFields} 个字段`)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    for (const f of fields) {
      if (seen.has(f.key)) ctx.addIssue({ code: "custom", message: `字段标识「${f.key}」重复` });
      seen.add(f.key);
    }
  });
export type TInfoForm = z.infer<typeof ZInfoForm>;

/** Answers as stored: one value per field key. */
export type TInfoAnswers = Record<string, string | number | string[]>;

function answerSchema(f: TInfoField): z.ZodType {
  const need = `请填写${f.label}`;
  const absent = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
  let s: z.ZodType;
  switch (f.kind) {
    case "text":
      s = ZParagraphs(f.maxLength, f.label);
      break;
    case "number": {
      let n = z.number(`${f.label}须为数字`).finite(`${f.label}须为数字`);
      if (f.min !== undefined) n = n.min(f.min, `${f.label}不能小于 ${f.min}`);
      if (f.max !== undefined) n = n.max(f.max, `${f.label}不能大于 ${f.max}`);
      s = z
        .preprocess((v) => (typeof v === "string" ? v.trim() : v), z.union([z.string().regex(/^-?\d{1,12}(\.\d{1,6})?$/, `${f.label}须为数字`), z.number()], `${f.label}须为数字`))
        .transform(Number)
        .pipe(n);
      break;
    }
    case "select":
      s = z.enum(f.options as [string, ...string[]], `请从选项中选择${f.label}`);
      break;
    case "multiSelect":
      s = many(z.enum(f.options as [string, ...string[]], `请从选项中选择${f.label}`))
        .pipe(z.array(z.string()).max(f.options.length))
        .transform(unique);
      break;
    case "date":
      s = z
        .string(`${f.label}须为日期`)
        .trim()
        .regex(/^\d{4}-\d{2}-\d{2}$/, `${f.label}须为日期（年-月-日）`)
        .refine(validDay, `${f.label}须为有效日期`);
      break;
  }
  // zod skips an optional schema for a missing key, so a required one must not be optional at all.
  if (f.required) return z.preprocess((v) => (absent(v) ? undefined : v), z.custom<unknown>((v) => v !== undefined, need).pipe(s));
  return z.preprocess((v) => (absent(v) ? undefined : v), s.optional());
}

/**
 * The zod validator for a project's 信息表: one key per field, unknown keys refused, each field's own
 * Chinese message (请填写职称, 任教学科须从选项中选择 …). Built from the stored definition, so a form changes
 * without a code change.
 */
export function buildInfoFormValidator(form: TInfoForm) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of form) shape[f.key] = answerSchema(f);
  return z.strictObject(shape, { error: (iss) => (iss.code === "unrecognized_keys" ? "信息表含有未定义的字段" : "信息表格式不正确") });
}

/** Parses answers against the form: the clean answers, or the messages per field key. */
export function parseInfoAnswers(form: TInfoForm, answers: unknown): { ok: true; answers: TInfoAnswers } | { ok: false; fieldErrors: Record<string, string[]> } {
  const r = buildInfoFormValidator(form).safeParse(answers ?? {});
  if (r.success) {
    const clean: TInfoAnswers = {};
    for (const [k, v] of Object.entries(r.data as Record<string, unknown>)) if (v !== undefined) clean[k] = v as string | number | string[];
    return { ok: true, answers: clean };
  }
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of r.error.issues) {
    // Unrecognised keys come as one issue naming them; a key of its own would be one a client chose.
    const k = issue.path.length > 0 ? `answers.${String(issue.path[0])}` : "answers";
    (fieldErrors[k] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors };
}

// ─── Projects ────────────────────────────────────────────────────────────────────────────────────

export const ZHours = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : v),
  z.coerce
    .number("计划学时须为数字")
    .finite("计划学时须为数字")
    .min(0.5, "计划学时至少 0.5")
    .max(1000, "计划学时不超过 1000")
    .refine((n) => Number.isInteger(n * 2), "计划学时以 0.5 为单位"),
);
const ZCount = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim()) : v), z.coerce.number(`${label}须为整数`).int(`${label}须为整数`).min(0, `${label}不能为负数`).max(max, `${label}不超过 ${max}`));

const projectFacts = {
  name: ZLine(80, "项目名称").pipe(z.string().min(1, "请填写项目名称")),
  description: ZParagraphs(4000, "项目简介").default(""),
  category: z.enum(projectCategories, "请选择项目类别"),
  form: z.enum(projectForms, "请选择培训形式"),
  startsOn: ZDay,
  endsOn: ZDay,
  plannedHours: ZHours,
  creditCategory: z.enum(awardCategories, "请选择学时类别"),
  targetRoles: many(z.enum(projectTargetRoles, "请选择培训对象"))
    .refine((a) => a.length > 0, "请至少选择一类培训对象")
    .transform(unique),
  subjects: many(ZLine(20, "学科").pipe(z.string().min(1)))
    .pipe(z.array(z.string()).max(30, "最多 30 个学科"))
    .transform(unique),
  stages: many(ZStage).transform(unique),
  /** Seats in the whole project; 0 = no limit (self-enrolment only: nominations need seats to hand out). */
  capacity: ZCount("名额总数", 100000),
  enrolmentMode: z.enum(enrolmentModes, "请选择报名方式"),
  /** 上级审核: the level above approves the project before it is published (not for a province's own). */
  needsApproval: ZCheckbox.default(false),
  /** Days of attendance the project requires (seed 002: 30 a year). */
  requiredDays: ZCount("要求出勤天数", 366).default(0),
  /** Seats may be allocated per subject or class: the keys an allocation may name (empty: one pool). */
  quotaKeys: many(ZLine(30, "名额类别").pipe(z.string().min(1)))
    .pipe(z.array(z.string()).max(50, "最多 50 个名额类别"))
    .transform(unique),
  infoForm: ZInfoForm.default([]),
};

const projectRules = <T extends { startsOn: string; endsOn: string; capacity: number; enrolmentMode: TEnrolmentMode }>(s: z.ZodType<T>) =>
  s
    .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "结束日期不能早于开始日期" })
    .refine((v) => v.enrolmentMode === "selfEnrolment" || v.capacity > 0, { path: ["capacity"], message: "按推荐报名的项目须设置名额总数" });

export const ZCreateProjectInput = projectRules(z.object({ ownerUnitId: z.preprocess(blank, z.uuid("请选择主办机构")), ...projectFacts }).strict());
export type TCreateProjectInput = z.infer<typeof ZCreateProjectInput>;

export const ZUpdateProjectInput = projectRules(z.object({ projectId: ZId, ...projectFacts }).strict());
export type TUpdateProjectInput = z.infer<typeof ZUpdateProjectInput>;

export const ZProjectRef = z.object({ projectId: ZId }).strict();

export const ZProjectDecisionInput = z
  .object({ projectId: ZId, decision: z.enum(["approve", "return"], "请选择审核结果"), reason: ZParagraphs(500, "理由").default("") })
  .strict()
  .refine((v) => v.decision === "approve" || v.reason.length > 0, { path: ["reason"], message: "退回须填写理由" });

export const ZProjectQuery = z
  .object({
    state: z.preprocess(blank, z.enum(projectStates).optional()),
    q: z.preprocess(blank, ZLine(50, "名称").optional()),
    ...listPagingShape({ size: 20 }),
  })
  .strict();

/** Facts fixed once a project is published: the ledger and the nominations already rely on them. */
export const frozenOncePublished = ["plannedHours", "creditCategory", "enrolmentMode", "infoForm", "quotaKeys"] as const;

/** Why an edit of these facts is refused in this state, or null when it is allowed. */
export function projectEditRefusal(state: TProjectState, changed: readonly string[]): string | null {
  if (state === "draft") return null;
  if (state === "pendingApproval") return "审核中的项目不能修改，请先撤回或等待审核结果";
  if (state === "closed") return "项目已结束，不能修改";
  const frozen = changed.filter((k) => (frozenOncePublished as readonly string[]).includes(k));
  return frozen.length > 0 ? `项目发布后不能修改：${frozen.join("、")}` : null;
}

export const projectActions = ["submit", "approve", "return", "start", "close"] as const;
export type TProjectAction = (typeof projectActions)[number];

/**
 * Where a project goes on an action, or null when the action does not apply. `submit` publishes at once
 * unless the project needs the level above's approval (a province's own never does: nobody is above it
 * inside the tenant); `return` sends it back to draft with a reason.
 */
export function nextProjectState(p: { state: TProjectState; needsApproval: boolean; level: TProjectLevel }, action: TProjectAction): TProjectState | null {
  switch (action) {
    case "submit":
      return p.state === "draft" ? (p.needsApproval && p.level !== "province" ? "pendingApproval" : "published") : null;
    case "approve":
      return p.state === "pendingApproval" ? "published" : null;
    case "return":
      return p.state === "pendingApproval" ? "draft" : null;
    case "start":
      return p.state === "published" ? "running" : null;
    case "close":
      return p.state === "running" ? "closed" : null;
  }
}

/** Whether a project takes nominations in this state (seats are handed out and used only once it is published). */
export function takesNominations(p: { state: TProjectState; enrolmentMode: TEnrolmentMode }): boolean {
  return (p.state === "published" || p.state === "running") && p.enrolmentMode !== "selfEnrolment";
}

/** Whether teachers may apply themselves (自主报名, their school approving first): published or running, not nomination-only. */
export function takesApplications(p: { state: TProjectState; enrolmentMode: TEnrolmentMode }): boolean {
  return (p.state === "published" || p.state === "running") && p.enrolmentMode !== "nomination";
}

/**
 * Why a teacher may not apply to a project, or null: a project for some subjects or stages takes teachers of at
 * least one of them (a project that names none is for everyone).
 */
export function applicationRefusal(project: { subjects: readonly string[]; stages: readonly string[] }, teacher: { subjects: readonly string[]; stages: readonly string[] }): string | null {
  if (project.subjects.length && !project.subjects.some((s) => teacher.subjects.includes(s))) return `本项目面向${project.subjects.join("、")}学科的教师`;
  if (project.stages.length && !project.stages.some((s) => teacher.stages.includes(s))) return "本项目面向其他学段的教师";
  return null;
}

// ─── Quotas (名额) ───────────────────────────────────────────────────────────────────────────────

/**
 * One node of the allocation tree: the seats a unit got from the level above, what it handed to the
 * units below, and what its own nominations hold.
 */
export type TQuotaNode = { seats: number; allocated: number; used: number };

/** What is left at a node: seats − handed down − held. Never negative for data these rules let in. */
export function quotaRemaining(n: TQuotaNode): number {
  return n.seats - n.allocated - n.used;
}

/**
 * Whether a parent may set a child's seats from `before` to `after`: a negative or non-integer number is
 * refused; growing needs the parent's remaining seats; shrinking cannot go below what the child has already
 * handed down or used. Returns the refusal (a Chinese reason) or null.
 */
export function allocationRefusal(parent: TQuotaNode, child: TQuotaNode | null, after: number): string | null {
  if (!Number.isInteger(after) || after < 0) return "名额须为不小于 0 的整数";
  const before = child?.seats ?? 0;
  const delta = after - before;
  if (delta > 0 && delta > quotaRemaining(parent)) return `名额不足：上级剩余 ${Math.max(0, quotaRemaining(parent))} 个`;
  if (child && after < child.allocated + child.used) return `不能少于已下发和已使用的 ${child.allocated + child.used} 个`;
  return null;
}

/** Whether a nomination may take one seat of this node. */
export function seatAvailable(n: TQuotaNode): boolean {
  return quotaRemaining(n) >= 1;
}

export type TQuotaRow = { id: string; parentId: string | null; seats: number; allocated: number; used: number };

/**
 * Totals over a subtree for every row of an allocation tree: what the row's subtree holds in nominations
 * (`usedInSubtree`) and the seats still free anywhere in it (`remainingInSubtree`), so the 名额分配表 shows
 * at each level both its own figures and those of everything below it.
 */
export function quotaSubtreeTotals<T extends TQuotaRow>(rows: readonly T[]): (T & { remaining: number; usedInSubtree: number; remainingInSubtree: number })[] {
  const byParent = new Map<string | null, T[]>();
  for (const r of rows) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  const ids = new Set(rows.map((r) => r.id));
  const memo = new Map<string, { used: number; remaining: number }>();
  const walk = (r: T, depth: number): { used: number; remaining: number } => {
    const known = memo.get(r.id);
    if (known) return known;
    if (depth > 64) throw new Error("allocation tree too deep");
    let used = r.used;
    let remaining = quotaRemaining(r);
    for (const c of byParent.get(r.id) ?? []) {
      const t = walk(c, depth + 1);
      used += t.used;
      remaining += t.remaining;
    }
    const out = { used, remaining };
    memo.set(r.id, out);
    return out;
  };
  // Rows whose parent is not in the list are roots of the part the caller sees.
  for (const r of rows) if (r.parentId === null || !ids.has(r.parentId)) walk(r, 0);
  return rows.map((r) => ({ ...r, remaining: quotaRemaining(r), usedInSubtree: walk(r, 0).used, remainingInSubtree: walk(r, 0).remaining }));
}

export const ZAllocateQuotaInput = z
  .object({
    projectId: ZId,
    /** The allocation the seats come from (the root is the project owner's). */
    parentAllocationId: ZId,
    orgUnitId: z.preprocess(blank, z.uuid("请选择下级机构")),
    /** The subject or class the seats are for, when the project splits its seats; blank = the parent's own key. */
    quotaKey: z.preprocess((v) => (v == null ? "" : v), ZLine(30, "名额类别")),
    seats: ZCount("名额", 100000),
  })
  .strict();
export type TAllocateQuotaInput = z.infer<typeof ZAllocateQuotaInput>;

export const ZQuotaTableQuery = z.object({ projectId: ZId }).strict();

/** The key a child allocation gets: a keyed parent passes its own key down; a pooled parent may split by key. */
export function childQuotaKeyRefusal(parentKey: string, childKey: string, projectKeys: readonly string[]): string | null {
  if (parentKey !== "" && childKey !== "" && childKey !== parentKey) return `上级名额属于「${parentKey}」，只能继续分配该类别`;
  if (childKey !== "" && !projectKeys.includes(childKey)) return "项目未设置该名额类别";
  return null;
}

// ─── Nominations (推荐) ──────────────────────────────────────────────────────────────────────────

/**
 * reviewing: waiting on the unit named by `awaitingUnitId` (a county or city above the nominating unit, and
 * last the project owner's 资质复审); approved: through every review (入选); returned: 退回 with a reason,
 * still holding its seat for a replacement; replaced: superseded by its replacement (frees its seat to it);
 * withdrawn: 退出培训 after review (its seat stays spent: classes are formed and credit may have been given);
 * notAdmitted: 未录取 in 两轮报名 (screened out of an oversubscribed class, or its class was cancelled; decision
 * 035), free to apply again; retracted: the teacher withdrew their own application while it was under review.
 */
export const nominationStates = ["reviewing", "approved", "returned", "replaced", "withdrawn", "notAdmitted", "retracted"] as const;
export type TNominationState = (typeof nominationStates)[number];

/** States whose nomination holds a seat of its allocation. */
export const seatHoldingStates = ["reviewing", "approved", "returned", "withdrawn"] as const satisfies readonly TNominationState[];
/** States in which a teacher counts as nominated to the project (one such nomination per teacher). */
export const activeNominationStates = ["reviewing", "approved", "withdrawn"] as const satisfies readonly TNominationState[];

/** The org unit ids in a materialised path (`/a/b/c/` → [a, b, c]). */
export function pathIds(path: string): string[] {
  return path.split("/").filter(Boolean);
}

/**
 * The units that review a nomination, in order: every unit above the nominating one up to the project owner,
 * nearest first; the owner's step is the 资质复审. A nomination by the owner unit itself goes straight to it.
 * Null when the nominating unit is not inside the owner's subtree.
 */
export function reviewChain(nominatingPath: string, ownerPath: string, opts: { applied?: boolean } = {}): string[] | null {
  if (!nominatingPath.startsWith(ownerPath)) return null;
  const owner = pathIds(ownerPath).at(-1)!;
  const below = pathIds(nominatingPath).slice(pathIds(ownerPath).length);
  // `below` ends with the nominating unit itself; the units between it and the owner review, nearest first.
  // A teacher's own application (自主报名) is approved by their school first: the school is its first step.
  return opts.applied ? [...below.reverse(), owner] : [...below.slice(0, -1).reverse(), owner];
}

export const nominationActions = ["pass", "return", "replace", "withdraw"] as const;
export type TNominationAction = (typeof nominationActions)[number];

/**
 * Where a nomination goes. `pass` moves it to the next unit of its chain, or to approved after the owner's
 * 资质复审; `return` (any reviewing step) sends it back with a reason; `replace` supersedes a returned one;
 * `withdraw` takes an approved trainee out (退出培训). Null when the action does not apply.
 */
export function nextNomination(
  n: { state: TNominationState; awaitingUnitId: string | null },
  action: TNominationAction,
  chain: readonly string[],
): { state: TNominationState; awaitingUnitId: string | null } | null {
  switch (action) {
    case "pass": {
      if (n.state !== "reviewing" || !n.awaitingUnitId) return null;
      const i = chain.indexOf(n.awaitingUnitId);
      if (i < 0) return null;
      return i === chain.length - 1 ? { state: "approved", awaitingUnitId: null } : { state: "reviewing", awaitingUnitId: chain[i + 1]! };
    }
    case "return":
      return n.state === "reviewing" ? { state: "returned", awaitingUnitId: null } : null;
    case "replace":
      return n.state === "returned" ? { state: "replaced", awaitingUnitId: null } : null;
    case "withdraw":
      return n.state === "approved" ? { state: "withdrawn", awaitingUnitId: null } : null;
  }
}

/** Whether the step a nomination waits on is the owner's 资质复审 (the last one of its chain). */
export function isQualificationStep(awaitingUnitId: string | null, chain: readonly string[]): boolean {
  return awaitingUnitId !== null && chain.at(-1) === awaitingUnitId;
}

const ZReason = ZParagraphs(500, "理由");

export const ZNominateInput = z
  .object({
    projectId: ZId,
    allocationId: ZId,
    /** The unit nominating (the actor's school or county): the review chain starts above it. */
    nominatingUnitId: ZId,
    teacherId: z.preprocess(blank, z.uuid("请选择教师")),
    answers: z.record(z.string().max(40), z.unknown(), "信息表格式不正确").default({}),
  })
  .strict();
export type TNominateInput = z.infer<typeof ZNominateInput>;

/** 自主报名: a teacher applies to a project with its 信息表 answers (and, in 两轮报名, the class chosen). */
export const ZApplyInput = z
  .object({
    projectId: ZId,
    classId: z.preprocess(blank, z.uuid("请选择班级").optional()),
    answers: z.record(z.string().max(40), z.unknown(), "信息表格式不正确").default({}),
  })
  .strict();

export const ZNominationRef = z.object({ nominationId: ZId }).strict();

export const ZReviewNominationInput = z
  .object({ nominationId: ZId, decision: z.enum(["pass", "return"], "请选择审核结果"), reason: ZReason.default("") })
  .strict()
  .refine((v) => v.decision === "pass" || v.reason.length > 0, { path: ["reason"], message: "退回须填写理由" });

export const ZReplaceNominationInput = z
  .object({
    nominationId: ZId,
    teacherId: z.preprocess(blank, z.uuid("请选择教师")),
    answers: z.record(z.string().max(40), z.unknown(), "信息表格式不正确").default({}),
  })
  .strict();

export const ZWithdrawNominationInput = z
  .object({ nominationId: ZId, reason: ZReason.pipe(z.string().min(1, "请填写退出培训的理由")) })
  .strict();

export const ZNominationQuery = z
  .object({
    projectId: ZId,
    state: z.preprocess(blank, z.enum(nominationStates).optional()),
    /** Only those waiting on a decision of the unit the actor administers (their own level, not those below). */
    awaitingMe: z.preprocess((v) => v === true || v === "1" || v === "true" || v === "on", z.boolean()).default(false),
    /** A teacher's name or 教师编号 (part of it). */
    q: z.preprocess(blank, ZLine(50, "姓名或教师编号").optional()),
    ...listPagingShape({ size: 50 }),
  })
  .strict();

/** The nominate page: which of the actor's units nominates, and a search for its teachers (name or 教师编号). */
export const ZNominationOptionsQuery = z
  .object({
    projectId: ZId,
    unitId: z.preprocess(blank, z.uuid("请选择推荐单位").optional()),
    q: z.preprocess(blank, ZLine(50, "姓名或教师编号").optional()),
    /** The returned nomination a replacement is for (the unit and seat are its own). */
    replacing: z.preprocess(blank, ZId.optional()),
  })
  .strict();

// ─── The 信息表 editor's form fields ─────────────────────────────────────────────────────────────

/** Rows the 信息表 editor posts at most (a form of 30 fields plus blank rows). */
const maxEditorRows = maxInfoFields + 5;

/**
 * The 信息表 from the editor's flat form fields (`info.<i>.label`, `.kind`, `.required`, `.options` one per
 * line, `.maxLength`, `.min`, `.max`, `.key`, `.remove`): rows without a label are blank rows and skipped,
 * rows marked remove are dropped, and a new row gets the next free key (f1, f2 …) so nobody types an
 * identifier. What comes out is checked by ZInfoForm like any other input; numbers that are not numbers stay
 * strings so zod names them.
 */
export function infoFormFromFields(fields: Record<string, unknown>): unknown[] {
  const rows = new Map<number, Record<string, unknown>>();
  for (const [name, value] of Object.entries(fields)) {
    const m = /^info\.(\d{1,3})\.(key|label|kind|required|options|maxLength|min|max|remove)$/.exec(name);
    if (!m) continue;
    const i = Number(m[1]);
    if (i >= maxEditorRows) continue;
    const row = rows.get(i) ?? {};
    row[m[2]!] = Array.isArray(value) ? value[0] : value;
    rows.set(i, row);
  }
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const num = (v: unknown) => {
    const t = text(v);
    if (t === "") return undefined;
    return /^-?\d{1,12}(\.\d{1,6})?$/.test(t) ? Number(t) : t;
  };
  const kept = [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r).filter((r) => text(r.label) !== "" && !ZCheckbox.parse(r.remove));
  const used = new Set(kept.map((r) => text(r.key)).filter(Boolean));
  let next = 1;
  return kept.map((r) => {
    let key = text(r.key);
    if (!key) {
      while (used.has(`f${next}`)) next++;
      key = `f${next}`;
      used.add(key);
    }
    const kind = text(r.kind);
    const choosing = kind === "select" || kind === "multiSelect";
    const options = choosing ? text(r.options).split(/\r?\n/).map((o) => o.trim()).filter(Boolean) : [];
    const out: Record<string, unknown> = { key, label: text(r.label), kind, required: ZCheckbox.parse(r.required), options };
    if (kind === "text" && num(r.maxLength) !== undefined) out.maxLength = num(r.maxLength);
    if (kind === "number") {
      if (num(r.min) !== undefined) out.min = num(r.min);
      if (num(r.max) !== undefined) out.max = num(r.max);
    }
    return out;
  });
}

/** One value per line (or separated by 、，, ;), blank ones dropped: the subjects and quota keys fields. */
export function listFromText(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return typeof v === "string" ? v.split(/[\r\n、，,;；]+/).map((x) => x.trim()).filter(Boolean) : [];
}
