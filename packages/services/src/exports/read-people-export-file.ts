import type { Readable } from "node:stream";
import { AppError } from "@yanxiu/domain/errors";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import type { FileStore } from "../platform/files.ts";
import { getPeopleExport } from "./people-export.ts";

/** The written .xlsx of an export the actor may see; notFound until the worker has written it. */
export async function readPeopleExportFile(opts: { db: Database; files: FileStore; actor: TActor; id: string }): Promise<Readable> {
  const exp = await getPeopleExport(opts);
  if (!exp.fileKey) throw new AppError("notFound", "export not written yet");
  return opts.files.read(exp.fileKey);
}
