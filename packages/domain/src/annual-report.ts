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
