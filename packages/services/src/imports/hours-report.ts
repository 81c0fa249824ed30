import type { Readable } from "node:stream";
import { AppError } from "@yanxiu/domain/errors";
import { hoursImportColumns, hoursTemplateExample } from "@yanxiu/domain/hours-import";
import type { Database } from "@yanxiu/db/client";
import type { TActor } from "../org/scope.ts";
import type { FileStore } from "../platform/files.ts";
import { xlsxBytes } from "../platform/xlsx/xlsx.ts";
import { getHoursImport } from "./get-hours-import.ts";

/** The per-row report (.xlsx) of a 学时 import the actor may see, with the name it downloads under. */
export async function readHoursImportReport(opts: { db: Database; files: FileStore; actor: TActor; id: string }): Promise<{ stream: Readable; fileName: string }> {
  const imp = await getHoursImport(opts);
  if (!imp.reportKey) throw new AppError("notFound", "no report");
  return { stream: opts.files.read(imp.reportKey), fileName: `学时导入结果-${imp.fileName.replace(/\.(xlsx|csv)$/i, "")}.xlsx` };
}

let template: Promise<Buffer> | undefined;

/** The 学时 import template (.xlsx): the Chinese headers and one example row (an import skips it). */
export function hoursTemplate(): Promise<Buffer> {
  template ??= xlsxBytes([{ name: "学时导入", headers: hoursImportColumns.map((c) => c.header), rows: [hoursImportColumns.map((c) => hoursTemplateExample[c.key])] }]);
  return template;
}
