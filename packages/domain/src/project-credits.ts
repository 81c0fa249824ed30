import { z } from "zod";
import { awardCategories, type TAwardCategory } from "./credits.ts";
import { listPagingShape } from "./list-page.ts";
import { ZLine } from "./projects.ts";

/**
 * 学时认定 and 学时分发 of a training project (decision 027). The project's trainees who met its rules (days
 * attended against the required days) are proposed; the owner sets exceptions per trainee (award someone who
 * fell short, leave out someone who met them, or fewer hours — each with a reason), splits the planned 学时
 * across categories if the project says so, and confirms once. The worker then writes one award per trainee
 * and category into the ledger (the ledger's unique key makes a retry write nothing twice).
 */

const ZId = z.uuid("记录不存在");
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
/** A repeated form field: one value, several, or none. */
const many = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

/** 学时 as a trainee receives them: tenths, like the ledger (0 is "none", refused: leave the trainee out instead). */
export const ZAwardHours = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : v),
  z.coerce
    .number("学时须为数字")
    .finite("学时须为数字")
    .min(0.1, "学时至少 0.1")
    .max(1000, "学时不超过 1000")
    .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, "学时最多一位小数"),
);

/** At most this many categories in a split. */
export const maxSplitParts = 4;
export type TSplitPart = { category: TAwardCategory; hours: number };

/** The split's rows as the form sends them (`category0`/`hours0` … ; blank rows are left out). */
export const ZConfirmCreditsInput = z
  .object({
    projectId: ZId,
    category: z.preprocess(many, z.array(z.preprocess(blank, z.enum(awardCategories, "请选择学时类别").optional())).max(maxSplitParts, `最多分为 ${maxSplitParts} 类`)),
    hours: z.preprocess(many, z.array(z.preprocess(blank, ZAwardHours.optional())).max(maxSplitParts, `最多分为 ${maxSplitParts} 类`)),
  })
  .strict()
  .transform((v, ctx) => {
    const split: TSplitPart[] = [];
    for (let i = 0; i < Math.max(v.category.length, v.hours.length); i++) {
      const category = v.category[i];
      const hours = v.hours[i];
      if (category === undefined && hours === undefined) continue;
      if (category === undefined || hours === undefined) {
        ctx.addIssue({ code: "custom", path: ["split"], message: "每一行须同时填写类别和学时" });
        return z.NEVER;
      }
      split.push({ category, hours });
    }
    return { projectId: v.projectId, split };
  });
export type TConfirmCreditsInput = z.infer<typeof ZConfirmCreditsInput>;

/** Why a split does not fit the project's planned 学时, or null: distinct categories, summing to the plan. */
export function splitProblem(split: readonly TSplitPart[], plannedHours: number): string | null {
  if (split.length === 0) return "请至少填写一类学时";
  if (split.length > maxSplitParts) return `最多分为 ${maxSplitParts} 类`;
  if (new Set(split.map((p) => p.category)).size !== split.length) return "学时类别不能重复";
  const tenths = split.reduce((s, p) => s + Math.round(p.hours * 10), 0);
  if (tenths !== Math.round(plannedHours * 10)) return `各类学时之和须等于计划学时 ${plannedHours}（现为 ${tenths / 10}）`;
  return null;
}

/**
 * A trainee's hours split as the project's split is: in proportion, in tenths, the rounding remainder to the
 * largest part (so the parts always sum to `hours` exactly). Parts that round to nothing are left out.
 */
export function splitHours(hours: number, split: readonly TSplitPart[]): TSplitPart[] {
  const total = split.reduce((s, p) => s + Math.round(p.hours * 10), 0);
  const want = Math.round(hours * 10);
  if (total <= 0 || want <= 0) return [];
  if (want === total) return split.map((p) => ({ category: p.category, hours: Math.round(p.hours * 10) / 10 }));
  const parts = split.map((p) => ({ category: p.category, tenths: Math.floor((Math.round(p.hours * 10) * want) / total) }));
  const rest = want - parts.reduce((s, p) => s + p.tenths, 0);
  let largest = 0;
  for (let i = 1; i < split.length; i++) if (split[i]!.hours > split[largest]!.hours) largest = i;
  parts[largest]!.tenths += rest;
  return parts.filter((p) => p.tenths > 0).map((p) => ({ category: p.category, hours: p.tenths / 10 }));
}

/** An exception for one trainee, set by the owner before confirming (a reason is always required). */
export const ZCreditExceptionInput = z
  .object({
    projectId: ZId,
    nominationId: ZId,
    award: checkbox,
    hours: z.preprocess(blank, ZAwardHours.optional()),
    reason: ZLine(200, "原因").pipe(z.string().min(1, "请填写原因")),
  })
  .strict();
export type TCreditExceptionInput = z.infer<typeof ZCreditExceptionInput>;

export const ZClearCreditExceptionInput = z.object({ projectId: ZId, nominationId: ZId }).strict();

export type TCreditException = { award: boolean; hours: number | null; reason: string };

/**
 * What a trainee gets: the proposal (met the rules → the planned 学时) unless an exception says otherwise.
 * An exception's hours never exceed the plan (the service refuses that first).
 */
export function recognitionDecision(met: boolean, exception: TCreditException | null, plannedHours: number): { award: boolean; hours: number } {
  if (exception) return exception.award ? { award: true, hours: Math.min(plannedHours, exception.hours ?? plannedHours) } : { award: false, hours: 0 };
  return met ? { award: true, hours: plannedHours } : { award: false, hours: 0 };
}

/** The day the awards count for: the project's last day, or the day of confirmation if that is earlier. */
export function creditCountsFor(endsOn: string, today: string): string {
  return today < endsOn ? today : endsOn;
}

/** The list on the 学时认定 page: all trainees, or those proposed, not proposed, or with an exception. */
export const creditListFilters = ["all", "met", "notMet", "exception", "coursesMissing"] as const;
export const ZProjectCreditsQuery = z
  .object({
    projectId: ZId,
    show: z.preprocess(blank, z.enum(creditListFilters).default("all")),
    q: z.preprocess(blank, ZLine(50, "姓名或教师编号").optional()),
    ...listPagingShape({ size: 50 }),
  })
  .strict();
export type TProjectCreditsQuery = z.infer<typeof ZProjectCreditsQuery>;

/** The ledger's `source_ref` of a project award: one per project and category, so one row per trainee and category. */
export const projectAwardRef = (projectId: string, category: TAwardCategory) => `${projectId}:${category}`;
