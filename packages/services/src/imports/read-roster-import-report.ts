import type { Readable } from "node:stream";
import { AppError } from "@yanxiu/domain/errors";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import type { FileStore } from "../platform/files.ts";
import { getRosterImport } from "./get-roster-import.ts";

/** The rejected-rows report (.xlsx) of an import the actor may see, with the name it downloads under. */
export async function readRosterImportReport(opts: { db: Database; files: FileStore; actor: TActor; id: string }): Promise<{ stream: Readable; fileName: string }> {
  const imp = await getRosterImport(opts);
  if (!imp.reportKey) throw new AppError("notFound", "no report");
  return { stream: opts.files.read(imp.reportKey), fileName: `导入失败行-${imp.fileName.replace(/\.(xlsx|csv)$/i, "")}.xlsx` };
}
