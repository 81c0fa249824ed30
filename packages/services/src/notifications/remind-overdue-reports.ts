import { and, inArray, isNull, sql } from "drizzle-orm";
import { reportDueOn } from "@yanxiu/domain/project-evaluation";
import { chinaDay } from "@yanxiu/domain/china-time";
import type { Database, Tx } from "@yanxiu/db/client";
import { orgUnit, projectReport, trainingProject } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";
import { notify } from "./notify.ts";
import { answeringAdmins } from "../org/answering-unit.ts";

/**
 * 绩效评估报告 reminders as messages (issue 16, decision 034). A project past its report's due day with no
 * report (running or closed, as on the admin home) reminds the people who must submit it: the admins of its
 * owner unit — or, when that unit has none, of the nearest unit above that has one (as 定额项目 steps are
 * acted for). Once per report per overdue state: the dedupe key holds the due day, so a sweep run every hour
 * (or twice at once) reminds once, and a due day moved later and missed again reminds again.
 */

/** One tenant's overdue reports, each reminded to its admins, in one transaction. Returns the notices written. */
export async function remindOverdueReportsOf(tx: Tx, tenantId: string, today: string): Promise<number> {
  const overdue = await tx
    .select({ id: trainingProject.id, name: trainingProject.name, endsOn: trainingProject.endsOn, dueDays: trainingProject.reportDueDays, ownerPath: orgUnit.path })
    .from(trainingProject)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, trainingProject.ownerUnitId))
    .leftJoin(projectReport, tenantEq(projectReport.projectId, trainingProject.id))
    .where(and(inArray(trainingProject.state, ["running", "closed"]), isNull(projectReport.projectId), sql`${trainingProject.endsOn} + ${trainingProject.reportDueDays} < ${today}::date`))
    .limit(1000);
  let n = 0;
  for (const p of overdue) {
    const dueOn = reportDueOn(p.endsOn, p.dueDays);
    const admins = await answeringAdmins(tx, p.ownerPath);
    n += await notify(tx, {
      tenantId,
      notices: admins.map((userId) => ({
        kind: "reportOverdue" as const,
        userId,
        params: { projectName: p.name, dueOn },
        link: `/admin/projects/${p.id}/evaluation`,
        dedupeKey: `reportOverdue:${p.id}:${dueOn}`,
      })),
    });
  }
  return n;
}

/** The sweep the worker runs: every active province, each in its own `withTenant`. Returns the notices written. */
export async function remindOverdueReports(opts: { db: Database; now?: Date; tenantIds?: readonly string[] }): Promise<number> {
  const today = chinaDay(opts.now);
  const ids = opts.tenantIds ?? (await opts.db.listTenants()).filter((t) => t.status === "active").map((t) => t.id);
  let n = 0;
  for (const tenantId of ids) n += await opts.db.withTenant(tenantId, (tx) => remindOverdueReportsOf(tx, tenantId, today));
  return n;
}
