import { and, eq } from "drizzle-orm";
import type { Tx } from "@yanxiu/db/client";
import { nomination, orgUnit, teacherProfile, tenant } from "@yanxiu/db/schema";
import type { TAuditBy } from "../audit/append.ts";
import { sendFederationMessage } from "./send.ts";

type TMirror = { id: string; nationalTenantId: string | null; nationalProjectId: string | null };

/**
 * Province side of a national project: when a nomination in the province's mirror reaches 入选 (approved) or
 * is withdrawn (退出培训), the national project is told in the same transaction. The message carries only
 * what the national side needs: name, school, subject, the home province and an opaque reference (the
 * nomination's id — a row of this province's, which no other tenant can resolve or query). The person's id,
 * phone and ID number stay here. Returns the message ids to enqueue after the commit (none for a province project).
 */
export async function nomineeMessagesFor(tx: Tx, by: TAuditBy, project: TMirror, nominationId: string, change: "approved" | "withdrawn", reason = ""): Promise<string[]> {
  if (!project.nationalProjectId || !project.nationalTenantId) return [];
  if (change === "withdrawn") {
    const id = await sendFederationMessage(tx, by, project.nationalTenantId, { kind: "nomineeWithdrawn", v: 1, projectId: project.nationalProjectId, ref: nominationId, reason: reason.slice(0, 200) }, { subjectRef: project.nationalProjectId });
    return [id];
  }
  const [row] = await tx
    .select({ name: teacherProfile.name, subjects: teacherProfile.subjects, school: orgUnit.name })
    .from(nomination)
    .innerJoin(teacherProfile, and(eq(teacherProfile.tenantId, nomination.tenantId), eq(teacherProfile.userId, nomination.teacherId)))
    .innerJoin(orgUnit, and(eq(orgUnit.tenantId, teacherProfile.tenantId), eq(orgUnit.id, teacherProfile.schoolId)))
    .where(eq(nomination.id, nominationId))
    .limit(1);
  const [home] = await tx.select({ name: tenant.name }).from(tenant).where(eq(tenant.id, by.tenantId)).limit(1);
  if (!row || !home) return [];
  const id = await sendFederationMessage(
    tx,
    by,
    project.nationalTenantId,
    { kind: "nomineeApproved", v: 1, projectId: project.nationalProjectId, ref: nominationId, name: row.name, school: row.school, subject: row.subjects[0] ?? "", homeProvince: home.name },
    { subjectRef: project.nationalProjectId },
  );
  return [id];
}
