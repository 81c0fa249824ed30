import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { PDFDocument } from "pdf-lib";
import { and, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { annualReportBatchLimit, reportUnitKinds, ZAnnualReportListQuery, ZAnnualReportRequest } from "@yanxiu/domain/annual-report";
import { chinaDay } from "@yanxiu/domain/china-time";
import { AppError, isAppError } from "@yanxiu/domain/errors";
import { annualReportJob } from "@yanxiu/domain/jobs";
import { escapeLike, pageOffset } from "@yanxiu/domain/list-page";
import { adminScope, isAdministrator } from "@yanxiu/domain/permissions";
import type { Database, Tx } from "@yanxiu/db/client";
import { annualReport, creditAward, orgUnit, user } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { notify } from "../notifications/notify.ts";
import { loadGrants } from "../auth/session.ts";
import { parseInput } from "../common/parse-input.ts";
import type { TActor } from "../org/scope.ts";
import { reportFileKey, type FileStore } from "../platform/files.ts";
import type { Producer } from "../platform/queue.ts";
import { dashboardUnit } from "../rollups/read-dashboard.ts";
import { annualReportFigures, type TAnnualReportFigures } from "./annual-report-data.ts";
import { annualReportDocument } from "./annual-report-document.ts";
import { renderReportPdf } from "./pdf/index.ts";

const isId = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

function needAdmin(actor: TActor) {
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "not an administrator");
}

/** Reports of units inside the actor's scope (a county admin never sees the province's). */
function inScope(actor: TActor): SQL | undefined {
  const scope = adminScope(actor.grants);
  if (scope === "all") return undefined;
  if (scope.length === 0) return sql`false`;
  return or(...scope.map((p) => sql`${orgUnit.path} like ${`${escapeLike(p)}%`}`));
}

/**
 * The form of the 年度质量报告 page: the units the actor may ask a report for (their scope's root and the
 * cities and counties under it, at most 500) and the years (from the first year of the ledger to this one).
 */
export async function annualReportForm(opts: { db: Database; actor: TActor; today?: string }) {
  const { actor } = opts;
  needAdmin(actor);
  const thisYear = Number((opts.today ?? chinaDay()).slice(0, 4));
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const root = await dashboardUnit(tx, actor, undefined);
    const units = await tx
      .select({ id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind, path: orgUnit.path })
      .from(orgUnit)
      .where(and(sql`${orgUnit.path} like ${`${escapeLike(root.path)}%`}`, sql`${orgUnit.kind} in ('province', 'city', 'county')`, eq(orgUnit.status, "active")))
      .orderBy(orgUnit.path)
      .limit(500);
    const [first] = await tx.select({ y: sql<number | null>`extract(year from min(${creditAward.countsFor}))::int` }).from(creditAward);
    const firstYear = first?.y ?? thisYear;
    const years = Array.from({ length: Math.max(1, thisYear - Math.max(2000, Math.min(firstYear, thisYear)) + 1) }, (_, i) => thisYear - i);
    return { root: { id: root.id, name: root.name, kind: root.kind }, units: units.map(({ id, name, kind, path }) => ({ id, name, kind, depth: path.split("/").filter(Boolean).length })), years, thisYear };
  });
}

/**
 * Records a request for the report of a unit (省/市/县 in the actor's scope) and a year, and queues it; with
 * `below`, also one report for every active city and county under the unit (a batch of at most
 * `annualReportBatchLimit`), each its own row and job, so each shows its own progress and can be downloaded alone.
 */
export async function requestAnnualReport(opts: { db: Database; producer: Producer; actor: TActor; input: unknown }) {
  const { actor } = opts;
  needAdmin(actor);
  const input = parseInput(ZAnnualReportRequest, opts.input);
  const ids = await opts.db.withTenant(actor.tenantId, async (tx) => {
    const unit = await dashboardUnit(tx, actor, input.unit);
    if (!(reportUnitKinds as readonly string[]).includes(unit.kind)) throw new AppError("badRequest", "unit kind", { unit: ["报告的范围应为省、市或县（区）"] });
    const ids = await insertReports(tx, { tenantId: actor.tenantId, unit, year: input.year, below: input.below, actorId: actor.actorId });
    await appendAudit(tx, actor, { action: "report.request", target: `annualReport:${ids[0]!}`, data: { unit: unit.id, year: input.year, ...(input.below ? { batch: ids.length } : {}) } });
    return ids;
  });
  await queueReports(opts.producer, actor.tenantId, ids);
  return { id: ids[0]!, count: ids.length };
}

/**
 * The one batch path (a request, and the year-end schedule of decision 038): a row for `unit` and, with
 * `below`, for every active city and county under it (at most `annualReportBatchLimit`). A scheduled batch
 * (`auto`, no requester) inserts only the units that have no scheduled report of the year yet — the unique
 * key `annual_report_auto_key` is the once-only guard — and returns only the rows it inserted.
 */
