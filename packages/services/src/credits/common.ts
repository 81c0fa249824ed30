import { desc, eq, inArray } from "drizzle-orm";
import { parseEvidence, type TAwardCategory, type TAwardSource, type TOrganiserLevel } from "@yanxiu/domain/credits";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import type { Tx } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import { certificate, courseUnit, courseVersion, creditAward, externalAwardRequest, orgUnit, storedFile, teacherProfile } from "@yanxiu/db/schema";
import { tenantEq } from "../common/tenant-join.ts";

/**
 * What the credit services share: finding a teacher the actor administers, and the ledger as people
 * read it (each row's evidence resolved to titles and links).
 */

export const isProvinceAdmin = (actor: TActor) => actor.grants.some((g) => g.role === "provinceAdmin");

/**
 * The teacher's profile if the actor may edit people where the teacher works (a province admin, or an
 * org admin above the teacher's school); anything else is notFound, as if the teacher did not exist.
 */
export async function loadTeacherInScope(tx: Tx, actor: TActor, teacherId: string) {
  const [row] = await tx
    .select({ userId: teacherProfile.userId, name: teacherProfile.name, teacherNo: teacherProfile.teacherNo, orgPath: teacherProfile.orgPath, schoolName: orgUnit.name })
    .from(teacherProfile)
    .innerJoin(orgUnit, tenantEq(orgUnit.id, teacherProfile.schoolId))
    .where(eq(teacherProfile.userId, teacherId))
    .limit(1);
  if (!row || !can(actor.grants, "people.edit", row.orgPath)) throw new AppError("notFound", `teacher ${teacherId}`);
  return row;
}

/** One piece of evidence as a person reads it: its kind (for the label), a title, and a link when it has one. */
export type TEvidenceView = { kind: "course" | "unit" | "checkIn" | "attendance" | "file" | "request" | "award" | "project"; title: string | null; href: string | null };

export type TLedgerRow = {
  id: string;
  title: string;
  hours: number;
  category: TAwardCategory;
  organiserLevel: TOrganiserLevel;
  role: string;
  countsFor: string;
  source: TAwardSource;
  sourceRef: string;
  reversesAwardId: string | null;
  reason: string | null;
  /** A certified fixed-point item (decision 032): its kind; the scheme gives its value. */
  fixedPoint: string | null;
  /** 学分 an imported list stated (decision 039); a 学分 scheme counts them as stated. */
  statedCredits: number | null;
  createdAt: Date;
  /** For an award: the reversal that cancelled it, if any. */
  reversedBy: { id: string; reason: string | null; at: Date } | null;
  evidence: TEvidenceView[];
};

