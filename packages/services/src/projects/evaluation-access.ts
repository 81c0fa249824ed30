import { and, eq, sql } from "drizzle-orm";
import { AppError } from "@yanxiu/domain/errors";
import type { Tx } from "@yanxiu/db/client";
import { nomination, orgUnit, projectBrief, projectReport, trainingProject, type storedFile } from "@yanxiu/db/schema";
import type { TActor } from "../org/scope.ts";
import { tenantEq } from "../common/tenant-join.ts";
import { managesProject, seesProject, type TProjectContext } from "./common.ts";

/**
 * Who reads a project's briefs and answers its questionnaires: the admins who see the project (decision 020)
 * and its trainees — a teacher whose nomination is `approved` (a withdrawn or returned one is not a trainee).
 */
export type TReaderContext = TProjectContext & { trainee: boolean };

export async function isTrainee(tx: Tx, userId: string, projectId: string): Promise<boolean> {
  const rows = await tx
    .select({ one: sql<number>`1` })
    .from(nomination)
    .where(and(eq(nomination.projectId, projectId), eq(nomination.teacherId, userId), eq(nomination.state, "approved")))
    .limit(1);
  return rows.length > 0;
}

/** The project for a reader (an admin who sees it or a trainee); anything else is notFound. */
export async function loadProjectForReader(tx: Tx, actor: TActor, projectId: string): Promise<TReaderContext> {
  const [row] = await tx
    .select({ project: trainingProject, ownerPath: orgUnit.path, ownerName: orgUnit.name })
    .from(trainingProject)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, trainingProject.ownerUnitId))
    .where(eq(trainingProject.id, projectId))
    .limit(1);
  if (!row) throw new AppError("notFound", `project ${projectId}`);
  const trainee = row.project.state !== "draft" && row.project.state !== "pendingApproval" && (await isTrainee(tx, actor.actorId, projectId));
  if (!trainee && !seesProject(actor.grants, row.ownerPath, row.project.state)) throw new AppError("notFound", `project ${projectId}`);
  return { ...row, manages: managesProject(actor.grants, row.ownerPath), trainee };
}

/**
 * The file access rule for the two project purposes (called by media's mayRead): a brief's image is read by
 * whoever reads a brief naming it; a report file by the admins who see its project.
 */
export async function mayReadProjectFile(tx: Tx, actor: TActor, f: typeof storedFile.$inferSelect): Promise<boolean> {
  if (f.purpose === "projectBrief") {
    const briefs = await tx
      .select({ projectId: projectBrief.projectId })
      .from(projectBrief)
      .where(sql`${f.id}::uuid = any(${projectBrief.imageIds})`)
      .limit(20);
    for (const b of briefs) {
      const ok = await loadProjectForReader(tx, actor, b.projectId).then(
        () => true,
        () => false,
      );
      if (ok) return true;
    }
    return false;
  }
  if (f.purpose === "projectReport") {
    const reports = await tx
      .select({ state: trainingProject.state, ownerPath: orgUnit.path })
      .from(projectReport)
      .innerJoin(trainingProject, tenantEq(trainingProject.id, projectReport.projectId))
      .innerJoin(orgUnit, tenantEq(orgUnit.id, trainingProject.ownerUnitId))
      .where(eq(projectReport.fileId, f.id));
    return reports.some((r) => seesProject(actor.grants, r.ownerPath, r.state));
  }
  return false;
}
