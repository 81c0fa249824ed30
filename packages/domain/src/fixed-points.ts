import { z } from "zod";
import { organiserLevels, ZDay, type TOrganiserLevel } from "./credits.ts";
import { approvalLevels, fixedPointKinds, type TApprovalLevel, type TCreditScheme, type TFixedPointItem, type TFixedPointKind } from "./credit-scheme.ts";

/**
 * 定额项目申报 (issue 17, decision 032): a teacher claims one of the scheme's fixed-point items (a paper, a
 * 课题, an open lesson …) with its evidence; admins certify it step by step along the item's approval chain
 * (school → county → city → province); the last step's 通过 writes the award. Pure: schemas, the chain's
 * units and who acts for them. No I/O.
 */

export const claimStatuses = ["pending", "returned", "rejected", "approved"] as const;
export type TClaimStatus = (typeof claimStatuses)[number];

/** What an admin decides at a step: 通过 (to the next step or, at the last, the award), 退回 (the teacher may edit and resubmit), 不予认定 (ends it). */
export const claimDecisions = ["pass", "return", "reject"] as const;
export type TClaimDecision = (typeof claimDecisions)[number];
/** Every entry of a claim's trail: the decisions and the teacher's (re)submissions. */
export type TClaimTrailAction = TClaimDecision | "submit" | "resubmit";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Plain text a person typed: no control characters (NUL, CR/LF …), trimmed, bounded. */
const ZLine = (label: string, max: number) =>
  z
    .string(`请填写${label}`)
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}最多 ${max} 字`)
    .refine((s) => !/\p{Cc}/u.test(s), `${label}不能包含控制字符`);

/** A description may run over lines (CR/LF and tabs), but no other control character (NUL …). */
const ZParagraph = (label: string, max: number) =>
  z
    .string(`请填写${label}`)
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}最多 ${max} 字`)
    .refine((s) => !/\p{Cc}/u.test(s.replace(/[\r\n\t]/g, "")), `${label}不能包含控制字符`);

export const ZClaimEvidence = z
  .object({
    /** One of the item's evidence names (证书, 发表页 …). */
    label: ZLine("材料名称", 50),
    fileId: z.uuid("请上传证明材料"),
  })
  .strict();
export type TClaimEvidence = z.infer<typeof ZClaimEvidence>;

const claimShape = {
  kind: z.enum(fixedPointKinds, "请选择定额项目"),
  level: z.enum(organiserLevels, "请选择级别"),
  /** The paper's title, the 课题's name, the lesson's topic … */
  title: ZLine("名称", 200),
  /** The day it happened (published, concluded, given): the credit year it counts for. */
  happenedOn: ZDay,
  description: ZParagraph("简要说明", 1000),
  evidence: z.array(ZClaimEvidence, "请上传证明材料").min(1, "请上传证明材料").max(20, "证明材料最多 20 份"),
};

/** A new claim. */
export const ZFixedPointClaimInput = z.object(claimShape).strict();
export type TFixedPointClaimInput = z.infer<typeof ZFixedPointClaimInput>;

/** A returned claim, edited and sent again (a new round of the chain). */
export const ZResubmitClaimInput = z.object({ claimId: z.uuid("notFound"), ...claimShape }).strict();
export type TResubmitClaimInput = z.infer<typeof ZResubmitClaimInput>;

/**
 * A decision at the step the admin saw (`round`, `step`): a stale page or a double click finds the claim
 * elsewhere and is refused, so one click never passes two steps. A reason is required to 退回 or 不予认定.
 */
export const ZClaimDecisionInput = z
  .object({
    claimId: z.uuid("notFound"),
    round: z.coerce.number("round").int().min(1).max(1000),
    step: z.coerce.number("step").int().min(0).max(3),
    decision: z.enum(claimDecisions, "请选择审核结果"),
    reason: z.preprocess(blankToUndefined, ZParagraph("理由", 500).optional()),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.decision !== "pass" && !d.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: d.decision === "return" ? "请填写退回理由" : "请填写不予认定的理由" });
  });
export type TClaimDecisionInput = z.input<typeof ZClaimDecisionInput>;

/** The admin's queue: a name or 教师编号, and a numbered page. */
export const ZClaimQueueQuery = z
  .object({
    q: z.preprocess(blankToUndefined, ZLine("搜索", 64).optional()),
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  })
  .strict();
export const claimQueuePageSize = 20;

