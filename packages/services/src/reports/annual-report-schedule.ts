import { and, eq, lt, sql } from "drizzle-orm";
import { defaultAnnualReportSchedule, scheduledReportYear, ZAnnualReportSchedule, type TAnnualReportSchedule } from "@yanxiu/domain/annual-report";
import { chinaDay } from "@yanxiu/domain/china-time";
import { AppError } from "@yanxiu/domain/errors";
import { isAdministrator } from "@yanxiu/domain/permissions";
import type { Database, Tx } from "@yanxiu/db/client";
import { annualReport, annualReportSchedule, orgUnit } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { isProvinceAdmin } from "../credits/common.ts";
import type { TActor } from "../org/scope.ts";
import type { Producer } from "../platform/queue.ts";
import { insertReports, queueReports } from "./annual-report.ts";

/**
 * The year-end schedule of annual reports (decision 038): a setting per province (自动生成 on/off, the day of
 * January), and the daily job that, from that day on, queues last year's report of the province and of every
 * active city and county under it — once per unit and year, whatever the number of runs and workers.
 */

async function readSchedule(tx: Tx): Promise<TAnnualReportSchedule & { updatedAt: Date | null }> {
  const [row] = await tx.select().from(annualReportSchedule).limit(1);
  return row ? { enabled: row.enabled, day: row.day, updatedAt: row.updatedAt } : { ...defaultAnnualReportSchedule, updatedAt: null };
}

/** The setting as the 年度质量报告 page shows it; `canEdit` for a province admin only. */
export async function getAnnualReportSchedule(opts: { db: Database; actor: TActor }) {
  const { actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "not an administrator");
  const s = await opts.db.withTenant(actor.tenantId, readSchedule);
  return { ...s, canEdit: isProvinceAdmin(actor) };
}

/** Changes the setting: a province admin only (a city or county admin is refused), audited with before and after. */
export async function setAnnualReportSchedule(opts: { db: Database; actor: TActor; input: unknown }) {
  const { actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "not an administrator");
  if (!isProvinceAdmin(actor)) throw new AppError("forbidden", "only a province admin sets the report schedule");
  const input = parseInput(ZAnnualReportSchedule, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const before = await readSchedule(tx);
    await tx
      .insert(annualReportSchedule)
      .values({ tenantId: actor.tenantId, enabled: input.enabled, day: input.day, updatedBy: actor.actorId })
      .onConflictDoUpdate({ target: annualReportSchedule.tenantId, set: { enabled: input.enabled, day: input.day, updatedBy: actor.actorId, updatedAt: sql`now()` } });
    await appendAudit(tx, actor, { action: "report.schedule", target: `tenant:${actor.tenantId}`, data: { before: { enabled: before.enabled, day: before.day }, after: input } });
    return input;
  });
}

/** A scheduled report still waiting this long after it was stored lost its job (a crash before queueing): queued again. */
const lostAfterMs = 60 * 60_000;

/**
 * The daily job of one province: when its schedule is on and `now` (China time) is on or after its day of
 * January, the previous year's reports of the province and of every active city and county under it are
 * stored — only those not stored before (the unique key on scheduled reports) — and queued through the
 * request's own batch path. Scheduled reports of the year still waiting an hour later are queued again
 * (same job id). Returns the year and how many reports it stored (0 on every later run).
 */
export async function scheduleAnnualReports(opts: { db: Database; producer: Producer; tenantId: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const today = chinaDay(now);
  const { tenantId } = opts;
  const planned = await opts.db.withTenant(tenantId, async (tx) => {
    const year = scheduledReportYear(await readSchedule(tx), today);
    if (year == null) return null;
    const [root] = await tx
      .select({ id: orgUnit.id, path: orgUnit.path })
      .from(orgUnit)
      .where(and(sql`${orgUnit.parentId} is null`, eq(orgUnit.kind, "province"), eq(orgUnit.status, "active")))
      .orderBy(orgUnit.path)
      .limit(1);
    if (!root) return null;
    const ids = await insertReports(tx, { tenantId, unit: root, year, below: true, actorId: null });
    if (ids.length > 0) await appendAudit(tx, { tenantId, actorId: null }, { action: "report.scheduled", target: `annualReport:${ids[0]!}`, data: { unit: root.id, year, batch: ids.length } });
    const lost = await tx
      .select({ id: annualReport.id })
      .from(annualReport)
      .where(and(eq(annualReport.auto, true), eq(annualReport.year, year), eq(annualReport.status, "queued"), lt(annualReport.createdAt, new Date(now.getTime() - lostAfterMs))));
    return { year, ids, lost: lost.map((l) => l.id) };
  });
  if (!planned) return { year: null, queued: 0 };
  await queueReports(opts.producer, tenantId, [...planned.ids, ...planned.lost]);
  return { year: planned.year, queued: planned.ids.length };
}
