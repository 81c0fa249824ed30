import { z } from "zod";

/** The dashboard's charts, each downloadable as a sheet. */
export const dashboardCharts = ["areas", "hoursByMonth", "hoursByCategory", "ruralUrban", "backbone", "activity", "teachers"] as const;
export type TDashboardChart = (typeof dashboardCharts)[number];

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/**
 * /admin/dashboard's filters, as they stand in the URL: the org unit drilled to (default: the root of
 * the admin's scope) and the calendar year of the 学时 charts (default: the rollup's year).
 */
export const ZDashboardQuery = z.object({
  unit: z.preprocess(blankToUndefined, z.uuid().optional()),
  // Four digits exactly (a URL's "2026\r\n" or " 2026" is refused, not trimmed into a year).
  year: z.preprocess(
    blankToUndefined,
    z
      .union([z.number(), z.string().regex(/^\d{4}$/).transform(Number)])
      .pipe(z.number().int().min(2000).max(2100))
      .optional(),
  ),
});
export type TDashboardQuery = z.infer<typeof ZDashboardQuery>;

export const ZDashboardDownload = ZDashboardQuery.extend({ chart: z.enum(dashboardCharts) });