/**
 * The evidence of a claim form: fields `evidenceLabel.N` (one of the item's names) beside `evidenceFile.N`
 * (an uploaded file's id); blank files are dropped (the schema then says which is missing).
 */
export function claimEvidenceFromForm(form: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < 20; i++) {
    const label = form[`evidenceLabel.${i}`];
    const fileId = form[`evidenceFile.${i}`];
    if (label === undefined && fileId === undefined) continue;
    if (typeof fileId === "string" && fileId.trim() === "") continue;
    out.push({ label, fileId });
  }
  return out;
}

/**
 * A title as the duplicate guard compares it: NFKC (full-width → half-width), case folded, without spaces
 * and punctuation (《》「」、，。…), so 《课堂提问的设计》 and 课堂提问的设计 are the same paper.
 */
export function normaliseClaimTitle(title: string): string {
  return title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** Checks a claim against the scheme's item: a level it values, and evidence for each name the item lists (and only those). */
export function claimRefusal(item: TFixedPointItem | undefined, input: Pick<TFixedPointClaimInput, "level" | "evidence">): Record<string, string[]> | null {
  if (!item) return { kind: ["本方案不认定这一定额项目"] };
  if (item.valueByLevel[input.level] == null) return { level: ["这一级别不在本项目的认定范围"] };
  const unknown = input.evidence.find((e) => !item.evidence.includes(e.label));
  if (unknown) return { evidence: [`「${unknown.label}」不是本项目要求的材料`] };
  const missing = item.evidence.filter((name) => !input.evidence.some((e) => e.label === name));
  if (missing.length) return { evidence: [`请上传：${missing.join("、")}`] };
  if (new Set(input.evidence.map((e) => e.fileId)).size !== input.evidence.length) return { evidence: ["同一文件不能重复上传"] };
  return null;
}

/** The items a teacher may claim under a scheme: each with only the levels it values. */
export function claimableItems(scheme: Pick<TCreditScheme, "fixedPoints">) {
  return scheme.fixedPoints.map((f) => ({
    kind: f.kind,
    category: f.category,
    levels: organiserLevels.filter((l) => f.valueByLevel[l] != null).map((l) => ({ level: l, value: f.valueByLevel[l]! })),
    yearlyCap: f.yearlyCap ?? null,
    evidence: f.evidence,
    approvalChain: f.approvalChain,
  }));
}

export type TOrgUnitOnPath = { id: string; kind: string; path: string };

/** The org-unit kind that certifies at each approval level. */
const kindOfLevel: Record<TApprovalLevel, string> = { school: "school", county: "county", city: "city", province: "province" };

/**
 * The units that certify a claim, one per step: for each level of the chain, the unit of that kind on the
 * teacher's path (their school and its ancestors). A level with no such unit on the path (a school directly
 * under a city) is left out. Null when no step is left.
 */
export function claimSteps(chain: readonly TApprovalLevel[], teacherPathUnits: readonly TOrgUnitOnPath[]): { level: TApprovalLevel; unitId: string }[] | null {
  const steps = chain.flatMap((level) => {
    const u = teacherPathUnits.find((x) => x.kind === kindOfLevel[level]);
    return u ? [{ level, unitId: u.id }] : [];
  });
  return steps.length ? steps : null;
}

/** Where a decision takes a claim. Null: the decision does not apply (the claim is not waiting at a step). */
export function nextClaimState(
  c: { status: TClaimStatus; step: number; steps: number },
  decision: TClaimDecision,
): { status: TClaimStatus; step: number; final: boolean } | null {
  if (c.status !== "pending" || c.step < 0 || c.step >= c.steps) return null;
  if (decision === "return") return { status: "returned", step: c.step, final: false };
  if (decision === "reject") return { status: "rejected", step: c.step, final: false };
  const last = c.step === c.steps - 1;
  return last ? { status: "approved", step: c.step, final: true } : { status: "pending", step: c.step + 1, final: false };
}

export const approvalLevelLabel: Record<TApprovalLevel, string> = { school: "学校", county: "县（区）", city: "市", province: "省" };
export const claimStatusLabel: Record<TClaimStatus, string> = { pending: "审核中", returned: "已退回", rejected: "不予认定", approved: "已认定" };
export const claimActionLabel: Record<TClaimTrailAction, string> = { submit: "提交申报", resubmit: "修改后重新提交", pass: "通过", return: "退回", reject: "不予认定" };

export { approvalLevels, fixedPointKinds, type TApprovalLevel, type TFixedPointKind, type TOrganiserLevel };
