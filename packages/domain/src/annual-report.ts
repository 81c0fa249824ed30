import { z } from "zod";
import { listPagingShape } from "./list-page.ts";

/**
 * The annual quality report (教师教育质量年度报告, issue 17, decision 030): what an admin asks for, and the few
 * rules its figures follow (year-on-year change, shares). The report is for a 省, 市 or 县 of the admin's
 * scope and one calendar year.
 */

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const reportUnitKinds = ["province", "city", "county"] as const;
export const annualReportStates = ["queued", "running", "done", "failed"] as const;
export type TAnnualReportState = (typeof annualReportStates)[number];

/** How many reports one batch request may queue (a province has ~14 cities and ~120 counties). */
export const annualReportBatchLimit = 300;

/**
 * The request: the unit (default: the root of the admin's scope) and the year, four digits exactly; `below`
 * (a checkbox) also asks for every active city and county under the unit, one report each.
 */
export const ZAnnualReportRequest = z
  .object({
    unit: z.preprocess(blankToUndefined, z.uuid("请选择范围").optional()),
    // A checkbox: absent or "" is off, "on" (what a browser sends) or "true" is on; anything else is refused.
    below: z.preprocess((v) => (v === undefined || v === "" || v === "false" ? false : v === "on" || v === "true" ? true : v), z.boolean("选项不正确")),
    year: z.union([z.number(), z.string().regex(/^\d{4}$/, "请选择年度").transform(Number)], "请选择年度").pipe(z.number().int().min(2000, "年度不正确").max(2100, "年度不正确")),
  })
  .strict();
export type TAnnualReportRequest = z.infer<typeof ZAnnualReportRequest>;

/** The list of reports asked for, newest first, 20 to a page. */
export const ZAnnualReportListQuery = z.object(listPagingShape());

/** The years a report may be asked for: from the year the tenant's ledger starts to this year, newest first. */
export function reportYears(thisYear: number, firstYear: number): number[] {
  const from = Math.max(2000, Math.min(firstYear, thisYear));
  return Array.from({ length: thisYear - from + 1 }, (_, i) => thisYear - i);
}

/** Change against last year in percent, one decimal; null when last year had nothing to compare with. */
export function yearOnYear(current: number, previous: number): number | null {
  if (!(previous > 0)) return null;
  return Math.round(((current - previous) / previous) * 1000) / 10;
}

/** A share in percent, one decimal; null of nothing. */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/**
 * The year-end schedule (decision 038): 自动生成 on or off, and the day of January from which the previous
 * year's reports are made (1–28, so every January has it; default on, the 15th). A form: the checkbox is
 * absent or "" when off, "on"/"true" when on; anything else is refused.
 */
export const ZAnnualReportSchedule = z
  .object({
    enabled: z.preprocess((v) => (v === undefined || v === "" || v === "false" ? false : v === "on" || v === "true" ? true : v), z.boolean("选项不正确")),
    day: z.union([z.number(), z.string().regex(/^\d{1,2}$/, "请选择日期").transform(Number)], "请选择日期").pipe(z.number("请选择日期").int("请选择日期").min(1, "日期应在 1–28 日之间").max(28, "日期应在 1–28 日之间")),
  })
  .strict();
export type TAnnualReportSchedule = z.infer<typeof ZAnnualReportSchedule>;
export const defaultAnnualReportSchedule: TAnnualReportSchedule = { enabled: true, day: 15 };

/**
 * The year whose reports the schedule makes on `today` (YYYY-MM-DD, China time), or null: last year's, from
 * the schedule's day of January on (a worker that was down on the day catches up later in the year; the
 * once-only key makes every later day a no-op), never when it is off.
 */
export function scheduledReportYear(schedule: TAnnualReportSchedule, today: string): number | null {
  if (!schedule.enabled) return null;
  const year = Number(today.slice(0, 4));
  return today >= `${year}-01-${String(schedule.day).padStart(2, "0")}` ? year - 1 : null;
}
