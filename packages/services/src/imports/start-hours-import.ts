import { randomUUID } from "node:crypto";
import { AppError } from "@yanxiu/domain/errors";
import { hoursImportLimits } from "@yanxiu/domain/hours-import";
import { hoursImportJob } from "@yanxiu/domain/jobs";
import { isAdministrator } from "@yanxiu/domain/permissions";
import { hoursImport, storedFile } from "@yanxiu/db/schema";
import type { Database } from "@yanxiu/db/client";
import { appendAudit } from "../audit/append.ts";
import { fileKey, type FileStore } from "../platform/files.ts";
import type { TActor } from "../org/scope.ts";
import type { Producer } from "../platform/queue.ts";
import { sniffSpreadsheet } from "./start-roster-import.ts";

const mimeOf = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv" } as const;

/**
 * Stores another platform's list of 学时, records it as a stored file (the awards' evidence) and as an import,
 * and queues the job that checks and writes it (decision 029). Returns the import's id.
 */
export async function startHoursImport(opts: { db: Database; files: FileStore; producer: Producer; actor: TActor; fileName: string; body: Buffer }): Promise<{ id: string }> {
  const { actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "not an administrator");
  if (opts.body.length === 0) throw new AppError("badRequest", "emptyFile");
  if (opts.body.length > hoursImportLimits.maxFileBytes) throw new AppError("payloadTooLarge", "fileTooLarge");
  const kind = sniffSpreadsheet(opts.fileName, opts.body);
  const id = randomUUID();
  const key = fileKey(actor.tenantId, "hoursimports", id, kind);
  // eslint-disable-next-line no-control-regex -- a name with control characters (a NUL) is cleaned, not stored
  const fileName = opts.fileName.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200) || `import.${kind}`;
  await opts.files.put(key, opts.body);
  await opts.db.withTenant(actor.tenantId, async (tx) => {
    await tx.insert(storedFile).values({ tenantId: actor.tenantId, id, ownerId: actor.actorId, purpose: "hoursImport", mime: mimeOf[kind], key, size: opts.body.length, originalName: fileName });
    await tx.insert(hoursImport).values({ tenantId: actor.tenantId, id, actorId: actor.actorId, fileName, fileKey: key, fileId: id });
    await appendAudit(tx, actor, { action: "credits.hoursImport", target: `hoursImport:${id}`, data: { fileName, bytes: opts.body.length } });
  });
  await opts.producer.add(hoursImportJob, { v: 1, tenantId: actor.tenantId, actorId: actor.actorId, importId: id }, { jobId: `hours-${id}`, attempts: 3 });
  return { id };
}
