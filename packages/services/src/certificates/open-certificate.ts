import type { Readable } from "node:stream";
import { AppError } from "@yanxiu/domain/errors";
import { can } from "@yanxiu/domain/permissions";
import type { Database } from "@yanxiu/db/client";
import type { FileStore } from "../platform/files.ts";
import type { TActor } from "../org/scope.ts";
import { loadCertificate, ZCertificateId } from "./common.ts";

export type TCertificateFile = { stream: Readable; size: number; number: string; title: string };

/**
 * A certificate's PDF for its teacher, or for an admin whose scope holds the teacher's school. Anyone
 * else, an unknown id or a revoked award: notFound. Not rendered yet: `conflict` (the page says to wait).
 */
export async function openCertificateFile(opts: { db: Database; files: FileStore; actor: TActor; certificateId: string }): Promise<TCertificateFile> {
  const { actor } = opts;
  const parsed = ZCertificateId.safeParse(opts.certificateId);
  if (!parsed.success) throw new AppError("notFound", `certificate ${opts.certificateId}`);
  const row = await opts.db.withTenant(actor.tenantId, (tx) => loadCertificate(tx, { id: parsed.data }));
  const allowed = row && (row.teacherId === actor.actorId || (row.orgPath !== null && can(actor.grants, "people.view", row.orgPath)));
  if (!row || !allowed || row.reversed) throw new AppError("notFound", `certificate ${opts.certificateId}`);
  if (row.status !== "issued" || !row.fileKey) throw new AppError("conflict", "certificate not rendered yet");
  const size = await opts.files.size(row.fileKey);
  return { stream: opts.files.read(row.fileKey), size, number: row.number, title: row.title };
}