export async function insertReports(tx: Tx, o: { tenantId: string; unit: { id: string; path: string }; year: number; below: boolean; actorId: string | null }): Promise<string[]> {
  const below = o.below
    ? await tx
        .select({ id: orgUnit.id })
        .from(orgUnit)
        .where(and(sql`${orgUnit.path} like ${`${escapeLike(o.unit.path)}%`}`, sql`${orgUnit.id} <> ${o.unit.id}`, sql`${orgUnit.kind} in ('city', 'county')`, eq(orgUnit.status, "active")))
        .orderBy(orgUnit.path)
        .limit(annualReportBatchLimit)
    : [];
  const rows = [o.unit.id, ...below.map((b) => b.id)].map((orgUnitId) => ({ tenantId: o.tenantId, id: randomUUID(), orgUnitId, year: o.year, actorId: o.actorId, auto: o.actorId == null }));
  if (o.actorId != null) {
    await tx.insert(annualReport).values(rows);
    return rows.map((r) => r.id);
  }
  const inserted = await tx.insert(annualReport).values(rows).onConflictDoNothing().returning({ id: annualReport.id, orgUnitId: annualReport.orgUnitId });
  // In the batch's order (the unit first), whatever order the insert returned them in.
  const order = new Map<string, number>(rows.map((r, i) => [r.id, i]));
  return inserted.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((r) => r.id);
}

/** Queues the jobs of stored report rows (job id = report id: a second add of a waiting job is a no-op). */
export async function queueReports(producer: Producer, tenantId: string, ids: readonly string[]) {
  for (const id of ids) await producer.add(annualReportJob, { v: 1, tenantId, reportId: id }, { jobId: id, attempts: 3, backoff: { type: "exponential", delay: 2000 } });
}

const columns = {
  id: annualReport.id,
  year: annualReport.year,
  status: annualReport.status,
  progress: annualReport.progress,
  step: annualReport.step,
  pages: annualReport.pages,
  bytes: annualReport.bytes,
  error: annualReport.error,
  ready: sql<boolean>`${annualReport.fileKey} is not null`,
  createdAt: annualReport.createdAt,
  finishedAt: annualReport.finishedAt,
  unit: { id: orgUnit.id, name: orgUnit.name, kind: orgUnit.kind },
  /** Null for a report the year-end schedule made (自动生成). */
  requestedBy: user.displayName,
  auto: annualReport.auto,
};

/** The reports asked for in the actor's scope, newest first, one page with the total. */
export async function listAnnualReports(opts: { db: Database; actor: TActor; query: unknown }) {
  const { actor } = opts;
  needAdmin(actor);
  const query = parseInput(ZAnnualReportListQuery, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const where = inScope(actor);
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(annualReport)
      .innerJoin(orgUnit, and(eq(orgUnit.tenantId, annualReport.tenantId), eq(orgUnit.id, annualReport.orgUnitId)))
      .where(where);
    const rows = await tx
      .select(columns)
      .from(annualReport)
      .innerJoin(orgUnit, and(eq(orgUnit.tenantId, annualReport.tenantId), eq(orgUnit.id, annualReport.orgUnitId)))
      .leftJoin(user, and(eq(user.tenantId, annualReport.tenantId), eq(user.id, annualReport.actorId)))
      .where(where)
      .orderBy(desc(annualReport.createdAt), desc(annualReport.id))
      .limit(query.size)
      .offset(pageOffset(query));
    return { rows, total: count?.n ?? 0, query };
  });
}

/** One report the actor may see (its unit in their scope), or notFound. */
export async function getAnnualReport(opts: { db: Database; actor: TActor; id: string }) {
  const { actor } = opts;
  needAdmin(actor);
  if (!isId(opts.id)) throw new AppError("notFound", `report ${opts.id}`);
  const [row] = await opts.db.withTenant(actor.tenantId, (tx) =>
    tx
      .select({ ...columns, fileKey: annualReport.fileKey })
      .from(annualReport)
      .innerJoin(orgUnit, and(eq(orgUnit.tenantId, annualReport.tenantId), eq(orgUnit.id, annualReport.orgUnitId)))
      .leftJoin(user, and(eq(user.tenantId, annualReport.tenantId), eq(user.id, annualReport.actorId)))
      .where(and(eq(annualReport.id, opts.id), inScope(actor)))
      .limit(1),
  );
  if (!row) throw new AppError("notFound", `report ${opts.id}`);
  return row;
}

/** The report's PDF with its download name; notFound until the worker has written it. */
export async function readAnnualReportFile(opts: { db: Database; files: FileStore; actor: TActor; id: string }): Promise<{ stream: Readable; fileName: string }> {
  const r = await getAnnualReport(opts);
  if (!r.fileKey) throw new AppError("notFound", "report not written yet");
  return { stream: opts.files.read(r.fileKey), fileName: `${r.unit.name}${r.year}年度教师教育质量报告.pdf` };
}