/** A teacher's ledger, newest first, with evidence resolved (course and unit titles, request titles, proof links). */
export async function readableLedger(tx: Tx, teacherId: string): Promise<TLedgerRow[]> {
  const rows = await tx
    .select()
    .from(creditAward)
    .where(eq(creditAward.teacherId, teacherId))
    .orderBy(desc(creditAward.countsFor), desc(creditAward.createdAt), desc(creditAward.id));
  const items = rows.map((r) => ({ row: r, evidence: parseEvidence(r.evidence) }));
  const all = items.flatMap((i) => i.evidence);

  const courseIds = new Set<string>();
  const unitIds = new Set<string>();
  const fileIds = new Set<string>();
  const requestIds = new Set<string>();
  for (const e of all) {
    if (e.kind === "course") courseIds.add(e.courseId);
    else if (e.kind === "unit" || e.kind === "checkIn" || e.kind === "attendance") unitIds.add(e.unitId);
    else if (e.kind === "units") e.unitIds.forEach((u) => unitIds.add(u));
    else if (e.kind === "file") fileIds.add(e.fileId);
    else if (e.kind === "request") requestIds.add(e.requestId);
  }
  const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  for (const r of rows) {
    if (r.source === "external" && uuidShape.test(r.sourceRef)) requestIds.add(r.sourceRef);
    // A course completion's source_ref is the course: show it even when the evidence lists only units.
    if (r.source === "courseCompletion" && uuidShape.test(r.sourceRef)) courseIds.add(r.sourceRef);
  }

  const versions = courseIds.size
    ? await tx
        .select({ id: courseVersion.id, courseId: courseVersion.courseId, title: courseVersion.title, number: courseVersion.number })
        .from(courseVersion)
        .where(inArray(courseVersion.courseId, [...courseIds]))
        .orderBy(desc(courseVersion.number))
    : [];
  const units = unitIds.size
    ? await tx.select({ id: courseUnit.id, versionId: courseUnit.versionId, title: courseUnit.title }).from(courseUnit).where(inArray(courseUnit.id, [...unitIds]))
    : [];
  const files = fileIds.size
    ? await tx.select({ id: storedFile.id, name: storedFile.originalName, purpose: storedFile.purpose }).from(storedFile).where(inArray(storedFile.id, [...fileIds]))
    : [];
  const requests = requestIds.size
    ? await tx
        .select({ id: externalAwardRequest.id, title: externalAwardRequest.title, proofFileId: externalAwardRequest.proofFileId })
        .from(externalAwardRequest)
        .where(inArray(externalAwardRequest.id, [...requestIds]))
    : [];

  const courseTitle = (courseId: string, versionId?: string) =>
    (versionId && versions.find((v) => v.id === versionId)?.title) || versions.find((v) => v.courseId === courseId)?.title || null;
  const unitTitle = (unitId: string, versionId?: string) =>
    (versionId && units.find((u) => u.id === unitId && u.versionId === versionId)?.title) || units.find((u) => u.id === unitId)?.title || null;
  const fileLink = (id: string) => `/files/${id}`;

  const reversals = new Map(rows.filter((r) => r.source === "reversal" && r.reversesAwardId).map((r) => [r.reversesAwardId!, r]));

  return items.map(({ row, evidence }) => {
    const views: TEvidenceView[] = [];
    for (const e of evidence) {
      switch (e.kind) {
        case "course":
          views.push({ kind: "course", title: courseTitle(e.courseId, e.versionId), href: `/courses/${e.courseId}` });
          break;
        case "unit":
        case "checkIn":
        case "attendance":
          views.push({ kind: e.kind, title: unitTitle(e.unitId, e.versionId), href: null });
          break;
        case "units":
          for (const u of e.unitIds) views.push({ kind: "unit", title: unitTitle(u, e.versionId), href: null });
          break;
        case "file": {
          // A bulk import's list holds many teachers' rows: named, not linked (decision 029).
          const f = files.find((x) => x.id === e.fileId);
          views.push({ kind: "file", title: f?.name ?? null, href: f?.purpose === "hoursImport" ? null : fileLink(e.fileId) });
          break;
        }
        case "request":
          views.push({ kind: "request", title: requests.find((q) => q.id === e.requestId)?.title ?? null, href: null });
          break;
        case "award":
          views.push({ kind: "award", title: rows.find((r) => r.id === e.awardId)?.title ?? null, href: null });
          break;
        case "project":
          views.push({ kind: "project", title: e.attendedDays === undefined ? row.title : `${row.title}（出勤 ${e.attendedDays} 天）`, href: null });
          break;
      }
    }
    if (row.source === "courseCompletion" && !evidence.some((e) => e.kind === "course")) {
      const title = courseTitle(row.sourceRef);
      if (title) views.unshift({ kind: "course", title, href: `/courses/${row.sourceRef}` });
    }
    if (row.source === "external" && !evidence.some((e) => e.kind === "request")) {
      const q = requests.find((q) => q.id === row.sourceRef);
      if (q) views.unshift({ kind: "request", title: q.title, href: null });
      if (q?.proofFileId && !evidence.some((e) => e.kind === "file")) views.push({ kind: "file", title: files.find((f) => f.id === q.proofFileId)?.name ?? null, href: fileLink(q.proofFileId) });
    }
    const rev = reversals.get(row.id);
    return {
      id: row.id,
      title: row.title,
      hours: Number(row.hours),
      category: row.category,
      organiserLevel: row.organiserLevel,
      role: row.role,
      countsFor: row.countsFor,
      source: row.source,
      sourceRef: row.sourceRef,
      reversesAwardId: row.reversesAwardId,
      reason: row.reason,
      fixedPoint: row.fixedPoint,
      statedCredits: row.statedCredits == null ? null : Number(row.statedCredits),
      createdAt: row.createdAt,
      reversedBy: rev ? { id: rev.id, reason: rev.reason, at: rev.createdAt } : null,
      evidence: views,
    };
  });
}

export type TCertificateView = { id: string; number: string; verifyCode: string; status: "pending" | "issued"; title: string; awardId: string; issuedAt: Date | null; reversed: boolean };

/** The teacher's certificates with the title of the award each is for. */
export async function certificatesOf(tx: Tx, teacherId: string, ledger: readonly TLedgerRow[]): Promise<TCertificateView[]> {
  const rows = await tx
    .select({ id: certificate.id, number: certificate.number, verifyCode: certificate.verifyCode, status: certificate.status, awardId: certificate.awardId, issuedAt: certificate.issuedAt, title: creditAward.title })
    .from(certificate)
    .innerJoin(creditAward, tenantEq(creditAward.id, certificate.awardId))
    .where(eq(certificate.teacherId, teacherId))
    .orderBy(desc(certificate.createdAt));
  return rows.map((r) => ({ ...r, reversed: ledger.some((l) => l.id === r.awardId && l.reversedBy != null) }));
}
