import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { chinaTime } from "@yanxiu/domain/china-time";
import { AppError, isAppError } from "@yanxiu/domain/errors";
import { peopleExportJob } from "@yanxiu/domain/jobs";
import { adminScope, isAdministrator } from "@yanxiu/domain/permissions";
import { ZTeacherListQuery } from "@yanxiu/domain/org";
import { ZCycleStatusQuery } from "@yanxiu/domain/credits";
import { creditStatusPage, cycleStatusList } from "../credits/cycle-status.ts";
import { appendAudit } from "../audit/append.ts";
import { auditLogPage, listAuditLog } from "../audit/list-audit-log.ts";
import { loadGrants } from "../auth/session.ts";
import type { Database } from "@yanxiu/db/client";
import { fileKey, type FileStore } from "../platform/files.ts";
import type { TActor } from "../org/scope.ts";
import { countTeachers, listTeachers } from "../people/list-teachers.ts";
import { listStaffAccounts } from "../people/staff-accounts.ts";
import type { Producer } from "../platform/queue.ts";
import { writeXlsxFromRows } from "../platform/xlsx/xlsx.ts";
import { peopleExport } from "@yanxiu/db/schema";
import { parseInput } from "../common/parse-input.ts";

const stageNames: Record<string, string> = { preschool: "学前", primary: "小学", juniorSecondary: "初中", seniorSecondary: "高中", vocational: "中职", special: "特殊教育" };
const headers = ["教师编号", "姓名", "性别", "手机号", "学校", "学段", "学科", "职称", "城乡"];

const auditHeaders = ["时间（北京时间）", "操作", "操作代码", "操作人", "账号", "对象", "IP"];
/** An instant as China's wall-clock time, to the second: 2026-12-07 18:21:06. */

const staffHeaders = ["登录账号", "姓名", "角色", "所属机构", "状态"];
const roleNames: Record<string, string> = { orgAdmin: "机构管理员", trainer: "培训者", masterTeacher: "名师", provinceAdmin: "省级管理员" };

/** Which list an export writes: the teachers (with the people list's filters), the staff accounts, or 周期学时. */
export type TExportList = "teachers" | "staff" | "creditStatus" | "auditLog";

/** Words the export writes that belong to the presentation layer (the worker passes the UI's catalogue). */
export type TExportLabels = { auditAction?: (action: string) => string };

/**
 * Records an export of the list the actor is looking at (same filters, same scope) and queues it.
 * `list` is which list: teachers (with the list's filters), staff accounts, or the 周期学时 list (its
 * 仅看进度落后 and search filters; the export has every row, in no particular order, not one page).
 */
