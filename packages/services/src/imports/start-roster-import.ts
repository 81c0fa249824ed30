import { randomUUID } from "node:crypto";
import { AppError } from "@yanxiu/domain/errors";
import { rosterImportJob } from "@yanxiu/domain/jobs";
import { isAdministrator } from "@yanxiu/domain/permissions";
import { rosterLimits } from "@yanxiu/domain/roster";
import { appendAudit } from "../audit/append.ts";
import type { Database } from "@yanxiu/db/client";
import { fileKey, type FileStore } from "../platform/files.ts";
import type { TActor } from "../org/scope.ts";
import type { Producer } from "../platform/queue.ts";
import { rosterImport } from "@yanxiu/db/schema";

/** What kind of spreadsheet the bytes are, by content, not by the name the browser sent. */
export function sniffSpreadsheet(fileName: string, body: Buffer): "xlsx" | "csv" {
  const isZip = body.length > 4 && body[0] === 0x50 && body[1] === 0x4b && body[2] === 0x03 && body[3] === 0x04;
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".xlsx")) {
    if (!isZip) throw new AppError("badRequest", "notSpreadsheet");
    return "xlsx";
  }
  if (lower.endsWith(".csv")) {
    if (isZip || body.subarray(0, 4096).includes(0)) throw new AppError("badRequest", "notSpreadsheet");
    return "csv";
  }
  throw new AppError("badRequest", "notSpreadsheet");
}

/** Stores the upload, records the import and queues the job that runs it. Returns the import's id. */
export async function startRosterImport(opts: {
  db: Database;
  files: FileStore;
  producer: Producer;
  actor: TActor;
  fileName: string;
  body: Buffer;
}): Promise<{ id: string }> {
  const { actor } = opts;
  if (!isAdministrator(actor.grants)) throw new AppError("notFound", "not an administrator");
  if (opts.body.length === 0) throw new AppError("badRequest", "emptyFile");
  if (opts.body.length > rosterLimits.maxFileBytes) throw new AppError("payloadTooLarge", "fileTooLarge");
  const kind = sniffSpreadsheet(opts.fileName, opts.body);
  const id = randomUUID();
  const key = fileKey(actor.tenantId, "imports", id, kind);
  await opts.files.put(key, opts.body);
  await opts.db.withTenant(actor.tenantId, async (tx) => {
    await tx.insert(rosterImport).values({ tenantId: actor.tenantId, id, actorId: actor.actorId, fileName: opts.fileName.slice(0, 200), fileKey: key });
    await appendAudit(tx, actor, { action: "roster.import", target: `rosterImport:${id}`, data: { fileName: opts.fileName.slice(0, 200), bytes: opts.body.length } });
  });
  await opts.producer.add(rosterImportJob, { v: 1, tenantId: actor.tenantId, actorId: actor.actorId, importId: id }, { jobId: id, attempts: 3 });
  return { id };
}