/**
 * The job (decision 030): the figures under the requester's scope as it is now, the document, the PDF in the
 * file store, the row done. Progress is written as it goes (figures 10 %, sections up to 90 %, the file 100 %).
 * Run again after a crash, it starts over and overwrites the same file; a finished report is left alone.
 */
export async function runAnnualReport(opts: { db: Database; files: FileStore; tenantId: string; reportId: string; now?: Date }) {
  const { db, tenantId, reportId } = opts;
  const [rep] = await db.withTenant(tenantId, (tx) => tx.select().from(annualReport).where(eq(annualReport.id, reportId)));
  if (!rep) throw new AppError("notFound", `report ${reportId}`);
  if (rep.status === "done" || rep.status === "failed") return { status: rep.status };
  const update = (values: Partial<typeof annualReport.$inferInsert>) => db.withTenant(tenantId, (tx) => tx.update(annualReport).set(values).where(eq(annualReport.id, reportId)));
  try {
    await update({ status: "running", progress: 0, step: "统计数据", error: null });
    const figures: TAnnualReportFigures = await db.withTenant(tenantId, async (tx) => {
      const actor: TActor = rep.actorId ? { tenantId, actorId: rep.actorId, grants: await loadGrants(tx, rep.actorId) } : await scheduleActor(tx, tenantId);
      const unit = await dashboardUnit(tx, actor, rep.orgUnitId);
      return annualReportFigures(tx, actor, unit, rep.year);
    });
    await update({ progress: 10, step: "排版", figures: JSON.parse(JSON.stringify(figures)) as object });
    const doc = annualReportDocument(figures, { createdAt: opts.now ?? new Date() });
    let last = 10;
    const bytes = await renderReportPdf(doc, {
      createdAt: opts.now ?? new Date(),
      onProgress: async (done, total) => {
        const p = 10 + Math.floor((done / Math.max(1, total)) * 80);
        if (p >= last + 10) {
          last = p;
          await update({ progress: p, step: doc.sections[Math.min(done, doc.sections.length) - 1]?.title ?? "排版" });
        }
      },
    });
    const key = reportFileKey(tenantId, reportId);
    await opts.files.put(key, Buffer.from(bytes));
    const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
    await db.withTenant(tenantId, async (tx) => {
      await tx.update(annualReport).set({ status: "done", progress: 100, step: null, fileKey: key, pages, bytes: bytes.byteLength, finishedAt: sql`now()` as unknown as Date }).where(eq(annualReport.id, reportId));
      // A scheduled province report tells the province admins, in the same transaction (decision 034).
      if (rep.auto && figures.unit.kind === "province") await notifyReportReady(tx, { tenantId, reportId, unitName: figures.unit.name, year: rep.year });
    });
    return { status: "done" as const, pages };
  } catch (e) {
    if (isAppError(e) && !e.retryable) {
      const message = e.code === "notFound" ? "生成失败：报告的范围已不在申请人的管理范围内。" : `生成失败：${e.message}`;
      await update({ status: "failed", step: null, error: message, finishedAt: sql`now()` as unknown as Date });
      return { status: "failed" as const };
    }
    throw e;
  }
}

/**
 * Who a scheduled report (no requester) is made as: the province itself — a province admin's grant on the
 * tenant's root unit — so its figures are the province's whole subtree, as a province admin would see them.
 */
async function scheduleActor(tx: Tx, tenantId: string): Promise<TActor> {
  const [root] = await tx.select({ id: orgUnit.id, path: orgUnit.path }).from(orgUnit).where(sql`${orgUnit.parentId} is null`).orderBy(orgUnit.path).limit(1);
  if (!root) throw new AppError("notFound", "no province unit");
  return { tenantId, actorId: "00000000-0000-0000-0000-000000000000", grants: [{ role: "provinceAdmin", orgUnitId: root.id, orgPath: root.path }] };
}

/** The province admins (active) of the tenant: who hears of a scheduled province report. */
export async function provinceAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.execute<{ user_id: string }>(sql`
    select distinct r.user_id from role_assignment r
    join "user" x on x.tenant_id = r.tenant_id and x.id = r.user_id and x.status = 'active'
    where r.role = 'provinceAdmin' order by r.user_id`);
  return rows.map((r) => r.user_id);
}

async function notifyReportReady(tx: Tx, o: { tenantId: string; reportId: string; unitName: string; year: number }) {
  const admins = await provinceAdmins(tx);
  await notify(tx, {
    tenantId: o.tenantId,
    notices: admins.map((userId) => ({
      kind: "annualReportReady" as const,
      userId,
      params: { unitName: o.unitName, year: o.year },
      link: `/admin/reports/${o.reportId}/pdf`,
      dedupeKey: `annualReport:${o.reportId}`,
    })),
  });
}