export async function startPeopleExport(opts: { db: Database; producer: Producer; actor: TActor; query: unknown; list?: TExportList }) {
  const { actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "not an administrator");
  const list = opts.list ?? "teachers";
  let query: Record<string, unknown>;
  if (list === "creditStatus") {
    const { behind, q } = parseInput(ZCycleStatusQuery, opts.query);
    query = { list, ...(behind ? { behind: true } : {}), ...(q ? { q } : {}) };
  } else if (list === "auditLog") {
    // The log's own filters (not its page); who may read it is checked now and again in the job.
    const { action, person, from, to } = (await listAuditLog({ db: opts.db, actor, query: { ...(opts.query as object), page: "1", size: "20" } })).query;
    query = { list, ...(action ? { action } : {}), ...(person ? { person } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  } else {
    const { after: _after, ...filters } = parseInput(ZTeacherListQuery, opts.query);
    void _after;
    // Fails now (notFound) for a unit outside the scope, rather than later in the job.
    await countTeachers({ db: opts.db, actor, query: filters });
    query = { ...filters, list };
  }
  const id = randomUUID();
  await opts.db.withTenant(actor.tenantId, async (tx) => {
    await tx.insert(peopleExport).values({ tenantId: actor.tenantId, id, actorId: actor.actorId, query });
    await appendAudit(tx, actor, { action: "people.export", target: `peopleExport:${id}`, data: { query } });
  });
  await opts.producer.add(peopleExportJob, { v: 1, tenantId: actor.tenantId, actorId: actor.actorId, exportId: id }, { jobId: id, attempts: 3 });
  return { id };
}

export async function getPeopleExport(opts: { db: Database; actor: TActor; id: string }) {
  const { actor } = opts;
  if (!/^[0-9a-f-]{36}$/i.test(opts.id)) throw new AppError("notFound", `export ${opts.id}`);
  const [row] = await opts.db.withTenant(actor.tenantId, (tx) => tx.select().from(peopleExport).where(eq(peopleExport.id, opts.id)).limit(1));
  if (!row || (row.actorId !== actor.actorId && adminScope(actor.grants) !== "all")) throw new AppError("notFound", `export ${opts.id}`);
  return row;
}

/**
 * Writes the export: the exporter's scope as it is now (not as it was when they asked), page by page in
 * keyset order, streamed into an .xlsx whose every cell is escaped against formula injection.
 */
export async function runPeopleExport(opts: { db: Database; files: FileStore; tenantId: string; exportId: string; pageSize?: number; labels?: TExportLabels }) {
  const { db, tenantId, exportId } = opts;
  const [exp] = await db.withTenant(tenantId, (tx) => tx.select().from(peopleExport).where(eq(peopleExport.id, exportId)));
  if (!exp) throw new AppError("notFound", `export ${exportId}`);
  if (exp.status === "done" || exp.status === "failed") return { status: exp.status, written: exp.writtenRows };
  const update = (values: Partial<typeof peopleExport.$inferInsert>) => db.withTenant(tenantId, (tx) => tx.update(peopleExport).set(values).where(eq(peopleExport.id, exportId)));
  try {
    const grants = await db.withTenant(tenantId, (tx) => loadGrants(tx, exp.actorId));
    const actor: TActor = { tenantId, actorId: exp.actorId, grants };
    const { list, ...query } = exp.query as Record<string, string>;
    const key = fileKey(tenantId, "exports", exportId, "xlsx");
    if (list === "staff") {
      const staff = await listStaffAccounts({ db, actor, limit: 100_000 });
      await update({ status: "running", totalRows: staff.length, writtenRows: 0, error: null });
      const rows = staff.map((s) => [s.login, s.displayName, roleNames[s.role] ?? s.role, s.unitName, s.status === "active" ? "正常" : "已停用"]);
      await writeXlsxFromRows(await opts.files.prepareLocal(key), staffHeaders, rows);
      await update({ status: "done", writtenRows: rows.length, fileKey: key, finishedAt: sql`now()` as unknown as Date });
      return { status: "done" as const, written: rows.length };
    }
    if (list === "auditLog") {
      const filters = exp.query as { action?: string; person?: string; from?: string; to?: string };
      const total = (await listAuditLog({ db, actor, query: { ...filters, page: "1", size: "20" } })).total;
      await update({ status: "running", totalRows: total, writtenRows: 0, error: null });
      const label = opts.labels?.auditAction ?? ((a: string) => a);
      let written = 0;
      async function* auditRows() {
        let after: { at: string; id: string } | undefined;
        for (;;) {
          const page = await auditLogPage({ db, actor, query: filters, after, limit: opts.pageSize ?? 1000 });
          for (const e of page.events) {
            yield [chinaTime(e.at), label(e.action), e.action, e.actor?.name ?? "", e.actor?.login ?? e.triedLogin ?? "", e.target ?? "", e.ip ?? ""];
          }
          written += page.events.length;
          await update({ writtenRows: written });
          if (!page.next) return;
          after = page.next;
        }
      }
      await writeXlsxFromRows(await opts.files.prepareLocal(key), auditHeaders, auditRows());
      await update({ status: "done", writtenRows: written, fileKey: key, finishedAt: sql`now()` as unknown as Date });
      return { status: "done" as const, written };
    }
    if (list === "creditStatus") {
      const stored = exp.query as { behind?: boolean; q?: string };
      const filters = { behind: stored.behind === true, q: stored.q };
      const total = (await cycleStatusList({ db, actor, query: { ...(filters.behind ? { behind: "1" } : {}), ...(filters.q ? { q: filters.q } : {}), size: 20 } })).total;
      await update({ status: "running", totalRows: total, writtenRows: 0, error: null });
      let written = 0;
      const first = await creditStatusPage({ db, actor, query: filters, limit: opts.pageSize ?? 1000 });
      const heads = ["教师编号", "姓名", "学校", "城乡", `本周期学时（${first.cycle.startYear}–${first.cycle.endYear} 年）`, `${first.year} 年学时`, "进度"];
      async function* statusRows() {
        let page = first;
        for (;;) {
          for (const r of page.rows) yield [r.teacherNo, r.name, r.schoolName, r.rural ? "乡村" : "城镇", r.cycleHours, r.yearHours, r.onPace ? "按计划" : "进度落后"];
          written += page.rows.length;
          await update({ writtenRows: written });
          if (!page.next) return;
          page = await creditStatusPage({ db, actor, query: filters, after: page.next, limit: opts.pageSize ?? 1000 });
        }
      }
      await writeXlsxFromRows(await opts.files.prepareLocal(key), heads, statusRows());
      await update({ status: "done", writtenRows: written, fileKey: key, finishedAt: sql`now()` as unknown as Date });
      return { status: "done" as const, written };
    }
    const total = await countTeachers({ db, actor, query });
    await update({ status: "running", totalRows: total, writtenRows: 0, error: null });
    let written = 0;
    async function* rows() {
      let after: string | undefined;
      for (;;) {
        const page = await listTeachers({ db, actor, query: { ...query, after }, limit: opts.pageSize ?? 1000 });
        for (const p of page.teachers) {
          yield [p.teacherNo, p.name, p.gender === "female" ? "女" : "男", p.phone, p.schoolName, p.stages.map((s) => stageNames[s] ?? s).join("、"), p.subjects.join("、"), p.title ?? "", p.rural ? "乡村" : "城镇"];
        }
        written += page.teachers.length;
        await update({ writtenRows: written });
        if (!page.next) return;
        after = page.next;
      }
    }
    await writeXlsxFromRows(await opts.files.prepareLocal(key), headers, rows());
    await update({ status: "done", writtenRows: written, fileKey: key, finishedAt: sql`now()` as unknown as Date });
    return { status: "done" as const, written };
  } catch (e) {
    if (isAppError(e) && !e.retryable) {
      await update({ status: "failed", error: "导出失败：筛选条件中的机构已不在你的管理范围内。", finishedAt: sql`now()` as unknown as Date });
      return { status: "failed" as const, written: 0 };
    }
    throw e;
  }
}
