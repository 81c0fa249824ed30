import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import { reportDueOn, reportStatus, ZReportInput } from "@yanxiu/domain/project-evaluation";
import { ZProjectRef } from "@yanxiu/domain/projects";
import type { Database } from "@yanxiu/db/client";
import { orgUnit, projectReport, storedFile, trainingProject } from "@yanxiu/db/schema";
import { appendAudit } from "../audit/append.ts";
import { parseInput } from "../common/parse-input.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { isAdministrator } from "@yanxiu/domain/permissions";
import type { TActor } from "../org/scope.ts";
import { chinaDay } from "@yanxiu/domain/china-time";
import { loadProjectFor, managesProject, needManage } from "./common.ts";

/**
 * The 绩效评估报告 (issue 16, decision 024): the project's managers upload a PDF or write the report; it is due
 * at the project's end + N days and shown as overdue after that: on the project's pages, on the admin home
 * (`overdueReports`), and as a message to the owner unit's admins (notifications/remind-overdue-reports.ts,
 * decision 034, the same rule).
 */

export async function reportView(opts: { db: Database; actor: TActor; query: unknown; now?: Date }) {
  const { actor } = opts;
  const { projectId } = parseInput(ZProjectRef, opts.query);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, projectId);
    const [r] = await tx
      .select({ report: projectReport, fileName: storedFile.originalName, fileSize: storedFile.size })
      .from(projectReport)
      .leftJoin(storedFile, tenantEq(storedFile.id, projectReport.fileId))
      .where(eq(projectReport.projectId, projectId))
      .limit(1);
    const p = ctx.project;
    return {
      dueOn: reportDueOn(p.endsOn, p.reportDueDays),
      status: reportStatus({ endsOn: p.endsOn, dueDays: p.reportDueDays, submittedOn: r?.report.submittedOn ?? null, today: chinaDay(opts.now) }),
      report: r ? { fileId: r.report.fileId, fileName: r.fileName, fileSize: r.fileSize, body: r.report.body, submittedOn: r.report.submittedOn, updatedAt: r.report.updatedAt } : null,
      manages: ctx.manages,
    };
  });
}

/**
 * Submits or replaces the report. A file must be the writer's own report upload (or the one already there);
 * the first submission's day stays the one judged against the due day.
 */
export async function submitReport(opts: { db: Database; actor: TActor; input: unknown; now?: Date }) {
  const { actor } = opts;
  const input = parseInput(ZReportInput, opts.input);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const ctx = await loadProjectFor(tx, actor, input.projectId, { lock: true });
    needManage(ctx);
    if (ctx.project.state === "draft" || ctx.project.state === "pendingApproval") throw new AppError("projectStateConflict", `project ${ctx.project.id} is ${ctx.project.state}`);
    const [existing] = await tx.select().from(projectReport).where(eq(projectReport.projectId, input.projectId)).limit(1);
    if (input.fileId && input.fileId !== existing?.fileId) {
      const [f] = await tx
        .select({ id: storedFile.id })
        .from(storedFile)
        .where(and(eq(storedFile.id, input.fileId), eq(storedFile.purpose, "projectReport"), eq(storedFile.ownerId, actor.actorId)))
        .limit(1);
      if (!f) throw new AppError("badRequest", "report file not usable", { fileId: ["文件不可用，请重新上传"] });
    }
    const values = { fileId: input.fileId ?? null, body: input.body, updatedBy: actor.actorId, updatedAt: new Date() };
    if (existing) await tx.update(projectReport).set(values).where(eq(projectReport.projectId, input.projectId));
    else await tx.insert(projectReport).values({ tenantId: actor.tenantId, projectId: input.projectId, submittedOn: chinaDay(opts.now), submittedBy: actor.actorId, ...values });
    await appendAudit(tx, actor, { action: existing ? "projects.report.replace" : "projects.report.submit", target: `project:${input.projectId}`, orgPath: ctx.ownerPath, data: { fileId: input.fileId ?? null } });
    return { projectId: input.projectId };
  });
}

/**
 * Reports past their due day and not submitted, for the projects the admin manages (the admin home's reminder).
 * Running or closed projects only: a project that never started owes no report.
 */
export async function overdueReports(opts: { db: Database; actor: TActor; now?: Date }) {
  const { actor } = opts;
  if (!isAdministrator(actor.grants)) return [];
  const today = chinaDay(opts.now);
  return opts.db.withTenant(actor.tenantId, async (tx) => {
    const rows = await tx
      .select({ id: trainingProject.id, name: trainingProject.name, endsOn: trainingProject.endsOn, reportDueDays: trainingProject.reportDueDays, ownerPath: orgUnit.path })
      .from(trainingProject)
      .innerJoin(orgUnit, tenantEq(orgUnit.id, trainingProject.ownerUnitId))
      .leftJoin(projectReport, tenantEq(projectReport.projectId, trainingProject.id))
      .where(and(inArray(trainingProject.state, ["running", "closed"]), isNull(projectReport.projectId), sql`${trainingProject.endsOn} + ${trainingProject.reportDueDays} < ${today}::date`))
      .orderBy(asc(trainingProject.endsOn))
      .limit(200);
    return rows.filter((r) => managesProject(actor.grants, r.ownerPath)).map((r) => ({ id: r.id, name: r.name, dueOn: reportDueOn(r.endsOn, r.reportDueDays) }));
  });
}
