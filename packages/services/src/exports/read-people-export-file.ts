import type { Readable } from "node:stream";
import { AppError } from "@yanxiu/domain/errors";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import type { FileStore } from "../platform/files.ts";
import { getPeopleExport } from "./people-export.ts";

const fileNames: Record<string, string> = { teachers: "教师名单.xlsx", staff: "账号名单.xlsx", creditStatus: "周期学时.xlsx", auditLog: "审计日志.xlsx" };

/**
 * The written .xlsx of an export the actor may see, with the name to download it under (by the list it is of);
 * notFound until the worker has written it.
 */
export async function readPeopleExportFile(opts: { db: Database; files: FileStore; actor: TActor; id: string }): Promise<{ stream: Readable; fileName: string }> {
  const exp = await getPeopleExport(opts);
  if (!exp.fileKey) throw new AppError("notFound", "export not written yet");
  const list = (exp.query as { list?: string }).list ?? "teachers";
  return { stream: opts.files.read(exp.fileKey), fileName: fileNames[list] ?? fileNames.teachers! };
}
